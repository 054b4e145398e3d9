"""Prosa i brevet: Markdown med to slags markører, og oppdragsnumre nevnt i teksten.

- `{{ REF: TRYKT }}` inne i en setning: et beløp eller en dato som også står i data, med
  teksten slik den er trykt. `tb check` sammenligner de to; gjengivelsen henter verdien fra data.
  Eksempel: `Det er bevilget {{ bevilget: 48,9 mill. kroner }} på posten.`
- `{{ NAVN }}` alene på en linje: her settes generert innhold inn (`mål`, `rapportering`,
  `budsjett`).

Markørene er vår egen lille syntaks, ikke Jinja: tekst fra data blir aldri malkode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER_RE = re.compile(r"\{\{(.*?)\}\}", re.S)
OPPDRAG_REF_RE = re.compile(r"(?<![0-9-])([0-9]{4}-(?:[0-9]{2}|[1-9][0-9]{2}))(?![0-9-])")

DIRECTIVES = ("mål", "rapportering", "budsjett")


@dataclass(frozen=True)
class Marker:
    ref: str
    printed: str
    line: int  # fra 0, i teksten
    column: int  # fra 0


@dataclass(frozen=True)
class Directive:
    name: str
    line: int
    column: int


@dataclass(frozen=True)
class BadMarker:
    text: str
    line: int
    column: int


@dataclass(frozen=True)
class Mention:
    """Et oppdragsnummer nevnt i teksten."""

    oppdrag: str
    line: int
    column: int


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start


def scan(text: str) -> list[Marker | Directive | BadMarker]:
    """Alle markører i teksten, i rekkefølge."""
    out: list[Marker | Directive | BadMarker] = []
    for m in MARKER_RE.finditer(text):
        inner = " ".join(m.group(1).split())
        line, col = _line_col(text, m.start())
        whole_line = text.splitlines()[line].strip() == m.group(0).strip() if text else False
        if ":" in inner:
            ref, printed = (s.strip() for s in inner.split(":", 1))
            if ref and printed:
                out.append(Marker(ref, printed, line, col))
                continue
        elif inner in DIRECTIVES and whole_line:
            out.append(Directive(inner, line, col))
            continue
        out.append(BadMarker(m.group(0), line, col))
    return out


def plain(text: str) -> str:
    """Teksten slik den står trykt: markørene byttet ut med den trykte teksten."""

    def sub(m: re.Match[str]) -> str:
        inner = " ".join(m.group(1).split())
        if ":" in inner:
            return inner.split(":", 1)[1].strip()
        return m.group(0)

    return MARKER_RE.sub(sub, text)


def mentions(text: str) -> list[Mention]:
    """Oppdragsnumre (`2022-09`) nevnt i teksten. Årsspenn som «2024-2027» er ikke med."""
    out = []
    for m in OPPDRAG_REF_RE.finditer(text):
        line, col = _line_col(text, m.start())
        out.append(Mention(m.group(1), line, col))
    return out
