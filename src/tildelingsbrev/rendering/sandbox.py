"""Jinja-miljøet malene kjøres i: sandkassen med målepunkter og budsjett.

Malene kjøres i Jinjas sandkasse (`ImmutableSandboxedEnvironment`): en mal kan lese verdiene
den får og bruke filtrene, men ikke nå interne attributter («__class__», «__globals__») eller
endre lister og avbildninger. I tillegg måles arbeidet:

- `Codegen` legger målepunkter inn i den kompilerte malen: løkkerunder telles, sammenligninger
  og utsnitt betaler for det de leser, `~` sjekkes før teksten lages, og alt som skrives
  telles mot `MAX_OUTPUT`;
- `Environment` har krokene målepunktene og sandkassen kaller (kall, regneoperatorer,
  `{% include %}`, metoder på tekst), og betaler fra budsjettet (`limits.Budget`); sjekkene
  av hvor stort noe blir, ligger i `guards`;
- `environment(folder, autoescape)` gir miljøet for en malmappe (ett per mappe og prosess),
  og `render_template` gjengir én mal med et nytt budsjett.

Modulen importerer Jinja, og importeres derfor først når en mal skal gjengis.
"""

from __future__ import annotations

from functools import lru_cache, update_wrapper
from pathlib import Path

from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.compiler import CodeGenerator, operators
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .formatting import FILTERS
from .guards import (
    bounded_lipsum,
    bounded_range,
    check_binop,
    check_format,
    check_text_method,
    guard_filter,
    guard_test,
)
from .limits import (
    CALL_COST_MACRO,
    INCLUDE_COST,
    MAX_INT_BITS,
    MAX_ITEMS,
    MAX_VALUE,
    Budget,
    check_text,
    cost,
    shallow,
    size_of,
    too_big,
)
from .templates import make_loader

LOOP_FILTER = "tb løkke"
"""Navnet på filteret som teller rundene i en `{% for %}` (med mellomrom, så ingen mal kan
bruke det)."""


class Codegen(CodeGenerator):
    """Jinjas kodegenerator med målepunkter: løkker telles, sammenligninger og utsnitt
    betaler for lengden de leser, `~` sjekker størrelsen før teksten lages, og alt som
    skrives (også inn i `{% set %}`-blokker og makroer) telles mot `MAX_OUTPUT`."""

    def visit_Template(self, node, frame=None):
        # Det hver `{% for %}` går gjennom, går gjennom filteret LOOP_FILTER (et navn en mal
        # ikke kan skrive), som teller rundene.
        for loop in node.find_all(nodes.For):
            it = loop.iter
            if not (isinstance(it, nodes.Filter) and it.name == LOOP_FILTER):
                loop.iter = nodes.Filter(it, LOOP_FILTER, [], [], None, None, lineno=it.lineno)
        return super().visit_Template(node, frame)

    def visit_Concat(self, node, frame):
        if frame.eval_ctx.volatile:
            func = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func = "markup_join"
        else:
            func = "str_join"
        self.write(f"environment.tb_concat({func}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def visit_Compare(self, node, frame):
        self.write("(environment.tb_read(")
        self.visit(node.expr, frame)
        self.write(")")
        for op in node.ops:
            self.write(f" {operators[op.op]} environment.tb_read(")
            self.visit(op.expr, frame)
            self.write(")")
        self.write(")")

    def visit_Getitem(self, node, frame):
        if isinstance(node.arg, nodes.Slice):
            self.write("environment.tb_read(")
            self.visit(node.node, frame)
            self.write(")[")
            self.visit(node.arg, frame)
            self.write("]")
        else:
            super().visit_Getitem(node, frame)

    def _output_const_repr(self, group):
        return f"environment.tb_output({super()._output_const_repr(group)})"

    def _output_child_pre(self, node, frame, finalize):
        self.write("environment.tb_output(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node, frame, finalize):
        super()._output_child_post(node, frame, finalize)
        self.write(")")


class Environment(ImmutableSandboxedEnvironment):
    """Sandkassen med krokene som betaler fra budsjettet for gjengivelsen som pågår."""

    code_generator_class = Codegen
    intercepted_binops = frozenset({"*", "**", "%", "+"})
    budget: Budget | None = None
    """Budsjettet for gjengivelsen som pågår (None mens en mal kompileres)."""

    # -- målepunktene i den genererte koden

    def spend(self, n: int) -> None:
        if self.budget is not None:
            self.budget.spend(n)

    def tb_loop(self, iterable):
        budget = self.budget
        if budget is None:
            return iterable
        return self._counted(iter(iterable), budget)

    @staticmethod
    def _counted(iterator, budget):
        for item in iterator:
            budget.spend(1)
            yield item

    def tb_read(self, value):
        self.spend(1 + cost(value))
        return value

    def tb_output(self, text):
        if self.budget is not None:
            self.budget.write(len(text))
        return text

    def tb_concat(self, join, parts):
        self.spend(1 + len(parts))
        check_text(sum(self.sized(p) for p in parts))
        return self.made(join(parts))

    # -- sjekkene

    def sized(self, value, factor: int = 1) -> int:
        """Tegnene `value` blir som tekst; betaler for opptellingen."""
        n, seen = size_of(value, MAX_VALUE // max(factor, 1) + 1)
        if seen > 1:
            self.spend(seen)
        return n * max(factor, 1)

    def made(self, value):
        """En ny verdi fra malen: innenfor grensene, og betalt for."""
        n = shallow(value)
        if isinstance(value, (str, bytes)):
            check_text(n)
        elif n > MAX_ITEMS and not isinstance(value, range):
            raise too_big("liste")
        elif isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise too_big("tall")
        self.spend(cost(value))
        return value

    def finalize_value(self, value):
        if not isinstance(value, (str, bytes, int, float)) and value is not None:
            check_text(self.sized(value, 10))  # en liste eller avbildning skrives med repr
        return value

    # -- sandkassens kroker

    def compile(self, *args, **kwargs):
        saved, self.budget = self.budget, None  # det kompilatoren regner ut på forhånd, er gratis
        try:
            return super().compile(*args, **kwargs)
        finally:
            self.budget = saved

    def _load_template(self, name, globals):
        self.spend(INCLUDE_COST)
        return super()._load_template(name, globals)

    def call_binop(self, context, operator, left, right):
        self.spend(1 + cost(left, right))
        check_binop(self, operator, left, right)
        return self.made(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - som i Jinja
        # en makro (og `loop(…)` i en rekursiv løkke) koster like mye som omtrent hundre
        # løkkerunder: en ny ramme, en ny kontekst og en buffer for teksten
        heavy = isinstance(__obj, (Macro, LoopContext))
        target = getattr(__obj, "__self__", None)  # `a` i `a.count(…)`: metoden leser den
        __self.spend((CALL_COST_MACRO if heavy else 5) + cost(target, *args, *kwargs.values()))
        if isinstance(__obj, LoopContext) and args:  # `loop(…)` i en rekursiv løkke
            args = (__self.tb_loop(args[0]), *args[1:])
        if isinstance(target, (str, bytes)) and not isinstance(__obj, type):
            args = check_text_method(__self, target, getattr(__obj, "__name__", ""), args, kwargs)
        return __self.made(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        fmt = value.__self__
        env = self

        def checked(*args, **kwargs):
            env.spend(5)
            if value.__name__ == "format_map" and args and isinstance(args[0], dict):
                check_format(env, fmt, (), args[0])
            else:
                check_format(env, fmt, args, kwargs)
            return env.made(wrapper(*args, **kwargs))

        return update_wrapper(checked, value)


def make_environment(folder: Path, autoescape: bool) -> Environment:
    """Jinja-miljøet for malmappa: sandkassen, lasteren som bare leser vanlige filer i mal/,
    filtrene, og grensene for tid og størrelse på filtrene, testene og de globale funksjonene."""
    env = Environment(
        loader=make_loader(folder),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=None,
    )
    env.finalize = env.finalize_value
    env.globals["range"] = bounded_range
    env.globals["lipsum"] = bounded_lipsum(env)
    env.filters.update(FILTERS)
    env.filters = {name: guard_filter(env, name, f) for name, f in env.filters.items()}
    env.tests = {name: guard_test(env, f) for name, f in env.tests.items()}

    @pass_context  # aldri regnet ut på forhånd (konstantfolding), alltid når løkka kjøres
    def count_loop(context, iterable):
        return env.tb_loop(iterable)

    env.filters[LOOP_FILTER] = count_loop
    return env


@lru_cache(maxsize=8)
def environment(folder: Path, autoescape: bool) -> Environment:
    """Jinja-miljøet for malmappa (ett per mappe og prosess: malene kompileres én gang; en
    kompilert mal brukes bare så lenge fila er uendret og fortsatt en vanlig fil i mappa).

    Malene kjøres i Jinjas sandkasse: en mal fra noen du ikke stoler på, kan ikke kjøre
    vilkårlig kode i `tb check` eller `tb render`. I tillegg:

    - malene leses bare fra vanlige filer inne i mal/: ikke gjennom symbolske lenker, ikke
      med «..» eller absolutte navn, ikke filer over 1 MB eller som ikke er UTF-8
      (`templates.read_template_file`);
    - en gjengivelse har et arbeidsbudsjett (`MAX_OPERATIONS`) og en grense for tekst den kan
      skrive (`MAX_OUTPUT`) og lage i én operasjon (`MAX_VALUE`); `range` teller til høyst
      `MAX_RANGE`. En mal som bruker for mye, stopper med en melding, ikke med en prosess som
      henger eller går tom for minne."""
    return make_environment(folder, autoescape)


def render_template(env: Environment, name: str, values: dict) -> str:
    """Gjengi malen `name` med budsjettet for én gjengivelse. Teksten malen skriver, telles av
    budsjettet (`Budget.write`, også i `{% set %}`-blokker og makroer) mot `MAX_OUTPUT`."""
    template = env.get_template(name)
    saved, env.budget = env.budget, Budget()
    try:
        return "".join(template.generate(**values))
    finally:
        env.budget = saved
