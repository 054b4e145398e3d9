"""Brevene over tid: hva hvert brev inneholder, regnet ut fra data *slik de var da brevet ble
skrevet*.

Et brev er et øyeblikksbilde. Det som skjer etter at brevet er skrevet (en leveranse, et nytt
oppdrag, et senere brev), endrer aldri det brevet; det endrer bare senere brev og oversiktene
per dato (`tb frister`, `tb status`). Reglene, fristene, gjengivelsen og rapportene spør herfra,
så alle kommandoene regner likt.

Reglene:

- **Skjæringsdatoen** for brevet for år Y er brevets `dato`, eller 1. januar Y når brevet ikke
  har dato (det publiserte brevet for 2024 har ingen).
- **Et oppdrag er med i brevet for Y** når det er gitt i Y (`ÅÅÅÅ` i nummeret), eller når det
  er gitt før Y, ikke var levert eller avsluttet før skjæringsdatoen, og har noe igjen i Y
  eller senere: en frist med dato i Y eller senere som ikke var levert før skjæringsdatoen,
  en løpende frist, en frist uten dato («avtales nærmere», `uten_dato`), en gjentakelse uten
  slutt, eller ingen frist i det hele tatt (et åpent oppdrag uten frist blir med til det er
  levert eller avsluttet).
- **Fristene i brevet for Y** for et oppdrag gitt tidligere er bare de som er igjen: en dato
  før Y (utløpt) eller en del som var levert før skjæringsdatoen, er ikke med. Et oppdrag gitt
  i Y har alle fristene sine.
- **En frist som følger en rapport** (`rapport: halvårsrapport-2024`) har datoen rapporten har
  i brevet for Y, eller i det nyeste tidligere brevet som har rapporten. Et senere brev endrer
  aldri datoen i et tidligere.
- **Målet** er `mål`, eller verdien i `mål_i_brev` for det nyeste året som ikke er etter Y.
- **Tilleggene** (`brev/ÅR/tillegg/tillegg-N.yaml`) endrer aldri brevet de hører til. Et
  oppdrag gitt i et tillegg (`tillegg: N` i oppdragsfila) står ikke i brevet for året, men i
  gjeldende tildeling fra tilleggets dato og i senere brev etter de vanlige reglene. Et oppdrag
  som trekkes i et tillegg, er lukket fra tilleggets dato. Presiseringer (nye deler og frister)
  og flyttede frister gjelder fra tilleggets dato: i gjeldende tildeling, og i brev skrevet
  etter den datoen (`frister_per`).
- **Gjeldende tildeling** for et år (`gjeldende`) er brevet med tilleggene fram til en dato:
  hver post med tildelingen i brevet og hver endring, og oppdragene med kilden til hver frist.
- **Et oppdrag er lukket** fra datoen i `levert` (`status: levert`) eller `avsluttet`
  (`status: avsluttet`). Et lukket oppdrag uten dato (en feil, TB113) regnes som åpent i alle
  brev, så brevene ikke endres; oversiktene per dato regner det som lukket.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from .documents import Brev, FlyttetFrist, Frist, Leveranse, Oppdrag, Rapport

if TYPE_CHECKING:
    from .repo import Doc, Repo


# ---------------------------------------------------------------- brevet og rapportene


def skjæringsdato(repo: Repo, år: int) -> date:
    """Datoen brevet for `år` ble skrevet: `dato` i brev.yaml, ellers 1. januar `år`."""
    cache = repo._memo.setdefault("skjæringsdato", {})
    if år not in cache:
        doc = repo.brev_for(år)
        cache[år] = doc.model.dato if doc is not None and doc.model.dato is not None else date(år, 1, 1)
    return cache[år]


@dataclass(frozen=True)
class Rapportplass:
    """En rapport i rapporteringskalenderen og brevet den står i."""

    brev: Doc[Brev]
    indeks: int

    @property
    def rapport(self) -> Rapport:
        return self.brev.model.rapportering[self.indeks]

    @property
    def år(self) -> int:
        return self.brev.model.år


def rapporter(repo: Repo, år: int | None = None) -> dict[str, Rapportplass]:
    """Rapportene slik brevet for `år` kjenner dem: brevets egne, og fra tidligere brev de som
    brevet ikke har selv (det nyeste tidligere brevet vinner). Med `år=None`: slik det nyeste
    brevet kjenner dem (alle brev)."""
    key = ("rapporter", år)
    memo = repo._memo
    if key not in memo:
        out: dict[str, Rapportplass] = {}
        for y in repo.years():
            if år is not None and y > år:
                break
            b = repo.brev_for(y)
            if b is None:
                continue
            for i, r in enumerate(b.model.rapportering):
                if r.id in out and out[r.id].år == y:
                    continue  # samme ID to ganger i ett brev (TB101): den første
                out[r.id] = Rapportplass(b, i)
        memo[key] = out
    return memo[key]


def rapportdato(repo: Repo, rapport_id: str, år: int | None) -> date | None:
    plass = rapporter(repo, år).get(rapport_id)
    return plass.rapport.frist if plass else None


# ---------------------------------------------------------------- ett oppdrag


def mål_i(o: Oppdrag, år: int) -> int:
    """Målet oppdraget står under i brevet for `år`."""
    if not o.mål_i_brev:
        return o.mål
    found = [y for y in o.mål_i_brev if y <= år]
    return o.mål_i_brev[max(found)] if found else o.mål


def lukket(o: Oppdrag) -> date | None:
    """Datoen oppdraget ble levert eller avsluttet; None når det er åpent eller datoen mangler."""
    if o.status == "levert":
        return o.levert
    if o.status == "avsluttet":
        return o.avsluttet
    return None


def siste_dato(o: Oppdrag) -> date | None:
    """Oppdragets siste kjente dato (det en gjentakelse uten `til` varer til)."""
    dates = [d for f in o.frister for d in (f.dato, *(f.datoer or ()), f.til) if d is not None]
    dates += [date(f.ut, 12, 31) for f in o.frister if f.ut is not None]
    return max(dates) if dates else None


def dekker(lev: Leveranse, f: Frist, dato: date | None) -> bool:
    """Om leveransen gjelder fristen `f` på `dato` (None: en frist uten dato). En leveranse
    registrert på en frists gamle dato (`flyttet_fra`, også når et tillegg har flyttet den)
    gjelder fristen på den nye datoen: det er den samme fristen."""
    if lev.del_ is not None and lev.del_ != f.del_:
        return False
    if lev.frist is not None and lev.frist != dato:
        return f.dato is not None and dato == f.dato and lev.frist in f.flyttet_fra
    return True


def leveranse(o: Oppdrag, f: Frist, dato: date | None, per: date | None = None) -> Leveranse | None:
    """Den første leveransen (etter dato) som dekker fristen på `dato`, levert før `per` når
    `per` er gitt (`per` er da en skjæringsdato: levert samme dag teller ikke)."""
    found = [
        lev for lev in o.leveranser if dekker(lev, f, dato) and (per is None or lev.dato < per)
    ]
    return min(found, key=lambda lev: lev.dato) if found else None


@dataclass(frozen=True)
class Fristdatoer:
    """Datoene en frist har sett fra ett brev. `datoer` er tom og `uten_slutt` sann for en
    frist uten dato (løpende, gjentakelse uten start, en rapport som ikke finnes)."""

    datoer: tuple[date, ...]
    uten_slutt: bool = False


def fristdatoer(repo: Repo, o: Oppdrag, f: Frist, år: int | None) -> Fristdatoer:
    """Datoene til fristen `f` sett fra brevet for `år` (None: det nyeste brevet)."""
    if f.dato is not None:
        return Fristdatoer((f.dato,))
    if f.datoer is not None:
        return Fristdatoer(tuple(f.datoer))
    if f.ut is not None:
        return Fristdatoer((date(f.ut, 12, 31),))
    if f.rapport is not None:
        d = rapportdato(repo, f.rapport, år)
        return Fristdatoer((d,)) if d else Fristdatoer((), uten_slutt=True)
    if f.gjentas is not None:
        if f.fra is None:
            return Fristdatoer((), uten_slutt=True)
        end = f.til or siste_dato(o)
        if end is None:
            # gjentas uten slutt: med i alle senere brev til den leveres eller avsluttes
            return Fristdatoer((f.fra,), uten_slutt=True)
        from ..deadlines import occurrences

        return Fristdatoer(tuple(d.date() for d in occurrences(f.gjentas, f.fra, max(end, f.fra))))
    return Fristdatoer((), uten_slutt=True)  # løpende, eller uten dato («avtales nærmere»)


def igjen(repo: Repo, o: Oppdrag, f: Frist, år: int, cutoff: date) -> Frist | None:
    """Fristen slik den står i brevet for `år` når oppdraget er gitt tidligere: bare det som
    ikke er utløpt (dato før `år`) og ikke levert før `cutoff`. None når ingenting er igjen."""
    fd = fristdatoer(repo, o, f, år)
    if fd.uten_slutt:
        if f.gjentas is None and leveranse(o, f, None, cutoff) is not None:
            return None
        return f
    rest = [d for d in fd.datoer if d.year >= år and leveranse(o, f, d, cutoff) is None]
    if not rest:
        return None
    if f.datoer is not None and len(rest) != len(f.datoer):
        return f.model_copy(update={"datoer": rest})
    return f


# ---------------------------------------------------------------- tilleggene


def _tilleggsindeks(repo: Repo) -> dict:
    """Hva tilleggene gjør med hvert oppdrag, slått opp på nummeret: presiseringer og flyttede
    frister (med tillegget), og tilbaketrekkingen (den første)."""
    memo = repo._memo
    if "tilleggsindeks" not in memo:
        pres: dict[str, list] = {}
        moved: dict[str, list] = {}
        pulled: dict[str, tuple[date, int, int]] = {}
        for t in sorted(repo.tillegg, key=lambda d: (d.model.dato, d.model.år, d.model.nr)):
            m = t.model
            for p in m.presiseringer:
                pres.setdefault(p.oppdrag, []).append((t, p))
            for f in m.flyttede_frister:
                moved.setdefault(f.oppdrag, []).append((t, f))
            for w in m.trukket:
                pulled.setdefault(w.oppdrag, (m.dato, m.nr, m.år))
        memo["tilleggsindeks"] = (pres, moved, pulled)
    return memo["tilleggsindeks"]


def _gitt_i_tillegg(repo: Repo) -> dict[int, list[Doc[Oppdrag]]]:
    """Oppdragene gitt i et tillegg (`tillegg: N`) per år, i samme rekkefølge som
    `repo.oppdrag`. Bygges én gang: `gjeldende` spørs for hvert brev (TB309 via
    `deadlines.expand`), og ellers ville hvert brev se på hvert oppdrag."""
    memo = repo._memo
    if "gitt_i_tillegg" not in memo:
        out: dict[int, list] = {}
        for d in repo.oppdrag:
            if d.model.tillegg is not None:
                out.setdefault(d.model.år, []).append(d)
        memo["gitt_i_tillegg"] = out
    return memo["gitt_i_tillegg"]


def trukket(repo: Repo, oppdrag_id: str) -> tuple[date, int, int] | None:
    """(datoen, tilleggets nummer, brevåret) når et tillegg trakk oppdraget tilbake."""
    return _tilleggsindeks(repo)[2].get(oppdrag_id)


def _endret_i_tillegg(repo: Repo, oppdrag_id: str) -> bool:
    pres, moved, _ = _tilleggsindeks(repo)
    return oppdrag_id in pres or oppdrag_id in moved


def lukket_før(repo: Repo, o: Oppdrag, cutoff: date) -> date | None:
    """Datoen oppdraget ble levert, avsluttet eller trukket, når det var før `cutoff`."""
    dates = [d for d in (lukket(o), (trukket(repo, o.id) or (None,))[0]) if d is not None and d < cutoff]
    return min(dates) if dates else None


def frister_per(repo: Repo, o: Oppdrag, per: date | None, inklusiv: bool = False) -> list[Frist]:
    """Oppdragets frister slik de var på en dato: fila, pluss fristene fra presiseringer i
    tillegg datert før `per` (eller på, med `inklusiv`), med de flyttede fristene flyttet.
    `per=None`: alle tilleggene. Uten tillegg er det `o.frister` selv."""
    pres, moved, _ = _tilleggsindeks(repo)
    if o.id not in pres and o.id not in moved:
        return list(o.frister)

    def applies(t) -> bool:
        if per is None:
            return True
        return t.model.dato <= per if inklusiv else t.model.dato < per

    out = list(o.frister)
    for t, p in pres.get(o.id, ()):
        if applies(t):
            out.extend(p.frister)
    for t, mv in moved.get(o.id, ()):
        if not applies(t):
            continue
        for i, f in enumerate(out):
            if (flyttet := flytt(f, mv)) is not None:
                out[i] = flyttet
                break
    return out


def flytt(f: Frist, mv: FlyttetFrist) -> Frist | None:
    """Fristen `f` med datoen flyttet slik tillegget sier (`flyttet_fra` får den gamle), eller
    None når flyttingen ikke gjelder denne fristen (en annen del eller dato)."""
    if mv.del_ is not None and mv.del_ != f.del_:
        return None
    if f.dato == mv.fra:
        return f.model_copy(update={"dato": mv.til, "flyttet_fra": [*f.flyttet_fra, mv.fra]})
    if f.datoer and mv.fra in f.datoer:
        dates = sorted({*(d for d in f.datoer if d != mv.fra), mv.til})
        return f.model_copy(update={"datoer": dates, "flyttet_fra": [*f.flyttet_fra, mv.fra]})
    return None


@dataclass(frozen=True)
class Postplass:
    """En post i gjeldende tildeling: tildelingen i brevet (None for en ny post), hver endring
    fra et tillegg, og summen."""

    nøkkel: str
    brevet: int | None
    """Tildelingen i brevet (None: posten er ny i et tillegg, eller ikke utfylt)."""
    endringer: tuple[tuple[int, int], ...]
    """(tilleggets nummer, endringen i kroner) i rekkefølge; en ny post har tildelingen her."""

    @property
    def gjeldende(self) -> int | None:
        if self.brevet is None and not self.endringer:
            return None
        return (self.brevet or 0) + sum(e for _, e in self.endringer)


@dataclass(frozen=True)
class GjeldendeOppdrag:
    """Et oppdrag i gjeldende tildeling: hvor det kom fra, fristene med kilde, og om det er
    trukket."""

    doc: Doc[Oppdrag]
    mål: int
    kilde: str
    """«brevet» eller «tillegg nr. N»."""
    frister: tuple[tuple[Frist, str], ...]
    """Hver frist med kilden: «brevet», «tillegg nr. N» (gitt der), «presisert i tillegg nr. N»
    eller «flyttet i tillegg nr. N»."""
    trukket: tuple[date, int] | None = None

    @property
    def model(self) -> Oppdrag:
        return self.doc.model


@dataclass(frozen=True)
class Gjeldende:
    """Gjeldende tildeling for et år: brevet med tilleggene datert til og med `per`."""

    år: int
    per: date | None
    tillegg: tuple[Doc, ...]
    poster: dict[str, Postplass]
    oppdrag: tuple[GjeldendeOppdrag, ...]


def gjeldende(repo: Repo, år: int, per: date | None = None) -> Gjeldende:
    """Brevet for `år` med alle tilleggene datert til og med `per` (None: alle): postene med
    tildelingen i brevet, hver endring og summen; oppdragene i brevet og de gitt i tilleggene,
    med fristene slik tilleggene har presisert og flyttet dem, og de som er trukket merket."""
    applied = tuple(t for t in repo.tillegg_for(år) if per is None or t.model.dato <= per)
    nrs = {t.model.nr for t in applied}
    poster: dict[str, Postplass] = {}
    for d in repo.poster_for(år):
        p = d.model
        poster[p.nøkkel] = Postplass(p.nøkkel, p.tildeling, ())
    for t in applied:
        m = t.model
        for ny in m.nye_poster:
            old = poster.get(ny.nøkkel)
            poster[ny.nøkkel] = Postplass(
                ny.nøkkel, old.brevet if old else None, (*(old.endringer if old else ()), (m.nr, ny.tildeling))
            )
        for e in m.poster:
            old = poster.get(e.nøkkel) or Postplass(e.nøkkel, None, ())
            poster[e.nøkkel] = Postplass(e.nøkkel, old.brevet, (*old.endringer, (m.nr, e.endring)))
    in_letter = {id(ib.doc): ib for ib in oppdrag_i_brev(repo, år)}
    docs = [ib.doc for ib in oppdrag_i_brev(repo, år)]
    docs += [d for d in _gitt_i_tillegg(repo).get(år, ()) if d.model.tillegg in nrs]
    pres, moved, _ = _tilleggsindeks(repo)
    applied_ids = {id(t) for t in applied}
    out = []
    for d in docs:
        o = d.model
        kilde = "brevet" if o.tillegg is None or o.år != år else f"tillegg nr. {o.tillegg}"
        ib = in_letter.get(id(d))
        start = ib.frister if ib is not None else tuple(o.frister)
        sourced: list[tuple[Frist, str]] = [(f, kilde) for f in start]
        for t, p in pres.get(o.id, ()):
            if id(t) in applied_ids:
                sourced.extend((f, f"presisert i tillegg nr. {t.model.nr}") for f in p.frister)
        for t, mv in moved.get(o.id, ()):
            if id(t) not in applied_ids:
                continue
            for i, (f, _src) in enumerate(sourced):
                if (flyttet := flytt(f, mv)) is not None:
                    sourced[i] = (flyttet, f"flyttet i tillegg nr. {t.model.nr}")
                    break
        pulled = trukket(repo, o.id)
        gone = (pulled[0], pulled[1]) if pulled and pulled[2] == år and pulled[1] in nrs else None
        out.append(GjeldendeOppdrag(d, mål_i(o, år), kilde, tuple(sourced), gone))
    return Gjeldende(år, per, applied, poster, tuple(out))


# ---------------------------------------------------------------- oppdragene i et brev


@dataclass(frozen=True)
class IBrev:
    """Et oppdrag slik det står i brevet for ett år."""

    doc: Doc[Oppdrag]
    år: int
    mål: int
    frister: tuple[Frist, ...]
    """Fristene slik brevet trykker dem (et oppdrag gitt tidligere: bare de som er igjen)."""
    repo: Repo = field(repr=False, compare=False)

    @property
    def grunn(self) -> str:
        """Hvorfor oppdraget er med, som en setning: «gitt i 2024», «åpent, frist 31.12.2025».
        Regnes ut først når noen spør (reglene og gjengivelsen trenger den ikke)."""
        o = self.model
        if self.ny:
            return f"gitt i {self.år}"
        if not o.frister:
            return f"åpent, uten frist (gitt i {o.år})"
        return f"åpent, {_hva_igjen(self.repo, o, self.frister, self.år)} (gitt i {o.år})"

    @property
    def model(self) -> Oppdrag:
        return self.doc.model

    @property
    def ny(self) -> bool:
        return self.model.år == self.år

    def som_trykt(self) -> Oppdrag:
        """Oppdraget med målet og fristene slik dette brevet har dem (for malene)."""
        o = self.model
        if self.mål == o.mål and self.frister == tuple(o.frister):
            return o
        return o.model_copy(update={"mål": self.mål, "frister": list(self.frister)})


def plassering(repo: Repo, doc: Doc[Oppdrag], år: int) -> tuple[IBrev | None, str]:
    """Om oppdraget er med i brevet for `år`, og hvorfor (eller hvorfor ikke)."""
    from ..norsk import format_dato

    o = doc.model
    placed = _place(repo, doc, år)
    if placed is not None:
        return placed, placed.grunn
    if o.år > år:
        return None, f"gitt etter {år}"
    if o.år == år and o.tillegg is not None:
        return None, f"gitt i tillegg nr. {o.tillegg} til brevet for {år}, ikke i brevet"
    pulled = trukket(repo, o.id)
    cutoff = skjæringsdato(repo, år)
    if pulled is not None and pulled[0] < cutoff:
        return None, f"trukket i tillegg nr. {pulled[1]} til brevet for {pulled[2]} ({format_dato(pulled[0])})"
    closed = lukket(o)
    if closed is not None and closed < cutoff:
        what = "levert" if o.status == "levert" else "avsluttet"
        return None, f"{what} {format_dato(closed)}, før brevet for {år}"
    return None, f"ingen frist igjen i {år} eller senere (gitt i {o.år})"


def _place(repo: Repo, doc: Doc[Oppdrag], år: int) -> IBrev | None:
    """Oppdraget slik det står i brevet for `år`, eller None når det ikke er med."""
    o = doc.model
    given = o.år
    if given > år:
        return None
    if given == år:
        if o.tillegg is not None:
            return None  # gitt i et tillegg etter brevet: ikke i brevet selv (se `gjeldende`)
        return IBrev(doc, år, mål_i(o, år), tuple(o.frister), repo)
    cutoff = skjæringsdato(repo, år)
    closed = lukket_før(repo, o, cutoff)
    if closed is not None:
        return None
    frister = frister_per(repo, o, cutoff)
    if not frister:
        return IBrev(doc, år, mål_i(o, år), (), repo)
    kept = tuple(rest for f in frister if (rest := igjen(repo, o, f, år, cutoff)) is not None)
    if not kept:
        return None
    return IBrev(doc, år, mål_i(o, år), kept, repo)


def _horisont(o: Oppdrag) -> int | None:
    """Det siste året oppdraget kan ha noe igjen i, sett fra et hvilket som helst brev; None
    når det ikke har noen slutt (ingen frist, løpende, en rapport, en gjentakelse uten slutt).
    Bare en grense som sparer arbeid: `_place` avgjør."""
    last = 0
    end = None
    for f in o.frister:
        if f.løpende or f.rapport is not None or f.uten_dato is not None:
            return None
        if f.gjentas is not None:
            if f.fra is None:
                return None
            if f.til is None:
                end = end or siste_dato(o)
                if end is None:
                    return None
        for d in f.known_dates():
            last = max(last, d.year)
        for d in f.datoer or ():
            last = max(last, d.year)
        if f.ut is not None:
            last = max(last, f.ut)
    if not o.frister:
        return None
    return last


def _hva_igjen(repo: Repo, o: Oppdrag, kept: Iterable[Frist], år: int) -> str:
    from ..norsk import format_dato

    dates: list[date] = []
    for f in kept:
        fd = fristdatoer(repo, o, f, år)
        if fd.uten_slutt:
            if f.uten_dato is not None:
                return f"frist uten dato ({f.uten_dato})"
            return "løpende frist" if f.løpende else "frist uten slutt"
        dates.extend(d for d in fd.datoer if d.year >= år)
    return f"frist {format_dato(min(dates))}" if dates else "frist i året"


def oppdrag_i_brev(repo: Repo, år: int) -> list[IBrev]:
    """Oppdragene brevet for `år` lister: nye først (etter løpenummer), så de gitt tidligere
    (nyeste år først, så etter løpenummer: 2/2024 før 13/2024 uansett mønster)."""
    key = ("i_brev", år)
    memo = repo._memo
    if key not in memo:
        placed = []
        for doc in _kandidater(repo).get(år, ()):
            ib = _place(repo, doc, år)
            if ib is not None:
                placed.append(ib)
        placed.sort(key=lambda ib: (not ib.ny, -ib.model.år, ib.model.nr, ib.model.id))
        memo[key] = placed
    return memo[key]


def _kandidater(repo: Repo) -> dict[int, list[Doc[Oppdrag]]]:
    """For hvert brev: oppdragene som kan være med (gitt det året, eller tidligere med en frist
    så sent eller uten slutt). Bygges én gang; uten den ville hvert brev se på hvert oppdrag."""
    memo = repo._memo
    if "kandidater" not in memo:
        letters = repo.years()
        # det siste brevet skrevet før en dato: minste skjæringsdato fra hvert brev og utover
        # (ikke-synkende), så et lukket oppdrag slipper å se på brevene skrevet etter det
        # ble lukket
        floor: list[date] = []
        for y in reversed(letters):
            c = skjæringsdato(repo, y)
            floor.append(min(c, floor[-1]) if floor else c)
        floor.reverse()
        out: dict[int, list[Doc[Oppdrag]]] = {}
        for doc in repo.oppdrag:
            o = doc.model
            given = o.år
            last = _horisont(o)
            closed = lukket(o)
            pulled = trukket(repo, o.id)
            if pulled is not None:
                closed = pulled[0] if closed is None else min(closed, pulled[0])
            if _endret_i_tillegg(repo, o.id):
                last = None  # presiseringer og flyttede frister kan gi frister senere enn fila sier
            if closed is not None:
                # brevene med skjæringsdato etter lukkingen har det ikke med
                i = bisect_right(floor, closed) - 1
                written_before = letters[i] if i >= 0 else given
                last = written_before if last is None else min(last, written_before)
            for y in letters[bisect_left(letters, given) :]:
                if last is not None and y > last and y != given:
                    break
                out.setdefault(y, []).append(doc)
        memo["kandidater"] = out
    return memo["kandidater"]


def brev_med(repo: Repo, doc: Doc[Oppdrag]) -> list[tuple[int, IBrev | None, str]]:
    """For hvert brev i data fra året oppdraget ble gitt: om oppdraget er med, og hvorfor."""
    return [(y, *plassering(repo, doc, y)) for y in repo.years() if y >= doc.model.år]


def brevene(repo: Repo, doc: Doc[Oppdrag]) -> list[int]:
    """Årene til brevene i data oppdraget er med i, i rekkefølge (et oppslag; `brev_med` sier
    også hvorfor)."""
    key = "brevene"
    memo = repo._memo
    if key not in memo:
        index: dict[int, list[int]] = {}
        for y in repo.years():
            for ib in oppdrag_i_brev(repo, y):
                index.setdefault(id(ib.doc), []).append(y)
        memo[key] = index
    return memo[key].get(id(doc), [])


def første_brev(repo: Repo, doc: Doc[Oppdrag]) -> int | None:
    """Det første brevet i data oppdraget er med i (None: ingen)."""
    years = brevene(repo, doc)
    return years[0] if years else None


# ---------------------------------------------------------------- unntatt offentlighet


T = TypeVar("T")


def offentlig(oppdrag: Iterable[T], intern: bool = False) -> tuple[list[T], int]:
    """Oppdragene som står i den offentlige utgaven, og hvor mange som er utelatt fordi de er
    unntatt offentlighet (`Oppdrag.unntatt_offentlighet`). `oppdrag` er `IBrev`,
    `GjeldendeOppdrag` eller `Doc[Oppdrag]` (alt med `.model`); med `intern` er alle med og ingen
    utelatt. For gjengivelsen (den offentlige utgaven sier at N oppdrag er utelatt) og rapportene."""
    items = list(oppdrag)
    if intern:
        return items, 0
    kept = [x for x in items if x.model.unntatt_offentlighet is None]  # type: ignore[attr-defined]
    return kept, len(items) - len(kept)


def unntatte(repo: Repo) -> dict[str, Doc[Oppdrag]]:
    """Oppdragene unntatt offentlighet etter nummer: det den offentlige utgaven ikke trykker
    (heller ikke i bindingene, sammendraget eller de nye oppdragene i et tillegg). TB115 melder
    offentlig tekst som viser til dem."""
    return {i: d for i, d in repo.oppdrag_by_id().items() if d.model.unntatt_offentlighet is not None}
