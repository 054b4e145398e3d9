"""Issue 11 (punkt 2, 3, 4, 11 og 13): filer og YAML leses trygt.

- Dyp nesting i blokk-form (`- - - … x`, `? ? ? …`, innrykk) fikk yaml-rs og libyaml til å
  krasje (segmenteringsfeil, kode 139) i `tb check`, `frister`, `render` og `vis`. Nå sjekkes
  nestingen før noen av parserne ser teksten, og alt over 50 nivåer er TB003.
- En symbolsk lenke i en løkke stoppet hele kjøringen; nå er den TB008 på den fila.
- Et filnavn som ikke er UTF-8, ga intern feil; nå er det TB008 som viser navnet med escape.
- Kontrolltegn (ESC, BEL …) slapp gjennom den raske parseren, men ikke den grundige; nå
  leses slike filer alltid på den grundige veien, så svaret er det samme.
- En fil over 2 MB ble lest helt før grensen ble sjekket (en glissen fil på 1 GB brukte
  1,1 GB minne); nå sjekkes størrelsen først, og det leses aldri mer enn grensen + 1 byte.

Kommandoene kjøres som ekte underprosesser (`.venv/bin/tb`), så en krasj i C- eller
Rust-kode blir en negativ avslutningskode her og ikke tar med seg pytest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from casekit import Run, run_tb
from tildelingsbrev.loading import load, tree, yamlfile
from tildelingsbrev.loading.yamlfile import MAX_BYTES, MAX_DEPTH, parse_fast, parse_yaml
from tildelingsbrev.pipeline import check

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

NY = "oppdrag/2024-13.yaml"  # fila som blir fiendtlig (som i issue 11)
OPPDRAG = "oppdrag/2024-01.yaml"
PROSA = "brev/2024/tekst/10-fullmakter.md"

CHECK = ("check", "--format", "text")
FRISTER = ("frister", "--fra", "2024-01-01", "--format", "json")
RENDER = ("render", "-o", "brev.md")
VIS = ("vis", "2024-01")


def assert_no_crash(r: Run) -> None:
    """Ingen signal (kode 139 = segmenteringsfeil blir -11 her), ingen traceback, ingen intern feil."""
    assert r.code >= 0, str(r)
    assert "Traceback" not in r.stdout + r.stderr, str(r)
    assert "intern feil" not in r.stdout + r.stderr, str(r)


def finding_lines(stdout: str, rel: str, code: str) -> list[str]:
    return [ln for ln in stdout.splitlines() if ln.startswith(f"data/{rel}:") and f" {code} " in ln]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(DATA, tmp_path / "data", symlinks=True)
    return tmp_path


# ---------------------------------------------------------------- punkt 2: dyp nesting


def _indent_ladder(n: int) -> str:
    return "".join(" " * i + f"k{i}:\n" for i in range(n)) + " " * n + "v\n"


HOSTILE_NESTING = {
    # hver av disse krasjet yaml-rs eller libyaml (kode 139) før sjekken kom
    "liste-30000": "- " * 30_000 + "x\n",
    "nøkkel-30000": "? " * 30_000 + "x\n",
    "verdi-30000": ": " * 30_000 + "x\n",
    "liste-i-nøkkel": "id: 2024-13\nx:\n" + "  " + "- " * 30_000 + "x\n",
    "liste-og-nøkkel": "- ? " * 15_000 + "x\n",
    "tre-indikatorer": "- " * 10_000 + "? " * 10_000 + ": " * 10_000 + "x\n",
    # «]» i tekst og kommentarer lurte den gamle tellingen av klammer
    "klammer-med-tekst": "id: [" + '"]", [' * 30_000 + "\n",
    "klammer-med-kommentar": "id:\n" + "  [ # ]\n" * 30_000,
    # innrykk alene: 1900 nivåer er det meste som får plass i 2 MB (krasjet ikke før heller)
    "innrykk-1900": _indent_ladder(1900),
}


@pytest.mark.parametrize("name", list(HOSTILE_NESTING))
def test_deep_nesting_is_tb003_in_every_command(name: str, work: Path) -> None:
    (work / "data" / NY).write_text(HOSTILE_NESTING[name], encoding="utf-8")
    check_run, frister, render, vis = run_tb(work, CHECK, FRISTER, RENDER, VIS)
    for r in (check_run, frister, render, vis):
        assert_no_crash(r)
    assert check_run.code == 1, str(check_run)
    hits = finding_lines(check_run.stdout, NY, "TB003")
    assert len(hits) == 1 and hits[0].endswith(f"nestet dypere enn {MAX_DEPTH} nivåer"), str(check_run)
    assert frister.code == 0, str(frister)
    assert isinstance(json.loads(frister.stdout), list)
    assert re.search(rf"^tb: advarsel: data/{re.escape(NY)}:\d+:\d+: nestet dypere", frister.stderr, re.M), str(frister)
    assert render.code == 0, str(render)
    assert "TB003" in render.stderr and "\n# " in (work / "brev.md").read_text(encoding="utf-8")
    assert vis.code == 0, str(vis)


def test_deep_nesting_position_and_limit() -> None:
    """50 nivåer er lov, 51 er TB003 der det 51. nivået begynner; begge parserne er enige."""
    ok = ("- " * MAX_DEPTH + "x\n").encode()
    deep = ("- " * (MAX_DEPTH + 1) + "x\n").encode()
    assert parse_yaml(ok)[2] == [] and parse_fast(ok) is not None
    problems = parse_yaml(deep)[2]
    assert [(p.kind, p.line, p.column) for p in problems] == [("grense", 1, 2 * MAX_DEPTH + 1)]
    assert parse_fast(deep) is None
    ladder = _indent_ladder(MAX_DEPTH + 5).encode()
    assert [(p.kind, p.line) for p in parse_yaml(ladder)[2]] == [("grense", MAX_DEPTH + 1)]


# Nesting sjekken ikke må gå glipp av: tegn som ser ut som tekst for en enkel teller, men er
# struktur for parseren (og omvendt). Med 200 nivåer krasjer ingen parser, så de kan kjøres her.
HIDDEN = {
    "lukket-i-tekst": "id: [" + '"]", [' * 200 + "\n",
    "lukket-i-tekst-med-anker": "id: [" + '&a "]", [' * 200 + "\n",
    "lukket-i-enkle-anførselstegn": "id: [" + "'a'']', [" * 200 + "\n",
    "lukket-i-json": 'id: {"a":' * 200 + "1" + "}" * 200 + "\n",
    "lukket-i-kommentar": "id:\n" + "  [ # ]\n" * 200,
    "lukket-i-tagg": "id: [" + "!<a]> x, [" * 200 + "\n",
    "liste-over-flere-linjer": "id:\n" + "".join("  " * i + "- - k:\n" for i in range(60)),
    "blokk-tekst-som-slutter": "a: |\n  tekst\n" + "".join(" " * i + "- \n" for i in range(1, 120)),
    "blokk-tekst-med-eksplisitt-innrykk": "a: |5\n     x\n" + _indent_ladder(100),
    "etter-enkel-tekst": 'a: enkel\n  "fortsatt enkel\nb:\n' + "".join("  " * i + "- c:\n" for i in range(60)) + '"\n',
    "blanding": "- " * 20 + "[" * 20 + "{a: " * 20 + "1" + "}" * 20 + "]" * 20 + "\n",
    "linjeskift-cr": "".join(" " * i + "k:\r" for i in range(100)),
    "tabulator": "a:\n\t" + "- " * 100 + "x\n",
}


@pytest.mark.parametrize("name", list(HIDDEN))
def test_nesting_guard_is_not_fooled(name: str) -> None:
    text = HIDDEN[name]
    assert yamlfile._too_deep(text) is not None
    raw = text.encode()
    assert parse_fast(raw) is None
    assert all(p.kind in ("grense", "syntaks") for p in parse_yaml(raw)[2])


# Ikke nesting: det som ser ut som mange nivåer, men er tekst. Skal leses uten TB003.
NOT_DEEP = {
    "skillelinje-i-blokk-tekst": "tittel: x\nomtale: |\n  Før\n  " + "- " * 80 + "\n  Etter\nmål: 1\n",
    "skillelinje-i-brettet-tekst": "tittel: x\nomtale: >-\n  " + "- " * 80 + "\n    " + "? " * 80 + "\nmål: 1\n",
    "klammer-i-anførselstegn": 'tittel: "' + "[" * 80 + '"\nmål: 1\n',
    "klammer-i-enkle-anførselstegn": "tittel: '" + "{" * 80 + "'\nmål: 1\n",
    "klammer-i-kommentar": "tittel: x # " + "[" * 80 + "\nmål: 1\n",
    "tekst-over-flere-linjer": 'tittel: "a\n  ' + "- " * 80 + '"\nmål: 1\n',
    "enkel-tekst-over-flere-linjer": "tittel: a\n  " + "- " * 80 + "\nmål: 1\n",
    "mange-korte-lister": "".join(f"k{i}: [1, 2]\n" for i in range(200)),
    "mange-korte-avbildninger": "".join(f"k{i}: {{a: [b]}}\n" for i in range(200)),
}


@pytest.mark.parametrize("name", list(NOT_DEEP))
def test_text_that_looks_deep_is_not_tb003(name: str) -> None:
    raw = NOT_DEEP[name].encode()
    assert yamlfile._too_deep(NOT_DEEP[name]) is None
    assert parse_yaml(raw)[2] == []


def test_published_data_is_not_deep_and_takes_the_quick_path() -> None:
    """Ingen fil i data/ eller testdataene er i nærheten av grensen; de vanlige filene tar den
    raske sjekken (`_shallow`) og slipper gjennomgangen linje for linje."""
    files = sorted(DATA.rglob("*.yaml")) + sorted((ROOT / "tests" / "fixtures").rglob("*.yaml"))
    assert len(files) > 50
    for f in files:
        text = f.read_bytes().decode("utf-8", "replace")
        assert yamlfile._too_deep(text) is None, f
    for f in sorted(DATA.rglob("*.yaml")):
        assert yamlfile._shallow(f.read_text(encoding="utf-8")), f


# ---------------------------------------------------------------- punkt 11: kontrolltegn


@pytest.mark.parametrize(
    "char",
    ["\x1b", "\x07", "\x7f", "\x08", "\x9b", "\x85", "\u2028", "\u2029", "\ufffe"],
    ids=["ESC", "BEL", "DEL", "BS", "CSI", "NEL", "LS", "PS", "FFFE"],
)
def test_fast_and_careful_parsers_agree_on_control_characters(char: str) -> None:
    """yaml-rs godtok kontrolltegn som libyaml avviser (og NEL/LS/PS, som libyaml leser som
    linjeskift): nå tar slike filer alltid den grundige veien, og svaret er dens."""
    raw = f"id: 2024-13\ntittel: Kartløgge{char}tiltak\n".encode()
    assert parse_fast(raw) is None
    data, _, problems = parse_yaml(raw)
    assert data is None and [p.kind for p in problems] == ["syntaks"]
    if char not in "\x85\u2028\u2029":  # de tre er linjeskift for libyaml: en annen feil
        p = problems[0]
        assert (p.line, p.column) == (2, len("tittel: Kartløgge") + 1)
        assert f"(U+{ord(char):04X}) er ikke lov i YAML" in p.message


def test_ordinary_norwegian_text_keeps_the_fast_path() -> None:
    raw = "id: 2024-13\ntittel: «Blåbær» – 25 % av ærfugl\n".encode()
    assert parse_fast(raw) == {"id": "2024-13", "tittel": "«Blåbær» – 25 % av ærfugl"}


def test_control_character_in_title_is_a_finding(work: Path) -> None:
    path = work / "data" / OPPDRAG
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^tittel: (.*)$", lambda m: "tittel: " + m.group(1) + "\x1b]0;x\x07", text, count=1), encoding="utf-8")
    (r,) = run_tb(work, CHECK)
    assert_no_crash(r)
    assert r.code == 1
    hits = finding_lines(r.stdout, OPPDRAG, "TB001")
    assert hits and "kontrolltegn" in hits[0], str(r)
    assert "\x1b" not in r.stdout and "\x07" not in r.stdout


# ---------------------------------------------------------------- punkt 3: lenke i en løkke


def test_symlink_loop_is_tb008_and_the_rest_is_checked(work: Path, tmp_path_factory) -> None:
    data = work / "data"
    (data / NY).unlink()
    (data / NY).symlink_to("2024-13.yaml")  # ln -sf 2024-13.yaml data/oppdrag/2024-13.yaml
    tekst = "brev/2024/tekst"
    links = {
        NY: None,
        f"{tekst}/97-a.md": "98-b.md",  # to lenker i ring
        f"{tekst}/98-b.md": "97-a.md",
        f"{tekst}/99-c.md": "løkke/99-c.md",  # gjennom en «mappe» som er en lenke til seg selv
    }
    for rel, target in links.items():
        if target:
            (data / rel).symlink_to(target)
    (data / tekst / "løkke").symlink_to("løkke")
    # til sammenligning: den samme fila kan ikke leses av en annen grunn (en mappe i stedet)
    other = tmp_path_factory.mktemp("mappe")
    shutil.copytree(DATA, other / "data", symlinks=True)
    (other / "data" / NY).unlink()
    (other / "data" / NY).mkdir()
    json_cmd = ("check", "--format", "json", "--no-baseline")
    check_run, frister, render, vis, as_json = run_tb(work, CHECK, FRISTER, RENDER, VIS, json_cmd)
    (before,) = run_tb(other, json_cmd)
    for r in (check_run, frister, render, vis, as_json):
        assert_no_crash(r)
    assert check_run.code == 1
    for rel in links:
        hits = finding_lines(check_run.stdout, rel, "TB008")
        assert len(hits) == 1 and "symbolsk lenke i en løkke" in hits[0], str(check_run)
    assert frister.code == 0 and render.code == 0 and vis.code == 0

    # resten er sjekket som før: de samme funnene i alle andre filer
    skip = {"data/" + rel for rel in (*links, f"{tekst}/løkke")}

    def others(r: Run) -> list:
        found = json.loads(r.stdout)["funn"]
        return sorted((f["fil"], f["linje"], f["kode"], f["melding"]) for f in found if f["fil"] not in skip)

    assert others(as_json) == others(before) != []


def test_symlink_loop_in_listing_and_reading(tmp_path: Path) -> None:
    """`tree` alene: ingen RuntimeError fra Path.resolve() eller OSError fra is_file()."""
    (tmp_path / "oppdrag").mkdir()
    (tmp_path / "oppdrag" / "2024-13.yaml").symlink_to("2024-13.yaml")
    (entry,) = tree.snapshot(tmp_path)
    assert entry.kind == "oppdrag" and entry.problem == "symbolsk lenke i en løkke; den leses ikke"


# ---------------------------------------------------------------- punkt 4: rare filnavn


def test_file_name_that_is_not_utf8_is_tb008(work: Path) -> None:
    data = work / "data"
    src = (data / OPPDRAG).read_bytes()
    bad = os.fsencode(data / "oppdrag") + b"/2024-13\xff.yaml"
    with open(bad, "wb") as fh:
        fh.write(src.replace(b"2024-01", b"2024-13"))
    folder = os.fsencode(data / "brev") + b"/2025\xfe"
    os.mkdir(folder)
    shutil.copy(data / "brev" / "2024" / "brev.yaml", os.fsdecode(folder + b"/brev.yaml"))
    check_run, frister, render, vis = run_tb(work, CHECK, FRISTER, RENDER, VIS)
    for r in (check_run, frister, render, vis):
        assert_no_crash(r)
    assert check_run.code == 1
    hits = [ln for ln in check_run.stdout.splitlines() if " TB008 " in ln]
    assert any(
        ln.startswith("data/oppdrag/2024-13\\xff.yaml:1:1: ") and "filnavnet er ikke UTF-8" in ln for ln in hits
    ), str(check_run)
    assert any(ln.startswith("data/brev/2025\\xfe/brev.yaml:1:1: ") and "ikke UTF-8" in ln for ln in hits), str(check_run)


def test_listing_never_raises_on_exotic_names(tmp_path: Path) -> None:
    root = tmp_path / "data"
    (root / "oppdrag").mkdir(parents=True)
    names = [
        b"2024-13\xff.yaml",  # ikke UTF-8
        b"2024-14\n::error::x.yaml",  # linjeskift
        b"2024-15" + b"x" * 240 + b".yaml",  # 255 byte, det lengste et navn kan være
        b"\xfe\xff",  # ikke UTF-8, uten endelse
    ]
    for name in names:
        with open(os.fsencode(root / "oppdrag") + b"/" + name, "wb") as fh:
            fh.write(b"id: 2024-13\n")
    os.mkdir(os.fsencode(root) + b"/mappe\xff")
    with open(os.fsencode(root) + b"/mappe\xff/x.yaml", "wb") as fh:
        fh.write(b"a: 1\n")
    # mapper i 1200 nivåer (stien er under PATH_MAX): ingen RecursionError
    folders = [root / "oppdrag" / "d"]
    for _ in range(1199):
        folders.append(folders[-1] / "d")
    for folder in folders:
        os.mkdir(folder)
    (folders[-1] / "2024-16.yaml").write_text("id: 2024-16\n", encoding="utf-8")
    try:
        listed = tree.listing(root)
        entries = tree.read_all(root, listed)
    finally:  # rydd selv: å slette 1200 nivåer rekursivt går ikke
        (folders[-1] / "2024-16.yaml").unlink()
        for folder in reversed(folders):
            os.rmdir(folder)
    by_rel = {e.rel: e for e in entries}
    assert by_rel["oppdrag/2024-13\udcff.yaml"].problem.startswith("filnavnet er ikke UTF-8")
    assert by_rel["oppdrag/2024-14\n::error::x.yaml"].raw == b"id: 2024-13\n"
    assert any(rel.endswith("/2024-16.yaml") and rel.count("/d") == 1200 for rel in by_rel)
    repo, findings = load(root, entries)
    for f in findings:
        str(f.location.file), f.message  # alt kan gjøres om til tekst
    assert [f.code for f in findings if "2024-13" in str(f.location.file)] == ["TB008"]


# ---------------------------------------------------------------- punkt 13: minne


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.truncate(size)


def _count_reads(monkeypatch) -> dict[int, int]:
    """Tell bytene `os.read` blir bedt om per fil (fd), og stopp før noen ber om mer enn
    grensen + 1 byte fra én fil (uten rettelsen ville det vært hele fila)."""
    asked: dict[int, int] = {}
    real = os.read

    def fake_read(fd: int, n: int) -> bytes:
        asked[fd] = asked.get(fd, 0) + n
        assert asked[fd] <= MAX_BYTES + 1, f"ba om {asked[fd]} byte fra én fil"
        return real(fd, n)

    monkeypatch.setattr(os, "read", fake_read)
    return asked


def test_huge_sparse_files_are_not_read(work: Path, monkeypatch) -> None:
    data = work / "data"
    _sparse(data / NY, 1_000_000_000)
    _sparse(data / PROSA, 1_000_000_000)
    _count_reads(monkeypatch)
    result = check(data)
    by_file = {(f.location.file.relative_to(data).as_posix(), f.code): f for f in result.findings}
    expected = "fila er 1 000 000 000 byte; største tillatte er 2 000 000 byte"
    assert by_file[(NY, "TB003")].message.replace("\xa0", " ") == expected
    assert by_file[(PROSA, "TB008")].message.replace("\xa0", " ") == expected


def test_file_that_grows_while_read_is_cut_at_the_limit(work: Path, monkeypatch) -> None:
    """Stat sa 100 byte, men fila er 3 MB når den leses: det leses høyst grensen + 1 byte."""
    data = work / "data"
    _sparse(data / NY, 3_000_000)
    target = os.stat(data / NY).st_ino
    real_fstat = os.fstat

    def fake_fstat(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        if st.st_ino != target:
            return st
        fields = list(st)
        fields[6] = 100  # st_size
        return os.stat_result(fields)

    monkeypatch.setattr(os, "fstat", fake_fstat)
    _count_reads(monkeypatch)
    entries = tree.snapshot(data)
    (entry,) = [e for e in entries if e.rel == NY]
    assert entry.oversize and entry.raw == b""
    assert entry.problem.replace("\xa0", " ").startswith("fila er 2 000 001 byte")
    _, findings = load(data, entries)
    assert [f.code for f in findings if f.location.file.name == "2024-13.yaml"] == ["TB003"]


def test_file_swapped_for_a_symlink_after_listing_is_not_followed(work: Path, tmp_path: Path) -> None:
    """En fil som byttes ut med en lenke ut av data-mappa mellom listingen og lesingen, leses
    ikke (O_NOFOLLOW): innholdet utenfor kan ikke lekke inn."""
    data = work / "data"
    secret = tmp_path / "hemmelig.yaml"
    secret.write_text("id: 2024-01\ntittel: HEMMELIG\n", encoding="utf-8")
    listed = tree.listing(data)
    (data / OPPDRAG).unlink()
    (data / OPPDRAG).symlink_to(secret)
    entries = tree.read_all(data, listed)
    (entry,) = [e for e in entries if e.rel == OPPDRAG]
    assert b"HEMMELIG" not in entry.raw
    assert entry.problem is not None
