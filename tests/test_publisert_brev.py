"""Akseptansetesten for det publiserte brevet: det eneste stedet tallene for brevet i data/
står.

`tb check` kjøres slik en bruker kjører den, fra roten i repositoriet. Med grunnlinjen er
brevet grønt og alle funnene kjente; uten den gir den akkurat funnene i gullfila
`tests/golden/rapporter/brev-2024-funn.txt` (kode, fil og linje for hvert aktivt funn, i
rapportens rekkefølge).

En ny regel som slår til på brevet (eller en rettet feil i data) endrer tallene her og
gullfila – og grunnlinjen, data/baseline.yaml – men ingen andre tester: de sammenligner
rapportene med resultatet fra `pipeline.check`, ikke med faste tall. Oppdater gullfila med

    TB_OPPDATER_GULL=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_publisert_brev.py

rett tallene under for hånd, og les diffen før du committer.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "rapporter" / "brev-2024-funn.txt"
UPDATE = os.environ.get("TB_OPPDATER_GULL") == "1"

WITH_BASELINE = "0 feil, 0 advarsler (47 kjente funn i grunnlinjen)"
WITHOUT_BASELINE = "12 feil, 35 advarsler"

FINDING = re.compile(r"^(?P<file>.+?):(?P<line>\d+):\d+: (?:feil|advarsel) (?P<code>TB\d{3}) ")


def tb_check(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "tb"
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "FORCE_COLOR")}
    return subprocess.run(
        [str(exe), "check", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_published_letter():
    ok = tb_check()
    assert (ok.returncode, ok.stderr) == (0, ""), ok.stdout + ok.stderr
    assert ok.stdout.splitlines() == [WITH_BASELINE]

    all_ = tb_check("--no-baseline")
    assert (all_.returncode, all_.stderr) == (1, ""), all_.stdout + all_.stderr
    lines = all_.stdout.splitlines()
    assert lines[-1] == WITHOUT_BASELINE
    found = [m for m in map(FINDING.match, lines[:-1]) if m]
    others = [line for line in lines[:-1] if not FINDING.match(line)]
    assert all(line.startswith("  se også: ") for line in others), others
    actual = "".join(f"{m['code']} {m['file']}:{m['line']}\n" for m in found)
    if UPDATE:
        GOLDEN.write_text(actual, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    assert actual.splitlines() == expected.splitlines(), (
        f"funnene i brevet er endret; se diffen mot {GOLDEN.name}, og oppdater med TB_OPPDATER_GULL=1"
    )
    # tallene i oppsummeringene henger sammen med lista: alle funnene uten grunnlinjen er kjente med den
    errors, warnings = map(int, re.findall(r"\d+", WITHOUT_BASELINE))
    assert len(found) == errors + warnings == int(re.search(r"\((\d+) kjente", WITH_BASELINE)[1])
