"""Grunnlinjen per brev (issue 13): en oppføring gjelder ett brev (`år`, kode, gjelder).

Det brukeren merker: et funn i brevet for 2025 skjules aldri av en oppføring for 2024 (heller
ikke av en gammel oppføring uten år), en oppføring uten år gjelder det eldste brevet og gir
TB011, TB010 sier hvilket brev en ubrukt oppføring gjelder, og `tb grunnlinje --migrer` skriver
`år` inn uten å røre resten av fila (kommentarene med), én gang.

Scenariet er tests/fixtures/over_tid (brevet for 2025 med TB403 «670.01 overskrift» og TB308
«mål 3 overskrift», samme kode og subjekt som to oppføringer for 2024) lagt over data/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casekit import PUBLISHED, over_tid
from casekit import tb_in_process as _tb
from tildelingsbrev.baseline import migrate_text
from tildelingsbrev.cache import cached_check
from tildelingsbrev.pipeline import check

THE_2025_ERRORS = {("TB403", "670.01 overskrift"), ("TB308", "mål 3 overskrift")}
"""Kjente feil i 2024 som også står i det oppdiktede brevet for 2025 (se README i over_tid)."""


def _without_years(text: str) -> str:
    """baseline.yaml slik den var før brevene fikk år: `år: 2024` fjernet fra hver oppføring."""
    out, n = re.subn(r"(\n *- )år: \d{4}\n *", r"\1", text)
    assert n == text.count("kode:"), "hver oppføring skal ha hatt år"
    return out


@pytest.fixture
def scenario(tmp_path) -> Path:
    return over_tid(tmp_path / "data")


@pytest.fixture
def old_baseline(scenario) -> Path:
    """Scenariet med grunnlinjen uten år (slik den var skrevet før issue 13)."""
    path = scenario / "baseline.yaml"
    path.write_text(_without_years(path.read_text(encoding="utf-8")), encoding="utf-8")
    return scenario


def _active(result) -> set[tuple[str, str, int | None]]:
    return {(f.code, f.subject, f.år) for f in result.active}


def _acknowledged(result) -> set[tuple[str, str, int | None]]:
    return {(f.code, f.subject, f.år) for f in result.acknowledged}


# ---------------------------------------------------------------- et 2025-funn skjules ikke


def test_a_2025_finding_is_not_hidden_by_the_2024_entry(scenario):
    result = check(scenario)
    for code, subject in THE_2025_ERRORS:
        assert (code, subject, 2025) in _active(result)
        assert (code, subject, 2024) in _acknowledged(result)  # 2024-brevet: kjent, som før
    assert not [f for f in result.findings if f.code in ("TB010", "TB011")]


def test_the_2025_finding_is_shown_as_2025_in_json(scenario):
    res = _tb("check", "--data", str(scenario), "--format", "json")
    doc = json.loads(res.stdout)
    shown = {(f["kode"], f["gjelder"], f["år"]) for f in doc["funn"]}
    assert {(c, s, 2025) for c, s in THE_2025_ERRORS} <= shown
    assert {f["år"] for f in doc["kjente"]} == {2024}
    assert res.exit_code == 0  # advarsler


def test_an_entry_for_2025_accepts_the_2025_finding_only(scenario):
    path = scenario / "baseline.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  - år: 2025\n    kode: TB403\n    gjelder: 670.01 overskrift\n"
        + "    begrunnelse: Overskriften er trykt slik i 2025 også.\n",
        encoding="utf-8",
    )
    result = check(scenario)
    assert ("TB403", "670.01 overskrift", 2025) in _acknowledged(result)
    assert ("TB308", "mål 3 overskrift", 2025) in _active(result)
    assert not [f for f in result.findings if f.code in ("TB010", "TB011")]


def test_the_2024_findings_are_the_same_after_the_2025_letter(scenario):
    """Tiden skriver ikke om fortiden i sjekken heller: funnene i brevet for 2024 er de samme
    med og uten brevet for 2025, leveransene og de nye oppdragene."""

    def of_2024(root: Path) -> list[tuple]:
        return sorted(
            (f.code, f.subject, f.message) for f in check(root, use_baseline=False).findings if f.år == 2024
        )

    published = check(PUBLISHED, use_baseline=False).findings
    assert {f.år for f in published} == {2024}
    assert of_2024(scenario) == of_2024(PUBLISHED)


# ---------------------------------------------------------------- oppføringer uten år


def test_an_entry_without_year_applies_to_the_eldest_letter_only(old_baseline):
    result = check(old_baseline)
    for code, subject in THE_2025_ERRORS:
        assert (code, subject, 2025) in _active(result)  # aldri skjult av en oppføring uten år
        assert (code, subject, 2024) in _acknowledged(result)
    assert len(result.acknowledged) == 47
    tb011 = [f for f in result.findings if f.code == "TB011"]
    assert len(tb011) == 47 and not [f for f in result.findings if f.code == "TB010"]
    first = min(tb011, key=lambda f: f.location.line)
    assert (first.location.file.name, first.location.line) == ("baseline.yaml", 11)
    assert "legg til `år: 2024`" in first.message and "tb grunnlinje --migrer" in first.message


def test_an_entry_without_year_for_a_finding_only_in_2025_says_so(old_baseline):
    """Oppføringen uten år gjelder 2024; funnet finnes bare i 2025: TB010 peker dit."""
    (old_baseline / "budsjett" / "2024" / "670-01.yaml").write_text(
        (old_baseline / "budsjett" / "2024" / "670-01.yaml")
        .read_text(encoding="utf-8")
        .replace("overskrift: IMDis driftsutgifter", "overskrift: Driftsutgifter"),
        encoding="utf-8",
    )
    result = check(old_baseline)
    assert ("TB403", "670.01 overskrift", 2025) in _active(result)
    stale = [f for f in result.findings if f.code == "TB010"]
    assert len(stale) == 1
    assert "i brevet for 2024 (oppføringen har ikke år)" in stale[0].message
    assert "funnet finnes bare i brevet for 2025" in stale[0].message


# ---------------------------------------------------------------- tb grunnlinje --migrer


def test_migration_restores_the_published_baseline_byte_for_byte(old_baseline):
    """Grunnlinjen uten år, migrert, er fila i data/ byte for byte: kommentarene, blokkteksten,
    rekkefølgen og innrykket står; bare `år: 2024` er lagt til."""
    path = old_baseline / "baseline.yaml"
    comments = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")
    ]
    assert len(comments) > 10
    res = _tb("grunnlinje", "--migrer", "--data", str(old_baseline))
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("Skrev år inn i 47 oppføringer i ") and "(2024: 47)" in res.stdout
    assert path.read_bytes() == (PUBLISHED / "baseline.yaml").read_bytes()
    result = check(old_baseline)
    assert not [f for f in result.findings if f.code in ("TB010", "TB011")]
    assert len(result.acknowledged) == 47


def test_migration_is_idempotent(old_baseline):
    path = old_baseline / "baseline.yaml"
    assert _tb("grunnlinje", "--migrer", "--data", str(old_baseline)).exit_code == 0
    before = path.read_bytes()
    st = path.stat()
    again = _tb("grunnlinje", "--migrer", "--data", str(old_baseline))
    assert again.exit_code == 0
    assert "har år; fila er urørt" in again.stdout
    assert path.read_bytes() == before and path.stat().st_ino == st.st_ino  # ikke skrevet på nytt


def test_migration_keeps_an_entry_for_a_finding_in_all_letters_without_year(old_baseline):
    (old_baseline / "notater.yaml").write_text("tekst: notater\n", encoding="utf-8")
    path = old_baseline / "baseline.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  # en fil rett i data-mappa hører ikke til noe brev\n"
        + "  - kode: TB005\n    gjelder: notater.yaml\n    begrunnelse: Notatene våre ligger her.\n",
        encoding="utf-8",
    )
    res = _tb("grunnlinje", "--migrer", "--data", str(old_baseline))
    assert res.exit_code == 0, res.output
    assert "1 oppføring uten år gjelder funn i alle brev og står som før" in res.stdout
    text = path.read_text(encoding="utf-8")
    assert text.endswith(
        "  - kode: TB005\n    gjelder: notater.yaml\n    begrunnelse: Notatene våre ligger her.\n"
    )
    assert "  # en fil rett i data-mappa hører ikke til noe brev\n" in text
    result = check(old_baseline)
    assert ("TB005", "notater.yaml", None) in _acknowledged(result)
    assert not [f for f in result.findings if f.code in ("TB010", "TB011")]


def test_migration_of_an_entry_that_matches_nothing_uses_the_eldest_letter(tmp_path):
    root = over_tid(tmp_path / "data")
    path = root / "baseline.yaml"
    path.write_text(
        "akseptert:\n  # rettet for lenge siden\n  - kode: TB201\n    gjelder: kap. 999 sum, differanse 1\n"
        "    begrunnelse: Et funn som ikke finnes lenger.\n",
        encoding="utf-8",
    )
    assert _tb("grunnlinje", "--migrer", "--data", str(root)).exit_code == 0
    assert path.read_text(encoding="utf-8") == (
        "akseptert:\n  # rettet for lenge siden\n  - år: 2024\n    kode: TB201\n"
        "    gjelder: kap. 999 sum, differanse 1\n    begrunnelse: Et funn som ikke finnes lenger.\n"
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            "akseptert:\r\n  - kode: TB201 # kommentar\r\n    gjelder: x\r\n",
            "akseptert:\r\n  - år: 2024\r\n    kode: TB201 # kommentar\r\n    gjelder: x\r\n",
        ),
        (
            "akseptert:\n- {kode: TB201, gjelder: x}\n",
            "akseptert:\n- {år: 2024, kode: TB201, gjelder: x}\n",
        ),
        (
            "\ufeffakseptert:\n    -   kode: TB201\n        gjelder: 'x'\n",
            "\ufeffakseptert:\n    -   år: 2024\n        kode: TB201\n        gjelder: 'x'\n",
        ),
        (
            "akseptert: [{kode: TB201, gjelder: x}, {kode: TB201, gjelder: x}]\n",
            "akseptert: [{år: 2024, kode: TB201, gjelder: x}, {år: 2024, kode: TB201, gjelder: x}]\n",
        ),
    ],
    ids=["crlf-og-kommentar", "flyt", "bom-og-bredt-innrykk", "to-på-en-linje"],
)
def test_migrate_text_only_adds_the_year(before, after):
    n = before.count("kode:")
    assert (
        migrate_text(before.encode(), dict.fromkeys(range(n), 2024), [("TB201", "x")] * n) == after.encode()
    )


def test_migration_refuses_a_symlinked_baseline(old_baseline, tmp_path):
    outside = tmp_path / "utenfor.yaml"
    path = old_baseline / "baseline.yaml"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    path.symlink_to(outside)
    before = outside.read_bytes()
    res = _tb("grunnlinje", "--migrer", "--data", str(old_baseline))
    assert res.exit_code == 2
    assert outside.read_bytes() == before and path.is_symlink()


def test_a_baseline_that_cannot_be_read_is_exit_2(scenario):
    (scenario / "baseline.yaml").write_text("akseptert:\n  - kode: [\n", encoding="utf-8")
    for args in (("grunnlinje",), ("grunnlinje", "--migrer")):
        res = _tb(*args, "--data", str(scenario))
        assert res.exit_code == 2
        assert "kan ikke lese grunnlinjen" in res.stderr and "baseline.yaml" in res.stderr


def test_no_baseline_is_exit_2(scenario):
    (scenario / "baseline.yaml").unlink()
    res = _tb("grunnlinje", "--migrer", "--data", str(scenario))
    assert res.exit_code == 2 and "fant ikke grunnlinjen" in res.stderr


# ---------------------------------------------------------------- tb grunnlinje (oversikten)


def test_listing_per_letter(old_baseline):
    res = _tb("grunnlinje", "--data", str(old_baseline))
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].endswith("baseline.yaml: 47 oppføringer")
    assert lines[1].startswith("  uten år (brevet for 2024, det eldste): 47 (TB104 ×2, TB105 ×6,")
    assert "tb grunnlinje --migrer" in lines[1]
    assert lines[2] == "  ingen oppføringer for brevet for 2025"
    _tb("grunnlinje", "--migrer", "--data", str(old_baseline))
    lines = _tb("grunnlinje", "--data", str(old_baseline)).stdout.splitlines()
    assert lines[1].startswith("  brevet for 2024: 47 (TB104 ×2, TB105 ×6,") and "uten år" not in lines[1]


# ---------------------------------------------------------------- hurtigbufferen


def test_the_cache_keeps_the_letter_of_each_finding(scenario, tmp_path, monkeypatch):
    monkeypatch.setenv("TB_CACHE", "1")
    monkeypatch.setenv("TB_CACHE_DIR", str(tmp_path / "buffer"))
    miss = cached_check(scenario)
    hit = cached_check(scenario)
    assert miss.repo is not None and hit.repo is None
    assert [f.år for f in hit.findings] == [f.år for f in miss.findings]
    assert {2024, 2025} <= {f.år for f in hit.findings}
    stored = json.loads(next((tmp_path / "buffer").glob("sjekk-*.json")).read_text())
    assert {2024, 2025} <= {x[-1] for x in stored["funn"]}


def test_migration_leaves_a_file_changed_meanwhile_alone(old_baseline, monkeypatch):
    """En annen (en redigering, en git checkout) endrer fila mens migreringen regner: da skrives
    ingenting over, og brukeren får beskjed."""
    import tildelingsbrev.baseline as baseline_module

    real = baseline_module.plan_migration
    path = old_baseline / "baseline.yaml"
    meanwhile = path.read_bytes() + b"# endret av noen andre\n"

    def plan_and_change(*args, **kwargs):
        plan = real(*args, **kwargs)
        path.write_bytes(meanwhile)
        return plan

    monkeypatch.setattr(baseline_module, "plan_migration", plan_and_change)
    result = _tb("grunnlinje", "--migrer", "--data", str(old_baseline))
    assert result.exit_code == 2
    assert "ble endret mens tb grunnlinje --migrer kjørte" in result.output
    assert path.read_bytes() == meanwhile


def test_an_amount_not_filled_in_does_not_make_a_sum_entry_stale(tmp_path):
    """En ny post uten tildeling i kap. 671: TB201 kan ikke sjekkes før beløpet er fylt inn, og
    grunnlinjen skal ikke be om at oppføringen for kapittelsummen fjernes (funnet kommer tilbake)."""
    root = over_tid(tmp_path / "data")
    (root / "budsjett" / "2024" / "671-74.yaml").write_text(
        "år: 2024\nkapittel: 671\npost: 74\nbetegnelse: Tilskudd\ntildeling: null\n", encoding="utf-8"
    )
    codes = {f.code for f in check(root).active}
    assert "TB601" in codes
    assert "TB010" not in codes
