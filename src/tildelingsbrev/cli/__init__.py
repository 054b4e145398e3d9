"""Kommandolinja `tb`. Tynn: valg blir en forespørsel, kjernen gjør jobben, en rapport skriver,
og her blir resultatet en avslutningskode (0 ingen feil, 1 feil, 2 kan ikke kjøre).

Én modul per kommando i denne pakken; felles valg og hjelpere står her. Hver kommando henter
modellen og funnene på samme måte, fra `pipeline` (`load_model`, `run_checks`, `check`);
`tb check` gjennom hurtigbufferen (`cache.cached_check`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, NoReturn

import typer

from ..text import one_line, safe_line
from .hjelp import NorskGroup

app = typer.Typer(
    cls=NorskGroup,
    name="tb",
    help="Tildelingsbrev som data: sjekk brevet, se fristene og lag brevet.",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("tildelingsbrev")
        except PackageNotFoundError:  # pragma: no cover - kjørt uten å være installert
            number = "ukjent versjon"
        typer.echo(f"tb {number}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Vis versjonen av tb og avslutt.", is_eager=True, callback=_show_version
        ),
    ] = False,
) -> None:
    """Tildelingsbrev som data: sjekk brevet, se fristene og lag brevet.

    Dataene ligger i data/ (eller mappa du gir med --data): ett brev per år, én fil per
    oppdrag, styringsparameter og budsjettpost.
    """


def fail(message: str) -> NoReturn:
    """Kan ikke kjøre: én linje på stderr og kode 2. Meldingen kan sitere data og filnavn, så
    linjeskift og kontrolltegn vises som tekst (`safe_line`), aldri rått i terminalen."""
    typer.echo(f"tb: {safe_line(message)}", err=True)
    raise typer.Exit(2)


LETTER_MARKERS = (
    "virksomheter",
    "brev",
    "oppdrag",
    "budsjett",
    "mål",
    "styringsparametere",
    "mal",
    "schema",
    "baseline.yaml",
)
"""Minst én av disse i data-mappa (eller en tom mappe) før `tb` leser den: `--data /` eller en
hjemmemappe skal ikke gjennomsøkes fil for fil."""


DATA_ENV = "TB_DATA"
"""Miljøvariabelen som gir data-mappa når --data ikke er gitt."""


def data_dir(data: Path | None, virksomhet: str | None = None) -> Path:
    """Mappa med dataene til virksomheten kommandoen gjelder: data-mappa selv når den har én
    virksomhet, `virksomheter/KORT/` når den har flere (`--virksomhet KORT`, eller den eneste).
    Stopp (kode 2) når valget er tvetydig eller ukjent, med virksomhetene som finnes."""
    root = repo_dir(data)
    return agency_dir(root, virksomhet)


def agency_dir(root: Path, virksomhet: str | None) -> Path:
    """Virksomhetens mappe i repositoriet `root` (se `data_dir`)."""
    from ..virksomheter import Valgfeil, velg

    try:
        chosen = velg(root, virksomhet)
    except Valgfeil as e:
        fail(str(e))
    if chosen is not None:
        return chosen.root
    if virksomhet is not None:
        _check_single_agency(root, virksomhet)
    return root


def _check_single_agency(root: Path, virksomhet: str) -> None:
    """`--virksomhet KORT` på data med én virksomhet: KORT må være mottakeren i brevene
    (`mottaker.kortnavn`), ellers stopp (kode 2) med den som finnes."""
    import unicodedata

    from ..loading.tree import listing_under, read_all
    from ..model import Brev
    from ..pipeline import load_document

    names = set()
    letters = [item for item in listing_under(root / "brev", "brev") if item.kind == "brev"]  # bare brev/
    for entry in read_all(root, letters):
        if entry.problem is None:
            doc, _ = load_document(entry.path, entry.raw, Brev, "brev")
            if doc is not None:
                names.add(unicodedata.normalize("NFC", doc.model.mottaker.kortnavn))
    wanted = unicodedata.normalize("NFC", virksomhet).casefold()
    if names and not any(n.casefold() == wanted for n in names):
        fail(f"brevene i «{root}» går til {', '.join(sorted(names))}, ikke «{virksomhet}»")


def repo_dir(data: Path | None) -> Path:
    """Data-mappa, eller stopp (kode 2) når den mangler, ikke er en mappe eller ikke ser ut som
    data for et tildelingsbrev. En tom mappe er godtatt (et nytt brev, `tb ny`).

    Uten --data (`None`, se `hjelp._Norsk.parse_args`): mappa i `TB_DATA`, ellers ./data, ellers
    arbeidsmappa når den selv har brevdata (eller virksomheter/), ellers den første «data» som ser ut som et
    brev i en mappe over arbeidsmappa (slik git finner roten sin). Er det ikke ./data, sier én
    linje på stderr hvilken mappe som brukes."""
    if data is None:
        data = find_data_dir()
    if not data.exists():
        fail(f"fant ikke data-mappa «{data}» (bruk --data MAPPE)")
    if not data.is_dir():
        fail(f"«{data}» er ikke en mappe (bruk --data MAPPE)")
    if not is_letter_folder(data):
        inner = data / "data"
        hint = f"; mente du --data {inner}?" if is_letter_folder(inner, empty_ok=False) else ""
        fail(
            f"«{data}» ser ikke ut som data for et tildelingsbrev: mappa har ingen av brev/, oppdrag/, "
            f"budsjett/, mål/, styringsparametere/ eller baseline.yaml (bruk --data MAPPE){hint}"
        )
    return data


def find_data_dir() -> Path:
    """Data-mappa når --data ikke er gitt: `TB_DATA`, ./data, arbeidsmappa når den selv har
    brevdata (eller virksomheter/), eller «data» i en mappe over."""
    import os

    default = Path("data")
    env = os.environ.get(DATA_ENV)
    if env:
        found = Path(env)
    elif os.path.lexists(default):
        return default
    elif _in_agency_repo() or _holds_letter_data(Path(".")):
        # i et repositorium med flere virksomheter (eller en av dem), eller i data-mappa selv
        found = Path(".")
    else:
        found = default
        cwd = Path.cwd()
        for parent in cwd.parents:
            candidate = parent / "data"
            if candidate.is_dir() and is_letter_folder(candidate, empty_ok=False):
                found = Path(os.path.relpath(candidate, cwd))
                break
        if found == default:
            return default
    typer.echo(f"tb: bruker data-mappa «{safe_line(found)}»", err=True)
    return found


def _holds_letter_data(folder: Path) -> bool:
    """Mappa har brevdata selv (brev/, oppdrag/, budsjett/, mål/, styringsparametere/ eller
    baseline.yaml), ikke bare mal/ eller schema/ (som pakken tildelingsbrev/ også har)."""
    import os

    return any(os.path.lexists(folder / name) for name in LETTER_MARKERS if name not in ("mal", "schema"))


def _in_agency_repo() -> bool:
    """Arbeidsmappa er et repositorium med flere virksomheter, eller mappa til en av dem."""
    from ..virksomheter import har_flere, rot_for

    here = Path(".")
    return har_flere(here) or rot_for(here) is not None


def is_letter_folder(folder: Path, *, empty_ok: bool = True) -> bool:
    """Sant når mappa har minst én av `LETTER_MARKERS`, eller (med `empty_ok`) er tom bortsett
    fra skjulte filer. En mappe som ikke kan leses, godtas: innlesingen melder den."""
    import os
    import unicodedata

    for name in LETTER_MARKERS:
        for form in {name, unicodedata.normalize("NFD", name)}:
            if os.path.lexists(folder / form):
                return True
    if not empty_ok:
        return False
    try:
        with os.scandir(folder) as it:
            return not any(not e.name.startswith(".") for e in it)
    except OSError:
        return folder.is_dir()


DataOpt = Annotated[
    Path | None,
    typer.Option("--data", "-d", help="Mappa med brevets data.", show_default=True),
]


VirksomhetOpt = Annotated[
    str | None,
    typer.Option(
        "--virksomhet",
        help="Virksomheten (kortnavnet) når data har brev til flere (virksomheter/KORT/).",
        metavar="KORT",
    ),
]
"""`--virksomhet KORT` for kommandoene som gjelder én virksomhet (se `data_dir`)."""


OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Skriv rapporten til denne fila (atomært) i stedet for skjermen."),
]
"""`-o FIL` for kommandoene som skriver en rapport (check, frister, vis, regler)."""


InternOpt = Annotated[
    bool,
    typer.Option(
        "--intern",
        help="Ta med oppdrag som er unntatt offentlighet (unntatt_offentlighet i oppdragsfila).",
    ),
]
"""`--intern` for rapportene (`tb frister`, `tb status`, `tb vis`) og brevet (`tb render`): uten
den er oppdrag unntatt offentlighet utelatt (`deadlines.offentlige`, `snapshot.offentlig`)."""


def check_output(output: Path | None) -> None:
    """Stopp (kode 2) før arbeidet begynner når -o ikke kan skrives: en mappe, eller en fil i
    en mappe som ikke finnes."""
    if output is None:
        return
    if output.is_dir():
        fail(f"«{output}» er en mappe; -o trenger et filnavn")
    if not output.parent.is_dir():
        fail(f"mappa «{output.parent}» finnes ikke")


def load_repo(data: Path | None, virksomhet: str | None = None):
    """Modellen for data-mappa til en rapport (`tb frister`, `tb status`): en fil som ikke kan
    leses, er hoppet over og nevnes med én linje på stderr (`tb check` viser funnet)."""
    from ..pipeline import load_model

    loaded = load_model(data_dir(data, virksomhet))
    for f in loaded.errors:
        loc = f.location
        # filnavnet og meldingen kan sitere data: én linje, kontrolltegn som tekst
        where = f"{loc.file}:{loc.line}:{loc.column}"
        typer.echo(safe_line(f"tb: advarsel: {where}: {f.message} (fila er hoppet over)"), err=True)
    return loaded.repo


def letter_year(repo, år: int | None) -> int:
    """Brevet kommandoen gjelder: `år` når data har et brev for det, ellers det nyeste; stopp
    (kode 2) når det ikke finnes."""
    years = repo.years()
    if not years:
        fail("fant ikke noe brev i data (brev/ÅR/brev.yaml)")
    if år is None:
        return years[-1]
    if år not in years:
        fail(f"fant ikke noe brev for {år}; data har {', '.join(map(str, years))}")
    return år


def output_path(output: Path, **names: object) -> Path:
    """Fila fra -o med `{år}` og `{virksomhet}` i filnavnet byttet ut med brevets år og
    virksomhetens kortnavn: `-o ut/tildelingsbrev-{år}-{virksomhet}.pdf` gir
    ut/tildelingsbrev-2024-IMDi.pdf. Et navn som ikke kan stå i et filnavn (skråstrek,
    kontrolltegn), skrives med «-» i stedet; mappa byttes aldri ut."""
    import re

    name = output.name
    for key, value in names.items():
        if value is not None:
            safe = re.sub(r"[/\\\x00-\x1f\x7f]", "-", str(value)).strip(".") or "-"
            name = name.replace("{" + key + "}", safe)
    return output if name == output.name else output.with_name(name)


def write_output(output: Path, content: str | bytes, **names: object) -> None:
    """Rapporten til fila fra -o, atomært, og én linje på stderr om hvor den ble skrevet
    («Skrev FIL (N byte)», som `tb render`). `names` (`år`, `virksomhet`) fylles inn i
    filnavnet (`output_path`)."""
    from ..files import os_error, write_atomic

    output = output_path(output, **names)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        write_atomic(output, data)
    except OSError as e:
        fail(f"kan ikke skrive «{output}»: {os_error(e)}")
    size = f"{len(data):,}".replace(",", " ")
    typer.echo(f"Skrev {safe_line(output)} ({size} byte)", err=True)


def main() -> None:
    """Inngangen for `tb`. En feil i `tb` selv blir én linje og kode 2, ikke en traceback;
    `TB_DEBUG=1` viser tracebacken for den som skal rette feilen."""
    import os
    import sys

    complete = os.environ.get("_TB_COMPLETE", "")
    if complete.startswith(("source_", "complete_")):
        from .hjelp import SKALL, unsupported_shell

        shell = complete.partition("_")[2]
        if shell not in SKALL:
            print(unsupported_shell(shell), file=sys.stderr)
            sys.exit(1)
    try:
        code = app(prog_name="tb", standalone_mode=False)
        sys.stdout.flush()  # en full disk bak `> fil` merkes her, ikke når Python avslutter
    except _usage_error() as e:
        ctx = getattr(e, "ctx", None)
        if type(e).__name__ == "NoArgsIsHelpError" and ctx is not None:
            print(ctx.get_help())  # `tb` alene: vis hjelpen
            sys.exit(0)
        print(f"tb: {safe_line(_usage_message(e))}", file=sys.stderr)
        name = ctx.command_path if ctx is not None else "tb"
        print(f"Se «{name} -h» for hjelp.", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # mottakeren (head, less) sluttet å lese: ikke noe å melde
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as e:
        # utdata som ikke kan skrives (`tb check > /dev/full`): miljøet, ikke en feil i tb
        if os.environ.get("TB_DEBUG") == "1":
            raise
        from ..files import os_error

        what = f"«{e.filename}»" if e.filename else "kan ikke skrive utdata"
        _quiet_stdout()
        print(f"tb: {safe_line(what)}: {os_error(e)}", file=sys.stderr)
        sys.exit(2)
    except Exception as e:  # noqa: BLE001
        if os.environ.get("TB_DEBUG") == "1":
            raise
        print(
            f"tb: intern feil ({type(e).__name__}: {safe_line(e)}); dette er en feil i tb, ikke i "
            "dataene. Kjør med TB_DEBUG=1 for detaljer og meld fra til vedlikeholderne.",
            file=sys.stderr,
        )
        sys.exit(2)
    sys.exit(code if isinstance(code, int) else 0)


def _quiet_stdout() -> None:
    """Kast det som står igjen i bufferen til stdout (det kan ikke skrives uansett), så Python
    ikke prøver igjen og skriver en traceback når det avslutter."""
    import os
    import sys

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _usage_error() -> type[Exception]:
    try:  # Typer har sin egen kopi av click
        from typer._click.exceptions import UsageError
    except ImportError:  # pragma: no cover - eldre Typer bruker click direkte
        from click.exceptions import UsageError
    return UsageError


_USAGE = (
    (r"Missing option '([^']+)'", "mangler valget {0}", ""),
    (r"Missing argument '([^']+)'", "mangler argumentet {0}", ""),
    (r"Option '([^']+)' requires an argument", "valget {0} trenger en verdi", ""),
)


def _usage_message(e: Exception) -> str:
    """Bruksfeil fra Typer/click på norsk."""
    import re

    fmt = getattr(e, "format_message", None)
    text = one_line(fmt() if callable(fmt) else e)
    m = re.match(r"No such option: (\S+)", text)
    if m:
        return f"ukjent valg {m.group(1)}" + _did_you_mean(getattr(e, "possibilities", None) or [])
    m = re.match(r"No such command '([^']+)'\.?(?: Did you mean (.*)\?)?", text)
    if m:
        return f"ukjent kommando «{m.group(1)}»" + _did_you_mean(re.findall(r"'([^']+)'", m.group(2) or ""))
    m = re.match(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", text)
    if m:
        return _extra_arguments(m.group(1), getattr(e, "ctx", None))
    for pattern, norsk, extra in _USAGE:
        m = re.match(pattern, text)
        if m:
            groups = [g or "" for g in m.groups()]
            return norsk.format(*groups) + (extra.format(*groups) if len(groups) > 1 and groups[1] else "")
    param = getattr(e, "param", None)
    if param is not None:
        names = "/".join(getattr(param, "opts", []) or [getattr(param, "name", "")])
        m = re.search(r"'([^']*)' is not one of (.*)\.?$", text)
        if m:
            choices = m.group(2).rstrip(".").replace(" or ", " eller ")
            return f"ugyldig verdi for {names}: «{m.group(1)}» er ikke en av {choices}"
        if "valid integer" in text:
            return f"ugyldig verdi for {names}: ventet et heltall"
        if "does not exist" in text:
            return f"ugyldig verdi for {names}: finnes ikke"
        return f"ugyldig verdi for {names}"
    return "ugyldig bruk av kommandoen"


def _did_you_mean(names: list[str]) -> str:
    """« (mente du --neste?)» for forslagene fra click (difflib), eller ingenting."""
    return f" (mente du {' eller '.join(names)}?)" if names else ""


def _extra_arguments(extra: str, ctx) -> str:
    """Et argument kommandoen ikke tar: en periode skrevet med mellomrom (`--neste 30 d`,
    `--neste 1 måned`) og en mappe uten --data (`tb check data`) får en egen melding."""
    from .frister import period_hint

    params = getattr(ctx, "params", None) or {}
    first = extra.split(" ")[0]
    neste = params.get("neste")
    if isinstance(neste, str) and neste.strip().isdigit():
        hint = period_hint(f"{neste} {first}")
        if hint:
            return (
                f"ugyldig periode «{neste} {first}» for --neste: skriv tall og enhet i ett ord, "
                f"for eksempel --neste {hint}"
            )
    if "data" in params and first and Path(first).is_dir():
        return f"uventet argument: {extra} (mente du --data {first}?)"
    return f"uventet argument: {extra}"


def day_option(option: str, text: str):
    """Datoen i et valg (ISO eller dd.mm.åååå), eller stopp (kode 2) med en melding som sier
    hva som er galt: «ugyldig dato for --fra: «2024-02-31»: februar 2024 har 29 dager»."""
    import calendar
    import re

    from ..deadlines import parse_day
    from ..norsk import MÅNEDER

    try:
        return parse_day(text)
    except ValueError as e:
        t = text.strip()
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t)
        parts = (m.group(1), m.group(2), m.group(3)) if m else None
        m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", t)
        if m:
            parts = (m.group(3), m.group(2), m.group(1))
        if parts is not None:
            year, month, day = map(int, parts)
            if not 1 <= month <= 12:
                fail(f"ugyldig dato for {option}: «{t}»: det finnes ingen måned {month}")
            days = calendar.monthrange(year, month)[1] if year >= 1 else 31
            if not 1 <= day <= days:
                fail(f"ugyldig dato for {option}: «{t}»: {MÅNEDER[month - 1]} {year} har {days} dager")
        fail(str(e))


# Kommandoene registrerer seg på `app` når modulene importeres.
from . import check as _check  # noqa: E402,F401
from . import diff as _diff  # noqa: E402,F401
from . import frister as _frister  # noqa: E402,F401
from . import grunnlinje as _grunnlinje  # noqa: E402,F401
from . import init as _init  # noqa: E402,F401
from . import levert as _levert  # noqa: E402,F401
from . import mal as _mal  # noqa: E402,F401
from . import ny as _ny  # noqa: E402,F401
from . import nytt_brev as _nytt_brev  # noqa: E402,F401
from . import regler as _regler  # noqa: E402,F401
from . import render as _render  # noqa: E402,F401
from . import schema as _schema  # noqa: E402,F401
from . import status as _status  # noqa: E402,F401
from . import vis as _vis  # noqa: E402,F401
