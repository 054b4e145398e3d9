"""The rule registry: every rule has a stable code, a unique name, documentation and cases,
lives in the module of its code family, and carries all its properties itself."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import types
from collections import Counter
from pathlib import Path

import pytest

import tildelingsbrev.rules as rules_module
from casekit import CASES_DIR, all_case_files, apply_patches, copy_valid
from tildelingsbrev.findings import Severity
from tildelingsbrev.loading import LOADER_RULES
from tildelingsbrev.pipeline import load_model, run_checks
from tildelingsbrev.rule import Phase, Rule, rule
from tildelingsbrev.rules import ALL_RULES, FAMILIES, RULES_BY_CODE, Family, defined_in, run_rules
from tildelingsbrev.rules.maler import templates_render

DATA = Path(__file__).resolve().parents[1] / "data"

# TB900 (a rule crashed) cannot be provoked by data; test_crashing_rule_* below covers it.
NO_CASE_FILE = {"TB900"}


def test_codes_are_unique_and_look_like_TBnnn():
    codes = [r.code for r in ALL_RULES]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert [c for c in codes if not re.fullmatch(r"TB\d{3}", c)] == []


def test_names_are_unique_kebab_case():
    names = [r.name for r in ALL_RULES]
    assert [n for n, k in Counter(names).items() if k > 1] == []
    assert [n for n in names if not re.fullmatch(r"[a-zæøå0-9]+(-[a-zæøå0-9]+)*", n)] == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert rule.summary, f"{rule.code} {rule.name} has no docstring"
    assert len(rule.summary) >= 15, f"{rule.code}: first line too short to explain anything: {rule.summary!r}"
    assert isinstance(rule.severity, Severity)


def test_every_rule_has_a_case_file():
    have = set(all_case_files())
    expected = {r.code for r in ALL_RULES} - NO_CASE_FILE
    assert sorted(expected - have) == [], "rules without tests/cases/TBnnn.yaml"
    assert sorted(have - expected) == [], "case files for codes that are not in ALL_RULES"


@pytest.mark.parametrize("code", sorted({r.code for r in ALL_RULES} - NO_CASE_FILE))
def test_rule_has_failing_and_passing_cases(code):
    path = CASES_DIR / f"{code}.yaml"
    assert path.is_file(), f"missing {path.name}"
    cases = [c for c in all_case_files()[code] if not c.xfail]  # an expected failure proves nothing
    assert any(c.failing for c in cases), f"{code}: no case where the rule reports something"
    assert any(not c.failing for c in cases), f"{code}: no case where the rule stays quiet"


def test_crashing_rule_becomes_one_TB900_finding_and_the_run_completes(tmp_path):
    root = copy_valid(tmp_path / "data")
    # One finding from a rule before the crashing one and one from a rule after it.
    apply_patches(
        root,
        {
            "budsjett/2030/kap-100.yaml": {"replace": [["sum: 85200000", "sum: 85300000"]]},
            "budsjett/2030/100-01.yaml": {"replace": [["overskrift: Driftsutgifter", "overskrift: Drift"]]},
        },
    )

    def boom(repo, report):
        raise KeyError("bindinger")

    crashing = dataclasses.replace(RULES_BY_CODE["TB202"], check=boom)
    rules = tuple(crashing if r.code == "TB202" else r for r in ALL_RULES)

    result = run_checks(load_model(root), rules, use_baseline=True)

    crashes = [f for f in result.findings if f.code == "TB900"]
    assert len(crashes) == 1
    assert crashes[0].severity is Severity.ERROR
    assert "TB202" in crashes[0].message and "KeyError" in crashes[0].message
    assert {f.code for f in result.findings} == {"TB201", "TB403", "TB900"}
    assert result.exit_code() == 1


# ---------------------------------------------------------------- the families


def test_families_are_in_code_order_with_unique_names():
    codes = [f.code for f in FAMILIES]
    assert [c for c in codes if not re.fullmatch(r"TB\dxx", c)] == []
    assert codes == sorted(set(codes))
    names = [f.name for f in FAMILIES]
    assert len(set(names)) == len(names) and all(names)


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.code)
def test_every_rule_is_in_the_module_of_its_family(family):
    assert family.rules(), f"{family.code} has no rules"
    wrong = [(r.code, m.__name__) for m in family.modules for r in defined_in(m) if r.family != family.code]
    assert wrong == []


@pytest.mark.parametrize("family", FAMILIES, ids=lambda f: f.code)
def test_module_docstrings_name_their_family(family):
    for m in family.modules:
        if m.__name__.startswith("tildelingsbrev.rules."):
            assert family.code in (m.__doc__ or ""), f"{m.__name__}: the docstring should name {family.code}"


def test_all_rules_are_collected_from_the_families_in_order():
    assert ALL_RULES == tuple(r for f in FAMILIES for r in f.rules())
    for f in FAMILIES:
        for m in f.modules:
            codes = [r.code for r in defined_in(m)]
            assert codes == sorted(codes)


def test_every_module_in_rules_belongs_to_a_family():
    """A new module in rules/ that no family lists would have its rules silently skipped."""
    listed = {m.__name__ for f in FAMILIES for m in f.modules}
    for info in pkgutil.iter_modules(rules_module.__path__, rules_module.__name__ + "."):
        module = importlib.import_module(info.name)
        if defined_in(module):
            assert info.name in listed, f"{info.name} defines rules but is in no family in FAMILIES"


def test_a_rule_defined_in_a_family_module_is_registered_without_a_list():
    module = types.ModuleType("tildelingsbrev.rules.proeve", "TB7xx, prøve.")

    @rule("TB702", "andre-prøve")
    def second(repo, report):
        """Den andre prøveregelen, definert først."""

    @rule("TB701", "første-prøve")
    def first(repo, report):
        """Den første prøveregelen."""

    module.second, module.first = second, first
    assert [r.code for r in Family("TB7xx", "Prøve", (module,)).rules()] == ["TB701", "TB702"]


# ---------------------------------------------------------------- the properties on each rule


def test_the_phase_decides_who_reports_a_rule():
    assert [r for r in ALL_RULES if r.reported_by_loader] == list(LOADER_RULES)
    for r in ALL_RULES:
        assert (r.check is not None) == (r.phase is Phase.MODEL), r.code
    assert {r.code for r in ALL_RULES if r.phase is Phase.BASELINE} == {"TB010", "TB011"}
    assert {r.code for r in ALL_RULES if r.phase is Phase.INTERNAL} == {"TB900"}
    with pytest.raises(ValueError):
        Rule("TB799", "uten-funksjon", Severity.ERROR, "Mangler funksjonen.")


def test_what_the_baseline_cannot_acknowledge():
    """A file that cannot be read is missing from the letter and must be fixed; so must a
    stale baseline entry and a crashed rule. Everything else can be acknowledged."""
    for r in ALL_RULES:
        expected = r.phase in (Phase.MODEL, Phase.ACROSS) or (r.phase is Phase.READING and r.severity is Severity.WARNING)
        assert r.acknowledgeable is expected, r.code


def test_only_model_rules_are_heavy():
    heavy = [r for r in ALL_RULES if r.heavy]
    assert heavy and all(r.phase is Phase.MODEL for r in heavy)


def test_run_rules_takes_a_subset():
    """`tb render` runs every rule except the template rule (it renders the letter itself)."""
    repo = load_model(DATA).repo
    every = run_rules(repo)
    assert any(f.code == "TB309" for f in every)
    without_templates = run_rules(repo, tuple(r for r in ALL_RULES if r is not templates_render))
    assert without_templates == [f for f in every if f.code != templates_render.code]
    assert run_rules(repo, (RULES_BY_CODE["TB309"],)) == [f for f in every if f.code == "TB309"]
