"""Reglene for tillegg (TB7xx) og `tb ny tillegg` (issue 15 punkt 1 og 2), på eksempelet
eksempler/tillegg-2024 (`med_tillegg`): eksempelet gir ingen funn, og hver ødelagt variant av
det (feil trykt tildeling, hull i nummereringen, et gjenbrukt oppdragsnummer, feil sitert
tittel, et sammendrag som mangler en post …) meldes av den regelen som gjelder, med fil og
linje, og ikke av noe annet. Prosaen i tilleggene sjekkes som prosaen i brevet, og fristene i
tilleggene for fridager (TB309).

Linjenumrene er linjene i eksempelets filer (brev/2024/tillegg/tillegg-N.yaml).
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from casekit import PUBLISHED, edit_once, med_tillegg, tb_in_process
from tildelingsbrev.model import Tillegg
from tildelingsbrev.pipeline import check, load_document

T1 = "brev/2024/tillegg/tillegg-1.yaml"
T2 = "brev/2024/tillegg/tillegg-2.yaml"
T3 = "brev/2024/tillegg/tillegg-3.yaml"


@pytest.fixture(scope="module")
def eksempel(tmp_path_factory) -> Path:
    return med_tillegg(tmp_path_factory.mktemp("eksempel") / "data")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return med_tillegg(tmp_path / "data")


def active(root: Path) -> set[tuple[str, str, int]]:
    """De aktive funnene (grunnlinjen brukt) som (kode, fil relativt til data-mappa, linje)."""
    out = set()
    for f in check(root).active:
        out.add((f.code, Path(f.location.file).relative_to(root).as_posix(), f.location.line))
    return out


def message(root: Path, code: str) -> str:
    found = [f.message for f in check(root).active if f.code == code]
    assert len(found) == 1, found
    return found[0]


def test_eksempelet_gir_ingen_funn(eksempel: Path) -> None:
    result = check(eksempel)
    assert [f"{f.code} {f.location.file}:{f.location.line} {f.message}" for f in result.active] == []
    assert result.errors == 0 and len(result.acknowledged) == 47  # grunnlinjen for 2024 som før


# ---------------------------------------------------------------- ødelagte varianter


def _rename(root: Path, old: str, new: str) -> None:
    (root / old).rename(root / new)


VARIANTER = {
    # navn: (endringer [(fil, gammel, ny)], funnene)
    "tidligere_feil": (
        [(T3, 'tidligere: "240,7 mill. kroner"', 'tidligere: "239,7 mill. kroner"')],
        {("TB704", T3, 19)},
    ),
    "ny_feil": (
        [(T2, 'ny: "240,7 mill. kroner"', 'ny: "241,7 mill. kroner"')],
        {("TB704", T2, 20)},
    ),
    "linjene_summerer_ikke": (
        [(T2, "beløp: 2000000", "beløp: 1500000")],
        {("TB705", T2, 23)},
    ),
    "endring_på_post_som_ikke_finnes": (
        [(T1, "    post: 1\n", "    post: 2\n"), (T1, 'poster: ["670.01"]', 'poster: ["670.02"]')],
        {("TB706", T1, 17)},
    ),
    "negativ_tildeling": (
        [
            (T3, "endring: -1000000", "endring: -300000000"),
            (T3, "beløp: -1000000", "beløp: -300000000"),
            (T3, '    ny: "239,7 mill. kroner"\n', ""),
        ],
        {("TB708", T3, 18)},
    ),
    "datoene_stiger_ikke": (
        [(T3, "dato: 2024-10-15", "dato: 2024-06-03")],
        {("TB702", T3, 6)},
    ),
    "gjenbrukt_oppdragsnummer": (
        [(T3, "trukket:\n", "nye_oppdrag: [2024-17]\ntrukket:\n"), (T3, "oppdrag: [2024-08]", "oppdrag: [2024-08, 2024-17]")],
        {("TB709", T3, 26)},
    ),
    "nye_oppdrag_og_tillegg_spriker": (
        [("oppdrag/2024-17.yaml", "tillegg: 2", "tillegg: 3")],
        {("TB710", T2, 28)},
    ),
    "henvisning_til_oppdrag_som_ikke_finnes": (
        [(T3, "  - oppdrag: 2024-08\n", "  - oppdrag: 2024-99\n"), (T3, "oppdrag: [2024-08]", "oppdrag: [2024-99]")],
        {("TB711", T3, 27)},
    ),
    "feil_sitert_tittel": (
        [(T3, "tittel: Dialog mellom nasjonale", "tittel: Dialog med nasjonale")],
        {("TB712", T3, 28)},
    ),
    "flyttet_frist_finnes_ikke": (
        [(T2, "fra: 2024-09-30", "fra: 2024-09-27")],
        {("TB713", T2, 42)},
    ),
    "flyttet_frist_bakover": (
        [(T2, "til: 2024-10-31", "til: 2024-09-02")],
        {("TB713", T2, 43)},
    ),
    "presisert_frist_før_tillegget": (
        [(T2, "dato: 2024-10-01", "dato: 2024-05-02")],
        {("TB714", T2, 37)},
    ),
    "sammendrag_mangler_en_post": (
        [(T2, 'poster: ["671.62"]', "poster: []")],
        {("TB715", T2, 13)},
    ),
    "sammendrag_mangler_et_oppdrag": (
        [(T2, "oppdrag: [2024-17, 2023-26, 2024-13]", "oppdrag: [2024-17, 2024-13]")],
        {("TB715", T2, 14)},
    ),
    "sammendrag_nevner_noe_som_ikke_endres": (
        [(T1, 'poster: ["670.01"]', 'poster: ["670.01", "671.62"]')],
        {("TB715", T1, 14)},
    ),
    # de vanlige reglene for prosa og frister gjelder tilleggene
    "beløp_i_teksten": (
        [(T2, "økes med 5,0 mill. kroner.\n", "økes fra {{ 671.62.tildeling: 236,7 mill. kroner }}.\n")],
        {("TB207", T2, 22)},
    ),
    "html_i_teksten": (
        [(T3, "Arbeidet følges opp", "Arbeidet <b>følges</b> opp")],
        {("TB111", T3, 30)},
    ),
    "oppdrag_i_teksten_finnes_ikke": (
        [(T2, "presisering av oppdrag 2023-26", "presisering av oppdrag 2023-62")],
        {("TB106", T2, 11)},
    ),
    "dokumenthenvisning_i_grunnlaget": (
        [(T2, "Prop. 104 S (2023–2024)", "Prop.104 S (2023-2024)")],
        {("TB112", T2, 9)},
    ),
    "presisert_frist_på_en_søndag": (
        [(T2, "dato: 2024-10-01", "dato: 2024-10-06")],
        {("TB309", T2, 35)},  # ved fristen i presiseringen, som TB309 ved fristene i en oppdragsfil
    ),
    "flyttet_til_en_søndag": (
        [(T2, "til: 2024-10-31", "til: 2024-11-03")],
        {("TB309", T2, 43)},
    ),
    "nytt_oppdrag_med_frist_på_en_lørdag": (
        [("oppdrag/2024-17.yaml", "dato: 2024-11-29", "dato: 2024-11-30")],
        {("TB309", "oppdrag/2024-17.yaml", 8)},
    ),
}


@pytest.mark.parametrize("name", list(VARIANTER))
def test_ødelagt_variant_meldes_av_riktig_regel(name: str, root: Path) -> None:
    edits, expected = VARIANTER[name]
    for rel, old, new in edits:
        edit_once(root / rel, old, new)
    assert active(root) == expected


def test_hull_i_nummereringen(root: Path) -> None:
    _rename(root, T3, "brev/2024/tillegg/tillegg-4.yaml")
    edit_once(root / "brev/2024/tillegg/tillegg-4.yaml", "nr: 3", "nr: 4")
    assert active(root) == {("TB701", "brev/2024/tillegg/tillegg-4.yaml", 4)}
    assert "har ikke nr. 3" in message(root, "TB701")


def test_filnavnet_er_nummeret(root: Path) -> None:
    edit_once(root / T3, "nr: 3", "nr: 4")
    assert active(root) == {("TB701", T3, 4)}
    assert message(root, "TB701") == "fila heter tillegg-3.yaml, men tillegget er nr. 4 (tillegg-4.yaml)"


def test_tillegg_til_et_år_uten_brev(root: Path) -> None:
    path = root / "brev/2025/tillegg/tillegg-1.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "år: 2025\nnr: 1\ntittel: Tillegg nr. 1 til tildelingsbrev 2025\ndato: 2025-03-14\n"
        "grunnlag: Revidert budsjett.\nsammendrag:\n  poster: [\"670.01\"]\n"
        "poster:\n  - kapittel: 670\n    post: 1\n    endring: 1000000\n",
        encoding="utf-8",
    )
    # bare TB703: reglene som sammenligner med brevet, venter til det finnes
    assert active(root) == {("TB703", "brev/2025/tillegg/tillegg-1.yaml", 1)}


def test_et_trukket_nummer_gis_ikke_på_nytt(root: Path) -> None:
    (root / "brev/2024/tillegg/tillegg-4.yaml").write_text(
        "år: 2024\nnr: 4\ntittel: Tillegg nr. 4 til tildelingsbrev 2024\ndato: 2024-11-15\n"
        "grunnlag: Departementets prioriteringer.\n"
        "sammendrag:\n  oppdrag: [2024-08]\n"
        "nye_oppdrag: [2024-08]\n",
        encoding="utf-8",
    )
    assert active(root) == {("TB709", "brev/2024/tillegg/tillegg-4.yaml", 8)}
    assert "ble trukket i tillegg nr. 3 (15.10.2024)" in message(root, "TB709")


def test_meldingen_om_kjeden_sier_hva_den_er_regnet_av(root: Path) -> None:
    edit_once(root / T3, 'tidligere: "240,7 mill. kroner"', 'tidligere: "235,7 mill. kroner"')
    text = message(root, "TB704").replace("\u00a0", " ")
    assert text == (
        "671.62 i tillegg nr. 3: tildelingen før endringen er trykt 235,7 mill. kroner, men brevet og "
        "tilleggene før gir 240 693 000 (brevet 235 693 000, tillegg nr. 2 +5 000 000; differanse "
        "-4 993 000 ved trykt presisjon)"
    )
    found = next(f for f in check(root).active if f.code == "TB704")
    assert [(Path(x.file).name, x.line) for x in found.related] == [("671-62.yaml", 6), ("tillegg-2.yaml", 18)]


def test_funnet_i_en_oppdragsfil_gjelder_tilleggets_brev(root: Path, monkeypatch) -> None:
    edit_once(root / "brev/2024/tillegg/tillegg-2.yaml", "nye_oppdrag: [2024-17]", "nye_oppdrag: []")
    edit_once(root / T2, "oppdrag: [2024-17, 2023-26, 2024-13]", "oppdrag: [2023-26, 2024-13]")
    monkeypatch.chdir(root.parent)
    res = tb_in_process("check", "--data", "data", "--format", "json")
    assert res.exit_code == 1, res.output
    funn = [f for f in json.loads(res.stdout)["funn"] if f["kode"].startswith("TB7")]
    assert [(f["kode"], f["fil"], f["linje"], f["år"]) for f in funn] == [
        ("TB710", "data/oppdrag/2024-17.yaml", 6, 2024)
    ]


def test_en_fil_som_ikke_kan_leses_gir_ikke_følgefeil(root: Path) -> None:
    (root / "oppdrag/2024-17.yaml").write_text("id: [2024-17\n", encoding="utf-8")
    assert {c for c, _, _ in active(root)} == {"TB001"}


def test_fiendtlige_tillegg_krasjer_ikke(root: Path) -> None:
    # mange tillegg, sykluser av flyttinger, numre og datoer hulter til bulter: funn, ingen krasj
    folder = root / "brev/2024/tillegg"
    for nr in range(4, 60):
        (folder / f"tillegg-{nr}.yaml").write_text(
            f"år: 2024\nnr: {100 - nr}\ntittel: T\ndato: 2024-{1 + nr % 12:02d}-01\ngrunnlag: G\n"
            "poster:\n  - {kapittel: 9999, post: 99, endring: -10000000000000}\n"
            "  - {kapittel: 670, post: 1, endring: -10000000000000, ny: 1}\n"
            "nye_poster:\n  - {kapittel: 670, post: 1, betegnelse: X, tildeling: 0}\n"
            "nye_oppdrag: [2024-17, 2024-17, 1990-01]\n"
            "trukket:\n  - {oppdrag: 2024-17, tittel: X}\n"
            "flyttede_frister:\n  - {oppdrag: 2024-13, tittel: X, fra: 2024-10-31, til: 2024-09-30}\n"
            "  - {oppdrag: 2024-13, tittel: X, fra: 2024-09-30, til: 2024-10-31}\n"
            "sammendrag: {poster: ['0001.01', '0001.01'], oppdrag: [2024-01]}\n",
            encoding="utf-8",
        )
    result = check(root)
    assert not [f.message for f in result.findings if f.code == "TB900"]
    assert {f.code for f in result.active} >= {"TB701", "TB702", "TB704", "TB706", "TB707", "TB708", "TB709"}


# ---------------------------------------------------------------- tb ny tillegg


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch) -> Path:
    """Eksempelet i tmp/data, med tmp som arbeidsmappe."""
    med_tillegg(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_ny_tillegg_neste_nummer_med_signatarene_fra_brevet(cwd: Path) -> None:
    res = tb_in_process(
        "ny", "tillegg", "--dato", "20.11.2024", "--grunnlag", "Departementets prioriteringer for 2024.",
        "--referanse", "23/4512-41",
    )
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/brev/2024/tillegg/tillegg-4.yaml (tillegg nr. 4 til brevet for 2024)\n"
    path = cwd / "brev/2024/tillegg/tillegg-4.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/tillegg.schema.json\n")
    doc, found = load_document(path, path.read_bytes(), Tillegg, "tillegg-4.yaml")
    assert found == [] and doc is not None
    t = doc.model
    assert (t.år, t.nr, t.dato, t.referanse) == (2024, 4, date(2024, 11, 20), "23/4512-41")
    assert t.tittel == "Tillegg nr. 4 til tildelingsbrev 2024 – Integrerings- og mangfoldsdirektoratet"
    assert [(s.navn, s.tittel) for s in t.signatarer] == [
        ("Eli Telhaug", "departementsråd"),
        ("Lisbeth Fransplass Røren", "ekspedisjonssjef"),
    ]
    assert (t.poster, t.nye_poster, t.nye_oppdrag, t.presiseringer, t.trukket, t.flyttede_frister) == (
        [], [], [], [], [], []
    )
    assert t.sammendrag.poster == [] and t.sammendrag.oppdrag == []
    assert "nye_oppdrag: []" in text  # strukturen står der, tom
    assert active(cwd) == set()


def test_ny_tillegg_datoen_er_i_dag_og_merknad_når_den_ikke_passer(cwd: Path) -> None:
    res = tb_in_process("ny", "tillegg", "--år", "2024", "--tittel", "Tillegg nr. 4")
    assert res.exit_code == 0, res.output
    doc, _ = load_document(
        cwd / "brev/2024/tillegg/tillegg-4.yaml",
        (cwd / "brev/2024/tillegg/tillegg-4.yaml").read_bytes(),
        Tillegg,
        "t",
    )
    assert doc.model.dato == date.today() and doc.model.tittel == "Tillegg nr. 4"
    assert doc.model.grunnlag == ""
    assert "grunnlaget er tomt" in res.stderr
    if date.today().year != 2024:
        assert "utenfor budsjettåret 2024" in res.stderr and "TB702" in res.stderr


def test_ny_tillegg_første_tillegg_lager_mappa(tmp_path: Path, monkeypatch) -> None:
    import shutil

    shutil.copytree(PUBLISHED, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    res = tb_in_process("ny", "tillegg", "--dato", "2024-03-15", "--grunnlag", "Overføring fra 2023.")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "data/brev/2024/tillegg/tillegg-1.yaml").is_file()
    assert active(tmp_path / "data") == set()


def test_ny_tillegg_nekter_et_år_uten_brev(cwd: Path) -> None:
    before = files(cwd)
    res = tb_in_process("ny", "tillegg", "--år", "2025", "--dato", "2025-03-14")
    assert res.exit_code == 2
    assert "det finnes ikke noe brev for 2025" in res.stderr
    assert files(cwd) == before


def test_ny_tillegg_skriver_aldri_gjennom_en_lenke(cwd: Path, tmp_path: Path) -> None:
    outside = tmp_path / "utenfor"
    outside.mkdir()
    folder = cwd / "brev/2024/tillegg"
    for p in folder.iterdir():
        (outside / p.name).write_bytes(p.read_bytes())
        p.unlink()
    folder.rmdir()
    os.symlink(outside, folder)
    res = tb_in_process("ny", "tillegg", "--dato", "2024-11-20")
    assert res.exit_code == 2
    assert "symbolsk lenke" in res.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["tillegg-1.yaml", "tillegg-2.yaml", "tillegg-3.yaml"]


def test_ny_tillegg_hopper_over_et_nummer_med_en_fil(cwd: Path) -> None:
    # en fil som ikke kan leses, har likevel nummeret sitt: den skrives ikke over
    (cwd / "brev/2024/tillegg/tillegg-4.yaml").write_text("nr: [\n", encoding="utf-8")
    res = tb_in_process("ny", "tillegg", "--dato", "2024-11-20")
    assert res.exit_code == 0, res.output
    assert "tillegg-5.yaml" in res.stdout
    assert (cwd / "brev/2024/tillegg/tillegg-4.yaml").read_text(encoding="utf-8") == "nr: [\n"


def test_ny_oppdrag_i_et_tillegg(cwd: Path) -> None:
    res = tb_in_process(
        "ny", "oppdrag", "--år", "2024", "--tillegg", "3", "--mål", "2", "--tittel", "Kartlegge tolkebruken",
        "--frist", "02.12.2024",
    )
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/oppdrag/2024-18.yaml (2024-18)\n"
    assert "tillegg: 3\n" in (cwd / "oppdrag/2024-18.yaml").read_text(encoding="utf-8")
    assert "skriv 2024-18 i `nye_oppdrag`" in res.stderr
    assert active(cwd) == {("TB710", "oppdrag/2024-18.yaml", 5)}
    edit_once(cwd / T3, "sammendrag:\n", "nye_oppdrag: [2024-18]\nsammendrag:\n")
    edit_once(cwd / T3, "oppdrag: [2024-08]", "oppdrag: [2024-08, 2024-18]")
    assert active(cwd) == set()


def test_ny_oppdrag_i_et_tillegg_som_ikke_finnes(cwd: Path) -> None:
    before = files(cwd)
    res = tb_in_process("ny", "oppdrag", "--år", "2024", "--tillegg", "7", "--mål", "2", "--tittel", "X")
    assert res.exit_code == 2
    assert "tillegg nr. 7 til brevet for 2024 finnes ikke" in res.stderr and "nr. 1, 2, 3" in res.stderr
    assert files(cwd) == before
