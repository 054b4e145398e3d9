"""`tb diff FRA TIL`: hva som endret seg fra ett brev til et annet, som data.

Hver side er et brev i en modell (`Side`): et år i data-mappa, eller et år i data-mappa slik den
var i en git-revisjon (`loading.git`). Innholdet i hvert brev kommer fra øyeblikksbildet
(`model.snapshot`: oppdragene, målet og fristene slik brevet har dem), aldri regnet ut på nytt
her. `sammenlign` gir en `Diff` i brevets rekkefølge; `reporting.diff` skriver den som tabell,
Markdown, HTML eller JSON.

Hvordan delene pares:

- **Brevet**: feltene i brev.yaml (tittel, dato, Prop., Innst., budsjettvedtak, parter,
  signatarer, vedlegg).
- **Mål og styringsparametere**: samme tekst (tittelen for et mål) er det samme, også med et
  nytt nummer («nummerert om»); ellers er samme nummer med ny tekst «omformulert» (ordvis diff),
  og resten er lagt til eller fjernet.
- **Oppdrag**: etter nummer. Nye (i TIL, ikke i FRA), ikke lenger med (i FRA, ikke i TIL, med
  grunnen fra `snapshot.plassering`: levert eller avsluttet med dato, eller ingen frist igjen),
  og ført videre (i begge), med ny tittel, flyttet til et annet mål (målet i FRA pares med
  målet i TIL som over: et mål som bare er nummerert om, er ikke en flytting) og endrede frister
  (fristene slik hvert brev trykker dem, `rendering.formatting.format_frist`).
- **Rapporteringen**: rapportene i kalenderen (8.1) og fristene i teksten etter ID.
- **Budsjettet**: kapitler og poster etter nummer; tildelingen FRA og TIL med endring i kroner
  og prosent; et tomt beløp (`null` i et utkast) er «ikke utfylt» og regnes aldri som 0. Stikkord,
  fordeling, tilskuddsmottakere og bindinger etter tekst, navn og oppdragsnummer. Summen av
  utgiftene og summen av inntektene (kap. 3000–5999) står hver for seg; de legges aldri sammen.
- **Fullmaktene** (budsjett/ÅR/fullmakter.yaml): fullmaktene etter ID og belastningsfullmaktene
  etter departement, kapittel og post; lagt til, fjernet, eller med nye felt (type, tekst,
  grunnlag, postene, rammen, beløpet).
- **Kapitlene**: samme tittel (årstall byttet ut) er samme kapittel, ellers samme nummer; teksten
  (slik den trykkes: markørene byttet med den trykte teksten, `prose.plain`) deles i avsnitt,
  avsnittene pares med difflib, og et endret avsnitt får en ordvis diff.

Ordvis diff er `difflib.SequenceMatcher` på ordene. Et avsnitt med mer enn `MAX_ORD` ord på en
side, og alt etter de første `MAX_ORD_TOTALT` ordene som er sammenlignet, vises som slettet og
satt inn i sin helhet (det holder tiden nede på fiendtlige data).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .norsk import format_dato, format_kroner
from .text import one_line

if TYPE_CHECKING:
    from .model import Repo
    from .model.snapshot import IBrev

MAX_ORD = 3000
"""Flest ord i et avsnitt (på hver side) som får ordvis diff."""

MAX_ORD_TOTALT = 300_000
"""Flest ord som sammenlignes ord for ord i hele diffen (ordvis diff og paringen av avsnitt).
Er det brukt opp, vises resten av de endrede avsnittene som slettet og satt inn i sin helhet:
fiendtlige data (mange lange avsnitt som alle er endret) tar ikke ubegrenset tid."""

_ord_igjen: ContextVar[list[int] | None] = ContextVar("ord_igjen", default=None)
"""Ordene som er igjen av `MAX_ORD_TOTALT` i sammenligningen som pågår (`sammenlign`)."""


def _bruk(n: int) -> bool:
    """Trekk `n` ord fra budsjettet; usant når det ikke er nok igjen."""
    left = _ord_igjen.get()
    if left is None:
        return True
    if left[0] < n:
        return False
    left[0] -= n
    return True

LIK, INN, UT = "lik", "satt_inn", "slettet"
"""Typene i en ordvis diff: tekst som står i begge, er satt inn i TIL eller slettet fra FRA."""

LAGT_TIL, FJERNET, ENDRET, OMFORMULERT, NUMMERERT_OM = (
    "lagt til",
    "fjernet",
    "endret",
    "omformulert",
    "nummerert om",
)


# ---------------------------------------------------------------- sidene


@dataclass(frozen=True)
class Side:
    """Et brev som sammenlignes: modellen, året og hvor det kommer fra."""

    repo: Repo
    år: int
    revisjon: str | None = None
    """Git-revisjonen (`v2024-sendt`), eller None for data-mappa slik den er."""
    commit: str | None = None

    @property
    def navn(self) -> str:
        """«2024» eller «v2024-sendt:2024»."""
        return f"{self.revisjon}:{self.år}" if self.revisjon else str(self.år)


def trengs(years: Iterable[int]) -> Callable[[str, str | None], bool]:
    """Filene en sammenligning av brevene for `years` leser (`rel`, `kind` fra
    `loading.tree`): alle oppdrag og alle brev.yaml (øyeblikksbildet trenger dem: hvilke brev
    som finnes, skjæringsdatoene og rapportene), og prosa, mål, styringsparametere og budsjett
    bare for de årene som sammenlignes. Filer som ikke kan leses, tas med (de meldes)."""
    wanted = {str(y) for y in years}

    def keep(rel: str, kind: str | None) -> bool:
        if kind in ("oppdrag", "brev", "uleselig"):
            return True
        if kind in ("prosa", "mål", "styringsparameter", "kapittel", "post", "fullmakter"):
            parts = rel.split("/")
            return len(parts) > 1 and parts[1] in wanted
        return False

    return keep


# ---------------------------------------------------------------- ordvis diff


@dataclass(frozen=True)
class Bit:
    """En bit av en ordvis diff: `type` er `LIK`, `INN` eller `UT`."""

    type: str
    tekst: str


def ord_diff(fra: str, til: str) -> list[Bit]:
    """Ordvis diff av to tekster (blank plass som ett mellomrom)."""
    a, b = fra.split(), til.split()
    if len(a) > MAX_ORD or len(b) > MAX_ORD or not _bruk(len(a) + len(b)):
        return [x for x in (Bit(UT, " ".join(a)), Bit(INN, " ".join(b))) if x.tekst]
    out: list[Bit] = []
    sm = difflib.SequenceMatcher(None, a, b)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(Bit(LIK, " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(Bit(UT, " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Bit(INN, " ".join(b[j1:j2])))
    return out


def _likhet(a: str, b: str) -> float:
    """Hvor like to avsnitt er (0–1): ordene uten tegnsetting og store bokstaver."""
    wa, wb = _WORD.findall(a.casefold()), _WORD.findall(b.casefold())
    if not wa and not wb:
        return 1.0
    if len(wa) > MAX_ORD or len(wb) > MAX_ORD:
        return 0.0
    sm = difflib.SequenceMatcher(None, wa, wb)
    if sm.real_quick_ratio() < 0.4 or not _bruk(len(wa) + len(wb)):
        return 0.0
    return sm.ratio()


_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Avsnitt:
    """Et avsnitt som er lagt til, fjernet eller endret (med ordvis diff)."""

    endring: str
    fra: str | None
    til: str | None
    ord: tuple[Bit, ...] = ()


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


GENERERT = {
    "{{ mål }}": "(her settes målene, styringsparameterne og oppdragene inn)",
    "{{ rapportering }}": "(her settes rapporteringskalenderen inn)",
    "{{ budsjett }}": "(her settes budsjettabellene inn)",
}
"""Et avsnitt som bare er en markør for generert innhold (`prose.DIRECTIVES`), slik diffen viser
det."""


def avsnitt(text: str) -> list[str]:
    """Avsnittene i en prosatekst slik den trykkes (markørene med den trykte teksten), hvert på
    én linje."""
    from .model.prose import plain

    out = []
    for x in _BLANK_LINE.split(plain(text or "")):
        p = one_line(x)
        if p:
            out.append(GENERERT.get(re.sub(r"\{\{\s*(\S+)\s*\}\}", r"{{ \1 }}", p), p))
    return out


def avsnitt_diff(fra: str, til: str) -> list[Avsnitt]:
    """Avsnittene som er lagt til, fjernet eller endret fra `fra` til `til` (Markdown-prosa).
    Et avsnitt som bare har fått ny blank plass, er uendret."""
    return _avsnitt_diff(avsnitt(fra), avsnitt(til))


def _avsnitt_diff(a: list[str], b: list[str]) -> list[Avsnitt]:
    if a == b:
        return []
    out: list[Avsnitt] = []
    sm = difflib.SequenceMatcher(None, a, b)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        out.extend(_par(a[i1:i2], b[j1:j2]))
    return out


def _par(old: list[str], new: list[str]) -> list[Avsnitt]:
    """Avsnittene i en blokk som er byttet ut: hvert gamle pares med det første nye etter det
    forrige paret som ligner nok (ordvis likhet ≥ 0,4); resten er lagt til eller fjernet."""
    out: list[Avsnitt] = []
    j = 0
    small = len(old) * len(new) <= 400
    for p in old:
        best = None
        if small:
            scores = [(_likhet(p, q), k) for k, q in enumerate(new[j:], start=j)]
            good = [(s, k) for s, k in scores if s >= 0.4]
            if good:
                best = max(good, key=lambda t: (t[0], -t[1]))[1]
        elif j < len(new):
            best = j
        if best is None:
            out.append(Avsnitt(FJERNET, p, None))
            continue
        out.extend(Avsnitt(LAGT_TIL, None, q) for q in new[j:best])
        out.append(Avsnitt(ENDRET, p, new[best], tuple(ord_diff(p, new[best]))))
        j = best + 1
    out.extend(Avsnitt(LAGT_TIL, None, q) for q in new[j:])
    return out


# ---------------------------------------------------------------- felter


@dataclass(frozen=True)
class Felt:
    """Et felt med ny verdi, som tekst (None: feltet finnes ikke, eller er tomt)."""

    navn: str
    fra: str | None
    til: str | None
    ord: tuple[Bit, ...] = ()
    """Ordvis diff når begge er tekst på flere ord."""


def _felt(navn: str, fra: str | None, til: str | None, ordvis: bool = False) -> Felt | None:
    if fra == til:
        return None
    bits: tuple[Bit, ...] = ()
    if ordvis and fra and til:
        bits = tuple(ord_diff(fra, til))
    return Felt(navn, fra, til, bits)


def _felter(*items: Felt | None) -> tuple[Felt, ...]:
    return tuple(f for f in items if f is not None)


def _dato(d: date | None) -> str | None:
    return format_dato(d) if d is not None else None


IKKE_UTFYLT = "ikke utfylt"


# ---------------------------------------------------------------- mål og styringsparametere


@dataclass(frozen=True)
class Målendring:
    endring: str
    nr_fra: int | None
    nr_til: int | None
    tittel_fra: str | None
    tittel_til: str | None
    tittel_ord: tuple[Bit, ...] = ()
    tekst: tuple[Avsnitt, ...] = ()
    felter: tuple[Felt, ...] = ()


@dataclass(frozen=True)
class SPendring:
    endring: str
    nr_fra: int | None
    nr_til: int | None
    mål_fra: int | None
    mål_til: int | None
    tekst_fra: str | None
    tekst_til: str | None
    ord: tuple[Bit, ...] = ()
    flyttet: bool = False


def _norm(text: str) -> str:
    return one_line(text).casefold()


def _par_etter_tekst(
    fra: Sequence, til: Sequence, nr: Callable, tekst: Callable
) -> tuple[list[tuple[object, object]], list, list]:
    """Par (fra, til): samme tekst først (uansett nummer; samme nummer foretrekkes), så samme
    nummer. Resten: fjernet og lagt til, i rekkefølge."""
    pairs: list[tuple[int, int]] = []
    free = set(range(len(til)))
    by_text: dict[str, list[int]] = {}
    for j, t in enumerate(til):
        by_text.setdefault(_norm(tekst(t)), []).append(j)
    rest: list[int] = []
    for i, f in enumerate(fra):
        same = [j for j in by_text.get(_norm(tekst(f)), []) if j in free]
        if same:
            j = next((j for j in same if nr(til[j]) == nr(f)), same[0])
            pairs.append((i, j))
            free.discard(j)
        else:
            rest.append(i)
    by_nr: dict[object, int] = {}
    for j in sorted(free):
        by_nr.setdefault(nr(til[j]), j)
    removed = []
    for i in rest:
        j = by_nr.pop(nr(fra[i]), None)
        if j is None or j not in free:
            removed.append(fra[i])
        else:
            pairs.append((i, j))
            free.discard(j)
    return [(fra[i], til[j]) for i, j in pairs], removed, [til[j] for j in sorted(free)]


def _mål(fra: Side, til: Side) -> tuple[list[Målendring], dict[int, int]]:
    """Endringene i målene, og hvilket mål i TIL hvert mål i FRA er (nummer → nummer)."""
    a = [d.model for d in fra.repo.mål_for(fra.år)]
    b = [d.model for d in til.repo.mål_for(til.år)]
    pairs, removed, added = _par_etter_tekst(a, b, lambda m: m.nr, lambda m: m.tittel)
    kart = {f.nr: t.nr for f, t in pairs}
    out: list[tuple[tuple, Målendring]] = []
    for f, t in pairs:
        same_title = _norm(f.tittel) == _norm(t.tittel)
        tekst = tuple(avsnitt_diff(f.tekst, t.tekst))
        felter = _felter(
            _felt(
                "overskriften over tidligere gitte oppdrag (år)",
                _str(f.tidligere_oppdrag_frist_år),
                _str(t.tidligere_oppdrag_frist_år),
            )
        )
        if same_title and f.nr == t.nr and not tekst and not felter and f.tittel == t.tittel:
            continue
        if not same_title:
            kind = OMFORMULERT
        elif f.nr != t.nr:
            kind = NUMMERERT_OM
        else:
            kind = ENDRET
        bits = tuple(ord_diff(f.tittel, t.tittel)) if f.tittel != t.tittel else ()
        out.append(((t.nr, 0), Målendring(kind, f.nr, t.nr, f.tittel, t.tittel, bits, tekst, felter)))
    for f in removed:
        out.append(((f.nr, -1), Målendring(FJERNET, f.nr, None, f.tittel, None)))
    for t in added:
        out.append(
            (
                (t.nr, 1),
                Målendring(LAGT_TIL, None, t.nr, None, t.tittel, tekst=tuple(avsnitt_diff("", t.tekst))),
            )
        )
    out.sort(key=lambda x: x[0])
    return [m for _, m in out], kart


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _styringsparametere(fra: Side, til: Side, kart: dict[int, int]) -> list[SPendring]:
    a = [d.model for d in fra.repo.styringsparametere if d.model.år == fra.år]
    b = [d.model for d in til.repo.styringsparametere if d.model.år == til.år]
    a.sort(key=lambda s: s.nr)
    b.sort(key=lambda s: s.nr)
    pairs, removed, added = _par_etter_tekst(a, b, lambda s: s.nr, lambda s: s.tekst)
    out: list[tuple[tuple, SPendring]] = []
    for f, t in pairs:
        moved = kart.get(f.mål) != t.mål
        same_text = _norm(f.tekst) == _norm(t.tekst)
        if same_text and f.nr == t.nr and not moved and f.tekst == t.tekst:
            continue
        if not same_text:
            kind = OMFORMULERT
        elif f.nr != t.nr:
            kind = NUMMERERT_OM
        else:
            kind = ENDRET
        bits = tuple(ord_diff(f.tekst, t.tekst)) if f.tekst != t.tekst else ()
        out.append(((t.nr, 0), SPendring(kind, f.nr, t.nr, f.mål, t.mål, f.tekst, t.tekst, bits, moved)))
    for f in removed:
        out.append(((f.nr, -1), SPendring(FJERNET, f.nr, None, f.mål, None, f.tekst, None)))
    for t in added:
        out.append(((t.nr, 1), SPendring(LAGT_TIL, None, t.nr, None, t.mål, None, t.tekst)))
    out.sort(key=lambda x: x[0])
    return [s for _, s in out]


# ---------------------------------------------------------------- oppdrag


@dataclass(frozen=True)
class Oppdragslinje:
    """Et oppdrag slik ett av brevene har det."""

    id: str
    tittel: str
    mål: int
    gitt: int
    frister: tuple[str, ...]
    """Fristene slik brevet trykker dem («Del 3: 31.12.2024»)."""


@dataclass(frozen=True)
class Ute:
    """Et oppdrag som var med i FRA og ikke er med i TIL."""

    fra: Oppdragslinje
    grunn: str
    """Hvorfor, fra `snapshot.plassering` på TIL-siden («levert 15.11.2024, før brevet for
    2025»), eller «oppdragsfila finnes ikke»."""
    status: str | None
    """«levert», «avsluttet», «åpen» (slik TIL-siden har oppdraget), eller None uten fil."""
    dato: date | None
    """Datoen det ble levert eller avsluttet."""


@dataclass(frozen=True)
class Videre:
    """Et oppdrag som er med i begge brevene."""

    fra: Oppdragslinje
    til: Oppdragslinje
    flyttet: bool
    """Målet i TIL er ikke målet i FRA (et mål som bare er nummerert om, er det samme)."""
    tittel_ord: tuple[Bit, ...] = ()

    @property
    def ny_tittel(self) -> bool:
        return self.fra.tittel != self.til.tittel

    @property
    def frister_endret(self) -> bool:
        return self.fra.frister != self.til.frister

    @property
    def endret(self) -> bool:
        return self.ny_tittel or self.flyttet or self.frister_endret

    @property
    def fjernede_frister(self) -> list[str]:
        return [f for f in self.fra.frister if f not in self.til.frister]

    @property
    def nye_frister(self) -> list[str]:
        return [f for f in self.til.frister if f not in self.fra.frister]


@dataclass(frozen=True)
class Oppdragsdiff:
    nye: tuple[Oppdragslinje, ...]
    ute: tuple[Ute, ...]
    videre: tuple[Videre, ...]

    @property
    def endret(self) -> list[Videre]:
        return [v for v in self.videre if v.endret]


def _linje(ib: IBrev, rapporter: dict, målform: str = "bokmål") -> Oppdragslinje:
    from .rendering.formatting import format_frist

    o = ib.model
    return Oppdragslinje(
        o.id, o.tittel, ib.mål, o.år, tuple(format_frist(f, rapporter, målform) for f in ib.frister)
    )


def _rapporter(side: Side) -> dict:
    from .model import snapshot

    return {rid: plass.rapport for rid, plass in snapshot.rapporter(side.repo, side.år).items()}


def _oppdrag(fra: Side, til: Side, kart: dict[int, int]) -> Oppdragsdiff:
    from .model import snapshot

    a = snapshot.oppdrag_i_brev(fra.repo, fra.år)
    b = snapshot.oppdrag_i_brev(til.repo, til.år)
    ra, rb = _rapporter(fra), _rapporter(til)
    ma, mb = fra.repo.målform(fra.år), til.repo.målform(til.år)
    in_a = {ib.model.id: ib for ib in a}
    in_b = {ib.model.id: ib for ib in b}
    nye = tuple(_linje(ib, rb, mb) for ib in b if ib.model.id not in in_a)
    videre = []
    for ib in b:
        old = in_a.get(ib.model.id)
        if old is None:
            continue
        lf, lt = _linje(old, ra, ma), _linje(ib, rb, mb)
        moved = kart.get(lf.mål) != lt.mål
        bits = tuple(ord_diff(lf.tittel, lt.tittel)) if lf.tittel != lt.tittel else ()
        videre.append(Videre(lf, lt, moved, bits))
    docs_b = til.repo.oppdrag_by_id()
    ute = []
    for ib in a:
        if ib.model.id in in_b:
            continue
        doc = docs_b.get(ib.model.id)
        if doc is None:
            ute.append(Ute(_linje(ib, ra, ma), "oppdragsfila finnes ikke", None, None))
            continue
        _, why = snapshot.plassering(til.repo, doc, til.år)
        o = doc.model
        ute.append(Ute(_linje(ib, ra, ma), why, o.status, snapshot.lukket(o)))
    return Oppdragsdiff(nye, tuple(ute), tuple(videre))


# ---------------------------------------------------------------- rapporteringen


@dataclass(frozen=True)
class Rapportendring:
    """En rapport i kalenderen (8.1) eller en frist i teksten som er lagt til, fjernet eller
    endret."""

    endring: str
    id: str
    tittel: str
    fra: str | None
    """Rapporten eller fristen slik FRA har den («Halvårsrapportering for 2024, telletidspunkt
    30.06.2024, frist 18.08.2024»)."""
    til: str | None
    felter: tuple[Felt, ...] = ()


def _kalender(fra: Side, til: Side) -> list[Rapportendring]:
    def rader(side: Side) -> dict:
        doc = side.repo.brev_for(side.år)
        out: dict = {}
        for r in doc.model.rapportering if doc else ():
            out.setdefault(r.id, r)
        return out

    def tekst(r) -> str:
        counted = f", telletidspunkt {format_dato(r.telletidspunkt)}" if r.telletidspunkt else ""
        return f"{r.tittel}{counted}, frist {format_dato(r.frist)}"

    a, b = rader(fra), rader(til)
    out = []
    for rid, r in a.items():
        if rid not in b:
            out.append(Rapportendring(FJERNET, rid, r.tittel, tekst(r), None))
    for rid, r in b.items():
        old = a.get(rid)
        if old is None:
            out.append(Rapportendring(LAGT_TIL, rid, r.tittel, None, tekst(r)))
            continue
        felter = _felter(
            _felt("tittel", old.tittel, r.tittel, ordvis=True),
            _felt("telletidspunkt", _dato(old.telletidspunkt), _dato(r.telletidspunkt)),
            _felt("frist", _dato(old.frist), _dato(r.frist)),
        )
        if felter:
            out.append(Rapportendring(ENDRET, rid, r.tittel, tekst(old), tekst(r), felter))
    return out


def _tekstfrister(fra: Side, til: Side) -> list[Rapportendring]:
    from .rendering.formatting import format_frist

    def rader(side: Side) -> dict:
        doc = side.repo.brev_for(side.år)
        rapporter = _rapporter(side)
        out: dict = {}
        for f in doc.model.frister if doc else ():
            out.setdefault(f.id, (f.tekst, format_frist(f, rapporter, side.repo.målform(side.år))))
        return out

    a, b = rader(fra), rader(til)
    out = []
    for fid, (t, when) in a.items():
        if fid not in b:
            out.append(Rapportendring(FJERNET, fid, t, f"{t}: {when}", None))
    for fid, (t, when) in b.items():
        if fid not in a:
            out.append(Rapportendring(LAGT_TIL, fid, t, None, f"{t}: {when}"))
            continue
        ot, owhen = a[fid]
        felter = _felter(_felt("tekst", ot, t, ordvis=True), _felt("frist", owhen, when))
        if felter:
            out.append(Rapportendring(ENDRET, fid, t, f"{ot}: {owhen}", f"{t}: {when}", felter))
    return out


# ---------------------------------------------------------------- budsjettet


@dataclass(frozen=True)
class Beløp:
    """Et beløp i FRA og TIL. None er «ikke utfylt» (eller finnes ikke, se `finnes_*`); det
    regnes aldri som 0."""

    fra: int | None
    til: int | None
    finnes_fra: bool = True
    finnes_til: bool = True

    @property
    def differanse(self) -> int | None:
        if self.fra is None or self.til is None or not (self.finnes_fra and self.finnes_til):
            return None
        return self.til - self.fra

    def prosent(self) -> str | None:
        """Endringen i prosent med én desimal, norsk («+3,4 %»); None når den ikke kan regnes
        (et beløp mangler, eller FRA er 0)."""
        d = self.differanse
        if d is None or not self.fra:
            return None
        tenths = (abs(d) * 1000 * 2 + self.fra) // (2 * self.fra)  # avrundet, halvt opp
        sign = "+" if d > 0 else ("-" if d < 0 else "")  # «+0,0 %»: endret, men under 0,05 %
        return f"{sign}{format_kroner(tenths // 10)},{tenths % 10} %"


def kroner_endring(d: int | None) -> str | None:
    """«+12 860 000», «-500 000», «0»; None når endringen ikke kan regnes."""
    if d is None:
        return None
    return ("+" if d > 0 else "") + format_kroner(d)


@dataclass(frozen=True)
class Linjeendring:
    """En linje i fordelingen, en tilskuddsmottaker eller en binding: lagt til, fjernet eller
    med nytt beløp."""

    endring: str
    hva: str
    """«fordeling», «mottaker» eller «binding»."""
    tekst: str
    """Hva linjen er («norskopplæringsordning», «Antirasistisk senter (ARS)
    (norskopplæringsordning)» for en mottaker, «2024-05 Veiledning om …» for en binding, med
    tittelen slik den står i bindingen)."""
    beløp: Beløp


@dataclass(frozen=True)
class Postdiff:
    endring: str
    kapittel: int
    post: int
    betegnelse: str
    tildeling: Beløp
    stikkord_lagt_til: tuple[str, ...] = ()
    stikkord_fjernet: tuple[str, ...] = ()
    felter: tuple[Felt, ...] = ()
    linjer: tuple[Linjeendring, ...] = ()
    tekst: tuple[Avsnitt, ...] = ()

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}.{self.post:02d}"


@dataclass(frozen=True)
class Kapitteldiff:
    endring: str
    kapittel: int
    navn: str
    sum: Beløp
    """Summen av postenes tildeling i FRA og TIL (None når en post ikke er utfylt)."""
    poster: tuple[Postdiff, ...] = ()
    felter: tuple[Felt, ...] = ()
    tekst: tuple[Avsnitt, ...] = ()

    @property
    def inntekt(self) -> bool:
        """Et inntektskapittel (kap. 3000–5999)."""
        from .model import er_inntekt

        return er_inntekt(self.kapittel)


@dataclass(frozen=True)
class Budsjettdiff:
    kapitler: tuple[Kapitteldiff, ...]
    sum: Beløp
    """Summen av utgiftspostene (kap. 1–2999) i FRA og TIL."""
    sum_inntekter: Beløp | None = None
    """Summen av inntektspostene (kap. 3000–5999) i FRA og TIL, None når ingen av brevene har
    inntekter. Inntekter og utgifter legges aldri sammen."""


def _sum(values: Iterable[int | None]) -> int | None:
    total = 0
    for v in values:
        if v is None:
            return None
        total += v
    return total


def _tildeling(post) -> int | None:
    return getattr(post, "tildeling", None) if post is not None else None


def _linjer(post) -> dict[tuple[str, str], tuple[str, str, int | None]]:
    """Linjene i posten som kan endre seg: (hva, nøkkel) → (hva, tekst, beløp)."""
    out: dict[tuple[str, str], tuple[str, str, int | None]] = {}
    if post is None:
        return out
    for f in post.fordeling:
        out.setdefault(("fordeling", f.tekst), ("fordeling", f.tekst, f.beløp))
        for m in f.mottakere:
            key = f"{m.navn} ({f.tekst})"
            out.setdefault(("mottaker", key), ("mottaker", key, m.beløp))
    for g in post.bindinger:
        for b in g.linjer:
            key = f"{b.oppdrag} {b.tittel}"
            out.setdefault(("binding", f"{g.id}/{b.oppdrag}"), ("binding", key, b.beløp))
    return out


def _post(f, t) -> Postdiff | None:
    m = t if t is not None else f
    kind = LAGT_TIL if f is None else FJERNET if t is None else ENDRET
    tildeling = Beløp(_tildeling(f), _tildeling(t), f is not None, t is not None)
    sf = list(f.stikkord) if f is not None else []
    st = list(t.stikkord) if t is not None else []
    la, lb = _linjer(f), _linjer(t)
    linjer = []
    if f is not None and t is not None:
        for key, (hva, tekst, beløp) in la.items():
            if key not in lb:
                linjer.append(Linjeendring(FJERNET, hva, tekst, Beløp(beløp, None, True, False)))
            elif lb[key][2] != beløp:
                linjer.append(Linjeendring(ENDRET, hva, tekst, Beløp(beløp, lb[key][2])))
        for key, (hva, tekst, beløp) in lb.items():
            if key not in la:
                linjer.append(Linjeendring(LAGT_TIL, hva, tekst, Beløp(None, beløp, False, True)))
    felter: tuple[Felt, ...] = ()
    tekst: tuple[Avsnitt, ...] = ()
    if f is not None and t is not None:
        felter = _felter(
            _felt("betegnelse", f.betegnelse, t.betegnelse, ordvis=True),
            _felt("overskrift", f.overskrift, t.overskrift, ordvis=True),
            _felt("bevilget", _bevilget(f), _bevilget(t)),
        )
        tekst = tuple(avsnitt_diff(f.tekst, t.tekst))
    elif t is not None:
        tekst = tuple(avsnitt_diff("", t.tekst))
    d = Postdiff(
        kind,
        m.kapittel,
        m.post,
        m.betegnelse,
        tildeling,
        tuple(s for s in st if s not in sf) if f is not None and t is not None else (),
        tuple(s for s in sf if s not in st) if f is not None and t is not None else (),
        felter,
        tuple(linjer),
        tekst,
    )
    if kind == ENDRET and not (
        tildeling.fra != tildeling.til
        or d.stikkord_lagt_til
        or d.stikkord_fjernet
        or felter
        or linjer
        or tekst
    ):
        return None
    return d


def _bevilget(post) -> str | None:
    """Bevilgningen slik den er trykt, «ikke utfylt» for `bevilget: null` i et utkast, eller
    None når posten ikke oppgir noen."""
    p = post.bevilget
    if p is None:
        return IKKE_UTFYLT if getattr(post, "bevilget_tom", False) else None
    return p.text if p.text is not None else format_kroner(p.value)


def _budsjett(fra: Side, til: Side) -> Budsjettdiff:
    pa = {(d.model.kapittel, d.model.post): d.model for d in fra.repo.poster_for(fra.år)}
    pb = {(d.model.kapittel, d.model.post): d.model for d in til.repo.poster_for(til.år)}
    ka = {d.model.kapittel: d.model for d in fra.repo.kapitler if d.model.år == fra.år}
    kb = {d.model.kapittel: d.model for d in til.repo.kapitler if d.model.år == til.år}
    chapters = sorted(set(ka) | set(kb) | {k for k, _ in pa} | {k for k, _ in pb})
    out = []
    for kap in chapters:
        fa, fb = ka.get(kap), kb.get(kap)
        keys = sorted({p for k, p in pa if k == kap} | {p for k, p in pb if k == kap})
        poster = [d for p in keys if (d := _post(pa.get((kap, p)), pb.get((kap, p)))) is not None]
        a_here = [pa[(kap, p)] for p in keys if (kap, p) in pa]
        b_here = [pb[(kap, p)] for p in keys if (kap, p) in pb]
        exists_a = fa is not None or bool(a_here)
        exists_b = fb is not None or bool(b_here)
        total = Beløp(
            _sum(_tildeling(p) for p in a_here) if exists_a else None,
            _sum(_tildeling(p) for p in b_here) if exists_b else None,
            exists_a,
            exists_b,
        )
        navn = (fb or fa).navn if (fb or fa) is not None else ""
        kind = LAGT_TIL if not exists_a else FJERNET if not exists_b else ENDRET
        felter: tuple[Felt, ...] = ()
        tekst: tuple[Avsnitt, ...] = ()
        if fa is not None and fb is not None:
            felter = _felter(_felt("navn", fa.navn, fb.navn, ordvis=True))
            tekst = tuple(avsnitt_diff(fa.tekst, fb.tekst))
        elif fb is not None and fa is None:
            tekst = tuple(avsnitt_diff("", fb.tekst))
        if kind == ENDRET and not (poster or felter or tekst or total.fra != total.til):
            continue
        out.append(Kapitteldiff(kind, kap, navn, total, tuple(poster), felter, tekst))
    from .model import er_inntekt

    utgift = Beløp(
        _sum(_tildeling(p) for (k, _), p in pa.items() if not er_inntekt(k)),
        _sum(_tildeling(p) for (k, _), p in pb.items() if not er_inntekt(k)),
    )
    ia = [p for (k, _), p in pa.items() if er_inntekt(k)]
    ib = [p for (k, _), p in pb.items() if er_inntekt(k)]
    inntekt = (
        Beløp(_sum(map(_tildeling, ia)) if ia else None, _sum(map(_tildeling, ib)) if ib else None, bool(ia), bool(ib))
        if ia or ib
        else None
    )
    return Budsjettdiff(tuple(out), utgift, inntekt)


# ---------------------------------------------------------------- fullmaktene


@dataclass(frozen=True)
class Fullmaktendring:
    """En fullmakt eller belastningsfullmakt som er lagt til, fjernet eller endret."""

    endring: str
    hva: str
    """«fullmakt» eller «belastningsfullmakt»."""
    navn: str
    """Fullmaktens ID, eller departementet og kapitlet («Kunnskapsdepartementet, kap. 226.21»)."""
    tekst: str
    """Teksten i TIL (i FRA for en fjernet)."""
    felter: tuple[Felt, ...] = ()


def _kroner_felt(value: int | None, tom: bool) -> str | None:
    if value is None:
        return IKKE_UTFYLT if tom else None
    return format_kroner(value)


def _fullmakt_felter(a, b) -> tuple[Felt, ...]:
    def post(ref) -> str | None:
        return f"kap. {ref.kapittel} post {ref.post:02d}" if ref is not None else None

    return _felter(
        _felt("type", a.type, b.type),
        _felt("tekst", a.tekst, b.tekst, ordvis=True),
        _felt("grunnlag", a.grunnlag, b.grunnlag),
        _felt("utgiftspost", post(a.utgiftspost), post(b.utgiftspost)),
        _felt("inntektspost", post(a.inntektspost), post(b.inntektspost)),
        _felt("ramme", _kroner_felt(a.ramme, a.ramme_tom), _kroner_felt(b.ramme, b.ramme_tom)),
    )


def _fullmakter(fra: Side, til: Side) -> list[Fullmaktendring]:
    def of(side: Side):
        d = side.repo.fullmakter_for(side.år)
        return d.model if d is not None else None

    a, b = of(fra), of(til)
    out: list[Fullmaktendring] = []
    fa = {f.id: f for f in (a.fullmakter if a else ())}
    fb = {f.id: f for f in (b.fullmakter if b else ())}
    for fid in [*fa, *(i for i in fb if i not in fa)]:
        x, y = fa.get(fid), fb.get(fid)
        if x is None or y is None:
            kind = LAGT_TIL if x is None else FJERNET
            out.append(Fullmaktendring(kind, "fullmakt", fid, (y or x).tekst))
        elif felter := _fullmakt_felter(x, y):
            out.append(Fullmaktendring(ENDRET, "fullmakt", fid, y.tekst, felter))

    def key(c) -> tuple:
        return (_norm(c.departement), c.kapittel, c.post)

    ba = {key(c): c for c in (a.belastningsfullmakter if a else ())}
    bb = {key(c): c for c in (b.belastningsfullmakter if b else ())}
    for k in [*ba, *(k for k in bb if k not in ba)]:
        x, y = ba.get(k), bb.get(k)
        c = y or x
        navn = f"{one_line(c.departement)}, kap. {c.nøkkel}"
        if x is None or y is None:
            out.append(Fullmaktendring(LAGT_TIL if x is None else FJERNET, "belastningsfullmakt", navn, c.tekst))
            continue
        felter = _felter(
            _felt("beløp", _kroner_felt(x.beløp, x.beløp_tom), _kroner_felt(y.beløp, y.beløp_tom)),
            _felt("tekst", x.tekst or None, y.tekst or None, ordvis=True),
        )
        if felter:
            out.append(Fullmaktendring(ENDRET, "belastningsfullmakt", navn, y.tekst, felter))
    return out


# ---------------------------------------------------------------- kapitlene


@dataclass(frozen=True)
class Kapitteltekstdiff:
    endring: str
    nr_fra: str | None
    nr_til: str | None
    tittel_fra: str | None
    tittel_til: str | None
    avsnitt: tuple[Avsnitt, ...] = ()
    antall_avsnitt: int = 0
    """Avsnittene i kapitlet (i FRA for et fjernet kapittel, ellers i TIL)."""


_YEAR = re.compile(r"(?<!\d)(19|20|21)\d\d(?!\d)")


def _tittelnøkkel(tittel: str) -> str:
    """Tittelen uten årstall («Overordnede prioriteringer for ÅR»), for å pare kapitlene."""
    return _YEAR.sub("ÅR", _norm(tittel))


def _kapitteltekster(fra: Side, til: Side) -> list[Kapitteltekstdiff]:
    def kapitler(side: Side) -> list[tuple[object, list[str]]]:
        doc = side.repo.brev_for(side.år)
        if doc is None:
            return []
        out = []
        for k in doc.model.kapitler:
            p = side.repo.prosa.get(doc.file.parent / k.tekst) if k.tekst else None
            out.append((k, avsnitt(p.text) if p is not None else []))
        return out

    a, b = kapitler(fra), kapitler(til)
    pairs: dict[int, int] = {}
    used: set[int] = set()
    by_title: dict[str, list[int]] = {}
    for j, (k, _) in enumerate(b):
        by_title.setdefault(_tittelnøkkel(k.tittel), []).append(j)
    for i, (k, _) in enumerate(a):
        for j in by_title.get(_tittelnøkkel(k.tittel), []):
            if j not in used:
                pairs[i] = j
                used.add(j)
                break
    by_nr = {}
    for j, (k, _) in enumerate(b):
        if j not in used:
            by_nr.setdefault(k.nr, j)
    for i, (k, _) in enumerate(a):
        if i in pairs:
            continue
        j = by_nr.get(k.nr)
        if j is not None and j not in used:
            pairs[i] = j
            used.add(j)
    matched = {j: i for i, j in pairs.items()}
    out: list[Kapitteltekstdiff] = []
    # i TILs rekkefølge; et fjernet kapittel etter det forrige kapitlet fra FRA som er med
    removed_after: dict[int, list[int]] = {}
    last_j = -1
    for i in range(len(a)):
        if i in pairs:
            last_j = pairs[i]
        else:
            removed_after.setdefault(last_j, []).append(i)

    def removed(i: int) -> Kapitteltekstdiff:
        k, paras = a[i]
        return Kapitteltekstdiff(
            FJERNET, k.nr, None, k.tittel, None, tuple(Avsnitt(FJERNET, p, None) for p in paras), len(paras)
        )

    for i in removed_after.get(-1, []):
        out.append(removed(i))
    for j, (k, paras) in enumerate(b):
        i = matched.get(j)
        if i is None:
            out.append(
                Kapitteltekstdiff(
                    LAGT_TIL,
                    None,
                    k.nr,
                    None,
                    k.tittel,
                    tuple(Avsnitt(LAGT_TIL, None, p) for p in paras),
                    len(paras),
                )
            )
        else:
            ko, old = a[i]
            changes = tuple(_avsnitt_diff(old, paras))
            if changes or ko.nr != k.nr or ko.tittel != k.tittel:
                out.append(Kapitteltekstdiff(ENDRET, ko.nr, k.nr, ko.tittel, k.tittel, changes, len(paras)))
        for r in removed_after.get(j, []) if i is not None else []:
            out.append(removed(r))
    return out


# ---------------------------------------------------------------- hele diffen


@dataclass(frozen=True)
class Diff:
    fra: Side
    til: Side
    brevet: tuple[Felt, ...]
    mål: tuple[Målendring, ...]
    styringsparametere: tuple[SPendring, ...]
    oppdrag: Oppdragsdiff
    rapportering: tuple[Rapportendring, ...]
    frister_i_teksten: tuple[Rapportendring, ...]
    budsjett: Budsjettdiff
    kapitler: tuple[Kapitteltekstdiff, ...]
    tittel_fra: str = ""
    tittel_til: str = ""
    merknader: tuple[str, ...] = field(default=())
    """Filer som ikke kunne leses på en av sidene (de er hoppet over)."""
    fullmakter: tuple[Fullmaktendring, ...] = ()
    """Fullmaktene og belastningsfullmaktene som er lagt til, fjernet eller endret."""

    @property
    def tom(self) -> bool:
        o = self.oppdrag
        return not (
            self.brevet
            or self.mål
            or self.styringsparametere
            or o.nye
            or o.ute
            or o.endret
            or self.rapportering
            or self.frister_i_teksten
            or self.budsjett.kapitler
            or self.fullmakter
            or self.kapitler
        )


def _parter(p) -> str:
    return p.navn + (f" ({p.kortnavn})" if p.kortnavn else "") + (f", {', '.join(p.adresse)}" if p.adresse else "")


def _godkjent(m) -> str | None:
    """Linja om elektronisk godkjenning: «ja» (standardteksten), departementets egen tekst eller
    None."""
    value = m.elektronisk_godkjent
    return value if isinstance(value, str) else ("ja" if value else None)


def _brevet(fra: Side, til: Side) -> list[Felt]:
    a = fra.repo.brev_for(fra.år).model
    b = til.repo.brev_for(til.år).model

    def liste(items: Iterable[str]) -> str | None:
        items = list(items)
        return "; ".join(items) if items else None

    def vedtak(m) -> str | None:
        d = getattr(m, "budsjettvedtak", None)
        return format_dato(d) if d is not None else None

    return list(
        _felter(
            _felt("tittel", a.tittel, b.tittel, ordvis=True),
            _felt("dato", _dato(a.dato), _dato(b.dato)),
            _felt("deres ref", a.deres_ref, b.deres_ref),
            _felt("vår ref", a.vår_ref, b.vår_ref),
            _felt("proposisjon", a.proposisjon, b.proposisjon),
            _felt("innstilling", a.innstilling, b.innstilling),
            _felt("budsjettvedtak", vedtak(a), vedtak(b)),
            _felt("avsender", _parter(a.avsender), _parter(b.avsender)),
            _felt("mottaker", _parter(a.mottaker), _parter(b.mottaker)),
            _felt(
                "signatarer",
                liste(f"{s.navn} ({s.tittel})" for s in a.signatarer),
                liste(f"{s.navn} ({s.tittel})" for s in b.signatarer),
            ),
            _felt(
                "vedlegg",
                liste(f"{v.nr} {v.tittel}" for v in a.vedlegg),
                liste(f"{v.nr} {v.tittel}" for v in b.vedlegg),
            ),
            _felt("kopi til", liste(a.kopi), liste(b.kopi)),
            _felt("elektronisk godkjent", _godkjent(a), _godkjent(b)),
        )
    )


def sammenlign(fra: Side, til: Side, merknader: Sequence[str] = ()) -> Diff:
    """Hva som endret seg fra brevet `fra` til brevet `til`. Begge brevene må finnes
    (`Repo.brev_for`)."""
    token = _ord_igjen.set([MAX_ORD_TOTALT])
    try:
        return _sammenlign(fra, til, merknader)
    finally:
        _ord_igjen.reset(token)


def _sammenlign(fra: Side, til: Side, merknader: Sequence[str]) -> Diff:
    mål, kart = _mål(fra, til)
    return Diff(
        fra=fra,
        til=til,
        brevet=tuple(_brevet(fra, til)),
        mål=tuple(mål),
        styringsparametere=tuple(_styringsparametere(fra, til, kart)),
        oppdrag=_oppdrag(fra, til, kart),
        rapportering=tuple(_kalender(fra, til)),
        frister_i_teksten=tuple(_tekstfrister(fra, til)),
        budsjett=_budsjett(fra, til),
        kapitler=tuple(_kapitteltekster(fra, til)),
        tittel_fra=fra.repo.brev_for(fra.år).model.tittel,
        tittel_til=til.repo.brev_for(til.år).model.tittel,
        merknader=tuple(merknader),
        fullmakter=tuple(_fullmakter(fra, til)),
    )
