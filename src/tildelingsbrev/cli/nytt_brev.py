"""`tb nytt-brev ÅR [--fra ÅR]`: utkastet til neste års brev. `nytt_brev` lager og skriver
filene; her blir det en oversikt og en avslutningskode (0 skrevet, 2 nektet: ingenting er
skrevet)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import DataOpt, VirksomhetOpt, app, data_dir, fail
from .hjelp import NorskCommand


@app.command("nytt-brev", cls=NorskCommand)
def nytt_brev_cmd(
    år: Annotated[int, typer.Argument(metavar="ÅR", help="Året det nye brevet gjelder, for eksempel 2025.")],
    fra: Annotated[
        int | None,
        typer.Option("--fra", metavar="ÅR", help="Brevet som kopieres. Standard: brevet for året før."),
    ] = None,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Lag utkastet til brevet for ÅR, kopiert fra brevet for året før (eller --fra ÅR).

    Brevet (brev/ÅR/brev.yaml og prosaen), målene, styringsparameterne og budsjettet kopieres
    med året byttet: Prop. og Innst. en sesjon fram, rapporteringskalenderen og fristene i
    teksten ett år fram, budsjettvedtaket og brevets dato tomme. Beløpene i budsjettet står
    tomme (null, aldri 0) til de fylles inn, og det som er kopiert, har `gjennomgått: false`;
    `tb check` melder begge deler (TB601, TB602). Oppdragene kopieres ikke: kommandoen viser
    hvilke som er med i det nye brevet og hvilke som faller ut, og hvorfor.

    Skriver aldri over noe: finnes brev/ÅR eller en av filene, eller går en sti gjennom en
    symbolsk lenke, nektes det (kode 2) og ingenting skrives.
    """
    from ..nytt_brev import NyttBrevError, etterpå, lag_utkast, oversikt, skriv_utkast
    from ..pipeline import load_model

    root = data_dir(data, virksomhet)
    repo = load_model(root).repo
    try:
        utkast = lag_utkast(repo, år, fra)
        skriv_utkast(utkast)
    except NyttBrevError as e:
        fail(str(e))
    typer.echo(oversikt(utkast, etterpå(root, utkast.år, utkast.fra)), nl=False)
