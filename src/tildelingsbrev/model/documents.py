"""Datamodellen: hva hver YAML-fil i data/ inneholder.

Én modell per filtype. Alle modeller avviser ukjente nøkler, og typene er strenge: et beløp
er et heltall i hele kroner (aldri tekst eller desimaltall), en dato er en dato (ISO i YAML),
og en sannhetsverdi er `true`/`false` (YAML 1.2: `NO`, `yes` og `on` er tekst).

Hver dato ligger i `GYLDIGE_DATOER` (1989–2110), og ingen tekst har kontrolltegn (ESC, BEL og
andre C0- og C1-tegn, tegn som snur skriveretningen). Tekst på én linje (`Linje`, `Tittel`:
titler, navn, ID-er, korte felt) har heller ingen linjeskift; bare prosaen (`Tekst`: `tekst` i
mål, kapitler og poster, den trykte fristkolonnen og den frie merknaden til et oppdrag) kan gå
over flere linjer. Et nytt felt får kontrollene ved å bruke typene.

Filene og modellene:

| fil                                             | modell            |
|-------------------------------------------------|-------------------|
| data/brev/ÅR/brev.yaml                          | Brev              |
| data/brev/ÅR/tekst/*.md                         | (prosa, Markdown) |
| data/mål/ÅR/mål-N.yaml                          | Mål               |
| data/styringsparametere/ÅR/sp-NN.yaml           | Styringsparameter |
| data/oppdrag/ÅÅÅÅ-NN.yaml                       | Oppdrag           |
| data/budsjett/ÅR/kap-KKK.yaml                   | Kapittel          |
| data/budsjett/ÅR/KKK-PP.yaml                    | Post              |
| data/budsjett/ÅR/fullmakter.yaml                | Fullmakter        |
| data/brev/ÅR/tillegg/tillegg-N.yaml             | Tillegg           |
| data/baseline.yaml                              | Baseline          |
| data/innstillinger.yaml (valgfri)               | Innstillinger     |

Oppdragsfilene heter etter nummeret, i mønsteret fra innstillinger.yaml (standard `ÅÅÅÅ-NN`;
se `tildelingsbrev.model.nummer`).

**Inntekter og utgifter**: kap. 3000–5999 er inntektskapitler (`er_inntekt`), resten utgifter;
postene i et inntektskapittel er inntekter (`Post.inntekt`), og inntekter og utgifter
summeres aldri sammen.

**Et utkast** (`tb nytt-brev`) er et brev der noe er kopiert fra forrige års brev og noe står
tomt for brukeren å fylle inn:

- beløpene i budsjettet (`tildeling`, og beløpene i `fordeling`, `mottakere` og `bindinger`)
  og `budsjettvedtak` kan være `null`: ikke utfylt, aldri det samme som 0. TB601 melder hvert
  tomt felt som en feil; summer og markører i teksten med et tomt felt regnes ikke ut
  (`sum_fordeling` og de andre gir None, `Repo.lookup` gir `IKKE_UTFYLT`), og brevet viser
  «(ikke utfylt)». `bevilget: null` (skrevet ut) er en bevilgning som ikke er fylt inn; uten
  feltet oppgir brevet ingen bevilgning.
- `gjennomgått: false` på brevet, et kapittel i brev.yaml, en frist i teksten, et mål, en
  styringsparameter, et budsjettkapittel eller en post: kopiert og ikke lest på nytt. TB602
  varsler til linja er fjernet eller satt til `true` (standard: gjennomgått).
"""

from __future__ import annotations

import re
from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)

from ..norsk import PrintedAmount, format_dato, parse_amount
from ..text import escape_controls, has_controls
from . import nummer

BREVÅR = (1990, 2100)
"""Årene et brev kan gjelde (`År`: budsjettåret i brev, mål, poster …)."""

GYLDIGE_DATOER = (date(BREVÅR[0] - 1, 1, 1), date(BREVÅR[1] + 10, 12, 31))
"""Tidsrommet en dato i data kan ligge i (første og siste dag, begge med): fra året før det
første brevåret (brevet for 1990 viser til budsjettvedtaket og årsrapporten for 1989) til ti år
etter det siste (så langt fram en frist kan ligge, TB303). En dato utenfor (`9999-12-31`,
`0001-01-01`) er en skrivefeil og en verdifeil (TB004); grensen holder også gjentakelser og
kalenderfiler (ICS) innenfor det en kalender kan regne med."""


def _plausible_date(value: date) -> date:
    first, last = GYLDIGE_DATOER
    if not first <= value <= last:
        raise ValueError(
            f"datoen {format_dato(value)} ligger utenfor tidsrommet et tildelingsbrev kan gjelde "
            f"({format_dato(first)}–{format_dato(last)})"
        )
    return value


def _no_controls(value: str) -> str:
    if has_controls(value):
        ch = next(c for c in value if has_controls(c))
        raise ValueError(f"teksten inneholder et kontrolltegn ({escape_controls(ch)}) som ikke er lov")
    return value


def _single_line(value: str) -> str:
    _no_controls(value)
    if "\n" in value:
        raise ValueError("teksten skal stå på én linje (inneholder linjeskift)")
    return value


Dato = Annotated[date, AfterValidator(_plausible_date)]
"""En dato (ISO i YAML: 2024-12-31) i tidsrommet `GYLDIGE_DATOER`."""

Linje = Annotated[str, AfterValidator(_single_line)]
"""Tekst på én linje: ingen linjeskift og ingen kontrolltegn (tabulator er lov). Titler, navn,
ID-er og korte felt; alt som kan havne på én linje i en terminal, en tabell eller en CSV-fil."""

Tekst = Annotated[str, AfterValidator(_no_controls)]
"""Tekst som kan gå over flere linjer (Markdown-prosa): linjeskift og tabulator er lov, andre
kontrolltegn ikke."""

Tittel = Annotated[str, StringConstraints(min_length=1, max_length=20_000), AfterValidator(_single_line)]
"""En `Linje` som ikke kan være tom (høyst 20 000 tegn): titler, navn og påkrevde korte tekster."""

ID_RE = r"^[a-zæøå0-9][a-zæøå0-9-]*$"

Id = Annotated[str, StringConstraints(pattern=ID_RE), AfterValidator(_single_line)]
"""En ID med små bokstaver, sifre og bindestrek (halvårsrapport-2024)."""

OPPDRAG_ID_RE = nummer.STANDARD.regex.pattern
"""Standardmønsteret for oppdragsnumre (`{år}-{nr:2}`) som regulært uttrykk: `2024-05`,
`2024-101`. Et repositorium kan ha et annet mønster (`innstillinger.yaml`, se
`tildelingsbrev.model.nummer`)."""


def _oppdrag_id(value: str, info: ValidationInfo) -> str:
    """Et oppdragsnummer: den generelle formen alltid, og mønsteret i repositoriet når
    innlesingen gir det med (`context={"oppdragsnummer": …}`)."""
    _single_line(value)
    mønster = (info.context or {}).get("oppdragsnummer") if isinstance(info.context, dict) else None
    if mønster is not None:
        if not mønster.gyldig(value):
            raise ValueError(mønster.feil_i(value))
    elif nummer.del_opp(value) is None:
        raise ValueError(nummer.STANDARD.feil_i(value))
    return value


OppdragId = Annotated[
    str,
    Field(json_schema_extra={"pattern": nummer.GENERELL_FORM, "maxLength": nummer.MAKS_LENGDE}),
    AfterValidator(_oppdrag_id),
]
"""Oppdragsnummeret etter mønsteret i repositoriet: standard `ÅÅÅÅ-NN`, året oppdraget ble
gitt og et løpenummer med to sifre (tre fra 100: `2024-101`; `2024-001` er ugyldig, så hvert
nummer har én skrivemåte). Et annet mønster, som `TB{år}-{nr}` (TB2026-14) eller `{nr}/{år}`
(13/2024), står i `innstillinger.yaml` (se `tildelingsbrev.model.nummer`)."""

Kroner = Annotated[int, Field(ge=0, le=10**13)]
"""Et beløp i hele kroner (heltall, ikke negativt, høyst 10 000 milliarder)."""

Kapittelnr = Annotated[int, Field(ge=1, le=9999)]
Postnr = Annotated[int, Field(ge=1, le=99)]
År = Annotated[int, Field(ge=BREVÅR[0], le=BREVÅR[1])]


class _IkkeUtfylt:
    """Typen til `IKKE_UTFYLT`."""

    _instance: _IkkeUtfylt | None = None

    def __new__(cls) -> _IkkeUtfylt:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "IKKE_UTFYLT"

    def __str__(self) -> str:
        return "(ikke utfylt)"

    def __reduce__(self) -> str:  # én og samme verdi også etter pickle (reglene i en egen prosess)
        return "IKKE_UTFYLT"


IKKE_UTFYLT = _IkkeUtfylt()
"""Verdien `Repo.lookup` gir for en markør som viser til et felt som finnes, men står tomt i et
utkast (`tildeling: null`, `budsjettvedtak: null`, eller en sum der et av beløpene er tomt).
Ikke None (da viser markøren til noe som ikke finnes, TB110) og ikke et tall: reglene som
sammenligner, hopper over den, og brevet viser «(ikke utfylt)»."""


class Base(BaseModel):
    # Feltenes docstrings blir beskrivelser i JSON-skjemaene (`tb schema`).
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


def _validate_asserted(value: object) -> object:
    """Et påstått beløp (en trykt sum) kan skrives som heltall i kroner eller som trykt tekst."""
    if isinstance(value, bool):
        raise ValueError("forventet et beløp, fikk en sannhetsverdi")
    if isinstance(value, int):
        return PrintedAmount(value=value, precision=1, text=None)
    if isinstance(value, str):
        parsed = parse_amount(value)
        if parsed is None:
            raise ValueError(
                f"«{value}» er ikke et beløp; skriv hele kroner (25200000) "
                "eller trykt form («25,2 mill. kroner»)"
            )
        return parsed
    raise ValueError("forventet et beløp")


from pydantic import BeforeValidator, PlainSerializer  # noqa: E402

Påstand = Annotated[
    PrintedAmount,
    BeforeValidator(_validate_asserted),
    PlainSerializer(lambda p: p.text if p.text is not None else p.value),
]
"""En trykt sum: en påstand som `tb check` sammenligner med summen av linjene."""


# ---------------------------------------------------------------- frister

Gjentakelse = Literal["månedlig", "annenhver måned", "kvartalsvis", "tertialvis", "halvårlig", "årlig", "annethvert år"]
"""Hvor ofte en frist gjentas: hver måned, annenhver måned, hvert kvartal (tre måneder), hvert
tertial (fire måneder), hvert halvår, hvert år eller annethvert år, regnet fra `fra`."""

UtenDato = Literal["avtales nærmere", "etter hendelse", "fortløpende", "ved behov", "fastsettes senere"]
"""En frist som ikke er en dato: «avtales nærmere» (med departementet), «etter hendelse» (etter
noe som ikke har dato ennå, for eksempel «etter gjennomført høring»), «fortløpende», «ved
behov» eller «fastsettes senere»."""


class Frist(Base):
    """Én frist for et oppdrag (eller en frist gitt i brevets tekst).

    Nøyaktig én av formene `dato`, `datoer`, `løpende`, `ut`, `rapport`, `gjentas` eller
    `uten_dato` bestemmer når fristen er:

    - `dato`: én dato.
    - `datoer`: en liste av datoer («15. januar 2024, 2025, 2026»).
    - `løpende: true`: ingen enkelt dato.
    - `ut: 2024`: ut året («Ut 2024»).
    - `rapport`: fristen følger en rapport i rapporteringskalenderen (brev.yaml, `rapportering`).
    - `gjentas`: årlig, halvårlig, tertialvis, kvartalsvis, månedlig (eller annenhver måned,
      annethvert år), fra og med `fra` til og med `til` (eller oppdragets siste frist).
    - `uten_dato`: en frist som ikke er en dato («avtales nærmere», «etter hendelse»,
      «fortløpende», «ved behov», «fastsettes senere»), med teksten slik den er trykt i
      `trykt` («Etter gjennomført høring»). Den regnes som en løpende frist: den er med i
      senere brev til den er levert, og `tb frister` og `tb status` viser den uten dato.
    """

    del_: Linje | None = Field(default=None, alias="del")
    """Delen fristen gjelder («Del I», «Del 2», «Frist etablering»)."""
    type: Literal["levering", "underveisrapport", "rapportering"] = "levering"
    """Hva fristen gjelder: «levering» av oppdraget (standard), en «underveisrapport» eller
    «rapportering»."""
    dato: Dato | None = None
    """Fristen som én dato, ÅÅÅÅ-MM-DD, for eksempel 2024-12-15 for «15.12.2024»."""
    datoer: list[Dato] | None = None
    """Flere datoer for samme frist, for eksempel [2024-01-15, 2025-01-15, 2026-01-15]
    for «15. januar 2024, 2025, 2026»."""
    løpende: bool = False
    """`true` for en løpende frist («Løpende»), uten noen enkelt dato."""
    ut: År | None = None
    """Året for «Ut ÅR»: fristen er ut året, til og med 31. desember. For eksempel 2024 for
    «Ut 2024»."""
    rapport: Linje | None = None
    """ID-en til rapporten i rapporteringskalenderen (brev.yaml, `rapportering`) som fristen
    følger, for eksempel halvårsrapport-2024."""
    gjentas: Gjentakelse | None = None
    """Hvor ofte fristen gjentas: «månedlig», «annenhver måned», «kvartalsvis», «tertialvis»,
    «halvårlig», «årlig» eller «annethvert år»."""
    uten_dato: UtenDato | None = None
    """En frist som ikke er en dato: «avtales nærmere», «etter hendelse», «fortløpende», «ved
    behov» eller «fastsettes senere». Teksten slik den er trykt står i `trykt`."""
    trykt: Linje | None = None
    """Fristen slik den er trykt, når den ikke er en dato, for eksempel «Etter gjennomført
    høring» eller «Avtales nærmere med departementet». Påkrevd for «etter hendelse» (hva
    fristen venter på); ellers er standard ordene i `uten_dato`."""
    fra: Dato | None = None
    """Første dato i en gjentatt frist (f.o.m.), ÅÅÅÅ-MM-DD, for eksempel 2024-03-20 for
    «F.o.m 20.03.24»."""
    til: Dato | None = None
    """Siste dato i en gjentatt frist (t.o.m.), ÅÅÅÅ-MM-DD. Uten den gjentas fristen til
    oppdragets siste frist."""
    ved_behov: bool = False
    """«samt ved behov»: i tillegg når departementet ber om det."""
    flyttet_fra: list[Dato] = Field(default_factory=list)
    """Tidligere frister, eldste først: «(01.06.2023) 31.12.2024»."""
    merknad: Linje | None = None
    """En kort tekst om fristen slik den er trykt, for eksempel «Halvårsrapportering»."""

    @model_validator(mode="after")
    def _one_form(self) -> Frist:
        forms = [
            name
            for name, present in (
                ("dato", self.dato is not None),
                ("datoer", self.datoer is not None),
                ("løpende", self.løpende),
                ("ut", self.ut is not None),
                ("rapport", self.rapport is not None),
                ("uten_dato", self.uten_dato is not None),
            )
            if present
        ]
        if self.gjentas is None and len(forms) != 1:
            raise ValueError(
                "en frist må ha nøyaktig én av dato, datoer, løpende, ut, rapport, gjentas eller uten_dato"
                + (f" (har {', '.join(forms)})" if forms else "")
            )
        if self.uten_dato == "etter hendelse" and not self.trykt:
            raise ValueError(
                "en frist «etter hendelse» trenger teksten slik den er trykt i `trykt`, for eksempel "
                "«Etter gjennomført høring»"
            )
        if self.trykt is not None and self.uten_dato is None:
            raise ValueError("`trykt` hører bare til en frist uten dato (`uten_dato`); bruk `merknad`")
        if self.uten_dato is not None and self.ved_behov:
            raise ValueError("en frist uten dato kan ikke også ha `ved_behov`; skriv `uten_dato: ved behov`")
        if self.gjentas is not None and forms:
            raise ValueError("en gjentatt frist bruker fra/til, ikke " + ", ".join(forms))
        if self.gjentas is None and (self.fra is not None or self.til is not None):
            raise ValueError("fra/til hører bare til en gjentatt frist (gjentas)")
        return self

    @property
    def uten_dato_tekst(self) -> str | None:
        """Fristen uten dato slik den er trykt («Etter gjennomført høring»), ellers ordene i
        `uten_dato` («avtales nærmere»); None for en frist med dato."""
        if self.uten_dato is None:
            return None
        return self.trykt or self.uten_dato

    def known_dates(self) -> list[date]:
        """Datoene som står i fristen selv (uten utvidelse av gjentakelser)."""
        out: list[date] = []
        if self.dato:
            out.append(self.dato)
        out.extend(self.datoer or [])
        if self.fra:
            out.append(self.fra)
        if self.til:
            out.append(self.til)
        return out


class BrevFrist(Frist):
    """En frist som står i brevets tekst utenfor kapittel 3."""

    id: Id
    """Fristens ID (små bokstaver, sifre og bindestrek), for eksempel mangfoldsrådgivere.
    Teksten viser til den med markøren `{{ frist.ID: 31.10.2024 }}`."""
    tekst: Tittel
    """Hva som skal gjøres innen fristen, for eksempel «Månedlig analyse av
    bosettingsarbeidet»."""
    gjennomgått: bool = True
    """`false` når fristen er flyttet ett år fram fra forrige års brev (`tb nytt-brev`) og ikke
    er lest på nytt; `tb check` varsler (TB602) til linja er fjernet eller satt til `true`."""


# ---------------------------------------------------------------- oppdrag


class Deloppdrag(Base):
    nr: int
    """Deloppdragets nummer, for eksempel 5 for «Deloppdrag 5»."""
    tittel: Linje | None = None
    """Deloppdragets tittel, der den er trykt, for eksempel «Etablering og oppfølging av
    nasjonalt tilbud om digital norskopplæring»."""


class Leveranse(Base):
    """At en frist eller en del av et oppdrag er levert: dato og eventuelt en referanse.

    `del` og `frist` sier hva som er levert: alle fristene til delen (`del`), fristen på
    datoen (`frist`), eller fristen på datoen i delen (begge). Minst én av dem må stå; at hele
    oppdraget er levert, skrives med `status: levert` og `levert` på oppdraget.
    """

    del_: Linje | None = Field(default=None, alias="del")
    """Delen som er levert, skrevet som i fristen (`del`), for eksempel «Del I»."""
    frist: Dato | None = None
    """Datoen til fristen som er levert, ÅÅÅÅ-MM-DD, for eksempel 2024-08-18 for én av
    datoene i en gjentatt frist eller fristen til en rapport."""
    dato: Dato
    """Datoen det ble levert, ÅÅÅÅ-MM-DD, for eksempel 2024-08-16."""
    ref: Linje | None = None
    """Et saksnummer eller dokument leveransen finnes i, for eksempel «24/1234-5» eller
    «Halvårsrapport 2024»."""

    @model_validator(mode="after")
    def _what(self) -> Leveranse:
        if self.del_ is None and self.frist is None:
            raise ValueError(
                "en leveranse må si hva som er levert: `del`, `frist` eller begge "
                "(hele oppdraget levert skrives med `status: levert` og `levert`)"
            )
        return self


_HJEMMEL_LOV = re.compile(r"\b(?:offentleglova|offentlegloven|offentleglov|offentlighetsloven|offl)\b", re.IGNORECASE)


def _hjemmel(value: str) -> str:
    """Hjemmelen for et unntak fra offentlighet: den nevner offentleglova (eller «offl.») og en
    paragraf («offl. § 15 første ledd», «offentleglova § 13 jf. forvaltningsloven § 13»)."""
    _single_line(value)
    if not _HJEMMEL_LOV.search(value) or "§" not in value:
        raise ValueError(
            f"«{value}» er ikke en hjemmel i offentleglova; skriv loven og paragrafen, for eksempel "
            "«offl. § 15 første ledd»"
        )
    return value


class Unntak(Base):
    """At et oppdrag er unntatt fra offentlighet, med hjemmelen i offentleglova."""

    hjemmel: Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_hjemmel)]
    """Hjemmelen for unntaket: offentleglova (eller «offl.») og paragrafen, for eksempel
    «offl. § 15 første ledd» eller «offentleglova § 20 første ledd bokstav c»."""


class Oppdrag(Base):
    """Et oppdrag, én fil per oppdrag: data/oppdrag/ÅÅÅÅ-NN.yaml.

    Oppdraget lever på tvers av brev: det er med i brevet for året det ble gitt, og i senere
    brev så lenge det var åpent da brevet ble skrevet og har en frist i brevets år eller senere
    (se `tildelingsbrev.model.snapshot`).
    """

    id: OppdragId
    """Oppdragsnummeret `ÅÅÅÅ-NN`: året oppdraget ble gitt og et løpenummer, for eksempel 2024-06.
    Det samme som filnavnet."""
    tittel: Tittel
    """Tittelen slik den står i listene i kapittel 3, med FoU-merking som trykt."""
    mål: Annotated[int, Field(ge=1, le=99)]
    """Nummeret på målet oppdraget står under i kapittel 3, for eksempel 2 for «Mål 2» (i
    brevet det ble gitt i, og i senere brev så lenge `mål_i_brev` ikke sier noe annet)."""
    mål_i_brev: dict[År, Annotated[int, Field(ge=1, le=99)]] = Field(default_factory=dict)
    """Målet oppdraget står under fra og med et senere brev, når målene er nummerert om: for
    eksempel `{2025: 3}` når mål 4 i 2024 er mål 3 fra 2025. Gjelder fra året og framover, til
    neste år i lista."""
    deloppdrag: list[Deloppdrag] = Field(default_factory=list)
    """Deloppdragene som er nevnt i brevet, for eksempel «Deloppdrag 2» og «Deloppdrag 4»."""
    samarbeid: list[Linje] = Field(default_factory=list)
    """Virksomheter oppdraget skal løses sammen med, for eksempel [Bufdir]."""
    frister: list[Frist] = Field(default_factory=list)
    """Oppdragets frister, én per del og type, slik fristkolonnen i kapittel 3 gir dem."""
    frist_trykt: Tekst | None = None
    """Fristkolonnen slik den er trykt, linje for linje, for eksempel «IMDis / halvårsrapport /
    2024». Den hører til det første brevet i data oppdraget står i: der viser brevet den i
    stedet for fristene skrevet fra `frister`, så lenge datoene i den er datoene i `frister`
    (TB306). Et senere brev skriver fristene fra `frister`. En linje som begynner med en del
    («Del II: …», «Frist oppfølging: …», «Deloppdrag 2») begynner på en ny linje i cellen; de
    andre linjene er trykt slik fordi kolonnen var smal, og skjøtes med et mellomrom."""
    plass_i_brev: dict[År, Annotated[int, Field(ge=1, le=999)]] = Field(default_factory=dict)
    """Plassen oppdraget er trykt på i lista under målet (nye eller tidligere oppdrag) i
    brevet for et år, når den trykte rekkefølgen ikke er den vanlige (nye etter nummer,
    tidligere nyeste år først og så etter nummer). For eksempel `{2024: 1}` for 2021-07, som
    er trykt først blant de tidligere oppdragene under mål 2 i brevet for 2024."""
    tillegg: Annotated[int, Field(ge=1, le=99)] | None = None
    """Nummeret på tillegget til brevet for året oppdraget ble gitt i, når det ble gitt i et
    tillegg og ikke i selve brevet, for eksempel 2 for «Tillegg nr. 2 til tildelingsbrev 2024».
    Oppdraget står da ikke i brevet for året, men i tillegget (`nye_oppdrag`) og i
    gjeldende tildeling fra tilleggets dato."""
    status: Literal["åpen", "levert", "avsluttet"] = "åpen"
    """«åpen» (standard), «levert» eller «avsluttet». Et levert eller avsluttet oppdrag er ikke
    med i brev skrevet etter datoen i `levert` eller `avsluttet`."""
    levert: Dato | None = None
    """Datoen hele oppdraget ble levert, ÅÅÅÅ-MM-DD, for eksempel 2024-12-13 (med `status:
    levert`)."""
    avsluttet: Dato | None = None
    """Datoen departementet avsluttet oppdraget uten (full) leveranse, ÅÅÅÅ-MM-DD (med `status:
    avsluttet`)."""
    referanse: Linje | None = None
    """Et saksnummer eller dokument leveransen av hele oppdraget finnes i, for eksempel
    «25/311-4»."""
    leveranser: list[Leveranse] = Field(default_factory=list)
    """Leveranser av enkeltfrister og deler, for eksempel en underveisrapport eller én av
    rapportene i en gjentatt frist (`tb levert`)."""
    merknad: Tekst | None = None
    """En fri merknad om oppdraget; den gjengis ikke i brevet."""
    ansvarlig: Linje | None = None
    """Avdelingen i departementet som har ansvaret for oppdraget, for eksempel
    «Integreringsavdelingen». Vises av `tb vis`, `tb frister` og `tb status`."""
    unntatt_offentlighet: Unntak | None = None
    """Oppdraget er unntatt fra offentlighet, med hjemmelen, for eksempel `{hjemmel: "offl. §
    15 første ledd"}`. `tb frister`, `tb status` og `tb vis` tar det bare med med `--intern`
    (aldri i JSON, CSV eller kalenderen uten), og `tb check` varsler når offentlig tekst viser
    til det (TB115)."""

    @property
    def unntatt(self) -> bool:
        """Om oppdraget er unntatt fra offentlighet (`unntatt_offentlighet`)."""
        return self.unntatt_offentlighet is not None

    @cached_property
    def år(self) -> int:
        """Året oppdraget ble gitt (`{år}` i nummeret: 2024 i 2024-05, TB2024-5 og 5/2024)."""
        return (nummer.del_opp(self.id) or (0, 0))[0]

    @cached_property
    def nr(self) -> int:
        """Løpenummeret (`{nr}` i nummeret: 5 i 2024-05, TB2024-5 og 5/2024)."""
        return (nummer.del_opp(self.id) or (0, 0))[1]

    @property
    def rekkefølge(self) -> tuple[int, int, str]:
        """Sorteringsnøkkelen: året, løpenummeret og nummeret (5/2024 før 13/2024)."""
        return (self.år, self.nr, self.id)

    @property
    def fou(self) -> str | None:
        """FoU-merkingen lest ut av tittelen: «FoU», «delvis FoU», «herunder FoU» eller None."""
        return fou_marking(self.tittel)


_FOU_PATTERNS = (
    (re.compile(r"\((?:[^()]*\s)?delvis\s+fou\b[^()]*\)", re.I), "delvis FoU"),
    (re.compile(r"\bherunder\s+fou\b", re.I), "herunder FoU"),
    (re.compile(r"\((?:[^()]*\s)?fou\b[^()]*\)", re.I), "FoU"),
    (re.compile(r"^fou-oppdrag\b", re.I), "FoU"),
)


def fou_marking(tittel: str) -> str | None:
    """FoU-merkingen i en tittel: «(FoU)», «(delvis FoU)», «herunder FoU», «FoU-oppdrag …».

    «samarbeid om FoU» i selve tittelen er ingen merking.
    """
    for pattern, kind in _FOU_PATTERNS:
        if pattern.search(tittel):
            return kind
    return None


# ---------------------------------------------------------------- mål og styringsparametere


class Mål(Base):
    """Et mål i brevet for et år: data/mål/ÅR/mål-N.yaml."""

    år: År
    """Budsjettåret, for eksempel 2024; det samme som årsmappa fila ligger i."""
    nr: Annotated[int, Field(ge=1, le=99)]
    """Målets nummer, for eksempel 3 for «Mål 3»."""
    tittel: Tittel
    """Målets tittel, for eksempel «Innvandrere har høy deltakelse i samfunnsliv»."""
    tekst: Tekst = ""
    """Teksten under målet i kapittel 3, som Markdown."""
    tidligere_oppdrag_frist_år: År | None = None
    """Året i overskriften «Oppdrag som er gitt tidligere med leveringsfrist i ÅR eller
    senere …», slik den er trykt under dette målet."""
    nye_oppdrag_overskrift: Linje | None = None
    """Overskriften over de nye oppdragene under målet slik den er trykt, når den ikke er malens
    («Oppdrag som skal bidra til å oppnå mål nr. 1:»), for eksempel «Oppdrag som skal bidra til å
    nå mål nr. 3:»."""
    gjennomgått: bool = True
    """`false` når målet er kopiert fra forrige års brev (`tb nytt-brev`) og ikke er lest på
    nytt; `tb check` varsler (TB602) til linja er fjernet eller satt til `true`."""


class Styringsparameter(Base):
    """En styringsparameter: data/styringsparametere/ÅR/sp-NN.yaml."""

    år: År
    """Budsjettåret, for eksempel 2024; det samme som årsmappa fila ligger i."""
    nr: Annotated[int, Field(ge=1, le=999)]
    """Nummeret, løpende over hele brevet, for eksempel 1 for «SP 1»."""
    mål: Annotated[int, Field(ge=1, le=99)]
    """Nummeret på målet styringsparameteren hører til, for eksempel 1 for «Mål 1»."""
    tekst: Tittel
    """Styringsparameteren slik den er trykt, for eksempel «Andel deltakere som går over i
    arbeid og/eller utdanning etter å ha deltatt i Jobbsjansen»."""
    gjennomgått: bool = True
    """`false` når styringsparameteren er kopiert fra forrige års brev (`tb nytt-brev`) og ikke
    er lest på nytt; `tb check` varsler (TB602) til linja er fjernet eller satt til `true`."""


# ---------------------------------------------------------------- brevet


class Part(Base):
    """Avsenderen eller mottakeren av brevet: navnet, forkortelsen og postadressen."""

    navn: Tittel
    """Det fulle navnet, for eksempel «Arbeids- og inkluderingsdepartementet»."""
    kortnavn: Linje | None = None
    """Forkortelsen, for eksempel «AID» eller «IMDi»."""
    adresse: list[Linje] = Field(default_factory=list)
    """Postadressen i brevhodet, linje for linje, for eksempel [Postboks 8019 Dep, 0030 Oslo].
    Uten adresse viser brevhodet bare navnet."""


class Signatar(Base):
    navn: Tittel
    """Navnet på den som signerer, for eksempel «Eli Telhaug»."""
    tittel: Tittel
    """Stillingen, for eksempel «departementsråd» eller «ekspedisjonssjef»."""


class Vedlegg(Base):
    nr: Annotated[int, Field(ge=1, le=99)]
    """Vedleggets nummer, for eksempel 1 for «Vedlegg nr. 1»."""
    tittel: Tittel
    """Vedleggets tittel, for eksempel «Oppdrag» eller «Budsjettfullmakter»."""


class Rapport(Base):
    """En rad i rapporteringskalenderen (pkt. 8.1)."""

    id: Id
    """Rapportens ID (små bokstaver, sifre og bindestrek), for eksempel halvårsrapport-2024. En
    frist kan vise til den med `rapport`."""
    tittel: Tittel
    """Rapporten slik den står i kalenderen, for eksempel «Halvårsrapportering for 2024»."""
    telletidspunkt: Dato | None = None
    """Datoen tallene i rapporten gjelder per, ÅÅÅÅ-MM-DD, for eksempel 2024-06-30. Uten den
    har rapporten ikke noe telletidspunkt (for eksempel et budsjettinnspill), og kalenderen
    viser ingen dato i kolonnen."""
    frist: Dato
    """Rapporteringsfristen, ÅÅÅÅ-MM-DD, for eksempel 2024-08-18 for «Innen 18. august 2024»."""


class Kapitteltekst(Base):
    """Et kapittel eller delkapittel i brevet og fila med prosaen."""

    nr: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*$"), AfterValidator(_single_line)]
    """Kapittelnummeret som tekst i anførselstegn, med punktum mellom nivåene, for eksempel
    "3.2"."""
    tittel: Tittel
    """Kapitlets overskrift, for eksempel «Sikkerhet og beredskap»."""
    tekst: Linje | None = None
    """Fila med prosaen, relativt til brevets mappe (tekst/01-innledning.md)."""
    nummer_trykt: bool | Linje = True
    """Om kapittelnummeret står i det publiserte brevet (`false`: overskriften er trykt uten
    nummer), eller nummeret slik det er trykt når det ikke er `nr`, for eksempel «9.1.» med
    punktum."""
    gjennomgått: bool = True
    """`false` når kapitlet og prosafila er kopiert fra forrige års brev (`tb nytt-brev`) og ikke
    er lest på nytt; `tb check` varsler (TB602) til linja er fjernet eller satt til `true`."""


class Brev(Base):
    """Brevets metadata: data/brev/ÅR/brev.yaml."""

    år: År
    """Budsjettåret brevet gjelder, for eksempel 2024; det samme som årsmappa (brev/2024/)."""
    tittel: Tittel
    """Brevets tittel, for eksempel «Tildelingsbrev 2024 – Integrerings- og
    mangfoldsdirektoratet»."""
    avsender: Part
    """Departementet som sender brevet, for eksempel Arbeids- og inkluderingsdepartementet (AID)."""
    mottaker: Part
    """Virksomheten brevet går til, for eksempel Integrerings- og mangfoldsdirektoratet (IMDi)."""
    dato: Dato | None = None
    """Brevets dato («Dato» i brevhodet). Mangler i teksten av det publiserte brevet for 2024."""
    deres_ref: Linje | None = None
    """Mottakerens referanse («Deres ref» i brevhodet), for eksempel «23/987»; uten den står
    feltet ikke i brevhodet."""
    vår_ref: Linje | None = None
    """Departementets saksnummer («Vår ref» i brevhodet), for eksempel «23/4512-3»; uten det
    står feltet ikke i brevhodet."""
    kopi: list[Linje] = Field(default_factory=list)
    """Kopimottakerne («Kopi til» etter signaturene), for eksempel [Riksrevisjonen]."""
    elektronisk_godkjent: bool | Linje = False
    """Linja under signaturene når brevet er godkjent elektronisk: `true` gir «Dokumentet er
    elektronisk godkjent og har derfor ikke håndskrevne signaturer.»; en tekst gir
    departementets egen formulering. Standard: ingen linje."""
    proposisjon: Tittel
    """Budsjettproposisjonen brevet bygger på, for eksempel «Prop. 1 S (2023–2024)»."""
    innstilling: Tittel
    """Stortingskomiteens innstilling brevet bygger på, for eksempel «Innst. 16 S (2023–2024)»."""
    budsjettvedtak: Dato | None
    """Datoen for Stortingets budsjettvedtak. `null` i et utkast til vedtaket er fattet: ikke
    utfylt (TB601)."""
    signatarer: list[Signatar]
    """De som signerer brevet, i trykt rekkefølge (departementsråd og ekspedisjonssjef)."""
    vedlegg: list[Vedlegg]
    """Brevets vedlegg, for eksempel «Vedlegg nr. 1 Oppdrag»."""
    kapitler: list[Kapitteltekst]
    """Brevets kapitler og delkapitler i rekkefølge, hvert med fila for prosaen."""
    rapportering: list[Rapport]
    """Rapporteringskalenderen i pkt. 8.1: års- og halvårsrapportene, hver med telletidspunkt
    og frist."""
    frister: list[BrevFrist] = Field(default_factory=list)
    """Frister som står i brevets tekst utenfor kapittel 3, for eksempel «innen 31.10.2024» i
    pkt. 9.1."""
    målform: Literal["bokmål", "nynorsk"] = "bokmål"
    """Målformen brevet skrives på: `bokmål` (standard) eller `nynorsk`. Ord `tb` lager i brevet
    (malene, fristteksten, månedsnavn) følger den; meldingene fra `tb` selv er på bokmål."""
    gjennomgått: bool = True
    """`false` når brevet er et utkast kopiert fra forrige års brev (`tb nytt-brev`) og tittelen,
    Prop./Innst., signatarene og vedleggene ikke er lest på nytt; `tb check` varsler (TB602) til
    linja er fjernet eller satt til `true`."""


# ---------------------------------------------------------------- budsjett

Stikkord = Linje

INNTEKTSKAPITLER = (3000, 5999)
"""Kapitlene for inntekter i statsbudsjettet (første og siste, begge med): kap. 3000–5999.
Kap. 1–2999 er utgifter. Et inntektskapittel hører som regel til utgiftskapitlet med samme
tre siste sifre (kap. 3671 til kap. 671)."""

POSTGRUPPER_UTGIFT = (
    (1, 29, "driftsutgifter"),
    (30, 49, "investeringer"),
    (50, 59, "overføringer til andre statsregnskaper"),
    (60, 69, "overføringer til kommuner og fylkeskommuner"),
    (70, 89, "overføringer til private"),
    (90, 99, "utlån, statsgjeld mv."),
)
"""Postgruppene i et utgiftskapittel (kap. 1–2999)."""

POSTGRUPPER_INNTEKT = (
    (1, 29, "driftsinntekter (salg, leie, gebyrer)"),
    (30, 49, "inntekter i forbindelse med investeringer"),
    (50, 89, "overføringer fra andre (skatter, avgifter, tilskudd, renter og utbytte)"),
    (90, 99, "tilbakebetalinger mv."),
)
"""Postgruppene i et inntektskapittel (kap. 3000–5999): de samme postnumrene betyr inntekter."""


def er_inntekt(kapittel: int) -> bool:
    """Om kapitlet er et inntektskapittel (kap. 3000–5999) og ikke et utgiftskapittel. Regelen
    står i `INNTEKTSKAPITLER`; den gjelder kapitlet og alle postene i det."""
    return INNTEKTSKAPITLER[0] <= kapittel <= INNTEKTSKAPITLER[1]


def postgruppe(kapittel: int, post: int) -> str:
    """Navnet på postgruppa en post hører til, med inntektsbetydningen i et inntektskapittel:
    post 01 er «driftsutgifter» på kap. 671 og «driftsinntekter (salg, leie, gebyrer)» på kap. 3671."""
    groups = POSTGRUPPER_INNTEKT if er_inntekt(kapittel) else POSTGRUPPER_UTGIFT
    return next((name for lo, hi, name in groups if lo <= post <= hi), "ukjent postgruppe")


class Mottaker(Base):
    """En tilskuddsmottaker med sitt beløp."""

    navn: Tittel
    """Mottakerens navn, for eksempel «Antirasistisk senter (ARS)»."""
    beløp: Kroner | None
    """Beløpet i hele kroner (heltall), for eksempel 6075000; `null` i et utkast: ikke utfylt
    (TB601)."""


class Fordeling(Base):
    """En del av en post: en delordning, et tiltak eller et formål med sitt beløp."""

    tekst: Tittel
    """Teksten som beskriver delen, slik den er trykt, for eksempel «norskopplæringsordning»."""
    beløp: Kroner | None
    """Beløpet i hele kroner (heltall), for eksempel 47433000 for «47,433 mill. kroner»; `null`
    i et utkast: ikke utfylt (TB601)."""
    merknad: Linje | None = None
    """Tekst som står etter delen i brevet, for eksempel hva midlene skal gå til."""
    mottakere: list[Mottaker] = Field(default_factory=list)
    """Tilskuddsmottakerne i delen med beløpene sine, for eksempel de nasjonale ressursmiljøene
    på post 671.71."""
    mottakere_overskrift: Linje | None = None
    """Setningen foran lista av mottakere, slik den er trykt, for eksempel «Tilskudd til
    nasjonale ressursmiljø har følgende fordeling:»."""
    sum: Påstand | None = None
    """Den trykte summen av mottakerne (påstand)."""


class Binding(Base):
    """En budsjettbinding til et oppdrag, med oppdragets nummer og tittel slik de står her."""

    oppdrag: OppdragId
    """Oppdragsnummeret slik det står i bindingen, for eksempel 2024-05."""
    tittel: Tittel
    """Oppdragets tittel slik den er trykt i bindingen; `tb check` sammenligner den med tittelen
    i kapittel 3."""
    beløp: Kroner | None
    """Det bundne beløpet i hele kroner (heltall), for eksempel 1000000 for «1,0 mill. kroner»;
    `null` i et utkast: ikke utfylt (TB601)."""
    beløp_trykt: Påstand | None = None
    """Beløpet slik det er trykt, når formen ikke er den vanlige (færrest mulige desimaler), for
    eksempel «1,0 mill. kroner» for 1000000. Brevet skriver beløpet fra `beløp` i den trykte
    formen; `tb check` sjekker at de to er det samme beløpet (TB209)."""


class Bindingsgruppe(Base):
    id: Id
    """Gruppas ID (små bokstaver, sifre og bindestrek), for eksempel nye eller tidligere.
    Teksten viser til summen med markøren `{{ bindinger.ID: 4,5 mill. kroner }}`."""
    overskrift: Tittel
    """Overskriften på lista slik den er trykt, for eksempel «Nye prosjekter på post 601.21»."""
    sum: Påstand | None = None
    """Den trykte summen av bindingene i gruppa (påstand), for eksempel «4,5 mill. kroner»."""
    linjer: list[Binding] = Field(default_factory=list)
    """Bindingene i gruppa, én linje per oppdrag."""
    innenfor: Linje | None = None
    """Teksten til fordelingslinja (`fordeling`) bindingene ligger innenfor, når posten både
    fordeles og har bindinger, og bindingene er en del av én av delene, for eksempel
    «norskopplæringsordning». Uten den ligger bindingene ved siden av fordelingen: fordelingen
    og bindingene er da til sammen tildelingen (TB204)."""


class Post(Base):
    """En budsjettpost i brevet for et år: data/budsjett/ÅR/KKK-PP.yaml."""

    år: År
    """Budsjettåret, for eksempel 2024; det samme som årsmappa fila ligger i."""
    kapittel: Kapittelnr
    """Kapitlet posten hører til, for eksempel 601 for «Kap. 601»."""
    post: Postnr
    """Postnummeret, for eksempel 21 for «Post 21»."""
    betegnelse: Tittel
    """Postens betegnelse slik den står i tabellen, uten stikkord."""
    stikkord: list[Stikkord] = Field(default_factory=list)
    """Postens stikkord, for eksempel [kan overføres] eller [overslagsbevilgning]."""
    tildeling: Kroner | None
    """Virksomhetens tildeling («Tildeling 2024» i tabellen)."""
    bevilget: Påstand | None = None
    """Stortingets bevilgning på hele posten, der brevet oppgir den, med trykt presisjon
    («291,4 mill. kroner») eller i hele kroner. `bevilget: null` skrevet ut i et utkast: ikke
    utfylt (TB601); uten feltet oppgir brevet ingen bevilgning."""
    overskrift: Linje | None = None
    """Overskriften på postens avsnitt i pkt. 9, slik den er trykt (med stikkord)."""
    tekst: Tekst = ""
    """Postens avsnitt i pkt. 9, som Markdown, med markører som
    `{{ tildeling: 25,2 mill. kroner }}`."""
    fordeling: list[Fordeling] = Field(default_factory=list)
    """Hvordan tildelingen fordeles på delordninger, tiltak eller formål, hver med sitt beløp."""
    bindinger: list[Bindingsgruppe] = Field(default_factory=list)
    """Budsjettbindingene til oppdrag, i grupper slik de er trykt (for eksempel nye prosjekter
    og oppdrag gitt tidligere)."""
    gjennomgått: bool = True
    """`false` når posten er kopiert fra forrige års brev (`tb nytt-brev`) og ikke er lest på
    nytt; `tb check` varsler (TB602) til linja er fjernet eller satt til `true`."""

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}.{self.post:02d}"

    @property
    def inntekt(self) -> bool:
        """Om posten er en inntektspost (i et inntektskapittel, kap. 3000–5999). `tildeling` er
        da inntekten virksomheten skal ha (inntektskravet), ikke en bevilgning til utgifter, og
        den summeres aldri sammen med utgiftene."""
        return er_inntekt(self.kapittel)

    @property
    def postgruppe(self) -> str:
        """Postgruppa («driftsutgifter», «driftsinntekter (salg, leie, gebyrer)»), se `postgruppe`."""
        return postgruppe(self.kapittel, self.post)

    @property
    def bevilget_tom(self) -> bool:
        """`bevilget: null` står i fila: en bevilgning som ikke er fylt inn (et utkast)."""
        return self.bevilget is None and "bevilget" in self.model_fields_set


class Kapittel(Base):
    """Et budsjettkapittel i brevet for et år: data/budsjett/ÅR/kap-KKK.yaml."""

    år: År
    """Budsjettåret, for eksempel 2024; det samme som årsmappa fila ligger i."""
    kapittel: Kapittelnr
    """Kapittelnummeret i statsbudsjettet, for eksempel 671 for «Kap. 671»."""
    navn: Tittel
    """Kapitlets navn, for eksempel «Bosetting av flyktninger og tiltak for innvandrere»."""
    sum: Påstand | None = None
    """Den trykte «Sum» under tabellen (påstand)."""
    enhet_trykt: Linje | None = None
    """Teksten over tabellen som sier enheten, slik den er trykt, for eksempel «(i kroner)»."""
    tekst: Tekst = ""
    """Teksten om kapitlet i pkt. 9, som Markdown, med markører for beløp og datoer."""
    gjennomgått: bool = True
    """`false` når kapitlet er kopiert fra forrige års brev (`tb nytt-brev`) og ikke er lest på
    nytt; `tb check` varsler (TB602) til linja er fjernet eller satt til `true`."""

    @property
    def inntekt(self) -> bool:
        """Om kapitlet er et inntektskapittel (kap. 3000–5999, se `er_inntekt`)."""
        return er_inntekt(self.kapittel)


# ---------------------------------------------------------------- fullmakter


class Postreferanse(Base):
    """En post i brevets budsjett: kapittel og post."""

    kapittel: Kapittelnr
    """Kapitlet, for eksempel 671 (utgift) eller 3671 (inntekt)."""
    post: Postnr
    """Posten, for eksempel 21."""

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}.{self.post:02d}"


Fullmaktstype = Literal[
    "merinntektsfullmakt",
    "bestillingsfullmakt",
    "tilsagnsfullmakt",
    "overskridelsesfullmakt",
    "annen",
]
"""Fullmaktene etter bevilgningsreglementet (R-110) et tildelingsbrev gir videre:

- «merinntektsfullmakt»: kan overskride bevilgningen på en utgiftspost mot tilsvarende
  merinntekter på en inntektspost (`utgiftspost` og `inntektspost`);
- «bestillingsfullmakt»: kan bestille varer og tjenester for senere år ut over bevilgningen,
  innenfor en samlet ramme (`utgiftspost` og `ramme`);
- «tilsagnsfullmakt»: kan gi tilsagn om tilskudd for senere år ut over bevilgningen, innenfor
  en ramme (`utgiftspost` og `ramme`);
- «overskridelsesfullmakt»: kan overskride bevilgningen på en post (`utgiftspost`, gjerne med
  `ramme`);
- «annen»: en annen fullmakt, bare med teksten."""


class Fullmakt(Base):
    """En budsjettfullmakt brevet gir virksomheten (bevilgningsreglementet, R-110)."""

    id: Id
    """Fullmaktens ID (små bokstaver, sifre og bindestrek), for eksempel merinntekt-671-21."""
    type: Fullmaktstype
    """Hva slags fullmakt: «merinntektsfullmakt», «bestillingsfullmakt», «tilsagnsfullmakt»,
    «overskridelsesfullmakt» eller «annen»."""
    tekst: Tekst
    """Fullmakten slik den er trykt, for eksempel «IMDi kan overskride bevilgningen på kap. 671
    post 21 mot tilsvarende merinntekter på kap. 3671 post 01»."""
    grunnlag: Linje | None = None
    """Vedtaket fullmakten bygger på, med året, for eksempel «Prop. 1 S (2023–2024),
    romertallsvedtak II»."""
    utgiftspost: Postreferanse | None = None
    """Utgiftsposten fullmakten gjelder (kap. 1–2999); posten må finnes i brevets budsjett."""
    inntektspost: Postreferanse | None = None
    """Inntektsposten merinntektene føres på (kap. 3000–5999), for en merinntektsfullmakt;
    posten må finnes i brevets budsjett."""
    ramme: Kroner | None = None
    """Grensen for fullmakten i hele kroner, for eksempel den samlede rammen for en
    bestillingsfullmakt (50000000 for «50 mill. kroner»). `ramme: null` skrevet ut i et utkast
    (`tb nytt-brev`): ikke utfylt."""

    @property
    def ramme_tom(self) -> bool:
        """`ramme: null` står i fila: en ramme som ikke er fylt inn (et utkast)."""
        return self.ramme is None and "ramme" in self.model_fields_set

    @model_validator(mode="after")
    def _parts(self) -> Fullmakt:
        needs = {
            "merinntektsfullmakt": ("utgiftspost", "inntektspost"),
            "bestillingsfullmakt": ("utgiftspost", "ramme"),
            "tilsagnsfullmakt": ("utgiftspost", "ramme"),
            "overskridelsesfullmakt": ("utgiftspost",),
        }.get(self.type, ())
        # `ramme: null` skrevet ut er en ramme som ikke er fylt inn ennå (et utkast), ikke en som mangler
        missing = [name for name in needs if getattr(self, name) is None and not (name == "ramme" and self.ramme_tom)]
        if missing:
            raise ValueError(f"en {self.type} trenger {' og '.join(f'`{m}`' for m in missing)}")
        return self


class Belastningsfullmakt(Base):
    """Midler et annet departement stiller til disposisjon på sitt eget kapittel
    (belastningsfullmakt): virksomheten kan belaste det kapitlet (eller én post i det). Beløpet
    er ikke en del av brevets egne poster og summer."""

    departement: Tittel
    """Departementet som eier kapitlet, for eksempel «Kunnskapsdepartementet»."""
    kapittel: Kapittelnr
    """Kapitlet som kan belastes, for eksempel 226; det er ikke et av brevets egne kapitler."""
    post: Postnr | None = None
    """Posten som kan belastes, for eksempel 21; uten den gjelder fullmakten hele kapitlet."""
    beløp: Kroner | None = None
    """Beløpet i hele kroner («inntil 5 mill. kroner»: 5000000); uten det oppgir brevet ikke noe
    beløp. `beløp: null` skrevet ut i et utkast (`tb nytt-brev`): ikke utfylt."""
    tekst: Tekst = ""
    """Hva midlene skal brukes til, slik det er trykt."""

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}" + (f".{self.post:02d}" if self.post is not None else "")

    @property
    def beløp_tom(self) -> bool:
        """`beløp: null` står i fila: et beløp som ikke er fylt inn (et utkast)."""
        return self.beløp is None and "beløp" in self.model_fields_set


class Fullmakter(Base):
    """Budsjettfullmaktene i brevet for et år (vedlegget «Budsjettfullmakter»):
    data/budsjett/ÅR/fullmakter.yaml."""

    år: År
    """Budsjettåret, for eksempel 2024; det samme som årsmappa fila ligger i."""
    fullmakter: list[Fullmakt] = Field(default_factory=list)
    """Fullmaktene etter bevilgningsreglementet (merinntekt, bestilling, tilsagn …)."""
    belastningsfullmakter: list[Belastningsfullmakt] = Field(default_factory=list)
    """Midler andre departementer stiller til disposisjon på sine kapitler."""
    gjennomgått: bool = True
    """`false` når fullmaktene er kopiert fra forrige års brev (`tb nytt-brev`) og ikke er lest
    på nytt (grunnlaget, rammene og beløpene)."""


# ---------------------------------------------------------------- innstillinger


def _mønster(value: str) -> str:
    _single_line(value)
    feil = nummer.mønster_feil(value)
    if feil is not None:
        raise ValueError(feil)
    return value


class Innstillinger(Base):
    """Innstillingene for repositoriet: data/innstillinger.yaml (valgfri; uten den gjelder
    standardene)."""

    oppdragsnummer: Annotated[str, AfterValidator(_mønster)] = nummer.STANDARD_MØNSTER
    """Mønsteret oppdragsnumrene følger: `{år}` (fire sifre), `{nr}` (løpenummeret uten nuller
    foran) eller `{nr:2}` (minst to sifre), og bokstaver og skilletegn (- / . _) rundt dem.
    Standard «{år}-{nr:2}» (2024-05); andre er «TB{år}-{nr}» (TB2026-14) og «{nr}/{år}»
    (13/2024, i fila oppdrag/13-2024.yaml)."""


# ---------------------------------------------------------------- tillegg

Endring = Annotated[int, Field(ge=-(10**13), le=10**13)]
"""En endring i hele kroner, med fortegn: 5000000 for en økning på 5 mill., -2000000 for en
reduksjon."""


class Endringslinje(Base):
    """En spesifisert del av en endring («herav 2,0 mill. kroner til …»)."""

    tekst: Tittel
    """Hva delen gjelder, slik den er trykt, for eksempel «tilskudd til kvalifisering av tolker»."""
    beløp: Endring
    """Delen av endringen i hele kroner, med fortegn."""


class Postendring(Base):
    """En endring i tildelingen på en post som finnes i brevet (eller i et tidligere tillegg)."""

    kapittel: Kapittelnr
    """Kapitlet, for eksempel 671."""
    post: Postnr
    """Posten, for eksempel 62."""
    endring: Endring
    """Endringen i hele kroner, med fortegn, for eksempel 5000000 for «økes med 5,0 mill. kroner»."""
    tidligere: Påstand | None = None
    """Tildelingen før endringen slik tillegget trykker den (påstand): brevet pluss alle
    tidligere tillegg."""
    ny: Påstand | None = None
    """Tildelingen etter endringen slik tillegget trykker den (påstand): `tidligere` + `endring`."""
    tekst: Tekst = ""
    """Teksten om endringen, som Markdown."""
    linjer: list[Endringslinje] = Field(default_factory=list)
    """Endringen spesifisert («herav …»); linjene summerer til `endring`."""

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}.{self.post:02d}"


class NyPost(Base):
    """En post som ikke sto i brevet, tildelt i tillegget."""

    kapittel: Kapittelnr
    """Kapitlet, for eksempel 671 (det må finnes i brevet for året)."""
    post: Postnr
    """Postnummeret, for eksempel 74."""
    betegnelse: Tittel
    """Postens betegnelse, uten stikkord."""
    stikkord: list[Stikkord] = Field(default_factory=list)
    """Postens stikkord, for eksempel [kan overføres]."""
    tildeling: Kroner
    """Tildelingen i hele kroner."""
    tekst: Tekst = ""
    """Teksten om posten, som Markdown."""

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}.{self.post:02d}"


class Presisering(Base):
    """En presisering av et oppdrag gitt tidligere: ny tekst, og nye deler eller frister."""

    oppdrag: OppdragId
    """Oppdragsnummeret, for eksempel 2023-26."""
    tittel: Tittel
    """Oppdragets tittel slik tillegget siterer den; `tb check` sammenligner den med oppdraget."""
    tekst: Tekst = ""
    """Presiseringen, som Markdown."""
    frister: list[Frist] = Field(default_factory=list)
    """Nye deler eller frister som kommer i tillegg til oppdragets egne."""


class TrukketOppdrag(Base):
    """Et oppdrag departementet trekker tilbake."""

    oppdrag: OppdragId
    """Oppdragsnummeret, for eksempel 2024-08."""
    tittel: Tittel
    """Oppdragets tittel slik tillegget siterer den."""
    begrunnelse: Tekst = ""
    """Hvorfor oppdraget trekkes, som Markdown."""


class FlyttetFrist(Base):
    """En frist som flyttes til en ny dato."""

    oppdrag: OppdragId
    """Oppdragsnummeret, for eksempel 2024-13."""
    tittel: Tittel
    """Oppdragets tittel slik tillegget siterer den."""
    del_: Linje | None = Field(default=None, alias="del")
    """Delen fristen gjelder, skrevet som i oppdragets frister (når oppdraget har flere)."""
    fra: Dato
    """Fristen slik den var, ÅÅÅÅ-MM-DD."""
    til: Dato
    """Den nye fristen, ÅÅÅÅ-MM-DD."""


class Sammendrag(Base):
    """Oversikten øverst i tillegget: postene og oppdragene det endrer."""

    poster: list[Annotated[str, StringConstraints(pattern=r"^\d{3,4}\.\d{2}$")]] = Field(default_factory=list)
    """Postene tillegget endrer eller tildeler, som «671.62»."""
    oppdrag: list[OppdragId] = Field(default_factory=list)
    """Oppdragene tillegget gir, presiserer, trekker eller flytter frister for."""


class Tillegg(Base):
    """Et tillegg til tildelingsbrevet for et år: data/brev/ÅR/tillegg/tillegg-N.yaml.

    Tillegget endrer aldri brevet: brevet gjengis som før, og «gjeldende tildeling» (brevet med
    alle tilleggene fram til en dato) regnes ut (`tildelingsbrev.model.snapshot.gjeldende`).
    """

    år: År
    """Budsjettåret, det samme som brevet tillegget hører til (brev/ÅR/)."""
    nr: Annotated[int, Field(ge=1, le=99)]
    """Tilleggets nummer i året, for eksempel 2 for «Tillegg nr. 2»; det samme som i filnavnet."""
    tittel: Tittel
    """Tittelen, for eksempel «Tillegg nr. 2 til tildelingsbrev 2024 – Integrerings- og
    mangfoldsdirektoratet»."""
    dato: Dato
    """Tilleggets dato, ÅÅÅÅ-MM-DD."""
    referanse: Linje | None = None
    """Departementets saksnummer, for eksempel «24/1234-7»."""
    grunnlag: Tekst
    """Grunnlaget for tillegget, for eksempel «Stortingets behandling av Prop. 104 S (2023–2024),
    jf. Innst. 447 S (2023–2024)»."""
    tekst: Tekst = ""
    """Tilleggets innledning og andre føringer, som Markdown."""
    sammendrag: Sammendrag = Field(default_factory=Sammendrag)
    """Oversikten øverst: postene og oppdragene tillegget endrer."""
    poster: list[Postendring] = Field(default_factory=list)
    """Endringer i tildelingen på poster som finnes."""
    nye_poster: list[NyPost] = Field(default_factory=list)
    """Poster som tildeles for første gang i året."""
    nye_oppdrag: list[OppdragId] = Field(default_factory=list)
    """Oppdragene tillegget gir (filene i data/oppdrag/ har `tillegg: N`)."""
    presiseringer: list[Presisering] = Field(default_factory=list)
    """Presiseringer av oppdrag gitt tidligere, med nye deler og frister."""
    trukket: list[TrukketOppdrag] = Field(default_factory=list)
    """Oppdrag som trekkes tilbake fra tilleggets dato."""
    flyttede_frister: list[FlyttetFrist] = Field(default_factory=list)
    """Frister som flyttes."""
    signatarer: list[Signatar] = Field(default_factory=list)
    """De som signerer tillegget."""
    kopi: list[Linje] = Field(default_factory=list)
    """Kopimottakere, for eksempel [Riksrevisjonen]."""


# ---------------------------------------------------------------- baseline


class Akseptert(Base):
    år: År | None = None
    """Brevet funnet gjelder, for eksempel 2024. Uten år gjelder oppføringen bare det eldste
    brevet i data (slik grunnlinjer skrevet før brevene fikk år, ble ment), og TB011 ber om
    året."""
    kode: Annotated[str, StringConstraints(pattern=r"^TB\d{3}$"), AfterValidator(_single_line)]
    """Regelkoden, for eksempel TB201."""
    gjelder: Tittel
    """Hva funnet gjelder, slik `tb check` skriver det (`subject` i JSON), for eksempel
    «kap. 671 sum, differanse 3 030 002 000»."""
    begrunnelse: Annotated[str, StringConstraints(min_length=10), AfterValidator(_single_line)]
    """Hvorfor funnet aksepteres, for eksempel at det står slik i det publiserte brevet
    (minst ti tegn)."""


class Baseline(Base):
    """data/baseline.yaml: kjente funn i brevet slik det ble publisert, hver med en begrunnelse."""

    akseptert: list[Akseptert] = Field(default_factory=list)
    """De aksepterte funnene, hvert med regelkode, hva det gjelder og en begrunnelse."""


# ---------------------------------------------------------------- utledede beløp


def sum_beløp(beløp) -> int | None:
    """Summen av beløpene, eller None når ett av dem ikke er fylt inn (et tomt beløp i et
    utkast er ukjent, ikke 0)."""
    total = 0
    for b in beløp:
        if b is None:
            return None
        total += b
    return total


def sum_bindinger(post: Post, gruppe: str | None = None) -> int | None:
    """Summen av bindingene på en post (alle, eller én gruppe); None når et beløp er tomt."""
    return sum_beløp(b.beløp for g in post.bindinger if gruppe in (None, g.id) for b in g.linjer)


def sum_fordeling(post: Post) -> int | None:
    """Summen av fordelingen på en post; None når et beløp er tomt."""
    return sum_beløp(f.beløp for f in post.fordeling)


def bindinger_ved_siden(post: Post) -> int | None:
    """Summen av bindingene som ligger ved siden av fordelingen (gruppene uten `innenfor`);
    None når et beløp er tomt."""
    return sum_beløp(b.beløp for g in post.bindinger if g.innenfor is None for b in g.linjer)


def udisponert(post: Post) -> int | None:
    """Det som er igjen av tildelingen når fordelingen og bindingene ved siden av den er trukket
    fra (bindinger `innenfor` en fordelingslinje er alt med i fordelingen); None når
    tildelingen eller et av beløpene er tomt."""
    bundet = bindinger_ved_siden(post)
    fordelt = sum_fordeling(post)
    if post.tildeling is None or bundet is None or fordelt is None:
        return None
    return post.tildeling - bundet - fordelt
