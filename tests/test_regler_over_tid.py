"""Reglene når brevene kommer etter hverandre (issue 13): hvert brev sjekkes slik det er.

Det brukeren merker: TB102 sjekker målet et oppdrag står under i hvert brev (med
`mål_i_brev`), TB107 og TB306 slår opp rapportene slik brevene oppdraget er med i kjenner dem
(et senere brev som flytter en rapport, gjør ikke et tidligere brev galt), TB007 melder
oppdrag for et år uten brev, TB113 godtar en leveranse av en rapportfrist på datoen i hvert
brev, og `tb render --år Y` varsler bare om funnene som gjelder brevet for Y.

Scenariet er tests/fixtures/over_tid (brevet for 2025 med mål 1–3 og egen
rapporteringskalender) lagt over en kopi av data/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from casekit import edit_once as _edit
from casekit import over_tid
from casekit import tb_in_process as _tb
from tildelingsbrev.findings import Severity
from tildelingsbrev.pipeline import check


@pytest.fixture
def scenario(tmp_path) -> Path:
    return over_tid(tmp_path / "data")


def _found(root: Path, code: str) -> list:
    return [f for f in check(root).active if f.code == code]


def _line(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_the_scenario_has_no_new_reference_findings(scenario):
    codes = {f.code for f in check(scenario).active}
    assert not codes & {"TB007", "TB102", "TB107", "TB113", "TB306", "TB010", "TB011"}


# ---------------------------------------------------------------- TB102 per brev


def test_tb102_checks_the_goal_from_mal_i_brev_in_that_letter(scenario):
    path = scenario / "oppdrag" / "2024-06.yaml"
    _edit(path, "mål_i_brev: {2025: 1}", "mål_i_brev: {2025: 7}")
    (f,) = _found(scenario, "TB102")
    assert (f.location.file, f.location.line, f.år) == (path, _line(path, "mål_i_brev"), 2025)
    assert f.message == (
        "oppdrag 2024-06 står under mål 7 (fra mål_i_brev 2025) i brevet for 2025, men brevet for 2025 "
        "har mål 1, 2 og 3"
    )


def test_tb102_without_mapping_the_old_goal_is_checked_in_the_new_letter(scenario):
    """2022-24 står under mål 4 i 2024; uten `mål_i_brev` står det under mål 4 i 2025 også, og
    brevet for 2025 har bare mål 1–3."""
    path = scenario / "oppdrag" / "2022-24.yaml"
    _edit(path, "mål_i_brev: {2025: 3}\n", "")
    (f,) = _found(scenario, "TB102")
    assert (f.location.file, f.location.line, f.år) == (path, _line(path, "mål: 4"), 2025)
    assert "står under mål 4 i brevet for 2025" in f.message and "mål_i_brev" not in f.message


def test_tb102_a_mapping_for_a_year_without_letter_is_a_warning(scenario):
    path = scenario / "oppdrag" / "2022-24.yaml"
    _edit(path, "mål_i_brev: {2025: 3}", "mål_i_brev: {2025: 3, 2026: 1}")
    (f,) = _found(scenario, "TB102")
    assert f.severity is Severity.WARNING and f.location.line == _line(path, "mål_i_brev")
    assert "data har ikke noe brev for 2026 (brev for 2024 og 2025)" in f.message


# ---------------------------------------------------------------- rapportene per brev


def test_tb107_a_report_only_in_a_later_letter_is_unknown_to_an_oppdrag_not_in_it(scenario):
    """halvårsrapport-2025 står bare i brevet for 2025. 2024-10 ble levert før det brevet og er
    bare med i brevet for 2024: fristen kan ikke følge den. 2024-06 er med i begge: den kan."""
    closed = scenario / "oppdrag" / "2024-10.yaml"
    _edit(
        closed,
        "    merknad: Inngå i årsrapport",
        "  - rapport: halvårsrapport-2025\n    merknad: Inngå i årsrapport",
    )
    open_ = scenario / "oppdrag" / "2024-06.yaml"
    _edit(open_, "frist_trykt:", "  - rapport: halvårsrapport-2025\nfrist_trykt:")
    (f,) = _found(scenario, "TB107")
    assert f.location.file == closed and f.år == 2024
    assert "som ikke står i rapporteringskalenderen i brevet for 2024" in f.message
    assert [r.file for r in f.related] == [scenario / "brev" / "2024" / "brev.yaml"]


def _with_annual_report_deadline(scenario: Path, printed: str) -> Path:
    """2024-06 (med i brevene for 2024 og 2025) får en frist som følger årsrapporten for 2024:
    15.03.2025 i brevet for 2024, 14.03.2025 i brevet for 2025."""
    path = scenario / "oppdrag" / "2024-06.yaml"
    _edit(path, "frist_trykt: |-\n", "  - rapport: årsrapport-2024\nfrist_trykt: |-\n")
    _edit(path, "  15.06.2024\n", f"  15.06.2024\n  {printed}\n")
    return path


@pytest.mark.parametrize("printed", ["15.03.2025", "14.03.2025"])
def test_tb306_the_report_date_in_each_letter_is_right(scenario, printed):
    """Datoen trykt i 2024 (15.03.2025) er riktig, selv om brevet for 2025 har flyttet
    årsrapporten til 14.03.2025; og 2025-datoen er riktig i det brevet."""
    _with_annual_report_deadline(scenario, printed)
    assert _found(scenario, "TB306") == []


def test_tb306_a_date_no_letter_has(scenario):
    path = _with_annual_report_deadline(scenario, "16.03.2025")
    (f,) = _found(scenario, "TB306")
    assert f.location.file == path and "14.03.2025" in f.message and "15.03.2025" in f.message
    calendars = {r.file for r in f.related if r.file.name == "brev.yaml"}
    assert calendars == {scenario / "brev" / "2024" / "brev.yaml", scenario / "brev" / "2025" / "brev.yaml"}


@pytest.mark.parametrize(("frist", "ok"), [("2025-03-15", True), ("2025-03-14", True), ("2025-03-16", False)])
def test_tb113_a_report_deadline_is_delivered_by_its_date_in_either_letter(scenario, frist, ok):
    path = _with_annual_report_deadline(scenario, "15.03.2025")
    _edit(path, "mål_i_brev:", f"leveranser:\n  - frist: {frist}\n    dato: 2025-03-10\nmål_i_brev:")
    found = _found(scenario, "TB113")
    if ok:
        assert found == []
    else:
        (f,) = found
        assert f.location.line == _line(path, f"frist: {frist}")
        assert "leveransen viser til fristen 16.03.2025" in f.message
        assert "14.03.2025" in f.message and "15.03.2025" in f.message


# ---------------------------------------------------------------- TB007: år uten brev


NEW_2026 = "id: 2026-01\ntittel: Et oppdrag gitt før brevet for 2026 finnes\nmål: 1\nfrister:\n  - dato: 2026-06-01\n"


def test_tb007_an_oppdrag_for_a_year_without_letter(scenario):
    path = scenario / "oppdrag" / "2026-01.yaml"
    path.write_text(NEW_2026, encoding="utf-8")
    (f,) = _found(scenario, "TB007")
    assert (f.location.file, f.location.line, f.år) == (path, 1, 2026)
    assert f.message == (
        "oppdrag 2026-01 er gitt i 2026, men det finnes ikke noe brev for 2026 (brev/2026/brev.yaml), "
        "og oppdraget er ikke med i noe brev i data (brev for 2024 og 2025)"
    )
    assert _found(scenario, "TB102") == []  # ikke i noe brev: målet sjekkes ikke


@pytest.mark.parametrize(
    ("rel", "content"),
    [
        ("mål/2026/mål-1.yaml", "år: 2026\nnr: 1\ntittel: Et mål for 2026\n"),
        ("styringsparametere/2026/sp-01.yaml", "år: 2026\nnr: 1\nmål: 1\ntekst: Andel i arbeid\n"),
        ("budsjett/2026/kap-670.yaml", "år: 2026\nkapittel: 670\nnavn: IMDi\n"),
    ],
    ids=["mål", "styringsparameter", "budsjett"],
)
def test_tb007_goals_steering_parameters_and_budget_for_a_year_without_letter(scenario, rel, content):
    path = scenario / rel
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    (scenario / "oppdrag" / "2026-01.yaml").write_text(NEW_2026, encoding="utf-8")
    (f,) = _found(scenario, "TB007")  # ett funn for året
    assert (f.location.file, f.år) == (path, 2026)
    assert f.message == "det finnes ikke noe brev for 2026 (brev/2026/brev.yaml)"


# ---------------------------------------------------------------- tb render --år


def _error_in_2025(scenario: Path) -> None:
    _edit(scenario / "budsjett" / "2025" / "kap-670.yaml", "sum: 390000000", "sum: 390000001")


def test_render_of_2024_does_not_warn_about_an_error_in_2025(scenario):
    _error_in_2025(scenario)
    assert [f.år for f in check(scenario).active if f.severity is Severity.ERROR] == [2025]
    res = _tb("render", "--data", str(scenario), "--år", "2024", "--strict")
    assert res.exit_code == 0 and res.stderr == ""
    assert "\n# Tildelingsbrev 2024" in res.stdout  # etter brevhodet


def test_render_of_2025_warns_about_its_own_error(scenario):
    _error_in_2025(scenario)
    res = _tb("render", "--data", str(scenario), "--år", "2025")
    assert res.exit_code == 0
    assert res.stderr.startswith("tb: advarsel: brevet har 1 feil fra tb check (TB201):")
    assert "budsjett/2025/kap-670.yaml" in res.stderr
    strict = _tb("render", "--data", str(scenario), "--år", "2025", "--strict")
    assert strict.exit_code == 1 and strict.stderr.startswith("tb: nekter: brevet har 1 feil")


def test_render_of_2025_does_not_warn_about_an_error_in_2024(scenario):
    _edit(scenario / "budsjett" / "2024" / "kap-670.yaml", "sum: 377140000", "sum: 377140001")
    res = _tb("render", "--data", str(scenario), "--år", "2025", "--strict")
    assert res.exit_code == 0 and res.stderr == ""
    warned = _tb("render", "--data", str(scenario), "--år", "2024")
    assert "TB201" in warned.stderr and "budsjett/2024/kap-670.yaml" in warned.stderr
