"""Datamodellen: hva hver YAML-fil i data/ inneholder.

Én modell per filtype. Alle modeller avviser ukjente nøkler, og typene er strenge: et beløp
er et heltall i hele kroner (aldri tekst eller desimaltall), en dato er en dato (ISO i YAML),
og en sannhetsverdi er `true`/`false` (YAML 1.2: `NO`, `yes` og `on` er tekst).

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
| data/baseline.yaml                              | Baseline          |
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .norsk import PrintedAmount, parse_amount

OPPDRAG_ID_RE = r"^[0-9]{4}-(?:[0-9]{2}|[1-9][0-9]{2})$"

OppdragId = Annotated[str, StringConstraints(pattern=OPPDRAG_ID_RE)]
"""Oppdragsnummer `ÅÅÅÅ-NN`: året oppdraget ble gitt og et løpenummer med to sifre (tre fra
100, når et departement gir mer enn 99 oppdrag i ett år: `2024-101`; `2024-001` er ugyldig,
så hvert nummer har én skrivemåte). Bare sifrene 0–9."""

Kroner = Annotated[int, Field(ge=0, le=10**13)]
"""Et beløp i hele kroner (heltall, ikke negativt, høyst 10 000 milliarder)."""

Kapittelnr = Annotated[int, Field(ge=1, le=9999)]
Postnr = Annotated[int, Field(ge=1, le=99)]
År = Annotated[int, Field(ge=1990, le=2100)]
Tekst = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


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

Gjentakelse = Literal["månedlig", "tertialvis", "halvårlig", "årlig"]


class Frist(Base):
    """Én frist for et oppdrag (eller en frist gitt i brevets tekst).

    Nøyaktig én av formene `dato`, `datoer`, `løpende`, `ut`, `rapport` eller `gjentas`
    bestemmer når fristen er:

    - `dato`: én dato.
    - `datoer`: en liste av datoer («15. januar 2024, 2025, 2026»).
    - `løpende: true`: ingen enkelt dato.
    - `ut: 2024`: ut året («Ut 2024»).
    - `rapport`: fristen følger en rapport i rapporteringskalenderen (brev.yaml, `rapportering`).
    - `gjentas`: årlig, halvårlig, tertialvis eller månedlig, fra og med `fra` til og med `til`
      (eller oppdragets siste frist).
    """

    del_: str | None = Field(default=None, alias="del")
    """Delen fristen gjelder («Del I», «Del 2», «Frist etablering»)."""
    type: Literal["levering", "underveisrapport", "rapportering"] = "levering"
    dato: date | None = None
    datoer: list[date] | None = None
    løpende: bool = False
    ut: År | None = None
    rapport: str | None = None
    gjentas: Gjentakelse | None = None
    fra: date | None = None
    til: date | None = None
    ved_behov: bool = False
    """«samt ved behov»: i tillegg når departementet ber om det."""
    flyttet_fra: list[date] = Field(default_factory=list)
    """Tidligere frister, eldste først: «(01.06.2023) 31.12.2024»."""
    merknad: str | None = None

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
            )
            if present
        ]
        if self.gjentas is None and len(forms) != 1:
            raise ValueError(
                "en frist må ha nøyaktig én av dato, datoer, løpende, ut, rapport eller gjentas"
                + (f" (har {', '.join(forms)})" if forms else "")
            )
        if self.gjentas is not None and forms:
            raise ValueError("en gjentatt frist bruker fra/til, ikke " + ", ".join(forms))
        if self.gjentas is None and (self.fra is not None or self.til is not None):
            raise ValueError("fra/til hører bare til en gjentatt frist (gjentas)")
        return self

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

    id: Annotated[str, StringConstraints(pattern=r"^[a-zæøå0-9][a-zæøå0-9-]*$")]
    tekst: Tekst


# ---------------------------------------------------------------- oppdrag


class Deloppdrag(Base):
    nr: int
    tittel: str | None = None


class Oppdrag(Base):
    """Et oppdrag, én fil per oppdrag: data/oppdrag/ÅÅÅÅ-NN.yaml.

    Oppdraget lever på tvers av brev: det er med i brevet for året det ble gitt, og i senere
    brev så lenge en frist ligger i brevets år eller senere og det ikke er levert.
    """

    id: OppdragId
    tittel: Tekst
    """Tittelen slik den står i listene i kapittel 3, med FoU-merking som trykt."""
    mål: Annotated[int, Field(ge=1, le=99)]
    deloppdrag: list[Deloppdrag] = Field(default_factory=list)
    samarbeid: list[str] = Field(default_factory=list)
    frister: list[Frist] = Field(default_factory=list)
    frist_trykt: str | None = None
    """Fristkolonnen slik den er trykt, linje for linje."""
    status: Literal["åpen", "levert", "avsluttet"] = "åpen"
    levert: date | None = None
    merknad: str | None = None

    @property
    def år(self) -> int:
        return int(self.id[:4])

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
    nr: Annotated[int, Field(ge=1, le=99)]
    tittel: Tekst
    tekst: str = ""
    tidligere_oppdrag_frist_år: År | None = None
    """Året i overskriften «Oppdrag som er gitt tidligere med leveringsfrist i ÅR eller
    senere …», slik den er trykt under dette målet."""


class Styringsparameter(Base):
    """En styringsparameter: data/styringsparametere/ÅR/sp-NN.yaml."""

    år: År
    nr: Annotated[int, Field(ge=1, le=999)]
    mål: Annotated[int, Field(ge=1, le=99)]
    tekst: Tekst


# ---------------------------------------------------------------- brevet


class Part(Base):
    navn: Tekst
    kortnavn: str | None = None


class Signatar(Base):
    navn: Tekst
    tittel: Tekst


class Vedlegg(Base):
    nr: Annotated[int, Field(ge=1, le=99)]
    tittel: Tekst


class Rapport(Base):
    """En rad i rapporteringskalenderen (pkt. 8.1)."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-zæøå0-9][a-zæøå0-9-]*$")]
    tittel: Tekst
    telletidspunkt: date
    frist: date


class Kapitteltekst(Base):
    """Et kapittel eller delkapittel i brevet og fila med prosaen."""

    nr: Annotated[str, StringConstraints(pattern=r"^\d+(\.\d+)*$")]
    tittel: Tekst
    tekst: str | None = None
    """Fila med prosaen, relativt til brevets mappe (tekst/01-innledning.md)."""
    nummer_trykt: bool = True
    """Om kapittelnummeret står i det publiserte brevet."""


class Brev(Base):
    """Brevets metadata: data/brev/ÅR/brev.yaml."""

    år: År
    tittel: Tekst
    avsender: Part
    mottaker: Part
    dato: date | None = None
    """Brevets dato. Mangler i teksten av det publiserte brevet for 2024."""
    proposisjon: Tekst
    innstilling: Tekst
    budsjettvedtak: date
    """Datoen for Stortingets budsjettvedtak."""
    signatarer: list[Signatar]
    vedlegg: list[Vedlegg]
    kapitler: list[Kapitteltekst]
    rapportering: list[Rapport]
    frister: list[BrevFrist] = Field(default_factory=list)


# ---------------------------------------------------------------- budsjett

Stikkord = str


class Mottaker(Base):
    """En tilskuddsmottaker med sitt beløp."""

    navn: Tekst
    beløp: Kroner


class Fordeling(Base):
    """En del av en post: en delordning, et tiltak eller et formål med sitt beløp."""

    tekst: Tekst
    beløp: Kroner
    merknad: str | None = None
    mottakere: list[Mottaker] = Field(default_factory=list)
    mottakere_overskrift: str | None = None
    sum: Påstand | None = None
    """Den trykte summen av mottakerne (påstand)."""


class Binding(Base):
    """En budsjettbinding til et oppdrag, med oppdragets nummer og tittel slik de står her."""

    oppdrag: OppdragId
    tittel: Tekst
    beløp: Kroner


class Bindingsgruppe(Base):
    id: Annotated[str, StringConstraints(pattern=r"^[a-zæøå0-9][a-zæøå0-9-]*$")]
    overskrift: Tekst
    sum: Påstand | None = None
    linjer: list[Binding] = Field(default_factory=list)


class Post(Base):
    """En budsjettpost i brevet for et år: data/budsjett/ÅR/KKK-PP.yaml."""

    år: År
    kapittel: Kapittelnr
    post: Postnr
    betegnelse: Tekst
    """Postens betegnelse slik den står i tabellen, uten stikkord."""
    stikkord: list[Stikkord] = Field(default_factory=list)
    tildeling: Kroner
    """Virksomhetens tildeling («Tildeling 2024» i tabellen)."""
    bevilget: Påstand | None = None
    """Stortingets bevilgning på hele posten, der brevet oppgir den, med trykt presisjon
    («291,4 mill. kroner») eller i hele kroner."""
    overskrift: str | None = None
    """Overskriften på postens avsnitt i pkt. 9, slik den er trykt (med stikkord)."""
    tekst: str = ""
    fordeling: list[Fordeling] = Field(default_factory=list)
    bindinger: list[Bindingsgruppe] = Field(default_factory=list)

    @property
    def nøkkel(self) -> str:
        return f"{self.kapittel:03d}.{self.post:02d}"


class Kapittel(Base):
    """Et budsjettkapittel i brevet for et år: data/budsjett/ÅR/kap-KKK.yaml."""

    år: År
    kapittel: Kapittelnr
    navn: Tekst
    sum: Påstand | None = None
    """Den trykte «Sum» under tabellen (påstand)."""
    tekst: str = ""


# ---------------------------------------------------------------- baseline


class Akseptert(Base):
    kode: Annotated[str, StringConstraints(pattern=r"^TB\d{3}$")]
    gjelder: Tekst
    begrunnelse: Annotated[str, StringConstraints(min_length=10)]


class Baseline(Base):
    """data/baseline.yaml: kjente funn i brevet slik det ble publisert, hver med en begrunnelse."""

    akseptert: list[Akseptert] = Field(default_factory=list)


# ---------------------------------------------------------------- utledede beløp


def sum_bindinger(post: Post, gruppe: str | None = None) -> int:
    """Summen av bindingene på en post (alle, eller én gruppe)."""
    return sum(b.beløp for g in post.bindinger if gruppe in (None, g.id) for b in g.linjer)


def sum_fordeling(post: Post) -> int:
    return sum(f.beløp for f in post.fordeling)


def udisponert(post: Post) -> int:
    """Det som er igjen av tildelingen når bindinger og fordeling er trukket fra."""
    return post.tildeling - sum_bindinger(post) - sum_fordeling(post)
