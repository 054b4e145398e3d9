"""TB6xx, utkast: det som ikke er fylt inn eller ikke er lest på nytt i et brev under arbeid.

`tb nytt-brev` lager utkastet til neste års brev fra årets: beløpene i budsjettet og datoen for
budsjettvedtaket står tomme (`null`, aldri 0), og det som er kopiert (brevet, kapitlene,
fristene i teksten, målene, styringsparameterne, budsjettkapitlene og postene) har
`gjennomgått: false`. Reglene her lister det som står igjen, så `tb check` er gjøremålslista
til brevet er ferdig: et tomt felt er en feil, noe som ikke er gjennomgått, en advarsel.
"""

from __future__ import annotations

from ..findings import Severity
from ..model import Repo
from ..rule import Report, rule
from ..text import clip, one_line

FJERN = "fjern `gjennomgått: false` (eller sett `true`) når det er gjort"


def _navn(text: str, n: int = 50) -> str:
    return clip(one_line(text), n)


@rule("TB601", "ikke-utfylt")
def not_filled(repo: Repo, report: Report) -> None:
    """Et beløp eller en dato som skal fylles inn, står tomt (`null`).

    Hva den sjekker: `budsjettvedtak` i brev.yaml, og på hver post `tildeling`, `bevilget:
    null` (skrevet ut), og beløpene i `fordeling`, `mottakere` og `bindinger`; i fullmakter.yaml
    `ramme: null` og `beløp: null` (skrevet ut). Ett funn per tomt felt.

    Hvorfor: i et utkast (`tb nytt-brev`) står beløpene tomme til departementet kjenner dem.
    Tomt er ikke 0: en tildeling som stille ble 0, ville sett ut som et vedtak. Summene med
    et tomt beløp i seg regnes ikke ut (TB2xx), og brevet viser «(ikke utfylt)».

    Eksempel: `tildeling: null` i budsjett/2025/670-01.yaml gir «ikke utfylt: tildelingen på
    670.01 for 2025».
    """
    for d in repo.brev:
        b = d.model
        if b.budsjettvedtak is None:
            report(
                d.loc("budsjettvedtak"),
                f"ikke utfylt: datoen for Stortingets budsjettvedtak i brevet for {b.år}",
                subject="budsjettvedtak ikke utfylt",
            )
    for d in repo.poster:
        p = d.model
        key, år = p.nøkkel, p.år
        if p.tildeling is None:
            report(
                d.loc("tildeling"),
                f"ikke utfylt: tildelingen på {key} for {år}",
                subject=f"{key} tildeling ikke utfylt",
            )
        if p.bevilget_tom:
            report(
                d.loc("bevilget"),
                f"ikke utfylt: bevilgningen på {key} for {år} (fjern linja om brevet ikke oppgir den)",
                subject=f"{key} bevilget ikke utfylt",
            )
        for i, f in enumerate(p.fordeling):
            if f.beløp is None:
                report(
                    d.loc("fordeling", i, "beløp"),
                    f"ikke utfylt: beløpet til «{_navn(f.tekst)}» i fordelingen på {key} for {år}",
                    subject=f"{key} fordeling {i + 1} ikke utfylt",
                )
            for j, m in enumerate(f.mottakere):
                if m.beløp is None:
                    report(
                        d.loc("fordeling", i, "mottakere", j, "beløp"),
                        f"ikke utfylt: beløpet til mottakeren «{_navn(m.navn)}» på {key} for {år}",
                        subject=f"{key} fordeling {i + 1} mottaker {j + 1} ikke utfylt",
                    )
        for i, g in enumerate(p.bindinger):
            for j, line in enumerate(g.linjer):
                if line.beløp is None:
                    report(
                        d.loc("bindinger", i, "linjer", j, "beløp"),
                        f"ikke utfylt: beløpet bundet til oppdrag {line.oppdrag} på {key} for {år}",
                        subject=f"{key} bindinger {g.id} {line.oppdrag} ikke utfylt",
                    )
    for d in repo.fullmakter:
        m = d.model
        for i, f in enumerate(m.fullmakter):
            if f.ramme_tom:
                report(
                    d.loc("fullmakter", i, "ramme"),
                    f"ikke utfylt: rammen for fullmakten «{f.id}» for {m.år}",
                    subject=f"fullmakt {f.id} ramme ikke utfylt",
                )
        for i, b in enumerate(m.belastningsfullmakter):
            if b.beløp_tom:
                report(
                    d.loc("belastningsfullmakter", i, "beløp"),
                    f"ikke utfylt: beløpet i belastningsfullmakten fra {_navn(b.departement)} på kap. {b.nøkkel} "
                    f"for {m.år} (fjern linja om brevet ikke oppgir et beløp)",
                    subject=f"belastningsfullmakt {b.nøkkel} beløp ikke utfylt",
                )


@rule("TB602", "ikke-gjennomgått", Severity.WARNING)
def not_reviewed(repo: Repo, report: Report) -> None:
    """Noe som er kopiert fra forrige års brev, er ikke lest på nytt (`gjennomgått: false`).

    Hva den sjekker: `gjennomgått: false` på brevet, på et kapittel eller en frist i
    brev.yaml, på et mål, en styringsparameter, et budsjettkapittel eller en post. Ett funn per
    sted, til linja er fjernet eller satt til `true` (standard: gjennomgått).

    Hvorfor: neste års brev lages ved å kopiere årets (`tb nytt-brev`). Det meste står likt,
    men alt må leses: en prioritering fra i fjor, et nummer på innstillingen som har endret
    seg, en tekst som sier «2024». Merket blir stående til noen har lest, så ingenting
    publiseres ulest.

    Eksempel: `gjennomgått: false` i mål/2025/mål-3.yaml gir «ikke gjennomgått: mål 3 …».
    """
    for d in repo.brev:
        b = d.model
        if not b.gjennomgått:
            # kopiert av `tb nytt-brev` når data har et tidligere brev; ellers et nytt utkast (`tb init`)
            origin = (
                "er kopiert fra forrige års brev"
                if any(y < b.år for y in repo.years())
                else "er et nytt utkast"
            )
            report(
                d.loc("gjennomgått"),
                f"ikke gjennomgått: brevet for {b.år} {origin}; les tittelen, partene, "
                "Prop. og Innst. (nummeret på innstillingen kan ha endret seg), signatarene, vedleggene "
                f"og rapporteringskalenderen, og {FJERN}",
                subject="brev ikke gjennomgått",
            )
        for i, k in enumerate(b.kapitler):
            if not k.gjennomgått:
                what = f" og teksten i {k.tekst}" if k.tekst else ""
                report(
                    d.loc("kapitler", i, "gjennomgått"),
                    f"ikke gjennomgått: kapittel {k.nr} «{_navn(k.tittel)}» i brevet for {b.år}; les "
                    f"tittelen{what}, og {FJERN}",
                    subject=f"kapittel {k.nr} ikke gjennomgått",
                )
        for i, f in enumerate(b.frister):
            if not f.gjennomgått:
                report(
                    d.loc("frister", i, "gjennomgått"),
                    f"ikke gjennomgått: fristen «{f.id}» i brevet for {b.år} er flyttet ett år fram; "
                    f"sjekk datoen og teksten der fristen står, og {FJERN}",
                    subject=f"frist {f.id} ikke gjennomgått",
                )
    for d in repo.fullmakter:
        if not d.model.gjennomgått:
            report(
                d.loc("gjennomgått"),
                f"ikke gjennomgått: budsjettfullmaktene for {d.model.år}; les grunnlaget (sesjonen er flyttet ett "
                f"år fram), teksten, postene, rammene og beløpene, og {FJERN}",
                subject="fullmakter ikke gjennomgått",
            )
    for docs, name, read, subject in (
        (
            repo.mål,
            lambda m: f"mål {m.nr} «{_navn(m.tittel)}»",
            "tittelen og teksten",
            lambda m: f"mål {m.nr}",
        ),
        (
            repo.styringsparametere,
            lambda s: f"SP {s.nr} «{_navn(s.tekst)}»",
            "teksten og målet",
            lambda s: f"SP {s.nr}",
        ),
        (
            repo.kapitler,
            lambda k: f"kap. {k.kapittel} «{_navn(k.navn)}»",
            "navnet og teksten",
            lambda k: f"kap. {k.kapittel}",
        ),
        (
            repo.poster,
            lambda p: f"post {p.nøkkel} «{_navn(p.betegnelse)}»",
            "betegnelsen, stikkordene, teksten, fordelingen og bindingene",
            lambda p: p.nøkkel,
        ),
    ):
        for d in docs:
            m = d.model
            if not m.gjennomgått:
                report(
                    d.loc("gjennomgått"),
                    f"ikke gjennomgått: {name(m)} for {m.år}; les {read}, og {FJERN}",
                    subject=f"{subject(m)} ikke gjennomgått",
                )
