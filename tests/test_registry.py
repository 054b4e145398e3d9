"""The rule registry: every rule has a stable code, a unique name, documentation and cases."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

import tildelingsbrev.rules as rules_module
from casekit import CASES_DIR, all_case_files, apply_patches, copy_valid
from tildelingsbrev.findings import Severity
from tildelingsbrev.pipeline import check
from tildelingsbrev.rules import ALL_RULES, RULES_BY_CODE, run_rules

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


def test_crashing_rule_becomes_one_TB900_finding_and_the_run_completes(tmp_path, monkeypatch):
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
    monkeypatch.setattr(rules_module, "run_rules", lambda repo: run_rules(repo, rules))

    result = check(root, use_baseline=True)

    crashes = [f for f in result.findings if f.code == "TB900"]
    assert len(crashes) == 1
    assert crashes[0].severity is Severity.ERROR
    assert "TB202" in crashes[0].message and "KeyError" in crashes[0].message
    assert {f.code for f in result.findings} == {"TB201", "TB403", "TB900"}
    assert result.exit_code() == 1
