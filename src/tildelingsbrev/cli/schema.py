"""`tb schema`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..files import UnsafePath, os_error
from ..text import safe_line
from . import DataOpt, VirksomhetOpt, app, data_dir, fail
from .hjelp import NorskCommand


@app.command("schema", cls=NorskCommand)
def schema_cmd(
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Mappa skjemaene skrives til. Standard: DATA/schema."),
    ] = None,
    merk: Annotated[
        bool,
        typer.Option(
            "--merk",
            help="Sett (eller oppdater) linja «# yaml-language-server: $schema=…» først i hver YAML-fil i data.",
        ),
    ] = False,
) -> None:
    """Skriv JSON Schema for hver filtype i data (brev, mål, styringsparameter, oppdrag,
    kapittel, post, baseline), for redigeringsprogrammer med yaml-language-server.

    Skjemaene lages fra datamodellen, med norske beskrivelser. Med --merk får hver YAML-fil i
    data en første linje som viser til skjemaet sitt; resten av fila er urørt.
    """
    from ..schema import SCHEMA_DIR, mark, write_schemas

    root = data_dir(data, virksomhet)
    outdir = output if output is not None else root / SCHEMA_DIR
    if outdir.exists() and not outdir.is_dir():
        fail(f"«{outdir}» er ikke en mappe")
    try:
        written = write_schemas(root, outdir)
    except UnsafePath as e:
        fail(f"skriver ikke skjemaene: {e}")
    except OSError as e:
        fail(f"kan ikke skrive skjemaene til «{outdir}»: {os_error(e)}")
    changed = sum(1 for _, c in written if c)
    typer.echo(f"{len(written)} skjemaer i {safe_line(outdir)} ({changed} endret)")
    if merk:
        try:
            marked = mark(root, outdir)
        except UnsafePath as e:
            fail(f"merker ikke datafilene: {e}")
        except OSError as e:
            fail(f"kan ikke merke datafilene: {os_error(e)}")
        for path, state in marked:
            if state == "ikke UTF-8":
                typer.echo(f"tb: advarsel: {safe_line(path)} er ikke UTF-8 og er ikke merket", err=True)
        n = sum(1 for _, s in marked if s == "endret")
        typer.echo(f"{len(marked)} datafiler, {n} fikk ny første linje")
