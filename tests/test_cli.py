"""`tb check` as a user runs it: exit codes, text and JSON output, baseline."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from casekit import FIXTURE, apply_patches, copy_valid
from tildelingsbrev.cli import app

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TB = ROOT / ".venv" / "bin" / "tb"

LINE_RE = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>feil|advarsel) (?P<code>TB\d{3}) "
    r"(?P<name>[a-zæøå0-9-]+): (?P<message>.+)$"
)

runner = CliRunner()


def tb(*args: str):
    res = runner.invoke(app, list(args))
    # A crash inside tb shows up as an exception other than the SystemExit that sets the code.
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    return res


def tb_json(*args: str) -> tuple[int, dict]:
    res = tb("check", "--format", "json", *args)
    return res.exit_code, json.loads(res.stdout)


def finding_lines(output: str) -> list[dict]:
    return [m.groupdict() for m in map(LINE_RE.match, output.splitlines()) if m]


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A copy of the valid fixture at ./data, with the current folder set to its parent."""
    monkeypatch.chdir(tmp_path)
    return copy_valid(tmp_path / "data")


def write_baseline(root: Path, *entries: tuple[str, str]) -> None:
    """Oppføringer for brevet for 2030 (fixturens eneste brev)."""
    lines = ["akseptert:"]
    for kode, gjelder in entries:
        lines += [
            "  - år: 2030",
            f"    kode: {kode}",
            f"    gjelder: {gjelder}",
            "    begrunnelse: Trykt slik i brevet.",
        ]
    (root / "baseline.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- the fixture and the shipped data


def test_valid_fixture_has_no_findings_even_with_strict():
    proc = subprocess.run(
        [str(TB), "check", "--data", "tests/fixtures/repos/valid", "--no-baseline", "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.strip() == "0 feil, 0 advarsler"


def test_valid_fixture_json_is_empty():
    code, report = tb_json("--data", str(FIXTURE), "--no-baseline", "--strict")
    assert code == 0
    assert report["funn"] == [] and report["kjente"] == []
    assert report["sammendrag"]["feil"] == report["sammendrag"]["advarsler"] == 0


def test_shipped_data_passes_thanks_to_the_baseline(monkeypatch):
    monkeypatch.chdir(ROOT)
    res = tb("check")
    assert res.exit_code == 0, res.output
    assert finding_lines(res.output) == []
    assert res.output.splitlines()[-1].startswith("0 feil, 0 advarsler")


def test_without_baseline_shipped_data_reports_exactly_the_baseline_entries(monkeypatch):
    monkeypatch.chdir(ROOT)
    entries = YAML(typ="safe", pure=True).load(DATA / "baseline.yaml")["akseptert"]

    code, report = tb_json("--data", "data", "--no-baseline")

    found = [(f["kode"], f["gjelder"]) for f in report["funn"]]
    assert sorted(found) == sorted((e["kode"], e["gjelder"]) for e in entries)
    assert report["kjente"] == []
    for f in report["funn"]:
        assert f["fil"].startswith("data/") and (ROOT / f["fil"]).is_file(), f
    errors = sum(f["alvorlighet"] == "feil" for f in report["funn"])
    assert report["sammendrag"]["feil"] == errors
    assert code == (1 if errors else 0)


# ---------------------------------------------------------------- output formats


def test_json_shape(repo):
    apply_patches(
        repo,
        {
            "budsjett/2030/kap-100.yaml": {"replace": [["sum: 85200000", "sum: 85300000"]]},
            "mål/2030/mål-1.yaml": {"replace": [["frist_år: 2030", "frist_år: 2029"]]},
        },
    )
    code, report = tb_json("--data", "data")

    assert code == 1
    by_code = {f["kode"]: f for f in report["funn"]}
    assert set(by_code) == {"TB201", "TB308"}
    for f in report["funn"]:
        assert {"kode", "navn", "alvorlighet", "melding", "fil", "linje", "kolonne"} <= set(f)
        assert all(isinstance(f[k], str) for k in ("kode", "navn", "alvorlighet", "melding", "fil"))
        assert all(isinstance(f[k], int) and f[k] >= 1 for k in ("linje", "kolonne"))
    expected = {
        "kode": "TB201",
        "navn": "kapittelsum",
        "alvorlighet": "feil",
        "fil": "data/budsjett/2030/kap-100.yaml",
        "linje": 4,
        "kolonne": 6,
        "gjelder": "kap. 100 sum, differanse 100 000",
        "år": 2030,
    }
    assert {k: by_code["TB201"][k] for k in expected} == expected
    # Printed, actual and difference, like a balance assertion.
    message = by_code["TB201"]["melding"].replace("\u00a0", " ")
    assert "trykt 85 300 000" in message and "85 200 000" in message
    assert "differanse 100 000" in message
    assert by_code["TB308"]["alvorlighet"] == "advarsel"
    assert {"feil": 1, "advarsler": 1}.items() <= report["sammendrag"].items()


def test_text_line_per_finding_and_a_summary(repo):
    apply_patches(repo, {"budsjett/2030/kap-100.yaml": {"replace": [["sum: 85200000", "sum: 85300000"]]}})
    res = tb("check", "--data", "data")
    assert res.exit_code == 1
    lines = finding_lines(res.output)
    assert [(x["file"], x["line"], x["column"], x["severity"], x["code"]) for x in lines] == [
        ("data/budsjett/2030/kap-100.yaml", "4", "6", "feil", "TB201")
    ]
    assert res.output.splitlines()[-1] == "1 feil, 0 advarsler"


@pytest.mark.parametrize(
    ("cwd", "data", "expected"),
    [
        (".", "data", "data/budsjett/2030/kap-100.yaml"),
        ("data", ".", "budsjett/2030/kap-100.yaml"),
        ("data/budsjett", "..", "2030/kap-100.yaml"),
        (".", "ABSOLUTE", "data/budsjett/2030/kap-100.yaml"),
        ("elsewhere", "../data", "../data/budsjett/2030/kap-100.yaml"),
    ],
)
def test_file_paths_are_relative_to_the_current_folder(repo, monkeypatch, cwd, data, expected):
    apply_patches(repo, {"budsjett/2030/kap-100.yaml": {"replace": [["sum: 85200000", "sum: 85300000"]]}})
    (repo.parent / "elsewhere").mkdir()
    monkeypatch.chdir(repo.parent / cwd)
    data = str(repo) if data == "ABSOLUTE" else data

    _, report = tb_json("--data", data)
    assert [f["fil"] for f in report["funn"]] == [expected]
    assert [x["file"] for x in finding_lines(tb("check", "--data", data).output)] == [expected]


# ---------------------------------------------------------------- exit codes


def test_missing_data_folder_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = tb("check", "--data", "finnes-ikke")
    assert res.exit_code == 2
    assert "fant ikke data-mappa" in res.stderr and res.stdout == ""


def test_default_data_folder_missing_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = tb("check")
    assert res.exit_code == 2
    assert "fant ikke data-mappa «data»" in res.stderr


def test_data_folder_that_is_a_file_exits_2(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").write_text("ikke en mappe\n", encoding="utf-8")
    res = tb("check", "--data", "data")
    assert res.exit_code == 2
    assert "er ikke en mappe" in res.stderr and res.stdout == ""


def test_unknown_format_exits_2(repo):
    res = tb("check", "--data", "data", "--format", "xml")
    assert res.exit_code == 2
    assert res.stdout == ""


def test_warnings_fail_only_with_strict(repo):
    apply_patches(repo, {"mål/2030/mål-1.yaml": {"replace": [["frist_år: 2030", "frist_år: 2029"]]}})
    plain = tb("check", "--data", "data")
    strict = tb("check", "--data", "data", "--strict")
    assert (plain.exit_code, strict.exit_code) == (0, 1)
    assert [x["code"] for x in finding_lines(plain.output)] == ["TB308"]
    assert plain.output.splitlines()[-1] == "0 feil, 1 advarsel"


def test_errors_fail_without_strict(repo):
    apply_patches(repo, {"budsjett/2030/100-21.yaml": {"replace": [['sum: "3,0 mill. kroner"', "sum: 1"]]}})
    assert tb("check", "--data", "data").exit_code == 1


# ---------------------------------------------------------------- broken files: Norwegian, positioned, no traceback


BROKEN = {
    "yaml-syntax": (
        ["tittel: Kartlegge tiltak", "tittel: Kartlegge: tiltak"],
        "data/oppdrag/2030-01.yaml:2:18: feil TB001 yaml-syntaks: ",
        "kolon på feil sted",
    ),
    "wrong-type": (
        ["mål: 1", "mål: en"],
        "data/oppdrag/2030-01.yaml:3:6: feil TB004 skjema: ",
        "mål: forventet et heltall, fikk teksten «en»",
    ),
    "unknown-key": (
        ["mål: 1\n", "mål: 1\nmerknadd: sjekk\n"],
        "data/oppdrag/2030-01.yaml:4:1: feil TB004 skjema: ",
        "ukjent felt «merknadd»",
    ),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_broken_file_gives_a_norwegian_positioned_message(repo, kind):
    replace, prefix, message = BROKEN[kind]
    apply_patches(repo, {"oppdrag/2030-01.yaml": {"replace": [replace]}})

    res = tb("check", "--data", "data")

    assert res.exit_code == 1
    lines = [ln for ln in res.output.splitlines() if ln.startswith(prefix)]
    assert len(lines) == 1 and message in lines[0], res.output
    assert "Traceback" not in res.output and "Error" not in res.output


def test_broken_file_in_a_real_process_has_no_traceback(repo):
    apply_patches(repo, {"oppdrag/2030-01.yaml": {"replace": [BROKEN["yaml-syntax"][0]]}})
    proc = subprocess.run([str(TB), "check"], cwd=repo.parent, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert BROKEN["yaml-syntax"][1] in proc.stdout


# ---------------------------------------------------------------- baseline


def test_stale_baseline_entry_is_a_TB010_warning(repo):
    write_baseline(repo, ("TB201", "kap. 100 sum, differanse 100 000"))
    res = tb("check", "--data", "data")
    assert [(x["file"], x["line"], x["code"], x["severity"]) for x in finding_lines(res.output)] == [
        ("data/baseline.yaml", "4", "TB010", "advarsel")
    ]
    assert res.exit_code == 0
    assert tb("check", "--data", "data", "--strict").exit_code == 1


def test_acknowledged_finding_is_not_counted(repo):
    apply_patches(repo, {"budsjett/2030/kap-100.yaml": {"replace": [["sum: 85200000", "sum: 85300000"]]}})
    write_baseline(repo, ("TB201", "kap. 100 sum, differanse 100 000"))

    code, report = tb_json("--data", "data", "--strict")
    assert code == 0
    assert report["funn"] == []
    assert [(f["kode"], f["begrunnelse"]) for f in report["kjente"]] == [("TB201", "Trykt slik i brevet.")]
    assert report["sammendrag"] == {"feil": 0, "advarsler": 0, "kjente": 1}

    text = tb("check", "--data", "data")
    assert text.output.splitlines() == ["0 feil, 0 advarsler (1 kjent funn i grunnlinjen)"]
    shown = tb("check", "--data", "data", "--vis-kjente")
    assert any(
        ln.endswith("[kjent: Trykt slik i brevet.]") and " TB201 " in ln for ln in shown.output.splitlines()
    )

    code, report = tb_json("--data", "data", "--no-baseline")
    assert code == 1
    assert [f["kode"] for f in report["funn"]] == ["TB201"]


def test_baseline_only_accepts_the_named_subject(repo):
    apply_patches(
        repo,
        {
            "budsjett/2030/kap-100.yaml": {"replace": [["sum: 85200000", "sum: 85300000"]]},
            "budsjett/2030/100-21.yaml": {"replace": [['sum: "3,0 mill. kroner"', "sum: 1"]]},
        },
    )
    write_baseline(repo, ("TB201", "kap. 100 sum, differanse 100 000"))
    code, report = tb_json("--data", "data")
    assert code == 1
    assert [f["kode"] for f in report["funn"]] == ["TB202"]
    assert [f["kode"] for f in report["kjente"]] == ["TB201"]


def test_two_different_duplicates_have_different_subjects(repo):
    for new, dup in (("2030-03", "2030-01"), ("2030-04", "2030-02")):
        (repo / "oppdrag" / f"{new}.yaml").write_text(
            f"id: {dup}\ntittel: Kopi\nmål: 1\nfrister:\n  - dato: 2030-12-02\n", encoding="utf-8"
        )
    _, report = tb_json("--data", "data")
    subjects = [f["gjelder"] for f in report["funn"] if f["kode"] == "TB101"]
    assert len(subjects) == 2
    assert len(set(subjects)) == 2, subjects
