"""`tb regler` og `tb forklar`."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from . import OutputOpt, app, check_output, fail, write_output
from .hjelp import NorskCommand


class RegelFormat(str, Enum):
    tabell = "tabell"
    json = "json"


def _complete_rule(incomplete: str) -> list[tuple[str, str]]:
    from ..reporting.rules import all_rules, rule_summary

    q = incomplete.casefold()
    return [
        (value, rule_summary(r))
        for r in all_rules()
        for value in (r.code, r.name)
        if value.casefold().startswith(q)
    ]


@app.command("regler", cls=NorskCommand)
def regler_cmd(
    format: Annotated[RegelFormat, typer.Option("--format", "-f", help="Utdataformat.")] = RegelFormat.tabell,
    output: OutputOpt = None,
) -> None:
    """List alle reglene familie for familie: kode, navn, alvorlighet og hva de sjekker."""
    from ..reporting.rules import rules_json, rules_table

    check_output(output)
    content = rules_json() if format is RegelFormat.json else rules_table()
    if output is not None:
        write_output(output, content)
    else:
        sys.stdout.write(content)


@app.command("forklar", cls=NorskCommand)
def forklar_cmd(
    regel: Annotated[
        str,
        typer.Argument(
            help="Regelens kode (TB201, tb201, 201) eller navn (kapittelsum).",
            metavar="REGEL",
            autocompletion=_complete_rule,
            show_default=False,
        ),
    ],
) -> None:
    """Vis hele dokumentasjonen til en regel: hva den sjekker, hvorfor og et eksempel."""
    from ..reporting.rules import explain, find_rule, similar_rules

    r = find_rule(regel)
    if r is None:
        hint = similar_rules(regel)
        fail(
            f"ukjent regel «{regel}»"
            + (f"; mente du {' eller '.join(hint)}?" if hint else "")
            + " (se `tb regler`)"
        )
    sys.stdout.write(explain(r))
