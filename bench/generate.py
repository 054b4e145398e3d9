"""Lag et syntetisk brevrepositorium med N oppdrag, med samme oppsett som data/.

    python bench/generate.py MAPPE --oppdrag 10000 [--variant gyldig|etater|tillegg] [--etater K] [--seed 7]
    python bench/generate.py MAPPE --variant virksomheter [--virksomheter 15] [--år 10]

Oppsettet er det samme som i data/: brev/ÅR/brev.yaml med tekstfiler, mål/ÅR/, styrings-
parametere/ÅR/, budsjett/ÅR/ (kapitler og poster der summene går opp) og oppdrag/ÅÅÅÅ-NN.yaml.

Oppdragsnumrene. Brev finnes bare for årene 1990–2100 (`År`, 111 år), og løpenummeret har
to sifre i `OPPDRAG_ID_RE`: `^\\d{4}-\\d{2}$` ga høyst 99 oppdrag i året, altså høyst
111 × 99 = 10 989 unike oppdrag som hører til et brev – 50 000 var umulig. Fra commit 4643c94
er mønsteret `^\\d{4}-\\d{2,3}$` (tre sifre når et år har mer enn 99 oppdrag): høyst
111 × 999 = 110 889. Generatoren leser mønsteret og bruker det som er lov:

- `gyldig`: oppdrag/ÅÅÅÅ-NN.yaml, 91 oppdrag i året fra 1990 (10 000 oppdrag = 1990–2099),
  flere i året når N krever det (50 000 = 455 i året i 1990–2099, løpenummer 100–455 med tre
  sifre). `tb check --no-baseline` gir ingen feil og ingen advarsler. Med to sifre høyst
  10 989 oppdrag, med tre høyst 110 × 999.
- `etater`: oppdragene fordelt på K etater, oppdrag/etat-K/ÅÅÅÅ-NN.yaml (standard K = så få
  som trengs). Etat 1 er byte for byte de samme oppdragene som `gyldig` med N/K oppdrag, og
  brevene og budsjettet er de samme; de andre etatene bruker de samme numrene. Skjemagyldig og
  filnavn = id (ingen TB006), men hvert nummer finnes K ganger: (K−1)/K av oppdragene gir
  TB101 unik-id. baseline.yaml aksepterer dem (subjektet er «oppdrag» for alle), så `tb check`
  går grønt og skriver ikke tusenvis av linjer. `--variant etater --etater 5 -n 50000` er
  treet for 10 000 pluss fire etater med de samme numrene (slik målingen var før 4643c94).
- `tillegg`: `gyldig` med fem tillegg til hvert brev (brev/ÅR/tillegg/tillegg-1 … 5.yaml,
  issue 15): en overføring på 670.01; en økning på 671.71 med to linjer og to nye oppdrag (de
  to siste numrene i året har `tillegg: 2`); presiseringer med en ny del; flyttede frister; en
  retting på 671.71 og ett oppdrag trukket. `tb check --no-baseline` gir 0 feil og 0
  advarsler, også i TB7xx (trykt tidligere/ny = kjeden, sammendraget, sitert tittel, fristene
  etter tilleggets dato på arbeidsdager). De andre oppdragsfilene er byte for byte som i
  `gyldig`; bindingene på 671.21 viser ikke til et oppdrag som er trukket.

Deterministisk: samme argumenter gir byte-like filer.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from tildelingsbrev.deadlines import day_off, occurrences
from tildelingsbrev.model import OPPDRAG_ID_RE
from tildelingsbrev.norsk import MÅNEDER, format_dato, format_mill

MALER = Path(__file__).resolve().parent.parent / "data" / "mal"

PER_ÅR = 91
"""Oppdrag i hvert brev (flere når N krever det, opp til det løpenummeret tillater)."""
FØRSTE_ÅR = 1990
SISTE_ÅR = 2100
BREVÅR = 110
"""Vanlig antall brevår (1990–2099); 111 (til 2100) bare når det trengs."""
MAKS_I_ÅRET = 999 if re.match(OPPDRAG_ID_RE, "1990-100") else 99
"""Største løpenummer `OPPDRAG_ID_RE` tillater: 99 med to sifre, 999 med tre."""
MÅL = 6
SP = 12

ORD_A = (
    "Utvikle",
    "Evaluere",
    "Kartlegge",
    "Følge opp",
    "Styrke",
    "Videreutvikle",
    "Utrede",
    "Implementere",
    "Samordne",
    "Gjennomgå",
    "Forbedre",
    "Etablere",
)
ORD_B = (
    "kvalifiseringsprogrammet",
    "introduksjonsprogrammet",
    "bosettingsarbeidet",
    "tolketjenestene",
    "opplæringen i norsk",
    "samarbeidet med kommunene",
    "arbeidsgiverinnsatsen",
    "kunnskapsgrunnlaget om integrering",
    "veiledningen til kommunene",
    "tilskuddsforvaltningen",
    "mangfoldsarbeidet",
    "rapporteringen om resultater",
)
ORD_C = (
    "for nyankomne innvandrere",
    "i distriktene",
    "for kvinner med lav utdanning",
    "for unge voksne",
    "i storbyene",
    "for enslige mindreårige",
    "på tvers av sektorer",
    "i samarbeid med NAV",
    "for fordrevne fra Ukraina",
    "med vekt på arbeid",
)
FOU = ("", "", "", " (FoU)", " (delvis FoU)")
MÅLTITLER = (
    "Flere innvandrere deltar i arbeidslivet",
    "Raske og effektive kvalifiseringsløp",
    "Rask og god bosetting av flyktninger",
    "God tolkeformidling i offentlig sektor",
    "Økt deltakelse og tilhørighet",
    "God forvaltning og effektiv drift",
)
KAPITLER = (  # (nr, tittel, fil)
    ("1", "Innledning", "tekst/01-innledning.md"),
    ("2", "Overordnede prioriteringer", "tekst/02-prioriteringer.md"),
    ("3", "Mål, styringsparametere og oppdrag", "tekst/03-mal.md"),
    ("8", "Rapportering og styringsinformasjon", "tekst/08-rapportering.md"),
    ("9", "Tildeling av midler", None),
    ("9.1", "Budsjettrammen", "tekst/09-1-budsjettrammen.md"),
)


# ---------------------------------------------------------------- hjelpere


def q(s: str) -> str:
    """En YAML-streng i doble anførselstegn (trygg for kolon, # og ledende tegn)."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def arbeidsdag(d: date) -> date:
    """Første arbeidsdag fra og med d (ingen helg eller norsk helligdag: ingen TB309)."""
    while day_off(d):
        d += timedelta(days=1)
    return d


def dag_i(rng: random.Random, år: int, fra_mnd: int = 1) -> date:
    d = date(år, rng.randint(fra_mnd, 12), rng.randint(1, 28))
    return arbeidsdag(d) if arbeidsdag(d).year == år else arbeidsdag(date(år, 12, 1))


def lang_dato(d: date) -> str:
    return f"{d.day}. {MÅNEDER[d.month - 1]} {d.year}"


def mill(value: int) -> str:
    """Beløp trykt med én desimal i millioner («25,2 mill. kroner») – stemmer ved trykt presisjon."""
    return format_mill(value, 1).replace("\u00a0", " ")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@dataclass
class Oppdr:
    id: str
    tittel: str
    år: int
    åpen_til: int
    """Siste år med en frist; 9999 for løpende/rapport/gjentas; -1 når levert."""
    filer: list[str] = field(default_factory=list)
    nr: int = 0
    mål: int = 0
    frister: list[tuple[str | None, date]] = field(default_factory=list)
    """(del, dato) for fristene med én dato (variant `tillegg`)."""
    levert: date | None = None
    tillegg: int | None = None
    """Tillegget oppdraget er gitt i (variant `tillegg`)."""


# ---------------------------------------------------------------- oppdrag


def oppdrag_tekst(
    rng: random.Random, år: int, nr: int, forrige: list[str], siste_år: int
) -> tuple[str, str, int]:
    """(YAML, tittel, åpen_til) for ett oppdrag. Oppdrag mer enn tre år før siste brev er
    stort sett levert (ellers følger løpende oppdrag med i alle senere brev)."""
    oid = f"{år}-{nr:02d}"
    tittel = f"{rng.choice(ORD_A)} {rng.choice(ORD_B)} {rng.choice(ORD_C)}"
    if forrige and rng.random() < 0.1:
        tittel += f" (jf. oppdrag {rng.choice(forrige)})"
    tittel += rng.choice(FOU)
    mål = 1 + (nr - 1) % MÅL
    lines = [f"# Syntetisk oppdrag {oid}", f"id: {q(oid)}", f"tittel: {q(tittel)}", f"mål: {mål}"]
    if rng.random() < 0.15:
        lines.append("samarbeid: [Arbeids- og velferdsdirektoratet, Kompetanse Norge]")
    form = rng.choices(
        ("dato", "deler", "datoer", "gjentas", "gjentas-uten", "løpende", "rapport", "ut"),
        weights=(40, 15, 8, 7, 5, 10, 8, 7),
    )[0]
    if form == "ut" and day_off(date(år, 12, 31)):
        form = "løpende"  # «ut ÅR» er 31.12; på en fridag gir det TB309
    frister: list[str] = []
    trykt: list[str] = []
    åpen_til = år
    if form == "dato":
        d = dag_i(rng, år + rng.choice((0, 0, 1, 2)))
        frister += ["  - dato: " + d.isoformat()]
        trykt.append(format_dato(d))
        åpen_til = d.year
    elif form == "deler":
        for i in (1, 2, 3)[: rng.randint(2, 3)]:
            d = dag_i(rng, år + i - 1)
            frister += [f"  - del: Del {i}", f"    dato: {d.isoformat()}"]
            trykt.append(f"Del {i}: {format_dato(d)}")
            åpen_til = max(åpen_til, d.year)
        if rng.random() < 0.3:
            d = dag_i(rng, år, 3)
            frister += ["  - type: underveisrapport", f"    dato: {d.isoformat()}"]
            trykt.append(f"Underveisrapport {format_dato(d)}")
    elif form == "datoer":
        ds = sorted({dag_i(rng, år + i) for i in range(3)})
        frister += ["  - datoer: [" + ", ".join(d.isoformat() for d in ds) + "]"]
        trykt.append(", ".join(format_dato(d) for d in ds))
        åpen_til = ds[-1].year
    elif form == "gjentas":
        # tertialvis fra en dato der alle tre forekomstene er arbeidsdager
        while True:
            fra = date(år, rng.randint(1, 4), rng.randint(1, 28))
            til = date(år, 12, 31)
            if all(not day_off(x.date()) for x in occurrences("tertialvis", fra, til)):
                break
        frister += ["  - gjentas: tertialvis", f"    fra: {fra.isoformat()}", f"    til: {til.isoformat()}"]
        trykt.append(f"Tertialvis fra {format_dato(fra)} til {format_dato(til)}")
        åpen_til = år  # gjentakelsen slutter med `til` (slik Repo.oppdrag_i_brev regner fra 3894c52)
    elif form == "gjentas-uten":
        frister += ["  - gjentas: halvårlig", "    type: rapportering"]
        trykt.append("Halvårlig")
        åpen_til = 9999
    elif form == "løpende":
        frister += ["  - løpende: true"]
        trykt.append("Løpende")
        åpen_til = 9999
    elif form == "rapport":
        frister += ["  - type: rapportering", f"    rapport: halvårsrapport-{år}"]
        trykt.append(f"Halvårsrapport {år}")
        åpen_til = år  # fristen er halvårsrapporten i året; ikke med i senere brev (snapshot)
    else:
        frister += [f"  - ut: {år}"]
        trykt.append(f"Ut {år}")
    lines.append("frister:")
    lines += frister
    lines.append("frist_trykt: |-")
    lines += ["  " + t for t in trykt]
    gammelt = år < siste_år - 2 and rng.random() < 0.9
    if gammelt or (form in ("dato", "datoer") and åpen_til <= år and rng.random() < 0.3):
        # levert før neste brev (datert 10. januar): ikke med i senere brev (model/snapshot.py)
        lines += ["status: levert", f"levert: {date(år, 12, 31).isoformat()}"]
        åpen_til = -1
    return "\n".join(lines) + "\n", tittel, åpen_til


# ---------------------------------------------------------------- brevet


def brev_yaml(år: int, frist_9: date) -> str:
    ra = arbeidsdag(date(år, 3, 15))
    rh = arbeidsdag(date(år, 8, 20))
    ra2 = arbeidsdag(date(år + 1, 3, 15))
    kap = []
    for nr, tittel, fil in KAPITLER:
        kap += [f"  - nr: {q(nr)}", f"    tittel: {q(tittel)}"]
        if fil:
            kap.append(f"    tekst: {fil}")
    return f"""# Syntetisk tildelingsbrev {år}
år: {år}
tittel: {q(f"Tildelingsbrev {år} – Syntetisk direktorat")}
avsender:
  navn: Syntetisk departement
  kortnavn: SD
mottaker:
  navn: Syntetisk direktorat
  kortnavn: SDIR
dato: {date(år, 1, 10).isoformat()}
proposisjon: {q(f"Prop. 1 S ({år - 1}–{år})")}
innstilling: {q(f"Innst. 16 S ({år - 1}–{år})")}
budsjettvedtak: {date(år - 1, 12, 15).isoformat()}
signatarer:
  - navn: Kari Nordmann
    tittel: departementsråd
  - navn: Ola Nordmann
    tittel: ekspedisjonssjef
vedlegg:
  - nr: 1
    tittel: Oppdrag
  - nr: 2
    tittel: Instruks om økonomi- og virksomhetsstyring
kapitler:
{chr(10).join(kap)}
rapportering:
  - id: årsrapport-{år - 1}
    tittel: Årsrapport og regnskap for budsjettåret {år - 1}
    telletidspunkt: {date(år - 1, 12, 31).isoformat()}
    frist: {ra.isoformat()}
  - id: halvårsrapport-{år}
    tittel: Halvårsrapportering for {år}
    telletidspunkt: {date(år, 6, 30).isoformat()}
    frist: {rh.isoformat()}
  - id: årsrapport-{år}
    tittel: Årsrapport og regnskap for budsjettåret {år}
    telletidspunkt: {date(år, 12, 31).isoformat()}
    frist: {ra2.isoformat()}
frister:
  - id: orientering
    tekst: Orientere departementet om de nye stillingene
    dato: {frist_9.isoformat()}
"""


def tekster(år: int, frist_9: date, p21: int) -> dict[str, str]:
    return {
        "tekst/01-innledning.md": (
            f"Departementet viser til Stortingets budsjettvedtak av "
            f"{{{{ budsjettvedtak: {lang_dato(date(år - 1, 12, 15))} }}}} og stiller midler til "
            f"disposisjon for direktoratet i {år}.\n"
        ),
        "tekst/02-prioriteringer.md": (
            "Direktoratet skal prioritere arbeid, kvalifisering og bosetting.\n\n"
            "- raske kvalifiseringsløp\n- god bosetting\n- effektiv drift\n"
        ),
        "tekst/03-mal.md": "Målene, styringsparameterne og oppdragene for året:\n\n{{ mål }}\n",
        "tekst/08-rapportering.md": "Rapporteringen følger kalenderen under.\n\n{{ rapportering }}\n",
        "tekst/09-1-budsjettrammen.md": (
            f"Direktoratet skal orientere departementet innen "
            f"{{{{ frist.orientering: {format_dato(frist_9)} }}}}. Post 21 under kap. 671 har "
            f"{{{{ 671.21.tildeling: {mill(p21)} }}}}.\n\n{{{{ budsjett }}}}\n"
        ),
    }


def mål_filer(år: int) -> dict[str, str]:
    out = {}
    for nr in range(1, MÅL + 1):
        out[f"mål/{år}/mål-{nr}.yaml"] = (
            f"år: {år}\nnr: {nr}\ntittel: {q(MÅLTITLER[nr - 1])}\n"
            f"tekst: |\n  Målet for {år} er at direktoratet bidrar til {MÅLTITLER[nr - 1].lower()}.\n"
            f"tidligere_oppdrag_frist_år: {år}\n"
        )
    for nr in range(1, SP + 1):
        out[f"styringsparametere/{år}/sp-{nr:02d}.yaml"] = (
            f"år: {år}\nnr: {nr}\nmål: {1 + (nr - 1) % MÅL}\n"
            f"tekst: Andel deltakere i tiltak {nr} som går over i arbeid eller utdanning\n"
        )
    return out


def budsjett_filer(rng: random.Random, år: int, nye: list[Oppdr], tidligere: list[Oppdr]) -> tuple[dict, int]:
    """Kapittel 670 og 671 med poster der summene går opp. Returnerer filene og 671.21-tildelingen."""
    out = {}
    t01 = rng.randint(200, 400) * 1_000_000 + rng.randint(0, 999) * 1000
    out[f"budsjett/{år}/670-01.yaml"] = (
        f"år: {år}\nkapittel: 670\npost: 1\nbetegnelse: Driftsutgifter\ntildeling: {t01}\n"
        f"overskrift: Driftsutgifter\ntekst: |-\n  Departementet stiller {{{{ tildeling: {mill(t01)} }}}} "
        "til disposisjon for driften.\n"
    )
    out[f"budsjett/{år}/kap-670.yaml"] = f"år: {år}\nkapittel: 670\nnavn: Syntetisk direktorat\nsum: {t01}\n"

    # 671.21 med bindinger til nye og tidligere oppdrag
    def linjer(items: list[Oppdr]) -> tuple[list[str], int]:
        ls, s = [], 0
        for o in items:
            b = rng.randint(3, 20) * 100_000
            s += b
            ls += [f"      - oppdrag: {q(o.id)}", f"        tittel: {q(o.tittel)}", f"        beløp: {b}"]
        return ls, s

    grupper, bundet = [], 0
    for gid, overskrift, items in (
        ("nye", f"Nye prosjekter på post 671.21 i {år}", nye),
        ("tidligere", "Bindinger på grunn av oppdrag gitt tidligere", tidligere),
    ):
        if not items:
            continue
        ls, s = linjer(items)
        bundet += s
        grupper += [
            f"  - id: {gid}",
            f"    overskrift: {q(overskrift)}",
            f"    sum: {q(mill(s))}",
            "    linjer:",
            *ls,
        ]
    t21 = bundet + rng.randint(5, 50) * 1_000_000
    refs = f"{{{{ tildeling: {mill(t21)} }}}} til disposisjon, hvorav {{{{ udisponert: {mill(t21 - bundet)} }}}} er udisponert"
    p21 = [
        f"år: {år}",
        "kapittel: 671",
        "post: 21",
        "betegnelse: Spesielle driftsutgifter",
        "stikkord: [kan overføres]",
        f"tildeling: {t21}",
        f"bevilget: {q(mill(t21 + 10_000_000))}",
        "overskrift: Spesielle driftsutgifter, kan overføres",
        f"tekst: |-\n  Departementet stiller {refs}.",
    ]
    if grupper:
        p21 += ["bindinger:", *grupper]
    out[f"budsjett/{år}/671-21.yaml"] = "\n".join(p21) + "\n"

    # 671.60 med fordeling, én delordning med tilskuddsmottakere
    mottakere = [(f"Syntetisk kommune {i}", rng.randint(1, 40) * 100_000) for i in range(1, 8)]
    m_sum = sum(b for _, b in mottakere)
    deler = [
        ("Tilskudd til kvalifisering", rng.randint(20, 90) * 1_000_000),
        ("Tilskudd til bosetting", rng.randint(20, 90) * 1_000_000),
    ]
    t60 = m_sum + sum(b for _, b in deler)
    f60 = [
        f"år: {år}",
        "kapittel: 671",
        "post: 60",
        "betegnelse: Tilskudd til kommuner",
        f"tildeling: {t60}",
        "overskrift: Tilskudd til kommuner",
        f"tekst: |-\n  Fordelingen av {{{{ tildeling: {mill(t60)} }}}} går fram av tabellen.",
        "fordeling:",
    ]
    for tekst, b in deler:
        f60 += [f"  - tekst: {tekst}", f"    beløp: {b}"]
    f60 += [
        "  - tekst: Tilskudd til utvalgte kommuner",
        f"    beløp: {m_sum}",
        f"    sum: {m_sum}",
        "    mottakere:",
    ]
    for navn, b in mottakere:
        f60 += [f"      - navn: {navn}", f"        beløp: {b}"]
    out[f"budsjett/{år}/671-60.yaml"] = "\n".join(f60) + "\n"

    t71 = rng.randint(10, 60) * 1_000_000 + rng.randint(0, 9) * 100_000
    out[f"budsjett/{år}/671-71.yaml"] = (
        f"år: {år}\nkapittel: 671\npost: 71\nbetegnelse: Tilskudd til frivillige organisasjoner\n"
        f"stikkord: [kan overføres]\ntildeling: {t71}\nbevilget: {t71 + 5_000_000}\n"
        "overskrift: Tilskudd til frivillige organisasjoner, kan overføres\n"
        f"tekst: |-\n  Det er bevilget {{{{ bevilget: {mill(t71 + 5_000_000)} }}}} på posten.\n"
    )
    out[f"budsjett/{år}/kap-671.yaml"] = (
        f"år: {år}\nkapittel: 671\nnavn: Integrering og mangfold\nsum: {t21 + t60 + t71}\n"
    )
    return out, t21


# ---------------------------------------------------------------- tilleggene (variant «tillegg»)


TILLEGG_NYE = 2
"""Oppdrag per år gitt i tillegg nr. 2 (de siste numrene i årets rekke: brevet har de andre)."""


def _frister_i(text: str) -> tuple[list[tuple[str | None, date]], date | None]:
    """(del, dato) for fristene med én dato i en oppdragsfil generatoren har skrevet, og
    datoen oppdraget er levert (None: åpent)."""
    out: list[tuple[str | None, date]] = []
    part = None
    for line in text.splitlines():
        m = re.fullmatch(r"  - del: (.+)", line)
        if m:
            part = m.group(1)
            continue
        m = re.fullmatch(r"  - dato: (\d{4}-\d{2}-\d{2})", line)
        if m:
            out.append((None, date.fromisoformat(m.group(1))))
        m = re.fullmatch(r"    dato: (\d{4}-\d{2}-\d{2})", line)
        if m and part is not None:
            out.append((part, date.fromisoformat(m.group(1))))
        if line.startswith("  - ") and not line.startswith("  - del: "):
            part = None
    m = re.search(r"^levert: (\d{4}-\d{2}-\d{2})$", text, re.M)
    return out, date.fromisoformat(m.group(1)) if m else None


def _beløp(text: str) -> int:
    return int(re.search(r"^tildeling: (\d+)$", text, re.M).group(1))


def gitt_i_tillegg(o: Oppdr, rng: random.Random, siste_år: int) -> str:
    """Oppdragsfila for et oppdrag gitt i tillegg nr. 2: én frist i november, levert før neste
    brev når oppdraget er gammelt (som de andre)."""
    d = arbeidsdag(date(o.år, 11, rng.randint(1, 20)))
    lines = [
        f"# Syntetisk oppdrag {o.id}, gitt i tillegg nr. 2",
        f"id: {q(o.id)}",
        f"tittel: {q(o.tittel)}",
        f"mål: {o.mål}",
        "tillegg: 2",
        "frister:",
        f"  - dato: {d.isoformat()}",
        "frist_trykt: |-",
        f"  {format_dato(d)}",
    ]
    if o.år < siste_år - 2:
        lines += ["status: levert", f"levert: {date(o.år, 12, 31).isoformat()}"]
    return "\n".join(lines) + "\n"


def tillegg_filer(år: int, oppdrag: list[Oppdr], budsjett: dict[str, str], seed: int) -> dict[str, str]:
    """Fem tillegg til brevet for `år` som `tb check --no-baseline` godtar (TB7xx): nummerert
    1–5 med stigende datoer i året, trykt tidligere/ny lik kjeden, linjene summerer til
    endringen, sammendraget lister det som endres, sitert tittel lik oppdragets, og fristene på
    arbeidsdager etter tilleggets dato.

    1. overføring på 670.01; 2. økning på 671.71 med to linjer og nye oppdrag (de siste numrene i
    året, `tillegg: 2`); 3. presiseringer med en ny del; 4. flyttede frister; 5. retting på
    671.71 og ett oppdrag trukket. Oppdragene som brukes, endres i `oppdrag` (et trukket
    oppdrag er lukket: ingen senere binding viser til det)."""
    rng = random.Random(f"{seed}-tillegg-{år}")
    datoer = [arbeidsdag(date(år, m, d)) for m, d in ((3, 15), (6, 20), (8, 15), (9, 16), (10, 15))]
    t01 = _beløp(budsjett[f"budsjett/{år}/670-01.yaml"])
    t71 = _beløp(budsjett[f"budsjett/{år}/671-71.yaml"])
    brevets = [o for o in oppdrag if o.tillegg is None and o.nr > 8]  # 1–8 er bundet på 671.21
    used: set[str] = set()

    def pick(ok) -> Oppdr | None:
        for o in brevets:
            if o.id not in used and ok(o):
                used.add(o.id)
                return o
        return None

    def åpen(o: Oppdr, when: date) -> bool:
        return o.levert is None or o.levert > when

    def head(nr: int, grunnlag: str, tekst: str) -> list[str]:
        return [
            f"# Syntetisk tillegg nr. {nr} til brevet for {år}",
            f"år: {år}",
            f"nr: {nr}",
            f"tittel: {q(f'Tillegg nr. {nr} til tildelingsbrev {år} – Syntetisk direktorat')}",
            f"dato: {datoer[nr - 1].isoformat()}",
            f"referanse: {q(f'{år % 100:02d}/{100 + nr}-{nr}')}",
            f"grunnlag: {q(grunnlag)}",
            f"tekst: {q(tekst)}",
        ]

    tail = [
        "signatarer:",
        "  - navn: Ola Nordmann",
        "    tittel: ekspedisjonssjef",
        "kopi: [Riksrevisjonen]",
    ]
    out: dict[str, str] = {}

    # 1: overføring av ubrukt bevilgning på 670.01
    c1 = rng.randint(1, 30) * 100_000
    out[1] = [
        *head(1, f"Samtykke til overføring av ubrukt bevilgning fra {år - 1}.", "Departementet overfører midler."),
        "sammendrag:",
        '  poster: ["670.01"]',
        "poster:",
        "  - kapittel: 670",
        "    post: 1",
        f"    endring: {c1}",
        f"    tidligere: {t01}",
        f"    ny: {t01 + c1}",
        "    tekst: Tildelingen på posten økes.",
        *tail,
    ]

    # 2: revidert budsjett: 671.71 økes (to linjer), nye oppdrag
    a, b = rng.randint(1, 20) * 100_000, rng.randint(1, 20) * 100_000
    nye = [o for o in oppdrag if o.tillegg == 2]
    out[2] = [
        *head(2, f"Stortingets behandling av Prop. 104 S ({år - 1}–{år}).", "Revidert budsjett for året."),
        "sammendrag:",
        '  poster: ["671.71"]',
        f"  oppdrag: [{', '.join(q(o.id) for o in nye)}]",
        "poster:",
        "  - kapittel: 671",
        "    post: 71",
        f"    endring: {a + b}",
        f"    tidligere: {q(mill(t71))}",
        f"    ny: {q(mill(t71 + a + b))}",
        "    tekst: Tildelingen på posten økes.",
        "    linjer:",
        "      - tekst: tilskudd til lokale tiltak",
        f"        beløp: {a}",
        "      - tekst: tilskudd til nasjonale tiltak",
        f"        beløp: {b}",
        f"nye_oppdrag: [{', '.join(q(o.id) for o in nye)}]",
        *tail,
    ]

    # 3: presiseringer: en ny del (statusrapport) i november
    pres = [o for o in (pick(lambda o: åpen(o, datoer[2])) for _ in range(2)) if o is not None]
    lines = [*head(3, "Departementets prioriteringer for resten av året.", "Departementet presiserer oppdrag.")]
    lines += ["sammendrag:", f"  oppdrag: [{', '.join(q(o.id) for o in pres)}]", "presiseringer:"]
    for o in pres:
        d = arbeidsdag(date(år, 11, rng.randint(1, 20)))
        lines += [
            f"  - oppdrag: {q(o.id)}",
            f"    tittel: {q(o.tittel)}",
            "    tekst: Direktoratet skal i tillegg gi en kort statusrapport.",
            "    frister:",
            "      - del: Statusrapport",
            "        type: underveisrapport",
            f"        dato: {d.isoformat()}",
        ]
    out[3] = lines + tail

    # 4: flyttede frister: en frist senere i året flyttes tre uker
    def movable(o: Oppdr) -> bool:
        return any(
            datoer[3] < d <= date(år, 11, 30) and åpen(o, datoer[3]) for _, d in o.frister
        ) and len({d for _, d in o.frister}) == len(o.frister)

    moved = [o for o in (pick(movable) for _ in range(2)) if o is not None]
    lines = [*head(4, "Departementets prioriteringer for resten av året.", "Departementet flytter frister.")]
    lines += ["sammendrag:", f"  oppdrag: [{', '.join(q(o.id) for o in moved)}]", "flyttede_frister:"]
    for o in moved:
        part, fra = next((p, d) for p, d in o.frister if datoer[3] < d <= date(år, 11, 30))
        til = arbeidsdag(fra + timedelta(days=21))
        lines += [f"  - oppdrag: {q(o.id)}", f"    tittel: {q(o.tittel)}"]
        if part is not None:
            lines.append(f"    del: {part}")
        lines += [f"    fra: {fra.isoformat()}", f"    til: {til.isoformat()}"]
    out[4] = lines + tail

    # 5: retting på 671.71 og ett oppdrag trukket
    c5 = min(a, rng.randint(1, 5) * 100_000)
    pulled = pick(lambda o: åpen(o, datoer[4]))
    lines = [
        *head(5, "Retting av tillegg nr. 2, og departementets prioriteringer.", "Departementet retter og trekker."),
        "sammendrag:",
        '  poster: ["671.71"]',
    ]
    if pulled is not None:
        lines.append(f"  oppdrag: [{q(pulled.id)}]")
    lines += [
        "poster:",
        "  - kapittel: 671",
        "    post: 71",
        f"    endring: -{c5}",
        f"    tidligere: {q(mill(t71 + a + b))}",
        f"    ny: {q(mill(t71 + a + b - c5))}",
        "    tekst: Tildelingen på posten reduseres (retting av tillegg nr. 2).",
    ]
    if pulled is not None:
        lines += [
            "trukket:",
            f"  - oppdrag: {q(pulled.id)}",
            f"    tittel: {q(pulled.tittel)}",
            "    begrunnelse: Arbeidet følges opp på annen måte.",
        ]
        pulled.åpen_til = -1  # ikke med i senere brev: ingen binding skal vise til det
    out[5] = lines + tail
    return {f"brev/{år}/tillegg/tillegg-{nr}.yaml": "\n".join(lines) + "\n" for nr, lines in out.items()}


# ---------------------------------------------------------------- hele treet


MAKS_PER_ETAT = BREVÅR * MAKS_I_ÅRET
MAKS_GYLDIG = (SISTE_ÅR - FØRSTE_ÅR + 1) * MAKS_I_ÅRET
"""Flest unike oppdrag som hører til et brev: 10 989 med to sifre, 110 889 med tre."""


def generate(root: Path, n: int, variant: str = "gyldig", etater: int | None = None, seed: int = 7) -> dict:
    """Skriv et repositorium med n oppdrag i `root` (tømmes først). Returnerer en oppsummering."""
    if variant in ("gyldig", "tillegg"):
        etater = 1
    elif etater is None:
        etater = math.ceil(n / MAKS_PER_ETAT)
    per_etat = math.ceil(n / etater)
    # 91 i året i 1990–2099; flere i året når det trengs, opp til det løpenummeret tillater.
    i_året = max(PER_ÅR, math.ceil(per_etat / BREVÅR))
    if i_året > MAKS_I_ÅRET:
        i_året = max(PER_ÅR, math.ceil(per_etat / (SISTE_ÅR - FØRSTE_ÅR + 1)))
    år_antall = math.ceil(per_etat / i_året)
    if i_året > MAKS_I_ÅRET or FØRSTE_ÅR + år_antall - 1 > SISTE_ÅR:
        raise SystemExit(
            f"{per_etat} oppdrag per etat får ikke plass: brev finnes bare for {FØRSTE_ÅR}–{SISTE_ÅR}, "
            f"og OPPDRAG_ID_RE ({OPPDRAG_ID_RE}) gir høyst {MAKS_I_ÅRET} i året, til sammen "
            f"{MAKS_GYLDIG} unike oppdragsnumre. Bruk --variant etater."
        )
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    rng = random.Random(seed)
    files = 0

    # Oppdragene først (budsjettet binder penger til dem).
    per_år: dict[int, list[Oppdr]] = {}
    alle: list[Oppdr] = []
    igjen = n
    for e in range(1, etater + 1):
        erng = random.Random(f"{seed}-{e}")
        antall = min(per_etat, igjen)
        igjen -= antall
        forrige: list[str] = []
        for i in range(antall):
            år, nr = FØRSTE_ÅR + i // i_året, 1 + i % i_året
            text, tittel, åpen_til = oppdrag_tekst(erng, år, nr, forrige, FØRSTE_ÅR + år_antall - 1)
            oid = f"{år}-{nr:02d}"
            o = Oppdr(oid, tittel, år, åpen_til, nr=nr, mål=1 + (nr - 1) % MÅL)
            if variant == "tillegg" and nr > min(i_året, antall - i // i_året * i_året) - TILLEGG_NYE:
                # de siste numrene i året er gitt i tillegg nr. 2 (etter de andre: samme tilfeldige tall)
                o.tillegg = 2
                text = gitt_i_tillegg(o, random.Random(f"{seed}-{oid}"), FØRSTE_ÅR + år_antall - 1)
                o.åpen_til = -1 if "status: levert" in text else år
            o.frister, o.levert = _frister_i(text)
            rel = f"oppdrag/etat-{e}/{oid}.yaml" if variant == "etater" else f"oppdrag/{oid}.yaml"
            write(root / rel, text)
            files += 1
            if e == 1:  # bindinger viser til etat 1 (den `tb` finner først)
                per_år.setdefault(år, []).append(o)
                alle.append(o)
            forrige.append(oid)
            if len(forrige) > 50:
                forrige.pop(0)

    for år in range(FØRSTE_ÅR, FØRSTE_ÅR + år_antall):
        frist_9 = arbeidsdag(date(år, 10, 31))
        nye = per_år.get(år, [])[:8]
        tidligere = [o for o in alle if år - 3 <= o.år < år and o.åpen_til >= år][:5]
        budsjett, t21 = budsjett_filer(rng, år, nye, tidligere)
        tree = {f"brev/{år}/brev.yaml": brev_yaml(år, frist_9)}
        if variant == "tillegg":
            tree.update(tillegg_filer(år, per_år.get(år, []), budsjett, seed))
        tree.update({f"brev/{år}/{k}": v for k, v in tekster(år, frist_9, t21).items()})
        tree.update(mål_filer(år))
        tree.update(budsjett)
        for rel, text in tree.items():
            write(root / rel, text)
            files += 1

    if variant == "etater" and etater > 1:
        baseline = (
            "# Syntetisk: hver etat bruker de samme oppdragsnumrene (TB101 unik-id).\n"
            "akseptert:\n  - kode: TB101\n    gjelder: oppdrag\n    begrunnelse: >-\n"
            "      Benchmark-varianten legger de samme oppdragsnumrene i flere etatsmapper fordi\n"
            "      løpenummeret i ÅÅÅÅ-NN begrenser hvor mange oppdrag et år kan ha.\n"
        )
    else:
        baseline = "akseptert: []\n"
    write(root / "baseline.yaml", baseline)
    files += 1
    # Malene for `tb render` er en del av et brevrepositorium: kopier dem fra data/mal/.
    if MALER.is_dir():
        shutil.copytree(MALER, root / "mal")
    return {
        "variant": variant,
        "oppdrag": n,
        "etater": etater,
        "år": f"{FØRSTE_ÅR}–{FØRSTE_ÅR + år_antall - 1}",
        "brev": år_antall,
        "oppdrag_per_år": i_året,
        "filer": files,
        "duplikate_id": n - per_etat if etater > 1 else 0,
    }


def generate_virksomheter(root: Path, virksomheter: int = 15, år: int = 10, seed: int = 7) -> dict:
    """Et repositorium med flere virksomheter (issue 16): `virksomheter` mapper
    virksomheter/V01 … V15, hver et `gyldig` tre med `år` brev (91 oppdrag i året), og de felles
    malene i mal/. Alle har de samme postene, så de delte postene 671.21 og 671.71 er tildelt
    mer enn bevilgningen (TB801): grunnlinjen til hver virksomhet aksepterer det, så `tb check`
    går grønt og måler det vanlige arbeidet."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    files = 0
    for k in range(1, virksomheter + 1):
        name = f"V{k:02d}"
        tree = root / "virksomheter" / name
        info = generate(tree, PER_ÅR * år, "gyldig", seed=seed)
        files += info["filer"]
        shutil.rmtree(tree / "mal", ignore_errors=True)
        for brev in sorted((tree / "brev").glob("*/brev.yaml")):
            brev.write_text(brev.read_text(encoding="utf-8").replace("kortnavn: SDIR", f"kortnavn: {name}"), encoding="utf-8")
        entries = [
            f"  - år: {y}\n    kode: TB801\n    gjelder: {q(f'671.{post} {y} bevilget')}\n"
            "    begrunnelse: Syntetisk; alle virksomhetene har de samme postene.\n"
            for y in range(FØRSTE_ÅR, FØRSTE_ÅR + år)
            for post in (21, 71)
        ]
        write(tree / "baseline.yaml", "akseptert:\n" + "".join(entries))
    if MALER.is_dir():
        shutil.copytree(MALER, root / "mal")
    return {
        "variant": "virksomheter",
        "virksomheter": virksomheter,
        "oppdrag": PER_ÅR * år * virksomheter,
        "år": f"{FØRSTE_ÅR}–{FØRSTE_ÅR + år - 1}",
        "filer": files,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mappe", type=Path)
    ap.add_argument("--oppdrag", "-n", type=int, default=1000)
    ap.add_argument("--variant", choices=("gyldig", "etater", "tillegg", "virksomheter"), default="gyldig")
    ap.add_argument("--virksomheter", type=int, default=15, help="med --variant virksomheter: antall")
    ap.add_argument("--år", type=int, default=10, help="med --variant virksomheter: brev per virksomhet")
    ap.add_argument(
        "--etater", type=int, default=None, help="antall etater (standard: N / 10 010 rundet opp)"
    )
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args(argv)
    if a.variant == "virksomheter":
        info = generate_virksomheter(a.mappe, a.virksomheter, a.år, a.seed)
    else:
        info = generate(a.mappe, a.oppdrag, a.variant, a.etater, a.seed)
    print(", ".join(f"{k}={v}" for k, v in info.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
