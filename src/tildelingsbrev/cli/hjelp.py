"""Hjelpesidene på norsk.

Typer og click skriver overskriftene («Usage:», «Options:»), «[default: …]», typene («<int>»)
og hjelpeteksten til sine egne valg (hjelp, fullføring) på engelsk. `NorskGroup` og
`NorskCommand` bytter dem ut; alle kommandoene i `cli/` bruker dem (`cls=`). De eier også
det som er felles for hvordan valgene leses: --data som ikke er gitt, blir None (så
`cli.data_dir` leter etter mappa), og et valg med å, ø eller æ kan også skrives i ASCII
(`--aar`, `--maal`, `--uten-lopende`; `ascii_aliases`).
"""

from __future__ import annotations

from typer.core import TyperCommand, TyperGroup

_HELP_TEXTS = {
    "help": "Vis denne hjelpen og avslutt.",
    "install_completion": "Installer fullføring av kommandoer (Tab) for skallet du bruker.",
    "show_completion": "Skriv ut fullføringsskriptet for skallet du bruker, for å kopiere eller tilpasse det.",
}
"""Hjelpeteksten til valgene Typer legger til selv (hjelp og fullføring), på norsk."""

_HEADINGS = (
    ("Usage: ", "Bruk: "),
    ("Options:", "Valg:"),
    ("Commands:", "Kommandoer:"),
    ("Arguments:", "Argumenter:"),
)
_MARKERS = (("[default: ", "[standard: "), ("[required]", "[påkrevd]"), ("[env var: ", "[miljøvariabel: "))
_METAVARS = {
    "<path>": "<sti>",
    "<int>": "<heltall>",
    "<str>": "<tekst>",
    "<list[str]>": "<tekst>",
    "PATH": "STI",
    "INTEGER": "HELTALL",
    "TEXT": "TEKST",
}
"""Verdien et valg tar, når valget ikke har sitt eget navn på den: typen, på norsk (Typer
skriver «<int>», eldre utgaver og click «INTEGER»)."""

SKALL = ("bash", "zsh", "fish", "powershell", "pwsh")
"""Skallene fullføringen finnes for (det Typer kan lage skript for)."""


def unsupported_shell(shell: str | None) -> str:
    """Meldingen når fullføring ikke finnes for skallet (Typer sier det på engelsk)."""
    name = f"«{shell}»" if shell else "skallet du bruker"
    return f"tb: fullføring (Tab) finnes ikke for {name}; den finnes for {', '.join(SKALL)}"


def _shell(value) -> str | None:
    if isinstance(value, str):
        return value
    from typer._completion_shared import _get_shell_name

    return _get_shell_name()


def _supported_shell(value) -> str:
    """Skallet fullføringen gjelder (gitt, eller funnet), eller stopp med en norsk melding og
    kode 1 når det ikke finnes fullføring for det."""
    import sys

    import typer

    shell = _shell(value)
    if shell not in SKALL:
        typer.echo(unsupported_shell(shell), err=True)
        sys.exit(1)
    return shell


def _install_completion(ctx, param, value):
    """`--install-completion` med meldingene på norsk."""
    if not value or ctx.resilient_parsing:
        return value
    import sys

    import typer
    from typer._completion_shared import install

    shell, path = install(shell=_supported_shell(value))
    typer.echo(f"Fullføring for {shell} er installert i {path}.")
    typer.echo("Den virker i nye terminalvinduer (eller etter at du har startet skallet på nytt).")
    sys.exit(0)


def _show_completion(ctx, param, value):
    """`--show-completion` med meldingen på norsk når skallet ikke støttes."""
    if not value or ctx.resilient_parsing:
        return value
    from typer.completion import show_callback

    return show_callback(ctx, param, _supported_shell(value))


_COMPLETION_CALLBACKS = {"install_completion": _install_completion, "show_completion": _show_completion}


_ASCII = str.maketrans({"å": "aa", "ø": "o", "æ": "ae", "Å": "Aa", "Ø": "O", "Æ": "Ae"})


def ascii_aliases(params) -> dict[str, str]:
    """ASCII-stavingen av hvert langt valg med å, ø eller æ → valget selv: `--aar` → `--år`,
    `--uten-lopende` → `--uten-løpende`. Et tastatur eller et skript uten de bokstavene når
    dermed alle valgene."""
    out = {}
    for p in params:
        for opt in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ())):
            alias = opt.translate(_ASCII)
            if opt.startswith("--") and alias != opt:
                out[alias] = opt
    return out


def _with_aliases(args: list[str], aliases: dict[str, str]) -> list[str]:
    """Argumentene med ASCII-stavingene byttet til valget (også `--aar=2024`), fram til `--`."""
    out = list(args)
    for i, arg in enumerate(out):
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if name in aliases:
            out[i] = aliases[name] + eq + value
    return out


def _shown_type(param, ctx) -> str | None:
    """Typen Typer eller click ville vist for valget («<int>», «PATH»), eller None."""
    try:
        if hasattr(param, "display_type_rich"):
            return param.display_type_rich(ctx)
        if hasattr(param, "display_type"):
            return param.display_type(ctx)
        try:
            return param.make_metavar(ctx)
        except TypeError:  # click før 8.2
            return param.make_metavar()
    except Exception:  # noqa: BLE001 - bare pynt: da står typen som Typer skriver den
        return None


class _Norsk:
    """Hjelpesidene på norsk: Typer og click skriver overskriftene («Usage:», «Options:»),
    «[default: …]» og hjelpeteksten til sine egne valg på engelsk. Tekstene til valgene settes
    før sida formateres (så linjebrytingen blir riktig); overskrifter og merker er hele ord
    som byttes i den ferdige sida."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options_metavar = "[VALG]"
        if getattr(self, "subcommand_metavar", None):
            self.subcommand_metavar = "KOMMANDO [ARGUMENTER]..."

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for p in params:
            text = _HELP_TEXTS.get(p.name or "")
            if text is not None:
                p.help = text
            if p.name in _COMPLETION_CALLBACKS:
                p.callback = _COMPLETION_CALLBACKS[p.name]
            for alias in ascii_aliases([p]):
                if p.help and alias not in p.help:
                    p.help = f"{p.help} Også {alias}."
            norsk = _METAVARS.get(_shown_type(p, ctx))
            if norsk is None:
                continue
            if getattr(p, "param_type_name", "") == "option":
                if p.metavar is None:
                    p.metavar = norsk
            elif hasattr(p, "display_type_rich"):
                # et argument vises som «NAVN <type>»; metavar ville byttet ut navnet
                p.display_type_rich = lambda ctx, _t=norsk: _t
        return params

    def parse_args(self, ctx, args):
        aliases = ascii_aliases(self.params)
        if aliases:
            args = _with_aliases(args, aliases)
        rest = super().parse_args(ctx, args)
        # --data som ikke er gitt (verken på kommandolinja eller som miljøvariabel) blir None:
        # da leter `cli.data_dir` etter mappa (TB_DATA, ./data, «data» i en mappe over)
        if ctx.params.get("data") is not None:
            source = ctx.get_parameter_source("data")
            if source is not None and source.name == "DEFAULT":
                ctx.params["data"] = None
        return rest

    def get_help(self, ctx) -> str:
        lines = []
        for line in super().get_help(ctx).split("\n"):
            for eng, nor in _HEADINGS:
                if line.startswith(eng):
                    line = nor + line[len(eng) :]
            for eng, nor in _MARKERS:
                line = line.replace(eng, nor)
            lines.append(line)
        return "\n".join(lines)

    def get_usage(self, ctx) -> str:
        text = super().get_usage(ctx)
        return "Bruk: " + text[len("Usage: ") :] if text.startswith("Usage: ") else text


ORDER = (
    "check",
    "frister",
    "status",
    "levert",
    "vis",
    "render",
    "mal",
    "init",
    "ny",
    "nytt-brev",
    "diff",
    "grunnlinje",
    "regler",
    "forklar",
    "schema",
)
"""Rekkefølgen kommandoene står i `tb --help`: de brukeren trenger oftest først (sjekke,
frister, oppfølging), så de som lager og sammenligner brev, så oppslagene."""


class NorskGroup(_Norsk, TyperGroup):
    """`tb` og `tb ny`: en gruppe kommandoer med hjelpen på norsk."""

    def list_commands(self, ctx) -> list[str]:
        names = super().list_commands(ctx)
        rank = {name: i for i, name in enumerate(ORDER)}
        return sorted(names, key=lambda n: (rank.get(n, len(ORDER)), names.index(n)))


class NorskCommand(_Norsk, TyperCommand):
    """En kommando med hjelpen på norsk (`@app.command(..., cls=NorskCommand)`)."""
