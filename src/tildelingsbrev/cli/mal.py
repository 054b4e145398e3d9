"""`tb mal`: malene brevet gjengis med, og hvor hver kommer fra (data/mal/ eller de innebygde);
med `--kopier` kopieres de innebygde til data/mal/ for å tilpasses (`files.write_inside`: aldri
over en fil som finnes, aldri gjennom en lenke)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from . import DataOpt, VirksomhetOpt, agency_dir, app, fail, repo_dir
from .hjelp import NorskCommand

MAX_LISTED = 1000
"""Flest filer i data/mal/ som gjennomgås når malene listes."""


@app.command("mal", cls=NorskCommand)
def mal_cmd(
    navn: Annotated[
        list[str] | None,
        typer.Argument(help="Malene som skal kopieres (med --kopier). Standard: alle de innebygde.", metavar="NAVN", show_default=False),
    ] = None,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    kopier: Annotated[
        bool,
        typer.Option("--kopier", help="Kopier de innebygde malene (eller NAVN) til data/mal/ for å tilpasse dem."),
    ] = False,
) -> None:
    """Vis malene brevet gjengis med, og om hver kommer fra data/mal/ eller er innebygd.

    tb har innebygde maler for brevet, tilleggene og gjeldende tildeling (Markdown, HTML-rammen
    og stilarkene). En fil i data/mal/ overstyrer den innebygde med samme navn, også når en
    innebygd mal tar den inn; resten hentes fra de innebygde. Et repositorium uten data/mal/
    gjengis altså med de innebygde.

    Med --kopier kopieres de innebygde malene (alle, eller de som er nevnt) til data/mal/, så
    du kan begynne å tilpasse dem. En fil som finnes i data/mal/ fra før, skrives aldri over,
    og det skrives aldri gjennom en symbolsk lenke. `tb check` (TB501) sjekker malene som vil
    bli brukt. Avslutningskode 2 når noe ikke kan kopieres.
    """
    from ..rendering.templates import builtin_templates
    from ..virksomheter import har_flere

    top = repo_dir(data)
    # flere virksomheter uten --virksomhet: de felles malene øverst (mal/), ellers virksomhetens
    root = top if virksomhet is None and har_flere(top) else agency_dir(top, virksomhet)
    builtin = builtin_templates()
    if navn and not kopier:
        fail("malnavn gis bare sammen med --kopier (tb mal --kopier NAVN …)")
    if kopier:
        unknown = [n for n in navn or [] if n not in builtin]
        if unknown:
            fail(f"ingen innebygd mal heter «{unknown[0]}»; de innebygde er {', '.join(builtin)}")
        _copy(root, list(dict.fromkeys(navn)) if navn else builtin)
    else:
        _list(root, builtin)


def _list(root: Path, builtin: list[str]) -> None:
    """Malene, én per linje, med hvor hver hentes fra."""
    from ..rendering.templates import template_origin
    from ..text import safe_line
    from ..virksomheter import malmappe

    folder = malmappe(root)  # som `templates.template_dir`
    shown = f"{safe_line(folder)}/"
    own = _own_templates(folder)
    names = sorted(set(builtin) | set(own))
    width = max((len(n) for n in names), default=0)
    from_data = 0
    for name in names:
        origin = template_origin(folder, name)
        if origin == "data":
            from_data += 1
            where = f"{shown} (overstyrer den innebygde)" if name in builtin else f"{shown} (egen)"
        else:
            where = "innebygd"
        typer.echo(f"  {safe_line(name):<{width}}  {where}")
    innebygde = len(names) - from_data
    typer.echo(
        f"{len(names)} maler: {from_data} fra {shown}, {innebygde} innebygd{'e' if innebygde != 1 else ''}"
    )
    if from_data == 0:
        typer.echo(f"Kopier de innebygde til {shown} med «tb mal --kopier» for å tilpasse dem.")


def _own_templates(folder: Path) -> list[str]:
    """Malene og stilarkene i data/mal/ (også i undermapper), uten å følge symbolske lenker og
    uten å gå gjennom mer enn `MAX_LISTED` oppføringer."""
    import os

    from ..rendering.templates import TEMPLATE_FILE_SUFFIXES

    if folder.is_symlink() or not folder.is_dir():
        return []
    found: list[str] = []
    seen = 0
    stack = [(folder, "")]
    while stack and seen < MAX_LISTED:
        path, prefix = stack.pop()
        try:
            entries = list(os.scandir(path))
        except OSError:
            continue
        for entry in entries:
            seen += 1
            if seen > MAX_LISTED:
                break
            rel = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                stack.append((Path(entry.path), f"{rel}/"))
            elif entry.name.endswith(TEMPLATE_FILE_SUFFIXES):
                found.append(rel)
    return found


def _copy(root: Path, names: list[str]) -> None:
    """Kopier de innebygde malene `names` til data/mal/; hopp over dem som finnes fra før."""
    from ..files import UnsafePath, os_error, write_inside
    from ..rendering.templates import BUILTIN_DIR
    from ..text import safe_line

    copied = skipped = 0
    for name in names:
        target = Path("mal") / name
        shown = safe_line(root / target)
        try:
            raw = (BUILTIN_DIR / name).read_bytes()
            write_inside(root, target, raw)
        except FileExistsError:
            skipped += 1
            typer.echo(f"  {shown} finnes fra før; ikke kopiert (tb skriver aldri over en mal)")
            continue
        except UnsafePath as e:
            fail(f"kopierer ikke «{name}»: {e}")
        except OSError as e:
            fail(f"kan ikke kopiere «{name}» til {shown}: {os_error(e)}")
        copied += 1
        typer.echo(f"  kopierte {shown}")
    typer.echo(
        f"{copied} {'mal' if copied == 1 else 'maler'} kopiert til {safe_line(root / 'mal')}, "
        f"{skipped} fantes fra før"
    )
