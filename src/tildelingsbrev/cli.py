"""Kommandolinja `tb`. Tynn: valg blir en forespørsel, kjernen gjør jobben, rapporten skriver,
og her blir resultatet en avslutningskode (0 ingen feil, 1 feil, 2 kan ikke kjøre)."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    name="tb",
    help="Tildelingsbrev som data: sjekk brevet, se fristene og lag brevet.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root() -> None:
    """Tildelingsbrev som data: sjekk brevet, se fristene og lag brevet.

    Dataene ligger i data/ (eller mappa du gir med --data): ett brev per år, én fil per
    oppdrag, styringsparameter og budsjettpost.
    """


class CheckFormat(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str) -> None:
    """Kan ikke kjøre: én linje på stderr og kode 2."""
    typer.echo(f"tb: {message}", err=True)
    raise typer.Exit(2)


def _data_dir(data: Path) -> Path:
    if not data.exists():
        _fail(f"fant ikke data-mappa «{data}» (bruk --data MAPPE)")
    if not data.is_dir():
        _fail(f"«{data}» er ikke en mappe (bruk --data MAPPE)")
    return data


DataOpt = Annotated[
    Path,
    typer.Option("--data", "-d", help="Mappa med brevets data.", show_default=True),
]


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
    from .check import check
    from .report import to_json, to_text

    result = check(_data_dir(data), use_baseline=not no_baseline)
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


def main() -> None:  # pragma: no cover
    app()
