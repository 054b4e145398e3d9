"""`tb render`: modellen (`pipeline.load_model`), reglene unntatt malregelen (TB501), og
brevet gjengitt én gang. Gjengivelsen er selve sjekken av malene: feiler den, kjøres TB501
for å vise funnet slik `tb check` gjør, og feilen gir kode 2."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import (
    DataOpt,
    InternOpt,
    VirksomhetOpt,
    app,
    check_output,
    data_dir,
    day_option,
    fail,
    letter_year,
    write_output,
)
from .hjelp import NorskCommand

SHOWN_ERRORS = 5
"""Så mange av feilene fra tb check vises når brevet gjengis med feil."""

FORMAT_NAMES = ("md", "html", "pdf", "docx")
"""Filendelsene `-o` kan ha: navnene i registeret `rendering.output.FORMATS` (en test holder dem
like). Registeret importeres først når kommandoen kjører, så `tb --help` slipper å laste det."""

PDF_VARIANTS = ("pdfa", "pdfua")
"""Valgene for --pdf-variant: navnene i `rendering.pdf.VARIANTS` (en test holder dem like)."""
PdfVariant = Enum("PdfVariant", [(name, name) for name in PDF_VARIANTS], type=str)


@app.command("render", cls=NorskCommand)
def render_cmd(
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    år: Annotated[int | None, typer.Option("--år", help="Brevets år. Standard: det nyeste brevet.")] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Fil å skrive; endelsen (.md, .html, .pdf, .docx) bestemmer formatet."
        ),
    ] = None,
    pdf_variant: Annotated[
        PdfVariant | None,
        typer.Option(
            "--pdf-variant",
            help="PDF-en som lages: pdfa (tagget PDF/A-2a, for arkivet og skjermlesere) eller "
            "pdfua (tagget PDF/UA-1). Standard: pdfa.",
            metavar="VARIANT",
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Nekt å gjengi et brev med feil fra tb check.")
    ] = False,
    tillegg: Annotated[
        int | None,
        typer.Option("--tillegg", help="Lag tillegg nr. N til brevet som eget brev.", metavar="N"),
    ] = None,
    gjeldende: Annotated[
        bool,
        typer.Option("--gjeldende", help="Lag gjeldende tildeling: brevet med tilleggene."),
    ] = False,
    per: Annotated[
        str | None,
        typer.Option(
            "--per",
            help="Med --gjeldende: bare tilleggene datert til og med DATO (ISO eller dd.mm.åååå). "
            "Standard: alle tilleggene.",
            metavar="DATO",
        ),
    ] = None,
    intern: InternOpt = False,
) -> None:
    """Lag hele brevet fra data: Markdown (standard, til skjermen), HTML, PDF eller Word.

    Summer regnes ut fra linjene, og beløp og datoer i teksten hentes fra data. Et brev med
    feil fra `tb check` gjengis med en advarsel (og nektes med --strict); bare feilene som
    gjelder brevet for året (og alle brev, som malene) teller.

    Med --tillegg N lages tillegg nr. N til brevet som eget brev; med --gjeldende gjeldende
    tildeling: budsjettet med tildelingen i brevet, endringen i hvert tillegg og summen, og
    oppdragene med kilden (--per DATO: bare tilleggene fram til datoen). Brevet selv er det
    samme med og uten tillegg.

    PDF-en er tagget PDF/A-2a: for arkivet, og lesbar med skjermleser (--pdf-variant pdfua gir
    PDF/UA-1). Word-fila (.docx) lages fra den samme teksten som de andre formatene.

    Oppdrag unntatt offentlighet (unntatt_offentlighet i oppdragsfila) er ikke med i brevet,
    tillegget eller gjeldende tildeling uten --intern, heller ikke i bindingene på postene
    (summene er de samme); brevet sier hvor mange som er utelatt. Med --intern er de med, merket
    med hjemmelen, og dokumentet er merket «Intern utgave» øverst og i tittelen.

    \b
    Eksempler:
      tb render -o tildelingsbrev-2024.pdf
      tb render -o tildelingsbrev-2024.docx
      tb render --år 2024 --tillegg 2 -o tillegg-2.pdf
      tb render --år 2024 --gjeldende --per 2024-07-01 -o gjeldende.html
      tb render --intern -o tildelingsbrev-2024-intern.pdf
    """
    from ..pipeline import apply_rules, conclude, load_model, run_checks
    from ..rendering import RenderError, check_page, render
    from ..rules import ALL_RULES
    from ..rules.maler import templates_render

    if tillegg is not None and gjeldende:
        fail("--tillegg og --gjeldende kan ikke brukes sammen: velg ett tillegg (--tillegg N) eller gjeldende tildeling (--gjeldende)")
    if per is not None and not gjeldende:
        fail("--per gjelder bare gjeldende tildeling; bruk --gjeldende --per DATO")
    when = day_option("--per", per) if per is not None else None
    fmt = "md"
    if output is not None:
        fmt = output.suffix.lower().lstrip(".")
        if fmt not in FORMAT_NAMES:
            *first, last = (f".{name}" for name in FORMAT_NAMES)
            fail(f"ukjent filendelse «{output.suffix or output.name}»; bruk {', '.join(first)} eller {last}")
        check_output(output)
    if pdf_variant is not None and fmt != "pdf":
        fail("--pdf-variant gjelder bare PDF; bruk -o FIL.pdf")
    variant = pdf_variant.value if pdf_variant is not None else PDF_VARIANTS[0]
    loaded = load_model(data_dir(data, virksomhet))
    repo = loaded.repo
    år = letter_year(repo, år)
    if tillegg is not None:
        _check_supplement(loaded, år, tillegg)
    if tillegg is not None or gjeldende:
        _render_supplement(loaded, år, fmt, output, strict, tillegg, gjeldende, when, variant, intern)
        return
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
        content = render(repo, år, fmt, pdf_variant=variant, intern=intern)
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
    write_output(output, content, år=år, virksomhet=repo.virksomhet())


def _check_supplement(loaded, år: int, nr: int) -> None:
    """Stopp (kode 2) når brevet for `år` ikke har tillegg nr. `nr`, med tilleggene det har (og
    fila, når den finnes, men ikke kan leses)."""
    from ..rendering.tillegg import find_tillegg

    repo = loaded.repo
    if find_tillegg(repo, år, nr) is not None:
        return
    have = [t.model.nr for t in repo.tillegg_for(år)]
    numbers = ", ".join(map(str, have[:-1])) + f" og {have[-1]}" if len(have) > 1 else "".join(map(str, have))
    listed = (
        f"brevet for {år} har tillegg nr. {numbers}"
        if have
        else f"brevet for {år} har ingen tillegg (brev/{år}/tillegg/tillegg-N.yaml)"
    )
    broken = [
        f.location.file
        for f in loaded.errors
        if Path(f.location.file).name == f"tillegg-{nr}.yaml" and Path(f.location.file).parent.name == "tillegg"
    ]
    hint = f"; fila {broken[0]} kan ikke leses (kjør tb check)" if broken else ""
    fail(f"fant ikke tillegg nr. {nr} til brevet for {år}: {listed}{hint}")


def _render_supplement(
    loaded, år: int, fmt: str, output, strict: bool, tillegg, gjeldende: bool, per, variant: str, intern: bool = False
) -> None:
    """Et tillegg eller gjeldende tildeling: reglene unntatt malregelen, så gjengivelsen. Feiler
    en mal, kjøres malregelen (TB501) for å vise funnet slik `tb check` gjør, og feilen gir kode
    2. Advarselen gjelder funnene for brevet for året (tilleggene hører til det brevet)."""
    from ..pipeline import apply_rules, conclude, run_checks
    from ..rendering import RenderError, render
    from ..rules import ALL_RULES
    from ..rules.maler import templates_render

    checked = apply_rules(loaded, [r for r in ALL_RULES if r is not templates_render])
    result = conclude(checked).for_letter(år)

    def with_templates():
        return run_checks(checked, [templates_render]).for_letter(år)

    if strict and result.errors:
        _warn(with_templates(), strict)
    try:
        content = render(
            loaded.repo, år, fmt, tillegg=tillegg, gjeldende=gjeldende, per=per, pdf_variant=variant, intern=intern
        )
    except RenderError as e:
        _warn(with_templates(), strict)
        fail(str(e))
    _warn(result, strict)
    if output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
        return
    write_output(output, content, år=år, virksomhet=loaded.repo.virksomhet())


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
