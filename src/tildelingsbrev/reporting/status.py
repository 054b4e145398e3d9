"""`tb status`: oppfølgingen av ett brev på en dato, til etatsstyringsmøtet eller årsrapporten.

For brevet for ett år: hvert mål i brevets rekkefølge, hvert oppdrag brevet har under målet
(`snapshot.oppdrag_i_brev`), og hver frist slik brevet har den (`deadlines.expand(repo, år)`)
med tilstanden på datoen `per` (`deadlines.tilstand`): levert (dato og referanse), avsluttet,
forfalt (dager over fristen), i rute, løpende eller uten frist. En leveranse etter `per` teller
ikke ennå. Til slutt antallet per tilstand, for fristene og for oppdragene.

Har brevet tillegg, er det gjeldende tildeling på datoen (`snapshot.gjeldende(repo, år, per)`):
tilleggene datert `per` eller tidligere teller, et senere tillegg teller ikke ennå. Oppdragene
gitt i et tillegg står under målet sitt med kilden («gitt i tillegg nr. 2»), presiserte og
flyttede frister sier det, et trukket oppdrag har tilstanden «trukket», og seksjonen
«Tildeling» viser hver post med tildelingen i brevet, endringen i hvert tillegg og gjeldende
tildeling (`Postrad`).

Et oppdrag unntatt fra offentlighet (`Oppdrag.unntatt_offentlighet`) er bare med når det er
bedt om (`build(…, intern=True)`, `tb status --intern`), merket med hjemmelen; ellers er det
ikke med i noe format, heller ikke i tellingene, og teksten og Markdown-en sier på én linje hvor
mange oppdrag som er utelatt (`Status.utelatt`).

`build` regner ut oversikten (`Status`); formatene i `FORMATS` skriver den som ren tekst, JSON,
CSV eller Markdown, og alt er en ren funksjon av data og datoen, så samme data gir samme bytes.
Tekst fra data går gjennom `text.safe_line` (tekst), `md_escape` (Markdown) og
`spreadsheet_safe` (CSV), som i `tb frister`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..norsk import UKEDAGER, format_dato, format_dato_lang, format_kroner, format_liste
from ..text import escape_controls, safe_line
from .check import dumps
from .frister import CSV_DELIMITER, spreadsheet_safe

if TYPE_CHECKING:
    from ..deadlines import Deadline
    from ..model import Doc, Repo
    from ..model.snapshot import IBrev

OPPDRAG_ORDEN = ("forfalt", "i rute", "løpende", "uten dato", "uten frist", "trukket", "levert", "avsluttet")
"""Et oppdrag har den første av disse som en av fristene har: ett forfalt gjør oppdraget
forfalt, og det er levert først når alle fristene er levert (eller avsluttet). Et oppdrag som
er trukket, er «trukket» uansett fristene."""


# ---------------------------------------------------------------- oversikten


@dataclass(frozen=True)
class Fristrad:
    """Én frist i brevet og tilstanden den hadde på datoen."""

    frist: Deadline
    tilstand: str
    dager: int | None
    """Dager fra datoen til fristen (negativt: over fristen); None uten dato."""

    @property
    def levert(self) -> date | None:
        """Leveransen, bare når den teller på datoen."""
        return self.frist.levert if self.tilstand in ("levert", "avsluttet") else None

    @property
    def levert_ref(self) -> str | None:
        return self.frist.levert_ref if self.tilstand in ("levert", "avsluttet") else None


@dataclass(frozen=True)
class Oppdragsrad:
    """Ett oppdrag i oversikten: fra brevet (`ib`) eller gitt i et tillegg (`ib` None)."""

    doc: Doc
    ib: IBrev | None
    frister: tuple[Fristrad, ...]
    kilde: str = "brevet"
    """«brevet» eller «tillegg nr. 2» (`snapshot.gjeldende`)."""
    gitt: date | None = None
    """Datoen tillegget som ga oppdraget, er datert (None: gitt i brevet)."""
    trukket: tuple[date, int] | None = None
    """(datoen, tilleggets nummer) når oppdraget er trukket tilbake."""

    @property
    def model(self):
        return self.doc.model

    @property
    def ny(self) -> bool:
        """Gitt i brevets år (i brevet eller et tillegg til det)."""
        return self.ib.ny if self.ib is not None else True

    @property
    def grunn(self) -> str:
        """Hvorfor oppdraget er med: «gitt i 2024», «åpent, frist 31.12.2025 (gitt i 2023)»,
        «gitt i tillegg nr. 2 (28.06.2024)»."""
        if self.ib is not None:
            return self.ib.grunn
        when = f" ({format_dato(self.gitt)})" if self.gitt else ""
        return f"gitt i {self.kilde}{when}"

    @property
    def tilstand(self) -> str:
        if self.trukket is not None:
            return "trukket"
        states = {r.tilstand for r in self.frister}
        return next((s for s in OPPDRAG_ORDEN if s in states), "uten frist")


@dataclass(frozen=True)
class Postrad:
    """En post i gjeldende tildeling (`snapshot.Postplass`): tildelingen i brevet, endringen
    i hvert tillegg og summen."""

    nøkkel: str
    betegnelse: str | None
    brevet: int | None
    """Tildelingen i brevet (None: ny i et tillegg, eller ikke utfylt)."""
    endringer: tuple[tuple[int, int], ...]
    """(tilleggets nummer, endringen i kroner)."""
    gjeldende: int | None

    def endring(self, nr: int) -> int | None:
        """Endringen i tillegg nr. `nr` (summen, om tillegget har flere), None uten endring."""
        found = [e for n, e in self.endringer if n == nr]
        return sum(found) if found else None


@dataclass(frozen=True)
class Målgruppe:
    nr: int
    tittel: str | None
    """None når målet ikke finnes i brevet (en feil, TB102)."""
    oppdrag: tuple[Oppdragsrad, ...]


@dataclass(frozen=True)
class Status:
    år: int
    per: date
    brevdato: date | None
    mål: tuple[Målgruppe, ...]
    har_tillegg: bool = False
    """Brevet har tillegg (også når ingen av dem er datert før `per`)."""
    tillegg: tuple[tuple[int, date], ...] = ()
    """(nummer, dato) for tilleggene som gjelder på `per`."""
    poster: tuple[Postrad, ...] = ()
    """Tildelingen per post (bare når brevet har tillegg)."""
    virksomhet: str | None = None
    """Kortnavnet til virksomheten brevet går til (i tittelen og i fristenes `uid`)."""
    utelatt: int = 0
    """Oppdrag unntatt offentlighet som ikke er med (uten `intern`)."""

    def rader(self) -> list[tuple[Målgruppe, Oppdragsrad, Fristrad]]:
        return [(g, o, r) for g in self.mål for o in g.oppdrag for r in o.frister]

    @property
    def tilstander(self) -> tuple[str, ...]:
        """Tilstandene som telles: «trukket» bare når brevet har tillegg, «uten dato» bare når
        en frist er uten dato («avtales nærmere»)."""
        from ..deadlines import TILSTANDER

        uten_dato = any(r.frist.uten_dato is not None for _, _, r in self.rader())
        return tuple(
            t
            for t in TILSTANDER
            if (t != "trukket" or self.har_tillegg) and (t != "uten dato" or uten_dato)
        )

    def tellinger(self) -> dict[str, dict[str, int]]:
        """Antall per tilstand: {"frister": {...}, "oppdrag": {...}}, alle tilstandene med."""
        frister = dict.fromkeys(self.tilstander, 0)
        oppdrag = dict.fromkeys(self.tilstander, 0)
        for g in self.mål:
            for o in g.oppdrag:
                oppdrag[o.tilstand] += 1
                for r in o.frister:
                    frister[r.tilstand] += 1
        return {"frister": frister, "oppdrag": oppdrag}


def build(repo: Repo, år: int, per: date, mål: int | None = None, intern: bool = False) -> Status:
    """Oversikten for brevet for `år` på datoen `per`, eventuelt bare målet `mål`. Har brevet
    tillegg, er det gjeldende tildeling på `per` (`snapshot.gjeldende`). Oppdrag unntatt
    offentlighet er bare med når `intern` er sann; ellers telles de i `Status.utelatt`."""
    from ..deadlines import expand, tilstand
    from ..model import snapshot

    by_doc: dict[int, list[Deadline]] = {}
    for dl in expand(repo, år, per):
        if dl.oppdrag is not None:
            by_doc.setdefault(id(dl.eier), []).append(dl)

    def fristrader(doc) -> tuple[Fristrad, ...]:
        return tuple(
            Fristrad(dl, tilstand(dl, per), (dl.dato - per).days if dl.dato else None)
            for dl in by_doc.get(id(doc), ())
        )

    grouped: dict[int, list[Oppdragsrad]] = {}
    har_tillegg = bool(repo.tillegg_for(år))
    applied: tuple[tuple[int, date], ...] = ()
    poster: tuple[Postrad, ...] = ()
    if not har_tillegg:
        for ib in snapshot.oppdrag_i_brev(repo, år):
            grouped.setdefault(ib.mål, []).append(Oppdragsrad(ib.doc, ib, fristrader(ib.doc)))
    else:
        g = snapshot.gjeldende(repo, år, per)
        applied = tuple((t.model.nr, t.model.dato) for t in g.tillegg)
        dates = dict(applied)
        in_letter = {id(ib.doc): ib for ib in snapshot.oppdrag_i_brev(repo, år)}
        rows = []
        for go in g.oppdrag:
            ib = in_letter.get(id(go.doc))
            given = dates.get(go.model.tillegg) if ib is None else None
            rows.append((go.mål, Oppdragsrad(go.doc, ib, fristrader(go.doc), go.kilde, given, go.trukket)))
        # i brevets rekkefølge: nye først (etter nummer), så de gitt tidligere (nyeste år først)
        rows.sort(key=lambda r: (not r[1].ny, -r[1].model.år, r[1].model.nr, r[1].model.id))
        for nr, row in rows:
            grouped.setdefault(nr, []).append(row)
        poster = _postrader(repo, år, g)
    utelatt = 0
    for nr, rows in list(grouped.items()):
        grouped[nr], n = snapshot.offentlig(rows, intern)
        if mål is None or nr == mål:
            utelatt += n
    goals = [(d.model.nr, d.model.tittel) for d in repo.mål_for(år)]
    known = {nr for nr, _ in goals}
    goals += [(nr, None) for nr in sorted(grouped) if nr not in known and grouped[nr]]
    brev = repo.brev_for(år)
    return Status(
        år=år,
        per=per,
        brevdato=brev.model.dato if brev is not None else None,
        mål=tuple(
            Målgruppe(nr, tittel, tuple(grouped.get(nr, ())))
            for nr, tittel in goals
            if mål is None or nr == mål
        ),
        har_tillegg=har_tillegg,
        tillegg=applied,
        poster=poster,
        virksomhet=repo.virksomhet(),
        utelatt=utelatt,
    )


def _postrader(repo: Repo, år: int, g) -> tuple[Postrad, ...]:
    """Postene i gjeldende tildeling (`Gjeldende.poster`) i kapittel- og postorden, med
    betegnelsen fra postfila eller den nye posten i tillegget."""
    names = {d.model.nøkkel: d.model.betegnelse for d in repo.poster_for(år)}
    for t in g.tillegg:
        for ny in t.model.nye_poster:
            names.setdefault(ny.nøkkel, ny.betegnelse)

    def order(key: str) -> tuple[int, int]:
        kap, _, post = key.partition(".")
        return (int(kap), int(post)) if kap.isdigit() and post.isdigit() else (0, 0)

    return tuple(
        Postrad(p.nøkkel, names.get(p.nøkkel), p.brevet, p.endringer, p.gjeldende)
        for p in sorted(g.poster.values(), key=lambda p: (order(p.nøkkel), p.nøkkel))
    )


def goals_in(repo: Repo, år: int) -> list[int]:
    """Målene i brevet for `år`: målfilene og målene oppdragene i brevet (og i tilleggene til
    det) står under."""
    from ..model import snapshot

    goals = {d.model.nr for d in repo.mål_for(år)} | {ib.mål for ib in snapshot.oppdrag_i_brev(repo, år)}
    if repo.tillegg_for(år):
        goals |= {go.mål for go in snapshot.gjeldende(repo, år).oppdrag}
    return sorted(goals)


# ---------------------------------------------------------------- tekstbitene


_TYPE = {"underveisrapport": "underveisrapport", "rapportering": "rapportering"}


_UTVIDET = ("gjentas til ", "bare de ")
"""Merknadene `deadlines` legger til når en gjentakelse utvides; i oversikten er det nok å si
at fristen gjentas («tertialvis»), datoen står på hver rad."""


def hva(dl: Deadline) -> str:
    """Hva fristen gjelder, uten oppdragets tittel: «Del 2, underveisrapport», «tertialvis»;
    en frist fra et tillegg sier det: «Statusrapport, underveisrapport (presisert i tillegg
    nr. 2)», «Del II (flyttet fra 30.09.2024 i tillegg nr. 2)»."""
    notes = [n for n in (dl.merknad or "").split("; ") if n and not n.startswith(_UTVIDET)]
    parts = [dl.del_, _TYPE.get(dl.type), dl.gjentas if not dl.løpende else None, *notes]
    if dl.trykt is not None and dl.trykt.casefold() != (dl.uten_dato or "").casefold():
        parts.append(f"«{dl.trykt}»")
    text = ", ".join(p for p in parts if p) or "levering"
    source = kilde_i_tillegg(dl)
    return f"{text} ({source})" if source else text


def kilde_i_tillegg(dl: Deadline) -> str | None:
    """«presisert i tillegg nr. 2» eller «flyttet fra 30.09.2024 i tillegg nr. 2» for en frist
    et tillegg har gitt oppdraget eller flyttet; None ellers (et oppdrag gitt i et tillegg
    sier det i overskriften)."""
    if dl.kilde.startswith("presisert i "):
        return dl.kilde
    if dl.kilde.startswith("flyttet i ") and dl.flyttet_fra:
        return f"flyttet fra {format_dato(dl.flyttet_fra[-1])} {dl.kilde[len('flyttet '):]}"
    return None


def når(dl: Deadline) -> str:
    """Datoen, eller «løpende», slaget frist uten dato («avtales nærmere»), gjentakelsen eller
    «–» for et oppdrag uten frist."""
    if dl.dato is not None:
        return format_dato(dl.dato)
    if dl.uten_frist:
        return "–"
    if dl.løpende:
        return "løpende"
    if dl.uten_dato is not None:
        return dl.uten_dato
    return dl.gjentas or "uten dato"


def _dager(n: int) -> str:
    s = f"{n:,}".replace(",", " ")
    return f"{s} dag" if n == 1 else f"{s} dager"


def tilstand_tekst(r: Fristrad) -> str:
    """«levert 16.08.2024 (24/1234-5)», «forfalt, 12 dager over fristen», «i rute, 30 dager
    igjen», «løpende», «uten frist»."""
    s = r.tilstand
    if s == "trukket" and r.frist.trukket is not None:
        return f"trukket {format_dato(r.frist.trukket)}" + (f" ({r.frist.trukket_i})" if r.frist.trukket_i else "")
    if s in ("levert", "avsluttet"):
        if r.levert is not None:
            s += f" {format_dato(r.levert)}"
        if r.levert_ref:
            s += f" ({r.levert_ref})"
        return s
    if s == "forfalt" and r.dager is not None:
        return f"forfalt, {_dager(-r.dager)} over fristen"
    if s == "i rute" and r.dager is not None:
        return "i rute, frist i dag" if r.dager == 0 else f"i rute, {_dager(r.dager)} igjen"
    return s


def mål_overskrift(g: Målgruppe, år: int) -> str:
    if g.tittel is None:
        return f"Mål {g.nr} (finnes ikke i brevet for {år})"
    return f"Mål {g.nr}: {g.tittel}"


def oppdrag_overskrift(o: Oppdragsrad) -> str:
    """«2024-05 Tittel», «2023-26 Tittel (gitt i 2023)», «2024-17 Tittel (gitt i tillegg nr. 2)»,
    «2024-08 Tittel (trukket i tillegg nr. 3)», «2024-05 Tittel (ansvarlig: Integrerings-
    avdelingen)»."""
    m = o.model
    text = f"{m.id} {m.tittel}" + ("" if o.ny else f" (gitt i {m.år})")
    if o.kilde != "brevet":
        text += f" (gitt i {o.kilde})"
    if o.trukket is not None:
        text += f" (trukket i tillegg nr. {o.trukket[1]})"
    if m.ansvarlig:
        text += f" (ansvarlig: {m.ansvarlig})"
    if m.unntatt_offentlighet is not None:
        text += f" (unntatt offentlighet, {m.unntatt_offentlighet.hjemmel})"
    return text


def tittel(s: Status) -> str:
    return f"Status for tildelingsbrevet for {s.år}" + (f" til {s.virksomhet}" if s.virksomhet else "")


def undertittel(s: Status, lang: bool = False) -> str:
    fmt = format_dato_lang if lang else format_dato
    text = f"Per {fmt(s.per)}"
    if s.brevdato is not None:
        text += f"; brevet er datert {fmt(s.brevdato)}"
    return text + "."


def summary_rows(s: Status) -> list[tuple[str, int, int]]:
    """(tilstand, frister, oppdrag) for hver tilstand, og «i alt» til slutt."""
    t = s.tellinger()
    rows = [(k, t["frister"][k], t["oppdrag"][k]) for k in s.tilstander]
    rows.append(("i alt", sum(t["frister"].values()), sum(t["oppdrag"].values())))
    return rows


def _endring(value: int | None) -> str:
    """+5 000 000, -1 000 000, «» uten endring."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + format_kroner(value)


def _kroner(value: int | None) -> str:
    return "ikke utfylt" if value is None else format_kroner(value)


def tildeling_innledning(s: Status, lang: bool = False) -> str:
    """«Tildelingen per post i kroner: brevet med tillegg nr. 1 (15.03.2024) og tillegg nr. 2
    (28.06.2024).» eller, før det første tillegget, at ingen tillegg gjelder ennå."""
    fmt = format_dato_lang if lang else format_dato
    if not s.tillegg:
        return f"Tildelingen per post i kroner: brevet (ingen tillegg datert {fmt(s.per)} eller tidligere)."
    items = format_liste(f"tillegg nr. {nr} ({fmt(d)})" for nr, d in s.tillegg)
    return f"Tildelingen per post i kroner: brevet med {items}."


def tildeling_kolonner(s: Status) -> list[str]:
    return ["Post", "I brevet", *(f"Tillegg nr. {nr}" for nr, _ in s.tillegg), "Gjeldende", "Betegnelse"]


def _er_inntekt(p: Postrad) -> bool:
    """Om posten er i et inntektskapittel (kap. 3000–5999, `model.er_inntekt`)."""
    from ..model import er_inntekt

    kap = p.nøkkel.partition(".")[0]
    return kap.isdigit() and er_inntekt(int(kap))


def _sum_av(navn: str, s: Status, poster: list[Postrad]) -> Postrad:
    """Summen av `poster` (regnet fra postene): «ikke utfylt» når en post i brevet ikke er
    fylt inn."""
    unfilled = any(p.brevet is None and not p.endringer for p in poster)
    brevet = None if unfilled else sum(p.brevet or 0 for p in poster)
    changes = tuple(
        (nr, sum(e for p in poster for n, e in p.endringer if n == nr))
        for nr, _ in s.tillegg
        if any(n == nr for p in poster for n, _ in p.endringer)
    )
    total = None if unfilled else sum(p.gjeldende or 0 for p in poster)
    return Postrad(navn, None, brevet, changes, total)


def tildeling_summer(s: Status) -> list[Postrad]:
    """Sumradene: «Sum» over postene; har brevet inntektsposter (kap. 3000–5999), «Sum
    utgifter» og «Sum inntekter» hver for seg – inntekter og utgifter summeres aldri sammen."""
    inntekt = [p for p in s.poster if _er_inntekt(p)]
    if not inntekt:
        return [_sum_av("Sum", s, list(s.poster))]
    utgift = [p for p in s.poster if not _er_inntekt(p)]
    return [_sum_av("Sum utgifter", s, utgift), _sum_av("Sum inntekter", s, inntekt)]


def tildeling_sum(s: Status) -> Postrad:
    """Summen av utgiftspostene («Sum», eller «Sum utgifter» når brevet også har inntekter)."""
    return tildeling_summer(s)[0]


def tildeling_rader(s: Status) -> list[list[str]]:
    """Tabellen «Tildeling» som tekstceller: én rad per post og sumradene til slutt."""
    out = []
    for p in (*s.poster, *tildeling_summer(s)):
        out.append(
            [
                p.nøkkel,
                _kroner(p.brevet) if p.brevet is not None or not p.endringer else "–",
                *(_endring(p.endring(nr)) for nr, _ in s.tillegg),
                _kroner(p.gjeldende),
                p.betegnelse or "",
            ]
        )
    return out


def tildeling_data(s: Status) -> dict | None:
    """Tildelingen som data (JSON): tilleggene som gjelder, postene og summen; None når
    brevet ikke har tillegg. `sum` er summen av utgiftspostene, `sum_inntekter` summen av
    inntektspostene (None når brevet ikke har noen): de summeres aldri sammen."""
    if not s.har_tillegg:
        return None

    def post(p: Postrad) -> dict:
        return {
            "post": p.nøkkel,
            "betegnelse": p.betegnelse,
            "brevet": p.brevet,
            "endringer": [{"tillegg": nr, "endring": e} for nr, e in p.endringer],
            "gjeldende": p.gjeldende,
        }

    summer = []
    for row in tildeling_summer(s):
        total = post(row)
        del total["post"], total["betegnelse"]
        summer.append(total)
    return {
        "tillegg": [{"nr": nr, "dato": d.isoformat()} for nr, d in s.tillegg],
        "poster": [post(p) for p in s.poster],
        "sum": summer[0],
        "sum_inntekter": summer[1] if len(summer) > 1 else None,
    }


# ---------------------------------------------------------------- formatene


def to_plain(s: Status) -> str:
    """Ren tekst: en blokk per mål, oppdraget på én linje og fristene under med datoen,
    tilstanden og hva fristen gjelder; antallet per tilstand til slutt."""
    lines = [f"{tittel(s)}. {undertittel(s)}", ""]
    if s.har_tillegg:
        lines += [_tildeling_plain(s), ""]
    rows = s.rader()
    # tilstanden i en kolonne; en lang referanse skyver resten av sin egen linje, ikke alle
    width = min(36, max((len(safe_line(tilstand_tekst(r))) for _, _, r in rows), default=0))
    # datoen (10 tegn), eller det som står i stedet («løpende», «avtales nærmere»)
    when = max(10, *(len(når(r.frist)) for _, _, r in rows)) if rows else 10
    for g in s.mål:
        lines.append(safe_line(mål_overskrift(g, s.år)))
        if not g.oppdrag:
            lines.append("  Ingen oppdrag under målet.")
        for o in g.oppdrag:
            lines.append("  " + safe_line(oppdrag_overskrift(o)))
            for r in o.frister:
                state = safe_line(tilstand_tekst(r)).ljust(width)
                lines.append(f"    {når(r.frist):<{when}}  {state}  {safe_line(hva(r.frist))}".rstrip())
        lines.append("")
    if not s.mål:
        lines += ["Ingen mål i brevet.", ""]
    lines.append(f"{'Status':<10}  {'Frister':>7}  {'Oppdrag':>7}")
    for name, nf, no in summary_rows(s):
        lines.append(f"{name:<10}  {nf:>7}  {no:>7}")
    note = utelatt_linje(s)
    if note:
        lines += ["", note]
    return "\n".join(lines) + "\n"


def utelatt_linje(s: Status) -> str | None:
    """«2 oppdrag unntatt offentlighet er utelatt; bruk --intern for å ta dem med.», eller None."""
    from ..deadlines import utelatt_tekst

    note = utelatt_tekst(s.utelatt)
    return f"{note}." if note else None


def _tildeling_plain(s: Status) -> str:
    """«Tildeling» som en tabell i ren tekst: beløpene høyrejustert, betegnelsen sist."""
    head = tildeling_kolonner(s)
    rows = [[safe_line(c) for c in r] for r in tildeling_rader(s)]
    widths = [max(len(head[i]), *(len(r[i]) for r in rows)) for i in range(len(head) - 1)]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [c.rjust(w) for c, w in zip(cells[1:-1], widths[1:])]
        return "  " + "  ".join([first, *rest, cells[-1]]).rstrip()

    out = ["Tildeling", "  " + tildeling_innledning(s), line(head), *(line(r) for r in rows)]
    return "\n".join(out)


def _md(text: object) -> str:
    from ..rendering.formatting import md_escape

    return md_escape(escape_controls(text))


def to_markdown(s: Status) -> str:
    """Markdown til møtets saksdokument: overskrift per mål, en tabell med oppdragene og
    fristene, norske datoer, og en tabell med antallet per tilstand."""
    out = [f"# {_md(tittel(s))}", "", _md(undertittel(s, lang=True)), ""]
    if s.har_tillegg:
        head = tildeling_kolonner(s)
        out += ["## Tildeling", "", _md(tildeling_innledning(s, lang=True)), ""]
        out.append("| " + " | ".join(_md(h) for h in head) + " |")
        out.append("|---|" + "--:|" * (len(head) - 2) + "---|")
        rows = tildeling_rader(s)
        for i, r in enumerate(rows):
            cells = [_md(c) for c in r]
            if i >= len(s.poster):  # sumradene
                cells = [f"**{c}**" if c else c for c in cells]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    for g in s.mål:
        out += [f"## {_md(mål_overskrift(g, s.år))}", ""]
        if not g.oppdrag:
            out += ["Ingen oppdrag under målet.", ""]
            continue
        out += ["| Oppdrag | Frist | Gjelder | Status |", "|---|---|---|---|"]
        for o in g.oppdrag:
            first = _md(oppdrag_overskrift(o))
            if not o.frister:
                out.append(f"| {first} | – | – | {_md(o.tilstand)} |")
            for i, r in enumerate(o.frister):
                state = _md(tilstand_tekst(r))
                if r.tilstand == "forfalt":
                    state = f"**{state}**"
                cell = first if i == 0 else ""
                out.append(f"| {cell} | {_md(når(r.frist))} | {_md(hva(r.frist))} | {state} |")
        out.append("")
    out += ["## Oppsummering", "", "| Status | Frister | Oppdrag |", "|---|--:|--:|"]
    for name, nf, no in summary_rows(s):
        label = f"**{name.capitalize()}**" if name == "i alt" else name
        out.append(f"| {label} | {nf} | {no} |")
    note = utelatt_linje(s)
    if note:
        out += ["", _md(note)]
    return "\n".join(out) + "\n"


def frist_json(r: Fristrad, virksomhet: str | None = None) -> dict:
    dl = r.frist
    return {
        "dato": dl.dato.isoformat() if dl.dato else None,
        "ukedag": UKEDAGER[dl.dato.weekday()] if dl.dato else None,
        "dager": r.dager,
        "del": dl.del_,
        "type": dl.type,
        "merknad": dl.merknad,
        "løpende": dl.løpende,
        "gjentas": dl.gjentas,
        "uten_dato": dl.uten_dato,
        "trykt": dl.trykt,
        "tilstand": r.tilstand,
        "levert": r.levert.isoformat() if r.levert else None,
        "levert_ref": r.levert_ref,
        "kilde": dl.kilde,
        "flyttet_fra": [d.isoformat() for d in dl.flyttet_fra],
        "uid": dl.uid_for(virksomhet),
    }


def to_dict(s: Status) -> dict:
    return {
        "år": s.år,
        "virksomhet": s.virksomhet,
        "per": s.per.isoformat(),
        "brevdato": s.brevdato.isoformat() if s.brevdato else None,
        "mål": [
            {
                "nr": g.nr,
                "tittel": g.tittel,
                "oppdrag": [
                    {
                        "id": o.model.id,
                        "tittel": o.model.tittel,
                        "ansvarlig": o.model.ansvarlig,
                        "unntatt_offentlighet": _hjemmel(o),
                        "gitt": o.model.år,
                        "ny": o.ny,
                        "grunn": o.grunn,
                        "kilde": o.kilde,
                        "trukket": (
                            {"dato": o.trukket[0].isoformat(), "tillegg": o.trukket[1]} if o.trukket else None
                        ),
                        "tilstand": o.tilstand,
                        "frister": [frist_json(r, s.virksomhet) for r in o.frister],
                    }
                    for o in g.oppdrag
                ],
            }
            for g in s.mål
        ],
        "tildeling": tildeling_data(s),
        "tellinger": s.tellinger(),
    }


def _hjemmel(o: Oppdragsrad) -> str | None:
    u = o.model.unntatt_offentlighet
    return u.hjemmel if u is not None else None


def to_json(s: Status) -> str:
    return dumps(to_dict(s))


CSV_FIELDS = (
    "mål",
    "mål_tittel",
    "oppdrag",
    "tittel",
    "gitt",
    "dato",
    "dager",
    "del",
    "type",
    "merknad",
    "tilstand",
    "levert",
    "levert_ref",
    "uid",
    "kilde",
    "ansvarlig",
    "uten_dato",
    "trykt",
    "unntatt_offentlighet",
)
"""Kolonnene for fristene. Har brevet tillegg, kommer postene i tildelingen etter fristene,
med kolonnene i `csv_felt` (`post`, `brevet`, `tillegg_1` …, `gjeldende`)."""


def csv_felt(s: Status) -> list[str]:
    if not s.har_tillegg:
        return list(CSV_FIELDS)
    return [*CSV_FIELDS, "post", "brevet", *(f"tillegg_{nr}" for nr, _ in s.tillegg), "gjeldende"]


def to_csv(s: Status) -> str:
    """Én rad per frist, for et regneark: semikolon, UTF-8 med BOM og CRLF som `tb frister`,
    og en celle som ser ut som en formel, får en apostrof foran."""
    buf = io.StringIO()
    buf.write("\ufeff")
    fields = csv_felt(s)
    w = csv.DictWriter(buf, fieldnames=fields, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    w.writeheader()
    for g, o, r in s.rader():
        f = frist_json(r, s.virksomhet)
        row = {
            "mål": g.nr,
            "mål_tittel": g.tittel,
            "oppdrag": o.model.id,
            "tittel": o.model.tittel,
            "gitt": o.model.år,
            "ansvarlig": o.model.ansvarlig,
            "unntatt_offentlighet": _hjemmel(o),
            **{k: f[k] for k in CSV_FIELDS if k in f},
        }
        w.writerow({k: ("" if row.get(k) is None else spreadsheet_safe(row[k])) for k in fields})
    if s.har_tillegg:
        # tildelingen: én rad per post og summen, beløpene som heltall (kroner)
        for p in (*s.poster, *tildeling_summer(s)):
            row = {"post": p.nøkkel, "tittel": p.betegnelse, "brevet": p.brevet, "gjeldende": p.gjeldende}
            row.update({f"tillegg_{nr}": p.endring(nr) for nr, _ in s.tillegg})
            w.writerow({k: ("" if row.get(k) is None else spreadsheet_safe(row[k])) for k in fields})
    return buf.getvalue()


FORMATS: dict[str, Callable[[Status], bytes]] = {
    "tabell": lambda s: to_plain(s).encode("utf-8"),
    "json": lambda s: to_json(s).encode("utf-8"),
    "csv": lambda s: to_csv(s).encode("utf-8"),
    "md": lambda s: to_markdown(s).encode("utf-8"),
}
"""Formatene for `tb status --format` (navn → funksjon av oversikten). Valgene på
kommandolinja bygges fra nøklene. `tabell` skrives med farger når utdata går til en terminal
(CLI-et), ellers som ren tekst herfra."""
