"""Oppdragsnumre: mønsteret numrene følger i et repositorium, og året og løpenummeret i dem.

Et departement nummererer oppdragene sine på sin egen måte: `2024-05` (standard), `TB2026-14`
eller `13/2024`. Mønsteret står i `innstillinger.yaml` øverst i data-mappa
(`oppdragsnummer: "TB{år}-{nr}"`); uten den fila, eller uten feltet, er det `{år}-{nr:2}`.

Plassholderne:

- `{år}`: året oppdraget ble gitt, fire sifre;
- `{nr}`: løpenummeret uten nuller foran (1, 2 … 14 … 101);
- `{nr:2}`: løpenummeret med minst to sifre (01, 02 … 99, 100); `{nr:3}` med tre (001).

Løpenummeret er høyst 999. Resten av mønsteret er bokstaver (A–Å, a–å) og skilletegnene `-`,
`/`, `.` og `_`, høyst 20 tegn, og mellom `{år}` og `{nr}` står minst ett av dem (ellers kan
ikke et nummer i teksten skilles fra et vanlig tall). Hvert nummer har én skrivemåte:
`2024-5` følger ikke standardmønsteret, `2024-05` gjør.

**Filnavnet** er nummeret med hver «/» byttet med «-» (en «/» kan ikke stå i et filnavn):
oppdrag 13/2024 ligger i `oppdrag/13-2024.yaml`, TB2026-14 i `oppdrag/TB2026-14.yaml`.

**Året og løpenummeret** leses ut av nummeret uten mønsteret (`del_opp`): et gyldig nummer har
nøyaktig ett tall med fire sifre (året) og ett med ett til tre (løpenummeret), skilt av minst
ett tegn som ikke er et siffer. Slik kan modellen, innlesingen av en enkelt fil og
`bench/generate.py` regne ut året uten å kjenne innstillingene; mønsteret sjekkes av
innlesingen (TB004), av filnavnregelen (TB006) og når teksten viser til oppdrag (TB106, TB114).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

STANDARD_MØNSTER = "{år}-{nr:2}"
"""Mønsteret uten `innstillinger.yaml`: `2024-05`, `2024-101`."""

_BOKSTAVER = "A-Za-zÆØÅæøå"
_SKILLETEGN = "-/._"
_TEGN = _BOKSTAVER + re.escape(_SKILLETEGN)

MAKS_LENGDE = 40
"""Et oppdragsnummer er høyst så mange tegn."""

GENERELL_FORM = rf"^[{_TEGN}]*(?:[0-9]{{4}}[{_TEGN}]+[0-9]{{1,3}}|[0-9]{{1,3}}[{_TEGN}]+[0-9]{{4}})[{_TEGN}]*$"
"""Formen ethvert oppdragsnummer har, uansett mønster: bokstaver og skilletegn rundt ett
årstall med fire sifre og ett løpenummer med ett til tre, skilt av minst ett tegn. Det
JSON-skjemaet sier om `id`; mønsteret i innstillingene sjekkes av `tb check` (TB004)."""

_GENERELL_RE = re.compile(GENERELL_FORM)
_TALL = re.compile(r"[0-9]+")
_PLASSHOLDER = re.compile(r"\{([^{}]*)\}")

_STREK = "-\u2010\u2011\u2012\u2013\u2014\u2212"
"""Bindestrek og tegnene som ligner (tankestrek, minus …): en «–» der mønsteret har «-» er en
skrivefeil i nummeret."""
_ROM = "[ \t\u00a0\u202f]"
"""Blank plass inne i en linje."""


def del_opp(oppdrag_id: str) -> tuple[int, int] | None:
    """(året, løpenummeret) i et oppdragsnummer av den generelle formen, uansett mønster:
    `2024-05` → (2024, 5), `TB2026-14` → (2026, 14), `13/2024` → (2024, 13); None når nummeret
    ikke har den formen (også et filnavn som `13-2024` kan leses)."""
    if len(oppdrag_id) > MAKS_LENGDE or not _GENERELL_RE.match(oppdrag_id):
        return None
    a, b = _TALL.findall(oppdrag_id)
    return (int(a), int(b)) if len(a) == 4 else (int(b), int(a))


def filnavn(oppdrag_id: str) -> str:
    """Filnavnet (uten .yaml) for et oppdragsnummer: «/» blir «-» (13/2024 → 13-2024)."""
    return oppdrag_id.replace("/", "-")


def mønster_feil(mønster: str) -> str | None:
    """Hva som er galt med et mønster for oppdragsnumre (på norsk), eller None."""
    deler = _deler(mønster)
    return deler if isinstance(deler, str) else None


def _deler(mønster: str) -> list[tuple[str, str | int]] | str:
    """Mønsteret som deler: ("tekst", "TB"), ("år", 4), ("nr", bredde); eller hva som er galt."""
    out: list[tuple[str, str | int]] = []
    pos = 0
    for m in _PLASSHOLDER.finditer(mønster):
        if m.start() > pos:
            out.append(("tekst", mønster[pos : m.start()]))
        navn = m.group(1).strip()
        if navn == "år":
            out.append(("år", 4))
        elif re.fullmatch(r"nr(?::[1-3])?", navn):
            out.append(("nr", int(navn[3:]) if ":" in navn else 1))
        else:
            return (
                f"ukjent plassholder «{{{m.group(1)}}}» i mønsteret «{mønster}»; bruk {{år}} og {{nr}} "
                "(eller {nr:2} for minst to sifre)"
            )
        pos = m.end()
    if pos < len(mønster):
        out.append(("tekst", mønster[pos:]))
    slags = [k for k, _ in out]
    if slags.count("år") != 1 or slags.count("nr") != 1:
        return f"mønsteret «{mønster}» skal ha {{år}} og {{nr}} nøyaktig én gang hver"
    tekst = "".join(str(v) for k, v in out if k == "tekst")
    if len(tekst) > 20:
        return f"teksten rundt {{år}} og {{nr}} i mønsteret «{mønster}» er lengre enn 20 tegn"
    feil = sorted({c for c in tekst if not re.fullmatch(f"[{_TEGN}]", c)})
    if feil:
        vist = " ".join(f"«{c}»" for c in feil)
        return (
            f"mønsteret «{mønster}» har tegn som ikke kan stå i et oppdragsnummer ({vist}); bruk "
            f"bokstaver og {' '.join(_SKILLETEGN)}"
        )
    i, j = sorted((slags.index("år"), slags.index("nr")))
    mellom = "".join(str(v) for k, v in out[i + 1 : j])
    if not any(c in _SKILLETEGN for c in mellom):
        return (
            f"mønsteret «{mønster}» må ha et skilletegn ({' '.join(_SKILLETEGN)}) mellom {{år}} og {{nr}}, "
            "ellers kan ikke et nummer i teksten skilles fra et vanlig tall"
        )
    return out


def _nr_re(bredde: int) -> str:
    """Løpenummeret med minst `bredde` sifre og høyst tre, med én skrivemåte per tall."""
    if bredde >= 3:
        return "[0-9]{3}"
    return f"[0-9]{{{bredde}}}|[1-9][0-9]{{{bredde},2}}"


@dataclass(frozen=True)
class Mention:
    """Et oppdragsnummer nevnt i en tekst (linje og kolonne fra 0)."""

    oppdrag: str
    line: int
    column: int


@dataclass(frozen=True)
class Nesten:
    """Et oppdragsnummer skrevet på en annen måte enn mønsteret («TB 2026-14» for TB2026-14)."""

    tekst: str
    """Slik det står i teksten."""
    ment: str
    """Nummeret slik mønsteret skriver det."""
    line: int
    column: int


@dataclass(frozen=True)
class Oppdragsnummer:
    """Et mønster for oppdragsnumre (`{år}-{nr:2}`, `TB{år}-{nr}`, `{nr}/{år}`), med det som
    trengs for å sjekke et nummer, skrive det, finne det i en tekst og finne skrivefeil."""

    mønster: str = STANDARD_MØNSTER
    kilde: str | None = None
    """Hvor mønsteret kommer fra («innstillinger.yaml»), til meldingene; None for standarden."""
    _deler: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        deler = _deler(self.mønster)
        if isinstance(deler, str):
            raise ValueError(deler)
        object.__setattr__(self, "_deler", tuple(deler))

    # ---- regulære uttrykk (laget én gang per mønster)

    @property
    def regex(self) -> re.Pattern[str]:
        """Hele nummeret, nøyaktig slik mønsteret skriver det."""
        return _compiled(self.mønster)[0]

    @property
    def i_tekst_regex(self) -> re.Pattern[str]:
        """Nummeret inne i en tekst: ikke en del av et lengre tall, en dato (2024-05-12) eller
        et årsspenn (2030-2033), og ikke midt i et ord."""
        return _compiled(self.mønster)[1]

    @property
    def nesten_regex(self) -> re.Pattern[str]:
        """Nummeret skrevet løst: store og små bokstaver om hverandre, blank plass mellom
        delene, tankestrek for bindestrek og løpenummeret med eller uten nuller foran."""
        return _compiled(self.mønster)[2]

    # ---- spørsmålene

    @property
    def eksempel(self) -> str:
        """Et nummer skrevet etter mønsteret (2024-05, TB2024-5, 5/2024)."""
        return self.lag(2024, 5)

    @property
    def beskrivelse(self) -> str:
        """«{år}-{nr:2}, for eksempel 2024-05», med kilden når den ikke er standarden."""
        hvor = f" fra {self.kilde}" if self.kilde else ""
        return f"mønsteret {self.mønster}{hvor}, for eksempel {self.eksempel}"

    def gyldig(self, oppdrag_id: str) -> bool:
        return len(oppdrag_id) <= MAKS_LENGDE and self.regex.match(oppdrag_id) is not None

    def lag(self, år: int, nr: int) -> str:
        """Nummeret for oppdrag nr. `nr` gitt i `år`, skrevet etter mønsteret."""
        out = []
        for kind, value in self._deler:
            if kind == "tekst":
                out.append(str(value))
            elif kind == "år":
                out.append(f"{år:04d}")
            else:
                out.append(f"{nr:0{value}d}")
        return "".join(out)

    def forslag(self, tekst: str) -> str | None:
        """Nummeret mønsteret ville skrevet for en tekst som ligner et oppdragsnummer
        («2024-5» → «2024-05», «TB 2026-14» → «TB2026-14»), eller None."""
        m = self.nesten_regex.fullmatch(tekst.strip())
        if m is not None:
            return self.lag(int(m.group("år")), int(m.group("nr")))
        parts = del_opp(tekst.strip())
        return self.lag(*parts) if parts is not None else None

    def feil_i(self, oppdrag_id: str) -> str:
        """Meldingen for et nummer som ikke følger mønsteret."""
        hint = self.forslag(oppdrag_id)
        mente = f"; mente du «{hint}»?" if hint is not None and hint != oppdrag_id and self.gyldig(hint) else ""
        return f"«{oppdrag_id}» er ikke et oppdragsnummer etter {self.beskrivelse}{mente}"

    def nevnt(self, text: str) -> list[Mention]:
        """Oppdragsnumrene nevnt i teksten, i rekkefølge. Årsspenn som «2024-2027» og datoer
        som «2024-05-12» er ikke med."""
        if not any(c.isdigit() for c in text):
            return []
        return [Mention(m.group(0), *_sted(text, m.start())) for m in self.i_tekst_regex.finditer(text)]

    def nesten(self, text: str) -> list[Nesten]:
        """Numre i teksten som er skrevet på en annen måte enn mønsteret («TB 2026-14»,
        «TB2026 -14», «tb2026-14», «2024–05»), hver med nummeret slik mønsteret skriver det.

        Et nummer uten bokstavene i mønsteret (standarden er bare tall og skilletegn, og
        «2026-14» mangler «TB» i TB2026-14) regnes bare som et oppdragsnummer når ordet
        «oppdrag» står rett foran («jf. oppdrag 2024 - 5»): ellers ville «i 2024 – 3 av dem»
        vært et oppdragsnummer."""
        if not any(c.isdigit() for c in text):
            return []
        out = []
        bokstaver = re.compile(f"[{_BOKSTAVER}]")
        med_bokstaver = any(k == "tekst" and bokstaver.search(str(v)) for k, v in self._deler)
        for m in self.nesten_regex.finditer(text):
            år, nr = int(m.group("år")), int(m.group("nr"))
            if not 1900 <= år <= 2199 or nr > 999:
                continue
            ment = self.lag(år, nr)
            if m.group(0) == ment:
                continue
            kjent = med_bokstaver and bokstaver.search(m.group(0)) is not None
            if not kjent and not _OPPDRAG_FORAN.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            out.append(Nesten(m.group(0), ment, *_sted(text, m.start())))
        return out


_OPPDRAG_FORAN = re.compile(r"\boppdrag(?:et|ene|a|s)?(?:\s+nr\.?)?\s*$", re.IGNORECASE)
"""«oppdrag», «oppdraget», «oppdrag nr.» rett foran et tall: da er tallet et oppdragsnummer."""


def _sted(text: str, offset: int) -> tuple[int, int]:
    """(linje, kolonne) fra 0 for en posisjon i teksten."""
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


@lru_cache(maxsize=32)
def _compiled(mønster: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    deler = _deler(mønster)
    assert not isinstance(deler, str), deler
    exact, loose = [], []
    for kind, value in deler:
        if kind == "tekst":
            exact.append(re.escape(str(value)))
            loose.append(_løs_tekst(str(value)))
        elif kind == "år":
            exact.append("(?P<år>[0-9]{4})")
            loose.append("(?P<år>[0-9]{4})")
        else:
            exact.append(f"(?P<nr>{_nr_re(int(value))})")
            loose.append("(?P<nr>[0-9]{1,3})")
    body = "".join(exact)
    first, last = deler[0], deler[-1]
    skille = "".join(re.escape(c) for c in _SKILLETEGN if c in mønster and c != ".")
    before = f"0-9{skille}"
    if first[0] == "tekst" and re.match(f"[{_BOKSTAVER}]", str(first[1])):
        before += _BOKSTAVER
    after = f"0-9{skille}"
    if last[0] == "tekst" and re.search(f"[{_BOKSTAVER}]$", str(last[1])):
        after += _BOKSTAVER
    # et punktum etter nummeret avslutter setningen; bare et punktum fulgt av et siffer fortsetter det
    tail = f"(?![{after}]|\\.[0-9])"
    in_text = re.compile(f"(?<![{before}])(?:{body}){tail}")
    loose_before = f"0-9{_BOKSTAVER}{re.escape(_SKILLETEGN)}{_STREK}"
    nesten = re.compile(
        f"(?<![{loose_before}])" + f"{_ROM}?".join(loose) + f"(?![0-9{_STREK}]|[{re.escape(_SKILLETEGN)}][0-9])",
        re.IGNORECASE,
    )
    return re.compile(f"^(?:{body})$"), in_text, nesten


def _løs_tekst(tekst: str) -> str:
    """Teksten i mønsteret slik en skrivefeil kan ha den: blank plass rundt skilletegnene,
    tankestrek for bindestrek og bokstavene utelatt (store og små bokstaver tas av
    `re.IGNORECASE`)."""
    out = []
    for part in re.findall(f"[{_BOKSTAVER}]+|.", tekst):
        if part == "-":
            out.append(f"{_ROM}?[{_STREK}]{_ROM}?")
        elif part in _SKILLETEGN:
            out.append(f"{_ROM}?{re.escape(part)}{_ROM}?")
        else:
            out.append(f"(?:{re.escape(part)})?")
    return "".join(out)


STANDARD = Oppdragsnummer()
"""Standardmønsteret `{år}-{nr:2}`."""
