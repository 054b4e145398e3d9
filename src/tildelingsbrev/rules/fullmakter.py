"""TB4xx, budsjettposter: budsjettfullmaktene i brevet (budsjett/ÅR/fullmakter.yaml) – fullmakter
etter bevilgningsreglementet (R-110) som viser til brevets poster, og belastningsfullmakter på
andre departementers kapitler.

Beløpene er hele kroner (skjemaet, TB004). En belastningsfullmakt er penger på et annet
departements kapittel: den er aldri med i brevets egne poster eller summer."""

from __future__ import annotations

import re

from ..findings import Severity
from ..model import Repo, er_inntekt
from ..rule import Report, rule
from ..text import one_line

_SESJON = re.compile(r"\((\d{4})\s*[-–—]\s*(\d{4})\)")
"""Sesjonen i en henvisning til et stortingsdokument: «(2023–2024)»."""


@rule("TB407", "fullmakt-post")
def authorisation_posts(repo: Repo, report: Report) -> None:
    """Postene en fullmakt viser til, finnes i brevets budsjett og er av riktig slag.

    Hva den sjekker: `utgiftspost` og `inntektspost` på hver fullmakt i
    budsjett/ÅR/fullmakter.yaml finnes som poster i budsjett/ÅR/ (samme år); utgiftsposten er
    i et utgiftskapittel (kap. 1–2999) og inntektsposten i et inntektskapittel (kap.
    3000–5999).

    Hvorfor: en merinntektsfullmakt lar virksomheten bruke mer på utgiftsposten mot tilsvarende
    merinntekter på inntektsposten; viser den til en post som ikke er i brevet, eller har byttet
    om utgift og inntekt, gir den ingen fullmakt til noe.

    Eksempel: «kan overskride bevilgningen på kap. 671 post 21 mot tilsvarende merinntekter på
    kap. 3671 post 01» når brevet ikke har kap. 3671 post 01, eller `inntektspost: {kapittel:
    671, post: 21}`.
    """
    for d in repo.fullmakter:
        år = d.model.år
        posts = {(p.model.kapittel, p.model.post) for p in repo.poster_for(år)}
        if repo.unreadable_stems("budsjett", str(år)) - {"fullmakter"}:
            posts = None  # en post som ikke kunne leses, har sitt eget funn
        for i, f in enumerate(d.model.fullmakter):
            for field, want_income in (("utgiftspost", False), ("inntektspost", True)):
                ref = getattr(f, field)
                if ref is None:
                    continue
                kind = "inntektskapittel (kap. 3000–5999)" if want_income else "utgiftskapittel (kap. 1–2999)"
                if er_inntekt(ref.kapittel) != want_income:
                    report(
                        d.loc("fullmakter", i, field, "kapittel"),
                        f"fullmakten «{f.id}»: {field} kap. {ref.kapittel} post {ref.post:02d} er ikke i et {kind}",
                        subject=f"fullmakt {f.id} {field}",
                    )
                elif posts is not None and (ref.kapittel, ref.post) not in posts:
                    report(
                        d.loc("fullmakter", i, field),
                        f"fullmakten «{f.id}» viser til kap. {ref.kapittel} post {ref.post:02d} ({field}), som "
                        f"ikke finnes i budsjettet for {år} (budsjett/{år}/{ref.kapittel:03d}-{ref.post:02d}.yaml)",
                        subject=f"fullmakt {f.id} {field}",
                    )


@rule("TB408", "belastningsfullmakt")
def charge_authorisations(repo: Repo, report: Report) -> None:
    """En belastningsfullmakt gjelder et annet departements utgiftskapittel.

    Hva den sjekker: kapitlet i hver belastningsfullmakt i budsjett/ÅR/fullmakter.yaml er ikke
    et av brevets egne kapitler (kap-KKK.yaml eller en post i budsjett/ÅR/), er et
    utgiftskapittel (kap. 1–2999), og departementet er ikke avsenderen av brevet.

    Hvorfor: en belastningsfullmakt er penger et annet departement stiller til disposisjon på
    sitt eget kapittel; de er ikke en del av brevets tildeling. Står brevets eget kapittel der,
    er pengene enten talt to ganger eller ført på feil sted.

    Eksempel: `kapittel: 671` i en belastningsfullmakt i brevet som tildeler kap. 671.
    """
    for d in repo.fullmakter:
        år = d.model.år
        own = {p.model.kapittel for p in repo.poster_for(år)} | {
            k.model.kapittel for k in repo.kapitler if k.model.år == år
        }
        brev = repo.brev_for(år)
        sender = brev.model.avsender.navn if brev is not None else None
        for i, b in enumerate(d.model.belastningsfullmakter):
            where = f"belastningsfullmakten fra {one_line(b.departement)} på kap. {b.nøkkel}"
            if b.kapittel in own:
                report(
                    d.loc("belastningsfullmakter", i, "kapittel"),
                    f"{where}: kap. {b.kapittel} er et av brevets egne kapitler; en belastningsfullmakt "
                    "gjelder et annet departements kapittel (pengene på brevets egne kapitler er tildelingen)",
                    subject=f"belastningsfullmakt {b.nøkkel}",
                )
            elif er_inntekt(b.kapittel):
                report(
                    d.loc("belastningsfullmakter", i, "kapittel"),
                    f"{where}: kap. {b.kapittel} er et inntektskapittel (kap. 3000–5999); bare et "
                    "utgiftskapittel kan belastes",
                    subject=f"belastningsfullmakt {b.nøkkel}",
                )
            if sender is not None and one_line(b.departement).casefold() == one_line(sender).casefold():
                report(
                    d.loc("belastningsfullmakter", i, "departement"),
                    f"{where}: det er departementet som sender brevet; en belastningsfullmakt er gitt av "
                    "et annet departement",
                    subject=f"belastningsfullmakt {b.nøkkel} departement",
                )


@rule("TB409", "fullmakt-grunnlag", Severity.WARNING)
def authorisation_basis(repo: Repo, report: Report) -> None:
    """Grunnlaget for en fullmakt viser til et stortingsdokument fra sesjonen brevet bygger på.

    Hva den sjekker: når `grunnlag` nevner en sesjon («Prop. 1 S (2023–2024), romertallsvedtak
    II»), at det er sesjonen før og inn i budsjettåret (2023–2024 for brevet for 2024), og at
    sesjonen er to år etter hverandre.

    Hvorfor: en fullmakt gjelder bare for budsjettåret den er gitt for; et grunnlag fra fjorårets
    proposisjon er som regel kopiert fra forrige brev uten å bli oppdatert.

    Eksempel: «Prop. 1 S (2022–2023), romertallsvedtak II» i brevet for 2024.
    """
    for d in repo.fullmakter:
        år = d.model.år
        for i, f in enumerate(d.model.fullmakter):
            if not f.grunnlag:
                continue
            for m in _SESJON.finditer(f.grunnlag):
                first, last = int(m.group(1)), int(m.group(2))
                if (first, last) == (år - 1, år):
                    continue
                why = (
                    "årene i en sesjon følger hverandre"
                    if last != first + 1
                    else f"brevet for {år} bygger på sesjonen {år - 1}–{år}"
                )
                report(
                    d.loc("fullmakter", i, "grunnlag"),
                    f"fullmakten «{f.id}» har grunnlaget «{one_line(f.grunnlag)}»: {why}",
                    subject=f"fullmakt {f.id} grunnlag",
                )


@rule("TB410", "fullmakter-vedlegg", Severity.WARNING)
def appendix_listed(repo: Repo, report: Report) -> None:
    """Et brev med budsjettfullmakter (budsjett/ÅR/fullmakter.yaml) har vedlegget for dem i
    vedleggslista i brev.yaml (et vedlegg med «fullmakt» i tittelen).

    Hva den sjekker: har fullmakter.yaml minst én fullmakt eller belastningsfullmakt, må
    `vedlegg` i brevet for samme år ha et vedlegg med «fullmakt» i tittelen, for eksempel
    «Vedlegg nr. 3 Budsjettfullmakter».

    Hvorfor: brevet gjengir fullmaktene som et vedlegg med nummeret fra vedleggslista. Står det
    ikke der, får vedlegget det neste nummeret, og teksten i brevet («jf. vedlegg nr. 3») kan
    vise til feil vedlegg.

    Eksempel: `budsjett/2030/fullmakter.yaml` med en merinntektsfullmakt, og `vedlegg:` i
    brev.yaml med bare «Oppdrag».
    """
    for d in repo.fullmakter:
        m = d.model
        if not (m.fullmakter or m.belastningsfullmakter):
            continue
        brev = repo.brev_for(m.år)
        if brev is None or any("fullmakt" in v.tittel.casefold() for v in brev.model.vedlegg):
            continue
        report(
            d.loc("år"),
            f"brevet for {m.år} har budsjettfullmakter, men vedleggslista i brev.yaml har ikke noe vedlegg for "
            "dem; legg til for eksempel «Budsjettfullmakter» i `vedlegg`, så nummeret er det brevet viser til",
            subject=f"fullmakter {m.år} vedlegg",
            related=(brev.loc("vedlegg"),),
        )
