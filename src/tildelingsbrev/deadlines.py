"""Frister: alle frister i brevet utvidet til datoer, som en ren funksjon av data.

Kildene er oppdragenes `frister` (kapittel 3), rapporteringskalenderen (pkt. 8.1) og
fristene gitt i brevets tekst (`frister` i brev.yaml). Hver frist blir én eller flere
`Deadline`; gjentakelser (årlig, halvårlig, tertialvis, kvartalsvis, månedlig, annenhver
måned, annethvert år) utvides med dateutil sin rrule. Løpende frister, frister uten dato
(«avtales nærmere», `uten_dato`), gjentakelser uten startdato og åpne oppdrag uten frist blir
en `Deadline` uten dato – de vises etter de daterte og blir aldri borte.

En gjentakelse er avgrenset: den utvides aldri forbi `GYLDIGE_DATOER` (til og med 2110) og
gir høyst `MAKS_FOREKOMSTER` datoer. Når grensen kapper den, sier merknaden på fristen det.

Brevene over tid (`model.snapshot`): `expand(repo, år)` gir fristene i gjeldende tildeling for
`år` (brevet med tilleggene), og `expand(repo)` dagens oversikt over alle brevene, der det
nyeste brevet vinner for en rapport som står i flere. Hver frist har leveransen sin (`levert`,
`levert_ref`); om den var levert på en dato, svarer `Deadline.levert_per`, og om den var lukket
(levert, avsluttet eller trukket), `Deadline.lukket_per`.

Tilleggene (`brev/ÅR/tillegg/`): et oppdrag gitt i et tillegg er med fra tilleggets dato, en
presisering gir nye frister, en flyttet frist har den nye datoen (og den gamle i
`flyttet_fra`), og et trukket oppdrag er lukket fra tilleggets dato (`trukket`). Hver frist
sier hvor den kommer fra (`kilde`: «brevet», «tillegg nr. 2», «presisert i tillegg nr. 2»,
«flyttet i tillegg nr. 2»). En frist fra brevet har den samme `uid` med og uten tillegg, også
når et tillegg flytter den. Uten tillegg i data slås ingenting opp.

Et oppdrag unntatt fra offentlighet (`Oppdrag.unntatt_offentlighet`) har hjemmelen på hver
frist (`Deadline.unntatt_offentlighet`); rapportene tar fristene bare med når de blir bedt om
det (`offentlige`, `--intern`), og sier i tabellene hvor mange oppdrag som er utelatt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from dateutil.relativedelta import relativedelta
from dateutil.rrule import MONTHLY, YEARLY, rrule

from .findings import Location
from .model import GYLDIGE_DATOER, Doc, Frist, Oppdrag, Repo, snapshot
from .model.nummer import del_opp
from .norsk import format_dato, format_liste
from .text import safe_line

_RRULE = {
    "annethvert år": (YEARLY, 2),
    "årlig": (YEARLY, 1),
    "halvårlig": (MONTHLY, 6),
    "tertialvis": (MONTHLY, 4),
    "kvartalsvis": (MONTHLY, 3),
    "annenhver måned": (MONTHLY, 2),
    "månedlig": (MONTHLY, 1),
}
"""Hver gjentakelse (`model.Gjentakelse`) som rrule-frekvens og intervall."""


MAKS_FOREKOMSTER = 240
"""Høyst så mange datoer per gjentakelse (20 år med månedlige frister). En gjentakelse som
ville gitt flere (`månedlig` til 2110), gir de første, og merknaden sier at den er kappet."""


@dataclass(frozen=True)
class Deadline:
    """Én frist på én dato (eller uten dato, for løpende frister)."""

    dato: date | None
    tittel: str
    type: str
    """levering, underveisrapport, rapportering, rapport (pkt. 8.1) eller frist (i teksten)."""
    ident: tuple
    """Hva fristen er (kilde, oppdrag, del, type, nummer) uten datoen; gir `uid`."""
    source: tuple = field(compare=False, repr=False)
    """(dokumentet, stien) fristen står på; `location` regnes ut fra den når den trengs."""
    oppdrag: str | None = None
    del_: str | None = None
    mål: int | None = None
    løpende: bool = False
    gjentas: str | None = None
    uten_dato: str | None = None
    """Slaget frist uten dato («avtales nærmere», «etter hendelse» …, `Frist.uten_dato`)."""
    trykt: str | None = None
    """En frist uten dato slik den er trykt («Etter gjennomført høring»), ellers None."""
    ansvarlig: str | None = None
    """Avdelingen i departementet som har ansvaret for oppdraget (`Oppdrag.ansvarlig`)."""
    unntatt_offentlighet: str | None = None
    """Hjemmelen når oppdraget er unntatt fra offentlighet («offl. § 15 første ledd»,
    `Oppdrag.unntatt_offentlighet`); None for et offentlig oppdrag og for rapporter og frister i
    brevets tekst. Rapportene tar det bare med på forespørsel (`offentlige`)."""
    merknad: str | None = None
    flyttet_fra: tuple[date, ...] = ()
    åpen: bool = True
    """False når oppdraget er levert eller avsluttet (`status`), uansett dato."""
    fridag: str | None = None
    """«lørdag», «søndag» eller navnet på helligdagen når fristen faller på en fridag."""
    levert: date | None = None
    """Datoen fristen ble levert: den første leveransen som dekker den (`snapshot.leveranse`),
    ellers datoen hele oppdraget ble levert eller avsluttet (`snapshot.lukket`)."""
    levert_ref: str | None = None
    """Saksnummeret eller dokumentet leveransen finnes i («24/1234-5»), når data har det."""
    avsluttet: bool = False
    """True når `levert` er datoen oppdraget ble avsluttet uten (full) leveranse."""
    uten_frist: bool = False
    """True for raden et oppdrag uten frist får (det blir aldri borte fra oversikten)."""
    kilde: str = "brevet"
    """Hvor fristen kommer fra: «brevet», «tillegg nr. 2» (oppdraget er gitt i tillegget),
    «presisert i tillegg nr. 2» eller «flyttet i tillegg nr. 2» (`snapshot.gjeldende`). I
    dagens oversikt har et tillegg til et eldre brev enn det nyeste året med: «presisert i
    tillegg nr. 2 til brevet for 2024»."""
    trukket: date | None = None
    """Datoen oppdraget ble trukket tilbake i et tillegg; fristen er lukket fra den dagen (om
    den ikke var levert før)."""
    trukket_i: str | None = None
    """Tillegget som trakk oppdraget: «tillegg nr. 3»."""
    eier: object = field(default=None, compare=False, repr=False)
    """Dokumentet til oppdraget fristen hører til (fristen selv kan stå i et tillegg)."""

    def levert_per(self, per: date) -> bool:
        """Om fristen var levert (eller oppdraget avsluttet) på `per`: levert den dagen eller
        før. En leveranse etter `per` teller ikke ennå. Et levert eller avsluttet oppdrag uten
        dato (en feil i data, TB113) regnes som lukket i oversiktene, slik `snapshot` sier."""
        if self.levert is not None:
            return self.levert <= per
        return not self.åpen

    def trukket_per(self, per: date) -> bool:
        """Om oppdraget var trukket på `per` uten at fristen var levert før: da er fristen
        verken kommende eller forfalt. Levert samme dag som tilbaketrekkingen eller før, er
        levert."""
        if self.trukket is None or self.trukket > per:
            return False
        return not (self.levert_per(per) and (self.levert is None or self.levert <= self.trukket))

    def lukket_per(self, per: date) -> bool:
        """Om fristen var lukket på `per`: levert, avsluttet eller trukket."""
        return self.levert_per(per) or self.trukket_per(per)

    @property
    def uid(self) -> str:
        """Stabil identitet: den samme fristen har samme uid på tvers av kjøringer og endringer
        i andre frister, også når datoen flyttes."""
        return _uid(*self.ident)

    def uid_for(self, virksomhet: str | None) -> str:
        """`uid` for fristen i brevet til `virksomhet` (kortnavnet): to virksomheters frister
        med samme oppdragsnummer får ulike UID-er, så kalenderne deres ikke kolliderer."""
        return _uid(virksomhet, *self.ident) if virksomhet else self.uid

    @property
    def uten_dato_tekst(self) -> str | None:
        """En frist uten dato slik den er trykt, ellers slaget («avtales nærmere»)."""
        return self.trykt or self.uten_dato

    @property
    def location(self) -> Location:
        """Stedet i fila fristen står (for funn om den)."""
        doc, path = self.source
        return doc.loc(*path)

    @property
    def hva(self) -> str:
        """Hva som skal leveres, som én linje: «2024-06 Veiledning … – Del II (underveisrapport)»."""
        head = f"{self.oppdrag} {self.tittel}" if self.oppdrag else self.tittel
        extra = [x for x in (self.del_, _TYPE_LABEL.get(self.type), self.merknad) if x]
        if self.løpende:
            extra.append("løpende")
        elif self.uten_dato is not None:
            extra.append(self.uten_dato_tekst)
        elif self.dato is None and self.gjentas:
            extra.append(self.gjentas)
        return head + (" – " + ", ".join(extra) if extra else "")


_TYPE_LABEL = {"underveisrapport": "underveisrapport", "rapportering": None, "levering": None}


_HOLIDAYS: dict[date, str] = {}
_HOLIDAY_YEARS: set[int] = set()


def load_holidays(years) -> None:
    """Hent helligdagene i Norge for årene på én gang (pakken `holidays`)."""
    missing = sorted(set(years) - _HOLIDAY_YEARS)
    if not missing:
        return
    import holidays

    # Søndager og språk settes eksplisitt: standardverdiene har endret seg mellom versjoner.
    _HOLIDAYS.update(holidays.Norway(years=missing, include_sundays=False, language="no"))
    _HOLIDAY_YEARS.update(missing)


def day_off(d: date) -> str | None:
    """«lørdag», «søndag» eller helligdagens navn når `d` ikke er en arbeidsdag i Norge."""
    load_holidays((d.year,))
    name = _HOLIDAYS.get(d)
    if name:
        return name[0].lower() + name[1:]
    if d.weekday() == 5:
        return "lørdag"
    if d.weekday() == 6:
        return "søndag"
    return None


def _uid(*parts: object) -> str:
    raw = "|".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:20] + "@tildelingsbrev"


def _expand(
    f: Frist,
    base: dict,
    key: tuple,
    end_default: date | None,
) -> Iterable[Deadline]:
    """Én frist → én eller flere Deadline. `key` gir stabil uid uten datoen."""
    common = dict(
        base,
        del_=f.del_,
        type=f.type if base.get("type") is None else base["type"],
        merknad=f.merknad,
        flyttet_fra=tuple(f.flyttet_fra),
    )
    if f.dato is not None:
        yield Deadline(dato=f.dato, ident=(*key,), **common)
    elif f.datoer is not None:
        for d in f.datoer:
            yield Deadline(
                dato=d,
                ident=(
                    *key,
                    d.year,
                ),
                **common,
            )
    elif f.ut is not None:
        yield Deadline(
            dato=date(f.ut, 12, 31), ident=(*key,), **dict(common, merknad=f.merknad or f"ut {f.ut}")
        )
    elif f.løpende:
        yield Deadline(dato=None, løpende=True, ident=(*key,), **common)
    elif f.uten_dato is not None:
        yield Deadline(dato=None, uten_dato=f.uten_dato, trykt=f.trykt, ident=(*key,), **common)
    elif f.gjentas is not None:
        if f.fra is None:
            yield Deadline(dato=None, gjentas=f.gjentas, ident=(*key,), **common)
            return
        end = f.til or end_default
        if end is None or end < f.fra:
            end = date(f.fra.year, 12, 31)
        end = min(end, GYLDIGE_DATOER[1])
        notes = []
        if f.til is None:
            # brevet sier ikke når gjentakelsen slutter: vis hvor langt den er regnet ut
            notes.append(f"gjentas til {format_dato(end)} (ingen sluttdato i brevet)")
        dates = occurrences(f.gjentas, f.fra, end, limit=MAKS_FOREKOMSTER + 1)
        if len(dates) > MAKS_FOREKOMSTER:
            dates = dates[:MAKS_FOREKOMSTER]
            notes.append(
                f"bare de {MAKS_FOREKOMSTER} første datoene er tatt med "
                f"(til {format_dato(dates[-1].date())})"
            )
        if notes:
            note = "; ".join(notes)
            common["merknad"] = f"{common['merknad']}; {note}" if common.get("merknad") else note
        for n, dt in enumerate(dates):
            yield Deadline(
                dato=dt.date(),
                gjentas=f.gjentas,
                ident=(
                    *key,
                    n,
                ),
                **common,
            )


def occurrences(gjentas: str, fra: date, til: date, limit: int = MAKS_FOREKOMSTER) -> list[datetime]:
    """Datoene i en gjentakelse fra og med `fra` til og med `til`, høyst `limit` av dem.

    En frist den 29.–31. faller på månedens siste dag i måneder som er kortere
    (31.01 månedlig gir 29.02 i et skuddår), i stedet for at måneden hoppes over.
    """
    freq, interval = _RRULE[gjentas]
    extra = {}
    if fra.day > 28:
        extra = dict(bymonthday=(fra.day, -1), bysetpos=1)
        if freq == YEARLY:
            extra["bymonth"] = fra.month
    return list(islice(rrule(freq, interval=interval, dtstart=fra, until=til, **extra), max(0, limit)))


def expand(repo: Repo, år: int | None = None, per: date | None = None) -> list[Deadline]:
    """Fristene, daterte først i datoorden, så de uten dato.

    Med `år`: fristene i gjeldende tildeling for `år` (`snapshot.gjeldende`): brevets
    rapporteringskalender og frister i teksten, og oppdragene i brevet med fristene slik brevet
    har dem (et oppdrag gitt tidligere: bare de som er igjen), målet i brevet og rapportene slik
    brevet kjenner dem – og med tilleggene til brevet datert til og med `per` (None: alle):
    oppdragene gitt i dem, de presiserte fristene, de flyttede fristene med den nye datoen og
    de trukne oppdragene merket (`trukket`).

    Uten `år` (dagens oversikt): alle brevene og alle oppdragene med alle fristene, med
    tilleggene datert til og med `per` (None: alle): et oppdrag gitt i et tillegg er med fra
    tilleggets dato. En rapport som står i flere brev, har datoen i det nyeste brevet (et senere
    brev overstyrer); rapporter som bare står i eldre brev, er med. Målet er det i det nyeste
    brevet oppdraget er med i.
    """
    out: list[Deadline] = []
    if år is None:
        letters = sorted(repo.brev, key=lambda b: b.model.år)
        for plass in snapshot.rapporter(repo, None).values():
            out.append(_report_deadline(plass.brev, plass.indeks))
        if not repo.tillegg:
            for doc in repo.oppdrag:
                out.extend(_oppdrag_deadlines(repo, doc, None, _mål_nå(repo, doc), doc.model.frister))
        else:
            out.extend(_med_tillegg_nå(repo, per))
    else:
        b = repo.brev_for(år)
        letters = [b] if b is not None else []
        if b is not None:
            out.extend(_report_deadline(b, i) for i in range(len(b.model.rapportering)))
        if not repo.tillegg_for(år):
            for ib in snapshot.oppdrag_i_brev(repo, år):
                out.extend(_oppdrag_deadlines(repo, ib.doc, år, ib.mål, ib.frister))
        else:
            for go in snapshot.gjeldende(repo, år, per).oppdrag:
                pulled = (go.trukket[0], f"tillegg nr. {go.trukket[1]}") if go.trukket else None
                out.extend(
                    _oppdrag_deadlines(
                        repo,
                        go.doc,
                        år,
                        go.mål,
                        [f for f, _ in go.frister],
                        kilde=go.kilde,
                        kilder=[k for _, k in go.frister],
                        trukket=pulled,
                    )
                )
    for b in letters:
        for i, f in enumerate(b.model.frister):
            base = dict(tittel=f.tekst, source=(b, ("frister", i)), type="frist")
            out.extend(_expand(f, base, ("frist", b.model.år, f.id), date(b.model.år, 12, 31)))
    load_holidays({dl.dato.year for dl in out if dl.dato is not None})
    for i, dl in enumerate(out):
        if dl.dato is not None:
            off = day_off(dl.dato)
            if off:
                out[i] = _with(dl, fridag=off)
    return sorted(out, key=sort_key)


def fridager_per_brev(repo: Repo) -> Iterable[tuple[int, list[Deadline]]]:
    """For hvert brev (`år`, i årsorden): fristene som faller på en fridag, de samme og i samme
    rekkefølge som `[dl for dl in expand(repo, år) if dl.fridag]` (TB309).

    Uten å utvide hvert oppdrag på nytt for hvert brev det er med i: et oppdrag gir de samme
    datoene og stedene i hvert brev for de samme fristene (`IBrev.frister`, som oftest de samme
    objektene fra brev til brev), bortsett fra at et oppdrag gitt tidligere bare har det som
    ikke er utløpt før brevets år (brevene gås gjennom i årsorden, så det som er utløpt for et
    tidligere brev, er det også nå). To ting kan gjøre svaret annerledes fra brev til brev og
    er derfor med i nøkkelen: datoen en rapportfrist har i brevets rapporteringskalender, og
    året en gjentakelse uten slutt (ingen `til` og ingen annen dato i oppdraget) utvides til.
    Bare datoen, stedet, oppdraget, tittelen og sorteringsnøkkelen til fristene er de samme
    som i `expand`; målet, kilden og leveransene kan være fra et tidligere brev."""
    memo: dict[tuple, tuple[list[Deadline], object]] = {}

    def of(doc: Doc[Oppdrag], år: int, frister: list[Frist], **kw) -> list[Deadline]:
        o = doc.model
        if not any(f.gjentas is not None for f in frister) and not any(
            day_off(d) for f in frister for d in _mulige_datoer(repo, f, år)
        ):
            return []  # ingen av datoene fristene kan gi, er en fridag
        # det som kan gjøre svaret annerledes fra brev til brev: rapportdatoene slik brevet
        # kjenner dem, og året en gjentakelse uten slutt utvides til
        reports = tuple(snapshot.rapportdato(repo, f.rapport, år) for f in frister if f.rapport is not None)
        endless = any(f.gjentas is not None and f.fra is not None and f.til is None for f in frister)
        horizon = år if endless and snapshot.siste_dato(o) is None else None
        key = (id(doc), tuple(id(f) for f in frister), reports, horizon)
        hit = memo.get(key)
        if hit is None:
            # `frister` holdes i live i hurtigbufferen, så id-ene ikke brukes på nytt
            rows = [dl for dl in _oppdrag_deadlines(repo, doc, år, 0, frister, **kw) if dl.dato is not None]
            hit = memo[key] = (rows, frister)
        rows = hit[0]
        if o.år < år:
            # regnet ut for et tidligere brev (eller dette): bare det som ikke er utløpt
            rows = [dl for dl in rows if dl.dato.year >= år]
        return rows

    for år in repo.years():
        b = repo.brev_for(år)
        out: list[Deadline] = []
        if b is not None:
            out.extend(_report_deadline(b, i) for i in range(len(b.model.rapportering)))
        if not repo.tillegg_for(år):
            for ib in snapshot.oppdrag_i_brev(repo, år):
                out.extend(of(ib.doc, år, list(ib.frister)))
        else:
            for go in snapshot.gjeldende(repo, år, None).oppdrag:
                out.extend(of(go.doc, år, [f for f, _ in go.frister], kilder=[k for _, k in go.frister]))
        if b is not None:
            for i, f in enumerate(b.model.frister):
                base = dict(tittel=f.tekst, source=(b, ("frister", i)), type="frist")
                out.extend(_expand(f, base, ("frist", b.model.år, f.id), date(b.model.år, 12, 31)))
        load_holidays({dl.dato.year for dl in out if dl.dato is not None})
        off = []
        for dl in out:
            if dl.dato is not None:
                name = day_off(dl.dato)
                if name:
                    off.append(_with(dl, fridag=name))
        yield år, sorted(off, key=sort_key)


def _mulige_datoer(repo: Repo, f: Frist, år: int) -> Iterable[date]:
    """Datoene en frist uten gjentakelse kan gi i brevet for `år` (`_oppdrag_deadlines`): en
    rapportfrist datoen sin eller datoen i rapporteringskalenderen, ellers `dato`, `datoer`
    og `ut`. Kan være flere enn den gir, aldri færre."""
    if f.dato is not None:
        yield f.dato
    yield from f.datoer or ()
    if f.ut is not None:
        yield date(f.ut, 12, 31)
    if f.rapport is not None:
        d = snapshot.rapportdato(repo, f.rapport, år)
        if d is not None:
            yield d


def _med_tillegg_nå(repo: Repo, per: date | None) -> Iterable[Deadline]:
    """Dagens oversikt over oppdragene når data har tillegg: fristene slik tilleggene datert
    til og med `per` har gjort dem (`snapshot.frister_per`), oppdragene gitt i et tillegg fra
    tilleggets dato, og de trukne merket."""
    years = repo.years()
    newest = years[-1] if years else None
    given_at = {(t.model.år, t.model.nr): t.model.dato for t in repo.tillegg}
    for doc in repo.oppdrag:
        o = doc.model
        if o.tillegg is not None and per is not None:
            when = given_at.get((o.år, o.tillegg))
            if when is not None and when > per:
                continue  # gitt i et tillegg etter datoen
        kilde = "brevet" if o.tillegg is None else tillegg_navn(o.år, o.tillegg, newest)
        pulled = snapshot.trukket(repo, o.id)
        if pulled is not None and per is not None and pulled[0] > per:
            pulled = None  # trukket i et tillegg etter datoen
        trukket = (pulled[0], tillegg_navn(pulled[2], pulled[1], newest)) if pulled else None
        frister = snapshot.frister_per(repo, o, per, inklusiv=True)
        yield from _oppdrag_deadlines(
            repo, doc, None, _mål_nå(repo, doc), frister, kilde=kilde, trukket=trukket, ctx=newest
        )


def tillegg_navn(år: int, nr: int, ctx: int | None) -> str:
    """«tillegg nr. 2», eller «tillegg nr. 2 til brevet for 2024» når tillegget hører til et
    annet brev enn det oversikten gjelder (`ctx`)."""
    return f"tillegg nr. {nr}" if år == ctx else f"tillegg nr. {nr} til brevet for {år}"


def _report_deadline(b: Doc, i: int) -> Deadline:
    r = b.model.rapportering[i]
    return Deadline(
        dato=r.frist,
        tittel=r.tittel,
        type="rapport",
        ident=("rapport", r.id),
        source=(b, ("rapportering", i, "frist")),
    )


def _mål_nå(repo: Repo, doc: Doc[Oppdrag]) -> int:
    """Målet i det nyeste brevet oppdraget er med i (ellers `mål`). Uten `mål_i_brev` er det
    `mål` i alle brev, og ingen brev trenger å spørres."""
    o = doc.model
    if not o.mål_i_brev:
        return o.mål
    years = repo.years()
    in_first = o.år in years  # et oppdrag er alltid med i brevet for året det ble gitt
    for y in reversed(years):
        if y < o.år:
            break
        if in_first and not any(o.år < k <= y for k in o.mål_i_brev):
            # samme mål i alle brev fra det første til `y`: hvilket av dem som er det
            # nyeste oppdraget er med i, spiller ingen rolle (og mange brev spørres ikke)
            return snapshot.mål_i(o, y)
        ib, _ = snapshot.plassering(repo, doc, y)
        if ib is not None:
            return ib.mål
    return o.mål


def _kandidater(repo: Repo, d: Doc[Oppdrag]) -> list[tuple[Frist, tuple, tuple, Doc | None]]:
    """Fristene et oppdrag kan ha i en oversikt, i rekkefølge: fristene i fila, så fristene fra
    presiseringene (i tilleggenes rekkefølge). Hver med nøkkelen til `uid` (uten datoen, så
    den er den samme når fristen flyttes), stedet (dokumentet og stien) og tillegget når den
    er fra en presisering."""
    o = d.model
    out: list[tuple[Frist, tuple, tuple, Doc | None]] = []
    seen: dict[tuple, int] = {}
    for i, f in enumerate(o.frister):
        ident = (o.id, f.del_, f.type, f.gjentas)
        n = seen.get(ident, 0)
        seen[ident] = n + 1
        out.append((f, ("oppdrag", *ident, n), (d, ("frister", i)), None))
    if repo.tillegg:
        # presiseringene i tilleggenes rekkefølge, som `snapshot.frister_per` og `gjeldende`
        for t, p in snapshot._tilleggsindeks(repo)[0].get(o.id, ()):
            pi = next(i for i, x in enumerate(t.model.presiseringer) if x is p)
            seen = {}
            for fi, f in enumerate(p.frister):
                ident = (o.id, "tillegg", t.model.år, t.model.nr, f.del_, f.type, f.gjentas)
                n = seen.get(ident, 0)
                seen[ident] = n + 1
                out.append((f, ("oppdrag", *ident, n), (t, ("presiseringer", pi, "frister", fi)), t))
    return out


def _samme_frist(k: Frist, f: Frist) -> bool:
    """Om `f` (fristen slik et brev, en dato eller gjeldende tildeling har den) er fristen `k`
    fra fila eller en presisering: det samme objektet, en kopi med færre datoer
    (`snapshot.igjen`), eller flyttet i et tillegg (`snapshot.frister_per`, `gjeldende`)."""
    if k is f:
        return True
    n = len(k.flyttet_fra)
    if f.flyttet_fra[:n] != k.flyttet_fra:
        return False
    moved = f.flyttet_fra[n:]
    if moved:
        if k.dato != moved[0] and moved[0] not in (k.datoer or ()):
            return False
    elif k.datoer is None or f.datoer is None or not set(f.datoer) <= set(k.datoer):
        return False
    return k.model_copy(update={"dato": f.dato, "datoer": f.datoer, "flyttet_fra": f.flyttet_fra}) == f


def _flyttet_av(repo: Repo, o: Oppdrag, f: Frist) -> tuple[Doc, int] | None:
    """Tillegget (og flyttingens plass i det) som ga fristen `f` den datoen den har."""
    found = None
    for t, mv in snapshot._tilleggsindeks(repo)[1].get(o.id, ()):
        if f.flyttet_fra and mv.fra == f.flyttet_fra[-1] and (mv.til == f.dato or mv.til in (f.datoer or ())):
            found = (t, next(i for i, x in enumerate(t.model.flyttede_frister) if x is mv))
    return found


def _oppdrag_deadlines(
    repo: Repo,
    d: Doc[Oppdrag],
    år: int | None,
    mål: int,
    frister: Iterable[Frist],
    kilde: str = "brevet",
    kilder: list[str] | None = None,
    trukket: tuple[date, str] | None = None,
    ctx: int | None = None,
) -> Iterable[Deadline]:
    """Fristene til ett oppdrag slik oversikten har dem (`frister`: fila, brevet for `år` eller
    gjeldende tildeling). `kilde` er oppdragets («brevet», «tillegg nr. 2»), `kilder` fristenes
    når de er kjent (gjeldende tildeling); ellers regnes de ut fra hvor fristen står (`ctx`:
    året oversikten gjelder, for navnet på tillegget). `trukket`: (datoen, tillegget)."""
    o = d.model
    closed = snapshot.lukket(o)
    # hele oppdraget levert eller avsluttet: gjelder hver frist som ingen leveranse dekker
    whole = (
        {} if o.status == "åpen" else dict(levert=closed, levert_ref=o.referanse, avsluttet=o.status == "avsluttet")
    )
    if trukket is not None:
        whole.update(trukket=trukket[0], trukket_i=trukket[1])
    frister = list(frister)
    if not frister and not o.frister:
        # et oppdrag uten frist i brevet (TB304) forsvinner ikke fra oversikten
        parts = f"deloppdrag {format_liste(x.nr for x in o.deloppdrag)}" if o.deloppdrag else ""
        yield Deadline(
            dato=None,
            tittel=o.tittel,
            type="levering",
            ident=("oppdrag", o.id, "uten frist"),
            source=(d, ("id",)),
            oppdrag=o.id,
            mål=mål,
            merknad="ingen frist i brevet" + (f" ({parts})" if parts else ""),
            åpen=o.status == "åpen",
            uten_frist=True,
            kilde=kilde,
            eier=d,
            ansvarlig=o.ansvarlig,
            unntatt_offentlighet=_hjemmel(o),
            **whole,
        )
        return
    last = snapshot.siste_dato(o)
    if last is None:
        # en gjentakelse uten slutt er med i alle senere brev (`snapshot.fristdatoer`): den
        # utvides til og med året for brevet, eller det nyeste brevet i dagens oversikt
        horizon = år if år is not None else max(repo.years(), default=None)
        last = date(horizon, 12, 31) if horizon is not None else None
    cands = _kandidater(repo, d)
    given_earlier = år is not None and o.år < år
    j = 0
    for pos, shown in enumerate(frister):
        c = next((c for c in range(j, len(cands)) if _samme_frist(cands[c][0], shown)), None)
        if c is None:
            continue  # ingen frist i fila eller et tillegg er denne (skal ikke skje)
        j = c + 1
        f, key, source, from_tillegg = cands[c]
        here = kilde if from_tillegg is None else f"presisert i {tillegg_navn(from_tillegg.model.år, from_tillegg.model.nr, ctx)}"
        if len(shown.flyttet_fra) > len(f.flyttet_fra):
            mover = _flyttet_av(repo, o, shown)
            if mover is not None:
                t, mi = mover
                source = (t, ("flyttede_frister", mi, "til"))
                here = f"flyttet i {tillegg_navn(t.model.år, t.model.nr, ctx)}"
        if kilder is not None:
            here = kilder[pos]
        base = dict(
            tittel=_title_with_part(o),
            oppdrag=o.id,
            mål=mål,
            source=source,
            åpen=o.status == "åpen",
            type=None,
            kilde=here,
            eier=d,
            ansvarlig=o.ansvarlig,
            unntatt_offentlighet=_hjemmel(o),
            **whole,
        )
        if shown.rapport is not None:
            when = snapshot.fristdatoer(repo, o, shown, år).datoer
            r = snapshot.rapporter(repo, år).get(shown.rapport)
            base.pop("type")
            rows = [
                Deadline(
                    dato=when[0] if when else None,
                    del_=shown.del_,
                    type=shown.type,
                    merknad=shown.merknad
                    or (r.rapport.tittel if r else f"rapport «{shown.rapport}» (ukjent)"),
                    ident=(*key,),
                    **base,
                )
            ]
        else:
            base["type"] = shown.type
            rows = list(_expand(shown, base, key, last))
        for dl in rows:
            if given_earlier and dl.dato is not None and dl.dato.year < år:
                continue  # utløpt før brevet for `år` (som `snapshot.igjen`): en gjentakelse
            yield _delivered(dl, o, shown) if o.leveranser else dl


def _hjemmel(o: Oppdrag) -> str | None:
    return o.unntatt_offentlighet.hjemmel if o.unntatt_offentlighet is not None else None


def offentlige(deadlines: list[Deadline], intern: bool = False) -> tuple[list[Deadline], int]:
    """Fristene som kan vises offentlig, og hvor mange oppdrag unntatt offentlighet som er
    utelatt: fristene til et oppdrag med `unntatt_offentlighet` er ikke med uten `intern`
    (`tb frister --intern`, `tb status --intern`). Med `intern` er alle med og ingen utelatt."""
    if intern:
        return list(deadlines), 0
    kept = [dl for dl in deadlines if dl.unntatt_offentlighet is None]
    left_out = {dl.oppdrag for dl in deadlines if dl.unntatt_offentlighet is not None}
    return kept, len(left_out)


UTELATT = "{n} oppdrag unntatt offentlighet er utelatt; bruk --intern for å ta dem med"
"""Linja tabellene og Markdown-en har når oppdrag unntatt offentlighet er utelatt."""


def utelatt_tekst(n: int) -> str | None:
    """«2 oppdrag unntatt offentlighet er utelatt; bruk --intern for å ta dem med», eller None."""
    return UTELATT.format(n=n) if n else None


def _delivered(dl: Deadline, o: Oppdrag, f: Frist) -> Deadline:
    """Fristen med den første leveransen som dekker den (`snapshot.leveranse`); uten en har
    den allerede hele oppdraget lukket, når det er det."""
    lev = snapshot.leveranse(o, f, dl.dato)
    if lev is None:
        return dl
    return _with(dl, levert=lev.dato, levert_ref=lev.ref, avsluttet=False)


def _title_with_part(o: Oppdrag) -> str:
    """Tittelen, med deloppdraget når oppdraget har nøyaktig ett med tittel (2023-26:
    «…, deloppdrag 5: Etablering og oppfølging av nasjonalt tilbud om digital
    norskopplæring»): da gjelder fristene det, og raden sier hva som skal leveres."""
    titled = [x for x in o.deloppdrag if x.tittel]
    if len(o.deloppdrag) == 1 and titled:
        return f"{o.tittel}, deloppdrag {titled[0].nr}: {titled[0].tittel}"
    return o.tittel


def _with(dl: Deadline, **changes) -> Deadline:
    from dataclasses import replace

    return replace(dl, **changes)


def sort_key(dl: Deadline) -> tuple:
    """Datoen (de uten dato sist), så oppdraget etter år og løpenummer (5/2024 før 13/2024)."""
    return (dl.dato is None, dl.dato or date.max, _id_key(dl.oppdrag), dl.del_ or "", dl.type, repr(dl.ident))


def _id_key(oppdrag: str | None) -> tuple:
    """Et oppdragsnummer som sorteringsnøkkel: (år, løpenummer, nummeret)."""
    if oppdrag is None:
        return (0, 0, "")
    parts = del_opp(oppdrag)
    return (*parts, oppdrag) if parts is not None else (0, 0, oppdrag)


# ---------------------------------------------------------------- vindu


def parse_period(text: str) -> relativedelta:
    """«30d», «6u» (uker, også «6w»), «3m», «1å» (år, også «1y») → en tidsperiode."""
    import re

    m = re.fullmatch(r"\s*(\d{1,4})\s*([dDuUwWmMåÅyY])\s*", text)
    if not m:
        raise ValueError(f"«{safe_line(text)}» er ingen periode; skriv for eksempel 30d, 6u, 3m eller 1å")
    n, unit = int(m.group(1)), m.group(2).lower()
    return {
        "d": relativedelta(days=n),
        "u": relativedelta(weeks=n),
        "w": relativedelta(weeks=n),
        "m": relativedelta(months=n),
        "å": relativedelta(years=n),
        "y": relativedelta(years=n),
    }[unit]


def parse_day(text: str) -> date:
    """ISO (2024-03-01) eller norsk (01.03.2024, 1.3.24)."""
    from .norsk import parse_date

    t = text.strip()
    try:
        return date.fromisoformat(t)
    except ValueError:
        pass
    pd = parse_date(t)
    if pd is None:
        raise ValueError(f"«{safe_line(text)}» er ingen dato; skriv 2024-03-01 eller 01.03.2024")
    return pd.value


@dataclass
class Selection:
    """Hva `tb frister` skal vise."""

    fra: date
    til: date | None = None
    forfalt: bool = False
    mål: int | None = None
    oppdrag: str | None = None
    løpende: bool = True
    per: date | None = None
    """Datoen leveransene regnes per (levert den dagen eller før); None: `fra`."""
    med_levert: bool = False
    """Ta med frister som var levert (eller avsluttet eller trukket) per `per` (ellers er de
    borte fra oversikten)."""


def select(deadlines: list[Deadline], sel: Selection) -> list[Deadline]:
    """Fristene i vinduet [fra, til] (begge med), eller de forfalte før `fra`; deretter de
    uten dato (løpende), med mindre de er slått av. En frist som var levert per `per` (eller
    oppdraget avsluttet eller trukket), er ikke med (uten `med_levert`), og aldri forfalt: `--forfalt` gjelder hver frist for seg,
    så et oppdrag som er delvis levert, har bare de andre fristene forfalt."""
    per = sel.per if sel.per is not None else sel.fra
    out = []
    for dl in deadlines:
        if sel.mål is not None and dl.mål != sel.mål:
            continue
        if sel.oppdrag is not None and not (dl.oppdrag or "").startswith(sel.oppdrag):
            continue
        done = dl.lukket_per(per)
        if done and (sel.forfalt or not sel.med_levert):
            continue
        if dl.dato is None:
            if sel.løpende and not sel.forfalt:
                out.append(dl)
            continue
        if sel.forfalt:
            if dl.dato < sel.fra and dl.oppdrag is not None:
                out.append(dl)
            continue
        if dl.dato < sel.fra or (sel.til is not None and dl.dato > sel.til):
            continue
        out.append(dl)
    return out


# ---------------------------------------------------------------- tilstand per dato


TILSTANDER = ("levert", "avsluttet", "trukket", "forfalt", "i rute", "løpende", "uten dato", "uten frist")
"""Tilstandene en frist kan ha på en dato (`tilstand`), i den rekkefølgen de telles.
«trukket» finnes bare når brevet har tillegg, «uten dato» bare når en frist er uten dato
(«avtales nærmere»)."""


def tilstand(dl: Deadline, per: date) -> str:
    """Fristens tilstand på datoen `per`: «levert» (eller «avsluttet») når den var levert den
    dagen eller før, «trukket» når oppdraget var trukket tilbake i et tillegg (og fristen ikke
    levert før det), ellers «forfalt» (datoen er før `per`), «i rute» (datoen er `per` eller
    senere), «løpende» (ingen dato), «uten dato» (en frist som ikke er en dato: «avtales
    nærmere», «etter gjennomført høring») eller «uten frist» (oppdraget har ingen frist)."""
    if dl.trukket_per(per):
        return "trukket"
    if dl.levert_per(per):
        return "avsluttet" if dl.avsluttet else "levert"
    if dl.uten_frist:
        return "uten frist"
    if dl.uten_dato is not None:
        return "uten dato"
    if dl.dato is None:
        return "løpende"
    return "forfalt" if dl.dato < per else "i rute"
