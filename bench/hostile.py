"""Tid og minne for `tb check` på fiendtlige data: grensene holder kostnaden nede.

    python bench/hostile.py [--ut bench/fiendtlig.md] [--gjentak 3]

Hvert tilfelle er en kopi av data/ (2024-brevet) med én fiendtlig fil: alias-bombe, dyp
nesting, filer rett under og langt over størrelsesgrensen, en enorm Markdown-fil, svært mange
nøkler, én svært lang linje, svært mange markører, og tusen ødelagte filer. For hvert tilfelle
måles `tb check` (uten hurtigbuffer): veggtid (median), CPU og maks minne, avslutningskoden og
regelkodene den melder. Utdataene sendes til /dev/null, som i CI. Tallene skrives som en tabell og til bench/fiendtlig.md.

Grensene (yamlfile.py): MAX_BYTES = 2 000 000 byte per fil, MAX_DEPTH = 50 nivåer,
MAX_NODES = 200 000 verdier etter alias-utvidelse. Målet: hvert fiendtlig tilfelle gir funn
med avslutningskode 1 (aldri en krasj, kode 2), det gyldige tilfellet rett under grensen kode 0,
alle på under 5 s og under 500 MB på denne maskinen.
Ikke en tidsbestemt test: kjøres med `make bench`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import ENV, ROOT, TB, run_once  # noqa: E402

DATA = ROOT / "data"
WORK = ROOT / "bench" / "work" / "fiendtlig"
OPPDRAG = "oppdrag/2024-16.yaml"
PROSA = "brev/2024/tekst/10-fullmakter.md"

MAX_S = 5.0
MAX_MB = 500.0


def _write(data: Path, rel: str, content: str | bytes) -> None:
    path = data / rel
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


def alias_bomb(data: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        ref = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{ref}]")
    _write(data, OPPDRAG, "\n".join(lines) + "\n")


def deep_flow(data: Path) -> None:
    _write(data, OPPDRAG, "id: " + "[" * 100_000 + "]" * 100_000 + "\n")


def deep_block(data: Path) -> None:
    _write(data, OPPDRAG, "".join(" " * i + f"k{i}:\n" for i in range(10_000)) + " " * 10_000 + "v\n")


def just_under_limit(data: Path) -> None:
    text = (data / OPPDRAG).read_text(encoding="utf-8")
    filler = "x" * (1_990_000 - len(text.encode("utf-8")))
    _write(data, OPPDRAG, text + f"merknad: {filler}\n")


def far_over_limit(data: Path) -> None:
    _write(data, OPPDRAG, "merknad: " + "x" * 50_000_000 + "\n")


def huge_prose(data: Path) -> None:
    _write(data, PROSA, ("Fullmakter og budsjettdisponering. " * 30 + "\n") * 50_000)


def many_keys(data: Path) -> None:
    _write(data, OPPDRAG, "".join(f"k{i}: {i}\n" for i in range(150_000)))


def long_line(data: Path) -> None:
    _write(data, OPPDRAG, 'tittel: "' + "ø" * 990_000 + '"\n')


def many_markers(data: Path) -> None:
    _write(data, PROSA, "{{ tildeling: 1 mill. kroner }} " * 60_000 + "\n")


def thousand_broken_files(data: Path) -> None:
    for n in range(1000):
        year, nr = 1990 + n // 99, n % 99 + 1
        _write(data, f"oppdrag/{year}-{nr:02d}.yaml", f'id: "{year}-{nr:02d}"\ntittel: [uten slutt\n')


CASES: list[tuple[str, str, Callable[[Path], None] | None]] = [  # (navn, hva, lag)
    ("data/ (2024)", "uendret, til sammenligning", None),
    ("alias-bombe", "«billion laughs»: 9 nivåer med 9 alias (3,9 · 10⁸ verdier utvidet)", alias_bomb),
    ("dyp nesting [ ]", "100 000 nivåer med [ i én linje", deep_flow),
    ("dyp nesting blokk", "10 000 nivåer med innrykk", deep_block),
    ("rett under grensen", "gyldig oppdrag på 1,99 MB", just_under_limit),
    ("langt over grensen", "oppdrag på 50 MB", far_over_limit),
    ("enorm prosa", "Markdown på 52 MB", huge_prose),
    ("mange nøkler", "150 000 nøkler i én fil", many_keys),
    ("lang linje", "én tittel på 990 000 tegn (2 MB UTF-8)", long_line),
    ("mange markører", "60 000 markører i én tekstfil", many_markers),
    ("1000 ødelagte filer", "1000 oppdragsfiler med syntaksfeil", thousand_broken_files),
]


def codes(data: Path) -> list[str]:
    env = dict(ENV, TB_CACHE="0")
    p = subprocess.run(
        [TB, "check", "--data", str(data), "--format", "json", "--no-baseline"],
        capture_output=True,
        env=env,
        timeout=600,
    )
    try:
        found = json.loads(p.stdout)["funn"]
    except (ValueError, KeyError):
        return [f"(ingen JSON, kode {p.returncode})"]
    return sorted({f["kode"] for f in found})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ut", type=Path, default=ROOT / "bench" / "fiendtlig.md")
    ap.add_argument("--gjentak", type=int, default=3)
    args = ap.parse_args(argv)
    ENV["TB_CACHE"] = "0"
    baseline_codes = set(codes(DATA))
    rows = []
    for name, what, make in CASES:
        data = WORK / name.replace(" ", "-").replace("/", "") / "data"
        if data.parent.exists():
            shutil.rmtree(data.parent)
        shutil.copytree(DATA, data)
        if make is not None:
            make(data)
        runs = [run_once([TB, "check", "--data", str(data)], cwd=ROOT) for _ in range(args.gjentak)]
        wall = statistics.median(r["s"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        mb = max(r["mb"] for r in runs)
        rc = max(r["rc"] for r in runs)
        new = [c for c in codes(data) if c not in baseline_codes] if make else []
        # et gyldig tilfelle (data/, rett under grensen) gir kode 0, alle de andre funn og kode 1
        valid = make is None or make is just_under_limit
        ok = rc == (0 if valid else 1) and wall < MAX_S and mb < MAX_MB
        rows.append((name, what, wall, cpu, mb, rc, ", ".join(new) or "–", "ok" if ok else "IKKE OK"))
        print(f"{name:22} {wall:6.2f} s  cpu {cpu:5.2f} s  {mb:6.1f} MB  kode {rc}  {', '.join(new)}")
        shutil.rmtree(data.parent)
    head = "| Tilfelle | Hva | Tid (s) | CPU (s) | Maks minne (MB) | Kode | Nye funn | Status |"
    table = [head, "|---|---|---|---|---|---|---|---|"]
    for name, what, wall, cpu, mb, rc, new, status in rows:
        table.append(
            f"| {name} | {what} | {wall:.2f}".replace(".", ",")
            + f" | {cpu:.2f}".replace(".", ",")
            + f" | {mb:.0f} | {rc} | {new} | {status} |"
        )
    all_ok = all(r[-1] == "ok" for r in rows)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    text = (
        "# `tb check` på fiendtlige data\n\n"
        f"Målt {datetime.now().isoformat(timespec='seconds')} på {os.cpu_count()} CPU-er, "
        f"commit {commit.stdout.strip() or '?'}, median av {args.gjentak} kjøringer uten hurtigbuffer. "
        "Hvert tilfelle er data/ (2024) med én fiendtlig fil (se bench/hostile.py). «Nye funn» er "
        "regelkodene som ikke finnes i data/ fra før (`--no-baseline`). Mål: kode 1 (funn, ingen "
        f"krasj), under {MAX_S:.0f} s og under {MAX_MB:.0f} MB.\n\n" + "\n".join(table) + "\n\n"
        + ("Alle tilfeller innenfor målene.\n" if all_ok else "**Ikke alle tilfeller innenfor målene.**\n")
    )
    args.ut.write_text(text, encoding="utf-8")
    print("\n".join(table))
    print(f"Skrev {args.ut}")
    return 0 if all_ok else 1


if __name__ == "__main__":
    sys.exit(main())
