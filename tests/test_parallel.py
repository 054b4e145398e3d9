"""Reglene i to prosesser (store repositorier): de samme funnene i samme rekkefølge som i én
prosess, og en regel eller en prosess som feiler, skjuler aldri et funn."""

from __future__ import annotations

import dataclasses
import os
import shutil
import sys
from pathlib import Path

import pytest

import tildelingsbrev.rules as rules_module
from tildelingsbrev.pipeline import check
from tildelingsbrev.rules import ALL_RULES, IN_SECOND_PROCESS, RULES_BY_CODE

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
    # reglene i den andre prosessen har funn i 2024-dataene (helgefristene, TB309)
    assert {f.code for f in together.findings} & set(IN_SECOND_PROCESS)


def _replace_rule(monkeypatch, code: str, check_func) -> None:
    rules = tuple(dataclasses.replace(r, check=check_func) if r.code == code else r for r in ALL_RULES)
    real = rules_module.run_rules
    monkeypatch.setattr(rules_module, "run_rules", lambda repo: real(repo, rules))


def test_a_rule_crashing_in_the_second_process_is_one_TB900_finding(monkeypatch, forks):
    monkeypatch.setenv("TB_PARALLELL", "1")

    def boom(repo, report):
        raise ValueError("helligdager")

    _replace_rule(monkeypatch, "TB309", boom)
    result = check(DATA, use_baseline=False)
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

    _replace_rule(monkeypatch, "TB309", dies_in_the_child)
    result = check(DATA, use_baseline=False)
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
