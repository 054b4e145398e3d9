"""Akseptansetestene for det publiserte brevet: det eneste stedet tallene for brevet i data/
står, og det eneste stedet den gjengitte teksten sammenlignes med den publiserte.

`tb check` kjøres slik en bruker kjører den, fra roten i repositoriet. Med grunnlinjen er
brevet grønt og alle funnene kjente; uten den gir den akkurat funnene i gullfila
`tests/golden/rapporter/brev-2024-funn.txt` (kode, fil og linje for hvert aktivt funn, i
rapportens rekkefølge).

Teksten: brevet gjengitt fra data (`tb render`, Markdown) sammenlignes ord for ord og i
rekkefølge med teksten i det publiserte brevet (`shared/seed/…`, tatt ut av PDF-en), fra
«1. Innledning» til signaturene (brevhodet og vedlegg nr. 1 står ikke i den teksten). Hver
forskjell står i `FORSKJELLER` med grunnen; en forskjell som ikke står der, eller en som står
der men ikke finnes lenger, får testen til å feile.

En ny regel som slår til på brevet (eller en rettet feil i data) endrer tallene her og
gullfila – og grunnlinjen, data/baseline.yaml – men ingen andre tester: de sammenligner
rapportene med resultatet fra `pipeline.check`, ikke med faste tall. Oppdater gullfila med

    TB_OPPDATER_GULL=1 .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_publisert_brev.py

rett tallene under for hånd, og les diffen før du committer.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "rapporter" / "brev-2024-funn.txt"
SEED = ROOT.parent / "shared" / "seed" / "000_adf8b79db4bc7635.txt"
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


# ---------------------------------------------------------------- teksten, ord for ord

# Forskjellene mellom det publiserte brevet og brevet gjengitt fra data, ord for ord i
# rekkefølge: (ordene i det publiserte, ordene i det gjengitte) → (antall ganger, grunn).
# Grunnen begynner med hva slags forskjell det er:
#
# - «TBnnn: …» – et funn i grunnlinjen (data/baseline.yaml, koden og `gjelder` står i
#   `GRUNNLINJE` under): det trykte er feil, og brevet bruker verdien i data;
# - «uttrekk: …» – teksten i det publiserte brevet er tatt ut av en PDF: bunntekst med sidetall
#   og ord delt over to linjer står i den, men ikke i brevet;
# - «tabellhode: …» – oppdragslistene og bindingene er trykt som tabeller uten kolonneoverskrift;
#   brevet gir hver tabell overskrifter, så en skjermleser kan lese dem (WCAG 1.3.1).
#
# Der det trykte ikke er feil, men skrevet på en annen måte enn malene ville skrevet det, har
# data den trykte formen og brevet bruker den: «bidra til å nå mål nr. 3» (`nye_oppdrag_overskrift`),
# «9.1.» (`nummer_trykt`), «1,0 mill. kroner» (`beløp_trykt`), «(i kroner)» (`enhet_trykt`).
FORSKJELLER: dict[tuple[str, str], tuple[int, str]] = {
    # funn i grunnlinjen: brevet bruker verdien i data
    ("2023", "2024"): (3, "TB308: «leveringsfrist i 2023 eller senere» under mål 3, 4 og 5; brevets år er 2024"),
    ("2024", "2023"): (1, "TB302: pkt. 9.1 sier budsjettvedtak «15. desember 2024»; vedtaket er fra 2023"),
    ("28 979 866", "25 949 864"): (1, "TB201: summen for kap. 671 regnes ut fra postene"),
    # uttrekket fra PDF-en
    ("Side 14", ""): (1, "uttrekk: sidetallet i bunnteksten på side 14"),
    ("(2024- 2027).", "(2024-2027)."): (1, "uttrekk: «(2024-2027)» er delt over to linjer etter bindestreken"),
    # kolonneoverskrifter
    ("", "Oppdrag Tittel Frist"): (12, "tabellhode: oppdragslistene under målene"),
    ("", "Oppdrag Tittel Beløp"): (2, "tabellhode: bindingene på post 601.21"),
}

GRUNNLINJE = {
    "TB308": ["mål 3 overskrift", "mål 4 overskrift", "mål 5 overskrift"],
    "TB302": ["kapittel 9.1 budsjettvedtak"],
    "TB201": ["kap. 671 sum, differanse 3 030 002 000"],
}
"""Funnene i grunnlinjen som forskjellene over viser til (kode → `gjelder`)."""


def seed_words() -> list[str]:
    """Ordene i det publiserte brevet. Et ord delt med bindestrek på slutten av en linje
    («FoU-» / «post») er skjøtet, og punkttegnet («-») først i en linje i en punktliste er
    fjernet (i Markdown er det også bare markering)."""
    out: list[str] = []
    carry = ""
    for line in SEED.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^\s*[-•]\s+", "", line)
        if re.search(r"\w[-–]$", line):
            carry += line
            continue
        out.append(carry + line)
        carry = ""
    out.append(carry)
    return " ".join(out).split()


def rendered_words(md: str) -> list[str]:
    """Ordene i brevet gjengitt som Markdown, fra første kapittel til signaturene: teksten i
    hver blokk (avsnitt, overskrift, tabellcelle, punkt) uten markering, med hardt mellomrom
    som vanlig mellomrom."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark", {"html": True}).enable("table").parse(md)
    words: list[str] = []
    state = "brevhode"
    for i, t in enumerate(tokens):
        if t.type != "inline":
            continue
        heading = tokens[i - 1].tag if tokens[i - 1].type == "heading_open" else None
        if state == "brevhode":
            if heading == "h1":
                state = "brev"
            continue
        if heading == "h2" and t.content.startswith("Vedlegg nr."):
            break
        text = "".join(
            c.content if c.type in ("text", "code_inline", "text_special") else " " for c in t.children or ()
        )
        words += text.replace("\u00a0", " ").split()
    return words


def differences(a: list[str], b: list[str]) -> Counter:
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return Counter(
        (" ".join(a[i1:i2]), " ".join(b[j1:j2])) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"
    )


@pytest.fixture(scope="module")
def words() -> tuple[list[str], list[str]]:
    if not SEED.exists():
        pytest.skip("shared/seed finnes ikke ved siden av repositoriet")
    from tildelingsbrev.loading import load
    from tildelingsbrev.rendering import render

    repo, findings = load(ROOT / "data")
    assert not findings
    return seed_words(), rendered_words(render(repo, 2024, "md").decode("utf-8"))


def test_the_rendered_letter_is_the_published_text_word_for_word(words):
    """Brevet fra data har ordene i det publiserte brevet i samme rekkefølge, bortsett fra
    forskjellene i `FORSKJELLER`, hver med grunnen sin."""
    seed, rendered = words
    assert len(seed) > 4000 and len(rendered) > 4000
    actual = differences(seed, rendered)
    expected = Counter({key: n for key, (n, _) in FORSKJELLER.items()})
    unexpected = {k: n for k, n in actual.items() if expected[k] != n}
    gone = {k: n for k, n in expected.items() if actual[k] != n}
    assert (unexpected, gone) == ({}, {}), (
        "forskjeller mot det publiserte brevet som ikke står i FORSKJELLER (publisert → gjengitt: antall), "
        "og forskjeller der som ikke finnes (lenger)"
    )


def test_the_comparison_is_order_aware():
    """To ord som bytter plass, er en forskjell (ordene finnes begge steder)."""
    a = "Oppdrag 2021-07 Ut 2024 Oppdrag 2023-26 Løpende".split()
    b = "Oppdrag 2023-26 Løpende Oppdrag 2021-07 Ut 2024".split()
    assert differences(a, b)
    assert not differences(a, list(a))


def test_every_difference_has_a_kind_and_every_finding_is_in_the_baseline():
    kinds = {reason.split(":")[0] for _, reason in FORSKJELLER.values()}
    assert kinds <= {"uttrekk", "tabellhode"} | set(GRUNNLINJE)
    baseline = (ROOT / "data" / "baseline.yaml").read_text(encoding="utf-8")
    for code, subjects in GRUNNLINJE.items():
        for subject in subjects:
            assert re.search(rf"kode: {code}\n\s+gjelder: \"?{re.escape(subject)}\"?\n", baseline), (code, subject)
