"""Utdata for `tb frister`: fristene som tabell, JSON, CSV eller iCalendar (ICS).

Alt her er en ren funksjon av fristene og referansedatoen, så samme data gir samme bytes.

En frist med en leveranse (`levert`, `levert_ref` i JSON og CSV: datoen fristen ble levert,
eller oppdraget levert eller avsluttet) er merket «levert 16.08.2024 (24/1234-5)» eller
«avsluttet 01.02.2025» i tabellen og kalenderen (`levert_tekst`). Hvilke frister som
er med, bestemmer utvalget (`deadlines.select`): en frist som var levert per referansedatoen,
er bare med når den er bedt om (`tb frister --med-levert`). Et oppdrag trukket tilbake i et
tillegg er lukket på samme måte fra tilleggets dato: «trukket 15.10.2024 (tillegg nr. 3)»
(`trukket`, `trukket_i` i JSON og CSV).

En frist som ikke er en dato («avtales nærmere», «etter gjennomført høring») står etter de
daterte med slaget (`uten_dato`) og teksten slik den er trykt (`trykt`); avdelingen som har
ansvaret for oppdraget, står i `ansvarlig` (JSON og CSV).

Hver frist har kilden sin (`kilde`): «brevet», «tillegg nr. 2» (oppdraget er gitt i
tillegget), «presisert i tillegg nr. 2» eller «flyttet i tillegg nr. 2». Tabellen og kalenderen
sier den når den ikke er «brevet» (`kilde_tekst`).

Et oppdrag unntatt fra offentlighet er bare med når det er bedt om (`tb frister --intern`,
`deadlines.offentlige`); da er det merket «unntatt offentlighet (offl. § 15 første ledd)» i
tabellen og kalenderen og har hjemmelen i `unntatt_offentlighet` (JSON og CSV). Uten `--intern`
er det ikke med i noe format, og tabellen sier på én linje hvor mange oppdrag som er utelatt
(JSON, CSV og kalenderen, som ofte deles, sier ingenting om dem).

Tekst fra data skrives aldri rått der den kan gjøre skade: i tabellen og den rene teksten går
den gjennom `text.safe_line` (én linje, kontrolltegn som «\x1b»), og i CSV får en celle som
et regneark ville lest som en formel («=», «+», «-», «@», tabulator, vognretur), en apostrof
foran (`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from ..norsk import UKEDAGER, format_dato
from ..text import safe_line
from .check import dumps

if TYPE_CHECKING:
    from ..deadlines import Deadline

COLUMNS = ("dato", "ukedag", "dager", "oppdrag", "tittel", "del", "type", "mål", "merknad", "fridag")


def row(dl: Deadline, ref: date, virksomhet: str | None = None) -> dict:
    """Én frist som en flat post. `dager` er dager fra referansedatoen (negativt = forfalt);
    `virksomhet` er kortnavnet til mottakeren (det er med i `uid`)."""
    return {
        "virksomhet": virksomhet,
        "dato": dl.dato.isoformat() if dl.dato else None,
        "ukedag": UKEDAGER[dl.dato.weekday()] if dl.dato else None,
        "dager": (dl.dato - ref).days if dl.dato else None,
        "oppdrag": dl.oppdrag,
        "tittel": dl.tittel,
        "del": dl.del_,
        "type": dl.type,
        "mål": dl.mål,
        "løpende": dl.løpende,
        "gjentas": dl.gjentas,
        "uten_dato": dl.uten_dato,
        "trykt": dl.trykt,
        "merknad": dl.merknad,
        "fridag": dl.fridag,
        "flyttet_fra": [d.isoformat() for d in dl.flyttet_fra],
        "levert": dl.levert.isoformat() if dl.levert else None,
        "levert_ref": dl.levert_ref,
        "kilde": dl.kilde,
        "trukket": dl.trukket.isoformat() if dl.trukket else None,
        "trukket_i": dl.trukket_i,
        "ansvarlig": dl.ansvarlig,
        "unntatt_offentlighet": dl.unntatt_offentlighet,
        "uid": dl.uid_for(virksomhet),
    }


def kilde_tekst(dl: Deadline) -> str | None:
    """Hvor fristen kommer fra, slik tabellen viser den: «gitt i tillegg nr. 2», «presisert i
    tillegg nr. 2», «flyttet fra 30.09.2024 i tillegg nr. 2»; for en frist fra brevet
    «flyttet fra 01.06.2023» når den er flyttet der, ellers None."""
    moved = ", ".join(format_dato(x) for x in dl.flyttet_fra)
    if dl.kilde.startswith("flyttet i "):
        return f"flyttet fra {moved} {dl.kilde[len('flyttet '):]}" if moved else dl.kilde
    parts = [f"flyttet fra {moved}"] if moved else []
    if dl.kilde.startswith("tillegg "):
        parts.append(f"gitt i {dl.kilde}")
    elif dl.kilde != "brevet":
        parts.append(dl.kilde)
    return ", ".join(parts) or None


def levert_tekst(dl: Deadline) -> str | None:
    """«levert 16.08.2024 (24/1234-5)», «avsluttet 01.02.2025», «trukket 15.10.2024 (tillegg
    nr. 3)» eller None når fristen ikke er levert (oppdraget er åpent og ingen leveranse
    dekker den). En frist levert før oppdraget ble trukket, er levert."""
    if dl.trukket is not None and not (dl.levert is not None and dl.levert <= dl.trukket):
        return f"trukket {format_dato(dl.trukket)}" + (f" ({dl.trukket_i})" if dl.trukket_i else "")
    if dl.levert is None and dl.åpen:
        return None
    text = "avsluttet" if dl.avsluttet else "levert"
    if dl.levert is not None:
        text += f" {format_dato(dl.levert)}"
    if dl.levert_ref:
        text += f" ({dl.levert_ref})"
    return text


def to_json(deadlines: list[Deadline], ref: date, virksomhet: str | None = None) -> str:
    return dumps([row(d, ref, virksomhet) for d in deadlines])


CSV_DELIMITER = ";"
"""Semikolon, som norsk Excel venter (komma er desimaltegnet der)."""


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
"""Tegn som får Excel, LibreOffice og Google Sheets til å lese en celle som en formel (OWASP,
«CSV Injection»)."""


def spreadsheet_safe(value: object) -> object:
    """En tekstcelle som begynner som en formel (`=HYPERLINK(…)`, `+`, `-`, `@`, tabulator,
    vognretur – også etter blanke tegn), får en apostrof foran, så regnearket viser den som
    tekst. Tall (dager, mål) er tall og skrives som de er."""
    if isinstance(value, str) and value.lstrip(" \u00a0").startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(deadlines: list[Deadline], ref: date, virksomhet: str | None = None) -> str:
    """Fristene som CSV for et regneark: semikolon mellom feltene og UTF-8 med BOM, så norsk
    Excel åpner fila med én kolonne per felt og riktige æ, ø og å. Andre programmer leser den
    med kodingen `utf-8-sig`. En tekst som ser ut som en formel, får en apostrof foran
    (`spreadsheet_safe`), så fila kan åpnes trygt i Excel."""
    buf = io.StringIO()
    buf.write("\ufeff")
    fields = list(COLUMNS) + [
        "løpende",
        "gjentas",
        "flyttet_fra",
        "uid",
        "levert",
        "levert_ref",
        "kilde",
        "trukket",
        "trukket_i",
        "virksomhet",
        "ansvarlig",
        "uten_dato",
        "trykt",
        "unntatt_offentlighet",
    ]
    w = csv.DictWriter(buf, fieldnames=fields, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    w.writeheader()
    for d in deadlines:
        r = row(d, ref, virksomhet)
        r["flyttet_fra"] = " ".join(r["flyttet_fra"])
        r["løpende"] = "ja" if r["løpende"] else ""
        w.writerow({k: ("" if r[k] is None else spreadsheet_safe(r[k])) for k in fields})
    return buf.getvalue()


def to_ics(deadlines: list[Deadline], stamp: date, virksomhet: str | None = None) -> bytes:
    """Én heldagshendelse per datert frist, med stabil UID. `stamp` blir DTSTAMP (fast, så
    utdata er byte-identisk mellom kjøringer). En levert frist (bare med når den er bedt om,
    `tb frister --med-levert`) har «(levert 16.08.2024)» i tittelen og leveransen i
    beskrivelsen."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//tildelingsbrev//tb frister//NO")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Frister i tildelingsbrevet til {virksomhet}" if virksomhet else "Frister i tildelingsbrevet")
    dtstamp = datetime(stamp.year, stamp.month, stamp.day, tzinfo=UTC)
    for d in deadlines:
        if d.dato is None:
            continue
        ev = Event()
        ev.add("uid", d.uid_for(virksomhet))
        ev.add("dtstamp", dtstamp)
        ev.add("dtstart", d.dato)
        if d.dato < date.max:  # uten DTEND varer en heldagshendelse én dag (RFC 5545)
            ev.add("dtend", d.dato + timedelta(days=1))
        # SEQUENCE øker hver gang fristen flyttes (flyttet_fra), så en kalender som leser fila
        # på nytt, tar den nye datoen i stedet for å beholde den gamle hendelsen
        ev.add("sequence", len(d.flyttet_fra))
        done = levert_tekst(d)
        ev.add("summary", f"Frist: {d.hva}" + (f" ({done})" if done else ""))
        lines = [d.hva]
        if done:
            lines.append(done[0].upper() + done[1:])
        if d.mål is not None:
            lines.append(f"Mål {d.mål}")
        source = kilde_tekst(d)
        if source:
            lines.append(source[0].upper() + source[1:])
        if d.unntatt_offentlighet:
            lines.append(f"Unntatt offentlighet ({d.unntatt_offentlighet})")
        if d.fridag:
            lines.append(f"NB: fristen faller på en fridag ({d.fridag})")
        ev.add("description", "\n".join(lines))
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical()


def table_rows(deadlines: list[Deadline], ref: date) -> list[tuple[list[str], str]]:
    """Radene i tabellen, hver med en stil: «levert», «forfalt», «snart» (innen 7 dager) eller "".
    Hver celle er én linje uten kontrolltegn (`text.safe_line`)."""
    out = []
    for d in deadlines:
        if d.dato is None:
            cells = ["løpende" if d.løpende else (d.uten_dato or d.gjentas or "uten dato"), "", ""]
            style = ""
        else:
            days = (d.dato - ref).days
            cells = [format_dato(d.dato), UKEDAGER[d.dato.weekday()], str(days)]
            style = "forfalt" if days < 0 else ("snart" if days <= 7 else "")
        what = d.hva
        source = kilde_tekst(d)
        if source:
            what += f" ({source})"
        if d.unntatt_offentlighet:
            what += f" (unntatt offentlighet, {d.unntatt_offentlighet})"
        if d.fridag:
            what += f" ⚑ {d.fridag}"
        done = levert_tekst(d)
        if done:
            what += f" {'✗' if done.startswith('trukket') else '✓'} {done}"
            if d.lukket_per(ref):
                style = "levert"
        cells += [what, "" if d.mål is None else str(d.mål)]
        out.append(([safe_line(c) for c in cells], style))
    return out


HEADERS = ["Dato", "Dag", "Dager", "Hva", "Mål"]


def to_plain(deadlines: list[Deadline], ref: date, utelatt: int = 0) -> str:
    """Tabellen som ren tekst; `utelatt` oppdrag unntatt offentlighet er nevnt på linja til slutt."""
    from ..deadlines import utelatt_tekst

    note = utelatt_tekst(utelatt)
    tail = f"{note}.\n" if note else ""
    rows = [cells for cells, _ in table_rows(deadlines, ref)]
    if not rows:
        return "Ingen frister i perioden.\n" + tail
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADERS[:3])]
    lines = []
    header = "  ".join(
        h.ljust(w) if i != 2 else h.rjust(w) for i, (h, w) in enumerate(zip(HEADERS[:3], widths))
    )
    lines.append(f"{header}  Hva (mål)")
    for r in rows:
        head = "  ".join(c.ljust(w) if i != 2 else c.rjust(w) for i, (c, w) in enumerate(zip(r[:3], widths)))
        goal = f" (mål {r[4]})" if r[4] else ""
        lines.append(f"{head}  {r[3]}{goal}")
    return "\n".join(lines) + "\n" + tail


FORMATS: dict[str, Callable[..., bytes]] = {
    "tabell": lambda deadlines, ref, stamp, virksomhet, utelatt=0: to_plain(deadlines, ref, utelatt).encode("utf-8"),
    "json": lambda deadlines, ref, stamp, virksomhet, utelatt=0: to_json(deadlines, ref, virksomhet).encode("utf-8"),
    "csv": lambda deadlines, ref, stamp, virksomhet, utelatt=0: to_csv(deadlines, ref, virksomhet).encode("utf-8"),
    "ics": lambda deadlines, ref, stamp, virksomhet, utelatt=0: to_ics(deadlines, stamp, virksomhet),
}
"""Formatene for `tb frister --format` (navn → funksjon av fristene, referansedatoen,
tidsstempelet for kalenderen, kortnavnet til virksomheten og antallet oppdrag unntatt
offentlighet som er utelatt). Valgene på kommandolinja bygges fra nøklene. `tabell` skrives
som en tabell med farger når utdata går til en terminal (CLI-et), ellers som ren tekst herfra;
bare tabellen sier at noe er utelatt (JSON, CSV og kalenderen nevner ikke oppdragene)."""
