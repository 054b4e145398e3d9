"""The tools around `tb check`: the pre-commit hook, `tb regler`/`tb forklar`, `tb ny`,
`tb vis`, the documented JSON shapes and shell completion."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from tildelingsbrev.cli import app
from tildelingsbrev.files import write_atomic
from tildelingsbrev.pipeline import check
from tildelingsbrev.reporting.check import summary_line
from tildelingsbrev.rules import ALL_RULES, FAMILY_BY_CODE
from tildelingsbrev.schema import modeline

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
BIN = Path(sys.executable).parent
runner = CliRunner()


@pytest.fixture(autouse=True)
def _not_in_github(monkeypatch):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def tb(*args: str):
    res = runner.invoke(app, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    return res


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the shipped data."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path / "data"


def active(root: Path) -> list[tuple[str, str]]:
    return [(f.code, f.subject) for f in check(root).active]


# ---------------------------------------------------------------- pre-commit


def test_pre_commit_hook_definition():
    hooks = YAML(typ="safe", pure=True).load(ROOT / ".pre-commit-hooks.yaml")
    assert [h["id"] for h in hooks] == ["tb-check"]
    hook = hooks[0]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    assert hook["entry"] == "tb check"
    files = re.compile(hook["files"])
    assert files.search("data/oppdrag/2024-01.yaml") and files.search("data/mal/brev.md")
    assert not files.search("src/tildelingsbrev/model.py") and not files.search("tests/data/x.yaml")
    # the entry's program is the console script the package installs
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert shlex.split(hook["entry"])[0] in scripts


def test_pre_commit_entry_runs_on_the_shipped_data():
    """pre-commit runs the entry from the repository root, without file names."""
    hook = YAML(typ="safe", pure=True).load(ROOT / ".pre-commit-hooks.yaml")[0]
    argv = shlex.split(hook["entry"])
    exe = BIN / argv[0]
    if exe.exists():
        env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
        proc = subprocess.run([str(exe), *argv[1:]], cwd=ROOT, capture_output=True, text=True, env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        # the letter passes thanks to its baseline (the totals are pinned in test_publisert_brev.py)
        result = check(DATA)
        assert result.acknowledged and not result.active
        assert proc.stdout.strip().splitlines() == [summary_line(result)]
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        res = tb(*argv[1:])
    finally:
        os.chdir(cwd)
    assert res.exit_code == 0, res.output


# ---------------------------------------------------------------- tb regler, tb forklar


def test_regler_lists_every_rule():
    """Every rule in code order, family by family: a blank line and a heading («TB2xx  Beløp og
    summer») before each family's rules."""
    res = tb("regler")
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["kode", "navn", "alvorlighet", "beskrivelse"]
    in_code_order = sorted(ALL_RULES, key=lambda r: r.code)
    rule_lines = [line for line in lines[1:] if re.match(r"TB\d{3} ", line)]
    assert [line.split()[0] for line in rule_lines] == [r.code for r in in_code_order]
    for line, r in zip(rule_lines, in_code_order):
        code, name, severity = line.split()[:3]
        assert (code, name, severity) == (r.code, r.name, r.severity.value)
        assert r.summary in line  # the first line of the doc, continued to the end of its paragraph
    # the rest: one heading per family, after a blank line, just before the family's rules
    expected = [lines[0]]
    for family in sorted({r.family for r in ALL_RULES}):
        heading = next(line for line in lines if line.startswith(f"{family} "))
        assert heading.split(None, 1) == [family, FAMILY_BY_CODE[family].name]
        codes = {r.code for r in ALL_RULES if r.family == family}
        expected += ["", heading, *(line for line in rule_lines if line.split()[0] in codes)]
    assert lines == expected


def test_regler_json():
    res = tb("regler", "--format", "json")
    assert res.exit_code == 0
    rows = json.loads(res.stdout)
    in_code_order = sorted(ALL_RULES, key=lambda r: r.code)
    assert [r["kode"] for r in rows] == [r.code for r in in_code_order]
    for row, r in zip(rows, in_code_order):
        assert set(row) == {"kode", "navn", "alvorlighet", "familie", "beskrivelse", "dokumentasjon"}
        assert row["navn"] == r.name and row["beskrivelse"] == r.summary
        assert row["dokumentasjon"] == r.doc and row["alvorlighet"] in ("feil", "advarsel")
        assert row["familie"] == {"kode": r.family, "navn": FAMILY_BY_CODE[r.family].name}
        assert "\n" not in row["beskrivelse"]


@pytest.mark.parametrize("query", ["TB201", "tb201", "201", "kapittelsum", "KAPITTELSUM", " TB201 "])
def test_forklar(query):
    res = tb("forklar", query)
    assert res.exit_code == 0
    rule = next(r for r in ALL_RULES if r.code == "TB201")
    assert res.stdout == f"TB201 kapittelsum (feil)\n\n{rule.doc}\n"


def test_forklar_every_rule():
    for r in ALL_RULES:
        res = tb("forklar", r.name)
        assert res.exit_code == 0 and r.doc in res.stdout


@pytest.mark.parametrize(
    ("query", "hint"),
    [("TB999", None), ("kapitelsum", "TB201 kapittelsum"), ("ingenting-her", None)],
)
def test_forklar_unknown(query, hint):
    res = tb("forklar", query)
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr.startswith(f"tb: ukjent regel «{query}»")
    assert "tb regler" in res.stderr
    if hint:
        assert f"mente du {hint}" in res.stderr


# ---------------------------------------------------------------- tb ny


def test_ny_oppdrag(data, monkeypatch):
    monkeypatch.chdir(data.parent)
    before = set(active(Path("data")))
    res = tb(
        "ny", "oppdrag", "--år", "2024", "--mål", "2",
        "--tittel", "Kartlegge behovet for tolk i kommunene: «pilot»",
        "--frist", "31.12.2024", "--frist", "2025-06-30",
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    # 2024-17 is taken: the letter binds funds to it on 601.21 without listing it in chapter 3
    path = data / "oppdrag" / "2024-18.yaml"
    assert res.stdout == "skrev data/oppdrag/2024-18.yaml (2024-18)\n"
    assert "2024-17 er nevnt i data uten egen oppdragsfil" in res.stderr
    text = path.read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../schema/oppdrag.schema.json\n"
        "id: 2024-18\n"
        "tittel: 'Kartlegge behovet for tolk i kommunene: «pilot»'\n"
        "mål: 2\n"
        "frister:\n"
        "  - dato: 2024-12-31\n"
        "  - dato: 2025-06-30\n"
    )
    res = tb("check")
    assert res.exit_code == 0, res.output
    # the only new finding: the gap at 2024-17 (a warning)
    assert set(active(Path("data"))) - before == {("TB109", "oppdrag 2024 nummerrekke")}
    assert [o.model.tittel for o in check(Path("data")).repo.oppdrag if o.model.id == "2024-18"]
    assert sorted(os.listdir(data / "oppdrag"))[-1] == "2024-18.yaml"  # no temporary file left


def test_ny_oppdrag_new_year_and_the_schema(data, monkeypatch):
    from jsonschema import Draft202012Validator

    monkeypatch.chdir(data.parent)
    assert tb("ny", "oppdrag", "--år", "2025", "--mål", "2", "--tittel", "Første").exit_code == 0
    res = tb("ny", "oppdrag", "--år", "2025", "--mål", "7", "--tittel", "Andre", "--frist", "2025-10-01")
    assert res.exit_code == 0  # ingen mål for 2025 ennå: målet kan ikke sjekkes, bare merkes
    assert res.stdout == "skrev data/oppdrag/2025-02.yaml (2025-02)\n"
    assert "mål 7 finnes ikke for 2025" in res.stderr
    assert "brevet for 2025 finnes ikke ennå" in res.stderr  # TB102 gjelder oppdrag i et brev
    schema = json.loads((data / "schema" / "oppdrag.schema.json").read_text(encoding="utf-8"))
    for name in ("2025-01.yaml", "2025-02.yaml"):
        doc = YAML(typ="safe", pure=True).load(data / "oppdrag" / name)
        doc = json.loads(json.dumps(doc, default=str))
        Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(doc)


def test_ny_note_about_a_missing_goal_is_what_check_reports(data, monkeypatch):
    """`tb ny` sier at `tb check` melder et mål som mangler; det skal stemme."""
    monkeypatch.chdir(data.parent)
    res = tb("ny", "oppdrag", "--år", "2024", "--mål", "7", "--tittel", "Nytt", "--frist", "2024-10-01", "--tving")
    assert res.exit_code == 0
    assert "mål 7 finnes ikke for 2024" in res.stderr and "(TB102)" in res.stderr
    res = tb("ny", "styringsparameter", "--år", "2024", "--mål", "7", "--tekst", "Andel", "--tving")
    assert res.exit_code == 0, res.output
    assert "(TB103)" in res.stderr
    codes = {f.code for f in check(Path("data")).active}
    assert {"TB102", "TB103"} <= codes


def test_ny_never_overwrites(data, monkeypatch):
    monkeypatch.chdir(data.parent)
    path = data / "oppdrag" / "2024-16.yaml"
    old = path.read_bytes()
    res = tb("ny", "oppdrag", "--år", "2024", "--mål", "2", "--tittel", "T", "--nr", "16")
    assert res.exit_code == 2
    assert res.stderr == "tb: fila data/oppdrag/2024-16.yaml finnes fra før; den skrives ikke over\n"
    assert path.read_bytes() == old
    res = tb("ny", "styringsparameter", "--år", "2024", "--mål", "2", "--tekst", "T", "--nr", "3")
    assert res.exit_code == 2 and "finnes fra før" in res.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--år", "2024", "--mål", "2", "--tittel", "   "], "tb: --tittel er tom\n"),
        (["--år", "2024", "--mål", "0", "--tittel", "T"], "tb: --mål 0 er utenfor 1–99\n"),
        (["--år", "1800", "--mål", "1", "--tittel", "T"], "tb: --år 1800 er utenfor 1990–2100\n"),
        (["--år", "2024", "--mål", "1", "--tittel", "T", "--nr", "1000"], "tb: --nr 1000 er utenfor 1–999\n"),
        (["--år", "2024", "--mål", "1", "--tittel", "T", "--frist", "i morgen"], None),
    ],
)
def test_ny_oppdrag_bad_options(data, args, message):
    res = tb("ny", "oppdrag", "--data", str(data), *args)
    assert res.exit_code == 2
    assert res.stderr.startswith("tb: ")
    if message:
        assert res.stderr == message
    assert sorted(p.name for p in (data / "oppdrag").iterdir()) == sorted(
        p.name for p in (DATA / "oppdrag").iterdir()
    )


def test_ny_styringsparameter(data, monkeypatch):
    monkeypatch.chdir(data.parent)
    before = set(active(Path("data")))
    res = tb(
        "ny", "styringsparameter", "--år", "2024", "--mål", "2", "--tekst", "Andel i arbeid  ett år etter"
    )
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/styringsparametere/2024/sp-17.yaml (SP 17)\n"
    path = data / "styringsparametere" / "2024" / "sp-17.yaml"
    assert path.read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=../../schema/styringsparameter.schema.json\n"
        "år: 2024\nnr: 17\nmål: 2\ntekst: Andel i arbeid ett år etter\n"
    )
    assert tb("check").exit_code == 0
    assert set(active(Path("data"))) == before
    # a new year starts at SP 1
    res = tb("ny", "styringsparameter", "--år", "2025", "--mål", "1", "--tekst", "T")
    assert res.stdout == "skrev data/styringsparametere/2025/sp-01.yaml (SP 1)\n"


def test_write_atomic(tmp_path):
    target = tmp_path / "fil.txt"
    write_atomic(target, "første\n")
    os.chmod(target, 0o640)
    write_atomic(target, "andre\n")
    assert target.read_text() == "andre\n"
    assert target.stat().st_mode & 0o777 == 0o640  # an overwritten file keeps its mode
    with pytest.raises(FileExistsError):
        write_atomic(target, "tredje\n", overwrite=False)
    assert target.read_text() == "andre\n"
    write_atomic(tmp_path / "ny.txt", b"bytes", overwrite=False)
    assert sorted(os.listdir(tmp_path)) == ["fil.txt", "ny.txt"]


def test_ny_oppdrag_three_digits(data):
    res = tb(
        "ny", "oppdrag", "--data", str(data), "--år", "2024", "--mål", "1", "--tittel", "T", "--nr", "100"
    )
    assert res.exit_code == 0, res.output
    assert (data / "oppdrag" / "2024-100.yaml").read_text(encoding="utf-8").splitlines()[1] == "id: 2024-100"
    res = tb("ny", "oppdrag", "--data", str(data), "--år", "2024", "--mål", "1", "--tittel", "T")
    assert res.stdout.endswith("(2024-101)\n")


def test_new_files_start_with_their_schema_line(data, monkeypatch):
    monkeypatch.chdir(data.parent)
    tb("ny", "oppdrag", "--år", "2024", "--mål", "1", "--tittel", "T", "--frist", "2024-11-01")
    path = data / "oppdrag" / "2024-18.yaml"
    assert path.read_text(encoding="utf-8").splitlines()[0] == modeline(data, path)


# ---------------------------------------------------------------- tb vis

VIS_KEYS = {
    "id",
    "tittel",
    "mål",
    "fou",
    "status",
    "levert",
    "avsluttet",
    "referanse",
    "brev",
    "brevene",
    "tillegg",
    "trukket",
    "fil",
    "frister",
    "leveranser",
    "bindinger",
    "nevnt",
    "funn",
    "ansvarlig",
    "unntatt_offentlighet",
}
FRIST_KEYS = {
    "dato",
    "ukedag",
    "del",
    "type",
    "løpende",
    "gjentas",
    "merknad",
    "fridag",
    "flyttet_fra",
    "kilde",
    "trukket",
    "trukket_i",
    "uid",
    "uten_dato",
    "trykt",
}
BINDING_KEYS = {
    "år",
    "post",
    "gruppe",
    "overskrift",
    "tittel",
    "samme_tittel",
    "beløp",
    "fil",
    "linje",
    "kolonne",
}
NEVNT_KEYS = {"år", "kilde", "utdrag", "fil", "linje", "kolonne"}
FUNN_NØKLER = {"kode", "navn", "alvorlighet", "melding", "fil", "linje", "kolonne", "gjelder", "år"}


def vis_json(oppdrag: str) -> dict:
    res = tb("vis", oppdrag, "--data", str(DATA), "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_vis_text(monkeypatch):
    monkeypatch.chdir(ROOT)
    res = tb("vis", "2024-13")
    assert res.exit_code == 0
    assert res.stdout.splitlines() == [
        "2024-13 Foreslå tiltak for mer treffsikker bosetting som også tar hensyn til mål om styrt, "
        "spredt og rask bosetting",
        "",
        "Mål:          4 Bosettingen er styrt og spredt, rask og treffsikker",
        "FoU:          nei",
        "Status:       åpen",
        "I brevet for: 2024",
        "Fil:          data/oppdrag/2024-13.yaml",
        "",
        "Brevene",
        "  med i brevet for 2024: gitt i 2024",
        "    mål 4 Bosettingen er styrt og spredt, rask og treffsikker",
        "    frister: Del I: 30.06.2024; Del II: 30.09.2024",
        "",
        "Frister",
        "  30.06.2024  søndag   Del I, ⚑ søndag",
        "  30.09.2024  mandag   Del II",
        "",
        "Leveranser",
        "  ingen",
        "",
        "Budsjettbindinger",
        "  ingen",
        "",
        "Nevnt i brevet",
        "  ingen steder",
        "",
        "Funn",
        "  data/oppdrag/2024-13.yaml:7:5: advarsel TB309 frist-fridag: oppdrag 2024-13: fristen 30.06.2024 "
        "faller på en fridag (søndag) [kjent i grunnlinjen]",
    ]


def test_vis_json_shape():
    v = vis_json("2024-13")
    assert set(v) == VIS_KEYS
    assert v["mål"] == {"nr": 4, "tittel": "Bosettingen er styrt og spredt, rask og treffsikker", "år": 2024}
    assert (v["fou"], v["status"], v["levert"], v["brev"]) == (None, "åpen", None, [2024])
    assert v["brevene"] == [
        {
            "år": 2024,
            "med": True,
            "grunn": "gitt i 2024",
            "mål": {"nr": 4, "tittel": "Bosettingen er styrt og spredt, rask og treffsikker"},
            "frister": ["Del I: 30.06.2024", "Del II: 30.09.2024"],
        }
    ]
    assert (v["avsluttet"], v["referanse"], v["leveranser"]) == (None, None, [])
    assert [(f["dato"], f["del"], f["fridag"], f["levert"]) for f in v["frister"]] == [
        ("2024-06-30", "Del I", "søndag", None),
        ("2024-09-30", "Del II", None, None),
    ]
    # leveransen per frist (levert, levert_ref) som i tb frister
    assert all(set(f) == FRIST_KEYS | {"levert", "levert_ref"} for f in v["frister"])
    assert [(f["kode"], f["gjelder"]) for f in v["funn"]] == [("TB309", "2024-13 30.06.2024")]
    # funnene har de samme nøklene som i tb check --format json
    assert set(v["funn"][0]) - {"se_også"} == FUNN_NØKLER | {"begrunnelse"}


def test_vis_bindings_and_findings_about_the_number():
    v = vis_json("2024-05")
    assert [(b["post"], b["gruppe"], b["beløp"], b["samme_tittel"]) for b in v["bindinger"]] == [
        ("601.21", "nye", 1_000_000, False)
    ]
    assert set(v["bindinger"][0]) == BINDING_KEYS
    assert v["bindinger"][0]["fil"] == "data/budsjett/2024/601-21.yaml"
    codes = {(f["kode"], f["fil"]) for f in v["funn"]}
    assert ("TB105", "data/budsjett/2024/601-21.yaml") in codes  # subject «601.21 binding 2024-05»


def test_vis_where_the_letter_mentions_it():
    v = vis_json("2023-14")
    assert v["fou"] == "delvis FoU"
    assert len(v["nevnt"]) == 1
    n = v["nevnt"][0]
    assert set(n) == NEVNT_KEYS
    assert (n["kilde"], n["fil"]) == ("671.45", "data/budsjett/2024/671-45.yaml")
    line = (ROOT / n["fil"]).read_text(encoding="utf-8").splitlines()[n["linje"] - 1]
    assert line[n["kolonne"] - 1 :].startswith("2023-14")
    assert "2023-14" in n["utdrag"] and "{{" not in n["utdrag"]


def test_vis_a_number_without_its_own_file_shows_what_the_letter_says():
    """2024-17 er bundet på 601.21 og 2022-19 nevnt i 671.45, men ingen av dem er gitt i
    kapittel 3: `tb vis` viser bindingen, omtalen og funnene i stedet for «fant ikke»."""
    v = vis_json("2024-17")
    assert set(v) == VIS_KEYS
    assert (v["tittel"], v["fil"], v["mål"], v["frister"]) == (None, None, None, [])
    assert [(b["post"], b["beløp"]) for b in v["bindinger"]] == [("601.21", 900_000)]
    assert [f["kode"] for f in v["funn"]] == ["TB104"]
    v = vis_json("2022-19")
    assert [n["kilde"] for n in v["nevnt"]] == ["671.45"]
    assert [f["kode"] for f in v["funn"]] == ["TB106"]


def test_vis_unreadable_file_points_to_it(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "oppdrag" / "2024-13.yaml").write_text("id: 2024-13\ntittel: [\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    res = tb("vis", "2024-13")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("2024-13 (ingen oppdragsfil)")
    assert "data/oppdrag/2024-13.yaml kan ikke leses" in res.stdout
    assert "TB001" in res.stdout


def test_vis_unknown(monkeypatch):
    monkeypatch.chdir(ROOT)
    for oppdrag in ("2099-01", "tull"):
        res = tb("vis", oppdrag)
        assert res.exit_code == 2
        assert res.stderr.startswith(f"tb: fant ikke oppdrag «{oppdrag}»")


# ---------------------------------------------------------------- the documented JSON shapes


def test_check_json_shape(monkeypatch):
    monkeypatch.chdir(ROOT)
    res = tb("check", "--no-baseline", "--format", "json")
    doc = json.loads(res.stdout)
    assert set(doc) == {"funn", "kjente", "sammendrag"}
    assert doc["sammendrag"] == {"feil": 12, "advarsler": 35, "kjente": 0}
    # `se_også` (andre steder funnet gjelder) står bare der det finnes slike steder
    assert all(set(f) - {"se_også"} == FUNN_NØKLER for f in doc["funn"])
    related = [r for f in doc["funn"] for r in f.get("se_også", [])]
    assert related and all(set(r) == {"fil", "linje", "kolonne"} for r in related)
    assert all(f["se_også"] for f in doc["funn"] if "se_også" in f)
    doc = json.loads(tb("check", "--format", "json").stdout)
    assert doc["funn"] == [] and doc["sammendrag"] == {"feil": 0, "advarsler": 0, "kjente": 47}
    # et kjent funn har begrunnelsen fra grunnlinjen
    assert all(set(f) - {"se_også"} == FUNN_NØKLER | {"begrunnelse"} for f in doc["kjente"])
    assert all(f["begrunnelse"].strip() for f in doc["kjente"])


def test_frister_json_shape():
    res = tb("frister", "--data", str(DATA), "--fra", "2024-01-01", "--format", "json")
    rows = json.loads(res.stdout)
    assert rows and all(set(r) == FRIST_KEYS | {"dager", "oppdrag", "tittel", "mål", "levert", "levert_ref", "virksomhet", "ansvarlig", "unntatt_offentlighet"} for r in rows)


# ---------------------------------------------------------------- shell completion


def complete(words: str, cword: int) -> list[str]:
    exe = BIN / "tb"
    if not exe.exists():
        pytest.skip("tb is not installed as a console script in this environment")
    env = dict(os.environ, _TB_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=str(cword))
    proc = subprocess.run([str(exe)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "_TB_COMPLETE=complete_bash"), ("zsh", "#compdef tb"), ("fish", "complete --command tb")],
)
def test_completion_script_for_a_named_shell(shell, marker):
    """README: `_TB_COMPLETE=source_SKALL tb` gir skriptet uansett hvilket skall som kjører."""
    exe = BIN / "tb"
    if not exe.exists():
        pytest.skip("tb is not installed as a console script in this environment")
    env = {**os.environ, "_TB_COMPLETE": f"source_{shell}"}
    proc = subprocess.run([str(exe)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0
    assert marker in proc.stdout


def test_show_completion_detects_the_shell():
    exe = BIN / "tb"
    bash = shutil.which("bash")
    if not exe.exists() or bash is None:
        pytest.skip("tb or bash is not installed here")
    # «; exit $?»: ellers erstatter bash seg selv med tb, og skallet som startet bash blir forelder
    proc = subprocess.run(
        [bash, "-c", f"'{exe}' --show-completion; exit $?"], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    assert "_TB_COMPLETE=complete_bash" in proc.stdout and "complete " in proc.stdout


def test_completion_of_commands_rules_and_ids():
    assert {"check", "frister", "regler", "forklar", "schema", "vis", "ny"} <= set(complete("tb ", 1))
    assert complete("tb forklar kapittels", 2) == ["kapittelsum"]
    assert complete("tb forklar TB20", 2) == [r.code for r in ALL_RULES if r.code.startswith("TB20")]
    assert complete("tb vis 2024-1", 2) == sorted(p.stem for p in (DATA / "oppdrag").glob("2024-1*.yaml"))
    assert complete("tb ny ", 2) == ["oppdrag", "styringsparameter", "mål", "post", "kapittel", "tillegg"]


@pytest.mark.parametrize(
    "tittel",
    [
        "true",
        "2024-01-01",
        "# ikke en kommentar",
        "a: b",
        "'sitat' og \"sitat\"",
        "12",
        "null",
        "- punkt",
        "~",
    ],
)
def test_ny_oppdrag_keeps_any_title(data, tittel):
    from tildelingsbrev.loading import load

    # 2030 har ikke noe brev: --tving (et tomt år gir det nummeret 2030-01)
    res = tb("ny", "oppdrag", "--data", str(data), "--år", "2030", "--mål", "1", "--tittel", tittel, "--tving")
    assert res.exit_code == 0, res.output
    repo, _ = load(data)
    assert [d.model.tittel for d in repo.oppdrag if d.model.id == "2030-01"] == [tittel]
