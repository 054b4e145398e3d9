"""TB309 (frist-fridag) sjekker hvert brev uten å utvide alle fristene på nytt for hvert brev,
men funnene er de samme som da den gjorde det: samme kode, sted, melding, subjekt, år og
rekkefølge. Fasiten er en kopi av regelen slik den var (`_slik_den_var`), som kaller
`deadlines.expand(repo, år)` for hvert brev."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from casekit import PUBLISHED, edit_once, med_tillegg, over_tid
from tildelingsbrev.deadlines import expand, fridager_per_brev
from tildelingsbrev.norsk import UKEDAGER, format_dato
from tildelingsbrev.pipeline import load_model
from tildelingsbrev.rules import RULES_BY_CODE, _run_one

GENERATE = Path(__file__).resolve().parents[1] / "bench" / "generate.py"


def _slik_den_var(repo, report) -> None:
    """TB309 før endringen, ordrett: `expand(repo, år)` for hvert brev."""
    seen: set[tuple] = set()
    for år in repo.years():
        here = []
        for dl in expand(repo, år):
            if dl.dato is None or dl.fridag is None:
                continue
            subject = f"{dl.oppdrag or dl.tittel} {format_dato(dl.dato)}"
            key = (subject, dl.location)
            if key in seen:
                continue
            here.append(key)
            who = f"oppdrag {dl.oppdrag}" if dl.oppdrag else f"«{dl.tittel}»"
            day = dl.fridag if dl.fridag in UKEDAGER else f"{UKEDAGER[dl.dato.weekday()]}, {dl.fridag}"
            report(
                dl.location,
                f"{who}: fristen {format_dato(dl.dato)} faller på en fridag ({day})",
                subject=subject,
                år=år,
            )
        seen.update(here)


def _funn(root: Path) -> tuple[list[tuple], list[tuple]]:
    """(funnene fra TB309 nå, funnene fra regelen slik den var), som tupler."""
    rule = RULES_BY_CODE["TB309"]
    now = _run_one(load_model(root).repo, rule)
    old: list = []

    def report(location, message, subject, severity=None, related=(), år=None):
        f = rule.finding(location, message, subject, severity, related)
        old.append(f if år is None else f.for_letter(år))

    _slik_den_var(load_model(root).repo, report)

    def flat(fs):
        return [
            (f.code, str(f.location.file), f.location.line, f.location.column, f.message, f.subject, f.år)
            for f in fs
        ]

    return flat(now), flat(old)


def _generer(dest: Path, *args: str) -> Path:
    subprocess.run(
        [sys.executable, str(GENERATE), "--oppdrag", "300", *args, str(dest)],
        check=True,
        capture_output=True,
    )
    return dest


def _fridager(root: Path) -> Path:
    """Flytt hver dato i oppdragsfilene til den første i måneden, så noen av dem faller på en
    helg eller helligdag (1. januar, 1. mai): et generert tre har ellers ingen funn."""
    for p in sorted((root / "oppdrag").rglob("*.yaml")):
        text = p.read_text(encoding="utf-8")
        p.write_text(re.sub(r"\b(\d{4}-\d{2})-\d{2}\b", r"\1-01", text), encoding="utf-8")
    return root


def test_data_samme_funn():
    now, old = _funn(PUBLISHED)
    assert now == old
    assert now, "data/ har frister på fridager (kjente funn i grunnlinjen)"


def _gitt_uten_brev(dest: Path) -> Path:
    """data/ med oppdrag 2023-13 (gitt i 2023, et år uten brev i data) gjentatt halvårlig fra
    lørdag 1. juli 2023: i brevet for 2024 er bare datoene fra 2024 igjen, og 1. juli 2023 er
    ingen frist i noe brev (den skal ikke meldes)."""
    shutil.copytree(PUBLISHED, dest)
    edit_once(
        dest / "oppdrag" / "2023-13.yaml",
        "    gjentas: halvårlig\n",
        "    gjentas: halvårlig\n    fra: 2023-07-01\n",
    )
    return dest


def test_gitt_i_et_år_uten_brev_samme_funn(tmp_path):
    now, old = _funn(_gitt_uten_brev(tmp_path / "d"))
    assert now == old
    messages = [m for _, _, _, _, m, _, _ in now]
    assert "oppdrag 2023-13: fristen 01.01.2024 faller på en fridag (mandag, første nyttårsdag)" in messages
    assert not any("2023-13: fristen 01.07.2023" in m for m in messages)


def test_over_tid_samme_funn(tmp_path):
    now, old = _funn(over_tid(tmp_path / "d"))
    assert now == old
    assert {år for *_, år in now} >= {2024}


def test_med_tillegg_samme_funn(tmp_path):
    now, old = _funn(med_tillegg(tmp_path / "d"))
    assert now == old
    assert now


@pytest.mark.parametrize("variant", ["gyldig", "tillegg"])
def test_generert_samme_funn(tmp_path, variant):
    root = _generer(tmp_path / "d", "--variant", variant)
    now, old = _funn(root)
    assert now == old == []  # gyldige trær: ingen frist på en fridag
    now, old = _funn(_fridager(root))
    assert now == old
    assert len(now) > 20 and len({år for *_, år in now}) > 2, "funn for flere brev"


def test_fridager_per_brev_er_expand(tmp_path):
    """Fristene på fridager brev for brev er de `expand(repo, år)` gir, i samme rekkefølge."""
    for root in (over_tid(tmp_path / "o"), med_tillegg(tmp_path / "t"), _gitt_uten_brev(tmp_path / "g")):
        repo = load_model(root).repo
        got = dict(fridager_per_brev(repo))
        fresh = load_model(root).repo
        for år in fresh.years():
            want = [
                (dl.dato, dl.fridag, dl.oppdrag, dl.tittel, dl.location)
                for dl in expand(fresh, år)
                if dl.dato and dl.fridag
            ]
            assert [
                (dl.dato, dl.fridag, dl.oppdrag, dl.tittel, dl.location) for dl in got.get(år, [])
            ] == want, år
