"""TB8xx, virksomheter: brev til flere virksomheter i samme repositorium (`virksomheter/KORT/`).

En post kan være bevilget én gang og delt mellom virksomhetene («Det er bevilget 291,4 mill.
kroner på posten. IMDis andel av bevilgningen utgjør 235,7 mill. kroner»). Reglene på tvers
(TB801, TB802) ser brevet til virksomheten som sjekkes sammen med budsjettpostene i brevene til
de andre (`andre_poster`), og melder bare det som står i virksomhetens egne filer: hver
virksomhet får funnet i sin egen sjekk og sin egen grunnlinje. De kjøres av
`pipeline.apply_rules` for en virksomhet blant flere, og hurtigbufferen tar med postene til de
andre i nøkkelen (`pipeline.sibling_entries`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..findings import Finding, Severity
from ..model import Repo
from ..norsk import format_kroner, format_mill, round_half_up
from ..rule import Phase, Report, reported_rule, rule
from ..virksomheter import kortnavn_for


@dataclass(frozen=True)
class AnnenPost:
    """En budsjettpost i brevet til en annen virksomhet i repositoriet."""

    virksomhet: str
    år: int
    kapittel: int
    post: int
    tildeling: int | None
    bevilget: object | None
    """Bevilgningen slik brevet skriver den (`PrintedAmount`), eller None."""


SHARED_POST_OVER = reported_rule(
    "TB801",
    "delt-post-overskredet",
    Severity.ERROR,
    """Virksomhetenes tildelinger på en post som er bevilget én gang og delt mellom dem, er ikke
    større enn bevilgningen, med den presisjonen bevilgningen er trykt med.

    Hva den sjekker: i et repositorium med flere virksomheter summeres `tildeling` på samme
    kapittel og post (samme år) i alle brevene. Summen avrundet til presisjonen i `bevilget`
    («291,4 mill. kroner»: nærmeste 100 000) skal ikke være større enn bevilgningen. Funnet står
    på `bevilget` i hvert brev som skriver bevilgningen, med andelen til hver virksomhet.

    Hvorfor: hvert brev kan se riktig ut alene, mens virksomhetene til sammen er tildelt mer enn
    Stortinget har bevilget.

    Eksempel: bevilget «291,4 mill. kroner» på kap. 671 post 62; IMDi er tildelt 235 693 000 og
    en annen virksomhet 60 000 000.
    """,
    phase=Phase.ACROSS,
)

SHARED_POST_STATED = reported_rule(
    "TB802",
    "delt-post-bevilgning",
    Severity.WARNING,
    """Bevilgningen på en post som deles mellom virksomhetene, står likt i hvert brev som
    skriver den.

    Hva den sjekker: `bevilget` på samme kapittel og post (samme år) i brevene til de andre
    virksomhetene i repositoriet. Et brev som skriver bevilgningen med et annet beløp eller en
    annen presisjon («291,4 mill. kroner» mot «291 mill. kroner»), meldes i sin egen fil.

    Hvorfor: bevilgningen er én; står den ulikt i brevene, er minst ett av dem feil.

    Eksempel: IMDis brev sier «291,4 mill. kroner», brevet til en annen virksomhet «219,4 mill.
    kroner».
    """,
    phase=Phase.ACROSS,
)


MAKS_NEVNT = 5
"""Flest andre virksomheter et funn nevner ved navn (resten telles)."""


def _nevnt(items: list[str], join) -> str:
    """De første `MAKS_NEVNT` av `items` satt sammen med `join`, og «N til» for resten."""
    shown = items[:MAKS_NEVNT] + ([f"{len(items) - MAKS_NEVNT} til"] if len(items) > MAKS_NEVNT else [])
    return join(shown)


def _og(items: list[str]) -> str:
    return ", ".join(items[:-1]) + f" og {items[-1]}" if len(items) > 1 else "".join(items)


def på_tvers(repo: Repo, andre: Iterable[AnnenPost]) -> list[Finding]:
    """Funnene TB801 og TB802 for virksomheten i `repo`, med postene `andre` fra brevene til de
    andre virksomhetene."""
    others: dict[tuple[int, int, int], list[AnnenPost]] = {}
    for p in andre:
        others.setdefault((p.år, p.kapittel, p.post), []).append(p)
    if not others:
        return []
    me = repo.virksomhet() or "denne virksomheten"
    out: list[Finding] = []
    for d in repo.poster:
        p = d.model
        theirs = others.get((p.år, p.kapittel, p.post))
        if not theirs or p.bevilget is None:
            continue
        stated = p.bevilget
        subject = f"{p.nøkkel} {p.år} bevilget"
        differ = [
            o
            for o in theirs
            if o.bevilget is not None
            and (o.bevilget.value, o.bevilget.precision) != (stated.value, stated.precision)
        ]
        if differ:
            shown = _nevnt([f"«{o.bevilget.shown()}» i brevet til {o.virksomhet}" for o in differ], _og)
            out.append(
                SHARED_POST_STATED.finding(
                    d.loc("bevilget"),
                    f"bevilgningen på post {p.nøkkel} står som «{stated.shown()}» her, men som {shown} for {p.år}",
                    subject=subject,
                )
            )
        shares = [(me, p.tildeling)] + [(o.virksomhet, o.tildeling) for o in theirs]
        if any(amount is None for _, amount in shares):
            continue  # et utkast uten beløp: TB601 melder det
        total = sum(amount for _, amount in shares)
        if round_half_up(total, stated.precision) <= stated.value:
            continue
        listed = _nevnt([f"{name} {format_kroner(amount)}" for name, amount in shares], ", ".join)
        out.append(
            SHARED_POST_OVER.finding(
                d.loc("bevilget"),
                f"virksomhetene er tildelt {format_kroner(total)} kroner ({format_mill(total)}) på post "
                f"{p.nøkkel} i {p.år}, mer enn de {stated.shown()} som er bevilget ({listed})",
                subject=subject,
            )
        )
    return out


@rule("TB803", "virksomhet-kortnavn", Severity.WARNING)
def agency_folder_names_recipient(repo: Repo, report: Report) -> None:
    """Mappa til en virksomhet (`virksomheter/KORT/`) heter det samme som mottakeren i brevene
    (`mottaker.kortnavn`).

    Hva den sjekker: i et repositorium med flere virksomheter er mappenavnet kortnavnet
    kommandoene tar (`--virksomhet KORT`), kalenderne og rapportene bruker. Et brev i mappa
    som går til en annen mottaker, meldes.

    Hvorfor: et brev lagt i feil mappe blir sjekket, gjengitt og fulgt opp som brevet til feil
    virksomhet.

    Eksempel: `virksomheter/IMDi/brev/2025/brev.yaml` med `mottaker.kortnavn: Bufdir`.
    """
    folder = kortnavn_for(repo.root)
    if folder is None:
        return
    for d in repo.brev:
        name = unicodedata.normalize("NFC", d.model.mottaker.kortnavn)
        if name.casefold() != folder.casefold():
            report(
                d.loc("mottaker", "kortnavn"),
                f"brevet for {d.model.år} ligger i mappa virksomheter/{folder}/, men går til «{name}»; "
                f"flytt det til virksomheter/{name}/ eller rett kortnavnet",
                subject=f"{d.model.år} mottaker",
            )


def andre_poster(entries) -> list[AnnenPost]:
    """Budsjettpostene i brevene til de andre virksomhetene, fra filene `entries`
    (`pipeline.sibling_entries`: (kortnavn, fil) for hver post). En fil som ikke kan leses eller
    valideres, hoppes over her; sjekken av den virksomheten melder den."""
    from ..loading.loader import load_doc
    from ..model import Post

    out = []
    for name, entry in entries:
        if entry.problem is not None or entry.kind != "post":
            continue
        doc, _ = load_doc(entry.path, entry.raw, Post, "post")
        if doc is None:
            continue
        p = doc.model
        out.append(AnnenPost(name, p.år, p.kapittel, p.post, p.tildeling, p.bevilget))
    return out
