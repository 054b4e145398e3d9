"""Tidsmåling av `tb` mot yamllint og check-jsonschema på syntetiske brevrepositorier.

    python bench/run.py [--n 1000 10000 50000] [--tillegg 10000] [--varme 5] [--budsjett 1200]
                        [--no-profil] [--bare KOMMANDO ...] [--ut MAPPE]

For hver N lages et tre med bench/generate.py (variant `gyldig` når N får plass i
oppdragsnumrene, ellers `etater`), og hver kommando kjøres

- kald: første kjøring etter at treet er skrevet: tom hurtigbuffer for `tb` (TB_CACHE_DIR i
  arbeidsmappa, slettet før hver kalde kjøring) og treets filer kastet ut av sidebufferet
  (fsync + posix_fadvise DONTNEED på hver fil; ingen systemomfattende drop_caches);
- varm: gjentatt kjøring, med bufferen forrige kjøring skrev; medianen av flere (færre for
  store trær, se `varme_for`).

For data/ (det publiserte brevet for 2024) måles også `tb render` til PDF (tagget PDF/A-2a) og
til Word (.docx), hele kommandoen med sjekken før gjengivelsen (issue 18: under 3 s og 1 s).

Til slutt treet med tilleggene (`--tillegg N`, standard 10 000; 0 slår det av): varianten
`tillegg` i bench/generate.py, `gyldig` med fem tillegg til hvert brev (issue 15). Der måles
`tb check` (kald og varm), `tb frister` og `tb status` med `--per` 31.12 i det nyeste året, så
alle tilleggene til brevet gjelder (uten `--per` er det i dag, før tilleggene til et brev
for 2099).

Så repositoriet med flere virksomheter (`--virksomheter K`, standard 15; 0 slår det av):
varianten `virksomheter` i bench/generate.py, K virksomheter med 10 brev hver (issue 16). Der
måles `tb check` av alle (kald og varm), én virksomhet, `tb frister` og `tb status` for én
virksomhet og `tb --help`.

Veggtid måles rundt prosessen; maks minne (RSS) med /usr/bin/time -v, ellers med
resource.getrusage(RUSAGE_CHILDREN) i en egen hjelpeprosess per kjøring.

Resultatet skrives som tabell på skjermen og til bench/results.json og bench/results.md.
`--bare «tb status» «tb frister»` måler bare radene hvis kommando begynner slik, på de
genererte trærne (ikke data/); gi da `--ut` en annen mappe, så de fulle resultatene i bench/
ikke skrives over.
`--profil` (standard på) profilerer `tb check` på treet med 10 000 oppdrag med pyinstrument
og skriver bench/profile-check-10000.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

generate = None
"""bench/generate.py, importert etter at koden som måles er valgt (den importerer tildelingsbrev)."""

BIN = Path(sys.executable).parent
TB = str(BIN / "tb")
YAMLLINT = str(BIN / "yamllint")
CJS = str(BIN / "check-jsonschema")
TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None
YAMLLINT_CONFIG = "{extends: relaxed, rules: {line-length: disable}}"
ARG_BYTES = 900_000
"""Største samlede argumentlengde for én check-jsonschema-prosess (ARG_MAX er ofte 2 MiB)."""

MÅL = {
    "ekte_check_s": 0.3,
    "help_s": 0.15,
    "check_10000_kald_s": 2.0,
    "check_10000_varm_s": 0.5,
    "vekst_10000_50000": 5.5,
    "minne_50000_mb": 500,
    "frister_10000_s": 1.5,
    "status_10000_s": 1.5,
    "diff_10000_s": 2.0,
    "render_pdf_s": 3.0,
    "render_docx_s": 1.0,
}

_HELPER = """
import resource, subprocess, sys
rc = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{rc} {u.ru_maxrss} {u.ru_utime + u.ru_stime}")
"""


# ---------------------------------------------------------------- én kjøring


ENV = dict(os.environ)
"""Miljøet for kommandoene; TB_CACHE_DIR settes per tre (se `cache_env`)."""


def cache_env(cache: Path) -> None:
    """`tb` skal bruke en hurtigbuffer i arbeidsmappa, ikke brukerens ~/.cache."""
    ENV.pop("TB_CACHE", None)
    ENV["TB_CACHE_DIR"] = str(cache)


def run_once(cmd: list[str], cwd: Path, timeout: float = 1800) -> dict:
    """Kjør `cmd` én gang. Veggtid (s), CPU-tid (s), maks RSS (MB), avslutningskode, slutten
    av stderr. CPU-tiden (user + sys) påvirkes mindre enn veggtiden av andre prosesser."""
    with tempfile.NamedTemporaryFile("r", suffix=".time", delete=False) as tf:
        stats = tf.name
    try:
        if TIME:
            full = [TIME, "-v", "-o", stats, *cmd]
        else:
            full = [sys.executable, "-c", _HELPER, stats, *cmd]
        t0 = time.perf_counter()
        p = subprocess.run(
            full, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout
        )
        wall = time.perf_counter() - t0
        text = Path(stats).read_text(errors="replace")
    finally:
        os.unlink(stats)
    if TIME:
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        rss_kb = int(m.group(1)) if m else 0
        m = re.search(r"Exit status: (\d+)", text)
        rc = int(m.group(1)) if m else p.returncode
        cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    else:
        rc_s, rss_s, cpu_s = (text.split() + ["-1", "0", "0"])[:3]
        rc, rss_kb, cpu = int(rc_s), int(rss_s), float(cpu_s)
    err = p.stderr.decode("utf-8", "replace").strip().splitlines()
    return {"s": wall, "cpu": cpu, "mb": rss_kb / 1024, "rc": rc, "stderr": err[-1][:200] if err else ""}


def run_chunks(cmds: list[list[str]], cwd: Path) -> dict:
    """Flere prosesser etter hverandre (check-jsonschema med mange filer): sum tid, maks minne."""
    parts = [run_once(c, cwd) for c in cmds]
    return {
        "s": sum(p["s"] for p in parts),
        "cpu": sum(p["cpu"] for p in parts),
        "mb": max(p["mb"] for p in parts),
        "rc": max(p["rc"] for p in parts),
        "stderr": next((p["stderr"] for p in parts if p["rc"]), ""),
    }


def evict(tree: Path, files: bool = True) -> None:
    """Tøm `tb`s hurtigbuffer og (med `files`) kast treets filer ut av sidebufferet."""
    cache = Path(ENV.get("TB_CACHE_DIR", ""))
    if cache.name and cache.is_dir():
        shutil.rmtree(cache)
    if not files:
        return
    os.sync()
    if not hasattr(os, "posix_fadvise"):
        return
    for dirpath, _dirs, files in os.walk(tree):
        for name in files:
            try:
                fd = os.open(os.path.join(dirpath, name), os.O_RDONLY)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


# ---------------------------------------------------------------- kommandoene


def render_available() -> bool:
    try:
        return (
            subprocess.run([TB, "render", "--help"], capture_output=True, env=ENV, timeout=60).returncode == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


RENDER_PDF = "tb render -o brev.pdf (PDF/A-2a)"
RENDER_DOCX = "tb render -o brev.docx (Word)"


def render_rows(data: Path, work: Path, warm: int, budget, with_render: bool) -> list[dict]:
    """Det publiserte brevet som PDF og Word (issue 18): hele `tb render`, med sjekken før
    gjengivelsen, til en fil i arbeidsmappa. Ingen hurtigbuffer for gjengivelsen, så kald og
    varm er nesten like."""
    out = work / "render"
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, suffix in ((RENDER_PDF, "pdf"), (RENDER_DOCX, "docx")):
        cmd = [TB, "render", "--data", str(data), "-o", str(out / f"brev.{suffix}")] if with_render else None
        rows.append(measure(name, cmd, ROOT, data, warm, budget))
    return rows


def cjs_commands(tree: Path, schema: Path) -> list[list[str]]:
    """check-jsonschema over alle oppdragsfilene, delt i flere prosesser om argumentlista blir for lang."""
    files = sorted(str(p.relative_to(tree)) for p in (tree / "oppdrag").rglob("*.yaml"))
    base = [CJS, "--schemafile", str(schema)]
    cmds, cur, size = [], [], 0
    for f in files:
        if cur and size + len(f) + 9 > ARG_BYTES:
            cmds.append(base + cur)
            cur, size = [], 0
        cur.append(f)
        size += len(f) + 9
    if cur:
        cmds.append(base + cur)
    return cmds


SIDEBUFFER = "tb check (tom buffer, filene i sidebufferet)"
"""Bare kalde kjøringer: tom `tb`-buffer, men filene ligger i minnet slik de gjør rett etter at
treet er skrevet eller klonet."""


def commands(tree: Path, schema: Path, with_render: bool) -> list[tuple[str, object]]:
    """(navn, kommando) for ett tre; kommandoen er en liste eller en liste av lister (deler)."""
    # Sammenligningsverktøyene først: de er raskest, og tidsbudsjettet tar de siste.
    out: list[tuple[str, object]] = [
        ("check-jsonschema (Oppdrag)", cjs_commands(tree, schema)),
        ("yamllint", [YAMLLINT, "-d", YAMLLINT_CONFIG, "-f", "parsable", "."]),
        ("tb check", [TB, "check", "--data", "."]),
        (SIDEBUFFER, [TB, "check", "--data", "."]),
        ("tb frister --neste 30d", [TB, "frister", "--data", ".", "--neste", "30d"]),
        # dagens oversikt over alle brevene med leveransene per frist (issue 13)
        ("tb frister --forfalt", [TB, "frister", "--data", ".", "--forfalt"]),
        # det nyeste brevet slik snapshot gir det, hver frist med tilstanden i dag
        ("tb status", [TB, "status", "--data", "."]),
        ("tb status --format md", [TB, "status", "--data", ".", "--format", "md"]),
        ("tb render (Markdown)", [TB, "render", "--data", "."] if with_render else None),
        # de to nyeste brevene sammenlignet (issue 14): oppdragene i begge fra øyeblikksbildet
        (DIFF, diff_command(tree)),
    ]
    return out


DIFF = "tb diff (de to nyeste brevene)"
STATUS_ALLE = "tb status --per 31.12 (alle tilleggene)"
STATUS_ALLE_MD = "tb status --per 31.12 --format md"


def tillegg_commands(tree: Path) -> list[tuple[str, object]]:
    """Kommandoene for treet med tilleggene: sjekken, fristene og statusen for det nyeste brevet
    med alle tilleggene (`--per` 31.12 det året)."""
    newest = max(int(p.name) for p in (tree / "brev").iterdir() if p.name.isdigit())
    per = f"{newest}-12-31"
    return [
        ("tb check", [TB, "check", "--data", "."]),
        (SIDEBUFFER, [TB, "check", "--data", "."]),
        ("tb frister --neste 30d", [TB, "frister", "--data", ".", "--neste", "30d"]),
        ("tb frister --forfalt", [TB, "frister", "--data", ".", "--forfalt"]),
        (STATUS_ALLE, [TB, "status", "--data", ".", "--per", per]),
        (STATUS_ALLE_MD, [TB, "status", "--data", ".", "--per", per, "--format", "md"]),
    ]


def virksomheter_commands(tree: Path) -> list[tuple[str, object]]:
    """Kommandoene for repositoriet med 15 virksomheter × 10 brev (issue 16): sjekken av alle,
    fristene og statusen til én virksomhet, og hjelpen."""
    return [
        ("tb check", [TB, "check", "--data", "."]),
        (SIDEBUFFER, [TB, "check", "--data", "."]),
        ("tb check --virksomhet V07", [TB, "check", "--data", ".", "--virksomhet", "V07"]),
        ("tb frister --virksomhet V07 --neste 30d", [TB, "frister", "--data", ".", "--virksomhet", "V07", "--neste", "30d"]),
        ("tb status --virksomhet V07", [TB, "status", "--data", ".", "--virksomhet", "V07"]),
        ("tb --help", [TB, "--help"]),
    ]


def diff_command(tree: Path) -> list[str] | None:
    """`tb diff FORRIGE SISTE` for de to nyeste brevene i treet (None med færre enn to)."""
    years = sorted(int(p.name) for p in (tree / "brev").iterdir() if p.name.isdigit())
    if len(years) < 2:
        return None
    return [TB, "diff", str(years[-2]), str(years[-1]), "--data", "."]


def varme_for(n: int, wanted: int) -> int:
    """Antall varme kjøringer: `wanted` for små trær, 2 for 10 000, 1 for større."""
    if n <= 2000:
        return wanted
    if n <= 20000:
        return min(wanted, 2)
    return min(wanted, 1)


def write_schema(work: Path) -> Path:
    """JSON-skjemaet for Oppdrag fra koden som måles, til check-jsonschema."""
    from tildelingsbrev.model import Oppdrag

    schema = work / "oppdrag.schema.json"
    schema.write_text(json.dumps(Oppdrag.model_json_schema(), ensure_ascii=False, indent=1), encoding="utf-8")
    return schema


def choose_code(kind: str, work: Path) -> tuple[Path, dict]:
    """Koden og data/ som måles. `head`: en kopi av src/ og data/ fra siste commit (andre kan
    endre arbeidstreet mens målingen går); `arbeidstre`: slik de ligger nå. Returnerer data-
    mappa og en beskrivelse. Setter PYTHONPATH for kommandoene og sys.path for generatoren."""
    global generate
    info = git_state()
    if kind == "head" and info["commit"]:
        folder = work / "kode" / info["commit"]
        if not (folder / "src").is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            archive = subprocess.run(
                ["git", "archive", "--format=tar", "HEAD", "src", "data"],
                cwd=ROOT,
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        src, data = folder / "src", folder / "data"
        info["kode"] = f"commit {info['commit']} (kopi av src/ og data/; uinnsjekkede endringer er ikke med)"
    else:
        src, data = ROOT / "src", ROOT / "data"
        info["kode"] = "arbeidstreet" + (
            f" (uinnsjekkede endringer i {', '.join(info['endret_i_src'])})" if info["endret_i_src"] else ""
        )
    ENV["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [os.environ.get("PYTHONPATH")])])
    sys.path.insert(0, str(src))
    import generate as gen

    gen.MALER = data / "mal"
    generate = gen
    info["src_hash"] = tree_hash(src)
    return data, info


def tree_hash(folder: Path) -> str:
    import hashlib

    h = hashlib.blake2b(digest_size=8)
    for p in sorted(folder.rglob("*.py")):
        h.update(str(p.relative_to(folder)).encode() + p.read_bytes())
    return h.hexdigest()


# ---------------------------------------------------------------- målingen


class Budget:
    def __init__(self, seconds: float):
        self.start = time.monotonic()
        self.seconds = seconds

    def left(self) -> float:
        return self.seconds - (time.monotonic() - self.start)


def measure(
    name: str,
    cmd,
    cwd: Path,
    tree: Path | None,
    warm: int,
    budget: Budget,
    cold: bool = True,
    cold_runs: int = 1,
    files: bool = True,
) -> dict:
    row: dict = {
        "kommando": name,
        "kald": [],
        "varm": [],
        "cpu_kald": [],
        "cpu_varm": [],
        "mb": 0.0,
        "rc": None,
        "status": "ok",
    }
    if cmd is None:
        row["status"] = "ikke tilgjengelig"
        return row
    run = (lambda: run_chunks(cmd, cwd)) if cmd and isinstance(cmd[0], list) else (lambda: run_once(cmd, cwd))
    if isinstance(cmd[0], list) and len(cmd) > 1:
        row["deler"] = len(cmd)
    runs = ([True] * cold_runs if cold else []) + [False] * warm
    for is_cold in runs:
        estimate = max(row["kald"] + row["varm"], default=0.0)
        if budget.left() < estimate:
            row["status"] = (
                "delvis (tidsbudsjett)" if row["kald"] or row["varm"] else "hoppet over (tidsbudsjett)"
            )
            break
        if is_cold and tree is not None:
            evict(tree, files)
        r = run()
        (row["kald"] if is_cold else row["varm"]).append(r["s"])
        (row["cpu_kald"] if is_cold else row["cpu_varm"]).append(r["cpu"])
        row["mb"] = max(row["mb"], r["mb"])
        row["rc"] = r["rc"] if row["rc"] is None else max(row["rc"], r["rc"])
        if r["rc"] != 0:
            # alle kommandoene skal lykkes på disse trærne (tb check: 0 feil); ellers er tiden
            # ikke sammenlignbar, og raden merkes
            row["stderr"] = r["stderr"]
            row["status"] = "feilet"
        print(
            f"    {name:<28} {'kald' if is_cold else 'varm'} {r['s']:8.3f} s (cpu {r['cpu']:7.2f} s) "
            f"{r['mb']:7.1f} MB rc={r['rc']}",
            flush=True,
        )
    row["kald_s"] = statistics.median(row["kald"]) if row["kald"] else None
    row["varm_median_s"] = statistics.median(row["varm"]) if row["varm"] else None
    cpu = row["cpu_varm"] or row["cpu_kald"]
    row["cpu_median_s"] = statistics.median(cpu) if cpu else None
    return row


def ratios(rows: list[dict]) -> None:
    ref = next((r for r in rows if r["kommando"].startswith("check-jsonschema")), None)
    if ref is not None and ref["status"] == "feilet":
        ref = None
    for r in rows:
        for key in ("kald_s", "varm_median_s"):
            a, b = r.get(key), ref.get(key) if ref else None
            r[f"forhold_{key}"] = a / b if a and b else None


def tool_versions() -> dict:
    out = {}
    for name, cmd in (("yamllint", [YAMLLINT, "--version"]), ("check-jsonschema", [CJS, "--version"])):
        try:
            v = subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[-1]
            out[name] = v.split()[-1]
        except (OSError, IndexError):
            out[name] = "?"
    try:
        import pydantic
        import ruamel.yaml

        out["pydantic"] = pydantic.VERSION
        out["ruamel.yaml"] = ruamel.yaml.__version__
    except ImportError:
        pass
    return out


def git_state() -> dict:
    def git(*a: str) -> str:
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    dirty = [ln[3:] for ln in git("status", "--porcelain", "--", "src").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD"), "endret_i_src": dirty}


def profile(tree: Path, out: Path) -> None:
    """pyinstrument på `tb check` for treet, kald (tom buffer) og varm (bufferen fra den kalde):
    flat liste over egne tider og kalltre for hver."""
    pyi = str(BIN / "pyinstrument")
    parts = [
        f"# pyinstrument: tb check --data <tre med 10 000 oppdrag> ({datetime.now():%Y-%m-%d %H:%M})\n"
        "# Profileringen gjør kjøringen tregere; se results.md for tider uten profilering.\n"
    ]
    for label, cold in (("Kald: tom hurtigbuffer", True), ("Varm: bufferen fra kjøringen over", False)):
        if cold:
            evict(tree)
        session = out.with_name(f"{out.stem}-{'kald' if cold else 'varm'}.pyisession")
        subprocess.run(
            [pyi, "-i", "0.002", "-r", "session", "-o", str(session), TB, "check", "--data", "."],
            cwd=tree,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

        def render(*opts: str, session=session) -> str:
            cmd = [pyi, "--load", str(session), "-r", "text", "--no-color", "--unicode", *opts]
            return subprocess.run(cmd, capture_output=True, text=True).stdout

        flat = [ln for ln in render("-p", "flat", "-p", "time=seconds").splitlines() if ln.strip()]
        tree_txt = render("-p", "processor_options.filter_threshold=0.01")
        parts.append(
            f"\n# {label}\n\n## Flat: egen tid per funksjon (de største)\n\n"
            + "\n".join(flat[:50])
            + f"\n\n## Kalltre ({label.split(':')[0].lower()})\n\n"
            + tree_txt
        )
        session.unlink(missing_ok=True)
    out.write_text("".join(parts), encoding="utf-8")


# ---------------------------------------------------------------- utskrift


def fmt(x: float | None, unit: str = "") -> str:
    if x is None:
        return "–"
    return f"{x:.3f}{unit}".replace(".", ",")


def fmt2(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}".replace(".", ",")


def table_lines(results: dict) -> list[str]:
    head = (
        "Tre",
        "Kommando",
        "Kald (s)",
        "Varm median (s)",
        "CPU varm (s)",
        "Kjøringer k+v",
        "Maks minne (MB)",
        "× cjs kald",
        "× cjs varm",
        "Status",
    )
    rows = []
    for t in results["trær"]:
        for r in t["rader"]:
            rows.append(
                (
                    t["navn"],
                    r["kommando"],
                    fmt(r.get("kald_s")),
                    fmt(r.get("varm_median_s")),
                    fmt(r.get("cpu_median_s")),
                    f"{len(r['kald'])}+{len(r['varm'])}",
                    f"{r['mb']:.0f}" if r["mb"] else "–",
                    fmt2(r.get("forhold_kald_s")),
                    fmt2(r.get("forhold_varm_median_s")),
                    r["status"]
                    + (f" (rc={r['rc']}: {r.get('stderr', '')[:60]})" if r.get("rc") not in (0, None) else "")
                    + (f", {r['deler']} prosesser" if r.get("deler") else ""),
                )
            )
    return [("| " + " | ".join(head) + " |"), "|" + "---|" * len(head)] + [
        "| " + " | ".join(r) + " |" for r in rows
    ]


def targets(results: dict) -> list[tuple[str, str, str]]:
    def row(tree: str, cmd: str) -> dict | None:
        t = next((t for t in results["trær"] if t["navn"] == tree), None)
        return next((r for r in t["rader"] if r["kommando"] == cmd), None) if t else None

    out = []
    ekte = row("data/ (2024)", "tb check")
    helpr = row("data/ (2024)", "tb --help")
    # treet med tilleggene har egne rader (under); de vanlige målene gjelder trærne uten
    plain = [t for t in results["trær"] if (t.get("generert") or {}).get("variant") not in ("tillegg", "virksomheter")]
    c10 = next((row(t["navn"], "tb check") for t in plain if t["oppdrag"] == 10000), None)
    c50 = next((row(t["navn"], "tb check") for t in plain if t["oppdrag"] == 50000), None)
    s10 = next((row(t["navn"], SIDEBUFFER) for t in plain if t["oppdrag"] == 10000), None)
    tree10 = next((t["navn"] for t in plain if t["oppdrag"] == 10000), None)

    def ok(v, limit):
        return "–" if v is None else ("ja" if v < limit else "nei")

    def best(r):
        return None if r is None else (r.get("varm_median_s") or r.get("kald_s"))

    out.append(
        ("tb check på data/ < 0,3 s (varm)", fmt(best(ekte), " s"), ok(best(ekte), MÅL["ekte_check_s"]))
    )
    out.append(("tb --help < 0,15 s (varm)", fmt(best(helpr), " s"), ok(best(helpr), MÅL["help_s"])))
    for cmd, key in ((RENDER_PDF, "render_pdf_s"), (RENDER_DOCX, "render_docx_s")):
        r = row("data/ (2024)", cmd)
        if r is not None and (r.get("kald_s") or r.get("varm_median_s")):
            limit = MÅL[key]
            lim = f"{limit:g}".replace(".", ",")
            out.append((f"{cmd} på data/ < {lim} s (varm)", fmt(best(r), " s"), ok(best(r), limit)))
    if c10:
        out.append(("tb check, 10 000, kald < 2 s", fmt(c10.get("kald_s"), " s"), ok(c10.get("kald_s"), 2.0)))
        if s10:
            out.append(
                (
                    "tb check, 10 000, kald med filene i sidebufferet < 2 s",
                    fmt(s10.get("kald_s"), " s"),
                    ok(s10.get("kald_s"), 2.0),
                )
            )
        out.append(
            (
                "tb check, 10 000, varm < 0,5 s",
                fmt(c10.get("varm_median_s"), " s"),
                ok(c10.get("varm_median_s"), 0.5),
            )
        )
    for cmd, key in (
        ("tb frister --neste 30d", "frister_10000_s"),
        ("tb frister --forfalt", "frister_10000_s"),
        ("tb status", "status_10000_s"),
        ("tb status --format md", "status_10000_s"),
        (DIFF, "diff_10000_s"),
    ):
        r = row(tree10, cmd) if tree10 else None
        if r is not None and (r.get("kald_s") or r.get("varm_median_s")):
            # ingen hurtigbuffer for disse: den tregeste av kald og varm median
            worst = max(v for v in (r.get("kald_s"), r.get("varm_median_s")) if v)
            limit = MÅL[key]
            out.append((f"{cmd}, 10 000 < {limit:g} s".replace(".", ","), fmt(worst, " s"), ok(worst, limit)))
    tt = next((t for t in results["trær"] if (t.get("generert") or {}).get("variant") == "tillegg"), None)
    if tt is not None:
        what = f"{tt['oppdrag']:,}".replace(",", " ") + " med fem tillegg per år"
        ct = row(tt["navn"], "tb check")
        st = row(tt["navn"], SIDEBUFFER)
        if ct:
            out.append((f"tb check, {what}, kald < 2 s", fmt(ct.get("kald_s"), " s"), ok(ct.get("kald_s"), 2.0)))
            if st:
                out.append(
                    (
                        f"tb check, {what}, kald med filene i sidebufferet < 2 s",
                        fmt(st.get("kald_s"), " s"),
                        ok(st.get("kald_s"), 2.0),
                    )
                )
            out.append(
                (f"tb check, {what}, varm < 0,5 s", fmt(ct.get("varm_median_s"), " s"), ok(ct.get("varm_median_s"), 0.5))
            )
        for cmd, key in (
            ("tb frister --neste 30d", "frister_10000_s"),
            ("tb frister --forfalt", "frister_10000_s"),
            (STATUS_ALLE, "status_10000_s"),
            (STATUS_ALLE_MD, "status_10000_s"),
        ):
            r = row(tt["navn"], cmd)
            if r is not None and (r.get("kald_s") or r.get("varm_median_s")):
                worst = max(v for v in (r.get("kald_s"), r.get("varm_median_s")) if v)
                limit = MÅL[key]
                lim = f"{limit:g}".replace(".", ",")
                out.append((f"{cmd}, {what} < {lim} s", fmt(worst, " s"), ok(worst, limit)))
    vt = next((t for t in results["trær"] if (t.get("generert") or {}).get("variant") == "virksomheter"), None)
    if vt is not None:
        what = f"{vt['generert']['virksomheter']} virksomheter × 10 brev"
        ct = row(vt["navn"], "tb check")
        if ct:
            out.append((f"tb check, {what}, kald < 2 s", fmt(ct.get("kald_s"), " s"), ok(ct.get("kald_s"), 2.0)))
            out.append(
                (f"tb check, {what}, varm < 0,5 s", fmt(ct.get("varm_median_s"), " s"), ok(ct.get("varm_median_s"), 0.5))
            )
        h = row(vt["navn"], "tb --help")
        if h:
            out.append((f"tb --help, {what} < 0,15 s", fmt(h.get("varm_median_s"), " s"), ok(h.get("varm_median_s"), 0.15)))
    if c10 and c50 and c10.get("kald_s") and c50.get("kald_s"):
        g = c50["kald_s"] / c10["kald_s"]
        out.append(("vekst 10 000 → 50 000 ≤ 5,5× (kald)", f"{g:.2f}×".replace(".", ","), ok(g, 5.5001)))
        if c10.get("varm_median_s") and c50.get("varm_median_s"):
            g = c50["varm_median_s"] / c10["varm_median_s"]
            out.append(("vekst 10 000 → 50 000 ≤ 5,5× (varm)", f"{g:.2f}×".replace(".", ","), ok(g, 5.5001)))
    if c50:
        out.append(
            (
                "maks minne, 50 000 < 500 MB",
                f"{c50['mb']:.0f} MB" if c50["mb"] else "–",
                ok(c50["mb"] or None, MÅL["minne_50000_mb"]),
            )
        )
    return out


def write_markdown(results: dict, path: Path) -> None:
    m = results["maskin"]
    lines = [
        "# Tidsmåling av `tb`",
        "",
        f"Målt {results['tidspunkt']} på {m['cpu']} CPU-er, Python {m['python']}, "
        f"kode: {results['git']['kode']}"
        + (
            ". **Advarsel: kildekoden som ble målt, endret seg under målingen.**"
            if results["git"].get("endret_under_målingen")
            else ""
        )
        + f". Verktøy: {', '.join(f'{k} {v}' for k, v in results['verktøy'].items())}.",
        "",
        "Kald = første kjøring etter at treet er skrevet: tom hurtigbuffer for `tb` og treets filer "
        "kastet ut av sidebufferet (posix_fadvise); varm = gjentatt kjøring med bufferen fra forrige "
        "kjøring, median. Maks minne er største RSS "
        f"({'/usr/bin/time -v' if TIME else 'getrusage'}). «× cjs» er tiden delt på "
        "check-jsonschema med Oppdrag-skjemaet over de samme oppdragsfilene (veggtid). CPU = user + sys, "
        "median av de varme kjøringene (den kalde der det ikke er noen); den påvirkes mindre av andre "
        "prosesser på maskinen "
        f"(lastsnitt 1 min ved start {results['last_start'][0]:.1f}, ved slutt {results['last_slutt'][0]:.1f}). "
        "Kommandoen `bench/run.py "
        + " ".join(results["argumenter"])
        + "` brukte "
        + f"{results['total_s']:.0f} s.",
        "",
        "## Trærne",
        "",
        "| Tre | Variant | Oppdrag | Etater | Brevår | Filer | Innhold (MB) | Laget på (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for t in results["trær"]:
        g = t.get("generert") or {}
        lines.append(
            f"| {t['navn']} | {g.get('variant', '–')} | {t['oppdrag']} | {g.get('etater', '–')} | "
            f"{g.get('år', '–')} | {t['filer']} | {t['mb']:.1f} | {fmt(t.get('laget_s'))} |"
        )
    lines += [
        "",
        "Variantene (se bench/generate.py): `gyldig` gir 0 feil og 0 advarsler i `tb check --no-baseline`. "
        f"Brev finnes bare for 1990–2100, og `OPPDRAG_ID_RE` er `{generate.OPPDRAG_ID_RE}`: høyst "
        f"{generate.MAKS_I_ÅRET} oppdrag i året, {generate.MAKS_GYLDIG} unike oppdrag som hører til et brev "
        "(med to sifre, før commit 4643c94, var grensen 10 989, og 50 000 var umulig). `etater` "
        "(når N ikke får plass, eller med --variant etater) legger de samme numrene i oppdrag/etat-K/: "
        "skjemagyldig, men (K−1)/K av oppdragene gir TB101, som baseline.yaml i treet aksepterer. "
        "`tillegg` er `gyldig` med fem tillegg til hvert brev (poster endret, nye oppdrag, presiseringer, "
        "flyttede frister, et trukket oppdrag) og gir også 0 funn; `tb status` måles der med `--per` "
        "31.12 i det nyeste året, så alle tilleggene gjelder.",
        "",
        "## Resultater",
        "",
        *table_lines(results),
        "",
        "## Mål",
        "",
        "| Mål | Målt | Oppfylt |",
        "|---|---|---|",
        *[f"| {a} | {b} | {c} |" for a, b, c in targets(results)],
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------- hovedprogram


def measure_tree(a, budget, name: str, tree: Path, make, commands) -> dict:
    """Lag et generert tre med `make(tree)` og mål `commands(tree)` på det (treet med tilleggene,
    repositoriet med flere virksomheter): kald og varm, og med filene i sidebufferet."""
    cache_env(a.arbeid / "cache" / tree.name)
    print(f"{name}: lager treet …", flush=True)
    t0 = time.perf_counter()
    info = make(tree)
    made = time.perf_counter() - t0
    files = [p for p in tree.rglob("*") if p.is_file()]
    entry = {
        "navn": name,
        "oppdrag": info["oppdrag"],
        "generert": info,
        "laget_s": made,
        "filer": len(files),
        "last_før": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "mb": sum(p.stat().st_size for p in files) / 1e6,
        "rader": [],
    }
    warm = varme_for(info["oppdrag"], a.varme)
    for cname, cmd in commands(tree):
        if a.bare and not cname.startswith(tuple(a.bare)):
            continue
        if cname == SIDEBUFFER:
            row = measure(cname, cmd, tree, tree, 0, budget, cold_runs=min(3, max(1, warm)), files=False)
        else:
            row = measure(cname, cmd, tree, tree, warm, budget)
        entry["rader"].append(row)
    ratios(entry["rader"])
    print("\n".join(table_lines({"trær": [entry]})), flush=True)
    return entry


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tidsmåling av tb mot yamllint og check-jsonschema.")
    ap.add_argument("--n", type=int, nargs="*", default=[1000, 10000, 50000], help="antall oppdrag per tre")
    ap.add_argument(
        "--tillegg",
        type=int,
        default=10000,
        help="oppdrag i treet med fem tillegg per brev (variant tillegg); 0: ikke mål det",
    )
    ap.add_argument(
        "--virksomheter",
        type=int,
        default=15,
        help="virksomheter i repositoriet med flere (10 brev hver, variant virksomheter); 0: ikke mål det",
    )
    ap.add_argument("--varme", type=int, default=5, help="varme kjøringer for små trær (færre for store)")
    ap.add_argument("--budsjett", type=float, default=1200, help="største samlede tid i sekunder")
    ap.add_argument("--arbeid", type=Path, default=BENCH / "work", help="mappe for trærne")
    ap.add_argument(
        "--profil",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="profiler tb check på 10 000 med pyinstrument",
    )
    ap.add_argument("--ut", type=Path, default=BENCH, help="mappe for results.json/.md")
    ap.add_argument(
        "--kode",
        choices=("head", "arbeidstre"),
        default="head",
        help="head: mål en kopi av siste commit (standard); arbeidstre: src/ slik den er nå",
    )
    ap.add_argument(
        "--variant",
        choices=("auto", "gyldig", "etater"),
        default="auto",
        help="auto: gyldig når N får plass i oppdragsnumrene (se generate.py), ellers etater",
    )
    ap.add_argument(
        "--bare",
        nargs="+",
        metavar="KOMMANDO",
        help="mål bare kommandoene som begynner slik (for eksempel «tb status»), ikke data/",
    )
    a = ap.parse_args(argv)

    budget = Budget(a.budsjett)
    a.arbeid.mkdir(parents=True, exist_ok=True)
    data, code = choose_code(a.kode, a.arbeid)
    print(f"kode: {code['kode']}", flush=True)
    schema = write_schema(a.arbeid)
    with_render = render_available()
    print(f"tb render: {'tilgjengelig' if with_render else 'ikke tilgjengelig'}", flush=True)
    results: dict = {
        "tidspunkt": datetime.now().isoformat(timespec="seconds"),
        "argumenter": argv if argv is not None else sys.argv[1:],
        "maskin": {"cpu": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
        "verktøy": tool_versions(),
        "git": code,
        "mål": MÅL,
        "trær": [],
        "last_start": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }

    # Det ekte brevet, og tb --help (leser ingen data).
    print("data/ (2024)", flush=True)
    cache_env(a.arbeid / "cache" / "data")
    rows = [] if a.bare else [
        measure("tb check", [TB, "check", "--data", str(data)], ROOT, data, a.varme, budget),
        measure("tb --help", [TB, "--help"], ROOT, None, a.varme, budget, cold=False),
        measure(
            "yamllint", [YAMLLINT, "-d", YAMLLINT_CONFIG, "-f", "parsable", "."], data, data, a.varme, budget
        ),
        measure("check-jsonschema (Oppdrag)", cjs_commands(data, schema), data, data, a.varme, budget),
        *render_rows(data, a.arbeid, a.varme, budget, with_render),
    ]
    ratios(rows)
    if rows:
        results["trær"].append(
            {
                "navn": "data/ (2024)",
                "oppdrag": len(list((data / "oppdrag").glob("*.yaml"))),
                "filer": sum(1 for _ in data.rglob("*") if _.is_file()),
                "mb": sum(p.stat().st_size for p in data.rglob("*") if p.is_file()) / 1e6,
                "rader": rows,
            }
        )

    profile_tree = None
    for n in a.n:
        variant = a.variant
        if variant == "auto":
            variant = "gyldig" if n <= generate.MAKS_GYLDIG else "etater"
        tree = a.arbeid / f"{variant}-{n}"
        name = f"{variant} {n}"
        cache_env(a.arbeid / "cache" / f"{variant}-{n}")
        print(f"{name}: lager treet …", flush=True)
        t0 = time.perf_counter()
        info = generate.generate(tree, n, variant)
        made = time.perf_counter() - t0
        files = [p for p in tree.rglob("*") if p.is_file()]
        entry = {
            "navn": name,
            "oppdrag": n,
            "generert": info,
            "laget_s": made,
            "filer": len(files),
            "last_før": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
            "mb": sum(p.stat().st_size for p in files) / 1e6,
            "rader": [],
        }
        warm = varme_for(n, a.varme)
        for cname, cmd in commands(tree, schema, with_render):
            if a.bare and not cname.startswith(tuple(a.bare)):
                continue
            if cname == SIDEBUFFER:
                row = measure(cname, cmd, tree, tree, 0, budget, cold_runs=min(3, max(1, warm)), files=False)
            else:
                row = measure(cname, cmd, tree, tree, warm, budget)
            entry["rader"].append(row)
        ratios(entry["rader"])
        results["trær"].append(entry)
        if n == 10000:
            profile_tree = tree
        print("\n".join(table_lines({"trær": [entry]})), flush=True)

    if a.tillegg:
        n = a.tillegg
        results["trær"].append(
            measure_tree(
                a, budget, f"tillegg {n}", a.arbeid / f"tillegg-{n}",
                lambda tree: generate.generate(tree, n, "tillegg"), tillegg_commands,
            )
        )
    if a.virksomheter:
        k = a.virksomheter
        results["trær"].append(
            measure_tree(
                a, budget, f"virksomheter {k}×10", a.arbeid / "virksomheter",
                lambda tree: generate.generate_virksomheter(tree, k, 10), virksomheter_commands,
            )
        )

    if a.profil and profile_tree is not None:
        if budget.left() > 0:
            print("profilerer tb check på 10 000 …", flush=True)
            profile(profile_tree, a.ut / "profile-check-10000.txt")
        else:
            print("profilering hoppet over (tidsbudsjett)", flush=True)

    code["endret_under_målingen"] = (
        tree_hash(Path(ENV["PYTHONPATH"].split(os.pathsep)[0])) != code["src_hash"]
    )
    results["total_s"] = time.monotonic() - budget.start
    results["last_slutt"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    a.ut.mkdir(parents=True, exist_ok=True)
    (a.ut / "results.json").write_text(
        json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    write_markdown(results, a.ut / "results.md")
    print()
    print("\n".join(table_lines(results)))
    print()
    for a_, b, c in targets(results):
        print(f"{a_:<42} {b:>12}  {c}")
    print(f"\nSkrev {a.ut / 'results.json'} og {a.ut / 'results.md'} ({results['total_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
