"""`tb diff FRA TIL`: hva som endret seg fra ett brev til et annet. Hver side er et år i
data-mappa eller `REV:ÅR` (data-mappa slik den var i en git-revisjon, `loading.git`), lest med
`pipeline.load_model` som alle andre kommandoer; sammenligningen er `tildelingsbrev.diff`, og
formatene står i registeret i `reporting.diff`."""

from __future__ import annotations

import os
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from ..text import safe_line
from . import DataOpt, OutputOpt, VirksomhetOpt, app, check_output, data_dir, fail, write_output
from .hjelp import NorskCommand

FORMAT_NAMES = ("tabell", "md", "html", "json")
"""Valgene for --format: navnene i registeret `reporting.diff.FORMATS` (en test holder dem like).
Registeret importeres først når kommandoen kjører, så `tb --help` slipper å laste sammenligningen."""
DiffFormat = Enum("DiffFormat", [(name, name) for name in FORMAT_NAMES], type=str)
DEFAULT_FORMAT = DiffFormat("tabell")

_SIDE = re.compile(r"(?:(?P<rev>.+):)?(?P<år>\d{4})")


def parse_side(text: str) -> tuple[str | None, int]:
    """«2024» → (None, 2024); «v2024-sendt:2024» → ("v2024-sendt", 2024). Stopper (kode 2) for
    noe annet."""
    m = _SIDE.fullmatch(text.strip())
    if m is None:
        fail(
            f"«{text}» er ikke et brev: skriv et år (2024) eller en git-revisjon og et år "
            "(v2024-sendt:2024, HEAD~3:2024)"
        )
    return m.group("rev"), int(m.group("år"))


@app.command("diff", cls=NorskCommand)
def diff_cmd(
    fra: Annotated[
        str, typer.Argument(help="Brevet det sammenlignes fra: ÅR eller REV:ÅR.", show_default=False)
    ],
    til: Annotated[
        str, typer.Argument(help="Brevet det sammenlignes med: ÅR eller REV:ÅR.", show_default=False)
    ],
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Utdataformat.")] = DEFAULT_FORMAT,
    output: OutputOpt = None,
) -> None:
    """Vis hva som endret seg fra ett brev til et annet.

    FRA og TIL er et år i data-mappa (2024) eller et år i data-mappa slik den var i en
    git-revisjon (REV:ÅR: en gren, en tagg, HEAD~N eller en commit), så brevet slik det ble
    sendt kan sammenlignes med dagens utkast. Git leses bare, aldri endres.

    Rapporten følger brevet: brevets felter, mål og styringsparametere (lagt til, fjernet,
    omformulert eller nummerert om), oppdragene (nye, ikke lenger med og hvorfor, ført videre
    med ny tittel, nytt mål eller nye frister), rapporteringen, budsjettet per kapittel og post
    (beløpene og endringen i kroner og prosent; et tomt beløp er «ikke utfylt») og
    kapitteltekstene (endrede avsnitt). Innsatt tekst står som [+slik+], slettet som [−slik−].

    Formatene: tabell (terminalen), md og html (til et møte; HTML-en er frittstående) og json
    (for skript). Avslutningskoden er 0 også når brevene er forskjellige.

    \b
    Eksempler:
      tb diff 2024 2025
      tb diff v2024-sendt:2024 2024 --format html -o endringer.html
      tb diff HEAD~3:2025 2025 --format md
    """
    from ..diff import Side, sammenlign

    sides = [parse_side(fra), parse_side(til)]
    check_output(output)
    folder = data_dir(data, virksomhet)
    revs = list(dict.fromkeys(rev for rev, _ in sides))
    years_of = {rev: {y for r, y in sides if r == rev} for rev in revs}
    # git leses i en egen tråd mens data-mappa leses (git-prosessene går på en annen kjerne)
    pending = _start_git(folder, [r for r in revs if r is not None], years_of)
    notes: list[str] = []
    loaded = {
        rev: _load(folder, rev, years_of[rev], pending.get(rev), notes) for rev in sorted(revs, key=bool)
    }
    out: list[Side] = []
    for rev, år in sides:
        repo, commit = loaded[rev]
        years = repo.years()
        if år not in years:
            where = f"i revisjonen «{rev}»" if rev else "i data"
            have = f"; brevene {where} er for {', '.join(map(str, years))}" if years else ""
            fail(f"fant ikke noe brev for {år} {where} (brev/{år}/brev.yaml){have}")
        out.append(Side(repo, år, rev, commit))
    # modellene lever til kommandoen er ferdig: søppelinnsamleren trenger ikke gå gjennom dem
    # igjen mens øyeblikksbildene regnes ut (det sparer en god del tid med mange oppdrag)
    import gc

    gc.freeze()
    result = sammenlign(out[0], out[1], notes)
    if format.value == "tabell" and output is None and sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        from ..reporting.diff import to_text

        content = to_text(result, color=True).encode("utf-8")
    else:
        from ..reporting.diff import FORMATS

        content = FORMATS[format.value](result)
    if output is not None:
        write_output(output, content)
        return
    sys.stdout.buffer.write(content)
    sys.stdout.flush()


def _start_git(folder: Path, revs: list[str], years_of: dict) -> dict:
    """Lesingen av hver revisjon (`loading.git.read_revision`) startet i en tråd: rev → future."""
    if not revs:
        return {}
    from concurrent.futures import ThreadPoolExecutor

    from ..diff import trengs
    from ..loading.git import read_revision

    pool = ThreadPoolExecutor(max_workers=len(revs), thread_name_prefix="tb-git")
    try:
        return {r: pool.submit(read_revision, folder, r, trengs(years_of[r])) for r in revs}
    finally:
        pool.shutdown(wait=False)


def _load(folder: Path, rev: str | None, years: set[int], pending, notes: list[str]):
    """(modellen, commiten) for data-mappa (rev None) eller data-mappa i revisjonen (lest i
    `pending`), med filene sammenligningen av brevene for `years` trenger (`diff.trengs`). En
    fil som ikke kan leses, er hoppet over: én linje på stderr og i rapporten."""
    from ..diff import trengs
    from ..pipeline import load_model

    commit = None
    if rev is None:
        from ..loading.tree import listing, read_all

        keep = trengs(years)
        entries = read_all(folder, [f for f in listing(folder) if keep(f.rel, f.kind)])
        loaded = load_model(folder, entries)
    else:
        from ..loading.git import GitError

        try:
            revision = pending.result()
        except GitError as e:
            fail(str(e))
        commit = revision.commit
        loaded = load_model(revision.root, revision.entries)
    for f in loaded.errors:
        loc = f.location
        where = f"{loc.file}:{loc.line}:{loc.column}"
        note = safe_line(f"{where}: {f.message} (fila er hoppet over)")
        notes.append(note)
        typer.echo(f"tb: advarsel: {note}", err=True)
    return loaded.repo, commit
