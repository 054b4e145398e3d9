"""Ordene `tb` skriver i brevet, på bokmål og nynorsk: én tabell for malene og koden.

Brevet er på målformen i brev.yaml (`målform: bokmål | nynorsk`, standard bokmål). Alt `tb`
selv skriver inn i brevet – overskrifter og kolonneoverskrifter i malene, fristkolonnen
(«Løpende» / «Løpande»), brevhodet og avslutningen («Med hilsen» / «Med helsing»), «(ikke
utfylt)» i et utkast, innholdsfortegnelsen i HTML – slås opp her. Det som står i data (titler,
prosa, stikkord, den trykte fristkolonnen), skrives som det står; TB405 sjekker at stikkordene
er på brevets målform. Meldingene fra `tb` selv (kommandolinja, funnene) er alltid på bokmål.

- `ORD`: nøkkel → ordet på hver målform. En verdi kan ha felt i krøllparentes («{år}»), som
  fylles inn med `tekst(nøkkel, målform, år=…)` i koden og `ord.nøkkel.format(år=…)` i malene.
- `ordliste(målform)`: ordene på én målform, som malene får som `ord` («{{ ord.med_hilsen }}»).
- `tekst(nøkkel, målform, **felt)`: ett ord i koden.
- `bokmålsord()`: ordene som bare finnes i bokmålsformene i tabellen (testene sjekker at et brev
  på nynorsk ikke har noen av dem).

Ord som er like på begge målformene, står rett i malene: Kap., Post, Sum, SUM, Tildeling,
Oppdrag, Tittel, Frist, Mål, SP, FoU, Del, Beløp, Dato, Vår ref, Vedlegg, Vedlegg nr., Kopi
til, Grunnlag, Oversikt, Merknad, Referanse, Organisasjon, Type rapportering,
Rapporteringsfrist, Deloppdrag, «Ut 2024», «F.o.m.» og «t.o.m.» (frå og med, til og med),
«(ny post)», «nr.», «av» og «og». Månedsnavnene i lange datoer («15. desember 2023») er de
samme på nynorsk.
"""

from __future__ import annotations

import re
import string

MÅLFORMER = ("bokmål", "nynorsk")
"""Målformene et brev kan ha; den første er standard."""


def _o(bokmål: str, nynorsk: str) -> dict[str, str]:
    return {"bokmål": bokmål, "nynorsk": nynorsk}


ORD: dict[str, dict[str, str]] = {
    # -- brevhodet og avslutningen
    "deres_ref": _o("Deres ref", "Dykkar ref"),
    "med_hilsen": _o("Med hilsen", "Med helsing"),
    "elektronisk_godkjent": _o(
        "Dokumentet er elektronisk godkjent og har derfor ikke håndskrevne signaturer.",
        "Dokumentet er elektronisk godkjent og har difor ikkje handskrivne signaturar.",
    ),
    "beskrivelse": _o(
        "Tildelingsbrev {år} fra {avsender} til {mottaker}",
        "Tildelingsbrev {år} frå {avsender} til {mottaker}",
    ),
    # -- HTML: innholdsfortegnelsen og navnet på referansetabellen i brevhodet
    "innhold": _o("Innhold", "Innhald"),
    "referanser_og_dato": _o("Referanser og dato", "Referansar og dato"),
    # -- målene og oppdragene (mål.md.j2, vedlegg1.md.j2)
    "oppdrag_til_mål": _o(
        "Oppdrag som skal bidra til å oppnå mål nr. {mål}:",
        "Oppdrag som skal bidra til å nå mål nr. {mål}:",
    ),
    "tidligere_oppdrag_til_mål": _o(
        "Oppdrag som er gitt tidligere med leveringsfrist i {år} eller senere som skal bidra til å oppnå "
        "mål nr. {mål}:",
        "Oppdrag som er gitt tidlegare med leveringsfrist i {år} eller seinare som skal bidra til å nå "
        "mål nr. {mål}:",
    ),
    "oversikt_over_oppdrag": _o(
        "Oversikt over alle oppdrag i tildelingsbrevet for {år}, nye og gitt tidligere.",
        "Oversikt over alle oppdrag i tildelingsbrevet for {år}, nye og gitt tidlegare.",
    ),
    # linja under tittelen i vedlegg nr. 1 med avdelingen som følger opp oppdraget (`ansvarlig`)
    "ansvarlig": _o("Ansvarlig", "Ansvarleg"),
    # -- oppdrag unntatt offentlighet (`unntatt_offentlighet`, offentleglova): linja den
    # offentlige utgaven har i vedlegg nr. 1 (eller oversikten) når oppdrag er utelatt, linja
    # under bindingene på en post, merket på oppdraget og overskriften i den interne utgaven
    # (`tb render --intern`). På nynorsk bøyes partisippet etter tallet: «1 oppdrag er
    # unnateke», «2 oppdrag er unnatekne».
    "unntatt_utelatt_ett": _o(
        "1 oppdrag er unntatt offentlighet (offentleglova) og er ikke med i denne utgaven.",
        "1 oppdrag er unnateke frå offentlegheit (offentleglova) og er ikkje med i denne utgåva.",
    ),
    "unntatt_utelatt": _o(
        "{n} oppdrag er unntatt offentlighet (offentleglova) og er ikke med i denne utgaven.",
        "{n} oppdrag er unnatekne frå offentlegheit (offentleglova) og er ikkje med i denne utgåva.",
    ),
    "binding_utelatt_en": _o(
        "1 binding til et oppdrag unntatt offentlighet er ikke med; beløpet er med i summen.",
        "1 binding til eit oppdrag unnateke frå offentlegheit er ikkje med; beløpet er med i summen.",
    ),
    "binding_utelatt": _o(
        "{n} bindinger til oppdrag unntatt offentlighet er ikke med; beløpene er med i summen.",
        "{n} bindingar til oppdrag unnatekne frå offentlegheit er ikkje med; beløpa er med i summen.",
    ),
    "unntatt_merke": _o("Unntatt offentlighet, {hjemmel}", "Unnateke frå offentlegheit, {hjemmel}"),
    "intern_utgave": _o("Intern utgave", "Intern utgåve"),
    "intern_overskrift": _o(
        "Intern utgave – inneholder opplysninger unntatt offentlighet",
        "Intern utgåve – inneheld opplysningar unnatekne frå offentlegheit",
    ),
    # -- rapporteringskalenderen (rapportering.md.j2)
    "telletidspunkt": _o("Telletidspunkt", "Teljetidspunkt"),
    "innen": _o("Innen", "Innan"),
    # -- budsjettet (budsjett.md.j2)
    "betegnelse": _o("Betegnelse", "Nemning"),
    # kolonnen med beløpene i tabellen for et inntektskapittel (kap. 3000–5999): inntekten
    # virksomheten skal ha, som statsbudsjettet og tildelingsbrevene kaller inntektskravet
    # (et utgiftskapittel har «Tildeling ÅR»)
    "inntektskrav": _o("Inntektskrav", "Inntektskrav"),
    "tilskudd": _o("Tilskudd", "Tilskot"),
    "summen_ikke_utfylt": _o("(summen er ikke utfylt)", "(summen er ikkje utfylt)"),
    "ikke_utfylt": _o("(ikke utfylt)", "(ikkje utfylt)"),
    # -- budsjettfullmaktene (fullmakter.md.j2): vedlegget, fullmaktene etter
    # bevilgningsreglementet etter `type` i fullmakter.yaml, og belastningsfullmaktene
    "budsjettfullmakter": _o("Budsjettfullmakter", "Budsjettfullmakter"),
    "fullmakter_etter_reglementet": _o(
        "Fullmakter etter bevilgningsreglementet", "Fullmakter etter løyvingsreglementet"
    ),
    "fullmakt_merinntektsfullmakt": _o("Merinntektsfullmakt", "Meirinntektsfullmakt"),
    "fullmakt_bestillingsfullmakt": _o("Bestillingsfullmakt", "Bestillingsfullmakt"),
    "fullmakt_tilsagnsfullmakt": _o("Tilsagnsfullmakt", "Tilsegnsfullmakt"),
    "fullmakt_overskridelsesfullmakt": _o("Overskridelsesfullmakt", "Overskridingsfullmakt"),
    "fullmakt_annen": _o("Annen fullmakt", "Anna fullmakt"),
    "utgiftspost": _o("Utgiftspost", "Utgiftspost"),
    "inntektspost": _o("Inntektspost", "Inntektspost"),
    "ramme": _o("Ramme", "Ramme"),
    "belastningsfullmakter": _o("Belastningsfullmakter", "Belastningsfullmakter"),
    "belastningsfullmakter_innledning": _o(
        "Andre departementer stiller midler til disposisjon for {mottaker} på sine kapitler:",
        "Andre departement stiller midlar til disposisjon for {mottaker} på kapitla sine:",
    ),
    "departement": _o("Departement", "Departement"),
    "kapittel_og_post": _o("Kapittel og post", "Kapittel og post"),
    "formål": _o("Formål", "Formål"),
    # -- fristkolonnen (formatting.format_frist)
    "løpende": _o("Løpende", "Løpande"),
    "underveisrapport": _o("underveisrapport", "undervegsrapport"),
    "samt_ved_behov": _o(", samt ved behov", ", og elles ved behov"),
    "månedlig": _o("månedlig", "månadleg"),
    "annenhver måned": _o("annenhver måned", "annankvar månad"),
    "kvartalsvis": _o("kvartalsvis", "kvartalsvis"),
    "tertialvis": _o("tertialvis", "tertialvis"),
    "halvårlig": _o("halvårlig", "halvårleg"),
    "årlig": _o("årlig", "årleg"),
    "annethvert år": _o("annethvert år", "annakvart år"),
    "avtales nærmere": _o("avtales nærmere", "blir avtalt nærare"),
    "etter hendelse": _o("etter hendelse", "etter hending"),
    "fortløpende": _o("fortløpende", "fortløpande"),
    "ved behov": _o("ved behov", "ved behov"),
    "fastsettes senere": _o("fastsettes senere", "blir fastsett seinare"),
    # -- et tillegg (tillegg.md.j2, rendering/tillegg.py)
    "tillegg_beskrivelse": _o(
        "Tillegg nr. {nr} til tildelingsbrevet for {år} fra {avsender} til {mottaker}",
        "Tillegg nr. {nr} til tildelingsbrevet for {år} frå {avsender} til {mottaker}",
    ),
    "tidligere_tillegg": _o("Tidligere tillegg:", "Tidlegare tillegg:"),
    "endret_tildeling": _o("Endret tildeling:", "Endra tildeling:"),
    "innledning": _o("Innledning", "Innleiing"),
    "endringer_i_tildelingen": _o("Endringer i tildelingen", "Endringar i tildelinga"),
    "nye_poster": _o("Nye poster", "Nye postar"),
    "presiseringer": _o("Presiseringer av oppdrag", "Presiseringar av oppdrag"),
    "nye_frister": _o("Nye frister:", "Nye fristar:"),
    "flyttede_frister": _o("Flyttede frister", "Flytta fristar"),
    "trukne_oppdrag": _o("Trukne oppdrag", "Trekte oppdrag"),
    "trekkes_fra": _o("Oppdraget trekkes fra {dato}.", "Oppdraget blir trekt frå {dato}."),
    "økes_med": _o("økes med {beløp} kroner", "blir auka med {beløp} kroner"),
    "reduseres_med": _o("reduseres med {beløp} kroner", "blir redusert med {beløp} kroner"),
    "endres_med": _o("endres med {beløp} kroner", "blir endra med {beløp} kroner"),
    "trukket": _o("trukket", "trekt"),
    "fant_ikke_oppdragsfila": _o(
        "(fant ikke oppdragsfila med tillegg: N for dette oppdraget)",
        "(fann ikkje oppdragsfila med tillegg: N for dette oppdraget)",
    ),
    # -- gjeldende tildeling (gjeldende.md.j2, rendering/tillegg.py)
    "gjeldende_tittel": _o("Gjeldende tildeling {år} – {mottaker}", "Gjeldande tildeling {år} – {mottaker}"),
    "gjeldende_beskrivelse": _o(
        "Gjeldende tildeling for {år}: tildelingsbrevet fra {avsender} til {mottaker} med tilleggene",
        "Gjeldande tildeling for {år}: tildelingsbrevet frå {avsender} til {mottaker} med tillegga",
    ),
    "gjeldende_tildeling": _o("Gjeldende tildeling", "Gjeldande tildeling"),
    # den siste kolonnen i tabellen for et inntektskapittel i gjeldende tildeling
    "gjeldende_inntektskrav": _o("Gjeldende inntektskrav", "Gjeldande inntektskrav"),
    "med_tilleggene": _o("med tilleggene", "med tillegga"),
    "uten_tillegg": _o("uten tillegg", "utan tillegg"),
    "satt_sammen": _o(
        "satt sammen fra dataene. Dette er en oversikt, ikke et eget brev: brevet og tilleggene gjelder "
        "slik de ble sendt.",
        "sett saman frå data. Dette er ei oversikt, ikkje eit eige brev: brevet og tillegga gjeld slik "
        "dei vart sende.",
    ),
    "senere_ikke_med": _o(
        "Tillegg datert etter {dato} er ikke med", "Tillegg datert etter {dato} er ikkje med"
    ),
    "tilleggene": _o("Tilleggene", "Tillegga"),
    "kolonnene_for_tilleggene": _o(
        "Beløp i kroner. Kolonnene for tilleggene viser endringen i hvert tillegg som endrer en post i "
        "kapitlet.",
        "Beløp i kroner. Kolonnane for tillegga viser endringa i kvart tillegg som endrar ein post i "
        "kapittelet.",
    ),
    "oppdrag_gitt_tidligere": _o(
        "Oppdrag gitt tidligere med leveringsfrist i {år} eller senere:",
        "Oppdrag gitt tidlegare med leveringsfrist i {år} eller seinare:",
    ),
    "kapittel_finnes_ikke": _o(
        "(kapittel {kapittel} finnes ikke i brevet for {år})",
        "(kapittel {kapittel} finst ikkje i brevet for {år})",
    ),
    "mål_finnes_ikke": _o("(mål {mål} finnes ikke i brevet for {år})", "(mål {mål} finst ikkje i brevet for {år})"),
    "flyttet_i": _o("flyttet i {tillegg}", "flytta i {tillegg}"),
    "flyttet_fra_i": _o("(flyttet fra {dato} i {tillegg})", "(flytta frå {dato} i {tillegg})"),
    "trukket_i": _o("trukket i tillegg nr. {nr} ({dato})", "trekt i tillegg nr. {nr} ({dato})"),
}
"""Ordene `tb` skriver i brevet: nøkkel → {målform: ord}. Nøklene med mellomrom er verdiene
`gjentas` og `uten_dato` har i data («årlig», «avtales nærmere»)."""


def målform_eller_standard(målform: str | None) -> str:
    """`målform` når den er en av `MÅLFORMER`, ellers standard (bokmål)."""
    return målform if målform in MÅLFORMER else MÅLFORMER[0]


def ordliste(målform: str | None) -> dict[str, str]:
    """Ordene på `målform` (bokmål for en ukjent), som malene får dem: `ord.med_hilsen`."""
    form = målform_eller_standard(målform)
    return {key: words[form] for key, words in ORD.items()}


def tekst(key: str, målform: str | None, **felt: object) -> str:
    """Ordet `key` på `målform`, med feltene fylt inn («{år}» med `år=2024`)."""
    text = ORD[key][målform_eller_standard(målform)]
    return text.format(**felt) if felt else text


_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> set[str]:
    """Ordene i en verdi, med små bokstaver, uten feltene i krøllparentes."""
    plain = "".join(lit for lit, *_ in string.Formatter().parse(text))
    return {w.lower() for w in _WORD.findall(plain)}


def bokmålsord() -> frozenset[str]:
    """Ordene (med små bokstaver) som står i en bokmålsform i tabellen, men ikke i noen av
    nynorskformene: «hilsen», «ikke», «løpende», «tidligere» … Et brev på nynorsk har ingen av
    dem i det `tb` skriver."""
    bokmål = set().union(*(_words(w["bokmål"]) for w in ORD.values()))
    nynorsk = set().union(*(_words(w["nynorsk"]) for w in ORD.values()))
    return frozenset(bokmål - nynorsk)


__all__ = ["MÅLFORMER", "ORD", "bokmålsord", "målform_eller_standard", "ordliste", "tekst"]
