"""Repositoriet som modell: de innleste dokumentene, prosaen og spørsmålene reglene,
fristene, gjengivelsen og rapportene stiller (oppdragene i et brev, verdien en markør viser
til, all prosa og markørene i den).

Et `Repo` lages av innlesingen (`tildelingsbrev.loading.load`) og endres ikke etter det;
spørsmålene regnes ut én gang og huskes av repositoriet selv (`_memo`, som bare metodene her
rører).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from ..findings import Location
from . import nummer, prose
from .documents import (
    IKKE_UTFYLT,
    Baseline,
    Brev,
    Fullmakter,
    Innstillinger,
    Kapittel,
    Mål,
    Oppdrag,
    Post,
    Styringsparameter,
    Tillegg,
    sum_bindinger,
    sum_fordeling,
    udisponert,
)

if TYPE_CHECKING:
    from ..loading.yamlfile import Positions
    from .prose import ProseSource

M = TypeVar("M", bound=BaseModel)


class Doc(Generic[M]):
    """En innlest fil: modellen, fila og posisjonen til hver verdi.

    Posisjonene trengs bare når et funn skal meldes. En fil som ble lest på den raske veien,
    leses derfor på nytt med posisjoner første gang noen spør (`positions`): innlesingen gir
    med seg hvordan (`reparse`), så modellen ikke trenger å kjenne YAML-leseren."""

    __slots__ = ("model", "_file", "_positions", "_raw", "_reparse")

    def __init__(
        self,
        model: M,
        file: Path | str,
        positions: Positions | None = None,
        raw: bytes | None = None,
        reparse: Callable[[bytes], Positions] | None = None,
    ):
        self.model = model
        self._file = file
        self._positions = positions
        self._raw = raw
        self._reparse = reparse

    @property
    def file(self) -> Path:
        """Fila. Path-objektet lages først når noen spør (det koster mer enn det virker)."""
        if isinstance(self._file, str):
            self._file = Path(self._file)
        return self._file

    @property
    def name(self) -> str:
        """Filnavnet («2024-01.yaml»)."""
        return os.path.basename(self._file)

    @property
    def stem(self) -> str:
        """Filnavnet uten endelse («2024-01»)."""
        return os.path.splitext(self.name)[0]

    @property
    def folder(self) -> str:
        """Navnet på mappa fila ligger i («2024»)."""
        return os.path.basename(os.path.dirname(self._file))

    @property
    def positions(self) -> Positions:
        if self._positions is None:
            assert self._reparse is not None, "Doc uten posisjoner må få `reparse`"
            self._positions = self._reparse(self._raw or b"")
            self._raw = None
        return self._positions

    def loc(self, *path: object) -> Location:
        p = self.positions.value(tuple(path))
        return Location(self.file, p.line, p.column)

    def key_loc(self, *path: object) -> Location:
        p = self.positions.key(tuple(path))
        return Location(self.file, p.line, p.column)

    def text_loc(self, path: tuple, line: int, column: int) -> Location:
        p = self.positions.in_text(path, line, column)
        return Location(self.file, p.line, p.column)


@dataclass
class Prose:
    """En Markdown-fil med prosa."""

    file: Path
    text: str

    def loc(self, line: int, column: int) -> Location:
        return Location(self.file, line + 1, column + 1)


@dataclass
class Repo:
    root: Path
    brev: list[Doc[Brev]] = field(default_factory=list)
    prosa: dict[Path, Prose] = field(default_factory=dict)
    mål: list[Doc[Mål]] = field(default_factory=list)
    styringsparametere: list[Doc[Styringsparameter]] = field(default_factory=list)
    oppdrag: list[Doc[Oppdrag]] = field(default_factory=list)
    kapitler: list[Doc[Kapittel]] = field(default_factory=list)
    poster: list[Doc[Post]] = field(default_factory=list)
    tillegg: list[Doc[Tillegg]] = field(default_factory=list)
    baseline: Doc[Baseline] | None = None
    fullmakter: list[Doc[Fullmakter]] = field(default_factory=list)
    """Budsjettfullmaktene, én fil per år (budsjett/ÅR/fullmakter.yaml)."""
    innstillinger: Doc[Innstillinger] | None = None
    """innstillinger.yaml øverst i data-mappa, når den finnes og kan leses."""
    unreadable: set[Path] = field(default_factory=set)
    """Filer som ikke kunne leses (de har egne funn; andre regler hopper over det som mangler)."""
    _memo: dict = field(default_factory=dict, repr=False, compare=False)
    """Oppslag som regnes ut én gang. Et Repo endres ikke etter `load`."""

    # ---- oppslag

    def prose_sources(self) -> list[ProseSource]:
        """All prosa i repositoriet (kapittelfiler, mål, budsjettkapitler og -poster,
        oppdragstitler) som kilder med sted og subjekt; regnet ut én gang."""
        if "prosa" not in self._memo:
            self._memo["prosa"] = list(prose.prose_sources(self))
        return self._memo["prosa"]

    def marker_values(self, kind: type) -> Iterator[tuple[ProseSource, prose.Marker, int | date]]:
        """Markørene `{{ REF: TRYKT }}` som viser til en verdi av typen `kind` (`int` for
        beløp, `date` for datoer), med verdien i data."""
        for src, m in self.markers():
            if isinstance(m, prose.Marker):
                actual = self.lookup(src.år, m.ref, src.post)
                if isinstance(actual, kind) and not isinstance(actual, bool):
                    yield src, m, actual

    def markers(self) -> list[tuple[ProseSource, prose.Marker | prose.Directive | prose.BadMarker]]:
        """Alle markører i all prosa, med kilden; funnet én gang."""
        if "markører" not in self._memo:
            self._memo["markører"] = prose.markers(self)
        return self._memo["markører"]

    def unreadable_stems(self, *folder: str) -> set[str]:
        """Filnavn (uten endelse) på filer under `folder` som ikke kunne leses. Regler som ville
        meldt noe som mangler, hopper over det som bare mangler fordi fila ikke kunne leses."""
        out = set()
        for p in self.unreadable:
            try:
                rel = p.relative_to(self.root)
            except ValueError:
                continue
            if rel.parts[: len(folder)] == folder:
                out.add(p.stem)
        return out

    def virksomhet(self) -> str | None:
        """Kortnavnet til virksomheten brevene går til: mappenavnet når den er en av flere
        (`virksomheter/KORT/`), ellers `mottaker.kortnavn` i det nyeste brevet (None uten brev).
        Kalendernes UID-er og navn bruker det."""
        if "virksomhet" not in self._memo:
            from ..virksomheter import kortnavn_for

            name = kortnavn_for(self.root)
            if name is None and self.brev:
                name = max(self.brev, key=lambda d: d.model.år).model.mottaker.kortnavn
            self._memo["virksomhet"] = name
        return self._memo["virksomhet"]

    def oppdragsnummer(self) -> nummer.Oppdragsnummer:
        """Mønsteret oppdragsnumrene følger: fra innstillinger.yaml, ellers standarden
        `{år}-{nr:2}` (`tildelingsbrev.model.nummer`)."""
        if "oppdragsnummer" not in self._memo:
            d = self.innstillinger
            self._memo["oppdragsnummer"] = (
                nummer.Oppdragsnummer(d.model.oppdragsnummer, d.name)
                if d is not None and "oppdragsnummer" in d.model.model_fields_set
                else nummer.STANDARD
            )
        return self._memo["oppdragsnummer"]

    def innstillinger_uleselige(self) -> bool:
        """Om innstillinger.yaml finnes, men ikke kunne leses: da er mønsteret for
        oppdragsnumrene ukjent, og reglene som trenger det, venter til fila er rettet."""
        from ..virksomheter import rot_for

        # egen fil i data-mappa, eller den felles øverst i et repositorium med flere virksomheter
        homes = {os.path.abspath(self.root), os.path.abspath(rot_for(self.root) or self.root)}
        return any(p.stem == "innstillinger" and os.path.abspath(p.parent) in homes for p in self.unreadable)

    def målform(self, år: int) -> str:
        """Målformen til brevet for `år` («bokmål» eller «nynorsk»; bokmål uten brev): det `tb`
        skriver når det siterer brevet (fristkolonnen i `tb vis` og `tb diff`), følger den."""
        brev = self.brev_for(år)
        return brev.model.målform if brev is not None else "bokmål"

    def fullmakter_for(self, år: int) -> Doc[Fullmakter] | None:
        """Budsjettfullmaktene i brevet for `år` (budsjett/ÅR/fullmakter.yaml), eller None."""
        found = self._by_year("fullmakter", self.fullmakter, lambda d: 0).get(år)
        return found[0] if found else None

    def oppdrag_by_id(self) -> dict[str, Doc[Oppdrag]]:
        if "by_id" not in self._memo:
            out: dict[str, Doc[Oppdrag]] = {}
            for d in self.oppdrag:
                out.setdefault(d.model.id, d)
            self._memo["by_id"] = out
        return self._memo["by_id"]

    def _by_year(self, name: str, docs: list, key) -> dict:
        if name not in self._memo:
            out: dict[int, list] = {}
            for d in docs:
                out.setdefault(d.model.år, []).append(d)
            self._memo[name] = {år: sorted(v, key=key) for år, v in out.items()}
        return self._memo[name]

    def years(self) -> list[int]:
        if "years" not in self._memo:
            self._memo["years"] = sorted({d.model.år for d in self.brev})
        return self._memo["years"]

    def brev_for(self, år: int) -> Doc[Brev] | None:
        found = self._by_year("brev", self.brev, lambda d: 0).get(år)
        return found[0] if found else None

    def mål_for(self, år: int) -> list[Doc[Mål]]:
        return self._by_year("mål", self.mål, lambda d: d.model.nr).get(år, [])

    def poster_for(self, år: int) -> list[Doc[Post]]:
        return self._by_year("poster", self.poster, lambda d: (d.model.kapittel, d.model.post)).get(år, [])

    def tillegg_for(self, år: int) -> list[Doc[Tillegg]]:
        """Tilleggene til brevet for `år`, etter nummer."""
        return self._by_year("tillegg", self.tillegg, lambda d: d.model.nr).get(år, [])

    def oppdrag_i_brev(self, år: int) -> list[Doc[Oppdrag]]:
        """Oppdragene brevet for `år` lister, etter reglene i `snapshot` (nye først, så de
        gitt tidligere). `snapshot.oppdrag_i_brev` gir også målet og fristene i brevet."""
        from .snapshot import oppdrag_i_brev

        return [ib.doc for ib in oppdrag_i_brev(self, år)]

    def lookup(self, år: int, ref: str, post: Post | None = None) -> int | date | object | None:
        """Verdien en prosamarkør (`{{ REF: … }}`) viser til, eller None om den ikke finnes;
        `IKKE_UTFYLT` når feltet finnes, men står tomt i et utkast (`tildeling: null`, eller en
        sum der et av beløpene er tomt).

        - `budsjettvedtak`, `dato`: brevets datoer;
        - `frist.ID`: datoen til en frist i brev.yaml;
        - `KKK.PP.FELT` (eller bare `FELT` i en posts egen tekst): `tildeling`, `bevilget`,
          `udisponert`, `fordeling` (summen), `bindinger` eller `bindinger.GRUPPE` (summen).
        """
        brev = self.brev_for(år)
        if ref == "budsjettvedtak":
            return _filled(brev.model.budsjettvedtak) if brev else None
        if ref == "dato":
            return brev.model.dato if brev else None
        if ref.startswith("frist."):
            if not brev:
                return None
            f = next((f for f in brev.model.frister if f.id == ref[6:]), None)
            return f.dato if f else None
        parts = ref.split(".")
        if len(parts) >= 3 and parts[0].isdigit() and parts[1].isdigit():
            kap, nr = int(parts[0]), int(parts[1])
            doc = next(
                (
                    d
                    for d in self.poster
                    if d.model.år == år and d.model.kapittel == kap and d.model.post == nr
                ),
                None,
            )
            if doc is None:
                return None
            post, parts = doc.model, parts[2:]
        if post is None:
            return None
        field_name = parts[0]
        if field_name == "tildeling" and len(parts) == 1:
            return _filled(post.tildeling)
        if field_name == "bevilget" and len(parts) == 1:
            return post.bevilget.value if post.bevilget else (IKKE_UTFYLT if post.bevilget_tom else None)
        if field_name == "udisponert" and len(parts) == 1:
            return _filled(udisponert(post))
        if field_name == "fordeling" and len(parts) == 1:
            return _filled(sum_fordeling(post))
        if field_name == "bindinger":
            if len(parts) == 1:
                return _filled(sum_bindinger(post))
            if len(parts) == 2 and any(g.id == parts[1] for g in post.bindinger):
                return _filled(sum_bindinger(post, parts[1]))
        return None


def _filled(value):
    """Verdien, eller `IKKE_UTFYLT` for et felt som står tomt i et utkast."""
    return IKKE_UTFYLT if value is None else value

