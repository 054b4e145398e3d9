"""TB2xx, beløp og summer: en trykt sum er en påstand om summen av linjene, og et beløp i
teksten er en påstand om beløpet i data.

Hver melding gir trykt sum, beregnet sum og differansen, som en saldokontroll i regnskap.

Et beløp som ikke er fylt inn (`null` i et utkast, TB601), er ukjent, ikke 0: en sum med et tomt
beløp i seg sjekkes ikke før beløpet er fylt inn.

Inntekter og utgifter summeres aldri sammen: kap. 3000–5999 er inntektskapitler
(`model.er_inntekt`), og en sum gjelder alltid ett kapittel. Er en trykt sum summen av
utgiftene og inntektene (eller forskjellen), sier TB201 det.

**Fordeling og bindinger på samme post** (TB204, TB206): fordelingen deler tildelingen, og
bindingene er penger i tildelingen som er bundet til oppdrag. Bindingene ligger enten *ved
siden av* fordelingen (standard: «Av tildelingen er 4,5 mill. kroner bundet … Resten fordeles
slik: …»), og da er fordelingen og bindingene til sammen tildelingen (TB204); eller *innenfor*
én fordelingslinje (`innenfor: TEKST` på bindingsgruppa), og da er de en del av den linja og
høyst like store som den (TB206). Uten fordeling er bindingene høyst tildelingen (TB206). Det
som er udisponert (`{{ udisponert: … }}`), er tildelingen minus fordelingen og bindingene ved
siden av den.
"""

from __future__ import annotations

import re

from ..findings import Severity
from ..model import Repo, bindinger_ved_siden, er_inntekt, prose, sum_beløp, sum_bindinger, sum_fordeling
from ..norsk import PrintedAmount, format_kroner, parse_amount, round_half_up
from ..rule import Report, rule
from ..text import one_line


def _mismatch(what: str, printed: PrintedAmount, actual: int) -> str:
    diff = printed.value - actual
    precision = "" if printed.precision == 1 else " ved trykt presisjon"
    return (
        f"{what}: trykt {printed.shown()}, summen av linjene er {format_kroner(actual)} "
        f"(differanse {format_kroner(diff)}{precision})"
    )


def _subject(what: str, diff: int) -> str:
    """Subjektet for et sumfunn tar med differansen: grunnlinjen aksepterer da akkurat det
    avviket som er trykt, og en ny feil i de samme linjene gir et nytt funn i stedet for å bli
    slukt av den gamle oppføringen (som da meldes som ubrukt, TB010)."""
    grouped = f"{diff:,}".replace(",", " ")  # vanlige mellomrom: lett å skrive i baseline.yaml
    return f"{what}, differanse {grouped}"


def _kort(text: str, n: int = 40) -> str:
    """Teksten forkortet ved et ordskille («… til tilskudd …»), ikke midt i et ord som `clip`."""
    text = one_line(text)
    return text if len(text) <= n else text[: text.rfind(" ", 0, n)].rstrip(",") + " …"


@rule("TB201", "kapittelsum")
def chapter_sum(repo: Repo, report: Report) -> None:
    """Den trykte «Sum» under et kapittels tabell er summen av postenes tildeling.

    Hvorfor: summen skrives for hånd i Word og oppdateres ikke når en post endres.

    Når en postfil i kapittelet ikke kan leses, sjekkes ikke summen (den feilen er meldt).

    Et kapittel er enten et utgiftskapittel (kap. 1–2999) eller et inntektskapittel (kap.
    3000–5999), og summen er summen av dets egne poster. Er den trykte summen i stedet
    utgiftene og inntektene i det andre kapitlet lagt sammen (eller trukket fra hverandre),
    for eksempel kap. 671 og kap. 3671 i én tabell med én sum, sier meldingen at summen blander
    inntekter og utgifter.

    Funnet står ved summen i kapittelfila og viser også til tildelingen i hver postfil.

    Eksempel: kap. 671 i brevet for 2024 trykker 28 979 866 000; postene gir 25 949 864 000.
    """
    for d in repo.kapitler:
        k = d.model
        if k.sum is None:
            continue
        unread = repo.unreadable_stems("budsjett", str(k.år))
        if any(stem.startswith(f"{k.kapittel:03d}-") for stem in unread):
            continue  # en post som ikke kunne leses, ville gitt et avvik som ikke er trykt
        posts = [p for p in repo.poster if p.model.år == k.år and p.model.kapittel == k.kapittel]
        actual = sum_beløp(p.model.tildeling for p in posts)
        if actual is not None and not k.sum.agrees_with(actual):
            report(
                d.loc("sum"),
                _mismatch(f"sum for kap. {k.kapittel}", k.sum, actual) + _mixed(repo, k, actual),
                subject=_subject(f"kap. {k.kapittel} sum", k.sum.value - actual),
                related=tuple(p.loc("tildeling") for p in sorted(posts, key=lambda p: p.model.post)),
            )


def _mixed(repo: Repo, k, actual: int) -> str:
    """«; summen blander …» når den trykte summen for kapitlet `k` er dets egne poster pluss
    eller minus postene i et kapittel av det andre slaget (inntekt mot utgift) samme år;
    ellers "". Det andre kapitlet er helst det med samme tre siste sifre (3671 til 671)."""
    mine = er_inntekt(k.kapittel)
    others: dict[int, list[int | None]] = {}
    for p in repo.poster_for(k.år):
        if er_inntekt(p.model.kapittel) != mine:
            others.setdefault(p.model.kapittel, []).append(p.model.tildeling)
    paired = k.kapittel - 3000 if mine else k.kapittel + 3000
    for kap in sorted(others, key=lambda x: (x != paired, x)):
        other = sum_beløp(others[kap])
        if other is None:
            continue
        utgift, inntekt = (kap, k.kapittel) if mine else (k.kapittel, kap)
        for total, how in ((actual + other, "lagt sammen"), (abs(actual - other), "trukket fra hverandre")):
            if k.sum.agrees_with(total):
                return (
                    f"; den trykte summen er utgiftene på kap. {utgift} og inntektene på kap. {inntekt} "
                    f"{how} ({format_kroner(total)}): en sum blander ikke inntekter og utgifter, så hvert "
                    "kapittel har sin egen sum"
                )
    return ""


@rule("TB202", "bindingssum")
def binding_sum(repo: Repo, report: Report) -> None:
    """Den trykte summen for en gruppe budsjettbindinger er summen av linjene i gruppa.

    Eksempel: «Nye prosjekter på post 601.21 (4,5 mill. kroner)» med linjer på til sammen
    4,6 mill. kroner.
    """
    for d in repo.poster:
        for i, g in enumerate(d.model.bindinger):
            if g.sum is None:
                continue
            actual = sum_bindinger(d.model, g.id)
            if actual is not None and not g.sum.agrees_with(actual):
                report(
                    d.loc("bindinger", i, "sum"),
                    _mismatch(f"bindinger «{g.id}» på {d.model.nøkkel}", g.sum, actual),
                    subject=_subject(f"{d.model.nøkkel} bindinger {g.id}", g.sum.value - actual),
                )


@rule("TB203", "mottakersum")
def recipient_sum(repo: Repo, report: Report) -> None:
    """Tilskuddsmottakerne under en delordning summerer til delordningens beløp og til den
    trykte summen under tabellen.

    Eksempel: de 14 nasjonale ressursmiljøene under 671.71 mot «37,51 mill. kroner til
    tilskudd til nasjonale ressursmiljø» og «SUM 37 510 000».
    """
    for d in repo.poster:
        for i, f in enumerate(d.model.fordeling):
            if not f.mottakere:
                continue
            actual = sum_beløp(m.beløp for m in f.mottakere)
            if actual is None:
                continue
            if f.sum is not None and not f.sum.agrees_with(actual):
                report(
                    d.loc("fordeling", i, "sum"),
                    _mismatch(f"mottakere under «{_kort(f.tekst)}» på {d.model.nøkkel}", f.sum, actual),
                    subject=_subject(f"{d.model.nøkkel} fordeling {i + 1} sum", f.sum.value - actual),
                )
            if f.beløp is not None and actual != f.beløp:
                report(
                    d.loc("fordeling", i, "beløp"),
                    f"mottakerne under «{_kort(f.tekst)}» på {d.model.nøkkel} får til sammen "
                    f"{format_kroner(actual)}, men delordningen er på {format_kroner(f.beløp)} "
                    f"(differanse {format_kroner(f.beløp - actual)})",
                    subject=_subject(f"{d.model.nøkkel} fordeling {i + 1} mottakere", f.beløp - actual),
                )


@rule("TB204", "fordeling-mot-tildeling")
def allocation_sum(repo: Repo, report: Report) -> None:
    """Fordelingen av en post (delordninger, tiltak) og bindingene ved siden av den summerer til
    postens tildeling.

    Hva den sjekker: for en post med `fordeling`, at summen av fordelingen pluss bindingene som
    ligger ved siden av den (bindingsgrupper uten `innenfor`) er tildelingen. Bindinger
    `innenfor` en fordelingslinje er alt med i fordelingen (de sjekkes mot linja av TB206).

    Hvorfor: en fordeling som ikke går opp, betyr penger som enten ikke er fordelt eller er
    fordelt to ganger.

    Eksempel: 671.62 fordeles med 100 + 10,6 + 40 + 60,4 + 8,293 + 16,4 mill. kroner mot en
    tildeling på 235 693 000; eller en post på 10 mill. kroner med 4 mill. kroner bundet til
    oppdrag og en fordeling av resten på 5 mill. kroner.
    """
    for d in repo.poster:
        p = d.model
        if not p.fordeling:
            continue
        fordelt = sum_fordeling(p)
        beside = bindinger_ved_siden(p)
        if fordelt is None or beside is None or p.tildeling is None:
            continue
        actual = fordelt + beside
        if actual != p.tildeling:
            what = f"fordelingen av {p.nøkkel} er {format_kroner(fordelt)}"
            if beside:
                what += (
                    f" og bindingene ved siden av den {format_kroner(beside)}, til sammen "
                    f"{format_kroner(actual)}"
                )
            report(
                d.key_loc("fordeling"),
                f"{what}, tildelingen er {format_kroner(p.tildeling)} (differanse "
                f"{format_kroner(p.tildeling - actual)})",
                subject=_subject(f"{p.nøkkel} fordeling", p.tildeling - actual),
            )


@rule("TB205", "tildeling-over-bevilgning")
def share_within_appropriation(repo: Repo, report: Report) -> None:
    """Virksomhetens tildeling på en post er ikke større enn Stortingets bevilgning.

    Hva den sjekker: `tildeling` mot `bevilget`; når bevilgningen bare er trykt avrundet
    («21,5 mill. kroner»), sammenlignes med den presisjonen.

    Eksempel: «Det er bevilget 21,5 mill. kroner på posten» og tildeling 25 000 000.
    """
    for d in repo.poster:
        p = d.model
        b = p.bevilget
        if b is not None and p.tildeling is not None and round_half_up(p.tildeling, b.precision) > b.value:
            report(
                d.loc("tildeling"),
                f"tildelingen på {p.nøkkel} ({format_kroner(p.tildeling)}) er større enn bevilgningen "
                f"({b.shown()}), differanse {format_kroner(p.tildeling - b.value)}"
                + (" ved trykt presisjon" if b.precision > 1 else ""),
                subject=_subject(f"{p.nøkkel} tildeling", p.tildeling - b.value),
            )


@rule("TB206", "bundet-over-tildeling")
def bound_within_share(repo: Repo, report: Report) -> None:
    """Bindingene på en post ligger innenfor det de er bundet av: tildelingen, eller
    fordelingslinja de står `innenfor`.

    Hva den sjekker:

    - en post uten fordeling: bindingene er til sammen ikke større enn tildelingen;
    - en bindingsgruppe med `innenfor: TEKST`: teksten er en av postens fordelingslinjer
      (som trykt; mellomrom, store og små bokstaver og punktum til slutt teller ikke), og
      bindingene innenfor hver linje er til sammen ikke større enn linja.

    En post med fordeling og bindinger ved siden av den sjekkes av TB204 (fordelingen og
    bindingene er til sammen tildelingen).

    Eksempel: 601.21 med tildeling 25,2 mill. kroner og bindinger på 26 mill. kroner; eller
    bindinger på 3 mill. kroner `innenfor: Prosjekttilskudd` når prosjekttilskuddet er 2 mill.
    kroner.
    """
    for d in repo.poster:
        p = d.model
        if not p.fordeling:
            bundet = sum_bindinger(p)
            if p.tildeling is None or bundet is None or bundet <= p.tildeling:
                continue
            report(
                d.loc("tildeling"),
                f"bindingene på {p.nøkkel} er {format_kroner(bundet)}, mer enn tildelingen "
                f"på {format_kroner(p.tildeling)} (differanse {format_kroner(bundet - p.tildeling)})",
                subject=_subject(f"{p.nøkkel} bundet", bundet - p.tildeling),
            )
            continue
        lines = {_line_key(f.tekst): i for i, f in reversed(list(enumerate(p.fordeling)))}
        within: dict[int, list[int]] = {}
        for gi, g in enumerate(p.bindinger):
            if g.innenfor is None:
                continue
            i = lines.get(_line_key(g.innenfor))
            if i is None:
                known = ", ".join(f"«{_kort(f.tekst)}»" for f in p.fordeling)
                report(
                    d.loc("bindinger", gi, "innenfor"),
                    f"bindingene «{g.id}» på {p.nøkkel} skal ligge innenfor «{_kort(g.innenfor)}», men "
                    f"posten har ingen fordelingslinje med den teksten (linjene: {known})",
                    subject=f"{p.nøkkel} bindinger {g.id} innenfor",
                )
                continue
            within.setdefault(i, []).append(gi)
        for i, groups in sorted(within.items()):
            f = p.fordeling[i]
            bundet = sum_beløp(b.beløp for gi in groups for b in p.bindinger[gi].linjer)
            if f.beløp is None or bundet is None or bundet <= f.beløp:
                continue
            report(
                d.loc("bindinger", groups[0], "innenfor"),
                f"bindingene innenfor «{_kort(f.tekst)}» på {p.nøkkel} er {format_kroner(bundet)}, mer enn "
                f"linja på {format_kroner(f.beløp)} (differanse {format_kroner(bundet - f.beløp)})",
                subject=_subject(f"{p.nøkkel} bundet i fordeling {i + 1}", bundet - f.beløp),
                related=(d.loc("fordeling", i, "beløp"),),
            )


def _line_key(text: str) -> str:
    """En fordelingslinje som nøkkel: én linje, små bokstaver, uten punktum til slutt."""
    return one_line(text).rstrip(" .").casefold()


@rule("TB207", "beløp-i-tekst")
def amounts_in_prose(repo: Repo, report: Report) -> None:
    """Beløp i prosaen stemmer med data, med den presisjonen som er trykt.

    Hva den sjekker: hver markør `{{ REF: 217,5 mill. kroner }}` mot verdien REF har i data,
    avrundet til trykt presisjon (her 0,1 mill.). Meldingen gir trykt beløp, beløpet i data og
    differansen.

    Hvorfor: tabellen og teksten skrives hver for seg i Word og glir fra hverandre.

    Eksempel: «IMDis andel utgjør 235,7 mill. kroner» når posten har tildeling 236 693 000.
    """
    for src, m, actual in repo.marker_values(int):
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


@rule("TB209", "trykt-beløp")
def printed_amount_agrees(repo: Repo, report: Report) -> None:
    """Et beløp med trykt form (`beløp_trykt` på en binding) er det samme beløpet som i data,
    med den presisjonen som er trykt.

    Hva den sjekker: «1,0 mill. kroner» er 1 000 000 avrundet til nærmeste 100 000; `beløp`
    (i hele kroner) avrundet til den presisjonen skal gi det trykte beløpet.

    Hvorfor: brevet skriver beløpet fra data i den trykte formen; står det et annet beløp i den
    trykte formen, er en av dem feil, og det trykte ville ellers forsvinne uten at noen merket
    det.

    Eksempel: `beløp: 1000000` med `beløp_trykt: "1,5 mill. kroner"`.
    """
    for d in repo.poster:
        for gi, g in enumerate(d.model.bindinger):
            for li, b in enumerate(g.linjer):
                printed = b.beløp_trykt
                if printed is None or b.beløp is None or printed.agrees_with(b.beløp):
                    continue
                report(
                    d.loc("bindinger", gi, "linjer", li, "beløp_trykt"),
                    f"bindingen til oppdrag {b.oppdrag} på post {d.model.nøkkel}: trykt «{printed.shown()}», "
                    f"men beløpet i data er {format_kroner(b.beløp)}",
                    subject=f"{d.model.nøkkel} binding {b.oppdrag} trykt beløp",
                )

