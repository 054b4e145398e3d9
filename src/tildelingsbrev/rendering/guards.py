"""Sjekkene før en operasjon i en mal: hvor stor teksten, lista eller tallet blir, regnet ut
før det lages, og hva operasjonen koster av budsjettet.

Sandkassen (`sandbox`) kaller hit fra krokene sine: regneoperatorene (`check_binop`),
%-formatering og `.format()` (`check_percent`, `check_format`), metoder på tekst
(`check_text_method`), hvert filter og hver test (`guard_filter`, `guard_test`) og de globale
funksjonene `range` og `lipsum` (`bounded_range`, `bounded_lipsum`). `env` er miljøet fra
`sandbox`: det har `spend`, `sized`, `made` og `tb_loop`.
"""

from __future__ import annotations

import re
from functools import update_wrapper
from string import Formatter

from .limits import (
    MAX_INT_BITS,
    MAX_ITEMS,
    MAX_OPERATIONS,
    MAX_RANGE,
    MAX_VALUE,
    TemplateLimit,
    check_text,
    cost,
    number_text,
    shallow,
    too_big,
)

_FORMAT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")
STRUCTURE_FILTERS = frozenset(
    "abs attr batch bool count d default dictsort first float groupby int items last length "
    "list map max min random reject rejectattr reverse round select selectattr slice sort sum "
    "unique".split()
)
"""Filtrene som ikke gjør verdien om til tekst (de andre sjekkes for hvor stor teksten blir)."""
FILTER_GROWTH = {"escape": 5, "e": 5, "forceescape": 5, "xmlattr": 6, "tojson": 12, "urlize": 12,
                 "pprint": 10, "string": 10, "upper": 3, "title": 3, "capitalize": 3, "wordwrap": 2,
                 "md": 2, "celle": 2}
"""Hvor mange ganger lengre enn verdien teksten fra filteret kan bli (standard 1)."""
FILTER_WORK = {"sort": 4, "dictsort": 4, "groupby": 4, "unique": 2}
"""Filtre som gjør mer enn å lese verdien én gang (sortering): så mange ganger `cost`."""


# ---------------------------------------------------------------- operatorer og formatering


def check_binop(env, operator: str, left, right) -> None:
    """`*`, `**`, `%` og `+`: hvor stor teksten, lista eller tallet blir."""
    numbers = (int, float)
    if operator == "*":
        seq, n = (left, right) if isinstance(right, int) else (right, left)
        if isinstance(n, int) and not isinstance(seq, numbers):
            check_text(env.sized(seq) * max(n, 0))
            if isinstance(seq, (list, tuple)) and len(seq) * max(n, 0) > MAX_ITEMS:
                raise too_big("liste")
        elif isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise too_big("tall")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if abs(left).bit_length() * right > MAX_INT_BITS:
                raise too_big("tall")
    elif operator == "%" and isinstance(left, str):
        check_percent(env, left, right)
    elif operator == "+" and not (isinstance(left, numbers) and isinstance(right, numbers)):
        check_text(env.sized(left) + env.sized(right))
        if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
            if len(left) + len(right) > MAX_ITEMS:
                raise too_big("liste")


def check_percent(env, fmt: str, args: object) -> None:
    """`fmt % args` (og filteret `format`): bredder og presisjon, og hvor mye tekst det blir."""
    values = args if isinstance(args, tuple) else (args,)
    if isinstance(args, dict):
        values = tuple(args.values())
    specs = _FORMAT_SPEC.findall(fmt)
    widths = 0
    for width, precision, _ in specs:
        for w in (width, precision):
            if w == "*":
                widths += sum(v for v in values if isinstance(v, int) and v > 0)
            elif w:
                widths += int(w)
    biggest = max((env.sized(v) for v in values), default=0)
    check_text(len(fmt) + widths + len(specs) * biggest)


def check_format(env, fmt: str, args: tuple, kwargs: dict) -> None:
    """`'…'.format(…)`: hvert felt kan gjenta det største argumentet, pluss bredder."""
    fields = widths = 0
    for _, field, spec, _ in Formatter().parse(fmt):
        if field is None:
            continue
        fields += 1
        if spec and "{" in spec:
            fields += spec.count("{")
            widths += sum(v for v in (*args, *kwargs.values()) if isinstance(v, int) and v > 0)
        widths += sum(int(d) for d in re.findall(r"\d+", spec or ""))
    biggest = max((env.sized(v) for v in (*args, *kwargs.values())), default=0)
    check_text(len(fmt) + widths + fields * biggest)


def check_text_method(env, s, method: str, args: tuple, kwargs: dict) -> tuple:
    """En metode på en tekst (`'…'.replace(…)`, `.center(…)`, `.join(…)` …): sjekk hvor stor
    teksten blir før den lages. Gir argumentene metoden skal kalles med (for `join` en ferdig
    opptalt liste)."""
    ints = [v for v in (*args, *kwargs.values()) if isinstance(v, int)]
    if any(v > MAX_VALUE for v in ints):
        raise too_big()
    n = len(s)
    if method == "replace" and len(args) >= 2:
        old, new = args[0], args[1]
        if isinstance(old, type(s)) and isinstance(new, type(s)):
            count = s.count(old) if old else n + 1
            if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
                count = min(count, args[2])
            check_text(n + count * len(new))
    elif method == "expandtabs":
        tab = args[0] if args and isinstance(args[0], int) else kwargs.get("tabsize", 8)
        check_text(n + s.count("\t" if isinstance(s, str) else b"\t") * max(int(tab), 0))
    elif method == "join" and args:
        items, total = [], 0
        for item in args[0]:
            env.spend(1)
            total += env.sized(item) + n
            check_text(total)
            items.append(item)
        return (items, *args[1:])
    elif method == "translate" and args:
        table = args[0]
        longest = max((shallow(v) for v in table.values()), default=1) if isinstance(table, dict) else 1
        check_text(n * max(longest, 1))
    elif method in ("center", "ljust", "rjust", "zfill"):
        check_text(max([n, *ints]))
    elif method in ("split", "rsplit", "splitlines"):
        _check_split(s, method, args, kwargs)
    else:
        check_text(n + sum(max(v, 0) for v in ints) + sum(shallow(a) for a in args))
    return args


def _check_split(s, method: str, args: tuple, kwargs: dict) -> None:
    """`split`, `rsplit` og `splitlines`: hvor mange deler det kan bli."""
    sep = args[0] if args and method != "splitlines" else kwargs.get("sep")
    if isinstance(sep, type(s)) and sep:
        pieces = s.count(sep) + 1
    elif isinstance(s, str):  # linjer eller blank plass: høyst én del per skilletegn
        pieces = sum(s.count(c) for c in ("\n", " ", "\t", "\r")) + 1
    else:
        pieces = len(s) // 2 + 1
    if pieces > MAX_ITEMS:
        raise too_big("liste")


# ---------------------------------------------------------------- filtre, tester og globale


def guard_filter(env, name: str, func):
    """Filteret `func` (med navnet `name`) slik malene får det: det betaler for verdiene det
    leser, og det sjekkes hvor stort resultatet kan bli før filteret kjøres."""
    from jinja2.utils import _PassArg

    offset = 1 if _PassArg.from_obj(func) is not None else 0

    def guarded(*args, **kwargs):
        value = args[offset] if len(args) > offset else kwargs.get("value")
        rest = (*args[offset + 1 :], *kwargs.values())
        env.spend(2 + cost(value, *rest) * FILTER_WORK.get(name, 1))
        args, kwargs = _check_filter(env, name, offset, value, args, kwargs)
        return env.made(func(*args, **kwargs))

    update_wrapper(guarded, func)
    return guarded


def _check_filter(env, name: str, offset: int, value, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Sjekken for filteret `name` før det kjøres; gir argumentene det skal kalles med (lister
    som er talt opp, byttes inn)."""
    if name == "sum":
        return check_sum(env, args, kwargs)
    if name in STRUCTURE_FILTERS:
        check_structure_filter(env, name, value, args[offset + 1 :], kwargs)
    elif name == "join":
        items = list(env.tb_loop(value)) if value is not None else []
        sep = args[offset + 1] if len(args) > offset + 1 else kwargs.get("d", "")
        check_text(sum(env.sized(i) for i in items) + len(items) * shallow(sep))
        args = (*args[:offset], items, *args[offset + 1 :])
    elif name == "format" and isinstance(value, str):
        check_percent(env, value, tuple(args[offset + 1 :]) or dict(kwargs))
    elif name == "replace" and isinstance(value, str) and len(args) >= offset + 3:
        old, new = str(args[offset + 1]), str(args[offset + 2])
        count = value.count(old) if old else len(value) + 1
        check_text(len(value) + count * len(new))
    elif name == "indent":
        width = args[offset + 1] if len(args) > offset + 1 else kwargs.get("width", 4)
        size = env.sized(value)
        lines = value.count("\n") + 1 if isinstance(value, str) else size
        check_text(size + lines * (len(width) if isinstance(width, str) else max(int(width), 0)))
    else:
        rest = (*args[offset + 1 :], *kwargs.values())
        ints = [v for v in rest if isinstance(v, int) and not isinstance(v, bool)]
        if any(v > MAX_VALUE for v in ints):
            raise too_big()
        factor = 1 if name == "string" and isinstance(value, str) else FILTER_GROWTH.get(name, 1)
        check_text(env.sized(value, factor) + sum(env.sized(a) for a in rest if not isinstance(a, int)))
    return args, kwargs


def check_structure_filter(env, name: str, value, args: tuple, kwargs: dict) -> None:
    """Filtrene som lager lister (batch, slice, list, sort …): hvor mange elementer det blir."""
    if (
        isinstance(value, (str, bytes))
        and len(value) > MAX_ITEMS
        and name in ("list", "sort", "unique", "batch", "slice", "groupby")
    ):
        raise too_big("liste")  # ett element per tegn
    if name in ("batch", "slice"):
        count = args[0] if args else kwargs.get("linecount" if name == "batch" else "slices", 0)
        if isinstance(count, int) and count > MAX_ITEMS:
            raise too_big("liste")
        env.spend(count if isinstance(count, int) and count > 0 else 0)


def check_sum(env, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Filteret `sum`. Med en liste som start (`sum(start=[])`) legges listene sammen bit for
    bit, og arbeidet vokser med kvadratet av lengden: tell elementene først, og gi filteret
    de ferdig oppslåtte verdiene."""
    from jinja2.filters import make_attrgetter

    if len(args) < 2:
        return args, kwargs
    env_arg, value, *rest = args
    attribute = rest[0] if rest else kwargs.get("attribute")
    start = rest[1] if len(rest) > 1 else kwargs.get("start", 0)
    if not isinstance(start, (list, tuple, str)):
        return args, kwargs
    items = list(env.tb_loop(value)) if value is not None else []
    if attribute is not None:
        items = [make_attrgetter(env_arg, attribute)(i) for i in items]
    total = sum(shallow(i) for i in items) + len(start)
    if total > MAX_ITEMS or len(items) * total > MAX_OPERATIONS:
        raise too_big("liste")
    env.spend(len(items) * total // 2)
    return (env_arg, items), {"start": start}


def guard_test(env, func):
    """Testen `func` (`is odd`, `is defined` …) slik malene får den: den betaler for verdiene
    den leser."""

    def guarded(*args, **kwargs):
        env.spend(1 + cost(*args, *kwargs.values()))
        return func(*args, **kwargs)

    update_wrapper(guarded, func)
    return guarded


def bounded_range(*args):
    """`range(…)` for malene: høyst `MAX_RANGE` tall."""
    r = range(*args)
    if len(r) > MAX_RANGE:
        raise TemplateLimit(
            f"range(…) gir for mange tall (over {number_text(MAX_RANGE)}); malene kan telle til "
            f"høyst {number_text(MAX_RANGE)}"
        )
    return r


def bounded_lipsum(env):
    """`lipsum(…)` for malene i `env`: høyst 100 avsnitt med høyst 1 000 ord."""
    from jinja2.utils import generate_lorem_ipsum

    def lipsum(n=5, html=True, min=20, max=100):
        if not all(isinstance(v, int) for v in (n, min, max)) or n > 100 or max > 1000 or min > max:
            raise TemplateLimit("lipsum(…) kan lage høyst 100 avsnitt med høyst 1 000 ord")
        return env.made(generate_lorem_ipsum(n, html, min, max))

    return lipsum
