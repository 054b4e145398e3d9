"""Brevet som HTML i en ekte nettleser: headless Chromium åpner siden med axe-core (npm) satt
inn, og axe skal ikke finne noen alvorlige («serious») eller kritiske («critical») brudd på
WCAG 2.1 AA (nettsider i offentlig sektor skal oppfylle dem).

Det som trengs, er Chromium (Debian-pakken `chromium`) og axe-core i tests/axe/node_modules
(`npm ci` i tests/axe); `.ci/run` installerer begge. Mangler en av dem, hoppes testene over
med en melding som sier hva som mangler.

Slik kjøres det: siden skrives til en midlertidig mappe med axe.min.js og et lite skript som
kjører `axe.run` og skriver resultatet (JSON) inn i siden; Chromium laster siden
(`--dump-dom`, med `--virtual-time-budget` så skriptet rekker å bli ferdig) og skriver ut
DOM-en, som testen leser resultatet fra.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from casekit import edit_once, med_tillegg
from tildelingsbrev.loading import load
from tildelingsbrev.rendering import render

ROOT = Path(__file__).resolve().parents[1]
AXE = Path(__file__).parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = {"serious", "critical"}

RUNNER = """
axe.run(document, {resultTypes: ["violations"]}).then(function (r) {
  var out = document.createElement("pre");
  out.id = "axe-resultat";
  out.textContent = JSON.stringify(r.violations.map(function (v) {
    return {id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(function (n) { return n.target.join(" "); })};
  }));
  document.body.appendChild(out);
}, function (e) {
  var out = document.createElement("pre");
  out.id = "axe-resultat";
  out.textContent = JSON.stringify({feil: String(e)});
  document.body.appendChild(out);
});
"""


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


@pytest.fixture(scope="module")
def browser() -> str:
    path = _chromium()
    if path is None:
        pytest.skip("Chromium finnes ikke her (Debian: apt-get install chromium); .ci/run installerer den")
    if not AXE.exists():
        pytest.skip("axe-core er ikke installert: kjør `npm ci` i tests/axe (.ci/run gjør det)")
    return path


def run_axe(browser: str, page: str, tmp_path: Path) -> list[dict]:
    """Bruddene axe finner på siden `page` (HTML), hvert med id, alvorlighet, hjelpetekst og
    elementene det gjelder."""
    folder = tmp_path / "axe"
    folder.mkdir(exist_ok=True)
    script = f"<script>{AXE.read_text(encoding='utf-8')}</script>\n<script>{RUNNER}</script>\n</body>"
    assert page.count("</body>") == 1
    (folder / "side.html").write_text(page.replace("</body>", script), encoding="utf-8")
    res = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={folder / 'profil'}",
            "--virtual-time-budget=60000",
            "--dump-dom",
            (folder / "side.html").as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    m = re.search(r'<pre id="axe-resultat">(.*?)</pre>', res.stdout, flags=re.S)
    assert m, f"axe skrev ikke noe resultat (kode {res.returncode}): {res.stderr[-2000:]}"
    result = json.loads(htmllib.unescape(m.group(1)))
    assert not isinstance(result, dict), result
    return result


def _serious(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({', '.join(v['nodes'][:3])})"
        for v in violations
        if v["impact"] in SERIOUS
    ]


@pytest.fixture(scope="module")
def letter_html() -> str:
    repo, findings = load(ROOT / "data")
    assert not findings
    return render(repo, 2024, "html").decode("utf-8")


def test_the_2024_letter_has_no_serious_or_critical_violations(browser, letter_html, tmp_path):
    assert _serious(run_axe(browser, letter_html, tmp_path)) == []


def test_a_full_letterhead_has_no_serious_or_critical_violations(browser, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    brev = data / "brev" / "2024" / "brev.yaml"
    edit_once(brev, "  kortnavn: IMDi\n", "  kortnavn: IMDi\n  adresse: [Postboks 2832 Tøyen, 0608 Oslo]\n")
    edit_once(brev, "dato: null\n", "dato: 2023-12-21\nderes_ref: 23/987\nvår_ref: 23/4512-3\nkopi: [Riksrevisjonen]\n")
    repo, _ = load(data)
    page = render(repo, 2024, "html").decode("utf-8")
    assert '<table class="referanser"' in page
    assert _serious(run_axe(browser, page, tmp_path)) == []


@pytest.mark.parametrize("what", [{"tillegg": 2}, {"gjeldende": True}], ids=["tillegg-2", "gjeldende"])
def test_a_supplement_and_the_current_allocation_have_none_either(browser, tmp_path, what):
    repo, _ = load(med_tillegg(tmp_path / "data"))
    page = render(repo, 2024, "html", **what).decode("utf-8")
    assert _serious(run_axe(browser, page, tmp_path)) == []


def test_the_check_reports_a_violation_when_there_is_one(browser, letter_html, tmp_path):
    """Uten språk på siden og med en lenke uten tekst melder axe alvorlige brudd: testene over
    leser virkelig det axe fant."""
    broken = letter_html.replace('<html lang="nb">', "<html>", 1).replace(
        "<main>", '<main>\n<a href="#1-innledning"></a>', 1
    )
    found = {v["id"] for v in run_axe(browser, broken, tmp_path) if v["impact"] in SERIOUS}
    assert {"html-has-lang", "link-name"} <= found
