"""Regler for fristene slik `tb frister` viser dem."""

from __future__ import annotations

from ..deadlines import expand
from ..findings import Severity
from ..model import Repo
from ..norsk import UKEDAGER, format_dato
from ..rule import Report, rule


@rule("TB309", "frist-fridag", Severity.WARNING)
def deadline_on_day_off(repo: Repo, report: Report) -> None:
    """En frist faller ikke på en lørdag, søndag eller norsk helligdag.

    Hva den sjekker: hver dato fristene gir – enkeltdatoer, hver forekomst av en gjentakelse,
    rapporteringskalenderen og frister gitt i teksten – mot helligdagene i Norge (pakken
    `holidays`, land NO) og helgene.

    Hvorfor: en frist på en søndag blir i praksis neste virkedag, og det bør brevet si selv.

    Eksempel: «Halvårsrapportering for 2024 … Innen 18. august 2024» (en søndag).
    """
    for dl in expand(repo):
        if dl.dato is None or dl.fridag is None:
            continue
        who = f"oppdrag {dl.oppdrag}" if dl.oppdrag else f"«{dl.tittel}»"
        day = dl.fridag if dl.fridag in UKEDAGER else f"{UKEDAGER[dl.dato.weekday()]}, {dl.fridag}"
        report(
            dl.location,
            f"{who}: fristen {format_dato(dl.dato)} faller på en fridag ({day})",
            subject=f"{dl.oppdrag or dl.tittel} {format_dato(dl.dato)}",
        )
