"""Verdier fra data som tekst i brevet.

- `md_escape`: tekst fra data inn i Markdown, så en tittel aldri blir lenke, HTML eller
  tabellskille;
- `mill`, `value_as_printed`: beløp og datoer fra data skrevet med den presisjonen og formen
  den trykte teksten har («4,5 mill. kroner», «15. desember 2023»);
- `session`: tankestrek i en sesjon («(2023–2024)»);
- `format_frist`, `format_frister`: fristkolonnen i oppdragstabellene;
- `format_endring`: en endring i kroner med fortegn («+5 000 000», «−1 000 000»);
- `FILTERS`: filtrene malene har (`md`, `celle`, `kroner`, `endring`, `mill`, `dato`,
  `dato_lang`, `sesjon`).

Et beløp eller en dato som ikke er fylt inn i et utkast (`null`, eller `IKKE_UTFYLT` fra en
markør), skrives «(ikke utfylt)» («(ikkje utfylt)» på nynorsk), aldri som 0. Ordene
funksjonene skriver, følger brevets målform (`målform`, standard bokmål; ordene står i `ord.py`);
filtrene finner målformen i malens `ord`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from ..model import IKKE_UTFYLT, Frist, Oppdrag, Rapport
from ..norsk import (
    format_dato,
    format_dato_lang,
    format_kroner,
    format_mill,
    parse_amount,
    parse_date,
)
from ..text import one_line
from .ord import tekst

IKKE_UTFYLT_TEKST = tekst("ikke_utfylt", "bokmål")
"""Det brevet viser for et beløp eller en dato som står tomt i et utkast («(ikke utfylt)»; på
nynorsk `tekst("ikke_utfylt", "nynorsk")`, «(ikkje utfylt)»)."""


def _or_empty(func):
    """Filteret `func`, som skriver «(ikke utfylt)» for en verdi som ikke er fylt inn, på
    målformen i malens `ord` (bokmål uten den). Filteret får malens kontekst (Jinjas
    `pass_context`, satt på når malene lages, se `_Filters`)."""

    def wrapped(context, value, *args, **kwargs):
        if value is None or value is IKKE_UTFYLT:
            words = context.get("ord") if context is not None else None
            return words.get("ikke_utfylt", IKKE_UTFYLT_TEKST) if isinstance(words, dict) else IKKE_UTFYLT_TEKST
        return func(value, *args, **kwargs)

    wrapped.__name__ = getattr(func, "__name__", "filter")
    wrapped.__doc__ = func.__doc__
    wrapped.tb_kontekst = True
    return wrapped


_MD_SPECIAL = re.compile(
    r"([\\`*_\[\]<>|#])|&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
)


def md_escape(text: object) -> str:
    """Tekst fra data inn i Markdown: tegn med betydning i Markdown får skråstrek foran, så en
    tittel aldri blir lenke, HTML eller tabellskille. En `&` som ville startet en HTML-entitet
    («&lt;», «&#60;») får også skråstrek, så «&lt;b&gt;» i en tittel står som den er skrevet
    og ikke blir «<b>»."""
    s = "" if text is None else str(text)
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), one_line(s))


def mill(value: int, like: str | None = None) -> str:
    """Beløp i «mill. kroner», med like mange desimaler som en trykt tekst (`like`) har."""
    if like:
        printed = parse_amount(like)
        if printed and printed.precision > 1 and "mill" in like:
            return format_mill(value, decimals(like))
        if printed and printed.precision == 1:
            return format_kroner(value) + (" kroner" if "kr" in like else "")
    return format_mill(value)


def decimals(printed: str) -> int | None:
    """Antall desimaler i et trykt beløp i mill. kroner («4,5 mill. kroner» → 1)."""
    if "mill" not in printed:
        return None
    m = re.search(r",(\d+)", printed)
    return len(m.group(1)) if m else 0


def session(text: str) -> str:
    """Tankestrek mellom årene i en sesjon: «Prop. 1 S (2023-2024)» → «… (2023–2024)»."""
    return re.sub(r"\((\d{4})\s*[-–]\s*(\d{4})\)", "(\\1–\\2)", text)


def value_as_printed(value: int | date | object, printed: str, målform: str = "bokmål") -> str:
    """Verdien fra data skrevet slik den trykte teksten er skrevet («(ikke utfylt)» på
    `målform` for et felt som står tomt i et utkast)."""
    if value is IKKE_UTFYLT:
        return tekst("ikke_utfylt", målform)
    if isinstance(value, date):
        pd = parse_date(printed)
        if pd is not None and pd.spelled_month:
            return format_dato_lang(value)
        return format_dato(value)
    return mill(value, printed)


def format_frist(f: Frist, rapporter: dict[str, Rapport], målform: str = "bokmål") -> str:
    """Én frist slik den står i fristkolonnen: «Del 2: 01.08.2024 (årlig)», på nynorsk «Del 2:
    01.08.2024 (årleg)». `rapporter` er rapportene slik brevet kjenner dem
    (`snapshot.rapporter`), så en frist som følger en rapport, får datoen rapporten har i det
    brevet. Delen og merknaden er data og skrives som de står."""
    text = _when(f, rapporter, målform)
    if f.type == "underveisrapport":
        text = f"{tekst('underveisrapport', målform)} {text}"
    if f.merknad and f.merknad.lower() not in text.lower():
        text = f"{f.merknad}: {text}"
    if f.del_:
        text = f"{f.del_}: {text}"
    return text


def _when(f: Frist, rapporter: dict[str, Rapport], målform: str = "bokmål") -> str:
    """Når fristen er: datoen (med datoene den er flyttet fra), datoene, «Løpende», «Ut …»,
    rapporten den følger, gjentakelsen, eller en frist uten dato (teksten slik den er trykt,
    ellers ordet: «Avtales nærmere»); «, samt ved behov» til slutt."""
    parts: list[str] = []
    if f.dato is not None:
        moved = "".join(f"({format_dato(d)}) " for d in f.flyttet_fra)
        parts.append(moved + format_dato(f.dato))
    elif f.datoer is not None:
        ds = [format_dato(d) for d in f.datoer]
        parts.append(", ".join(ds[:-1]) + " og " + ds[-1] if len(ds) > 1 else "".join(ds))
    elif f.løpende:
        parts.append(tekst("løpende", målform))
    elif f.ut is not None:
        parts.append(f"Ut {f.ut}")
    elif f.rapport is not None:
        r = rapporter.get(f.rapport)
        parts.append(f"{r.tittel} ({format_dato(r.frist)})" if r else f.rapport)
    elif f.gjentas is not None:
        how = tekst(f.gjentas, målform)
        if f.fra:
            parts.append(f"F.o.m. {format_dato(f.fra)} ({how})")
        else:
            parts.append(_capitalized(how))
        if f.til:
            parts[-1] += f" t.o.m. {format_dato(f.til)}"
    elif f.uten_dato is not None:
        parts.append(f.trykt or _capitalized(tekst(f.uten_dato, målform)))
    if f.ved_behov and parts:
        parts[-1] += tekst("samt_ved_behov", målform)
    return " ".join(parts)


def _capitalized(text: str) -> str:
    """Stor forbokstav, resten som det er («annenhver måned» → «Annenhver måned»)."""
    return text[:1].upper() + text[1:]


MINUS = "\u2212"
"""Minustegnet i en endring («−1 000 000»), ikke bindestrek."""


def format_endring(value: int) -> str:
    """En endring i hele kroner med fortegn: «+5 000 000», «−1 000 000», «0»."""
    if value == 0:
        return "0"
    return ("+" if value > 0 else MINUS) + format_kroner(abs(value))


def format_frister(o: Oppdrag, rapporter: dict[str, Rapport], målform: str = "bokmål") -> str:
    """Alle fristene for et oppdrag i én celle, skilt med semikolon («–» uten frister)."""
    return "; ".join(format_frist(f, rapporter, målform) for f in o.frister) if o.frister else "–"


_PLAIN_FILTERS = {
    "md": md_escape,
    "celle": lambda s: md_escape(s) or " ",
    "kroner": _or_empty(format_kroner),
    "endring": _or_empty(format_endring),
    "mill": _or_empty(lambda value, desimaler=None: format_mill(value, desimaler)),
    "dato": _or_empty(format_dato),
    "dato_lang": _or_empty(format_dato_lang),
    "sesjon": session,
}


class _Filters(Mapping):
    """Filtrene slik Jinja får dem: de som skriver «(ikke utfylt)», får malens kontekst (Jinjas
    `pass_context`) for målformen. Den settes på første gang et filter hentes, det vil si når
    malene lages og Jinja alt er importert; denne modulen importerer ikke Jinja selv."""

    def __init__(self, plain: dict) -> None:
        self._plain = plain
        self._ready: dict | None = None

    def _filters(self) -> dict:
        if self._ready is None:
            from jinja2 import pass_context

            self._ready = {
                name: pass_context(f) if getattr(f, "tb_kontekst", False) else f for name, f in self._plain.items()
            }
        return self._ready

    def __getitem__(self, name: str):
        return self._filters()[name]

    def __iter__(self):
        return iter(self._plain)

    def __len__(self) -> int:
        return len(self._plain)


FILTERS: Mapping = _Filters(_PLAIN_FILTERS)
"""Filtrene malene har: `md` (tekst fra data inn i Markdown), `celle` (det samme i en
tabellcelle), `kroner` (25 200 000), `endring` (+5 000 000, −1 000 000), `mill` (25,2 mill. kroner; antall desimaler kan gis),
`dato` (31.12.2024), `dato_lang` (15. desember 2023) og `sesjon` (2023–2024 med tankestrek).
Beløps- og datofiltrene skriver «(ikke utfylt)» for en verdi som står tomt i et utkast."""
