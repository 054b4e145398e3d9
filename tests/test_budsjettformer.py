"""Budsjettformene fra andre brev (issue 17 punkt 3): inntektskapitler, fordeling og bindinger
på samme post, belastningsfullmakter og budsjettfullmakter (budsjett/ÅR/fullmakter.yaml).

Regeltilfellene står i tests/cases (TB201, TB204, TB206, TB407–TB409); her er det modellen,
meldingene slik brukeren leser dem, `tb status` med inntekter og at et brev med alt dette
sjekkes og gjengis uten å krasje."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from casekit import copy_valid, edit_once, med_tillegg, tb_in_process
from tildelingsbrev.model import Post, er_inntekt, postgruppe, udisponert
from tildelingsbrev.pipeline import check
from tildelingsbrev.schema import schema_for

INNTEKTSKAPITTEL = {
    "budsjett/2030/kap-3100.yaml": "år: 2030\nkapittel: 3100\nnavn: Testdirektoratet\nsum: 1500000\n",
    "budsjett/2030/3100-02.yaml": "år: 2030\nkapittel: 3100\npost: 2\nbetegnelse: Diverse inntekter\ntildeling: 1500000\n",
}

FULLMAKTER = """\
år: 2030
fullmakter:
  - id: merinntekt-100-01
    type: merinntektsfullmakt
    tekst: Testdirektoratet kan overskride bevilgningen på kap. 100 post 01 mot tilsvarende merinntekter på kap. 3100 post 02.
    grunnlag: Prop. 1 S (2029–2030), romertallsvedtak II
    utgiftspost: {kapittel: 100, post: 1}
    inntektspost: {kapittel: 3100, post: 2}
  - id: tilsagn-100-70
    type: tilsagnsfullmakt
    tekst: Testdirektoratet kan gi tilsagn om tilskudd ut over bevilgningen på kap. 100 post 70, men slik at samlet ramme for nye tilsagn og gammelt ansvar ikke overstiger 3 mill. kroner.
    grunnlag: Prop. 1 S (2029–2030), romertallsvedtak IV
    utgiftspost: {kapittel: 100, post: 70}
    ramme: 3000000
belastningsfullmakter:
  - departement: Kunnskapsdepartementet
    kapittel: 226
    post: 21
    beløp: 5000000
    tekst: til kompetansekartlegging
"""


def write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")


def active(root: Path) -> list[tuple[str, str, str]]:
    return [(f.code, f.location.file.relative_to(root).as_posix(), f.message) for f in check(root).active]


# ---------------------------------------------------------------- inntekter


@pytest.mark.parametrize(("kapittel", "inntekt"), [(1, False), (671, False), (2999, False), (3000, True), (3671, True), (5999, True), (6000, False)])
def test_income_is_chapters_3000_to_5999(kapittel, inntekt):
    assert er_inntekt(kapittel) is inntekt


def test_the_same_post_number_means_income_in_an_income_chapter():
    assert postgruppe(671, 1) == "driftsutgifter"
    assert postgruppe(3671, 1) == "driftsinntekter (salg, leie, gebyrer)"
    assert postgruppe(671, 85) == "overføringer til private"
    assert postgruppe(5605, 85).startswith("overføringer fra andre")
    post = Post.model_validate({"år": 2030, "kapittel": 3100, "post": 2, "betegnelse": "Diverse inntekter", "tildeling": 1})
    assert post.inntekt and not Post.model_validate({**post.model_dump(), "kapittel": 100}).inntekt


def test_an_income_chapter_checks_clean_with_its_own_sum(tmp_path):
    root = copy_valid(tmp_path / "data")
    write(root, INNTEKTSKAPITTEL)
    assert active(root) == []


@pytest.mark.parametrize(
    ("printed", "how"),
    [(86_700_000, "lagt sammen (86 700 000)"), (83_700_000, "trukket fra hverandre (83 700 000)")],
)
def test_a_printed_sum_that_mixes_income_and_expenses_says_so(tmp_path, printed, how):
    root = copy_valid(tmp_path / "data")
    write(root, {**INNTEKTSKAPITTEL, "budsjett/2030/kap-3100.yaml": "år: 2030\nkapittel: 3100\nnavn: Testdirektoratet\n"})
    kap = root / "budsjett" / "2030" / "kap-100.yaml"
    kap.write_text(kap.read_text(encoding="utf-8").replace("sum: 85200000", f"sum: {printed}"), encoding="utf-8")
    (found,) = active(root)
    assert found[:2] == ("TB201", "budsjett/2030/kap-100.yaml")
    assert found[2].startswith("sum for kap. 100: trykt ")
    message = found[2].replace("\u00a0", " ")  # beløpene har harde mellomrom
    assert f"den trykte summen er utgiftene på kap. 100 og inntektene på kap. 3100 {how}" in message
    assert "en sum blander ikke inntekter og utgifter" in found[2]


def test_status_sums_income_and_expenses_apart(tmp_path):
    data = med_tillegg(tmp_path / "data")
    write(
        data,
        {
            "budsjett/2024/kap-3671.yaml": "år: 2024\nkapittel: 3671\nnavn: Bosetting av flyktninger og tiltak for innvandrere\n",
            "budsjett/2024/3671-04.yaml": "år: 2024\nkapittel: 3671\npost: 4\nbetegnelse: Tilskudd til integreringsarbeid fra EUs asyl-, migrasjons- og integreringsfond\ntildeling: 2000000\n",
        },
    )
    res = tb_in_process("status", "--data", str(data), "--år", "2024", "--per", "2024-12-31", "-f", "json")
    t = json.loads(res.stdout)["tildeling"]
    utgifter = [p for p in t["poster"] if not p["post"].startswith("3671.")]
    assert t["sum"]["gjeldende"] == sum(p["gjeldende"] for p in utgifter)
    assert t["sum_inntekter"] == {"brevet": 2_000_000, "endringer": [], "gjeldende": 2_000_000}
    text = tb_in_process("status", "--data", str(data), "--år", "2024", "--per", "2024-12-31").stdout
    sums = [line.split()[:2] for line in text.splitlines() if line.strip().startswith("Sum")]
    assert sums == [["Sum", "utgifter"], ["Sum", "inntekter"]]
    md = tb_in_process("status", "--data", str(data), "--år", "2024", "--per", "2024-12-31", "-f", "md").stdout
    assert "| **Sum inntekter** | **2 000 000** |" in md


# ---------------------------------------------------------------- fordeling og bindinger


def _post(**extra) -> Post:
    base = {
        "år": 2030,
        "kapittel": 100,
        "post": 70,
        "betegnelse": "Tilskudd",
        "tildeling": 10_000_000,
        "fordeling": [{"tekst": "Driftstilskudd", "beløp": 6_000_000}, {"tekst": "Prosjekttilskudd", "beløp": 1_000_000}],
    }
    return Post.model_validate({**base, **extra})


def _bindinger(beløp: int, innenfor: str | None = None) -> list[dict]:
    group = {"id": "nye", "overskrift": "Bundet", "linjer": [{"oppdrag": "2030-01", "tittel": "T", "beløp": beløp}]}
    return [{**group, "innenfor": innenfor}] if innenfor else [group]


def test_udisponert_is_the_allocation_less_the_split_and_the_bindings_beside_it():
    assert udisponert(_post(bindinger=_bindinger(3_000_000))) == 0
    assert udisponert(_post(bindinger=_bindinger(2_000_000))) == 1_000_000
    # bindinger innenfor en linje er alt med i fordelingen
    assert udisponert(_post(bindinger=_bindinger(500_000, "Prosjekttilskudd"))) == 3_000_000


# ---------------------------------------------------------------- fullmakter


def _with_appendix(root: Path) -> None:
    """Vedlegget for fullmaktene i vedleggslista (TB410)."""
    edit_once(
        root / "brev" / "2030" / "brev.yaml",
        "  - nr: 1\n    tittel: Oppdrag\n",
        "  - nr: 1\n    tittel: Oppdrag\n  - nr: 2\n    tittel: Budsjettfullmakter\n",
    )


def test_a_letter_with_authorisations_checks_clean_and_keeps_them_out_of_its_sums(tmp_path):
    root = copy_valid(tmp_path / "data")
    write(root, {**INNTEKTSKAPITTEL, "budsjett/2030/fullmakter.yaml": FULLMAKTER})
    _with_appendix(root)
    result = check(root)
    assert [(f.code, f.message) for f in result.active] == []
    (d,) = result.repo.fullmakter
    assert [f.type for f in d.model.fullmakter] == ["merinntektsfullmakt", "tilsagnsfullmakt"]
    assert d.model.belastningsfullmakter[0].beløp == 5_000_000
    assert result.repo.fullmakter_for(2030) is d and result.repo.fullmakter_for(2031) is None


def test_the_authorisation_file_is_valid_against_its_schema():
    validator = Draft202012Validator(schema_for("fullmakter"), format_checker=Draft202012Validator.FORMAT_CHECKER)
    data = YAML(typ="safe", pure=True).load(FULLMAKTER)
    assert [e.message for e in validator.iter_errors(data)] == []
    data["belastningsfullmakter"][0]["beløp"] = "5 mill. kroner"
    assert list(validator.iter_errors(data))


def test_authorisations_in_a_year_without_a_letter(tmp_path):
    root = copy_valid(tmp_path / "data")
    write(root, {"budsjett/2031/fullmakter.yaml": "år: 2031\n"})
    assert [(c, f) for c, f, _ in active(root)] == [("TB007", "budsjett/2031/fullmakter.yaml")]


def test_a_letter_with_every_new_shape_renders_without_crashing(tmp_path):
    """Inntektskapittel, fullmakter, en rapport uten telletidspunkt og frister uten dato: malene
    viser dem ennå ikke alle (det er malarbeidet), men gjengivelsen krasjer ikke."""
    root = copy_valid(tmp_path / "data")
    write(root, {**INNTEKTSKAPITTEL, "budsjett/2030/fullmakter.yaml": FULLMAKTER})
    _with_appendix(root)
    brev = root / "brev" / "2030" / "brev.yaml"
    brev.write_text(
        brev.read_text(encoding="utf-8").replace(
            "    frist: 2031-03-14\n",
            "    frist: 2031-03-14\n  - id: budsjettinnspill-2032\n    tittel: Budsjettinnspill for 2032\n    frist: 2031-01-15\n",
        ),
        encoding="utf-8",
    )
    intro = root / "brev" / "2030" / "tekst" / "01-innledning.md"
    intro.write_text(intro.read_text(encoding="utf-8") + "\n\n{{ rapportering }}\n", encoding="utf-8")
    o = root / "oppdrag" / "2030-01.yaml"
    o.write_text(
        o.read_text(encoding="utf-8")
        .replace("  - dato: 2030-06-03\n", "  - uten_dato: etter hendelse\n    trykt: Etter gjennomført høring\n")
        .replace("frist_trykt: |-\n  03.06.2030\n", ""),
        encoding="utf-8",
    )
    assert active(root) == []
    for fmt in ("md", "html"):
        out = tmp_path / f"brev.{fmt}"
        res = tb_in_process("render", "--data", str(root), "-o", str(out))
        assert res.exit_code == 0, res.output
        assert "Budsjettinnspill for 2032" in out.read_text(encoding="utf-8")


def test_the_published_letter_is_unchanged(tmp_path):
    """Ingen av de nye formene er i det publiserte brevet: det sjekker som før."""
    data = Path(__file__).resolve().parents[1] / "data"
    shutil.copytree(data, tmp_path / "data")
    result = check(tmp_path / "data")
    assert (result.errors, result.warnings, len(result.acknowledged)) == (0, 0, 47)
