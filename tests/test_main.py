"""Inngangen `tb` (cli.main): en feil i tb selv blir én norsk linje og kode 2, aldri en
traceback; TB_DEBUG=1 viser tracebacken."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import tildelingsbrev.pipeline as check_module
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


HELP_PAGES = [
    [],
    ["check"],
    ["frister"],
    ["regler"],
    ["forklar"],
    ["render"],
    ["schema"],
    ["vis"],
    ["ny"],
    ["ny", "oppdrag"],
    ["ny", "styringsparameter"],
]
ENGLISH_IN_HELP = (
    "Usage:",
    "Options:",
    "Commands:",
    "Arguments:",
    "Show this message",
    "[default:",
    "[required]",
    "Install completion",
    "Show completion",
    "[OPTIONS]",
    "COMMAND",
    "<path>",
    "<int>",
    "<str>",
)


@pytest.mark.parametrize("args", HELP_PAGES, ids=lambda a: " ".join(a) or "tb")
def test_help_pages_are_norwegian(monkeypatch, capsys, args):
    """Hjelpesidene er på norsk, også det Typer og click skriver selv (overskrifter,
    standardverdier, hjelpevalget og fullføringsvalgene)."""
    monkeypatch.setattr(sys, "argv", ["tb", *args, "--help"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Bruk: tb {' '.join(args)}".rstrip() + " ")
    assert "Valg:" in out and "-h, --help" in out and "Vis denne hjelpen og avslutt." in out
    assert [w for w in ENGLISH_IN_HELP if w in out] == []


def test_help_shows_defaults_and_value_types_in_norwegian(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["tb", "frister", "-h"])
    with pytest.raises(SystemExit):
        main()
    out = capsys.readouterr().out
    assert "[standard: data]" in out and "[standard: tabell]" in out
    assert "-d, --data <sti>" in out and "--mål <heltall>" in out and "--neste <tekst>" in out


def test_tb_alone_shows_the_norwegian_help(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["tb"])
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Bruk: tb [VALG] KOMMANDO [ARGUMENTER]...")
    assert "Kommandoer:" in out and "Installer fullføring" in out
