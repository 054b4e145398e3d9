"""Utdata for `tb diff`: hva som endret seg fra ett brev til et annet, som tabell (ren tekst, med
farger i en terminal), Markdown, HTML eller JSON.

`dokument` bygger rapporten én gang som en liten dokumentmodell (overskrifter, avsnitt, lister
og tabeller med tekstbiter som kan være satt inn eller slettet); tekst, Markdown og HTML er hver
bare en måte å skrive den på, så de sier det samme. JSON (`to_dict`) er dataene fra
`tildelingsbrev.diff` med norske nøkler, for skript.

Innsatt og slettet tekst har alltid et tegn som ikke er farge: «[+ny tekst+]» og «[−gammel
tekst−]» i alle formatene, i tillegg understreking og gjennomstreking i HTML (`<ins>`, `<del>`)
og i en terminal, og fet og gjennomstreket tekst i Markdown. Tekst fra data går gjennom
`text.escape_controls` (alle formatene), `md_escape` (Markdown) og `html.escape` (HTML).

Alt er en ren funksjon av diffen: samme data gir samme bytes.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diff import (
    ENDRET,
    FJERNET,
    IKKE_UTFYLT,
    INN,
    LAGT_TIL,
    LIK,
    NUMMERERT_OM,
    OMFORMULERT,
    UT,
    Avsnitt,
    Beløp,
    Bit,
    Felt,
    Side,
    kroner_endring,
)
from ..norsk import format_kroner
from ..text import escape_controls, one_line
from .check import dumps

if TYPE_CHECKING:
    from ..diff import Diff, Oppdragslinje

# ---------------------------------------------------------------- dokumentmodellen

Inline = tuple[str, str]
"""(stil, tekst): stil er "" (vanlig), "inn" (satt inn), "ut" (slettet), "fet" eller "svak"."""


@dataclass
class Item:
    """Et punkt i en liste: tekst, og eventuelt en liste under."""

    parts: list[Inline]
    children: list[Item] = field(default_factory=list)


@dataclass
class Block:
    """Et avsnitt (`parts`), en liste (`items`) eller en tabell (`head`, `rows`, `right`)."""

    parts: list[Inline] | None = None
    items: list[Item] | None = None
    head: list[str] | None = None
    rows: list[list[list[Inline]]] | None = None
    right: tuple[int, ...] = ()
    sub: frozenset[int] = frozenset()
    """Radene (indekser i `rows`) som hører under raden over (postene under kapitlet)."""


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 2


@dataclass
class Document:
    title: str
    intro: list[list[Inline]]
    sections: list[Section]


def _t(text: object) -> Inline:
    return ("", str(text))


def _b(text: object) -> Inline:
    return ("fet", str(text))


def _dim(text: object) -> Inline:
    return ("svak", str(text))


def _bits(bits: tuple[Bit, ...] | list[Bit]) -> list[Inline]:
    out: list[Inline] = []
    for i, b in enumerate(bits):
        if i:
            out.append(("", " "))
        out.append(({LIK: "", INN: "inn", UT: "ut"}.get(b.type, ""), b.tekst))
    return out


def _flat(text: str) -> str:
    """Teksten på én linje med kontrolltegn som escape-sekvenser; ett mellomrom i endene
    beholdes (det skiller bitene)."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + escape_controls(one_line(text)) + trail


def _sign_label(side: Side) -> str:
    if side.revisjon:
        short = f" ({side.commit[:10]})" if side.commit else ""
        return f"brevet for {side.år} i revisjonen {side.revisjon}{short}"
    return f"brevet for {side.år}"


def _beløp(value: int | None, exists: bool = True) -> str:
    if not exists:
        return "–"
    return IKKE_UTFYLT if value is None else format_kroner(value)


def _endring(b: Beløp) -> str:
    d = kroner_endring(b.differanse)
    if d is None:
        return "–"
    p = b.prosent()
    return f"{d} ({p})" if p else d


def _fra_til(b: Beløp) -> list[Inline]:
    """«377 140 000 → 390 000 000 (+12 860 000, +3,4 %)» (tomt beløp: «ikke utfylt»)."""
    parts = [_t(f"{_beløp(b.fra, b.finnes_fra)} → {_beløp(b.til, b.finnes_til)}")]
    d = kroner_endring(b.differanse)
    if d is not None and b.differanse:
        p = b.prosent()
        parts.append(_t(f" ({d}{', ' + p if p else ''})"))
    return parts


def _felt(f: Felt, empty: str = "(ingen)") -> Item:
    empty = IKKE_UTFYLT if f.navn == "budsjettvedtak" else empty
    if f.ord:
        return Item([_t(f"{f.navn}: "), *_bits(f.ord)])

    def side(value: str | None, style: str) -> Inline:
        if value is None:
            return _dim(empty)
        return _dim(value) if value == IKKE_UTFYLT else (style, value)

    return Item([_t(f"{f.navn}: "), side(f.fra, "ut"), _t(" → "), side(f.til, "inn")])


def _avsnitt(a: Avsnitt) -> Item:
    if a.endring == ENDRET:
        return Item([_dim("endret avsnitt: "), *_bits(a.ord)])
    if a.endring == LAGT_TIL:
        return Item([_dim("nytt avsnitt: "), ("inn", a.til or "")])
    return Item([_dim("fjernet avsnitt: "), ("ut", a.fra or "")])


def _telling(pairs: list[tuple[int, str, str]]) -> str:
    """«1 omformulert, 3 fjernet» (entall/flertall), uten nuller."""
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in pairs if n)


def _frister(frister: tuple[str, ...]) -> str:
    return "; ".join(frister) if frister else "ingen frist"


def _oppdrag_item(o: Oppdragslinje, tail: list[Inline] | None = None) -> Item:
    return Item([_b(o.id), _t(f" {o.tittel} "), _dim(f"(mål {o.mål})"), *(tail or [])])


def dokument(d: Diff) -> Document:
    """Rapporten som dokument: oppsummeringen, så hver del i brevets rekkefølge."""
    title = f"Endringer fra {_sign_label(d.fra)} til {_sign_label(d.til)}"
    intro = [
        [_dim("Fra: "), _t(d.tittel_fra), _dim(f" ({d.fra.navn})")],
        [_dim("Til: "), _t(d.tittel_til), _dim(f" ({d.til.navn})")],
    ]
    sections: list[Section] = []
    if d.merknader:
        sections.append(
            Section("Filer som ikke kunne leses", [Block(items=[Item([_t(m)]) for m in d.merknader])])
        )
    sections.append(_oppsummering(d))
    if d.tom:
        return Document(title, intro, sections)
    if d.brevet:
        sections.append(Section("Brevet", [Block(items=[_felt(f) for f in d.brevet])]))
    if d.mål or d.styringsparametere:
        sections.append(_mål(d))
    o = d.oppdrag
    if o.nye or o.ute or o.videre:
        sections.append(_oppdrag(d))
    if d.rapportering or d.frister_i_teksten:
        sections.append(_rapportering(d))
    if d.budsjett.kapitler:
        sections.append(_budsjett(d))
    if d.fullmakter:
        sections.append(_fullmakter(d))
    if d.kapitler:
        sections.append(_kapitler(d))
    return Document(title, intro, sections)


def _oppsummering(d: Diff) -> Section:
    if d.tom:
        return Section("Oppsummering", [Block(parts=[_t("Ingen endringer mellom brevene.")])])

    def kinds(items, attr="endring") -> list[tuple[int, str, str]]:
        names = (OMFORMULERT, NUMMERERT_OM, ENDRET, LAGT_TIL, FJERNET)
        return [(sum(1 for x in items if getattr(x, attr) == k), k, k) for k in names]

    items = []
    if d.brevet:
        items.append(Item([_t("brevet: " + ", ".join(f.navn for f in d.brevet))]))
    if d.mål:
        items.append(Item([_t("mål: " + _telling(kinds(d.mål)))]))
    if d.styringsparametere:
        items.append(Item([_t("styringsparametere: " + _telling(kinds(d.styringsparametere)))]))
    o = d.oppdrag
    if o.nye or o.ute or o.videre:
        videre = _videre(d)
        text = _telling(
            [
                (len(o.nye), "nytt", "nye"),
                (len(o.ute), "ikke lenger med", "ikke lenger med"),
                (len(o.videre), videre, videre),
            ]
        )
        if o.endret:
            text += f" ({len(o.endret)} av dem endret)"
        items.append(Item([_t("oppdrag: " + text)]))
    if d.rapportering or d.frister_i_teksten:
        items.append(Item([_t("rapportering: " + _telling(kinds([*d.rapportering, *d.frister_i_teksten])))]))
    if d.budsjett.kapitler:
        poster = [p for k in d.budsjett.kapitler for p in k.poster]
        text = _telling(
            [
                (sum(1 for p in poster if p.endring == ENDRET), "post endret", "poster endret"),
                (sum(1 for p in poster if p.endring == LAGT_TIL), "ny post", "nye poster"),
                (sum(1 for p in poster if p.endring == FJERNET), "post fjernet", "poster fjernet"),
            ]
        )
        b = d.budsjett
        label = "sum utgifter" if b.sum_inntekter is not None else "sum"
        parts = [_t("budsjett: " + (text or "kapitlene endret") + f"; {label}: "), *_fra_til(b.sum)]
        if b.sum_inntekter is not None:
            parts += [_t("; sum inntekter: "), *_fra_til(b.sum_inntekter)]
        items.append(Item(parts))
    if d.fullmakter:
        counts = [(sum(1 for x in d.fullmakter if x.endring == k), k, k) for k in (ENDRET, LAGT_TIL, FJERNET)]
        items.append(Item([_t("fullmakter: " + _telling(counts))]))
    if d.kapitler:
        items.append(Item([_t("kapitteltekstene: " + _telling(kinds(d.kapitler)))]))
    return Section("Oppsummering", [Block(items=items)])


def _mål(d: Diff) -> Section:
    items = []
    for m in d.mål:
        if m.endring == LAGT_TIL:
            head = [_b(f"Mål {m.nr_til}"), _t(" lagt til: "), ("inn", m.tittel_til or "")]
        elif m.endring == FJERNET:
            head = [_b(f"Mål {m.nr_fra}"), _t(" fjernet: "), ("ut", m.tittel_fra or "")]
        else:
            nr = f"Mål {m.nr_fra}" if m.nr_fra == m.nr_til else f"Mål {m.nr_fra} → mål {m.nr_til}"
            head = [_b(nr), _t(f" {m.endring}: ")]
            head += _bits(m.tittel_ord) if m.tittel_ord else [_t(m.tittel_til or "")]
        children = [_felt(f) for f in m.felter] + [_avsnitt(a) for a in m.tekst]
        items.append(Item(head, children))
    blocks: list[Block] = []
    if items:
        blocks += [Block(parts=[_b("Mål")]), Block(items=items)]
    items = []
    for s in d.styringsparametere:
        if s.endring == LAGT_TIL:
            head = [
                _b(f"SP {s.nr_til}"),
                _t(" lagt til "),
                _dim(f"(mål {s.mål_til})"),
                _t(": "),
                ("inn", s.tekst_til or ""),
            ]
        elif s.endring == FJERNET:
            head = [
                _b(f"SP {s.nr_fra}"),
                _t(" fjernet "),
                _dim(f"(mål {s.mål_fra})"),
                _t(": "),
                ("ut", s.tekst_fra or ""),
            ]
        else:
            nr = f"SP {s.nr_fra}" if s.nr_fra == s.nr_til else f"SP {s.nr_fra} → SP {s.nr_til}"
            kind = s.endring if s.endring != ENDRET else "flyttet" if s.flyttet else ENDRET
            head = [_b(nr), _t(f" {kind} ")]
            if s.flyttet:
                head.append(_dim(f"(mål {s.mål_fra} → mål {s.mål_til})"))
            else:
                head.append(_dim(f"(mål {s.mål_til})"))
            head.append(_t(": "))
            head += _bits(s.ord) if s.ord else [_t(s.tekst_til or "")]
        items.append(Item(head))
    if items:
        blocks += [Block(parts=[_b("Styringsparametere")]), Block(items=items)]
    return Section("Mål og styringsparametere", blocks)


def _videre(d: Diff, videre: str = "", begge: str = "") -> str:
    """Oppdragene som er med i begge brevene: «ført videre» til et senere brev, ellers «med i
    begge» (samme år i to revisjoner). Med `videre`/`begge`: overskriften over dem som er
    endret eller uendret («Ført videre med endringer», «Endret»)."""
    if not videre:
        return "ført videre" if d.til.år > d.fra.år else "med i begge"
    return f"Ført videre {videre}" if d.til.år > d.fra.år else begge.capitalize()


def _oppdrag(d: Diff) -> Section:
    o = d.oppdrag
    blocks: list[Block] = []
    if o.nye:
        blocks.append(Block(parts=[_b(f"Nye i brevet ({len(o.nye)})")]))
        items = []
        for x in o.nye:
            tail = [_t(" – frister: " if len(x.frister) > 1 else " – frist: "), _t(_frister(x.frister))]
            if x.gitt != d.til.år:
                tail.append(_dim(f" (gitt i {x.gitt})"))
            items.append(_oppdrag_item(x, tail))
        blocks.append(Block(items=items))
    if o.ute:
        blocks.append(Block(parts=[_b(f"Ikke lenger med ({len(o.ute)})")]))
        blocks.append(Block(items=[_oppdrag_item(u.fra, [_t(": "), _t(u.grunn)]) for u in o.ute]))
    changed = o.endret
    if changed:
        blocks.append(Block(parts=[_b(f"{_videre(d, 'med endringer', 'endret')} ({len(changed)})")]))
        items = []
        for v in changed:
            children = []
            if v.ny_tittel:
                children.append(Item([_t("ny tittel: "), *_bits(v.tittel_ord)]))
            if v.flyttet:
                children.append(Item([_t(f"flyttet fra mål {v.fra.mål} til mål {v.til.mål}")]))
            if v.frister_endret:
                children.append(
                    Item(
                        [
                            _t("frister: "),
                            ("ut", _frister(v.fra.frister)),
                            _t(" → "),
                            ("inn", _frister(v.til.frister)),
                        ]
                    )
                )
            head = _oppdrag_item(v.til).parts
            if v.fra.mål != v.til.mål and not v.flyttet:
                head[-1] = _dim(f"(mål {v.fra.mål} → mål {v.til.mål}, nummerert om)")
            items.append(Item(head, children))
        blocks.append(Block(items=items))
    same = [v for v in o.videre if not v.endret]
    if same:
        blocks.append(
            Block(
                parts=[
                    _b(f"{_videre(d, 'uendret', 'uendret')} ({len(same)}): "),
                    _t(", ".join(v.til.id for v in same)),
                ]
            )
        )
    return Section("Oppdrag", blocks)


def _rapportering(d: Diff) -> Section:
    blocks: list[Block] = []
    for title, rows in (
        ("Rapporteringskalenderen", d.rapportering),
        ("Frister i teksten", d.frister_i_teksten),
    ):
        if not rows:
            continue
        blocks.append(Block(parts=[_b(title)]))
        items = []
        for r in rows:
            if r.endring == LAGT_TIL:
                items.append(Item([_t("lagt til: "), ("inn", r.til or "")]))
            elif r.endring == FJERNET:
                items.append(Item([_t("fjernet: "), ("ut", r.fra or "")]))
            else:
                items.append(Item([_t(f"endret: {r.tittel}")], [_felt(f) for f in r.felter]))
        blocks.append(Block(items=items))
    return Section("Rapportering", blocks)


def _budsjett(d: Diff) -> Section:
    head = ["Kapittel og post", "Fra", "Til", "Endring", ""]
    rows: list[list[list[Inline]]] = []
    sub: set[int] = set()
    details: list[Item] = []
    for k in d.budsjett.kapitler:
        rows.append(
            [
                [_b(f"Kap. {k.kapittel} {k.navn}")],
                [_t(_beløp(k.sum.fra, k.sum.finnes_fra))],
                [_t(_beløp(k.sum.til, k.sum.finnes_til))],
                [_t(_endring(k.sum))],
                [_dim(k.endring if k.endring != ENDRET else "")],
            ]
        )
        kap_children = [_felt(f) for f in k.felter] + [_avsnitt(a) for a in k.tekst]
        if kap_children:
            details.append(Item([_b(f"Kap. {k.kapittel} {k.navn}")], kap_children))
        for p in k.poster:
            sub.add(len(rows))
            rows.append(
                [
                    [_t(f"Post {p.post:02d} {p.betegnelse}")],
                    [_t(_beløp(p.tildeling.fra, p.tildeling.finnes_fra))],
                    [_t(_beløp(p.tildeling.til, p.tildeling.finnes_til))],
                    [_t(_endring(p.tildeling))],
                    [_dim(p.endring if p.endring != ENDRET else "")],
                ]
            )
            children: list[Item] = []
            if p.stikkord_lagt_til:
                children.append(Item([_t("stikkord lagt til: "), ("inn", ", ".join(p.stikkord_lagt_til))]))
            if p.stikkord_fjernet:
                children.append(Item([_t("stikkord fjernet: "), ("ut", ", ".join(p.stikkord_fjernet))]))
            children += [_felt(f) for f in p.felter]
            for line in p.linjer:
                what = {"fordeling": "fordeling", "mottaker": "mottaker", "binding": "binding"}[line.hva]
                if line.endring == LAGT_TIL:
                    children.append(
                        Item(
                            [
                                _t(f"{what} lagt til: "),
                                ("inn", line.tekst),
                                _t(f" ({_beløp(line.beløp.til)})"),
                            ]
                        )
                    )
                elif line.endring == FJERNET:
                    children.append(
                        Item(
                            [_t(f"{what} fjernet: "), ("ut", line.tekst), _t(f" ({_beløp(line.beløp.fra)})")]
                        )
                    )
                else:
                    children.append(Item([_t(f"{what}: {line.tekst}: "), *_fra_til(line.beløp)]))
            children += [_avsnitt(a) for a in p.tekst]
            if children:
                details.append(Item([_b(f"Post {p.nøkkel} {p.betegnelse}")], children))
    # inntekter og utgifter legges aldri sammen: med inntekter en sum for hver
    sums = [("Sum", d.budsjett.sum)]
    if d.budsjett.sum_inntekter is not None:
        sums = [("Sum utgifter", d.budsjett.sum), ("Sum inntekter", d.budsjett.sum_inntekter)]
    for label, total in sums:
        rows.append(
            [
                [_b(label)],
                [_t(_beløp(total.fra, total.finnes_fra))],
                [_t(_beløp(total.til, total.finnes_til))],
                [_t(_endring(total))],
                [_t("")],
            ]
        )
    blocks = [Block(head=head, rows=rows, right=(1, 2, 3), sub=frozenset(sub))]
    if details:
        blocks.append(Block(items=details))
    return Section("Budsjett", blocks)


def _fullmakter(d: Diff) -> Section:
    """Fullmaktene: «fullmakt lagt til: ID: tekst», «belastningsfullmakt fjernet: …» og de
    endrede med feltene under."""
    items = []
    for f in d.fullmakter:
        if f.endring == LAGT_TIL:
            items.append(Item([_t(f"{f.hva} lagt til: "), _b(f.navn), _t(": "), ("inn", f.tekst)]))
        elif f.endring == FJERNET:
            items.append(Item([_t(f"{f.hva} fjernet: "), _b(f.navn), _t(": "), ("ut", f.tekst)]))
        else:
            items.append(Item([_t(f"{f.hva} "), _b(f.navn)], [_felt(x) for x in f.felter]))
    return Section("Fullmakter", [Block(items=items)])


def _kapitler(d: Diff) -> Section:
    items = []
    for k in d.kapitler:
        if k.endring == LAGT_TIL:
            items.append(
                Item(
                    [_b(f"{k.nr_til} {k.tittel_til}"), _dim(" lagt til")],
                    [_avsnitt(a) for a in k.avsnitt],
                )
            )
            continue
        if k.endring == FJERNET:
            n = k.antall_avsnitt
            items.append(
                Item(
                    [
                        _b(f"{k.nr_fra} {k.tittel_fra}"),
                        _dim(f" fjernet ({n} avsnitt)" if n != 1 else " fjernet (1 avsnitt)"),
                    ]
                )
            )
            continue
        head: list[Inline] = [_b(f"{k.nr_til} {k.tittel_til}")]
        children = []
        if k.nr_fra != k.nr_til:
            children.append(Item([_t(f"nytt nummer: {k.nr_fra} → {k.nr_til}")]))
        if k.tittel_fra != k.tittel_til:
            children.append(
                Item([_t("tittel: "), ("ut", k.tittel_fra or ""), _t(" → "), ("inn", k.tittel_til or "")])
            )
        children += [_avsnitt(a) for a in k.avsnitt]
        items.append(Item(head, children))
    return Section("Kapitteltekstene", [Block(items=items)])


# ---------------------------------------------------------------- tekst (tabell)

_ANSI = {"inn": "\x1b[32;4m", "ut": "\x1b[31;9m", "fet": "\x1b[1m", "svak": "\x1b[2m"}


def _plain_inline(parts: list[Inline], color: bool = False) -> str:
    out = []
    for style, text in parts:
        text = _flat(text)
        if style == "inn":
            text = f"[+{text}+]"
        elif style == "ut":
            text = f"[−{text}−]"
        if color and style in _ANSI and text:
            text = f"{_ANSI[style]}{text}\x1b[0m"
        out.append(text)
    return "".join(out)


def _plain_items(items: list[Item], depth: int, color: bool) -> list[str]:
    lines = []
    for it in items:
        lines.append("  " * depth + "- " + _plain_inline(it.parts, color))
        lines += _plain_items(it.children, depth + 1, color)
    return lines


def to_text(d: Diff, color: bool = False) -> str:
    """Ren tekst for terminalen: overskrifter, punktlister og budsjettet som en tabell med
    beløpene høyrestilt. `color`: ANSI-farger i tillegg til tegnene (bare i en terminal)."""
    doc = dokument(d)
    bold = (lambda s: f"\x1b[1m{s}\x1b[0m") if color else (lambda s: s)
    lines = [bold(escape_controls(doc.title)), ""]
    lines += [_plain_inline(p, color) for p in doc.intro]
    lines.append("")
    lines.append("Innsatt tekst står som [+slik+], slettet som [−slik−].")
    for s in doc.sections:
        lines += ["", bold(s.title)]
        for b in s.blocks:
            if b.parts is not None:
                lines.append(_plain_inline(b.parts, color))
            if b.items is not None:
                lines += _plain_items(b.items, 0, color)
            if b.rows is not None and b.head is not None:
                lines += _plain_table(b, color)
    return "\n".join(lines) + "\n"


def _plain_table(b: Block, color: bool) -> list[str]:
    assert b.head is not None and b.rows is not None
    cells = [
        [("  " if n in b.sub and i == 0 else "") + _plain_inline(c) for i, c in enumerate(row)]
        for n, row in enumerate(b.rows)
    ]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(b.head)]

    def fmt(row: list[str]) -> str:
        out = []
        for i, c in enumerate(row):
            out.append(c.rjust(widths[i]) if i in b.right else c.ljust(widths[i]))
        return "  ".join(out).rstrip()

    lines = [fmt(b.head)]
    lines.append("  ".join("-" * w for w in widths).rstrip())
    for row in cells:
        lines.append(fmt(row))
    return lines


# ---------------------------------------------------------------- Markdown


def _md_text(text: str) -> str:
    from ..rendering.formatting import md_escape

    return md_escape(escape_controls(text)).replace("~", "\\~")


def _md_inline(parts: list[Inline]) -> str:
    out = []
    for style, text in parts:
        if not text.strip():
            out.append(text)
            continue
        t = _md_text(text)
        lead = " " if text[:1].isspace() else ""
        trail = " " if text[-1:].isspace() else ""
        if style == "inn":
            t = f"**\\[+{t}+\\]**"
        elif style == "ut":
            t = f"~~\\[−{t}−\\]~~"
        elif style == "fet":
            t = f"**{t}**"
        elif style == "svak":
            t = f"*{t}*"
        out.append(lead + t + trail)
    return "".join(out)


def _md_items(items: list[Item], depth: int) -> list[str]:
    lines = []
    for it in items:
        lines.append("  " * depth + "- " + _md_inline(it.parts))
        lines += _md_items(it.children, depth + 1)
    return lines


def to_markdown(d: Diff) -> str:
    """Markdown til møtets saksdokument: en overskrift per del, punktlister og budsjettet som
    tabell. Innsatt tekst er fet med [+ +], slettet gjennomstreket med [− −]."""
    doc = dokument(d)
    out = [f"# {_md_text(doc.title)}", ""]
    for p in doc.intro:
        out += [_md_inline(p) + "  "]
    out += ["", "Innsatt tekst står som **\\[+slik+\\]**, slettet som ~~\\[−slik−\\]~~.", ""]
    for s in doc.sections:
        out += [f"{'#' * s.level} {_md_text(s.title)}", ""]
        for b in s.blocks:
            if b.parts is not None:
                out += [_md_inline(b.parts), ""]
            if b.items is not None:
                out += _md_items(b.items, 0) + [""]
            if b.rows is not None and b.head is not None:
                out.append("| " + " | ".join(_md_text(h) for h in b.head) + " |")
                out.append("|" + "|".join("--:" if i in b.right else "---" for i in range(len(b.head))) + "|")
                for n, row in enumerate(b.rows):
                    cells = [_md_inline([(st, tx.strip()) for st, tx in c]) for c in row]
                    if n in b.sub:
                        cells[0] = "\u2003" + cells[0]
                    out.append("| " + " | ".join(cells) + " |")
                out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- HTML

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  line-height: 1.45; color: #1a1a1a; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem;
  margin-top: 2rem; }
ins { background: #d7f5dd; color: #0b4f1c; text-decoration: underline; }
del { background: #fbe0e0; color: #7a1010; text-decoration: line-through; }
.tegn { font-weight: bold; }
.svak { color: #555; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #ddd; padding: .25rem .6rem; text-align: left; vertical-align: top; }
tr.post td:first-child { padding-left: 1.6rem; }
td.tall, th.tall { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.forklaring { border: 1px solid #ccc; padding: .4rem .8rem; background: #f7f7f7; }
li { margin: .15rem 0; }
"""


def _h(text: str) -> str:
    return html.escape(_flat(text), quote=True)


def _html_inline(parts: list[Inline]) -> str:
    out = []
    for style, text in parts:
        t = _h(text)
        if style == "inn":
            t = f'<ins><span class="tegn">[+</span>{t}<span class="tegn">+]</span></ins>'
        elif style == "ut":
            t = f'<del><span class="tegn">[−</span>{t}<span class="tegn">−]</span></del>'
        elif style == "fet":
            t = f"<strong>{t}</strong>"
        elif style == "svak":
            t = f'<span class="svak">{t}</span>'
        out.append(t)
    return "".join(out)


def _html_items(items: list[Item]) -> list[str]:
    out = ["<ul>"]
    for it in items:
        inner = _html_inline(it.parts)
        if it.children:
            inner += "\n" + "\n".join(_html_items(it.children))
        out.append(f"<li>{inner}</li>")
    out.append("</ul>")
    return out


def _tall(i: int, b: Block) -> str:
    return ' class="tall"' if i in b.right else ""


def to_html(d: Diff) -> str:
    """Et frittstående HTML-dokument (`lang="nb"`, stilarket i dokumentet, ingen eksterne
    ressurser): innsatt tekst i `<ins>` (grønn, understreket, [+ +]), slettet i `<del>` (rød,
    gjennomstreket, [− −]), og en forklaring øverst."""
    doc = dokument(d)
    out = [
        "<!DOCTYPE html>",
        '<html lang="nb">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(doc.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_h(doc.title)}</h1>",
    ]
    out += [f"<p>{_html_inline(p)}</p>" for p in doc.intro]
    out.append(
        '<p class="forklaring">Forklaring: '
        + _html_inline([("inn", "innsatt tekst")])
        + " er ny i brevet (grønn, understreket), "
        + _html_inline([("ut", "slettet tekst")])
        + " er tatt ut (rød, gjennomstreket).</p>"
    )
    for s in doc.sections:
        out.append(f"<h{s.level}>{_h(s.title)}</h{s.level}>")
        for b in s.blocks:
            if b.parts is not None:
                out.append(f"<p>{_html_inline(b.parts)}</p>")
            if b.items is not None:
                out += _html_items(b.items)
            if b.rows is not None and b.head is not None:
                out.append("<table>")
                out.append(
                    "<thead><tr>"
                    + "".join(f'<th scope="col"{_tall(i, b)}>{_h(h)}</th>' for i, h in enumerate(b.head))
                    + "</tr></thead>"
                )
                out.append("<tbody>")
                for n, row in enumerate(b.rows):
                    cells = "".join(
                        f"<td{_tall(i, b)}>{_html_inline([(st, tx.strip()) for st, tx in c])}</td>"
                        for i, c in enumerate(row)
                    )
                    out.append(f'<tr class="post">{cells}</tr>' if n in b.sub else f"<tr>{cells}</tr>")
                out.append("</tbody>")
                out.append("</table>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- JSON


def _bits_json(bits) -> list[dict]:
    return [{"type": b.type, "tekst": b.tekst} for b in bits]


def _felt_json(f: Felt) -> dict:
    return {"felt": f.navn, "fra": f.fra, "til": f.til, "ord": _bits_json(f.ord)}


def _avsnitt_json(a: Avsnitt) -> dict:
    return {"endring": a.endring, "fra": a.fra, "til": a.til, "ord": _bits_json(a.ord)}


def _beløp_json(b: Beløp) -> dict:
    return {
        "fra": b.fra,
        "til": b.til,
        "finnes_fra": b.finnes_fra,
        "finnes_til": b.finnes_til,
        "differanse": b.differanse,
        "prosent": b.prosent(),
    }


def _linje_json(o: Oppdragslinje) -> dict:
    return {"id": o.id, "tittel": o.tittel, "mål": o.mål, "gitt": o.gitt, "frister": list(o.frister)}


def _side_json(s: Side, tittel: str) -> dict:
    return {"år": s.år, "revisjon": s.revisjon, "commit": s.commit, "tittel": tittel}


def to_dict(d: Diff) -> dict:
    """Diffen som data med norske nøkler (se README, «JSON-formene»)."""
    o = d.oppdrag
    return {
        "fra": _side_json(d.fra, d.tittel_fra),
        "til": _side_json(d.til, d.tittel_til),
        "ingen_endringer": d.tom,
        "brevet": [_felt_json(f) for f in d.brevet],
        "mål": [
            {
                "endring": m.endring,
                "nr_fra": m.nr_fra,
                "nr_til": m.nr_til,
                "tittel_fra": m.tittel_fra,
                "tittel_til": m.tittel_til,
                "tittel_ord": _bits_json(m.tittel_ord),
                "felter": [_felt_json(f) for f in m.felter],
                "tekst": [_avsnitt_json(a) for a in m.tekst],
            }
            for m in d.mål
        ],
        "styringsparametere": [
            {
                "endring": s.endring,
                "nr_fra": s.nr_fra,
                "nr_til": s.nr_til,
                "mål_fra": s.mål_fra,
                "mål_til": s.mål_til,
                "flyttet": s.flyttet,
                "tekst_fra": s.tekst_fra,
                "tekst_til": s.tekst_til,
                "ord": _bits_json(s.ord),
            }
            for s in d.styringsparametere
        ],
        "oppdrag": {
            "nye": [_linje_json(x) for x in o.nye],
            "ute": [
                {
                    **_linje_json(u.fra),
                    "grunn": u.grunn,
                    "status": u.status,
                    "lukket": u.dato.isoformat() if u.dato else None,
                }
                for u in o.ute
            ],
            "videre": [
                {
                    "id": v.til.id,
                    "endret": v.endret,
                    "tittel_fra": v.fra.tittel,
                    "tittel_til": v.til.tittel,
                    "ny_tittel": v.ny_tittel,
                    "tittel_ord": _bits_json(v.tittel_ord),
                    "mål_fra": v.fra.mål,
                    "mål_til": v.til.mål,
                    "flyttet": v.flyttet,
                    "frister_fra": list(v.fra.frister),
                    "frister_til": list(v.til.frister),
                    "frister_endret": v.frister_endret,
                    "fjernede_frister": v.fjernede_frister,
                    "nye_frister": v.nye_frister,
                }
                for v in o.videre
            ],
        },
        "rapportering": [_rapport_json(r) for r in d.rapportering],
        "frister_i_teksten": [_rapport_json(r) for r in d.frister_i_teksten],
        "budsjett": {
            "kapitler": [
                {
                    "endring": k.endring,
                    "kapittel": k.kapittel,
                    "navn": k.navn,
                    "sum": _beløp_json(k.sum),
                    "felter": [_felt_json(f) for f in k.felter],
                    "tekst": [_avsnitt_json(a) for a in k.tekst],
                    "poster": [
                        {
                            "endring": p.endring,
                            "post": p.nøkkel,
                            "kapittel": p.kapittel,
                            "nr": p.post,
                            "betegnelse": p.betegnelse,
                            "tildeling": _beløp_json(p.tildeling),
                            "stikkord_lagt_til": list(p.stikkord_lagt_til),
                            "stikkord_fjernet": list(p.stikkord_fjernet),
                            "felter": [_felt_json(f) for f in p.felter],
                            "linjer": [
                                {
                                    "endring": ln.endring,
                                    "hva": ln.hva,
                                    "tekst": ln.tekst,
                                    "beløp": _beløp_json(ln.beløp),
                                }
                                for ln in p.linjer
                            ],
                            "tekst": [_avsnitt_json(a) for a in p.tekst],
                        }
                        for p in k.poster
                    ],
                }
                for k in d.budsjett.kapitler
            ],
            "sum": _beløp_json(d.budsjett.sum),
            "sum_inntekter": _beløp_json(d.budsjett.sum_inntekter) if d.budsjett.sum_inntekter else None,
        },
        "fullmakter": [
            {
                "endring": f.endring,
                "hva": f.hva,
                "navn": f.navn,
                "tekst": f.tekst,
                "felter": [_felt_json(x) for x in f.felter],
            }
            for f in d.fullmakter
        ],
        "kapitler": [
            {
                "endring": k.endring,
                "nr_fra": k.nr_fra,
                "nr_til": k.nr_til,
                "tittel_fra": k.tittel_fra,
                "tittel_til": k.tittel_til,
                "antall_avsnitt": k.antall_avsnitt,
                "avsnitt": [_avsnitt_json(a) for a in k.avsnitt],
            }
            for k in d.kapitler
        ],
        "hoppet_over": list(d.merknader),
    }


def _rapport_json(r) -> dict:
    return {
        "endring": r.endring,
        "id": r.id,
        "tittel": r.tittel,
        "fra": r.fra,
        "til": r.til,
        "felter": [_felt_json(f) for f in r.felter],
    }


def to_json(d: Diff) -> str:
    return dumps(to_dict(d))


FORMATS: dict[str, Callable[[Diff], bytes]] = {
    "tabell": lambda d: to_text(d).encode("utf-8"),
    "md": lambda d: to_markdown(d).encode("utf-8"),
    "html": lambda d: to_html(d).encode("utf-8"),
    "json": lambda d: to_json(d).encode("utf-8"),
}
"""Formatene for `tb diff --format` (navn → funksjon av diffen). Valgene på kommandolinja
bygges fra nøklene. `tabell` skrives med farger når utdata går til en terminal (CLI-et), ellers
som ren tekst herfra."""
