"""Rapporten fra `tb check`: sjekkresultatet som tekst, JSON og CI-formater (GitHub, GitLab,
SARIF), med registeret `FORMATS`. Rene funksjoner: de skriver ikke selv; CLI-et skriver og
velger farger."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import Finding, Location, Severity
from ..text import CONTROL, escape_controls, safe_line

if TYPE_CHECKING:  # bare typer: `tb --help` skal ikke importere kjeden for å bygge valgene
    from ..pipeline import CheckResult
    from ..rule import Rule


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Stien relativt til arbeidsmappa (som brukeren skrev den), med / som skilletegn."""
    return _relative(os.fspath(path), os.fspath(cwd or Path.cwd()))


@lru_cache(maxsize=4096)
def _relative(path: str, cwd: str) -> str:
    """`os.path.relpath` er treg; mange funn i samme fil gir samme svar (husket)."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # annen disk på Windows
        rel = path
    return rel.replace(os.sep, "/")


def dumps(data: object) -> str:
    """JSON med norske bokstaver som de er, men kontrolltegn, tegn som snur skriveretningen og
    bytes fra filnavn som ikke er UTF-8 som \\u-escape: utdataene kan gå rett til en terminal
    eller en CI-logg, og må kunne skrives som UTF-8."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if CONTROL.search(text):  # bare inne i strenger: json skriver aldri slike tegn selv
        text = CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"


def _where_text(loc: Location, cwd: Path | None) -> str:
    """«fil:linje:kolonne», trygt å skrive i en terminal."""
    return f"{safe_line(display_path(loc.file, cwd))}:{loc.line}:{loc.column}"


JSON_NØKLER: dict[str, str] = {
    "findings": "funn",
    "acknowledged": "kjente",
    "summary": "sammendrag",
    "errors": "feil",
    "warnings": "advarsler",
    "code": "kode",
    "name": "navn",
    "severity": "alvorlighet",
    "message": "melding",
    "file": "fil",
    "line": "linje",
    "column": "kolonne",
    "subject": "gjelder",
    "year": "år",
    "related": "se_også",
}
"""De engelske nøklene `tb check --format json` hadde før (issue 19) → de norske den har nå.
`acknowledged` var både lista med kjente funn og tallet i oppsummeringen (begge nå `kjente`)
og begrunnelsen på et kjent funn (nå `begrunnelse`)."""


def sted(loc: Location, cwd: Path | None = None) -> dict:
    """Et sted som data: {fil, linje, kolonne}."""
    return {"fil": display_path(loc.file, cwd), "linje": loc.line, "kolonne": loc.column}


def funn_data(f: Finding, cwd: Path | None = None) -> dict:
    """Ett funn som data, med de samme norske nøklene som grunnlinjen (`kode`, `gjelder`, `år`):
    `år` er brevet funnet gjelder (`Finding.år`), null når det gjelder alle brev (malene,
    grunnlinjen). `se_også` (andre steder funnet gjelder) står bare når det finnes slike steder,
    og `begrunnelse` (fra grunnlinjen) bare på et kjent funn."""
    d = {
        "kode": f.code,
        "navn": f.name,
        "alvorlighet": f.severity.value,
        "melding": f.message,
        "fil": display_path(f.location.file, cwd),
        "linje": f.location.line,
        "kolonne": f.location.column,
        "gjelder": f.subject,
        "år": f.år,
    }
    if f.related:
        d["se_også"] = [sted(r, cwd) for r in f.related]
    if f.acknowledged is not None:
        d["begrunnelse"] = f.acknowledged
    return d


def to_json(result: CheckResult, cwd: Path | None = None) -> str:
    """`tb check --format json`: de aktive funnene (`funn`), funnene grunnlinjen kjenner
    (`kjente`) og tellingene (`sammendrag`), med norske nøkler (`JSON_NØKLER`)."""
    data = {
        "funn": [funn_data(f, cwd) for f in result.active],
        "kjente": [funn_data(f, cwd) for f in result.acknowledged],
        "sammendrag": {
            "feil": result.errors,
            "advarsler": result.warnings,
            "kjente": len(result.acknowledged),
        },
    }
    return dumps(data)


def finding_line(f: Finding, cwd: Path | None = None) -> str:
    """Ett funn som én linje: «fil:linje:kolonne: feil TB201 kapittelsum: melding»."""
    return _line(f, cwd)


def _line(f: Finding, cwd: Path | None) -> str:
    # én linje per funn, også når data (meldingen, filnavnet) har linjeskift eller kontrolltegn
    return f"{_where_text(f.location, cwd)}: {f.severity.value} {f.code} {f.name}: {safe_line(f.message)}"


RELATED_LABEL = "se også"


def related_lines(f: Finding, cwd: Path | None = None) -> list[str]:
    """De andre stedene funnet gjelder, én linje hver: «  se også: fil:linje:kolonne»."""
    return [f"  {RELATED_LABEL}: {_where_text(r, cwd)}" for r in f.related]


def summary_line(result: CheckResult) -> str:
    parts = [_count(result.errors, "feil", "feil"), _count(result.warnings, "advarsel", "advarsler")]
    text = ", ".join(parts)
    if result.acknowledged:
        text += f" ({_count(len(result.acknowledged), 'kjent funn', 'kjente funn')} i grunnlinjen)"
    return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def to_text(
    result: CheckResult, show_acknowledged: bool = False, cwd: Path | None = None
) -> list[tuple[str, str]]:
    """Linjene i tekstrapporten, hver med en stil («error», «warning», «dim», «ok»)."""
    out: list[tuple[str, str]] = []
    for f in result.active:
        out.append((_line(f, cwd), "error" if f.severity is Severity.ERROR else "warning"))
        if f.related:
            out += [(line, "dim") for line in related_lines(f, cwd)]
    if show_acknowledged:
        for f in result.acknowledged:
            out.append((f"{_line(f, cwd)} [kjent: {safe_line(f.acknowledged)}]", "dim"))
            if f.related:
                out += [(line, "dim") for line in related_lines(f, cwd)]
    style = "error" if result.errors else ("warning" if result.warnings else "ok")
    out.append((summary_line(result), style))
    return out


# ---------------------------------------------------------------- formater for CI
#
# I CI-formatene er bare de aktive funnene problemer; funn grunnlinjen har akseptert, er ikke
# med (de står i `--format json` under "kjente" og i teksten med --vis-kjente).


def resolve_format(requested: str, *, env: dict | None = None, to_file: bool = False) -> str:
    """`auto` → `github` i GitHub Actions (GITHUB_ACTIONS=true), ellers `text` (i farger i en
    terminal, ren tekst ellers). Til en fil (-o) blir `auto` alltid `text`."""
    if requested != "auto":
        return requested
    env = os.environ if env is None else env
    if not to_file and env.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text"


def fingerprints(result: CheckResult, cwd: Path | None = None) -> list[str]:
    """Et stabilt fingeravtrykk for hvert aktivt funn: sha256 av kode, subjekt og fil – ikke
    linjen, så det overlever redigering over funnet. Har flere funn samme kode, subjekt og fil,
    får det n-te (i rapportens rekkefølge) et løpenummer med."""
    from hashlib import sha256

    seen: dict[tuple, int] = {}
    out = []
    for f in result.active:
        key = (f.code, f.subject, display_path(f.location.file, cwd))
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "\x00".join(key) + (f"\x00{n}" if n else "")
        out.append(sha256(raw.encode("utf-8", "surrogateescape")).hexdigest())
    return out


def _gh_data(s: str) -> str:
    """Data i en workflow command: %, CR og LF kodes (så data aldri starter en ny kommando),
    andre kontrolltegn vises som escape-sekvenser i loggen."""
    return escape_controls(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _related_note(f: Finding, cwd: Path | None) -> str:
    """« (se også: fil:linje:kolonne, …)» til en melding i et format uten egne felt for det."""
    if not f.related:
        return ""
    places = ", ".join(f"{display_path(r.file, cwd)}:{r.line}:{r.column}" for r in f.related)
    return f" ({RELATED_LABEL}: {places})"


def _gh_property(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(result: CheckResult, cwd: Path | None = None) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::melding`, én per
    aktivt funn, og oppsummeringen som vanlig tekst til slutt."""
    lines = []
    for f in result.active:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = ",".join(
            f"{k}={_gh_property(str(v))}"
            for k, v in (
                ("file", display_path(f.location.file, cwd)),
                ("line", f.location.line),
                ("col", f.location.column),
                ("title", f"{f.code} {f.name}"),
            )
        )
        lines.append(f"::{level} {props}::{_gh_data(f.message + _related_note(f, cwd))}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def to_gitlab(result: CheckResult, cwd: Path | None = None) -> str:
    """GitLab Code Quality (JSON-liste), én oppføring per aktivt funn. Andre steder funnet
    gjelder, står i beskrivelsen (GitLab viser den) og som `other_locations` (Code Climate)."""
    items = []
    for f, fp in zip(result.active, fingerprints(result, cwd)):
        item = {
            "description": f"{f.code} {f.name}: {f.message}{_related_note(f, cwd)}",
            "check_name": f.code,
            "fingerprint": fp,
            "severity": "major" if f.severity is Severity.ERROR else "minor",
            "location": _gitlab_location(f.location, cwd),
        }
        if f.related:
            item["other_locations"] = [_gitlab_location(r, cwd) for r in f.related]
        items.append(item)
    return dumps(items)


def _gitlab_location(loc: Location, cwd: Path | None) -> dict:
    return {"path": display_path(loc.file, cwd), "lines": {"begin": loc.line}}


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def to_sarif(result: CheckResult, rules: tuple[Rule, ...] | None = None, cwd: Path | None = None) -> str:
    """SARIF 2.1.0: én kjøring med verktøyet `tb`, alle reglene (dokumentasjonen fra
    docstringene) og ett resultat per aktivt funn. Nøklene er bestemt av SARIF; bare
    `properties` på hvert resultat er våre egne: `gjelder` og `år`, som i `--format json`."""
    if rules is None:
        from ..rules import ALL_RULES as rules
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "tb",
        "fullName": "tildelingsbrev (tb check)",
        "version": _version(),
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": _level(r.severity)},
            }
            for r in rules
        ],
    }
    results = []
    for f, fp in zip(result.active, fingerprints(result, cwd)):
        res = {
            "ruleId": f.code,
            "level": _level(f.severity),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": _sarif_physical(f.location, cwd)}],
            "partialFingerprints": {"tbFunn/v1": fp},
            "properties": {"gjelder": f.subject, "år": f.år},
        }
        if f.related:
            res["relatedLocations"] = [
                {"id": i, "physicalLocation": _sarif_physical(r, cwd), "message": {"text": RELATED_LABEL}}
                for i, r in enumerate(f.related)
            ]
        if f.code in index:
            res["ruleIndex"] = index[f.code]
        results.append(res)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }
    return dumps(sarif)


def _sarif_physical(loc: Location, cwd: Path | None) -> dict:
    from urllib.parse import quote

    uri = quote(display_path(loc.file, cwd), safe="/", errors="surrogateescape")
    return {
        "artifactLocation": {"uri": uri},
        "region": {"startLine": loc.line, "startColumn": loc.column},
    }


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tildelingsbrev")
    except Exception:  # noqa: BLE001 - ikke installert (kjørt fra kildene)
        return "0"


def _text(result: CheckResult, show_acknowledged: bool, cwd: Path | None) -> str:
    return "".join(line + "\n" for line, _ in to_text(result, show_acknowledged, cwd))


FORMATS: dict[str, Callable[[CheckResult, bool, Path | None], str]] = {
    "text": _text,
    "json": lambda result, _, cwd: to_json(result, cwd),
    "github": lambda result, _, cwd: to_github(result, cwd or ci_root("GITHUB_WORKSPACE")),
    "gitlab": lambda result, _, cwd: to_gitlab(result, cwd or ci_root("CI_PROJECT_DIR")),
    "sarif": lambda result, _, cwd: to_sarif(result, cwd=cwd or ci_root("GITHUB_WORKSPACE", "CI_PROJECT_DIR")),
}
"""Formatene for `tb check --format` (navn → funksjon). Valgene på kommandolinja bygges fra
nøklene (pluss `auto`, som `resolve_format` gjør om til et av dem). Et nytt format er én
funksjon `(resultat, vis_kjente, arbeidsmappe) -> tekst` lagt til her."""


def render_check(
    result: CheckResult, fmt: str, show_acknowledged: bool = False, cwd: Path | None = None
) -> str:
    """Rapporten i et av formatene i `FORMATS`."""
    try:
        write = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"ukjent format {fmt}") from None
    return write(result, show_acknowledged, cwd)


def ci_root(*names: str, env: dict | None = None) -> Path | None:
    """Roten i repositoriet CI-tjenesten har sjekket ut (GITHUB_WORKSPACE, CI_PROJECT_DIR):
    GitHub og GitLab plasserer merknadene etter stier relativt til den, også når `tb` kjøres
    fra en undermappe. None (arbeidsmappa) utenfor CI."""
    env = os.environ if env is None else env
    for name in names:
        if env.get(name):
            return Path(env[name])
    return None
