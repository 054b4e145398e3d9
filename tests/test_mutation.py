"""Mutasjonstesting: en tilfeldig ødelagt datafil får aldri `tb` til å krasje.

Hvert eksempel velger én ekte fil (YAML eller Markdown) i en kopi av data/, ødelegger den
(byte-flipp, slettede/dupliserte/byttede linjer, YAML-tegn som `&a`, `*a`, `!!`, `: `, `- `,
tabulator, `{`, `[`, `"`, unicode, lange løp av samme tegn, avkorting, verdier byttet mot
andre typer …), kjører sjekken i prosessen og krever:

- ingen unntak slipper ut – fra `check`, rapportene (tekst, JSON, GitHub, GitLab, SARIF),
  `deadlines.expand`, agendaformatene og `render.render_markdown` – og ingen regel krasjer
  (TB900);
- avslutningskoden er 0 eller 1 (og 0, 1 eller 2 for den ekte kommandolinja i et lite utvalg);
- hvert funn har fil, linje og kolonne (fra 1), innenfor fila det peker på;
- kan fila ikke lenger leses, nevner et funn fra innlesingen (TB001–TB005, TB008) fila;
- er resultatet annerledes enn for de urørte dataene, nevner minst ett nytt funn den muterte
  fila – med ett unntak: fila leses fortsatt og dataene i den er endret, og da kan et nytt funn
  med rette stå et annet sted (en binding i en annen fil, en grunnlinjeoppføring som ikke
  lenger treffer);
- gir `render_markdown` en `RenderError`, melder `tb check` den samme feilen som TB501.

Antall eksempler: `TB_FUZZ_EKSEMPLER` (standard 200, som `make test` kjører på under ett
minutt, deterministisk); `make fuzz` kjører 5000 med tilfeldige frø. En feil skriver ut et
`@reproduce_failure`-blob som gjenskaper eksemplet.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from tildelingsbrev import deadlines
from tildelingsbrev import rendering as render
from tildelingsbrev.deadlines import Selection, select
from tildelingsbrev.loading import LOADER_RULES
from tildelingsbrev.pipeline import CheckResult, check
from tildelingsbrev.reporting import check as report
from tildelingsbrev.reporting import frister as agenda

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TB = ROOT / ".venv" / "bin" / "tb"
if not TB.exists():  # pragma: no cover - kjørt utenfor make test
    TB = Path(shutil.which("tb") or TB)

EKSEMPLER = int(os.environ.get("TB_FUZZ_EKSEMPLER", "200"))
CAMPAIGN = "TB_FUZZ_EKSEMPLER" in os.environ and not os.environ.get("CI")
"""`make fuzz`: tilfeldige frø. Ellers (make test, CI) er eksemplene de samme hver gang."""

LOADER_CODES = {r.code for r in LOADER_RULES}

SETTINGS = settings(
    max_examples=EKSEMPLER,
    deadline=None,
    derandomize=not CAMPAIGN,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
CLI_SETTINGS = settings(SETTINGS, max_examples=max(4, EKSEMPLER // 40))


# ---------------------------------------------------------------- kopien av data/


class Copy:
    """Kopien av data/ som muteres, med det urørte resultatet å sammenligne med. (En vanlig
    klasse, ikke en dataclass: Hypothesis skriver ut dataclasser felt for felt.)"""

    def __init__(self, root: Path, files: list[Path], result: CheckResult) -> None:
        self.root = root
        self.files = files
        """Filene som muteres: YAML og Markdown i data/ (ikke malene, som er kode vi stoler på)."""
        self.original = {p: p.read_bytes() for p in files}
        self.result = result
        self.keys = {_key(f, root) for f in result.findings}
        self.models = _models(result)

    def __repr__(self) -> str:
        return f"Copy({self.root})"

    def restore(self, path: Path) -> None:
        if path.is_symlink() or not path.is_file():
            path.unlink(missing_ok=True)
        path.write_bytes(self.original[path])


def _key(f, root: Path) -> tuple:
    """Et funn uten posisjon: linjene flytter seg når en fil endres, funnet er det samme."""
    return (f.code, _rel(f.location.file, root), f.subject, f.message, f.acknowledged is not None)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _models(result: CheckResult) -> dict[Path, object]:
    """Det som er lest fra hver fil: modellen (YAML) eller teksten (Markdown)."""
    repo = result.repo
    out: dict[Path, object] = {}
    if repo is None:
        return out
    for docs in (repo.brev, repo.mål, repo.styringsparametere, repo.oppdrag, repo.kapitler, repo.poster):
        for d in docs:
            out[d.file.resolve()] = d.model
    if repo.baseline is not None:
        out[repo.baseline.file.resolve()] = repo.baseline.model
    for path, prose in repo.prosa.items():
        out[path.resolve()] = prose.text
    return out


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Copy:
    root = tmp_path_factory.mktemp("mutasjon") / "data"
    shutil.copytree(DATA, root)
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and p.suffix in (".yaml", ".yml", ".md")
        and p.relative_to(root).parts[0] not in ("mal", "schema")
    )
    return Copy(root, files, check(root))


# ---------------------------------------------------------------- mutasjonene

TOKENS = [
    "&a ",
    "*a",
    "*a ",
    "&a [*a, *a]",
    "!!",
    "!!str ",
    "!!int ",
    "!!map ",
    "!x ",
    "!<tag:x> ",
    '!!python/object/apply:os.system ["true"] ',
    "!!python/name:os.system ",
    ": ",
    ":",
    "- ",
    "-",
    "? ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    ",",
    '"',
    "'",
    "|",
    ">",
    "|-\n",
    "#",
    "@",
    "`",
    "%YAML 1.1\n",
    "%TAG ! tag:x:\n",
    "---\n",
    "...\n",
    "<<: *a\n",
    "<<: {a: 1}\n",
    "~",
    "null",
    "yes",
    "NO",
    "on",
    "true",
    ".inf",
    "-.nan",
    "0x1F",
    "0o17",
    "1e309",
    "-1",
    "+1",
    "99999999999999999999999",
    "1_000",
    "2024-02-31",
    "2024-13-01",
    "0001-01-01",
    "9999-12-31",
    "2024-01-01T10:00:00",
    "2024-01-01 10:00:00+01:00",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\r",
    "\r\n",
    "\u2028",
    "\u202e",
    "\u00a0",
    "æøå",
    "ÆØÅ",
    "🙂",
    "\U0001f600",
    "{{ ",
    " }}",
    "{{",
    "}}",
    "{{ budsjett }}",
    "{{ mål }}",
    "{{ tildeling: 1 mill. kroner }}",
    "{{ 671.60.tildeling: 23 627 135 000 }}",
    "{{ frist.x: 31.12.2024 }}",
    "{{ budsjettvedtak: 31. februar 2024 }}",
    "{{ dato: 1.1.1 }}",
    "jf. oppdrag 2099-99",
    "oppdrag 2024-01",
    "{% for x in y %}",
    "{{ 7*7 }}",
    "<script>alert(1)</script>",
    "[lenke](javascript:alert(1))",
    "| a | b |\n|---|---|\n",
    "\\",
    "\n",
    "\n\n",
]

REPLACEMENTS = [
    "[]",
    "{}",
    "[1, 2]",
    "{a: 1}",
    "true",
    "false",
    "null",
    "''",
    '""',
    "-1",
    "0",
    "1.5",
    "1e400",
    "2024-02-30",
    "2024-12-31",
    "1999-01-01",
    '"tekst"',
    "99999999999999999999",
    "*a",
    "&a x",
    "|\n  blokk\n",
    ">-\n  brettet\n",
    "!!binary aGVp",
    "!!set {a}",
    "yes",
    "NO",
    "[[[[[]]]]]",
    "\n  - a\n  - b",
    "\n  a: 1",
    "0x7FFFFFFFFFFFFFFF",
    "-0",
    ".inf",
    "2024-01-01T00:00:00",
    '"25 200 000"',
    '"25,2 mill. kroner"',
    "25,2 mill. kroner",
    "2024-99",
    "2024-01",
    "~",
]

# «bytt-verdi» og «sett-inn» treffer strukturen og betydningen oftest; de får større vekt.
KINDS = [
    "flip",
    "slett-linje",
    "dupliser-linje",
    "bytt-linjer",
    "sett-inn",
    "sett-inn",
    "unicode",
    "langt-løp",
    "avkort",
    "bytt-verdi",
    "bytt-verdi",
    "bytt-verdi",
    "innrykk",
    "slett-bytes",
    "dupliser-blokk",
]

RUN_CHARS = ["x", " ", "[", "{", "- ", "9", "æ", "\t", "\n", "#", "&a ", "*a ", "\\", '"', "{{ ", "🙂"]


def _lines(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


def _mutate_once(draw: Callable, raw: bytes, is_yaml: bool) -> tuple[str, bytes]:
    kind = draw(st.sampled_from(KINDS))
    n = len(raw)
    pos = draw(st.integers(0, n)) if n else 0
    if kind == "flip" and n:
        out = bytearray(raw)
        for _ in range(draw(st.integers(1, 3))):
            i = draw(st.integers(0, n - 1))
            out[i] ^= draw(st.integers(1, 255))
        return kind, bytes(out)
    lines = _lines(raw)
    if kind == "slett-linje":
        i = draw(st.integers(0, len(lines) - 1))
        return f"{kind} {i + 1}", b"".join(lines[:i] + lines[i + 1 :])
    if kind == "dupliser-linje":
        i = draw(st.integers(0, len(lines) - 1))
        return f"{kind} {i + 1}", b"".join(lines[: i + 1] + lines[i:])
    if kind == "bytt-linjer":
        i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
        return f"{kind} {i + 1} {j + 1}", b"".join(lines)
    if kind == "dupliser-blokk":
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(i, min(len(lines), i + 20)))
        return f"{kind} {i + 1}–{j}", b"".join(lines[:j] + lines[i:j] + lines[j:])
    if kind == "innrykk":
        i = draw(st.integers(0, len(lines) - 1))
        delta = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
        ln = lines[i]
        lines[i] = b" " * delta + ln if delta > 0 else ln[min(-delta, len(ln) - len(ln.lstrip(b" "))) :]
        return f"{kind} {i + 1} {delta:+d}", b"".join(lines)
    if kind == "sett-inn":
        token = draw(st.sampled_from(TOKENS)).encode("utf-8")
        if draw(st.booleans()):  # ved et linjeskift, der YAML-tegn betyr mest
            starts = [0] + [i + 1 for i, c in enumerate(raw) if c == 0x0A]
            pos = draw(st.sampled_from(starts))
            pos += draw(st.integers(0, 4))
            pos = min(pos, n)
        return f"{kind} {token!r} @{pos}", raw[:pos] + token + raw[pos:]
    if kind == "unicode":
        text = draw(st.text(min_size=1, max_size=20)).encode("utf-8", "surrogatepass")
        return f"{kind} {text!r} @{pos}", raw[:pos] + text + raw[pos:]
    if kind == "langt-løp":
        ch = draw(st.sampled_from(RUN_CHARS))
        count = draw(st.sampled_from([50, 1_000, 20_000, 200_000]))
        return f"{kind} {ch!r}×{count} @{pos}", raw[:pos] + (ch * count).encode("utf-8") + raw[pos:]
    if kind == "avkort":
        return f"{kind} @{pos}", raw[:pos]
    if kind == "slett-bytes" and n:
        end = draw(st.integers(pos, min(n, pos + 40)))
        return f"{kind} {pos}–{end}", raw[:pos] + raw[end:]
    if kind == "bytt-verdi":
        # en verdi (etter «nøkkel: » eller «- ») byttet mot en annen type; i Markdown en markør
        candidates = [
            i
            for i, ln in enumerate(lines)
            if (b": " in ln or ln.lstrip().startswith(b"- ") or b"{{" in ln)
            and not ln.lstrip().startswith(b"#")
        ]
        if candidates:
            i = draw(st.sampled_from(candidates))
            ln = lines[i].rstrip(b"\r\n")
            new = draw(st.sampled_from(REPLACEMENTS if is_yaml else TOKENS)).encode("utf-8")
            if b"{{" in ln and not is_yaml:
                a = ln.index(b"{{")
                b_ = ln.find(b"}}", a)
                ln = ln[:a] + new + (ln[b_ + 2 :] if b_ >= 0 else b"")
            elif b": " in ln:
                ln = ln[: ln.index(b": ") + 2] + new
            elif b"- " in ln:
                ln = ln[: ln.index(b"- ") + 2] + new
            else:
                ln = new
            lines[i] = ln + b"\n"
            return f"{kind} linje {i + 1} → {new!r}", b"".join(lines)
    # ingenting å gjøre for denne typen (tom fil): sett inn et tegn
    token = draw(st.sampled_from(TOKENS)).encode("utf-8")
    return f"sett-inn {token!r} @{pos}", raw[:pos] + token + raw[pos:]


@st.composite
def mutations(draw, copy: Copy) -> tuple[Path, list[str], bytes]:
    path = draw(st.sampled_from(copy.files))
    raw = copy.original[path]
    is_yaml = path.suffix in (".yaml", ".yml")
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        what, raw = _mutate_once(draw, raw, is_yaml)
        steps.append(what)
    return path, steps, raw


# ---------------------------------------------------------------- kravene


def _run_everything(root: Path) -> tuple[CheckResult, list[str]]:
    """Sjekk, rapporter, frister og gjengivelse i prosessen. Returnerer resultatet og
    RenderError-meldingene. Alle andre unntak slipper ut og feiler testen."""
    result = check(root)
    text = report.render_check(result, "text")
    assert text.endswith("\n")
    json.loads(report.to_json(result))
    for fmt in ("github", "gitlab", "sarif"):
        out = report.render_check(result, fmt)
        if fmt != "github":
            json.loads(out)
    report.to_text(result, show_acknowledged=True)
    render_errors = []
    repo = result.repo
    if repo is not None:
        everything = deadlines.expand(repo)
        ref = date(2024, 1, 1)
        chosen = select(everything, Selection(fra=ref))
        json.loads(agenda.to_json(chosen, ref))
        agenda.to_csv(chosen, ref)
        agenda.to_plain(chosen, ref)
        agenda.to_ics(select(everything, Selection(fra=date.min)), ref)
        select(everything, Selection(fra=ref, forfalt=True))
        for år in repo.years():
            try:
                render.render_markdown(repo, år)
            except render.RenderError as e:
                render_errors.append(str(e))
    return result, render_errors


def _assert_properties(copy: Copy, path: Path, steps: list[str], raw: bytes) -> None:
    result, render_errors = _run_everything(copy.root)
    where = f"{path.relative_to(copy.root)} etter {steps}"
    rel = _rel(path, copy.root)

    assert result.exit_code() in (0, 1), where
    assert result.exit_code(strict=True) in (0, 1), where
    crashed = [f.message for f in result.findings if f.code == "TB900"]
    assert not crashed, f"en regel krasjet ({where}): {crashed}"

    # ruamel regner også \r, \x85 og \u2028 som linjeskift
    n_lines = max(raw.count(b"\n"), len(raw.decode("utf-8", "replace").splitlines())) + 1
    for f in result.findings:
        loc = f.location
        assert loc.line >= 1 and loc.column >= 1, (where, f)
        assert f.message.strip(), (where, f)
        if loc.file.resolve() == path.resolve():
            assert loc.line <= n_lines + 1, (
                f"funnet peker forbi slutten av fila ({n_lines} linjer)",
                where,
                f,
            )

    names_file = [f for f in result.findings if _rel(f.location.file, copy.root) == rel]
    models = _models(result)
    loaded = path.resolve() in models
    if not loaded:
        assert any(f.code in LOADER_CODES for f in names_file), (
            f"fila leses ikke lenger, men ingen funn fra innlesingen nevner den ({where})"
        )

    keys = {_key(f, copy.root) for f in result.findings}
    new = keys - copy.keys
    event(
        "utfall: "
        + (
            "leses ikke"
            if not loaded
            else "uendret"
            if keys == copy.keys
            else "nye funn"
            if new
            else "færre funn"
        )
    )
    event(f"mutasjon: {steps[0].split()[0]}")
    if keys != copy.keys:
        same_data = loaded and models[path.resolve()] == copy.models.get(path.resolve())
        if not loaded or same_data:
            elsewhere = sorted(k for k in new if k[1] != rel)
            assert not same_data or not elsewhere, (
                f"dataene i fila er de samme, men nye funn står i andre filer ({where}): {elsewhere}"
            )
            if new:
                assert any(k[1] == rel for k in new), (
                    f"resultatet endret seg, men ingen nye funn nevner {rel} ({where}): {sorted(new)}"
                )

    if render_errors:
        assert any(f.code == "TB501" for f in result.findings), (
            f"render_markdown feilet uten at tb check melder TB501 ({where}): {render_errors}"
        )


# ---------------------------------------------------------------- testene


def test_unmutated_copy_is_the_baseline(copy: Copy) -> None:
    """Utgangspunktet: de urørte dataene gir kode 0 og ingen intern feil."""
    result, render_errors = _run_everything(copy.root)
    assert result.exit_code() == 0
    assert not render_errors
    assert {_key(f, copy.root) for f in result.findings} == copy.keys
    assert not [f for f in result.findings if f.code == "TB900"]


class Hang(Exception):
    """Et eksempel brukte mer enn WATCHDOG sekunder: `tb` henger (eller er kvadratisk)."""


WATCHDOG = 120  # vern mot heng, ikke et ytelsesmål


@contextlib.contextmanager
def watchdog(seconds: int, where: str):
    """Gjør et eksempel som henger, til en feil (med eksemplet), i stedet for en kampanje som
    aldri blir ferdig. (Ikke Hypothesis sin `deadline`, som måler hvert eksempel strengt.)"""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise Hang(f"eksemplet brukte mer enn {seconds} s ({where})")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@SETTINGS
@given(data=st.data())
def test_mutated_file_never_crashes_check(copy: Copy, data: st.DataObject) -> None:
    path, steps, raw = data.draw(mutations(copy), label="mutasjon")
    try:
        path.write_bytes(raw)
        with watchdog(WATCHDOG, f"{path.relative_to(copy.root)} etter {steps}"):
            _assert_properties(copy, path, steps, raw)
    finally:
        copy.restore(path)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    env.update(TB_DEBUG="1", TB_CACHE="0", NO_COLOR="1")
    return env


@CLI_SETTINGS
@given(data=st.data())
def test_mutated_file_never_crashes_the_cli(copy: Copy, data: st.DataObject) -> None:
    """Et lite utvalg gjennom den ekte kommandolinja: kode 0, 1 eller 2 og ingen traceback."""
    path, steps, raw = data.draw(mutations(copy), label="mutasjon")
    where = f"{path.relative_to(copy.root)} etter {steps}"
    commands = [
        ("check", "--format", "json", "--data", str(copy.root)),
        ("frister", "--fra", "2024-01-01", "--format", "json", "--data", str(copy.root)),
        ("render", "--data", str(copy.root)),
    ]
    try:
        path.write_bytes(raw)
        expected = check(copy.root).exit_code()
        procs = [
            subprocess.Popen(
                [str(TB), *cmd],
                cwd=copy.root.parent,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=_env(),
            )
            for cmd in commands
        ]
        outs = []
        try:
            for cmd, p in zip(commands, procs):
                try:
                    out, err = p.communicate(timeout=60)
                except subprocess.TimeoutExpired:
                    pytest.fail(f"tb {cmd[0]} ble ikke ferdig innen 60 s ({where})")
                outs.append(
                    (cmd, p.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
                )
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
                    p.wait()
    finally:
        copy.restore(path)
    for cmd, code, out, err in outs:
        context = f"tb {cmd[0]} → {code} ({where})\n{err[-3000:]}"
        assert "Traceback" not in out + err and "intern feil" not in err, context
        assert code in (0, 1, 2), context
    (_, check_code, check_out, _), (_, frister_code, frister_out, _), _ = outs
    assert check_code == expected, f"tb check gir {check_code}, sjekken i prosessen {expected} ({where})"
    json.loads(check_out)
    assert frister_code == 0 and isinstance(json.loads(frister_out), list), where
