"""Grensene for malene: hvor mye én gjengivelse får bruke, og hvordan det telles.

- grensene (`MAX_OPERATIONS`, `MAX_OUTPUT`, `MAX_VALUE`, `MAX_ITEMS`, `MAX_INT_BITS`,
  `MAX_RANGE`) og prisene (`CALL_COST_MACRO`, `INCLUDE_COST`);
- `Budget`: arbeidsbudsjettet og teksten som er skrevet, for én gjengivelse;
- `TemplateLimit` og meldingene (`too_big`): en mal som bruker for mye, stopper med en norsk
  melding, ikke med en prosess som henger eller går tom for minne;
- målene `size_of`, `cost` og `shallow`, som sandkassen (`sandbox`) og sjekkene før en
  operasjon (`guards`) regner med.
"""

from __future__ import annotations

MAX_OUTPUT = 20_000_000
"""Mest tekst (i tegn) malene kan skrive for ett brev, medregnet tekst samlet i
`{% set %}…{% endset %}`, makroer og filterblokker."""
MAX_VALUE = 20_000_000
"""Største tekst (i tegn) en mal kan lage i én operasjon (`'x' * n`, `~`, filtre, metoder)."""
MAX_ITEMS = 1_000_000
"""Flest elementer i en liste en mal lager i én operasjon."""
MAX_INT_BITS = 10_000
"""Største heltall en mal kan regne ut (i bit, omtrent 3 000 sifre)."""
MAX_RANGE = 10_000
"""Flest tall i `range(…)` i en mal (Jinja tillater 100 000)."""
MAX_OPERATIONS = 5_000_000
"""Arbeidsbudsjettet for én gjengivelse, i enheter: hver løkkerunde, sammenligning og test
koster én, et filter to, et kall fem, et makrokall `CALL_COST_MACRO` og en `{% include %}`
`INCLUDE_COST`; i tillegg koster hvert element i en liste og hvert hundrede tegn i en tekst
som leses eller lages, én. Brevet i data/ bruker omtrent 3 000. Et budsjett i enheter (ikke
sekunder) gir samme svar på alle maskiner; på en vanlig maskin tar 5 millioner enheter
omtrent ett sekund."""
CALL_COST_MACRO = 100
"""Det et kall av en makro (eller `loop(…)` i en rekursiv løkke) koster."""
INCLUDE_COST = 1000
"""Det en `{% include %}` eller `{% import %}` koster (malen slås opp og sjekkes på disken)."""


class TemplateLimit(Exception):
    """Malen bruker for mye: tid (operasjoner), tekst eller minne. Meldingen er på norsk."""


class Budget:
    """Det én gjengivelse har brukt: operasjoner (`ops`) og tegn skrevet (`out`)."""

    __slots__ = ("ops", "out")

    def __init__(self) -> None:
        self.ops = 0
        self.out = 0

    def spend(self, n: int) -> None:
        self.ops += n
        if self.ops > MAX_OPERATIONS:
            raise TemplateLimit(
                f"malen bruker for mange operasjoner (over {number_text(MAX_OPERATIONS)} løkkerunder, "
                "kall og tekstoperasjoner); er det en løkke i en løkke som blir for stor?"
            )

    def write(self, n: int) -> None:
        self.out += n
        if self.out > MAX_OUTPUT:
            raise TemplateLimit(f"malen lager for mye tekst (over {number_text(MAX_OUTPUT)} tegn)")


def number_text(n: int) -> str:
    """Et rundt tall i en melding: «10 000», «5 millioner»."""
    if n >= 1_000_000 and n % 1_000_000 == 0:
        m = n // 1_000_000
        return f"{m} million" if m == 1 else f"{m} millioner"
    return f"{n:,}".replace(",", " ")


def too_big(what: str = "tekst") -> TemplateLimit:
    """Meldingen for en operasjon som ville laget en for stor tekst, liste (`"liste"`) eller et
    for stort tall (`"tall"`)."""
    if what == "liste":
        return TemplateLimit(f"malen lager en for lang liste (over {number_text(MAX_ITEMS)} elementer i én operasjon)")
    if what == "tall":
        return TemplateLimit("malen regner ut et for stort tall (over 3 000 sifre)")
    return TemplateLimit(f"malen lager en for stor tekst (over {number_text(MAX_VALUE)} tegn i én operasjon)")


def check_text(n: int) -> None:
    """TemplateLimit når en tekst på `n` tegn er større enn `MAX_VALUE`."""
    if n > MAX_VALUE:
        raise too_big()


def size_of(value: object, limit: int = MAX_VALUE) -> tuple[int, int]:
    """(omtrent hvor mange tegn verdien blir som tekst, antall deler som ble sett på). Lister
    og avbildninger telles med alt de inneholder – en verdi som forekommer mange ganger, telles
    hver gang, slik den også skrives hver gang. Slutter å telle over `limit` (også for en
    verdi som inneholder seg selv)."""
    from jinja2.utils import Namespace

    if isinstance(value, (str, bytes)):
        return len(value), 1
    total, seen, stack = 0, 0, [value]
    while stack and total <= limit:
        v = stack.pop()
        seen += 1
        if isinstance(v, (str, bytes)):
            total += len(v)
        elif isinstance(v, bool) or v is None:
            total += 5
        elif isinstance(v, int):
            total += v.bit_length() // 3 + 1
        elif isinstance(v, dict):
            total += 2 + 4 * len(v)
            if total <= limit:
                stack.extend(v.keys())
                stack.extend(v.values())
        elif isinstance(v, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(v)
            if total <= limit:
                stack.extend(v)
        elif isinstance(v, range):
            total += 2 * len(v)
        elif isinstance(v, Namespace):
            attrs = object.__getattribute__(v, "_Namespace__attrs")
            total += 12 + 4 * len(attrs)
            if total <= limit:
                stack.extend(attrs.values())
        else:
            total += 20
    return total, seen


def cost(*values: object) -> int:
    """Det det koster å lese verdiene én gang: én enhet per hundre tegn i en tekst (å lete i
    eller kopiere tekst går fort) og én per element i en liste eller avbildning."""
    total = 0
    for v in values:
        if isinstance(v, (str, bytes)):
            total += len(v) // 100
        elif isinstance(v, (list, tuple, dict, set, frozenset)):
            total += len(v)
    return total


def shallow(value: object) -> int:
    """Lengden på en tekst eller liste uten å se inni den (0 for andre verdier)."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset, range)):
        return len(value)
    return 0
