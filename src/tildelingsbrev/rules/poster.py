"""TB4xx, budsjettposter: postens form i budsjettet (postgruppe, stikkord, overskrift, kapittel).

Beløpene og summene på postene er TB2xx (`summer.py`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import stikkord
from ..findings import Location, Severity
from ..model import Repo
from ..model.repo import Doc
from ..norsk import format_liste
from ..rule import Report, rule
from ..text import clip, one_line


def is_known_stikkord(word: str) -> bool:
    """Sant for et stikkord TB402 kjenner, på bokmål eller nynorsk (ordforrådet står i
    `tildelingsbrev.stikkord`; også `tb ny post` spør her)."""
    return stikkord.er_kjent(word)


# Nøkkelord ved ordbegynnelse («forebyggende» er ikke et bygg); «tilskudd» også inne i
# sammensatte ord («Integreringstilskudd»).
_DRIFT = re.compile(r"\bdriftsutgift", re.I)
_TILSKUDD = re.compile(r"tilskudd", re.I)
_INVEST = re.compile(r"\b(anskaffelse|investering|utstyr|vedlikehold|bygg)", re.I)
_LÅN = re.compile(r"\b(lån|utlån|avdrag|renter)\b", re.I)

# Inntektskapitlene (kap. 3000–5999) har de samme postnumrene med inntektsbetydningen
# (`model.POSTGRUPPER_INNTEKT`): driftsinntekter på 01–29, renter og utbytte på 50–89,
# tilbakebetalinger og avdrag på 90–99. «Salg» alene sier ikke gruppa (salg av eiendom er en
# inntekt i forbindelse med investeringer, 30–49).
_INNTEKTSGRUPPER = (
    (re.compile(r"\b(driftsinntekt|salgsinntekt|leieinntekt)", re.I), 1, 29, "driftsinntekter hører til postene 01–29"),
    (re.compile(r"\b(renter|renteinntekt|utbytte)", re.I), 50, 89, "renter og utbytte hører til postene 50–89"),
    (re.compile(r"\b(tilbakebetaling|avdrag)", re.I), 90, 99, "tilbakebetalinger og avdrag hører til postene 90–99"),
)


def _expense_group(name: str, post: int) -> str | None:
    """Hva som er galt med postnummeret til en utgiftspost med betegnelsen `name`, eller None."""
    if _DRIFT.search(name) and not 1 <= post <= 29:
        return "driftsutgifter hører til postene 01–29"
    if _TILSKUDD.search(name) and post < 50:
        return "tilskudd er overføringer og hører til postene 50–89"
    if _INVEST.search(name) and not 30 <= post <= 49 and not _TILSKUDD.search(name):
        return "anskaffelser og investeringer hører til postene 30–49"
    if _LÅN.search(name) and not 90 <= post <= 99:
        return "utlån hører til postene 90–99"
    return None


def _income_group(name: str, post: int) -> str | None:
    """Hva som er galt med postnummeret til en inntektspost med betegnelsen `name`, eller None.
    Nevner betegnelsen flere grupper («Renter og avdrag»), holder det at posten er i én av dem."""
    found = [(lo, hi, why) for rx, lo, hi, why in _INNTEKTSGRUPPER if rx.search(name)]
    if found and not any(lo <= post <= hi for lo, hi, _ in found):
        return found[0][2]
    return None


@rule("TB401", "postgruppe", Severity.WARNING)
def post_group_agrees(repo: Repo, report: Report) -> None:
    """En posts nummer passer til postgruppa betegnelsen tilhører.

    Hva den sjekker: i et utgiftskapittel (kap. 1–2999) postgruppene 01–29 driftsutgifter,
    30–49 investeringer, 50–59 overføringer til andre statsregnskaper, 60–69 overføringer til
    kommuner, 70–89 overføringer til private, 90–99 lån: en «driftsutgift» utenfor 01–29, et
    «tilskudd» i 01–49, en «anskaffelse» utenfor 30–49 eller et «lån» utenfor 90–99 er
    mistenkelig. I et inntektskapittel (kap. 3000–5999) betyr de samme numrene inntekter
    (`model.POSTGRUPPER_INNTEKT`): «driftsinntekter» (salgs- og leieinntekter) hører til 01–29, «renter» og
    «utbytte» til 50–89, «tilbakebetaling» og «avdrag» til 90–99.

    Hvorfor: et feil postnummer fører pengene på feil sted i statsregnskapet.

    Eksempel: «Post 61 Driftsutgifter»; «kap. 5617 post 20 Renter».
    """
    for d in repo.poster:
        p = d.model
        name = p.betegnelse
        wrong = _income_group(name, p.post) if p.inntekt else _expense_group(name, p.post)
        if wrong:
            report(
                d.loc("post"),
                f"post {p.nøkkel} «{name}» ligger i gruppa {p.postgruppe}; {wrong}",
                subject=f"{p.nøkkel} postgruppe",
            )


@dataclass(frozen=True)
class _Ord:
    """Ett stikkord på en post i brevet eller på en ny post i et tillegg."""

    tekst: str
    doc: Doc
    sti: tuple
    """Stien til stikkordet i fila; stedet (`loc`) regnes ut først når noe skal meldes (det
    krever at fila leses på nytt med posisjoner)."""
    år: int
    kapittel: int
    post: int
    tillegg: int | None
    """Tilleggets nummer for en ny post i et tillegg; `None` for en post i brevet."""
    neste: str | None = None
    """Stikkordet etter dette i lista, om det er noe."""

    @property
    def loc(self) -> Location:
        return self.doc.loc(*self.sti)

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}.{self.post:02d}"

    @property
    def subject(self) -> str:
        hvor = f"tillegg nr. {self.tillegg} " if self.tillegg is not None else ""
        return f"{hvor}{self.nøkkel} stikkord {self.tekst}"


def _alle_stikkord(repo: Repo) -> Iterator[_Ord]:
    """Stikkordene på postene i brevene og på de nye postene i tilleggene, i filrekkefølge."""
    for d in repo.poster:
        p = d.model
        for i, s in enumerate(p.stikkord):
            yield _Ord(s, d, ("stikkord", i), p.år, p.kapittel, p.post, None, _neste(p.stikkord, i))
    for t in repo.tillegg:
        for j, n in enumerate(t.model.nye_poster):
            for i, s in enumerate(n.stikkord):
                sti = ("nye_poster", j, "stikkord", i)
                yield _Ord(s, t, sti, t.model.år, n.kapittel, n.post, t.model.nr, _neste(n.stikkord, i))


def _neste(liste: list[str], i: int) -> str | None:
    return liste[i + 1] if i + 1 < len(liste) else None


@rule("TB402", "stikkord")
def known_stikkord(repo: Repo, report: Report) -> None:
    """Stikkordene på en post er kjente, på bokmål eller nynorsk: «kan overføres» / «kan
    overførast», «overslagsbevilgning» / «overslagsløyving» og «kan nyttes under post NN» /
    «kan nyttast under post NN».

    Hva den sjekker: hvert stikkord på postene i brevet og på nye poster i tilleggene.
    «kan nyttes under» følges av postene (`post 70`, `postene 70 og 72`, `kap. 502 post 70`,
    `kap. 502, post 70`), postnummeret med to sifre. Ligger teksten nær et kjent stikkord,
    sier meldingen hvilket («mente du «kan overføres»?»); to stikkord i én linje skal stå hver
    for seg i lista. Ordforrådet og kildene står i `tildelingsbrev/stikkord.py`.

    Hvorfor: et stikkord har rettslig betydning (bevilgningsreglementet); en skrivefeil gir
    posten en fullmakt den ikke har, eller tar en fra den.

    Eksempel: `stikkord: [kan overføes]`; `stikkord: [kan nyttes under post 1]`;
    `stikkord: ["kan overføres, kan nyttes under post 70"]`.
    """
    hopp = False  # andre halvdel av et stikkord YAML-lista delte ved kommaet (meldt med første)
    for o in _alle_stikkord(repo):
        if hopp or stikkord.er_kjent(o.tekst):
            hopp = False
            continue
        hel = f"{o.tekst}, {o.neste}"
        if o.neste is not None and stikkord.er_kjent(hel):
            report(
                o.loc,
                f"«{clip(o.tekst)}» og «{clip(o.neste)}» er ett stikkord som YAML-lista har delt ved kommaet; "
                f'skriv det i anførselstegn: "{hel}"',
                subject=o.subject,
                år=o.år,
            )
            hopp = True  # det neste i lista er andre halvdel
            continue
        report(o.loc, stikkord.ukjent(o.tekst), subject=o.subject, år=o.år)


@rule("TB405", "stikkord-målform", Severity.WARNING)
def stikkord_målform(repo: Repo, report: Report) -> None:
    """Stikkordene står på brevets målform: «kan overføres» i et brev på bokmål, «kan
    overførast» i et brev på nynorsk.

    Hva den sjekker: et kjent stikkord (TB402) på en post i brevet for et år, eller på en ny
    post i et tillegg til det, sammenlignes med `målform` i brevet for samme år (brev.yaml,
    standard bokmål). Meldingen gir stikkordet på brevets målform.

    Hvorfor: brevet skal være på én målform; et stikkord på den andre ser ut som et annet
    stikkord for leseren, og tabellen og overskriftene blandes.

    Eksempel: `stikkord: [overslagsløyving]` i et brev med `målform: bokmål`.
    """
    for o in _alle_stikkord(repo):
        tolket = stikkord.tolk(o.tekst)
        brev = repo.brev_for(o.år)
        if tolket is None or brev is None or tolket.målform == brev.model.målform:
            continue
        report(
            o.loc,
            f"«{tolket.tekst}» er {tolket.målform}, men brevet for {o.år} er på {brev.model.målform}; "
            f"på {brev.model.målform} heter stikkordet «{tolket.på(brev.model.målform)}»",
            subject=f"{o.subject} målform",
            related=(brev.loc("målform"),) if "målform" in brev.model.model_fields_set else (),
            år=o.år,
        )


@rule("TB406", "nyttes-under")
def nyttes_under_finnes(repo: Repo, report: Report) -> None:
    """Postene «kan nyttes under» viser til, finnes i brevet for samme år.

    Hva den sjekker: hver post i «kan nyttes under post NN» (postens eget kapittel) og «kan
    nyttes under kap. KKK post NN» (det kapitlet), også på nynorsk, finnes blant postene i
    budsjett/ÅR/, eller som ny post i tillegget selv eller et tidligere tillegg. En post kan
    ikke nyttes under seg selv. Står kapitlet ikke i brevet i det hele tatt (et kapittel en
    annen virksomhet disponerer), kan `tb` ikke se posten: det meldes som en advarsel.

    Hvorfor: stikkordet gir lov til å bruke bevilgningen på en annen post; en post som ikke
    finnes, er en skrivefeil i kapittel- eller postnummeret, og fullmakten peker ingen steder.

    Eksempel: post 100.21 har `stikkord: [kan nyttes under post 71]`, men kap. 100 har bare
    postene 01, 21 og 70.
    """
    kjent: dict[tuple[int, int | None], tuple[set[tuple[int, int]], set[int], set[str]]] = {}
    for o in _alle_stikkord(repo):
        tolket = stikkord.tolk(o.tekst)
        if tolket is None or not tolket.mål:
            continue
        if (o.år, o.tillegg) not in kjent:
            poster = _poster_i(repo, o.år, o.tillegg)
            kaps = {d.model.kapittel for d in repo.kapitler if d.model.år == o.år} | {k for k, _ in poster}
            kjent[o.år, o.tillegg] = (poster, kaps, repo.unreadable_stems("budsjett", str(o.år)))
        finnes, kapitler, uleselige = kjent[o.år, o.tillegg]
        for mål in tolket.mål:
            kap = o.kapittel if mål.kapittel is None else mål.kapittel
            nøkkel = f"{kap:03d}.{mål.post:02d}"
            if (kap, mål.post) == (o.kapittel, o.post):
                report(
                    o.loc,
                    f"«{tolket.tekst}» står på post {nøkkel} selv; en post kan ikke nyttes under seg selv",
                    subject=f"{o.subject} seg selv",
                    år=o.år,
                )
            elif (kap, mål.post) in finnes or f"{kap:03d}-{mål.post:02d}" in uleselige:
                continue
            elif kap not in kapitler:
                report(
                    o.loc,
                    f"«{tolket.tekst}» på post {o.nøkkel}: kap. {kap} står ikke i brevet for {o.år}, så "
                    f"`tb` kan ikke se at post {nøkkel} finnes; står det riktig, kan funnet aksepteres "
                    "i grunnlinjen",
                    subject=f"{o.subject} {nøkkel}",
                    severity=Severity.WARNING,
                    år=o.år,
                )
            else:
                i_kap = [f"{k:03d}.{p:02d}" for k, p in sorted(finnes) if k == kap]
                report(
                    o.loc,
                    f"«{tolket.tekst}» på post {o.nøkkel}: post {nøkkel} finnes ikke i brevet for {o.år} "
                    f"(postene i kap. {kap}: {format_liste(i_kap)})",
                    subject=f"{o.subject} {nøkkel}",
                    år=o.år,
                )


def _poster_i(repo: Repo, år: int, tillegg: int | None) -> set[tuple[int, int]]:
    """(kapittel, post) for postene i brevet for `år`, og for en ny post i tillegg nr.
    `tillegg` også de nye postene i det og tidligere tillegg."""
    out = {(d.model.kapittel, d.model.post) for d in repo.poster_for(år)}
    if tillegg is not None:
        for t in repo.tillegg_for(år):
            if t.model.nr <= tillegg:
                out |= {(n.kapittel, n.post) for n in t.model.nye_poster}
    return out


@rule("TB403", "postoverskrift", Severity.WARNING)
def post_heading(repo: Repo, report: Report) -> None:
    """Overskriften på en posts avsnitt i pkt. 9 er postens betegnelse fra tabellen, med
    stikkordene etter komma.

    Hvorfor: to navn på samme post får leseren til å tro at det er to poster.

    Eksempel: tabellen sier «Post 72 Kvalifiseringsordninger for tolker», avsnittet sier
    «Post 72 Kvalifiseringsordninger for tolker m.a.».
    """
    for d in repo.poster:
        p = d.model
        if p.overskrift is None:
            continue
        expected = ", ".join([p.betegnelse, *p.stikkord])
        if one_line(p.overskrift).rstrip(" .") not in (expected, p.betegnelse):
            report(
                d.loc("overskrift"),
                f"avsnittet om post {p.nøkkel} har overskriften «{p.overskrift}», tabellen sier «{expected}»",
                subject=f"{p.nøkkel} overskrift",
            )


@rule("TB404", "post-kapittel")
def post_has_chapter(repo: Repo, report: Report) -> None:
    """Hver post hører til et budsjettkapittel som finnes samme år, og hvert kapittel har
    minst én post.

    Eksempel: `671-74.yaml` uten `kap-671.yaml` i samme år.
    """
    chapters = {(d.model.år, d.model.kapittel) for d in repo.kapitler}
    with_posts = {(d.model.år, d.model.kapittel) for d in repo.poster}
    for d in repo.poster:
        if (d.model.år, d.model.kapittel) not in chapters:
            report(
                d.loc("kapittel"),
                f"post {d.model.nøkkel} hører til kap. {d.model.kapittel}, som ikke finnes for {d.model.år}",
                subject=f"{d.model.nøkkel} kapittel",
            )
    for d in repo.kapitler:
        if (d.model.år, d.model.kapittel) not in with_posts:
            report(
                d.loc("kapittel"),
                f"kap. {d.model.kapittel} har ingen poster",
                subject=f"kap. {d.model.kapittel} poster",
            )
