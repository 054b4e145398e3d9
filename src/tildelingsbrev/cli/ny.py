"""`tb ny oppdrag` og `tb ny styringsparameter`: modellen (`pipeline.load_model`) gir numrene
i bruk, `scaffold` lager fila."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..files import os_error
from ..text import safe_line
from . import DataOpt, app, data_dir, day_option, fail
from .hjelp import NorskCommand, NorskGroup

ny_app = typer.Typer(
    cls=NorskGroup,
    help="Lag en ny fil i data med neste ledige nummer: et oppdrag eller en styringsparameter.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(ny_app, name="ny")

ÅrOpt = Annotated[int, typer.Option("--år", help="Året (oppdraget gis / brevet styringsparameteren står i).")]
MålOpt = Annotated[int, typer.Option("--mål", help="Målet (nummeret i brevet for året).")]
TvingOpt = Annotated[
    bool, typer.Option("--tving", help="Lag fila selv om året ikke har noe brev eller målet ikke finnes.")
]
NrOpt = Annotated[
    int | None, typer.Option("--nr", help="Bestem nummeret selv (standard: neste ledige for året).")
]


@ny_app.command("oppdrag", cls=NorskCommand)
def ny_oppdrag(
    år: ÅrOpt,
    mål: MålOpt,
    tittel: Annotated[str, typer.Option("--tittel", help="Tittelen slik den skal stå i kapittel 3.")],
    frist: Annotated[
        list[str] | None,
        typer.Option("--frist", help="Frist (2025-12-31 eller 31.12.2025); kan gis flere ganger."),
    ] = None,
    nr: NrOpt = None,
    tving: TvingOpt = False,
    data: DataOpt = Path("data"),
) -> None:
    """Lag data/oppdrag/ÅR-NN.yaml med neste ledige nummer for året.

    Et mål som ikke finnes for året, eller et år uten brev (utenom året etter det nyeste),
    nektes med mindre --tving er gitt. Fila skrives atomært og aldri over en fil som finnes
    (avslutningskode 2).
    """
    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_oppdrag

    root = data_dir(data)
    dates = [day_option("--frist", f) for f in frist or []]
    repo = load_model(root).repo
    try:
        new = new_oppdrag(repo, år, mål, tittel, dates, nr, force=tving)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


@ny_app.command("styringsparameter", cls=NorskCommand)
def ny_styringsparameter(
    år: ÅrOpt,
    mål: MålOpt,
    tekst: Annotated[str, typer.Option("--tekst", help="Styringsparameteren slik den skal stå i brevet.")],
    nr: NrOpt = None,
    tving: TvingOpt = False,
    data: DataOpt = Path("data"),
) -> None:
    """Lag data/styringsparametere/ÅR/sp-NN.yaml med neste ledige SP-nummer for året.

    Et mål som ikke finnes for året, eller et år uten brev (utenom året etter det nyeste),
    nektes med mindre --tving er gitt. Fila skrives atomært og aldri over en fil som finnes
    (avslutningskode 2).
    """
    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_styringsparameter

    repo = load_model(data_dir(data)).repo
    try:
        new = new_styringsparameter(repo, år, mål, tekst, nr, force=tving)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


def _write(new) -> None:
    from ..scaffold import ScaffoldError, write_new

    try:
        write_new(new)
    except ScaffoldError as e:
        fail(str(e))
    except OSError as e:
        fail(f"kan ikke skrive {new.path}: {os_error(e)}")  # fail gjør stien trygg
    typer.echo(f"skrev {safe_line(new.path)} ({safe_line(new.id)})")
    for note in new.notes:
        typer.echo(f"tb: merk: {safe_line(note)}", err=True)
