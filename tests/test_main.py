"""Inngangen `tb` (cli.main): en feil i tb selv blir én norsk linje og kode 2, aldri en
traceback; TB_DEBUG=1 viser tracebacken."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import tildelingsbrev.check as check_module
from tildelingsbrev.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"


def _crash(*args, **kwargs):
    raise RuntimeError("simulert feil")


def test_internal_error_is_one_line_and_exit_2(monkeypatch, capsys):
    monkeypatch.setattr(check_module, "check", _crash)
    monkeypatch.setattr(sys, "argv", ["tb", "check", "--data", str(DATA)])
    monkeypatch.delenv("TB_DEBUG", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "intern feil" in err and "simulert feil" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_debug_shows_the_exception(monkeypatch):
    monkeypatch.setattr(check_module, "check", _crash)
    monkeypatch.setattr(sys, "argv", ["tb", "check", "--data", str(DATA)])
    monkeypatch.setenv("TB_DEBUG", "1")
    with pytest.raises(RuntimeError, match="simulert feil"):
        main()


def test_normal_exit_codes_pass_through(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["tb", "check", "--data", str(DATA)])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0
    monkeypatch.setattr(sys, "argv", ["tb", "check", "--data", str(DATA / "finnes-ikke")])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 2
