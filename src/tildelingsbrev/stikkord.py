"""Stikkordene på en budsjettpost: ordforrådet på bokmål og nynorsk, og en tolker.

Et stikkord er et ord Stortinget knytter til en bevilgning og som endrer hva virksomheten kan
gjøre med pengene. Det står etter betegnelsen i tabellen («Spesielle driftsutgifter, kan
overføres») og i data som én linje per stikkord (`stikkord: [kan overføres]`).

Ordforrådet står her og bare her (`ARTER`); TB402, TB405 og TB406 (`rules/poster.py`) og
`tb ny post` (`scaffold`) spør tolkeren (`tolk`). Hver art har formen på bokmål og nynorsk:

| art            | bokmål                  | nynorsk                  | parametre          |
| -------------- | ----------------------- | ------------------------ | ------------------ |
| `overføres`    | kan overføres           | kan overførast           | ingen              |
| `overslag`     | overslagsbevilgning     | overslagsløyving         | ingen              |
| `nyttes_under` | kan nyttes under …      | kan nyttast under …      | én eller flere poster |

«kan nyttes under» følges av postene bevilgningen også kan brukes på, i formene
budsjettproposisjonene bruker:

- `kan nyttes under post 70` (samme kapittel som posten selv);
- `kan nyttes under postene 70 og 72` (nynorsk `postane`), også `post 70 og 71`;
- `kan nyttes under kap. 502 post 70` og med komma, `kap. 502, post 70`;
- flere mål etter hverandre med komma eller «og»: `kan nyttes under post 21 og kap. 600 post 70`.

Postnummeret har to sifre («post 01», ikke «post 1»), slik det trykkes.

Kildene (se rapporten til issue 17):

- Bevilgningsreglementet (Stortingets vedtak 26. mai 2005, i kraft 2006) med Finans-
  departementets kommentarer i Veileder i statlig budsjettarbeid og rundskriv R-110: stikkordene
  «kan overføres», «overslagsbevilgning» og «kan nyttes under» er de Stortinget bruker.
- Prop. 1 S (2016–2017) fra Kommunal- og moderniseringsdepartementet, forslaget til vedtak:
  «Spesielle driftsutgifter, kan overføres, kan nyttes under kap. 502, post 70» (kapittel med
  komma) ved siden av «kan overføres» alene.
- Statsbudsjettet for kap. 1800 post 21: «Spesielle driftsutgifter, kan overføres, kan nyttes
  under postene 70 og 72» (flere poster).
- Nynorsk: Prop. 27 S (2024–2025) fra Nærings- og fiskeridepartementet: «Post 21 Særskilde
  driftsutgifter, kan overførast». «overslagsløyving» og «kan nyttast under» er de nynorske
  formene av de to andre (løyving for bevilgning, s-passiv på -ast som i «kan overførast»).

Ikke med: «kan benyttes under …». Det er ikke stikkordet i bevilgningsreglementet eller i
proposisjonene; TB402 melder det og foreslår «kan nyttes under …» (`forslag`).

Flere stikkord i én linje («kan overføres, kan nyttes under post 70») er ikke ett stikkord:
`del_opp` finner dem, og TB402 ber om én linje per stikkord.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from .text import clip, one_line

Målform = Literal["bokmål", "nynorsk"]

MÅLFORMER: tuple[Målform, ...] = ("bokmål", "nynorsk")

LENGSTE = 300
"""Lengre tekst enn dette er ikke et stikkord; tolkeren og forslagene ser ikke på den (fiendtlig
data skal ikke kunne gjøre regex eller difflib dyrt)."""


@dataclass(frozen=True)
class Art:
    """Én art stikkord, med formen på hver målform."""

    navn: str
    """Artens navn i koden: `overføres`, `overslag` eller `nyttes_under`."""
    bokmål: str
    nynorsk: str
    poster: bool
    """Sant når stikkordet følges av poster («kan nyttes under post 70»)."""
    betyr: str
    """Hva stikkordet gir virksomheten lov til, én setning."""

    def form(self, målform: Målform) -> str:
        return self.bokmål if målform == "bokmål" else self.nynorsk


ARTER: tuple[Art, ...] = (
    Art(
        "overføres",
        "kan overføres",
        "kan overførast",
        False,
        "ubrukt bevilgning kan overføres til de to neste budsjettårene",
    ),
    Art(
        "overslag",
        "overslagsbevilgning",
        "overslagsløyving",
        False,
        "bevilgningen er et overslag og kan overskrides når utgiftene følger av regelverk eller avtaler",
    ),
    Art(
        "nyttes_under",
        "kan nyttes under",
        "kan nyttast under",
        True,
        "bevilgningen kan også brukes på postene som nevnes",
    ),
)
"""Ordforrådet: hver art med bokmål og nynorsk. Den eneste lista over stikkord i `tb`."""

ART = {a.navn: a for a in ARTER}

POSTENE: dict[Målform, str] = {"bokmål": "postene", "nynorsk": "postane"}
"""Flertall bestemt form av «post» på hver målform («under postene 70 og 72»)."""


@dataclass(frozen=True)
class Mål:
    """En post «kan nyttes under» viser til. `kapittel` er `None` når teksten ikke nevner noe
    kapittel (da gjelder postens eget kapittel)."""

    kapittel: int | None
    post: int


@dataclass(frozen=True)
class Stikkord:
    """Et tolket stikkord."""

    art: Art
    målform: Målform
    mål: tuple[Mål, ...] = ()
    """Postene «kan nyttes under» viser til, i rekkefølge; tom for de andre artene."""
    tekst: str = ""
    """Teksten slik den står (med blank plass slått sammen)."""

    def på(self, målform: Målform) -> str:
        """Det samme stikkordet på `målform`: «kan overførast» -> «kan overføres»;
        «kan nyttast under postane 70 og 72» -> «kan nyttes under postene 70 og 72»."""
        if målform == self.målform:
            return self.tekst
        rest = self.tekst[len(self.art.form(self.målform)) :]
        rest = re.sub(rf"\b{POSTENE[self.målform]}\b", POSTENE[målform], rest)
        return self.art.form(målform) + rest


# ---------------------------------------------------------------- tolkeren

_SEP = r"(?:, | og )"
_NR = r"\d{2}"
_KAP = r"kap\. ([1-9]\d{0,3}),? "


def _gruppe(målform: Målform) -> str:
    return rf"(?:{_KAP})?(?:post|{POSTENE[målform]}) ({_NR}(?:{_SEP}{_NR})*)"


_GRUPPE = {m: re.compile(_gruppe(m)) for m in MÅLFORMER}
_POSTER = {m: re.compile(rf"{_gruppe(m)}(?:{_SEP}{_gruppe(m)})*") for m in MÅLFORMER}


def _mål(tail: str, målform: Målform) -> tuple[Mål, ...] | None:
    if not _POSTER[målform].fullmatch(tail):
        return None
    out = []
    for m in _GRUPPE[målform].finditer(tail):
        kap = int(m.group(1)) if m.group(1) else None
        for nr in re.findall(r"\d{2}", m.group(2)):
            if not 1 <= int(nr) <= 99:
                return None
            out.append(Mål(kap, int(nr)))
    return tuple(out)


def tolk(tekst: str) -> Stikkord | None:
    """Teksten som stikkord (art, målform og poster), eller `None` når den ikke er et kjent
    stikkord. Blank plass slås sammen; ellers må teksten stå nøyaktig slik (små bokstaver,
    «kap.» med punktum, postnummer med to sifre)."""
    if len(tekst) > LENGSTE:
        return None
    t = one_line(tekst)
    for art in ARTER:
        for målform in MÅLFORMER:
            form = art.form(målform)
            if not art.poster:
                if t == form:
                    return Stikkord(art, målform, (), t)
            elif t.startswith(form + " "):
                mål = _mål(t[len(form) + 1 :], målform)
                if mål:
                    return Stikkord(art, målform, mål, t)
    return None


def er_kjent(tekst: str) -> bool:
    """Sant for et stikkord `tolk` kjenner, på bokmål eller nynorsk."""
    return tolk(tekst) is not None


_DELER = re.compile(r", (?=kan |overslags)")


def del_opp(tekst: str) -> list[Stikkord] | None:
    """Flere kjente stikkord skrevet i én linje («kan overføres, kan nyttes under post 70»), hvert
    for seg; `None` når teksten ikke er det."""
    if len(tekst) > LENGSTE:
        return None
    deler = _DELER.split(one_line(tekst))
    if len(deler) < 2:
        return None
    tolket = [tolk(d) for d in deler]
    return [s for s in tolket if s is not None] if all(tolket) else None


# ---------------------------------------------------------------- forslag ved skrivefeil

_HODE_OG_POSTER = re.compile(r"^(.*?)\s*\b((?:kap|post)\w*\.?\s*\d.*)$")
_FASTE = [a.form(m) for a in ARTER if not a.poster for m in MÅLFORMER]
_HODER = {a.form(m): m for a in ARTER if a.poster for m in MÅLFORMER}


def _rett_poster(tail: str, målform: Målform) -> str:
    """Småfeil i postdelen: «kap 100»/«kap.100» -> «kap. 100», «post 1» -> «post 01», flertall
    på feil målform -> rett."""
    tail = re.sub(r"\bkap\b\.?\s*(\d)", r"kap. \1", tail)
    tail = re.sub(r"\b(postene|postane|poster|postar)\b", POSTENE[målform], tail)
    return re.sub(r"(?<!kap\. )(?<!\d)(\d)(?!\d)", r"0\1", tail)


def forslag(tekst: str) -> str | None:
    """Det kjente stikkordet `tekst` trolig skulle vært, når den er en skrivefeil av et:
    «kan overføes» -> «kan overføres», «kan benyttes under post 70» -> «kan nyttes under
    post 70», «kan nyttes under post 1» -> «kan nyttes under post 01». `None` når ingen ligger
    nær nok (eller teksten allerede er et kjent stikkord)."""
    if len(tekst) > LENGSTE or tolk(tekst):
        return None
    t = one_line(tekst).lower().strip(" .«»\"'")
    if tolk(t):
        return t
    m = _HODE_OG_POSTER.match(t)
    if m and m.group(1):
        for hode in difflib.get_close_matches(m.group(1), list(_HODER), n=2, cutoff=0.6):
            kandidat = f"{hode} {_rett_poster(m.group(2), _HODER[hode])}"
            if tolk(kandidat):
                return kandidat
        return None
    nær = difflib.get_close_matches(t, _FASTE, n=1, cutoff=0.75)
    return nær[0] if nær else None


def kjente(målform: Målform | None = None) -> str:
    """De kjente stikkordene som tekst til en melding: «kan overføres», «overslagsbevilgning»
    og «kan nyttes under post NN» (på én målform, eller bokmål og så nynorsk)."""
    former = [målform] if målform else list(MÅLFORMER)
    navn = [f"«{a.form(m)}{' post NN' if a.poster else ''}»" for m in former for a in ARTER]
    return ", ".join(navn[:-1]) + " og " + navn[-1]


def ukjent(tekst: str) -> str:
    """Meldingen om en tekst som ikke er et kjent stikkord: hvorfor, og hva som trolig var
    ment (flere stikkord i én linje, «kan nyttes under» uten poster, en skrivefeil) eller de
    kjente stikkordene."""
    vist = clip(tekst, 100)
    deler = del_opp(tekst)
    if deler:
        hver = ", ".join(f"«{s.tekst}»" for s in deler)
        return f"«{vist}» er flere stikkord i én linje; skriv dem hver for seg i lista: {hver}"
    t = one_line(tekst)
    if t in _HODER:
        return f"«{t}» mangler postene; skriv for eksempel «{t} post 70» eller «{t} kap. 100 post 70»"
    nær = forslag(tekst)
    if nær:
        return f"«{vist}» er ikke et kjent stikkord; mente du «{nær}»?"
    return f"«{vist}» er ikke et kjent stikkord (kjente: {kjente()})"
