"""`tb render`: modellen (`pipeline.load_model`), reglene unntatt malregelen (TB501), og
brevet gjengitt én gang. Gjengivelsen er selve sjekken av malene: feiler den, kjøres TB501
for å vise funnet slik `tb check` gjør, og feilen gir kode 2."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from . import DataOpt, app, check_output, data_dir, fail, letter_year, write_output
from .hjelp import NorskCommand

SHOWN_ERRORS = 5
"""Så mange av feilene fra tb check vises når brevet gjengis med feil."""


@app.command("render", cls=NorskCommand)
def render_cmd(
    data: DataOpt = Path("data"),
    år: Annotated[int | None, typer.Option("--år", help="Brevets år. Standard: det nyeste brevet.")] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Fil å skrive; endelsen (.md, .html, .pdf) bestemmer formatet."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Nekt å gjengi et brev med feil fra tb check.")
    ] = False,
) -> None:
    """Lag hele brevet fra data: Markdown (standard, til skjermen), HTML eller PDF.

    Summer regnes ut fra linjene, og beløp og datoer i teksten hentes fra data. Et brev med
    feil fra `tb check` gjengis med en advarsel (og nektes med --strict); bare feilene som
    gjelder brevet for året (og alle brev, som malene) teller.
    """
    from ..pipeline import apply_rules, conclude, load_model, run_checks
    from ..rendering import RenderError, check_page, render
    from ..rules import ALL_RULES
    from ..rules.maler import templates_render

    fmt = "md"
    if output is not None:
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in ("md", "html", "pdf"):
            fail(f"ukjent filendelse «{output.suffix or output.name}»; bruk .md, .html eller .pdf")
        check_output(output)
    loaded = load_model(data_dir(data))
    repo = loaded.repo
    år = letter_year(repo, år)
    years = repo.years()
    # Malregelen (TB501) gjengir brevet for det nyeste året. Lages det brevet her, gjør
    # gjengivelsen under den jobben, og malene gjengis én gang: regelen kjøres bare når brevet
    # ikke blir laget (nektet, eller feil i malene), så feilene telles og vises som i tb check.
    latest = år == years[-1]
    checked = apply_rules(loaded, [r for r in ALL_RULES if r is not templates_render] if latest else None)

    def with_templates():
        result = run_checks(checked, [templates_render]) if latest else conclude(checked)
        return result.for_letter(år)

    # bare funnene som gjelder brevet som lages (og dem som gjelder alle brev, som malene):
    # en feil i brevet for 2025 skal ikke stoppe eller forsinke brevet for 2024
    result = conclude(checked).for_letter(år)
    if strict and result.errors:
        _warn(with_templates(), strict)
    try:
        content = render(repo, år, fmt)
    except RenderError as e:
        _warn(with_templates(), strict)
        fail(str(e))
    if latest and fmt == "md" and not result.errors:
        # Markdown går ikke gjennom HTML-rammen, men TB501 sjekker den også: en feil i
        # brev.html.j2 skal gi den samme advarselen (og nektes med --strict) som før.
        try:
            check_page(repo, år)
        except RenderError:
            result = with_templates()
    _warn(result, strict)
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    write_output(output, content)


def _warn(result, strict: bool) -> None:
    """Feilene fra sjekken som gjelder brevet (`CheckResult.for_letter`), om noen, på stderr
    (de første `SHOWN_ERRORS` med sted); med `--strict` nektes brevet (kode 1)."""
    from ..findings import Severity
    from ..reporting.check import finding_line

    if not result.errors:
        return
    errors = [f for f in result.active if f.severity is Severity.ERROR]
    codes = sorted({f.code for f in errors})
    shown = [f"  {finding_line(f)}" for f in errors[:SHOWN_ERRORS]]
    if len(errors) > SHOWN_ERRORS:
        shown.append(f"  … og {len(errors) - SHOWN_ERRORS} til; kjør `tb check` for alle")
    typer.echo(
        f"tb: {'nekter' if strict else 'advarsel'}: brevet har {result.errors} feil fra tb check "
        f"({', '.join(codes)}):\n" + "\n".join(shown),
        err=True,
    )
    if strict:
        raise typer.Exit(1)
