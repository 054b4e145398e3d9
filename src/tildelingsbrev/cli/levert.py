"""`tb levert`: valgene blir en bestilling, `levering` kontrollerer og skriver, og her blir
resultatet linjer og en avslutningskode (0 registrert, 2 nektet: fila er da urørt)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ..text import safe_line
from . import DataOpt, VirksomhetOpt, app, data_dir, day_option
from .hjelp import NorskCommand
from .vis import _complete_id


@app.command("levert", cls=NorskCommand)
def levert_cmd(
    oppdrag: Annotated[
        str,
        typer.Argument(
            help="Oppdragets nummer, for eksempel 2022-04 (eller TB2026-14, 13/2024 etter innstillinger.yaml).",
            autocompletion=_complete_id,
            show_default=False,
        ),
    ],
    del_: Annotated[
        str | None,
        typer.Option("--del", help="Delen som er levert, skrevet som i fristene (for eksempel «Del 2»)."),
    ] = None,
    frist: Annotated[
        str | None,
        typer.Option(
            "--frist", help="Fristen som er levert (2025-08-15 eller 15.08.2025), når den har flere datoer."
        ),
    ] = None,
    dato: Annotated[
        str | None,
        typer.Option("--dato", help="Datoen det ble levert (2025-03-14 eller 14.03.2025); standard i dag."),
    ] = None,
    ref: Annotated[
        str | None,
        typer.Option("--ref", help="Saksnummer eller dokument leveransen finnes i, for eksempel 25/311-4."),
    ] = None,
    tving: Annotated[
        bool,
        typer.Option(
            "--tving", help="Erstatt en registrering som finnes (samme del og frist, eller hele oppdraget)."
        ),
    ] = False,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Registrer en leveranse i oppdragsfila (data/oppdrag/ID.yaml; «/» i nummeret er «-» i
    filnavnet: 13/2024 står i oppdrag/13-2024.yaml).

    Uten --del og --frist er hele oppdraget levert: `status: levert`, `levert: DATO` og
    `referanse` (med --ref). Med --del og/eller --frist legges en oppføring til i
    `leveranser:` for delen, fristen på datoen, eller fristen på datoen i delen.

    Fila redigeres på stedet: kommentarer, rekkefølge og formatering beholdes, og den skrives
    atomært. Nektes (kode 2, fila urørt): et oppdrag, en del eller en fristdato som ikke
    finnes, en leveransedato i framtiden eller før oppdraget ble gitt, en fil med feil, og en
    leveranse som alt er registrert (--tving erstatter den).
    """
    from ..levering import Bestilling, LeveringError, forbered, skriv, åpne_frister
    from ..pipeline import load_model

    root = data_dir(data, virksomhet)
    i_dag = date.today()
    bestilling = Bestilling(
        id=oppdrag,
        dato=day_option("--dato", dato) if dato is not None else i_dag,
        del_=del_,
        frist=day_option("--frist", frist) if frist is not None else None,
        ref=ref,
        tving=tving,
    )
    repo = load_model(root).repo
    try:
        reg = forbered(repo, bestilling, i_dag)
        o = skriv(reg)
    except LeveringError as e:
        typer.echo(f"tb: {safe_line(e.message)}", err=True)
        for line in e.detail:
            typer.echo(f"  {safe_line(line)}", err=True)
        raise typer.Exit(2) from None
    typer.echo(f"Registrerte: {safe_line(reg.beskrivelse)}")
    if reg.erstattet:
        typer.echo(f"Erstattet: {safe_line(reg.erstattet)}")
    for note in reg.merknader:
        typer.echo(f"tb: merk: {safe_line(note)}", err=True)
    if o.status != "åpen":
        typer.echo(f"Ingen åpne frister: oppdrag {safe_line(o.id)} er {o.status}.")
        return
    open_ = åpne_frister(repo, o, i_dag)
    if not open_:
        typer.echo(
            f"Ingen åpne frister for {safe_line(o.id)}; når hele oppdraget er ferdig: tb levert {safe_line(o.id)}"
        )
        return
    typer.echo(f"Åpne frister for {safe_line(o.id)}:")
    for line in open_:
        typer.echo(f"  {safe_line(line)}")
