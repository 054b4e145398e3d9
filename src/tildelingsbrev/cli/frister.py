"""`tb frister`: bare modellen (`pipeline.load_model`, ingen regler), fristene utvidet
(`deadlines`) og skrevet i formatet fra registeret i `reporting.frister`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..reporting.frister import FORMATS
from . import (
    DataOpt,
    InternOpt,
    OutputOpt,
    VirksomhetOpt,
    app,
    check_output,
    day_option,
    fail,
    letter_year,
    load_repo,
    write_output,
)
from .hjelp import NorskCommand

FristFormat = Enum("FristFormat", [(name, name) for name in FORMATS], type=str)

"""Valgene for --format, fra registeret i `reporting.frister`."""
DEFAULT_FORMAT = FristFormat("tabell")

PERIOD_WORDS = {
    "d": ("d", "dag", "dager", "døgn", "day", "days"),
    "u": ("u", "uke", "uker", "w", "week", "weeks"),
    "m": ("m", "mnd", "måned", "måneder", "maaned", "maaneder", "month", "months"),
    "å": ("å", "år", "aar", "y", "year", "years"),
}
"""Ordene for en enhet i en periode som skrives med ord («1 måned», «2 uker»): enheten i
formen --neste tar."""


def period_hint(text: str) -> str | None:
    """«1 måned» → «1m», «30 d» → «30d»: perioden slik --neste tar den, eller None."""
    import re

    m = re.fullmatch(r"\s*(\d{1,4})\s*([^\W\d_]+)\.?\s*", text)
    if not m:
        return None
    word = m.group(2).casefold()
    for unit, words in PERIOD_WORDS.items():
        if word in words:
            return f"{m.group(1)}{unit}"
    return None


@app.command("frister", cls=NorskCommand)
def frister_cmd(
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    neste: Annotated[
        str | None, typer.Option("--neste", "-n", help="Periode fra --fra: 30d, 6u, 3m eller 1å.")
    ] = None,
    fra: Annotated[
        str | None, typer.Option("--fra", help="Første dag (ISO eller dd.mm.åååå). Standard: i dag.")
    ] = None,
    til: Annotated[str | None, typer.Option("--til", help="Siste dag, tatt med.")] = None,
    forfalt: Annotated[
        bool, typer.Option("--forfalt", help="Frister før --fra som ikke var levert på --fra.")
    ] = False,
    år: Annotated[
        int | None,
        typer.Option("--år", help="Fristene i brevet for ÅR (uten --fra, --neste og --til: alle)."),
    ] = None,
    med_levert: Annotated[
        bool,
        typer.Option("--med-levert", help="Ta med frister som er levert, merket «levert DATO (REF)»."),
    ] = False,
    mål: Annotated[int | None, typer.Option("--mål", help="Bare oppdrag under mål N.")] = None,
    oppdrag: Annotated[
        str | None, typer.Option("--oppdrag", help="Bare oppdrag hvis nummer begynner slik (2024, 2024-0).")
    ] = None,
    uten_løpende: Annotated[
        bool, typer.Option("--uten-løpende", help="Skjul løpende frister og frister uten dato.")
    ] = False,
    intern: InternOpt = False,
    format: Annotated[FristFormat, typer.Option("--format", "-f", help="Utdataformat.")] = DEFAULT_FORMAT,
    output: OutputOpt = None,
) -> None:
    """Vis fristene i brevene: oppdrag, rapporter og frister gitt i teksten.

    Vinduet går fra --fra (standard i dag) til og med --fra + --neste eller --til, sortert på
    dato. Løpende frister kommer etter de daterte. Uten --neste og --til vises alt fra --fra og
    utover. Med --format ics og uten --fra/--neste/--til kommer alle daterte frister med, for
    abonnement i en kalender.

    Uten --år er det dagens oversikt over alle brevene: står en rapport i flere brev, gjelder
    datoen i det nyeste. Med --år er det fristene i gjeldende tildeling for ÅR: brevet med
    tilleggene.

    Tilleggene datert --fra-dagen (standard i dag) eller tidligere gjelder: et oppdrag gitt i
    et tillegg er med, presiserte frister er med, en flyttet frist har den nye datoen, og et
    trukket oppdrag er verken kommende eller forfalt (med --med-levert: «trukket 15.10.2024
    (tillegg nr. 3)»). En frist som ikke står i brevet, sier hvor den kommer fra: «gitt i
    tillegg nr. 2», «presisert i tillegg nr. 2», «flyttet fra 30.09.2024 i tillegg nr. 2»
    (kilde i JSON og CSV).

    En frist som var levert på --fra-dagen (standard i dag) eller tidligere, er ikke med, heller ikke i
    kalenderen (ics) og aldri som forfalt; --forfalt gjelder hver frist for seg. Med
    --med-levert er de leverte med, merket «levert 16.08.2024 (24/1234-5)». JSON og CSV har
    leveransen i feltene levert og levert_ref.

    Oppdrag unntatt offentlighet (unntatt_offentlighet i oppdragsfila) er bare med med
    --intern, merket med hjemmelen. Uten --intern er de ikke med i noe format (heller ikke i
    kalenderen, som ofte deles), og tabellen sier på én linje hvor mange oppdrag som er utelatt.

    \b
    Eksempler:
      tb frister --neste 30d
      tb frister --forfalt
      tb frister --år 2025 --med-levert
      tb frister --format ics -o frister.ics
    """
    from datetime import date

    from ..deadlines import Selection, expand, offentlige, parse_period, select
    from ..reporting import frister as agenda

    if neste and til:
        fail("--neste og --til kan ikke brukes sammen (begge bestemmer siste dag); velg ett av dem")
    start = day_option("--fra", fra) if fra else date.today()
    end = day_option("--til", til) if til else None
    try:
        if neste:
            end = start + parse_period(neste)
    except (ValueError, OverflowError) as e:
        if isinstance(e, OverflowError) or "out of range" in str(e):
            fail("perioden går forbi år 9999; velg en kortere periode eller en tidligere --fra")
        hint = period_hint(neste or "")
        fail(str(e) + (f"; mente du --neste {hint}?" if hint else ""))
    if end is not None and end < start:
        fail("--til ligger før --fra")
    check_output(output)
    repo = load_repo(data, virksomhet)
    if år is not None:
        år = letter_year(repo, år)
    everything = expand(repo, år, per=start)
    _known_filters(repo, everything, mål, oppdrag)
    # hele kalenderen, eller hele brevet med --år: ingen nedre grense for vinduet
    whole = (format.value == "ics" or år is not None) and not (fra or til or neste or forfalt)
    sel = Selection(
        fra=date.min if whole else start,
        til=end,
        forfalt=forfalt,
        mål=mål,
        oppdrag=oppdrag,
        løpende=not uten_løpende,
        per=start,
        med_levert=med_levert,
    )
    chosen, utelatt = offentlige(select(everything, sel), intern)
    if format.value == "tabell" and sys.stdout.isatty() and output is None:
        _print_table(agenda.table_rows(chosen, start), utelatt)
        return
    stamp = min((b.model.budsjettvedtak for b in repo.brev if b.model.budsjettvedtak), default=date(2000, 1, 1))
    content = FORMATS[format.value](chosen, start, stamp, repo.virksomhet(), utelatt=utelatt)
    if output is not None:
        write_output(output, content, år=år, virksomhet=repo.virksomhet())
        return
    sys.stdout.buffer.write(content)
    sys.stdout.flush()


def _known_filters(repo, everything, mål: int | None, oppdrag: str | None) -> None:
    """Et mål eller et oppdragsnummer som ikke finnes noe sted i data, er en feil (kode 2) som
    sier hva som finnes, ikke «Ingen frister i perioden»."""
    import difflib

    if mål is not None:
        goals = {d.model.nr for d in repo.mål} | {dl.mål for dl in everything if dl.mål is not None}
        if mål not in goals:
            listed = ", ".join(map(str, sorted(goals))) or "ingen"
            fail(f"fant ikke mål {mål} i data; målene som finnes: {listed}")
    if oppdrag is not None:
        ids = sorted({dl.oppdrag for dl in everything if dl.oppdrag} | set(repo.oppdrag_by_id()))
        if not any(i.startswith(oppdrag) for i in ids):
            close = difflib.get_close_matches(oppdrag, ids, n=3, cutoff=0.75)
            from ..model.nummer import del_opp

            years = sorted({str(p[0]) for p in map(del_opp, ids) if p is not None})
            fail(
                f"fant ikke oppdrag som begynner med «{oppdrag}»; data har oppdrag for "
                f"{', '.join(years) or 'ingen år'}" + (f" (mente du {' eller '.join(close)}?)" if close else "")
            )


def _print_table(rows, utelatt: int = 0) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..deadlines import utelatt_tekst
    from ..reporting.frister import HEADERS

    console = Console(highlight=False)
    note = utelatt_tekst(utelatt)
    if not rows:
        console.print("Ingen frister i perioden.")
        if note:
            console.print(Text(f"{note}.", style="dim"))
        return
    table = Table(show_lines=False, header_style="bold")
    for name in HEADERS:
        table.add_column(name, justify="right" if name in ("Dager", "Mål") else "left")
    styles = {"forfalt": "red", "snart": "yellow", "levert": "green", "": ""}
    for cells, style in rows:
        # Text, ikke str: «[/]» eller «[link=…]» i en tittel er tekst, ikke rich-markering
        table.add_row(*(Text(c) for c in cells), style=styles.get(style, ""))
    console.print(table)
    if note:
        console.print(Text(f"{note}.", style="dim"))
