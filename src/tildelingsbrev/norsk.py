"""Norske tall og datoer: lese og skrive beløp («25 200 000», «25,2 mill. kroner») og datoer
(«31.12.2024», «15. desember 2023») slik de står i et tildelingsbrev.

Beløp er alltid hele kroner i heltall. Et trykt beløp har en presisjon: «25,2 mill. kroner»
er 25 200 000 kroner med presisjon 100 000 kroner, og det stemmer med alle beløp som avrundet
til nærmeste 100 000 blir 25 200 000.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .text import one_line

NBSP = "\u00a0"

MÅNEDER = (
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
)
UKEDAGER = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")

_UNITS = {
    None: 1,
    "mill.": 1_000_000,
    "mill": 1_000_000,
    "millioner": 1_000_000,
    "mrd.": 1_000_000_000,
    "mrd": 1_000_000_000,
    "milliarder": 1_000_000_000,
}

_UNIT_NAMES = tuple(k for k in _UNITS if k is not None)


def canonical(word: str, table: tuple[str, ...]) -> str:
    """Ordet i `table` (med små bokstaver) som `word` er, uten hensyn til store og små bokstaver.

    Et treff fra en regex med `re.IGNORECASE` slås opp her, ikke med `word.lower()`: Python
    lar «ſ» (lang s) treffe «s», «İ» treffe «i» og «K» (kelvin) treffe «k», men
    `"DEſEMBER".lower()` er «deſember» og `"MİLL".lower()` er «mi̇ll», som ingen tabell har.
    Her sammenlignes ordet med hvert oppslag på samme måte som regexen gjorde, så et ord
    regexen godtok, finner alltid igjen sitt oppslag. Et ord som ikke finnes, gir ValueError.
    """
    low = word.lower()
    if low in table:
        return low
    for entry in table:
        if re.fullmatch(re.escape(entry), word, re.IGNORECASE):
            return entry
    raise ValueError(f"«{word}» er ikke et av {', '.join(table)}")


_AMOUNT_RE = re.compile(
    r"""^\s*
    (?P<int>\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)
    (?:,(?P<dec>\d+))?
    \s*(?P<unit>mill\.?|millioner|mrd\.?|milliarder)?
    \s*(?:kroner|kr\.?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)


@dataclass(frozen=True)
class PrintedAmount:
    """Et beløp slik det er trykt: verdien i kroner, presisjonen og teksten."""

    value: int
    precision: int
    text: str | None

    def agrees_with(self, actual: int) -> bool:
        """Om `actual` avrundet til trykt presisjon gir det trykte beløpet (halvt opp)."""
        return round_half_up(actual, self.precision) == self.value

    def shown(self) -> str:
        return self.text if self.text is not None else format_kroner(self.value)


def round_half_up(value: int, precision: int) -> int:
    if precision <= 1:
        return value
    return ((value + precision // 2) // precision) * precision


def parse_amount(text: str) -> PrintedAmount | None:
    """Les et trykt beløp. Returnerer None når teksten ikke er et beløp."""
    m = _AMOUNT_RE.match(text)
    if not m:
        return None
    digits = re.sub(r"\D", "", m.group("int"))
    dec = m.group("dec") or ""
    unit_key = canonical(m.group("unit"), _UNIT_NAMES) if m.group("unit") else None
    if unit_key in ("mill", "mrd"):
        unit_key += "."
    unit = _UNITS[unit_key]
    if unit == 1 and dec:
        return None  # øre: hele kroner bare
    scale = 10 ** len(dec)
    if unit % scale:
        return None  # flere desimaler enn enheten har kroner
    value = int(digits) * unit + int(dec or "0") * (unit // scale)
    precision = unit // scale
    return PrintedAmount(value=value, precision=precision, text=one_line(text))


def format_kroner(value: int) -> str:
    """25200000 -> «25 200 000» (tusengruppene skilles med hardt mellomrom)."""
    sign = "-" if value < 0 else ""
    s = f"{abs(value):,}".replace(",", NBSP)
    return sign + s


def format_mill(value: int, decimals: int | None = None) -> str:
    """25200000 -> «25,2 mill. kroner». Uten `decimals`: så få desimaler som trengs."""
    if value < 0:
        return "-" + format_mill(-value, decimals)
    if decimals is None:
        decimals = 0
        while decimals < 6 and value % (1_000_000 // 10**decimals):
            decimals += 1
    rounded = round_half_up(value, 1_000_000 // 10**decimals) if decimals < 6 else value
    whole, rest = divmod(rounded, 1_000_000)
    txt = format_kroner(whole)
    if decimals:
        frac = str(rest).rjust(6, "0")[:decimals]
        txt += "," + frac
    return f"{txt}{NBSP}mill. kroner"


def format_liste(items) -> str:
    """[1, 2, 3] -> «1, 2 og 3»; én verdi står alene, ingen gir «(ingen)»."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items) or "(ingen)"
    return ", ".join(items[:-1]) + " og " + items[-1]


def format_dato(d: date) -> str:
    """date(2024, 12, 31) -> «31.12.2024»."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}"


def format_dato_lang(d: date) -> str:
    """date(2023, 12, 15) -> «15. desember 2023»."""
    return f"{d.day}. {MÅNEDER[d.month - 1]} {d.year}"


@dataclass(frozen=True)
class PrintedDate:
    value: date
    text: str
    standard: bool
    """True når teksten er i vanlig form: «31.12.2024» eller «15. desember 2023»."""

    @property
    def spelled_month(self) -> bool:
        """True når måneden er skrevet med navn («15. desember 2023», også «15. deſember 2023»),
        så en verdi skal skrives i lang form (`format_dato_lang`)."""
        return any(c.isalpha() for c in self.text)


_DATE_PATTERNS = (
    # 31.12.2024
    (re.compile(r"(?<![\d.])(\d{2})\.(\d{2})\.(\d{4})(?![\d])"), True),
    # 15. desember 2023
    (re.compile(r"(?<!\d)(\d{1,2})\.\s+(" + "|".join(MÅNEDER) + r")\s+(\d{4})(?!\d)", re.I), True),
    # 29.03.24
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])"), False),
    # 31. 12 2024, 1.6.2024
    (re.compile(r"(?<![\d.])(\d{1,2})\.\s*(\d{1,2})\.?\s+(\d{4})(?!\d)"), False),
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)"), False),
)


_LOOSE_DATE = re.compile(r"\d{1,2}\.\s*(?:\d{1,2}|[^\W\d_]+)\.?\s*\d{2,4}")
"""Alt som kan være en dato i en av formene over (for en rask vei når alle er vanlige)."""


def find_dates(text: str) -> list[PrintedDate]:
    """Alle datoer i en trykt tekst, i rekkefølge, også de som er skrevet i uvanlig form.

    Tosifrede årstall («20.03.24») betyr 2000-tallet. En umulig dato (31.02.2024) hoppes over.
    """
    return list(_find_dates(text))


@lru_cache(maxsize=65536)
def _find_dates(text: str) -> tuple[PrintedDate, ...]:
    found: list[tuple[int, PrintedDate]] = []
    taken: list[tuple[int, int]] = []
    if "." not in text or not any(c.isdigit() for c in text):
        return ()  # hver form har et punktum og sifre
    patterns = _DATE_PATTERNS
    standard_only = [m for m in _DATE_PATTERNS[0][0].finditer(text)]
    if len(_LOOSE_DATE.findall(text)) == len(standard_only):
        patterns = _DATE_PATTERNS[:1]  # bare vanlige datoer (31.12.2024): én regex holder
    for pattern, standard in patterns:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            d_s, mo_s, y_s = m.groups()
            is_standard = standard
            if mo_s.isdigit():
                month = int(mo_s)
            else:
                name = canonical(mo_s, MÅNEDER)
                month = MÅNEDER.index(name) + 1
                # «deſember», «İ» for «i», «K» (kelvin) for «k»: datoen er den samme, men
                # ikke skrevet vanlig
                is_standard = standard and all(c in name or c in name.upper() for c in mo_s)
            year = int(y_s) + (2000 if len(y_s) == 2 else 0)
            try:
                d = date(year, month, int(d_s))
            except ValueError:
                continue
            taken.append((m.start(), m.end()))
            found.append((m.start(), PrintedDate(d, m.group(0), is_standard)))
    return tuple(p for _, p in sorted(found, key=lambda t: t[0]))


def parse_date(text: str) -> PrintedDate | None:
    """Les én trykt dato (hele teksten)."""
    dates = find_dates(text.strip())
    if len(dates) == 1 and dates[0].text == one_line(text):
        return dates[0]
    if len(dates) == 1 and dates[0].text == text.strip():
        return dates[0]
    return None
