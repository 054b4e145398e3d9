"""Brevene over tid, slik brukeren ser dem: `tb render` og `tb vis` når tiden går.

Et brev er et øyeblikksbilde (model/snapshot.py). Brevet for 2024 gjengis byte for byte likt
(Markdown, HTML og PDF) etter at brevet for 2025, leveranser, avsluttede oppdrag og nye oppdrag
er lagt til, og brevet for 2025 har bare det som var åpent med noe igjen da det ble skrevet:
utløpte deler og datoer er borte, oppdrag levert før brevet er ikke med, og målene står med
numrene de har i 2025. `tb vis` sier hvilke brev et oppdrag er med i og hvorfor.

Scenariet er tests/fixtures/over_tid (se README der) lagt over en kopi av data/.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from casekit import OVER_TID, PUBLISHED, over_tid
from casekit import edit_once as _edit
from casekit import tb_in_process as _tb
from tildelingsbrev.pipeline import load_model
from tildelingsbrev.rendering import render

GOLDEN = Path(__file__).parent / "golden"


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(text)


def _formats() -> list[str]:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return ["md", "html"]
    return ["md", "html", "pdf"]


def _render_cli(data: Path, år: int, out: Path) -> bytes:
    """`tb render --år ÅR -o FIL`, som brukeren gjør; bytene i fila."""
    res = _tb("render", "--data", str(data), "--år", str(år), "-o", str(out))
    assert res.exit_code == 0, res.output
    return out.read_bytes()


def _time_passes(data: Path) -> None:
    """Alt som skjer etter 2024-brevet: brevet for 2025 med nye oppdrag, mål nummerert om og
    leveranser (eksempelscenariet), og i tillegg leveranser og et avsluttet oppdrag i 2024,
    etter at 2024-brevet ble skrevet (1. januar 2024; det har ingen dato)."""
    for folder in ("brev", "mål", "styringsparametere", "budsjett", "oppdrag"):
        shutil.copytree(OVER_TID / folder, data / folder, dirs_exist_ok=True)
    oppdrag = data / "oppdrag"
    # hele oppdraget levert i 2024 (fristen fulgte halvårsrapporten)
    _append(oppdrag / "2023-28.yaml", "status: levert\nlevert: 2024-08-16\nreferanse: 24/1234-5\n")
    # avsluttet i 2024 uten leveranse
    _append(oppdrag / "2021-07.yaml", "status: avsluttet\navsluttet: 2024-03-01\n")
    # den siste delen levert (scenariet har Del I, og `leveranser` er siste nøkkel i fila)
    _append(oppdrag / "2024-13.yaml", "  - del: Del II\n    dato: 2024-09-27\n    ref: 24/5012-9\n")
    # den første datoen i en gjentakelse uten slutt
    _append(oppdrag / "2024-01.yaml", "leveranser:\n  - frist: 2024-03-20\n    dato: 2024-03-19\n")


@pytest.mark.parametrize("fmt", _formats())
def test_the_2024_letter_is_byte_identical_after_time_passes(tmp_path, fmt):
    data = tmp_path / "data"
    shutil.copytree(PUBLISHED, data)
    before = _render_cli(data, 2024, tmp_path / f"før.{fmt}")
    if fmt != "pdf":
        assert before == (GOLDEN / f"brev-2024.{fmt}").read_bytes()
    _time_passes(data)
    # tiden har gått: det finnes et nyere brev, og 2024-oppdragene er levert
    assert (data / "brev" / "2025" / "brev.yaml").is_file()
    assert "levert: 2024-08-16" in (data / "oppdrag" / "2023-28.yaml").read_text(encoding="utf-8")
    after = _render_cli(data, 2024, tmp_path / f"etter.{fmt}")
    assert after == before
    # og brevet for 2025 lages fra det samme treet
    assert _render_cli(data, 2025, tmp_path / f"2025.{fmt}")


def test_a_report_deadline_keeps_the_date_its_own_letter_gave_it(tmp_path):
    """2024-11 følger årsrapporten for 2024: 15.03.2025 i 2024-brevet, 14.03.2025 i
    2025-brevet. At 2025-brevet flytter rapporten, endrer ikke 2024-brevet."""
    data = tmp_path / "data"
    shutil.copytree(PUBLISHED, data)
    old, new = "  - dato: 2025-04-01\n", "  - rapport: årsrapport-2024\n"
    _edit(data / "oppdrag" / "2024-11.yaml", old, new)
    before = render(load_model(data).repo, 2024, "md")
    assert b"| 2024-11 |" in before
    assert "Årsrapport og regnskap for budsjettåret 2024 (15.03.2025)".encode() in before
    _time_passes(data)
    _edit(data / "oppdrag" / "2024-11.yaml", old, new)  # scenariets fil har datoen
    repo = load_model(data).repo
    assert render(repo, 2024, "md") == before
    md25 = render(repo, 2025, "md").decode()
    row = _overview(md25)["2024-11"]
    assert "Årsrapport og regnskap for budsjettåret 2024 (14.03.2025)" in row["frist"]


# ---------------------------------------------------------------- brevet for 2025


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Path:
    return over_tid(tmp_path_factory.mktemp("tid") / "data")


@pytest.fixture(scope="module")
def md2025(scenario) -> str:
    return render(load_model(scenario).repo, 2025, "md").decode("utf-8")


def _goal_tables(md: str) -> dict[int, dict[str, list[str]]]:
    """Oppdragene per mål i kapittelet om mål: {nr: {"nye": [...], "tidligere": [...]}}."""
    out: dict[int, dict[str, list[str]]] = {}
    current = table = None
    for line in md.splitlines():
        if line.startswith("#"):
            if line.lstrip("#").strip().startswith("Mål "):
                nr = int(line.lstrip("#").split()[1].rstrip(":"))
                current = out.setdefault(nr, {"nye": [], "tidligere": []})
            else:
                current = None
            table = None
        elif current is not None and line.startswith("Oppdrag som er gitt tidligere"):
            table = current["tidligere"]
        elif current is not None and line.startswith("Oppdrag som skal bidra"):
            table = current["nye"]
        elif table is not None and line.startswith("| ") and not line.startswith("| Oppdrag"):
            table.append(line.split(" | ")[0].strip("| "))
    return out


def _overview(md: str) -> dict[str, dict[str, str]]:
    """Radene i vedlegg 1 (alle oppdragene i brevet): {id: {tittel, mål, frist, fou}}."""
    rows = md.split("## Vedlegg nr. 1 Oppdrag", 1)[1]
    out = {}
    for line in rows.splitlines():
        if line.startswith("| 20"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            out[cells[0]] = dict(zip(("tittel", "mål", "frist", "fou"), cells[1:], strict=True))
    return out


def test_2025_lists_what_was_open_with_something_left(md2025):
    rows = _overview(md2025)
    for oppdrag in ("2023-28", "2024-10", "2024-13", "2021-10", "2023-14"):
        assert oppdrag not in md2025
    # levert i 2025, etter brevet for 2025 (20.12.2024): fortsatt med
    assert rows["2022-04"]["frist"] == "31.12.2025"
    assert rows["2024-09"]["frist"] == "01.04.2025"
    # åpent uten frist: med til det er levert eller avsluttet
    assert rows["2023-27"]["frist"] == "–"
    # nye oppdrag har alle fristene sine
    assert rows["2025-05"]["frist"] == "Halvårsrapportering for 2025 (15.08.2025)"
    assert list(rows) == [
        *("2022-04", "2022-24", "2023-03", "2023-13", "2023-25", "2023-27"),
        *("2024-01", "2024-04", "2024-06", "2024-07", "2024-09", "2024-11"),
        *(f"2025-0{n}" for n in range(1, 7)),
    ]


def test_2025_prints_only_the_deadlines_that_are_left(md2025):
    rows = _overview(md2025)
    assert rows["2024-04"]["frist"] == "Del 1: 31.12.2026; Del 2: F.o.m. 01.08.2024 (årlig)"
    assert "Del 3" not in rows["2024-04"]["frist"]
    assert rows["2024-06"]["frist"] == "Del I: Løpende"  # Del II (2024) er borte
    # 15.01.2024 er utløpt; 15.01.2025 var ikke levert da brevet ble skrevet
    assert rows["2023-25"]["frist"] == "Årlig rapportering: 15.01.2025 og 15.01.2026, samt ved behov"


def test_2025_places_assignments_under_the_goals_of_2025(md2025):
    tables = _goal_tables(md2025)
    assert sorted(tables) == [1, 2, 3]
    assert tables[1]["nye"] == ["2025-01", "2025-04"]
    assert tables[3]["tidligere"] == ["2023-13", "2022-24"]  # mål 5 og 4 i 2024
    assert "2024-04" in tables[1]["tidligere"]  # mål 2 i 2024
    assert "2023-25" in tables[2]["tidligere"]  # mål 3 i 2024
    assert _overview(md2025)["2022-24"]["mål"] == "3"
    for nr in (1, 2, 3):
        heading = (
            f"Oppdrag som er gitt tidligere med leveringsfrist i 2025 eller senere som skal "
            f"bidra til å oppnå mål nr. {nr}:"
        )
        assert heading in md2025
    assert "leveringsfrist i 2024" not in md2025


def test_2025_html_has_the_same_assignments(scenario, md2025):
    html = render(load_model(scenario).repo, 2025, "html").decode("utf-8")
    for oppdrag in _overview(md2025):
        assert f">{oppdrag}<" in html
    assert "2023-28" not in html and "Del 3: 31.12.2024" not in html


# ---------------------------------------------------------------- tb vis


def _vis(data: Path, oppdrag: str) -> tuple[list[str], dict]:
    text = _tb("vis", oppdrag, "--data", str(data))
    assert text.exit_code == 0, text.output
    js = _tb("vis", oppdrag, "--data", str(data), "--format", "json")
    assert js.exit_code == 0, js.output
    return text.stdout.splitlines(), json.loads(js.stdout)


def _section(lines: list[str], head: str) -> list[str]:
    start = lines.index(head) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
    return lines[start:end]


def test_vis_says_which_letters_and_why(scenario):
    lines, v = _vis(scenario, "2024-10")
    assert _section(lines, "Brevene") == [
        "  med i brevet for 2024: gitt i 2024",
        "    mål 3 Innvandrere har høy deltakelse i samfunnsliv",
        "    frist: Inngå i årsrapport for de særskilte tjenestene: 01.04.2025",
        "  ikke med i brevet for 2025: levert 15.11.2024, før brevet for 2025",
    ]
    assert "Status:       levert 15.11.2024" in lines
    assert v["brev"] == [2024]
    assert [(b["år"], b["med"], b["grunn"]) for b in v["brevene"]] == [
        (2024, True, "gitt i 2024"),
        (2025, False, "levert 15.11.2024, før brevet for 2025"),
    ]
    assert v["brevene"][1]["mål"] is None and v["brevene"][1]["frister"] == []


def test_vis_shows_the_goal_and_the_deadlines_of_each_letter(scenario):
    lines, v = _vis(scenario, "2024-04")
    assert "Mål:          1 Innvandrere deltar i arbeid og kvalifisering (i brevet for 2025)" in lines
    assert _section(lines, "Brevene") == [
        "  med i brevet for 2024: gitt i 2024",
        "    mål 2 Kvalifiseringen for nyankomne er målrettet og har høy kvalitet",
        "    frister: Del 1: 31.12.2026; Del 2: F.o.m. 01.08.2024 (årlig); Del 3: 31.12.2024",
        "  med i brevet for 2025: åpent, frist 01.08.2025 (gitt i 2024)",
        "    mål 1 Innvandrere deltar i arbeid og kvalifisering",
        "    frister: Del 1: 31.12.2026; Del 2: F.o.m. 01.08.2024 (årlig)",
    ]
    assert [b["mål"]["nr"] for b in v["brevene"]] == [2, 1]
    assert v["mål"] == {"nr": 1, "tittel": "Innvandrere deltar i arbeid og kvalifisering", "år": 2025}
    _, v = _vis(scenario, "2023-27")
    assert [(b["år"], b["grunn"], b["frister"]) for b in v["brevene"]] == [
        (2024, "åpent, uten frist (gitt i 2023)", []),
        (2025, "åpent, uten frist (gitt i 2023)", []),
    ]


def test_vis_shows_each_delivery(scenario):
    lines, v = _vis(scenario, "2024-13")
    assert _section(lines, "Leveranser") == ["  Del I: levert 28.06.2024 (24/5012-3)"]
    assert _section(lines, "Frister") == [
        "  30.06.2024  søndag   Del I, ⚑ søndag, levert 28.06.2024 (24/5012-3)",
        "  30.09.2024  mandag   Del II",
    ]
    assert v["leveranser"] == [{"del": "Del I", "frist": None, "dato": "2024-06-28", "ref": "24/5012-3"}]
    assert [(f["levert"], f["levert_ref"]) for f in v["frister"]] == [
        ("2024-06-28", "24/5012-3"),
        (None, None),
    ]
    assert "  ikke med i brevet for 2025: ingen frist igjen i 2025 eller senere (gitt i 2024)" in lines

    lines, v = _vis(scenario, "2023-25")
    assert _section(lines, "Leveranser") == ["  frist 15.01.2025: levert 14.01.2025 (25/18-2)"]
    assert [(f["dato"], f["levert"]) for f in v["frister"]] == [
        ("2024-01-15", None),
        ("2025-01-15", "2025-01-14"),
        ("2026-01-15", None),
    ]


def test_vis_shows_a_delivered_assignment_with_date_and_reference(scenario):
    lines, v = _vis(scenario, "2022-04")
    assert "Status:       levert 30.06.2025 (25/311-4)" in lines
    assert (v["status"], v["levert"], v["referanse"]) == ("levert", "2025-06-30", "25/311-4")
    # hele oppdraget er levert: fristen også
    assert _section(lines, "Frister") == ["  31.12.2025  onsdag   levert 30.06.2025 (25/311-4)"]
    # levert etter brevet for 2025: med i begge brevene
    assert v["brev"] == [2024, 2025]


def test_vis_an_assignment_for_a_year_without_a_letter(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PUBLISHED, data)
    (data / "oppdrag" / "2026-01.yaml").write_text(
        "id: 2026-01\ntittel: Et oppdrag for et år uten brev\nmål: 1\nfrister:\n  - dato: 2026-06-01\n",
        encoding="utf-8",
    )
    lines, v = _vis(data, "2026-01")
    assert _section(lines, "Brevene") == ["  ingen; det finnes ikke noe brev for 2026 eller senere i data"]
    assert (v["brev"], v["brevene"]) == ([], [])


def test_vis_an_assignment_closed_without_delivery(tmp_path):
    data = over_tid(tmp_path / "data")
    _append(
        data / "oppdrag" / "2024-07.yaml", "status: avsluttet\navsluttet: 2025-02-01\nreferanse: 25/77-1\n"
    )
    lines, v = _vis(data, "2024-07")
    assert "Status:       avsluttet 01.02.2025 (25/77-1)" in lines
    assert _section(lines, "Frister") == ["  31.12.2027  fredag   avsluttet 01.02.2025 (25/77-1)"]
    assert (v["status"], v["avsluttet"], v["levert"]) == ("avsluttet", "2025-02-01", None)
    # avsluttet etter brevet for 2025: fortsatt med i det
    assert v["brev"] == [2024, 2025]
