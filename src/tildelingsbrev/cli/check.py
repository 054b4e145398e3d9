"""`tb check`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import DataOpt, app, data_dir


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


@app.command("check")
def check_cmd(
    data: DataOpt = Path("data"),
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Utdataformat.")] = CheckFormat.text,
    no_baseline: Annotated[
        bool, typer.Option("--no-baseline", help="Se bort fra data/baseline.yaml og vis alle funn.")
    ] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Advarsler gir også avslutningskode 1.")] = False,
    vis_kjente: Annotated[
        bool, typer.Option("--vis-kjente", help="List også funnene grunnlinjen har akseptert.")
    ] = False,
) -> None:
    """Sjekk brevet: skjema, referanser, summer, beløp og datoer i teksten.

    Avslutningskode 0 når det ikke er feil, 1 når det er feil (eller advarsler med --strict),
    2 når sjekken ikke kan kjøre.
    """
    from ..check import check
    from ..report import to_json, to_text

    result = check(data_dir(data), use_baseline=not no_baseline)
    if format is CheckFormat.json:
        sys.stdout.write(to_json(result))
    else:
        _print_lines(to_text(result, show_acknowledged=vis_kjente))
    raise typer.Exit(result.exit_code(strict))


def _print_lines(lines: list[tuple[str, str]]) -> None:
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    styles = {"error": "red", "warning": "yellow", "dim": "dim", "ok": "green"}
    for text, style in lines:
        console.print(Text(text, style=styles.get(style, "")))
