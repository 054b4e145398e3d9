"""`tb init` (issue 16, punkt 4): en tom mappe blir et repositorium der `tb check` bare melder
det brukeren må fylle inn, og der `tb render` lager brevet med de innebygde malene; et
repositorium med virksomheter/ får en virksomhet til; ingenting skrives over, og en mappe som
verken er tom eller har virksomheter/, nektes (kode 2) uten at noe skrives.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from casekit import PUBLISHED, run_tb, tb_in_process
from tildelingsbrev.model import Brev
from tildelingsbrev.pipeline import check, load_document

tb = tb_in_process

KD = ("--departement", "Kunnskapsdepartementet", "--virksomhet", "Udir", "--år", "2027")


def files(root: Path) -> dict[str, bytes]:
    """Alle filene under `root` med innholdet (også skjulte)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def findings(root: Path) -> list[tuple[str, str]]:
    """De aktive funnene som (kode, fil relativt til `root`), sortert."""
    return sorted(
        (f.code, Path(f.location.file).resolve().relative_to(root.resolve()).as_posix()) for f in check(root).active
    )


def brev(root: Path, år: int = 2027) -> Brev:
    path = root / "brev" / str(år) / "brev.yaml"
    doc, found = load_document(path, path.read_bytes(), Brev, "brev")
    assert found == [] and doc is not None
    return doc.model


@pytest.fixture
def ny(tmp_path: Path) -> Path:
    """`tb init` i en ny mappe tmp/data for Kunnskapsdepartementet til Udir, 2027."""
    root = tmp_path / "data"
    res = tb("init", str(root), *KD)
    assert res.exit_code == 0, res.output
    return root


# ---------------------------------------------------------------- en tom mappe


DRAFT = [
    ("TB304", "oppdrag/2027-01.yaml"),
    ("TB601", "brev/2027/brev.yaml"),
    ("TB601", "budsjett/2027/001-01.yaml"),
    *[("TB602", "brev/2027/brev.yaml")] * 8,  # brevet og de sju kapitlene
    ("TB602", "budsjett/2027/kap-001.yaml"),
    ("TB602", "mål/2027/mål-1.yaml"),
    ("TB602", "styringsparametere/2027/sp-01.yaml"),
]


def test_tom_mappe_check_melder_bare_det_som_må_fylles_inn(ny: Path) -> None:
    assert findings(ny) == sorted(DRAFT)
    messages = {f.message for f in check(ny).active if f.code == "TB601"}
    assert messages == {
        "ikke utfylt: datoen for Stortingets budsjettvedtak i brevet for 2027",
        "ikke utfylt: tildelingen på 001.01 for 2027",
    }


def test_tom_mappe_gir_skjelettet_til_brevet(ny: Path) -> None:
    b = brev(ny)
    assert b.tittel == "Tildelingsbrev 2027 – (fullt navn på virksomheten)"
    assert (b.avsender.navn, b.avsender.kortnavn) == ("Kunnskapsdepartementet", None)
    assert b.mottaker.kortnavn == "Udir"
    assert (b.proposisjon, b.innstilling) == ("Prop. 1 S (2026–2027)", "Innst. (nr.) S (2026–2027)")
    assert b.budsjettvedtak is None and b.dato is None and not b.gjennomgått
    assert [s.tittel for s in b.signatarer] == ["departementsråd", "ekspedisjonssjef"]
    assert [k.tittel for k in b.kapitler] == [
        "Innledning",
        "Overordnede prioriteringer for 2027",
        "Mål, styringsparametere og oppdrag",
        "Fellesføringer",
        "Styringsdialog og rapportering",
        "Tildeling av midler",
        "Fullmakter",
    ]
    assert [(r.id, r.frist) for r in b.rapportering] == [
        ("årsrapport-2026", date(2027, 3, 15)),
        ("halvårsrapport-2027", date(2027, 8, 20)),
        ("årsrapport-2027", date(2028, 3, 15)),
    ]
    for k in b.kapitler:  # hver tekstfil sier hva som skal skrives, i kursiv på første linje
        text = (ny / "brev" / "2027" / k.tekst).read_text(encoding="utf-8")
        assert text.startswith("*") and "Slett denne linja" in text.splitlines()[0]
    readme = (ny / "README.md").read_text(encoding="utf-8")
    for step in ("tb check", "tb render -o tildelingsbrev-2027.pdf", "tb mal --kopier", "virksomheter/Udir"):
        assert step in readme
    assert (ny / "baseline.yaml").read_text(encoding="utf-8").endswith("akseptert: []\n")
    assert (ny / "schema" / "brev.schema.json").is_file()


def test_en_rapportfrist_på_en_fridag_flyttes_til_arbeidsdagen_før(tmp_path: Path) -> None:
    """15. mars 2026 er en søndag, 20. august 2028 også: ingen TB309 i et nytt brev."""
    for år, forventet in ((2026, date(2026, 3, 13)), (2028, date(2028, 8, 18))):
        root = tmp_path / str(år)
        assert tb("init", str(root), "--departement", "KD", "--virksomhet", "Udir", "--år", str(år)).exit_code == 0
        frister = {r.id: r.frist for r in brev(root, år).rapportering}
        assert forventet in frister.values()
        assert "TB309" not in {code for code, _ in findings(root)}
        assert "er en fridag" in (root / "brev" / str(år) / "brev.yaml").read_text(encoding="utf-8")


def test_når_alt_er_fylt_inn_er_check_ren(ny: Path) -> None:
    """Det `tb check` melder i et nytt repositorium, er hele gjøremålslista: fylles det inn, er
    det ingenting igjen."""
    for path in ny.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^\s*gjennomgått: false.*\n", "", text, flags=re.M)
        text = text.replace("budsjettvedtak: null", "budsjettvedtak: 2026-12-16")
        text = text.replace("tildeling: null", "tildeling: 350000000")
        if path.name == "2027-01.yaml":
            text += "frister:\n  - dato: 2027-10-29\n"
        path.write_text(text, encoding="utf-8")
    assert {code for code, _ in findings(ny)} == {"TB302"}  # «(dato)» i teksten er ikke en dato
    for path in (ny / "brev" / "2027" / "tekst").glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace("(dato)", "16. desember 2026"), encoding="utf-8")
    assert findings(ny) == []


@pytest.mark.parametrize("ext", ["md", "html", "pdf"])
def test_render_virker_i_det_nye_repositoriet(ny: Path, tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"brev.{ext}"
    res = tb("render", "--data", str(ny), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert "advarsel: brevet har 2 feil fra tb check (TB601)" in res.stderr  # gjengis likevel
    raw = out.read_bytes()
    if ext == "pdf":
        from pypdf import PdfReader

        assert raw.startswith(b"%PDF-")
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    else:
        text = raw.decode("utf-8")
    for expected in ("Tildelingsbrev 2027", "(ikke utfylt)", "Halvårsrapportering for 2027", "2027-01"):
        assert expected in text


def test_frister_og_status_virker(ny: Path) -> None:
    res = tb("frister", "--data", str(ny), "--fra", "2027-01-01")
    assert res.exit_code == 0, res.output
    assert "15.03.2027  mandag" in res.stdout and "2027-01 (tittelen på oppdraget)" in res.stdout
    assert tb("status", "--data", str(ny), "--per", "2027-06-01").exit_code == 0


def test_samme_valg_gir_samme_byter(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "data", tmp_path / "b" / "data"
    for root in (a, b):
        assert tb("init", str(root), *KD, "--departement-kort", "KD").exit_code == 0
    assert files(a) == files(b)


def test_utskriften_sier_hva_som_er_laget_og_neste_steg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    res = tb("init", "data", *KD)
    assert res.exit_code == 0, res.output
    assert res.stdout == (
        "Skrev utkastet til tildelingsbrevet for 2027 fra Kunnskapsdepartementet til Udir i data/ (25 filer).\n"
        "\n"
        "tb check finner 2 feil og 12 advarsler: det som må fylles inn.\n"
        "Neste steg (står også i data/README.md):\n"
        "  tb check\n"
        "  tb render -o tildelingsbrev-2027.pdf\n"
    )


def test_valgene_som_er_gitt_står_i_brevet(tmp_path: Path) -> None:
    root = tmp_path / "data"
    res = tb(
        "init", str(root), *KD, "--departement-kort", "KD", "--virksomhet-navn", "Utdanningsdirektoratet",
        "--kapittel", "225",
    )
    assert res.exit_code == 0, res.output
    b = brev(root)
    assert b.tittel == "Tildelingsbrev 2027 – Utdanningsdirektoratet"
    assert (b.avsender.kortnavn, b.mottaker.navn) == ("KD", "Utdanningsdirektoratet")
    assert (root / "budsjett" / "2027" / "kap-225.yaml").is_file()
    assert (root / "budsjett" / "2027" / "225-01.yaml").is_file()
    assert ("TB601", "budsjett/2027/225-01.yaml") in findings(root)
    assert "plassholder" not in (root / "budsjett" / "2027" / "kap-225.yaml").read_text(encoding="utf-8")


def test_nynorsk_målform_står_i_brevet(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert tb("init", str(root), *KD, "--målform", "nynorsk").exit_code == 0
    b = brev(root)
    assert b.målform == "nynorsk"
    assert "målform: nynorsk\n" in (root / "brev" / "2027" / "brev.yaml").read_text(encoding="utf-8")
    assert [k.tittel for k in b.kapitler][:2] == ["Innleiing", "Overordna prioriteringar for 2027"]
    assert b.rapportering[0].tittel == "Årsrapport og rekneskap for budsjettåret 2026"
    assert findings(root) == sorted(DRAFT)


def test_standardåret_er_neste_år(tmp_path: Path) -> None:
    root = tmp_path / "data"
    assert tb("init", str(root), "--departement", "KD", "--virksomhet", "Udir").exit_code == 0
    neste = date.today().year + 1
    assert brev(root, neste).år == neste


def test_en_mappe_med_bare_skjulte_filer_er_tom(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("ut/\n")
    assert tb("init", str(tmp_path), *KD).exit_code == 0
    assert (tmp_path / "brev" / "2027" / "brev.yaml").is_file()
    assert (tmp_path / ".gitignore").read_text() == "ut/\n"


# ---------------------------------------------------------------- flere virksomheter


def test_en_virksomhet_til_i_et_repositorium_med_virksomheter(tmp_path: Path) -> None:
    repo = tmp_path / "data"
    shutil.copytree(PUBLISHED, repo / "virksomheter" / "IMDi", ignore=shutil.ignore_patterns("mal"))
    before = files(repo)
    res = tb("init", str(repo), "--departement", "Kunnskapsdepartementet", "--virksomhet", "Udir", "--år", "2027")
    assert res.exit_code == 0, res.output
    assert "tb check --data" in res.stdout and "--virksomhet Udir" in res.stdout
    after = files(repo)
    assert {k: v for k, v in after.items() if k in before} == before  # IMDi er urørt
    new = repo / "virksomheter" / "Udir"
    assert {k for k in after if k not in before} == {f"virksomheter/Udir/{k}" for k in files(new)}
    assert findings(new) == sorted(DRAFT)
    res = tb("check", "--data", str(repo), "--virksomhet", "Udir")
    assert res.exit_code == 1 and res.stdout.endswith("\n2 feil, 12 advarsler\n")
    readme = (new / "README.md").read_text(encoding="utf-8")
    assert "--virksomhet Udir" in readme and "mal/" in readme


def test_en_virksomhet_som_finnes_nektes(tmp_path: Path) -> None:
    repo = tmp_path / "data"
    (repo / "virksomheter").mkdir(parents=True)
    assert tb("init", str(repo), *KD).exit_code == 0
    before = files(repo)
    res = tb("init", str(repo), "--departement", "KD", "--virksomhet", "UDIR", "--år", "2027")
    assert res.exit_code == 2
    assert "virksomheten «Udir» finnes fra før" in res.stderr
    assert files(repo) == before


# ---------------------------------------------------------------- nektet: ingenting skrives


def test_en_fil_som_finnes_står_urørt(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("mitt repositorium\n", encoding="utf-8")
    res = tb("init", str(tmp_path), *KD)
    assert res.exit_code == 2
    assert "er ikke tom (README.md)" in res.stderr and "tb init" in res.stderr
    assert files(tmp_path) == {"README.md": b"mitt repositorium\n"}


def test_et_repositorium_med_én_virksomhet_sier_hvordan_den_flyttes(tmp_path: Path) -> None:
    repo = tmp_path / "data"
    shutil.copytree(PUBLISHED, repo)
    before = files(repo)
    res = tb("init", str(repo), *KD)
    assert res.exit_code == 2
    assert "har alt brev til én virksomhet (IMDi)" in res.stderr
    assert "virksomheter/IMDi/" in res.stderr and "mal/ kan bli stående øverst" in res.stderr
    assert files(repo) == before


def test_virksomheter_som_lenke_nektes(tmp_path: Path) -> None:
    (tmp_path / "et-annet-sted").mkdir()
    repo = tmp_path / "data"
    repo.mkdir()
    (repo / "virksomheter").symlink_to(tmp_path / "et-annet-sted")
    res = tb("init", str(repo), *KD)
    assert res.exit_code == 2 and "symbolsk lenke" in res.stderr
    assert list((tmp_path / "et-annet-sted").iterdir()) == []


@pytest.mark.parametrize(
    ("args", "melding"),
    [
        (("--departement", "KD", "--virksomhet", "../ut", "--år", "2027"), "kan ikke være et mappenavn"),
        (("--departement", "  ", "--virksomhet", "Udir", "--år", "2027"), "--departement er tomt"),
        (("--departement", "K\x1bD", "--virksomhet", "Udir", "--år", "2027"), "kontrolltegn"),
        (("--departement", "KD", "--virksomhet", "Udir", "--år", "1900"), "--år 1900 er utenfor 1990–2100"),
        (("--departement", "KD", "--virksomhet", "Udir", "--år", "2027", "--kapittel", "0"), "--kapittel 0"),
        (("--departement", "KD", "--virksomhet", "Udir", "--målform", "samisk"), "--målform"),
    ],
)
def test_ugyldige_valg_nektes_uten_at_noe_skrives(tmp_path: Path, args, melding: str) -> None:
    root = tmp_path / "data"
    res = tb("init", str(root), *args)
    assert res.exit_code == 2
    assert melding in res.output
    assert not root.exists()


def test_uten_departement_sier_tb_hva_som_mangler_på_norsk(tmp_path: Path) -> None:
    (run,) = run_tb(tmp_path, ("init", "data", "--virksomhet", "Udir"))
    assert run.code == 2, run
    assert run.stderr == "tb: mangler valget --departement\nSe «tb init -h» for hjelp.\n"
    assert list(tmp_path.iterdir()) == []


def test_en_lenke_til_ingenting_nektes(tmp_path: Path) -> None:
    (tmp_path / "data").symlink_to(tmp_path / "finnes-ikke")
    res = tb("init", str(tmp_path / "data"), *KD)
    assert res.exit_code == 2 and "symbolsk lenke til noe som ikke finnes" in res.stderr
    assert not (tmp_path / "finnes-ikke").exists()


def test_en_fil_der_mappa_skulle_vært_nektes(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("x")
    res = tb("init", str(tmp_path / "data"), *KD)
    assert res.exit_code == 2 and "er ikke en mappe" in res.stderr
    assert (tmp_path / "data").read_text() == "x"


def test_går_skrivingen_galt_underveis_fjernes_det_som_er_skrevet(tmp_path: Path, monkeypatch) -> None:
    import tildelingsbrev.init as init
    from tildelingsbrev import files

    real = files.write_inside
    calls = []

    def flaky(root, rel, data, **kw):
        calls.append(rel)
        if len(calls) == 10:
            raise OSError(28, "No space left on device", str(Path(root) / rel))
        return real(root, rel, data, **kw)

    monkeypatch.setattr(files, "write_inside", flaky)
    root = tmp_path / "ny" / "data"
    valg = init.Valg(departement="KD", virksomhet="Udir", år=2027)
    with pytest.raises(init.InitError, match="disken er full.*ingenting er skrevet"):
        init.skriv(init.planlegg(root, valg))
    assert list(tmp_path.iterdir()) == []  # også mappene tb init laget, er borte


def test_en_fil_som_dukker_opp_underveis_skrives_ikke_over(tmp_path: Path) -> None:
    """Sjekken før skrivingen og skrivingen selv (write_inside, aldri over en fil) nekter begge."""
    import tildelingsbrev.init as init

    root = tmp_path / "data"
    root.mkdir()
    oppsett = init.planlegg(root, init.Valg(departement="KD", virksomhet="Udir", år=2027))
    (root / "brev" / "2027").mkdir(parents=True)
    (root / "brev" / "2027" / "brev.yaml").write_text("mitt\n")
    with pytest.raises(init.InitError, match="brev.yaml finnes fra før.*ingenting er skrevet"):
        init.skriv(oppsett)
    assert files(root) == {"brev/2027/brev.yaml": b"mitt\n"}  # README.md, skrevet før, er fjernet


# ---------------------------------------------------------------- hjelpen


def test_hjelpen_er_norsk() -> None:
    res = tb("init", "--help")
    assert res.exit_code == 0
    out = res.stdout
    assert out.startswith("Bruk: tb init [VALG] [MAPPE]")
    for word in ("Valg:", "--departement NAVN", "--virksomhet KORT", "--målform", "[påkrevd]", "Eksempler:"):
        assert word in out
    assert "Usage" not in out and "Options" not in out


def test_skrevne_filer_er_vanlige_filer_med_vanlige_rettigheter(ny: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    for path in ny.rglob("*"):
        assert not path.is_symlink()
        if path.is_file():
            assert path.stat().st_mode & 0o777 == 0o666 & ~umask
