"""`tb status`: oppfølgingen av ett brev på en dato, til etatsstyringsmøtet eller årsrapporten.

For brevet for ett år: hvert mål i brevets rekkefølge, hvert oppdrag brevet har under målet
(`snapshot.oppdrag_i_brev`), og hver frist slik brevet har den (`deadlines.expand(repo, år)`)
med tilstanden på datoen `per` (`deadlines.tilstand`): levert (dato og referanse), avsluttet,
forfalt (dager over fristen), i rute, løpende eller uten frist. En leveranse etter `per` teller
ikke ennå. Til slutt antallet per tilstand, for fristene og for oppdragene.

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

from ..deadlines import TILSTANDER, Deadline, expand, tilstand
from ..norsk import UKEDAGER, format_dato, format_dato_lang
from ..text import escape_controls, safe_line
from .check import dumps
from .frister import CSV_DELIMITER, spreadsheet_safe

if TYPE_CHECKING:
    from ..model import Repo
    from ..model.snapshot import IBrev

OPPDRAG_ORDEN = ("forfalt", "i rute", "løpende", "uten frist", "levert", "avsluttet")
"""Et oppdrag har den første av disse som en av fristene har: ett forfalt gjør oppdraget
forfalt, og det er levert først når alle fristene er levert (eller avsluttet)."""


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
    ib: IBrev
    frister: tuple[Fristrad, ...]

    @property
    def tilstand(self) -> str:
        states = {r.tilstand for r in self.frister}
        return next((s for s in OPPDRAG_ORDEN if s in states), "uten frist")


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

    def rader(self) -> list[tuple[Målgruppe, Oppdragsrad, Fristrad]]:
        return [(g, o, r) for g in self.mål for o in g.oppdrag for r in o.frister]

    def tellinger(self) -> dict[str, dict[str, int]]:
        """Antall per tilstand: {"frister": {...}, "oppdrag": {...}}, alle tilstandene med."""
        frister = dict.fromkeys(TILSTANDER, 0)
        oppdrag = dict.fromkeys(TILSTANDER, 0)
        for g in self.mål:
            for o in g.oppdrag:
                oppdrag[o.tilstand] += 1
                for r in o.frister:
                    frister[r.tilstand] += 1
        return {"frister": frister, "oppdrag": oppdrag}


def build(repo: Repo, år: int, per: date, mål: int | None = None) -> Status:
    """Oversikten for brevet for `år` på datoen `per`, eventuelt bare målet `mål`."""
    from ..model import snapshot

    by_doc: dict[int, list[Deadline]] = {}
    for dl in expand(repo, år):
        if dl.oppdrag is not None:
            by_doc.setdefault(id(dl.source[0]), []).append(dl)
    grouped: dict[int, list[Oppdragsrad]] = {}
    for ib in snapshot.oppdrag_i_brev(repo, år):
        rows = tuple(
            Fristrad(dl, tilstand(dl, per), (dl.dato - per).days if dl.dato else None)
            for dl in by_doc.get(id(ib.doc), ())
        )
        grouped.setdefault(ib.mål, []).append(Oppdragsrad(ib, rows))
    goals = [(d.model.nr, d.model.tittel) for d in repo.mål_for(år)]
    known = {nr for nr, _ in goals}
    goals += [(nr, None) for nr in sorted(grouped) if nr not in known]
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
    )


def goals_in(repo: Repo, år: int) -> list[int]:
    """Målene i brevet for `år`: målfilene og målene oppdragene i brevet står under."""
    from ..model import snapshot

    return sorted({d.model.nr for d in repo.mål_for(år)} | {ib.mål for ib in snapshot.oppdrag_i_brev(repo, år)})


# ---------------------------------------------------------------- tekstbitene


_TYPE = {"underveisrapport": "underveisrapport", "rapportering": "rapportering"}


_UTVIDET = ("gjentas til ", "bare de ")
"""Merknadene `deadlines` legger til når en gjentakelse utvides; i oversikten er det nok å si
at fristen gjentas («tertialvis»), datoen står på hver rad."""


def hva(dl: Deadline) -> str:
    """Hva fristen gjelder, uten oppdragets tittel: «Del 2, underveisrapport», «tertialvis»."""
    notes = [n for n in (dl.merknad or "").split("; ") if n and not n.startswith(_UTVIDET)]
    parts = [dl.del_, _TYPE.get(dl.type), dl.gjentas if not dl.løpende else None, *notes]
    return ", ".join(p for p in parts if p) or "levering"


def når(dl: Deadline) -> str:
    """Datoen, eller «løpende», gjentakelsen eller «–» for et oppdrag uten frist."""
    if dl.dato is not None:
        return format_dato(dl.dato)
    if dl.uten_frist:
        return "–"
    if dl.løpende:
        return "løpende"
    return dl.gjentas or "uten dato"


def _dager(n: int) -> str:
    s = f"{n:,}".replace(",", " ")
    return f"{s} dag" if n == 1 else f"{s} dager"


def tilstand_tekst(r: Fristrad) -> str:
    """«levert 16.08.2024 (24/1234-5)», «forfalt, 12 dager over fristen», «i rute, 30 dager
    igjen», «løpende», «uten frist»."""
    s = r.tilstand
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
    m = o.ib.model
    return f"{m.id} {m.tittel}" + ("" if o.ib.ny else f" (gitt i {m.år})")


def tittel(s: Status) -> str:
    return f"Status for tildelingsbrevet for {s.år}"


def undertittel(s: Status, lang: bool = False) -> str:
    fmt = format_dato_lang if lang else format_dato
    text = f"Per {fmt(s.per)}"
    if s.brevdato is not None:
        text += f"; brevet er datert {fmt(s.brevdato)}"
    return text + "."


def summary_rows(s: Status) -> list[tuple[str, int, int]]:
    """(tilstand, frister, oppdrag) for hver tilstand, og «i alt» til slutt."""
    t = s.tellinger()
    rows = [(k, t["frister"][k], t["oppdrag"][k]) for k in TILSTANDER]
    rows.append(("i alt", sum(t["frister"].values()), sum(t["oppdrag"].values())))
    return rows


# ---------------------------------------------------------------- formatene


def to_plain(s: Status) -> str:
    """Ren tekst: en blokk per mål, oppdraget på én linje og fristene under med datoen,
    tilstanden og hva fristen gjelder; antallet per tilstand til slutt."""
    lines = [f"{tittel(s)}. {undertittel(s)}", ""]
    rows = s.rader()
    # tilstanden i en kolonne; en lang referanse skyver resten av sin egen linje, ikke alle
    width = min(36, max((len(safe_line(tilstand_tekst(r))) for _, _, r in rows), default=0))
    for g in s.mål:
        lines.append(safe_line(mål_overskrift(g, s.år)))
        if not g.oppdrag:
            lines.append("  Ingen oppdrag under målet.")
        for o in g.oppdrag:
            lines.append("  " + safe_line(oppdrag_overskrift(o)))
            for r in o.frister:
                state = safe_line(tilstand_tekst(r)).ljust(width)
                lines.append(f"    {når(r.frist):<10}  {state}  {safe_line(hva(r.frist))}".rstrip())
        lines.append("")
    if not s.mål:
        lines += ["Ingen mål i brevet.", ""]
    lines.append(f"{'Status':<10}  {'Frister':>7}  {'Oppdrag':>7}")
    for name, nf, no in summary_rows(s):
        lines.append(f"{name:<10}  {nf:>7}  {no:>7}")
    return "\n".join(lines) + "\n"


def _md(text: object) -> str:
    from ..rendering.formatting import md_escape

    return md_escape(escape_controls(text))


def to_markdown(s: Status) -> str:
    """Markdown til møtets saksdokument: overskrift per mål, en tabell med oppdragene og
    fristene, norske datoer, og en tabell med antallet per tilstand."""
    out = [f"# {_md(tittel(s))}", "", _md(undertittel(s, lang=True)), ""]
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
    return "\n".join(out) + "\n"


def frist_json(r: Fristrad) -> dict:
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
        "tilstand": r.tilstand,
        "levert": r.levert.isoformat() if r.levert else None,
        "levert_ref": r.levert_ref,
        "uid": dl.uid,
    }


def to_dict(s: Status) -> dict:
    return {
        "år": s.år,
        "per": s.per.isoformat(),
        "brevdato": s.brevdato.isoformat() if s.brevdato else None,
        "mål": [
            {
                "nr": g.nr,
                "tittel": g.tittel,
                "oppdrag": [
                    {
                        "id": o.ib.model.id,
                        "tittel": o.ib.model.tittel,
                        "gitt": o.ib.model.år,
                        "ny": o.ib.ny,
                        "grunn": o.ib.grunn,
                        "tilstand": o.tilstand,
                        "frister": [frist_json(r) for r in o.frister],
                    }
                    for o in g.oppdrag
                ],
            }
            for g in s.mål
        ],
        "tellinger": s.tellinger(),
    }


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
)


def to_csv(s: Status) -> str:
    """Én rad per frist, for et regneark: semikolon, UTF-8 med BOM og CRLF som `tb frister`,
    og en celle som ser ut som en formel, får en apostrof foran."""
    buf = io.StringIO()
    buf.write("\ufeff")
    w = csv.DictWriter(buf, fieldnames=list(CSV_FIELDS), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    w.writeheader()
    for g, o, r in s.rader():
        f = frist_json(r)
        row = {
            "mål": g.nr,
            "mål_tittel": g.tittel,
            "oppdrag": o.ib.model.id,
            "tittel": o.ib.model.tittel,
            "gitt": o.ib.model.år,
            **{k: f[k] for k in CSV_FIELDS if k in f},
        }
        w.writerow({k: ("" if row[k] is None else spreadsheet_safe(row[k])) for k in CSV_FIELDS})
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
