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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..findings import Location
from ..text import one_line

if TYPE_CHECKING:
    from .documents import Post
    from .repo import Repo

MARKER_RE = re.compile(r"\{\{([^{}]{0,500})\}\}")
"""En markør: `{{`, høyst 500 tegn uten krøllparenteser, `}}` (lineær tid også på ondsinnet tekst)."""
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


_OPEN_RE = re.compile(r"\{\{")


class _Lines:
    """Linje og kolonne for stigende posisjoner i en tekst, i lineær tid."""

    def __init__(self, text: str):
        self.text, self.offset, self.line, self.line_start = text, 0, 0, 0

    def at(self, offset: int) -> tuple[int, int]:
        # bare stykket siden forrige posisjon leses: lineært også med svært lange linjer
        self.line += self.text.count("\n", self.offset, offset)
        newline = self.text.rfind("\n", self.offset, offset)
        if newline >= 0:
            self.line_start = newline + 1
        self.offset = offset
        return self.line, offset - self.line_start


def scan(text: str) -> list[Marker | Directive | BadMarker]:
    """Alle markører i teksten, i rekkefølge, også «{{» som aldri lukkes (som ugyldige)."""
    out: list[Marker | Directive | BadMarker] = []
    if "{{" not in text:
        return out
    lines = text.splitlines()
    where = _Lines(text)
    covered_until = -1
    events = sorted(
        [(m.start(), m) for m in MARKER_RE.finditer(text)]
        + [(m.start(), None) for m in _OPEN_RE.finditer(text)],
        key=lambda t: (t[0], t[1] is None),
    )
    for start, m in events:
        if start < covered_until:
            continue
        line, col = where.at(start)
        if m is None:
            out.append(BadMarker("{{", line, col))  # åpnes, men lukkes ikke
            covered_until = start + 2
            continue
        covered_until = m.end()
        inner = one_line(m.group(1))
        if ":" in inner:
            ref, printed = (s.strip() for s in inner.split(":", 1))
            if ref and printed:
                out.append(Marker(ref, printed, line, col))
                continue
        elif inner in DIRECTIVES and line < len(lines) and lines[line].strip() == m.group(0).strip():
            out.append(Directive(inner, line, col))
            continue
        out.append(BadMarker(m.group(0), line, col))
    return out


def plain(text: str) -> str:
    """Teksten slik den står trykt: markørene byttet ut med den trykte teksten."""

    def sub(m: re.Match[str]) -> str:
        inner = one_line(m.group(1))
        if ":" in inner:
            return inner.split(":", 1)[1].strip()
        return m.group(0)

    return MARKER_RE.sub(sub, text)


def mentions(text: str) -> list[Mention]:
    """Oppdragsnumre (`2022-09`) nevnt i teksten. Årsspenn som «2024-2027» er ikke med."""
    out = []
    where = _Lines(text)
    for m in OPPDRAG_REF_RE.finditer(text):
        line, col = where.at(m.start())
        out.append(Mention(m.group(1), line, col))
    return out


# ---------------------------------------------------------------- prosaen i repositoriet


@dataclass
class ProseSource:
    """Et stykke prosa med det som trengs for å melde funn i det."""

    år: int
    text: str
    locate: Callable[[int, int], Location]
    subject: str
    post: Post | None = None
    markdown: bool = True
    """Teksten settes inn i brevet som Markdown (prosa, tekster); False for titler, som escapes."""

    @property
    def mentions(self) -> list[Mention]:
        return mentions(self.text)


def prose_sources(repo: Repo) -> Iterator[ProseSource]:
    """All prosa i repositoriet: kapittelfiler, mål, budsjettkapitler og -poster,
    oppdragstitler og tilleggene (`tillegg_sources`). Brukes gjennom `Repo.prose_sources()`,
    som husker svaret."""
    for b in repo.brev:
        for k in b.model.kapitler:
            if not k.tekst:
                continue
            p = repo.prosa.get(b.file.parent / k.tekst)
            if p is not None:
                yield ProseSource(b.model.år, p.text, p.loc, f"kapittel {k.nr}")
    for d in repo.mål:
        yield ProseSource(d.model.år, d.model.tekst, _in(d, ("tekst",)), f"mål {d.model.nr}")
    for d in repo.kapitler:
        yield ProseSource(d.model.år, d.model.tekst, _in(d, ("tekst",)), f"kap. {d.model.kapittel}")
    for d in repo.poster:
        yield ProseSource(d.model.år, d.model.tekst, _in(d, ("tekst",)), d.model.nøkkel, d.model)
    for d in repo.oppdrag:
        yield ProseSource(
            d.model.år, d.model.tittel, _in(d, ("tittel",)), f"oppdrag {d.model.id}", markdown=False
        )
    for d in repo.tillegg:
        yield from tillegg_sources(d)


def tillegg_sources(d) -> Iterator[ProseSource]:
    """Prosaen i et tillegg (`brev/ÅR/tillegg/tillegg-N.yaml`): grunnlaget, innledningen
    (`tekst`), teksten under hver endring og ny post, presiseringene og begrunnelsen for hvert
    trukket oppdrag. Subjektet begynner med «tillegg nr. N».

    Reglene for prosa gjelder som i brevet: markørene (TB110), beløp og datoer i teksten
    (TB207, TB302), rå HTML (TB111), oppdragsnumre (TB106) og dokumenthenvisninger (TB112).
    En markør viser til det samme som i brevets tekst for året (`{{ dato: … }}` er brevets
    dato, `{{ 671.62.tildeling: … }}` tildelingen i brevet); det finnes ingen post-lokale
    referanser i et tillegg, så `{{ tildeling: … }}` alene viser ikke til noe."""
    m = d.model
    who = f"tillegg nr. {m.nr}"
    texts: list[tuple[tuple, str, str]] = [(("grunnlag",), m.grunnlag, f"{who} grunnlag"), (("tekst",), m.tekst, who)]
    texts += [(("poster", i, "tekst"), e.tekst, f"{who} {e.nøkkel}") for i, e in enumerate(m.poster)]
    texts += [(("nye_poster", i, "tekst"), n.tekst, f"{who} ny post {n.nøkkel}") for i, n in enumerate(m.nye_poster)]
    texts += [
        (("presiseringer", i, "tekst"), p.tekst, f"{who} presisering {p.oppdrag}")
        for i, p in enumerate(m.presiseringer)
    ]
    texts += [
        (("trukket", i, "begrunnelse"), w.begrunnelse, f"{who} trukket {w.oppdrag}") for i, w in enumerate(m.trukket)
    ]
    for path, text, subject in texts:
        if text:
            yield ProseSource(m.år, text, _in(d, path), subject)


def _in(doc, path):
    return lambda line, col: doc.text_loc(path, line, col)


def markers(repo: Repo) -> list[tuple[ProseSource, Marker | Directive | BadMarker]]:
    """Alle markører i all prosa. Brukes gjennom `Repo.markers()`, som husker svaret."""
    return [(src, m) for src in repo.prose_sources() for m in scan(src.text)]
