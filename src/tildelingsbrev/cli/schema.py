"""`tb schema`."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from ..files import UnsafePath, os_error, write_inside
from ..text import safe_line
from . import DataOpt, app, data_dir, fail
from .hjelp import NorskCommand


@app.command("schema", cls=NorskCommand)
def schema_cmd(
    data: DataOpt = Path("data"),
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
    from ..schema import SCHEMA_DIR

    root = data_dir(data)
    outdir = output if output is not None else root / SCHEMA_DIR
    if outdir.exists() and not outdir.is_dir():
        fail(f"«{outdir}» er ikke en mappe")
    try:
        written = _write_schemas(root, outdir)
    except UnsafePath as e:
        fail(f"skriver ikke skjemaene: {e}")
    except OSError as e:
        fail(f"kan ikke skrive skjemaene til «{outdir}»: {os_error(e)}")
    changed = sum(1 for _, c in written if c)
    typer.echo(f"{len(written)} skjemaer i {safe_line(outdir)} ({changed} endret)")
    if merk:
        try:
            marked = _mark(root, outdir)
        except UnsafePath as e:
            fail(f"merker ikke datafilene: {e}")
        except OSError as e:
            fail(f"kan ikke merke datafilene: {os_error(e)}")
        for path, state in marked:
            if state == "ikke UTF-8":
                typer.echo(f"tb: advarsel: {safe_line(path)} er ikke UTF-8 og er ikke merket", err=True)
        n = sum(1 for _, s in marked if s == "endret")
        typer.echo(f"{len(marked)} datafiler, {n} fikk ny første linje")


def _inside(root: Path, folder: Path) -> Path | None:
    """`folder` relativt til data-mappa når den ligger i den (etter stien slik den er skrevet),
    ellers None."""
    rel = os.path.relpath(os.path.abspath(folder), os.path.abspath(root))
    if rel == os.curdir:
        return Path()
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return Path(rel)


def _write_schemas(root: Path, outdir: Path) -> list[tuple[Path, bool]]:
    """Som `schema.write_schemas`, men i data-mappa følges ingen symbolske lenker: en lenke
    `data/schema -> et annet sted` får ikke `tb` til å skrive utenfor data-mappa. Mappa brukeren
    selv gir med -o utenfor data, er brukerens valg."""
    from ..schema import schema_texts

    sub = _inside(root, outdir)
    if sub is None:
        outdir.mkdir(parents=True, exist_ok=True)
        base, sub = outdir, Path()
    else:
        base = root
    return [
        (outdir / name, write_inside(base, sub / name, text, overwrite=True, if_changed=True))
        for name, text in schema_texts().items()
    ]


def _mark(root: Path, outdir: Path) -> list[tuple[Path, str]]:
    """Som `schema.mark`, men hver fil skrives med `write_inside` (ingen lenker følges)."""
    from ..schema import data_files, modeline, with_modeline

    out = []
    for path in data_files(root):  # lenker er alt hoppet over
        raw = path.read_bytes()
        new = with_modeline(raw, modeline(root, path, outdir))
        if new is None:
            out.append((path, "ikke UTF-8"))
        elif new == raw:
            out.append((path, "uendret"))
        else:
            write_inside(root, path.relative_to(root), new, overwrite=True)
            out.append((path, "endret"))
    return out
