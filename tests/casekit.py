"""Helpers for the table-driven rule cases in tests/cases/TBnnn.yaml.

A case file names one rule and holds its cases, sqlfluff style:

    rule: TB201
    sum_agrees:                      # case name
      files:                         # patches to a copy of tests/fixtures/repos/valid
        budsjett/2030/kap-100.yaml:
          replace:
            - ["sum: 85200000", "sum: \"85,2 mill. kroner\""]
      expect: []                     # [code, file, line] for this rule's code only
    sum_wrong:
      files: ...
      expect:
        - [TB201, budsjett/2030/kap-100.yaml, 4]

A patch is exactly one of

- `content: TEXT` (optionally with `encoding:` such as `latin-1` or `utf-8-sig`, and
  `newline: "\r\n"`): write the file;
- `bytes_hex: "00 ff"`: write these bytes;
- `replace: [[OLD, NEW], ...]`: edit the fixture file; each OLD must occur exactly once;
- `delete: true`: remove the file;
- `symlink: TARGET`: the file becomes a symbolic link to TARGET (relative to the file's folder,
  or absolute);
- `folder: true`: a folder where the file should be.

Optional keys of a case: `loader` (codes TB001-TB005 and TB008 that the patches are meant to cause;
for any other rule the runner checks that no other loader finding appears, so a case cannot
pass merely because its file no longer loads) and `xfail` (reason: the case documents correct
behaviour that `src/` does not have yet).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from ruamel.yaml import YAML

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "repos" / "valid"
CASES_DIR = TESTS / "cases"

CASE_KEYS = {"files", "expect", "loader", "xfail", "virksomheter"}
PATCH_KINDS = {"content", "bytes_hex", "replace", "delete", "symlink", "folder"}


@dataclass(frozen=True)
class Case:
    rule: str
    name: str
    files: dict
    expect: list[tuple[str, str, int]]
    loader: frozenset[str] = field(default_factory=frozenset)
    xfail: str | None = None
    virksomheter: tuple[str, ...] = ()
    """Kortnavnene når saken gjelder et repositorium med flere virksomheter: hver får en kopi av
    det gyldige repositoriet i virksomheter/KORT/ (med kortnavnet som mottaker), og stiene i
    `files` og `expect` er relative til repositoriet (virksomheter/KORT/…)."""

    def build(self, dest: Path) -> list[Path]:
        """Repositoriet for saken i `dest`, uten endringene: mappene som sjekkes (én per virksomhet)."""
        if not self.virksomheter:
            return [copy_valid(dest)]
        roots = []
        for name in self.virksomheter:
            root = copy_valid(dest / "virksomheter" / name)
            brev = root / "brev" / "2030" / "brev.yaml"
            brev.write_text(brev.read_text(encoding="utf-8").replace("kortnavn: TDIR", f"kortnavn: {name}"), encoding="utf-8")
            roots.append(root)
        return roots

    @property
    def failing(self) -> bool:
        return bool(self.expect)


def copy_valid(dest: Path) -> Path:
    """A fresh copy of the valid fixture repository at `dest`."""
    shutil.copytree(FIXTURE, dest)
    return dest


PUBLISHED = TESTS.parent / "data"
OVER_TID = TESTS / "fixtures" / "over_tid"


def over_tid(dest: Path) -> Path:
    """The time scenario at `dest`: a copy of the published data/ with the invented 2025 letter,
    deliveries and renumbered goals from tests/fixtures/over_tid laid over it (see its README)."""
    shutil.copytree(PUBLISHED, dest)
    for folder in ("brev", "mål", "styringsparametere", "budsjett", "oppdrag"):
        shutil.copytree(OVER_TID / folder, dest / folder, dirs_exist_ok=True)
    return dest


TILLEGG = TESTS.parent / "eksempler" / "tillegg-2024"


def uten_dato(dest: Path) -> Path:
    """The published data/ at `dest` where 2024-16 has a deadline after an event («etter
    gjennomført høring»), one to be agreed later, and a responsible department."""
    shutil.copytree(PUBLISHED, dest)
    path = dest / "oppdrag" / "2024-16.yaml"
    head, _, _ = path.read_text(encoding="utf-8").partition("frister:")
    path.write_text(
        head
        + "ansvarlig: Integreringsavdelingen\n"
        + "frister:\n"
        + "  - del: Del 1\n    uten_dato: etter hendelse\n    trykt: Etter gjennomført høring\n"
        + "  - del: Del 2\n    uten_dato: avtales nærmere\n",
        encoding="utf-8",
    )
    return dest


def med_tillegg(dest: Path) -> Path:
    """The supplement example at `dest`: a copy of the published data/ with the three invented
    supplementary letters of eksempler/tillegg-2024 laid over it (see its README)."""
    shutil.copytree(PUBLISHED, dest)
    for folder in ("brev", "oppdrag"):
        shutil.copytree(TILLEGG / folder, dest / folder, dirs_exist_ok=True)
    return dest


GOLDEN_DIR = TESTS / "golden"
UPDATE_GOLDEN = os.environ.get("TB_OPPDATER_GULL") == "1"
"""`TB_OPPDATER_GULL=1 make test` writes the golden files anew (read the diff before committing)."""


def assert_golden(path: Path, actual: bytes) -> None:
    """`actual` equals the golden file at `path` (under tests/golden). A missing file is written
    and the test fails once, so nobody accepts output unread; TB_OPPDATER_GULL=1 rewrites it."""
    name = path.relative_to(GOLDEN_DIR).as_posix() if path.is_relative_to(GOLDEN_DIR) else path.name
    if UPDATE_GOLDEN or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        if not UPDATE_GOLDEN:
            pytest.fail(f"gullfila {name} fantes ikke og er skrevet; les den, og kjør testene igjen")
    assert actual == path.read_bytes(), f"{name} er endret; se diffen, og oppdater med TB_OPPDATER_GULL=1"


def tb_in_process(*args: str):
    """`tb ARGS` in this process (typer's CliRunner): the result, with no traceback allowed."""
    from typer.testing import CliRunner

    from tildelingsbrev.cli import app

    res = CliRunner().invoke(app, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    assert "Traceback" not in res.output
    return res


def edit_once(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must occur exactly once) with `new` in the file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name}: «{old}» finnes {text.count(old)} ganger"
    path.write_text(text.replace(old, new), encoding="utf-8")


def apply_patches(root: Path, files: dict) -> None:
    for rel, patch in files.items():
        path = root / rel
        if not isinstance(patch, dict):
            raise ValueError(f"{rel}: a patch is a mapping, got {patch!r}")
        kinds = PATCH_KINDS & patch.keys()
        if len(kinds) != 1:
            raise ValueError(
                f"{rel}: a patch needs exactly one of {sorted(PATCH_KINDS)}, got {sorted(patch)}"
            )
        kind = kinds.pop()
        extra = set(patch) - {kind} - ({"encoding", "newline"} if kind == "content" else set())
        if extra:
            raise ValueError(f"{rel}: unknown patch keys {sorted(extra)}")
        if kind == "delete":
            if patch["delete"] is not True or not path.exists():
                raise ValueError(f"{rel}: delete: true needs an existing file")
            path.unlink()
            continue
        if kind in ("symlink", "folder"):
            if path.exists() or path.is_symlink():
                path.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
            if kind == "folder":
                if patch["folder"] is not True:
                    raise ValueError(f"{rel}: folder: true")
                path.mkdir()
            else:
                path.symlink_to(str(patch["symlink"]))
            continue
        if kind == "replace":
            text = path.read_text(encoding="utf-8")
            for old, new in patch["replace"]:
                n = text.count(old)
                if n != 1:
                    raise ValueError(f"{rel}: {old!r} occurs {n} times; a replace must match exactly once")
                text = text.replace(old, new)
            path.write_bytes(text.encode("utf-8"))
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "bytes_hex":
            path.write_bytes(bytes.fromhex(" ".join(str(patch["bytes_hex"]).split())))
            continue
        text = patch["content"]
        if "newline" in patch:
            text = text.replace("\n", patch["newline"])
        path.write_bytes(text.encode(patch.get("encoding", "utf-8")))


def load_case_file(path: Path) -> tuple[str, list[Case]]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    rule = data.pop("rule")
    if path.stem != rule:
        raise ValueError(f"{path.name}: `rule: {rule}` does not match the file name")
    cases = []
    for name, body in data.items():
        unknown = set(body) - CASE_KEYS
        if unknown or "expect" not in body or "files" not in body:
            raise ValueError(f"{path.name} {name}: needs files and expect; unknown keys {sorted(unknown)}")
        expect = [tuple(e) for e in body["expect"] or []]
        for code, file, line in expect:
            if code != rule or not isinstance(line, int) or not isinstance(file, str):
                raise ValueError(f"{path.name} {name}: bad expectation {[code, file, line]}")
        cases.append(
            Case(
                rule=rule,
                name=str(name),
                files=body["files"] or {},
                expect=expect,
                loader=frozenset(body.get("loader") or ()),
                xfail=body.get("xfail"),
                virksomheter=tuple(body.get("virksomheter") or ()),
            )
        )
    return rule, cases


@cache
def all_case_files() -> dict[str, list[Case]]:
    """Every case file, by rule code (read once per test run; do not mutate)."""
    out = {}
    for path in sorted(CASES_DIR.glob("*.yaml")):
        rule, cases = load_case_file(path)
        out[rule] = cases
    return out


def rel(path: Path, root: Path) -> str:
    """A finding's file relative to the repository root, with / ("." for the root itself)."""
    return Path(path).relative_to(root).as_posix()


# ---------------------------------------------------------------- den ekte `tb` i en underprosess

TB = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "tb"
if not TB.exists():  # pragma: no cover - kjørt utenfor make test
    TB = Path(shutil.which("tb") or TB)


@dataclass
class Run:
    args: tuple[str, ...]
    code: int
    stdout: str
    stderr: str
    seconds: float

    @property
    def out(self) -> str:
        return self.stdout + self.stderr

    def __str__(self) -> str:  # for feilmeldinger i asserts
        return f"tb {' '.join(self.args)} → {self.code}\n--- stdout\n{self.stdout[:3000]}\n--- stderr\n{self.stderr[:3000]}"


def tb_env() -> dict[str, str]:
    env = dict(os.environ)
    for k in ("GITHUB_ACTIONS", "FORCE_COLOR", "CLICOLOR_FORCE"):
        env.pop(k, None)
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    # En feil i tb skal vises som den ekte tracebacken, ikke som «tb: intern feil»; og
    # hurtigbufferen skal ikke svare i stedet for koden vi tester.
    env["TB_DEBUG"] = "1"
    env["TB_CACHE"] = "0"
    return env


def tb_run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 60) -> Run:
    """`tb ARGS` i en underprosess (i `cwd`, med `env` lagt til miljøet): resultatet."""
    return run_tb(cwd or Path.cwd(), args, timeout=timeout, env=env)[0]


def run_tb(
    cwd: Path,
    *commands: tuple[str, ...],
    timeout: float = 60,
    prefix: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
) -> list[Run]:
    """Kjør flere `tb`-kommandoer samtidig (de er uavhengige); feiler om én ikke blir ferdig."""
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            [*prefix, str(TB), *cmd],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**tb_env(), **(env or {})},
        )
        for cmd in commands
    ]
    runs = []
    try:
        for cmd, p in zip(commands, procs):
            left = max(0.1, timeout - (time.monotonic() - started))
            try:
                out, err = p.communicate(timeout=left)
            except subprocess.TimeoutExpired:
                pytest.fail(f"tb {' '.join(cmd)} ble ikke ferdig innen {timeout} s (henger?)")
            runs.append(
                Run(
                    cmd,
                    p.returncode,
                    out.decode("utf-8", "replace"),
                    err.decode("utf-8", "replace"),
                    time.monotonic() - started,
                )
            )
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    for r in runs:
        assert_no_traceback(r)
    return runs


def assert_no_traceback(r: Run) -> None:
    assert "Traceback" not in r.out and "intern feil" not in r.out, str(r)
    assert r.code in (0, 1, 2), str(r)
