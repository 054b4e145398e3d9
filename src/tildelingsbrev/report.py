"""Rapportering: gjør et sjekkresultat om til tekst eller JSON. Bare denne modulen og CLI-et
kjenner rich."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .check import CheckResult
from .findings import Finding, Severity


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Stien relativt til arbeidsmappa (som brukeren skrev den), med / som skilletegn."""
    cwd = cwd or Path.cwd()
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # annen disk på Windows
        rel = str(path)
    return rel.replace(os.sep, "/")


def finding_dict(f: Finding, cwd: Path | None = None) -> dict:
    d = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "file": display_path(f.location.file, cwd),
        "line": f.location.line,
        "column": f.location.column,
        "subject": f.subject,
    }
    if f.acknowledged is not None:
        d["acknowledged"] = f.acknowledged
    return d


def to_json(result: CheckResult, cwd: Path | None = None) -> str:
    data = {
        "findings": [finding_dict(f, cwd) for f in result.active],
        "acknowledged": [finding_dict(f, cwd) for f in result.acknowledged],
        "summary": {
            "errors": result.errors,
            "warnings": result.warnings,
            "acknowledged": len(result.acknowledged),
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _line(f: Finding, cwd: Path | None) -> str:
    loc = f.location
    return f"{display_path(loc.file, cwd)}:{loc.line}:{loc.column}: {f.severity.value} {f.code} {f.name}: {f.message}"


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
    if show_acknowledged:
        for f in result.acknowledged:
            out.append((f"{_line(f, cwd)} [kjent: {f.acknowledged}]", "dim"))
    style = "error" if result.errors else ("warning" if result.warnings else "ok")
    out.append((summary_line(result), style))
    return out
