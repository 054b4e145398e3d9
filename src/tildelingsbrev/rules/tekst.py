"""Regler for prosaen: markørene `{{ REF: TRYKT }}` stemmer med data, og teksten lover ikke
lister som mangler."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from ..findings import Severity
from ..model import Repo, prose
from ..model.prose import ProseSource
from ..norsk import format_dato, format_kroner, parse_amount, parse_date
from ..rule import Report, rule


def _values(repo: Repo, kind: type) -> Iterator[tuple[ProseSource, prose.Marker, int | date]]:
    """Markørene `{{ REF: TRYKT }}` som viser til en verdi av typen `kind`, med verdien."""
    for src, m in repo.markers():
        if isinstance(m, prose.Marker):
            actual = repo.lookup(src.år, m.ref, src.post)
            if isinstance(actual, kind) and not isinstance(actual, bool):
                yield src, m, actual


@rule("TB110", "tekstmarkør")
def marker_syntax(repo: Repo, report: Report) -> None:
    """Markørene i prosaen er gyldige og viser til noe som finnes.

    Hva den sjekker: `{{ REF: TRYKT }}` der REF er `budsjettvedtak`, `dato`, `frist.ID`,
    `KKK.PP.FELT` eller (i en posts tekst) bare `FELT`; og blokkmarkørene `{{ mål }}`,
    `{{ rapportering }}` og `{{ budsjett }}` alene på en linje.

    Hvorfor: en markør som ikke viser til noe, kan verken sjekkes eller gjengis.

    Eksempel: `{{ 671.46.bevilget: 48,9 mill. kroner }}` (post 46 finnes ikke).
    """
    for src, m in repo.markers():
        if isinstance(m, prose.BadMarker):
            report(
                src.locate(m.line, m.column),
                f"ugyldig markør {' '.join(m.text.split())[:80]}; skriv {{{{ REF: trykt tekst }}}} eller en blokkmarkør "
                f"({', '.join(prose.DIRECTIVES)}) alene på en linje",
                subject=f"{src.subject} markør",
            )
        elif isinstance(m, prose.Marker) and repo.lookup(src.år, m.ref, src.post) is None:
            report(
                src.locate(m.line, m.column),
                f"markøren viser til «{m.ref}», som ikke finnes i data for {src.år}",
                subject=f"{src.subject} {m.ref}",
            )


@rule("TB111", "html-i-tekst")
def html_in_prose(repo: Repo, report: Report) -> None:
    """Prosaen inneholder ikke rå HTML.

    Hva den sjekker: kapittelfilene og tekstene til mål, budsjettkapitler og poster for
    HTML-tagger slik Markdown forstår dem (`<script>`, `<img …>`, `<b>`); «< 5 %» og
    `<https://…>` er ikke HTML.

    Hvorfor: HTML-en og PDF-en lages uten rå HTML (den blir synlig tekst), men
    Markdown-utgaven av brevet tar prosaen med som den er. Publiseres den, kan en tagg vise
    noe annet enn brevet eller kjøre et skript i leserens nettleser.

    Eksempel: `<img src=x onerror=alert(1)>` i tekst/10-fullmakter.md.
    """
    parser = None
    for src in repo.prose_sources():
        if not src.markdown or "<" not in src.text:
            continue
        if parser is None:
            from markdown_it import MarkdownIt

            parser = MarkdownIt("commonmark", {"html": True}).enable("table")
        lines = src.text.split("\n")
        for tok in parser.parse(src.text):
            if tok.type == "html_block":
                found = [(tok.map[0] if tok.map else 0, tok.content.strip())]
            elif tok.type == "inline" and tok.children:
                found = [(tok.map[0] if tok.map else 0, c.content) for c in tok.children if c.type == "html_inline"]
            else:
                continue
            for first, tag in found:
                line, col = _find(lines, first, tag.split("\n")[0])
                report(
                    src.locate(line, col),
                    f"rå HTML i teksten («{' '.join(tag.split())[:60]}»): Markdown-utgaven av brevet "
                    "tar den med uendret; skriv teksten uten HTML",
                    subject=f"{src.subject} html",
                )


_DOCUMENT_RE = re.compile(r"\b(Prop|Innst)\.\s*(\d+)\s*S\s*\((\d{4})\s*[-–—]\s*(\d{4})\)")
"""En henvisning til en budsjettproposisjon eller innstilling: «Prop. 1 S (2023–2024)»,
også skrevet «Prop.1 S (2023-2024)» eller «(2023 – 2024)»."""


@rule("TB112", "dokumenthenvisning", Severity.WARNING)
def document_references(repo: Repo, report: Report) -> None:
    """Henvisninger til Stortingets dokumenter er skrevet likt overalt: «Prop. 1 S (2023–2024)»
    og «Innst. 16 S (2023–2024)», med mellomrom etter punktumet og tankestrek uten mellomrom
    mellom årene, slik `proposisjon` og `innstilling` står i brev.yaml.

    Hvorfor: henvisningen skrives for hånd i hvert kapittel i Word og glir fra hverandre; et
    brev som skriver samme dokument på tre måter, ser uferdig ut og er vanskelig å søke i.

    Eksempel: «Det vises til Prop.1 S (2023-2024)» i kapittel 1 og «Prop. 1 S (2023 – 2024)»
    under kap. 672.
    """
    for src in repo.prose_sources():
        if "Prop" not in src.text and "Innst" not in src.text:
            continue
        for i, line in enumerate(src.text.split("\n")):
            for m in _DOCUMENT_RE.finditer(line):
                kind, nr, first, last = m.groups()
                expected = f"{kind}. {nr} S ({first}–{last})"
                if m.group(0) != expected:
                    report(
                        src.locate(i, m.start()),
                        f"«{m.group(0)}» skal skrives «{expected}»",
                        subject=f"{src.subject} «{m.group(0)}»",
                    )


def _find(lines: list[str], first: int, needle: str) -> tuple[int, int]:
    """(linje, kolonne), 0-basert, for `needle` fra linje `first` og utover."""
    for i in range(first, len(lines)):
        col = lines[i].find(needle)
        if col >= 0:
            return i, col
    return first, 0


@rule("TB207", "beløp-i-tekst")
def amounts_in_prose(repo: Repo, report: Report) -> None:
    """Beløp i prosaen stemmer med data, med den presisjonen som er trykt.

    Hva den sjekker: hver markør `{{ REF: 217,5 mill. kroner }}` mot verdien REF har i data,
    avrundet til trykt presisjon (her 0,1 mill.). Meldingen gir trykt beløp, beløpet i data og
    differansen.

    Hvorfor: tabellen og teksten skrives hver for seg i Word og glir fra hverandre.

    Eksempel: «IMDis andel utgjør 235,7 mill. kroner» når posten har tildeling 236 693 000.
    """
    for src, m, actual in _values(repo, int):
        printed = parse_amount(m.printed)
        if printed is None:
            report(
                src.locate(m.line, m.column),
                f"«{m.printed}» er ikke et beløp, men «{m.ref}» er et beløp ({format_kroner(actual)})",
                subject=f"{src.subject} {m.ref}",
            )
        elif not printed.agrees_with(actual):
            diff = printed.value - actual
            report(
                src.locate(m.line, m.column),
                f"teksten sier {m.printed} for {m.ref}; data gir {format_kroner(actual)} kroner "
                f"(differanse {format_kroner(diff)} kroner ved trykt presisjon)",
                subject=f"{src.subject} {m.ref}",
            )


@rule("TB302", "dato-i-tekst")
def dates_in_prose(repo: Repo, report: Report) -> None:
    """Datoer i prosaen stemmer med data.

    Hva den sjekker: hver markør `{{ budsjettvedtak: 15. desember 2023 }}` eller
    `{{ frist.ID: 31.10.2024 }}` mot datoen i data.

    Hvorfor: samme vedtak eller frist omtales flere steder i brevet; ett av stedene blir
    gjerne stående med gammel dato.

    Eksempel: pkt. 9.1 sier «budsjettvedtak av 15. desember 2024» mens kapittel 1 (og data)
    sier 15. desember 2023.
    """
    for src, m, actual in _values(repo, date):
        printed = parse_date(m.printed)
        if printed is None:
            report(
                src.locate(m.line, m.column),
                f"«{m.printed}» er ikke en dato, men «{m.ref}» er en dato ({format_dato(actual)})",
                subject=f"{src.subject} {m.ref}",
            )
        elif printed.value != actual:
            report(
                src.locate(m.line, m.column),
                f"teksten sier {m.printed} for {m.ref}; data sier {format_dato(actual)} "
                f"({(printed.value - actual).days:+d} dager)",
                subject=f"{src.subject} {m.ref}",
            )


_ANNOUNCES_LIST = re.compile(r"\bfølgende\b[^.:]*:\s*$", re.IGNORECASE)


@rule("TB208", "varslet-liste-mangler", Severity.WARNING)
def announced_list_missing(repo: Repo, report: Report) -> None:
    """En posts tekst som slutter med «… følgende …:», har en liste etter seg.

    Hva den sjekker: at en budsjettpost hvis tekst varsler en liste («Det er følgende
    budsjettbindinger til denne posten:»), har fordeling eller bindinger i data.

    Hvorfor: en tabell som falt ut i Word, etterlater en setning som lover noe som ikke kommer.

    Eksempel: post 670.01 i brevet for 2024.
    """
    for d in repo.poster:
        text = d.model.tekst.rstrip()
        if not text or not _ANNOUNCES_LIST.search(text):
            continue
        if d.model.fordeling or any(g.linjer for g in d.model.bindinger):
            continue
        lines = d.model.tekst.rstrip().splitlines()
        last_sentence = re.split(r"(?<=[.!?])\s+", prose.plain(lines[-1]).strip())[-1]
        report(
            d.text_loc(("tekst",), len(lines) - 1, max(0, len(lines[-1].rstrip()) - len(last_sentence))),
            f"teksten til post {d.model.nøkkel} varsler en liste («{last_sentence}»), "
            "men posten har verken fordeling eller bindinger",
            subject=f"{d.model.nøkkel} varslet liste",
        )
