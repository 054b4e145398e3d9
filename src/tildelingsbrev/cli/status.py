"""`tb status`: bare modellen (`pipeline.load_model`, ingen regler), oversikten fra
`reporting.status.build` og formatet fra registeret der."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..reporting.status import FORMATS
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

StatusFormat = Enum("StatusFormat", [(name, name) for name in FORMATS], type=str)
"""Valgene for --format, fra registeret i `reporting.status`."""
DEFAULT_FORMAT = StatusFormat("tabell")


@app.command("status", cls=NorskCommand)
def status_cmd(
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    år: Annotated[
        int | None, typer.Option("--år", help="Brevets år. Standard: det nyeste brevet.")
    ] = None,
    per: Annotated[
        str | None,
        typer.Option("--per", help="Datoen tilstanden gjelder (ISO eller dd.mm.åååå). Standard: i dag."),
    ] = None,
    mål: Annotated[int | None, typer.Option("--mål", help="Bare mål N.")] = None,
    intern: InternOpt = False,
    format: Annotated[StatusFormat, typer.Option("--format", "-f", help="Utdataformat.")] = DEFAULT_FORMAT,
    output: OutputOpt = None,
) -> None:
    """Følg opp brevet: hvert oppdrag under hvert mål, med tilstanden til hver frist.

    Til etatsstyringsmøtet eller årsrapporten. For hvert mål i brevet (i brevets rekkefølge)
    står hvert oppdrag brevet har, og hver frist slik brevet har den, med tilstanden på datoen
    i --per: levert (dato og referanse), avsluttet, forfalt (dager over fristen), i rute
    (fristen er senere), løpende eller uten frist. En leveranse etter --per teller ikke ennå.
    Til slutt antallet per tilstand, for fristene og for oppdragene. Et oppdrag er forfalt når
    én av fristene er det, og levert når alle er levert.

    Har brevet tillegg, er det gjeldende tildeling på datoen i --per: et tillegg datert senere
    teller ikke ennå. Oppdrag gitt i et tillegg står under målet sitt («gitt i tillegg nr.
    2»), presiserte og flyttede frister sier hvilket tillegg de kommer fra, og et oppdrag som
    er trukket tilbake, har tilstanden «trukket». Seksjonen «Tildeling» viser hver post med
    tildelingen i brevet, endringen i hvert tillegg og gjeldende tildeling, i kroner.

    Med --format md kan oversikten limes inn i møtets saksdokument: en overskrift per mål, en
    tabell og norske datoer.

    Oppdrag unntatt offentlighet (unntatt_offentlighet i oppdragsfila) er bare med med
    --intern, merket med hjemmelen. Uten --intern er de ikke med i noe format eller i
    tellingene, og tabellen og Markdown-en sier på én linje hvor mange oppdrag som er utelatt.

    \b
    Eksempler:
      tb status
      tb status --år 2024 --per 31.12.2024
      tb status --mål 2 --format md -o status-mål-2.md
      tb status --format csv -o status.csv
    """
    from datetime import date

    from ..reporting import status as report

    when = day_option("--per", per) if per else date.today()
    check_output(output)
    repo = load_repo(data, virksomhet)
    år = letter_year(repo, år)
    if mål is not None:
        goals = report.goals_in(repo, år)
        if mål not in goals:
            from ..norsk import format_liste

            listed = format_liste(goals) if goals else "ingen"
            fail(f"fant ikke mål {mål} i brevet for {år}; målene i brevet: {listed}")
    status = report.build(repo, år, when, mål, intern=intern)
    if format.value == "tabell" and sys.stdout.isatty() and output is None:
        _print_table(status)
        return
    content = FORMATS[format.value](status)
    if output is not None:
        write_output(output, content, år=år, virksomhet=repo.virksomhet())
        return
    sys.stdout.buffer.write(content)
    sys.stdout.flush()


_STYLES = {
    "levert": "green",
    "avsluttet": "green",
    "forfalt": "bold red",
    "i rute": "",
    "løpende": "cyan",
    "uten dato": "cyan",
    "uten frist": "yellow",
    "trukket": "dim",
}


def _print_table(status) -> None:
    """Oversikten i farger i en terminal: en tabell per mål."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from ..reporting import status as report
    from ..text import safe_line

    console = Console(highlight=False)
    # Text, ikke str: «[/]» i en tittel er tekst, ikke rich-markering
    console.print(Text(f"{report.tittel(status)}. {report.undertittel(status)}", style="bold"))
    if status.har_tillegg:
        console.print()
        console.print(Text("Tildeling", style="bold"))
        console.print(Text(report.tildeling_innledning(status)))
        table = Table(show_lines=False, header_style="bold")
        head = report.tildeling_kolonner(status)
        for name in head:
            if name == "Betegnelse":
                table.add_column(name, overflow="fold")
            else:
                # «Tillegg nr. 2» over to linjer: beløpene er smalere enn overskriften
                label = name.replace("Tillegg ", "Tillegg\n")
                table.add_column(label, justify="left" if name == "Post" else "right", no_wrap=True)
        rows = report.tildeling_rader(status)
        for i, cells in enumerate(rows):
            table.add_row(*(Text(safe_line(c)) for c in cells), style="bold" if i >= len(status.poster) else "")
        console.print(table)
    for g in status.mål:
        console.print()
        console.print(Text(safe_line(report.mål_overskrift(g, status.år)), style="bold"))
        if not g.oppdrag:
            console.print("  Ingen oppdrag under målet.")
            continue
        table = Table(show_lines=False, header_style="bold")
        for name in ("Oppdrag", "Frist", "Gjelder", "Status"):
            table.add_column(name)
        for o in g.oppdrag:
            head = Text(safe_line(report.oppdrag_overskrift(o)))
            if not o.frister:
                table.add_row(head, Text("–"), Text("–"), Text(o.tilstand, style=_STYLES[o.tilstand]))
            for i, r in enumerate(o.frister):
                table.add_row(
                    head if i == 0 else Text(""),
                    Text(report.når(r.frist)),
                    Text(safe_line(report.hva(r.frist))),
                    Text(safe_line(report.tilstand_tekst(r)), style=_STYLES[r.tilstand]),
                )
        console.print(table)
    console.print()
    summary = Table(header_style="bold")
    summary.add_column("Status")
    summary.add_column("Frister", justify="right")
    summary.add_column("Oppdrag", justify="right")
    for name, nf, no in report.summary_rows(status):
        summary.add_row(Text(name, style=_STYLES.get(name, "bold")), str(nf), str(no))
    console.print(summary)
    note = report.utelatt_linje(status)
    if note:
        console.print(Text(note, style="dim"))
