"""Reglene i to prosesser (store repositorier): de samme funnene i samme rekkefølge som i én
prosess, og en regel eller en prosess som feiler, skjuler aldri et funn."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from pathlib import Path

import pytest

from tildelingsbrev.pipeline import CheckResult, check, load_model, run_checks
from tildelingsbrev.rules import ALL_RULES, RULES_BY_CODE, run_rules
from tildelingsbrev.rules.maler import templates_render

DATA = Path(__file__).resolve().parents[1] / "data"

pytestmark = pytest.mark.skipif(
    not (hasattr(os, "fork") and sys.platform.startswith("linux")), reason="to prosesser bare på Linux"
)


def _flat(result) -> list[tuple]:
    return [
        (f.code, str(f.location.file), f.location.line, f.location.column, f.message, f.acknowledged)
        for f in result.findings
    ]


@pytest.fixture
def forks(monkeypatch) -> list[int]:
    """Teller hvor mange ganger sjekken starter en prosess til."""
    started: list[int] = []
    real = os.fork

    def counting_fork() -> int:
        pid = real()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting_fork)
    return started


@pytest.mark.parametrize("use_baseline", [True, False], ids=["med-grunnlinje", "uten-grunnlinje"])
def test_two_processes_give_the_same_findings_in_the_same_order(monkeypatch, forks, use_baseline):
    monkeypatch.setenv("TB_PARALLELL", "0")
    alone = check(DATA, use_baseline=use_baseline)
    assert forks == []
    monkeypatch.setenv("TB_PARALLELL", "1")
    together = check(DATA, use_baseline=use_baseline)
    assert len(forks) == 1
    assert _flat(together) == _flat(alone)
    # reglene i den andre prosessen (de tunge) har funn i 2024-dataene (helgefristene, TB309)
    assert {f.code for f in together.findings} & {r.code for r in ALL_RULES if r.heavy}


def _check_with(code: str, check_func) -> CheckResult:
    """`tb check --no-baseline` på data/ med funksjonen til regelen `code` byttet ut."""
    rules = tuple(dataclasses.replace(r, check=check_func) if r.code == code else r for r in ALL_RULES)
    return run_checks(load_model(DATA), rules, use_baseline=False)


def test_a_rule_crashing_in_the_second_process_is_one_TB900_finding(monkeypatch, forks):
    monkeypatch.setenv("TB_PARALLELL", "1")

    def boom(repo, report):
        raise ValueError("helligdager")

    result = _check_with("TB309", boom)
    assert len(forks) == 1
    crashes = [f for f in result.findings if f.code == "TB900"]
    assert [("TB309" in f.message, "ValueError" in f.message) for f in crashes] == [(True, True)]
    assert not [f for f in result.findings if f.code == "TB309"]


def test_if_the_second_process_dies_the_rules_run_here_instead(monkeypatch, forks):
    """En prosess som blir drept (minnet, et signal) gir ikke en sjekk uten de funnene."""
    monkeypatch.setenv("TB_PARALLELL", "1")
    parent = os.getpid()
    real = RULES_BY_CODE["TB309"].check

    def dies_in_the_child(repo, report):
        if os.getpid() != parent:
            os._exit(9)
        real(repo, report)

    result = _check_with("TB309", dies_in_the_child)
    assert len(forks) == 1
    monkeypatch.setenv("TB_PARALLELL", "0")
    alone = check(DATA, use_baseline=False)
    assert _flat(result) == _flat(alone)
    assert any(f.code == "TB309" for f in result.findings)


def test_small_repositories_run_in_one_process(monkeypatch, forks, tmp_path):
    monkeypatch.delenv("TB_PARALLELL", raising=False)
    shutil.copytree(DATA, tmp_path / "data")
    check(tmp_path / "data")
    assert forks == []


def test_a_subset_of_the_rules_gives_the_same_findings_in_two_processes(monkeypatch, forks):
    """`tb render` kjører alle reglene unntatt malregelen: den tunge TB309 går da alene i den
    andre prosessen."""
    repo = load_model(DATA).repo
    subset = tuple(r for r in ALL_RULES if r is not templates_render)
    monkeypatch.setenv("TB_PARALLELL", "0")
    alone = run_rules(repo, subset)
    monkeypatch.setenv("TB_PARALLELL", "1")
    together = run_rules(repo, subset)
    assert len(forks) == 1
    assert together == alone
    assert any(f.code == "TB309" for f in together) and not any(f.code == "TB501" for f in together)
