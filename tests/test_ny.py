"""`tb ny mål`, `tb ny post` og `tb ny kapittel` (issue 14), og det de har felles med
`tb ny oppdrag` og `tb ny styringsparameter`: året er det nyeste brevet når --år ikke er gitt,
neste ledige nummer, skjemalinja først, fila validerer slik `tb check` leser den, et år uten
brev, et kapittel som ikke finnes og et nummer som finnes nektes (kode 2, ingenting skrevet),
aldri gjennom en symbolsk lenke i data-mappa, og `tb check` melder etterpå det som må fylles
inn: en post uten tildeling (TB601), et mål uten tekst (TB602), et kapittel uten poster (TB404).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from casekit import PUBLISHED, over_tid, tb_in_process
from tildelingsbrev.model import Kapittel, Mål, Oppdrag, Post
from tildelingsbrev.norsk import format_kroner
from tildelingsbrev.pipeline import check, load_document
from tildelingsbrev.schema import modeline

tb = tb_in_process


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    """Det publiserte brevet for 2024 i tmp/data, med tmp som arbeidsmappe."""
    shutil.copytree(PUBLISHED, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


@pytest.fixture
def tid(tmp_path: Path, monkeypatch) -> Path:
    """Scenariet over_tid (brevene for 2024 og 2025) i tmp/data, med tmp som arbeidsmappe."""
    over_tid(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def files(root: Path) -> dict[str, bytes]:
    """Alle filene under `root` med innholdet (for «ingenting skrevet»)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def findings(root: Path) -> set[tuple[str, str]]:
    """De aktive funnene i `tb check` som (kode, fil relativt til data-mappa)."""
    out = set()
    for f in check(root).active:
        try:
            rel = str(Path(f.location.file).resolve().relative_to(root.resolve()))
        except ValueError:
            rel = str(f.location.file)
        out.add((f.code, rel))
    return out


def messages(root: Path, code: str) -> list[str]:
    return [f.message for f in check(root).active if f.code == code]


def validates(path: Path, model: type, root: Path) -> None:
    """Fila leses uten funn slik `tb check` leser den (skjemaet og modellen)."""
    doc, found = load_document(path, path.read_bytes(), model, str(path.relative_to(root)))
    assert found == [] and doc is not None, [f.message for f in found]


# ---------------------------------------------------------------- tb ny mål


def test_ny_mål_skriver_neste_nummer_og_check_melder_teksten_som_mangler(data: Path) -> None:
    before = findings(data)
    res = tb("ny", "mål", "--tittel", "Tolking av  god kvalitet")
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/mål/2024/mål-7.yaml (mål 7)\n"
    assert "teksten under målet er tom" in res.stderr and "ikke gjennomgått (TB602)" in res.stderr
    path = data / "mål" / "2024" / "mål-7.yaml"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/mål.schema.json\n"
        "år: 2024\n"
        "nr: 7\n"
        "tittel: Tolking av god kvalitet\n"
        'tekst: ""\n'
        "gjennomgått: false  # skriv teksten under målet i `tekst`, og fjern så denne linja\n"
    )
    validates(path, Mål, data)
    assert findings(data) - before == {("TB602", "mål/2024/mål-7.yaml")}
    # brukeren skriver teksten og fjerner linja: funnet er borte
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace(
            'tekst: ""', "tekst: |\n  Tolking av god kvalitet er en forutsetning for likeverdige tjenester."
        )
        .replace("gjennomgått: false  # skriv teksten under målet i `tekst`, og fjern så denne linja\n", ""),
        encoding="utf-8",
    )
    assert findings(data) == before


def test_ny_mål_med_tekst_og_mål_nummer_som_bare_står_i_fila(data: Path) -> None:
    # et mål i en fil med et annet navn: nummeret i fila teller også
    (data / "mål" / "2024" / "mål-sju.yaml").write_text(
        "år: 2024\nnr: 7\ntittel: Sju\ntekst: Sju.\n", encoding="utf-8"
    )
    before = findings(data)
    res = tb("ny", "maal", "--tittel", "Åtte", "--tekst", "Første avsnitt.\n\nAndre avsnitt.")
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/mål/2024/mål-8.yaml (mål 8)\n"
    assert res.stderr == ""
    path = data / "mål" / "2024" / "mål-8.yaml"
    assert path.read_text(encoding="utf-8").endswith("tekst: |-\n  Første avsnitt.\n\n  Andre avsnitt.\n")
    validates(path, Mål, data)
    assert findings(data) == before
    res = tb("ny", "mål", "--tittel", "Sju igjen", "--nr", "7")
    assert res.exit_code == 2
    assert res.stderr == (
        "tb: mål 7 finnes fra før for 2024 (data/mål/2024/mål-sju.yaml); velg et annet --nr\n"
    )


def test_ny_mål_i_brevet_som_forberedes_begynner_på_1_og_sier_at_brevet_mangler(data: Path) -> None:
    before = findings(data)
    res = tb("ny", "mål", "--år", "2025", "--tittel", "Flere innvandrere i arbeid", "--tekst", "T.")
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/mål/2025/mål-1.yaml (mål 1)\n"
    assert "brevet for 2025 finnes ikke ennå" in res.stderr and "(TB007)" in res.stderr
    assert findings(data) - before == {("TB007", "mål/2025/mål-1.yaml")}


# ---------------------------------------------------------------- tb ny post


def test_ny_post_uten_tildeling_er_ikke_utfylt_til_den_er_fylt_inn(tid: Path) -> None:
    before = findings(tid)
    res = tb(
        "ny", "post", "670.21", "--betegnelse", "Spesielle driftsutgifter", "--stikkord", "kan overføres"
    )
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/budsjett/2025/670-21.yaml (post 670.21)\n"  # det nyeste brevet
    assert "tildelingen er ikke utfylt" in res.stderr and "(TB601)" in res.stderr
    assert "kap. 670 har en trykt sum" in res.stderr and "(TB201)" in res.stderr
    path = tid / "budsjett" / "2025" / "670-21.yaml"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/post.schema.json\n"
        "år: 2025\n"
        "kapittel: 670\n"
        "post: 21\n"
        "betegnelse: Spesielle driftsutgifter\n"
        "stikkord: [kan overføres]\n"
        "tildeling: null  # ikke utfylt: tildelingen i hele kroner\n"
    )
    validates(path, Post, tid)
    assert findings(tid) - before == {("TB601", "budsjett/2025/670-21.yaml")}
    # aldri 0 i stillhet: tildelingen er ikke med i summen før den er fylt inn
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tildeling: null", "tildeling: 5000000"), encoding="utf-8")
    assert findings(tid) - before == {("TB201", "budsjett/2025/kap-670.yaml")}
    assert any(format_kroner(395_000_000) in m for m in messages(tid, "TB201"))


def test_ny_post_med_tildeling(tid: Path) -> None:
    before = findings(tid)
    res = tb("ny", "post", "670.45", "--aar", "2025", "--betegnelse", "Større utstyrsanskaffelser og vedlikehold",
             "--tildeling", "1,5 mill. kroner")  # fmt: skip
    assert res.exit_code == 0, res.output
    path = tid / "budsjett" / "2025" / "670-45.yaml"
    assert path.read_text(encoding="utf-8").endswith("tildeling: 1500000  # «1 500 000»\n")
    validates(path, Post, tid)
    assert "ikke utfylt" not in res.stderr
    assert findings(tid) - before == {("TB201", "budsjett/2025/kap-670.yaml")}  # den trykte summen


# ---------------------------------------------------------------- tb ny kapittel


def test_ny_kapittel_og_så_posten(tid: Path) -> None:
    before = findings(tid)
    res = tb("ny", "kapittel", "671", "--navn", "Bosetting av flyktninger og tiltak for innvandrere")
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/budsjett/2025/kap-671.yaml (kap. 671)\n"
    assert "kap. 671 har ingen poster ennå" in res.stderr and "TB404" in res.stderr
    path = tid / "budsjett" / "2025" / "kap-671.yaml"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/kapittel.schema.json\n"
        "år: 2025\n"
        "kapittel: 671\n"
        "navn: Bosetting av flyktninger og tiltak for innvandrere\n"
    )
    validates(path, Kapittel, tid)
    assert findings(tid) - before == {("TB404", "budsjett/2025/kap-671.yaml")}
    assert messages(tid, "TB404") == ["kap. 671 har ingen poster"]
    # posten i det nye kapitlet: kapitlet har poster, tildelingen mangler
    res = tb("ny", "post", "671.62", "--betegnelse", "Kommunale integreringstiltak")
    assert res.exit_code == 0, res.output
    assert "trykt sum" not in res.stderr  # kapitlet har ingen
    assert findings(tid) - before == {("TB601", "budsjett/2025/671-62.yaml")}


# ---------------------------------------------------------------- det som nektes

NEKTET = [
    # (argumenter, meldingen, om --tving slipper det gjennom)
    (
        ["ny", "mål", "--år", "2027", "--tittel", "T"],
        "tb: det finnes ikke noe brev for 2027 (brev/2027/brev.yaml); data har brev for 2024, 2025; "
        "bruk --tving for å lage fila likevel\n",
        True,
    ),
    (
        ["ny", "post", "670.21", "--år", "2023", "--betegnelse", "T"],
        "tb: det finnes ikke noe brev for 2023 (brev/2023/brev.yaml); data har brev for 2024, 2025; "
        "bruk --tving for å lage fila likevel\n",
        True,  # --tving slipper gjennom både året og kapitlet
    ),
    (
        ["ny", "kapittel", "675", "--år", "2027", "--navn", "T"],
        "tb: det finnes ikke noe brev for 2027 (brev/2027/brev.yaml); data har brev for 2024, 2025; "
        "bruk --tving for å lage fila likevel\n",
        True,
    ),
    (
        ["ny", "post", "675.21", "--betegnelse", "T"],
        "tb: kap. 675 finnes ikke for 2025 (budsjett/2025/kap-675.yaml); kapitlene for 2025: 670; "
        "lag det med `tb ny kapittel 675`; bruk --tving for å lage fila likevel\n",
        True,
    ),
    (
        ["ny", "post", "670.21", "--betegnelse", "T", "--stikkord", "kan overføes"],
        "tb: «kan overføes» er ikke et kjent stikkord; mente du «kan overføres»?; bruk --tving for å lage "
        "fila likevel\n",
        True,
    ),
    (
        ["ny", "mål", "--tittel", "T", "--nr", "2"],
        "tb: mål 2 finnes fra før for 2025 (data/mål/2025/mål-2.yaml); velg et annet --nr\n",
        False,
    ),
    (
        ["ny", "post", "670.01", "--betegnelse", "T"],
        "tb: post 670.01 finnes fra før for 2025 (data/budsjett/2025/670-01.yaml)\n",
        False,
    ),
    (
        ["ny", "post", "670.1", "--betegnelse", "T"],
        "tb: post 670.01 finnes fra før for 2025 (data/budsjett/2025/670-01.yaml)\n",
        False,
    ),
    (
        ["ny", "kapittel", "670", "--navn", "T"],
        "tb: kap. 670 finnes fra før for 2025 (data/budsjett/2025/kap-670.yaml)\n",
        False,
    ),
    (
        ["ny", "kapittel", "601", "--år", "2024", "--navn", "T"],
        "tb: kap. 601 finnes fra før for 2024 (data/budsjett/2024/kap-601.yaml)\n",
        False,
    ),
    (
        ["ny", "post", "670", "--betegnelse", "T"],
        "tb: «670» er ikke en budsjettpost; skriv kapittel og post med punktum, for eksempel 671.62\n",
        False,
    ),
    (["ny", "post", "670.100", "--betegnelse", "T"], None, False),
    (["ny", "post", "670.00", "--betegnelse", "T"], "tb: postnummeret 0 er utenfor 1–99\n", False),
    (["ny", "kapittel", "seks", "--navn", "T"], None, False),
    (["ny", "kapittel", "0", "--navn", "T"], "tb: kapittelnummeret 0 er utenfor 1–9999\n", False),
    (["ny", "post", "670.21", "--betegnelse", "  "], "tb: --betegnelse er tom\n", False),
    (["ny", "post", "670.21", "--betegnelse", "T", "--tildeling", "mye"], None, False),
    (["ny", "post", "670.21", "--betegnelse", "T", "--tildeling", "12,5 øre"], None, False),
    (["ny", "post", "670.21", "--betegnelse", "T", "--tildeling", "-5"], None, False),
    (["ny", "kapittel", "675", "--navn", ""], "tb: --navn er tomt\n", False),
    (["ny", "mål", "--tittel", "\n"], "tb: --tittel er tom\n", False),
    (["ny", "mål", "--tittel", "T", "--nr", "100"], "tb: --nr 100 er utenfor 1–99\n", False),
    (["ny", "mål", "--tittel", "T", "--tekst", "Med \x1b[31mfarge"], None, False),
]


@pytest.mark.parametrize(
    ("args", "message", "tving"), NEKTET, ids=lambda v: " ".join(v) if isinstance(v, list) else ""
)
def test_ny_nekter_og_skriver_ingenting(tid: Path, args: list[str], message: str | None, tving: bool) -> None:
    before = files(tid)
    res = tb(*args)
    assert res.exit_code == 2, res.output
    assert res.stdout == ""
    assert res.stderr.startswith("tb: ") and res.stderr.count("\n") == 1, res.stderr
    if message is not None:
        assert res.stderr == message
    assert files(tid) == before
    res = tb(*args, "--tving")
    if tving:
        assert res.exit_code == 0, res.output
        assert len(files(tid)) == len(before) + 1
    else:
        assert res.exit_code == 2 and files(tid) == before


def test_ny_post_med_tving_i_et_kapittel_som_ikke_finnes_meldes_av_check(tid: Path) -> None:
    before = findings(tid)
    res = tb(
        "ny", "post", "675.21", "--betegnelse", "Spesielle driftsutgifter", "--tildeling", "100000", "--tving"
    )
    assert res.exit_code == 0, res.output
    assert "kap. 675 finnes ikke for 2025" in res.stderr and "(TB404)" in res.stderr
    assert findings(tid) - before == {("TB404", "budsjett/2025/675-21.yaml")}


def test_ny_post_med_ukjent_stikkord_og_tving_meldes_av_check(tid: Path) -> None:
    before = findings(tid)
    res = tb(
        "ny",
        "post",
        "670.21",
        "--betegnelse",
        "T",
        "--stikkord",
        "kan overføes",
        "--tildeling",
        "0",
        "--tving",
    )
    assert res.exit_code == 0, res.output
    assert "(TB402)" in res.stderr
    assert ("TB402", "budsjett/2025/670-21.yaml") in findings(tid) - before


def test_ny_post_i_et_kapittel_som_ikke_kan_leses(tid: Path) -> None:
    (tid / "budsjett" / "2025" / "kap-670.yaml").write_text("år: 2025\nkapittel: [\n", encoding="utf-8")
    res = tb("ny", "post", "670.21", "--betegnelse", "T")
    assert res.exit_code == 2
    assert res.stderr.startswith(
        "tb: kap. 670 for 2025 kan ikke leses (budsjett/2025/kap-670.yaml; `tb check` sier hvorfor)"
    )


# ---------------------------------------------------------------- året


def test_uten_år_gjelder_det_nyeste_brevet_også_for_oppdrag_og_styringsparametere(tid: Path) -> None:
    res = tb("ny", "oppdrag", "--mål", "2", "--tittel", "Kartlegge bruken av tolk", "--frist", "01.11.2025")
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/oppdrag/2025-07.yaml (2025-07)\n"
    res = tb("ny", "styringsparameter", "--mål", "1", "--tekst", "Andel i arbeid")
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/styringsparametere/2025/sp-04.yaml (SP 4)\n"


@pytest.mark.parametrize(
    "args",
    [
        ["mål", "--tittel", "T"],
        ["post", "601.21", "--betegnelse", "T"],
        ["kapittel", "601", "--navn", "T"],
        ["oppdrag", "--mål", "1", "--tittel", "T"],
    ],
)
def test_uten_brev_og_uten_år_sier_den_at_året_mangler(tmp_path: Path, monkeypatch, args: list[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    res = tb("ny", *args)
    assert res.exit_code == 2
    assert res.stderr == "tb: fant ikke noe brev i data (brev/ÅR/brev.yaml); gi året med --år\n"
    assert list((tmp_path / "data").iterdir()) == []


def test_i_en_tom_data_mappe_med_år(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    assert tb("ny", "kapittel", "671", "--år", "2025", "--navn", "Bosetting").exit_code == 0
    assert tb("ny", "post", "671.62", "--år", "2025", "--betegnelse", "Kommunale tiltak").exit_code == 0
    assert tb("ny", "mål", "--år", "2025", "--tittel", "Arbeid").exit_code == 0
    assert sorted(str(p.relative_to(tmp_path / "data")) for p in (tmp_path / "data").rglob("*.yaml")) == [
        "budsjett/2025/671-62.yaml",
        "budsjett/2025/kap-671.yaml",
        "mål/2025/mål-1.yaml",
    ]


# ---------------------------------------------------------------- lenker i data-mappa


@pytest.mark.parametrize(
    ("link", "args"),
    [
        ("budsjett/2025", ["ny", "kapittel", "675", "--navn", "T"]),
        ("budsjett", ["ny", "post", "670.21", "--betegnelse", "T"]),
        ("mål/2025", ["ny", "mål", "--tittel", "T"]),
        ("mål", ["ny", "mål", "--tittel", "T"]),
    ],
)
def test_ny_skriver_aldri_gjennom_en_lenke_i_data_mappa(tid: Path, link: str, args: list[str]) -> None:
    outside = tid.parent / "utenfor"
    target = tid / link
    shutil.copytree(target, outside)
    shutil.rmtree(target)
    target.symlink_to(outside, target_is_directory=True)
    before = files(outside)
    res = tb(*args)
    assert res.exit_code == 2, res.output
    assert res.stderr.startswith("tb: skriver ikke ") and "symbolsk lenke" in res.stderr, res.stderr
    assert files(outside) == before  # ingenting skrevet utenfor


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("budsjett/2025/670-21.yaml", ["ny", "post", "670.21", "--betegnelse", "T"]),
        ("budsjett/2025/kap-675.yaml", ["ny", "kapittel", "675", "--navn", "T"]),
        ("mål/2025/mål-4.yaml", ["ny", "mål", "--tittel", "T", "--nr", "4"]),
    ],
)
def test_ny_skriver_aldri_gjennom_en_lenke_der_fila_skal_stå(tid: Path, name: str, args: list[str]) -> None:
    outside = tid.parent / "utenfor.yaml"
    (tid / name).symlink_to(outside)
    res = tb(*args)
    assert res.exit_code == 2, res.output
    assert "finnes fra før" in res.stderr
    assert not outside.exists()


# ---------------------------------------------------------------- skjemalinja og hjelpen


def test_nye_filer_begynner_med_skjemalinja(tid: Path) -> None:
    tb("ny", "kapittel", "675", "--navn", "T")
    tb("ny", "post", "675.21", "--betegnelse", "T")
    tb("ny", "mål", "--tittel", "T")
    for rel in ("budsjett/2025/kap-675.yaml", "budsjett/2025/675-21.yaml", "mål/2025/mål-4.yaml"):
        path = tid / rel
        assert path.read_text(encoding="utf-8").splitlines()[0] == modeline(tid, path)


@pytest.mark.parametrize("kind", ["mål", "post", "kapittel"])
def test_hjelpen_er_norsk_med_eksempler(kind: str) -> None:
    res = tb("ny", kind, "--help")
    assert res.exit_code == 0
    out = res.stdout
    assert out.startswith(f"Bruk: tb ny {kind} [VALG]")
    assert "Eksempler:\n" in out and f"    tb ny {kind} " in out
    assert "--år <heltall>" in out and "Standard: det nyeste brevet i data." in out
    for english in ("Usage:", "Options:", "Arguments:", "[default:", "[required]", "Show this message"):
        assert english not in out
    assert f"  {kind} " in tb("ny", "--help").stdout


def test_ny_i_en_annen_prosess(tid: Path) -> None:
    """Hele veien som brukeren går: `tb` som program, kode og meldinger."""
    import subprocess

    exe = Path(sys.executable).parent / "tb"
    run = subprocess.run(
        [str(exe), "ny", "post", "670.21", "--betegnelse", "Spesielle driftsutgifter"],
        capture_output=True, text=True, cwd=tid.parent, timeout=120,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout == "skrev data/budsjett/2025/670-21.yaml (post 670.21)\n"
    run = subprocess.run([str(exe), "check"], capture_output=True, text=True, cwd=tid.parent, timeout=120)
    assert run.returncode == 1  # tildelingen som ikke er utfylt, er en feil
    assert "data/budsjett/2025/670-21.yaml" in run.stdout and "TB601" in run.stdout


# ---------------------------------------------------------------- andre mønstre for oppdragsnumre


@pytest.mark.parametrize(
    ("mønster", "fil", "nummer"),
    [("TB{år}-{nr}", "TB2030-3.yaml", "TB2030-3"), ("{nr}/{år}", "3-2030.yaml", "3/2030")],
)
def test_ny_oppdrag_følger_mønsteret_i_innstillingene(
    tmp_path: Path, monkeypatch, mønster: str, fil: str, nummer: str
) -> None:
    from test_oppdragsnummer import med_mønster

    root, _ = med_mønster(tmp_path / "data", mønster)
    monkeypatch.chdir(tmp_path)
    args = ("--år", "2030", "--mål", "1", "--tittel", "Kartlegge tolkebruk", "--frist", "01.11.2030")
    res = tb("ny", "oppdrag", *args)
    assert res.exit_code == 0, res.output
    path = root / "oppdrag" / fil
    assert path.is_file(), sorted(p.name for p in (root / "oppdrag").iterdir())
    doc, problems = load_document(path, path.read_bytes(), Oppdrag, fil)
    assert not problems and doc.model.id == nummer
    assert f"skrev data/oppdrag/{fil} ({nummer})" in res.output
    assert findings(root) == set()


def test_ny_oppdrag_hopper_over_numre_teksten_nevner_i_mønsteret(tmp_path: Path, monkeypatch) -> None:
    from test_oppdragsnummer import med_mønster

    root, _ = med_mønster(tmp_path / "data", "TB{år}-{nr}")
    prose = root / "brev" / "2030" / "tekst" / "01-innledning.md"
    prose.write_text(prose.read_text(encoding="utf-8") + "\nSe også oppdrag TB2030-7.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = tb("ny", "oppdrag", "--år", "2030", "--mål", "1", "--tittel", "Kartlegge tolkebruk")
    assert res.exit_code == 0, res.output
    assert (root / "oppdrag" / "TB2030-8.yaml").is_file()
    assert "TB2030-7 er nevnt i data uten egen oppdragsfil" in res.output


def test_ny_oppdrag_nekter_når_innstillingene_ikke_kan_leses(tmp_path: Path, monkeypatch) -> None:
    from test_oppdragsnummer import med_mønster

    root, _ = med_mønster(tmp_path / "data", "TB{år}-{nr}")
    (root / "innstillinger.yaml").write_text('oppdragsnummer: "TB{aar}-{nr}"\n', encoding="utf-8")
    before = files(root)
    monkeypatch.chdir(tmp_path)
    res = tb("ny", "oppdrag", "--år", "2030", "--mål", "1", "--tittel", "Kartlegge tolkebruk")
    assert res.exit_code == 2, res.output
    assert "innstillinger.yaml kan ikke leses" in res.output
    assert files(root) == before
