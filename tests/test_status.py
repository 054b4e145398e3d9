"""`tb status`: oppfølgingen av ett brev på en dato, i eksempelscenariet over tid
(tests/fixtures/over_tid: 2025-brevet, leveranser og mål nummerert om).

Tilstandene per frist (levert med dato og referanse, avsluttet, forfalt med dager over
fristen, i rute, løpende, uten frist), at en leveranse etter --per ikke teller ennå,
tellingene, og formatene (json, csv, md, tabell) slik brukeren ser dem."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casekit import over_tid, uten_dato
from tildelingsbrev.cli import app

runner = CliRunner()


@pytest.fixture(scope="module")
def tid(tmp_path_factory) -> Path:
    """Scenariet, kopiert én gang for modulen (testene som endrer data, lager sin egen kopi)."""
    return over_tid(tmp_path_factory.mktemp("status") / "data")


def status(data: Path, *args: str, code: int = 0):
    res = runner.invoke(app, ["status", "--data", str(data), *args])
    assert res.exit_code == code, res.output
    return res


def status_json(data: Path, *args: str) -> dict:
    return json.loads(status(data, *args, "--format", "json").stdout)


def oppdrag(doc: dict, oppdrag_id: str) -> dict:
    found = [o for g in doc["mål"] for o in g["oppdrag"] if o["id"] == oppdrag_id]
    assert len(found) == 1, f"{oppdrag_id}: {len(found)} ganger i oversikten"
    return found[0]


def states(doc: dict, oppdrag_id: str) -> list[tuple]:
    """(dato, tilstand, dager, levert, levert_ref) for fristene til ett oppdrag."""
    return [
        (f["dato"], f["tilstand"], f["dager"], f["levert"], f["levert_ref"])
        for f in oppdrag(doc, oppdrag_id)["frister"]
    ]


# ---------------------------------------------------------------- tilstandene


def test_every_state_in_the_2025_letter(tid):
    doc = status_json(tid, "--år", "2025", "--per", "2025-06-01")
    assert (doc["år"], doc["per"], doc["brevdato"]) == (2025, "2025-06-01", "2024-12-20")
    # én av tre datoer levert (dagen før fristen), den neste i rute
    assert states(doc, "2023-25") == [
        ("2025-01-15", "levert", -137, "2025-01-14", "25/18-2"),
        ("2026-01-15", "i rute", 228, None, None),
    ]
    # en rapportfrist for 2025 som ikke er levert: forfalt, dager over fristen som negativt tall
    assert states(doc, "2025-02") == [
        ("2025-02-14", "forfalt", -107, None, None),
        ("2026-02-13", "i rute", 257, None, None),
    ]
    assert states(doc, "2025-03") == [(None, "løpende", None, None, None)]
    assert states(doc, "2023-27") == [(None, "uten frist", None, None, None)]
    # fristen som følger en rapport, har datoen rapporten har i 2025-brevet
    assert states(doc, "2025-05") == [("2025-08-15", "i rute", 75, None, None)]
    # hele oppdraget levert (status: levert) før fristen
    assert states(doc, "2024-09") == [
        ("2025-04-01", "levert", -61, "2025-03-28", "Notat om kvalitet i introduksjonsprogrammet")
    ]
    # oppdragets tilstand: forfalt når én frist er det, levert når alle er levert
    assert oppdrag(doc, "2025-02")["tilstand"] == "forfalt"
    assert oppdrag(doc, "2024-09")["tilstand"] == "levert"
    assert oppdrag(doc, "2023-25")["tilstand"] == "i rute"


def test_only_the_letters_assignments_and_deadlines(tid):
    """Brevet for 2025 har det snapshot sier: ikke 2024-10 (levert før brevet), ikke 2023-28
    (fulgte halvårsrapporten for 2024), og 2024-04 uten «Del 3» (31.12.2024)."""
    doc = status_json(tid, "--år", "2025", "--per", "2025-06-01")
    ids = {o["id"] for g in doc["mål"] for o in g["oppdrag"]}
    assert {"2024-10", "2023-28"}.isdisjoint(ids)
    assert {"2025-01", "2025-06", "2022-04", "2024-09", "2024-04"} <= ids
    parts = [(f["del"], f["dato"]) for f in oppdrag(doc, "2024-04")["frister"]]
    assert ("Del 3", "2024-12-31") not in parts
    assert all(f["dato"] is None or f["dato"] >= "2025-01-01" for _, o, f in _rows(doc))


def _rows(doc: dict):
    return [(g, o, f) for g in doc["mål"] for o in g["oppdrag"] for f in o["frister"]]


def test_goals_in_the_letters_order_with_renumbered_assignments(tid):
    doc = status_json(tid, "--år", "2025", "--per", "2025-06-01")
    assert [g["nr"] for g in doc["mål"]] == [1, 2, 3]
    assert all(g["tittel"] for g in doc["mål"])
    # 2023-25 står under mål 3 i 2024 og under mål 2 i 2025 (mål_i_brev)
    under = {o["id"]: g["nr"] for g in doc["mål"] for o in g["oppdrag"]}
    assert under["2023-25"] == 2
    doc24 = status_json(tid, "--år", "2024", "--per", "2024-06-01")
    assert {o["id"]: g["nr"] for g in doc24["mål"] for o in g["oppdrag"]}["2023-25"] == 3


def test_a_delivery_counts_from_its_date_not_before(tid):
    """--per før leveransen: fristen er i rute (eller forfalt); samme dag og senere: levert."""
    before = status_json(tid, "--år", "2025", "--per", "2025-06-29")
    assert states(before, "2022-04") == [("2025-12-31", "i rute", 185, None, None)]
    on = status_json(tid, "--år", "2025", "--per", "2025-06-30")
    assert states(on, "2022-04") == [("2025-12-31", "levert", 184, "2025-06-30", "25/311-4")]
    # 2024-13 Del I (30.06.2024) levert 28.06.2024; Del II (30.09.2024) aldri levert
    doc = status_json(tid, "--år", "2024", "--per", "2024-06-27")
    assert [f[1] for f in states(doc, "2024-13")] == ["i rute", "i rute"]
    doc = status_json(tid, "--år", "2024", "--per", "2024-10-01")
    assert states(doc, "2024-13") == [
        ("2024-06-30", "levert", -93, "2024-06-28", "24/5012-3"),
        ("2024-09-30", "forfalt", -1, None, None),
    ]
    assert oppdrag(doc, "2024-13")["tilstand"] == "forfalt"


def test_closed_assignment_and_closed_without_date(tmp_path):
    data = over_tid(tmp_path / "data")
    f = data / "oppdrag/2025-01.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "status: avsluttet\navsluttet: 2025-03-01\n", encoding="utf-8")
    g = data / "oppdrag/2025-04.yaml"
    g.write_text(g.read_text(encoding="utf-8") + "status: levert\n", encoding="utf-8")  # uten dato
    doc = status_json(data, "--år", "2025", "--per", "2025-06-01")
    assert [s[:2] for s in states(doc, "2025-01")] == [("2025-09-15", "avsluttet")]
    assert states(doc, "2025-01")[0][3] == "2025-03-01"
    # levert uten dato (en feil, TB113) regnes som lukket i oversiktene
    assert [s[1] for s in states(doc, "2025-04")] == ["levert"]
    assert doc["tellinger"]["frister"]["avsluttet"] == 1


# ---------------------------------------------------------------- tellingene


def test_counts_per_state_for_deadlines_and_assignments(tid):
    doc = status_json(tid, "--år", "2025", "--per", "2025-06-01")
    rows = _rows(doc)
    counted = doc["tellinger"]
    assert list(counted["frister"]) == ["levert", "avsluttet", "forfalt", "i rute", "løpende", "uten frist"]
    for state, n in counted["frister"].items():
        assert n == sum(f["tilstand"] == state for _, _, f in rows), state
    assignments = [o for g in doc["mål"] for o in g["oppdrag"]]
    for state, n in counted["oppdrag"].items():
        assert n == sum(o["tilstand"] == state for o in assignments), state
    assert counted["frister"]["forfalt"] >= 3 and counted["frister"]["levert"] == 2
    # tabellen har de samme tallene til slutt
    text = status(tid, "--år", "2025", "--per", "2025-06-01").stdout
    tail = text.splitlines()[-8:]
    assert tail[0].split() == ["Status", "Frister", "Oppdrag"]
    assert tail[-1].split() == ["i", "alt", str(len(rows)), str(len(assignments))]
    assert f"forfalt {counted['frister']['forfalt']} {counted['oppdrag']['forfalt']}" in [
        " ".join(line.split()) for line in tail
    ]


def test_goal_filter(tid):
    doc = status_json(tid, "--år", "2025", "--per", "2025-06-01", "--mål", "3")
    assert [g["nr"] for g in doc["mål"]] == [3]
    ids = {o["id"] for o in doc["mål"][0]["oppdrag"]}
    assert {"2025-03", "2025-06", "2022-24"} <= ids
    assert status_json(tid, "--aar", "2025", "--per", "2025-06-01", "--maal", "3") == doc


# ---------------------------------------------------------------- formatene


def test_plain_table_when_piped(tid):
    out = status(tid, "--år", "2025", "--per", "2025-06-01").stdout
    assert out.startswith("Status for tildelingsbrevet for 2025 til IMDi. Per 01.06.2025; brevet er datert 20.12.2024.\n")
    assert "\x1b[" not in out
    assert "\nMål 1: " in out and "\nMål 3: " in out
    assert "  2023-25 Oppfølging av Handlingsplanen for kjønns- og seksualitetsmangfold 2023-2026 (gitt i 2023)" in out
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert "15.01.2025 levert 14.01.2025 (25/18-2) rapportering, Årlig rapportering" in lines
    assert "14.02.2025 forfalt, 107 dager over fristen rapportering" in lines
    assert "løpende løpende levering" in lines
    assert "– uten frist ingen frist i brevet (deloppdrag 2 og 4)" in lines


def test_markdown_for_the_meeting_document(tid):
    out = status(tid, "--år", "2025", "--per", "2025-06-01", "--format", "md").stdout
    lines = out.splitlines()
    assert lines[0] == "# Status for tildelingsbrevet for 2025 til IMDi"
    assert "Per 1. juni 2025; brevet er datert 20. desember 2024." in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings[:3] == [
        "## Mål 1: Innvandrere deltar i arbeid og kvalifisering",
        "## Mål 2: Innvandrere har høy deltakelse i samfunnsliv",
        "## Mål 3: Bosettingen er styrt og spredt, rask og treffsikker",
    ]
    assert headings[-1] == "## Oppsummering"
    assert lines.count("| Oppdrag | Frist | Gjelder | Status |") == 3
    # oppdraget på første rad, de neste fristene med tom første celle; forfalt i fet skrift
    i = lines.index(
        "| 2025-02 Rapportere om bruken av tilskudd til integreringsarbeid i regi av sivilsamfunn "
        "| 14.02.2025 | rapportering | **forfalt, 107 dager over fristen** |"
    )
    assert lines[i + 1] == "|  | 13.02.2026 | rapportering | i rute, 257 dager igjen |"
    assert "|  | 15.01.2026 | rapportering, Årlig rapportering | i rute, 228 dager igjen |" in lines
    # hver rad har like mange celler som overskriften i tabellen sin
    summary = lines.index("| Status | Frister | Oppdrag |")
    assert all(x.count("|") == 5 for x in lines[:summary] if x.startswith("|"))
    assert all(x.count("|") == 4 for x in lines[summary:] if x.startswith("|"))
    assert lines[summary + 2 :] == [
        "| levert | 2 | 1 |",
        "| avsluttet | 0 | 0 |",
        "| forfalt | 4 | 4 |",
        "| i rute | 16 | 9 |",
        "| løpende | 4 | 3 |",
        "| uten frist | 1 | 1 |",
        "| **I alt** | 27 | 18 |",
    ]


def test_markdown_escapes_text_from_data(tmp_path):
    data = over_tid(tmp_path / "data")
    f = data / "oppdrag/2025-01.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(
        text.replace("tittel: Kartlegge behovet for tolker i kommunene", 'tittel: "Tolker | *alle* <b>kommuner</b>"'),
        encoding="utf-8",
    )
    out = status(data, "--år", "2025", "--per", "2025-06-01", "--format", "md").stdout
    row = next(line for line in out.splitlines() if "2025-01" in line)
    assert "Tolker \\| \\*alle\\* \\<b\\>kommuner\\</b\\>" in row
    assert row.count(" | ") == 3  # fire celler: skilletegnet i tittelen er ikke et nytt


def test_csv_one_row_per_deadline(tid):
    res = status(tid, "--år", "2025", "--per", "2025-06-01", "--format", "csv")
    assert res.stdout.startswith("\ufeffmål;mål_tittel;oppdrag;")
    rows = list(csv.DictReader(io.StringIO(res.stdout.lstrip("\ufeff"), newline=""), delimiter=";"))
    doc = status_json(tid, "--år", "2025", "--per", "2025-06-01")
    assert len(rows) == len(_rows(doc))
    r = next(r for r in rows if r["oppdrag"] == "2023-25" and r["dato"] == "2025-01-15")
    assert (r["mål"], r["tilstand"], r["levert"], r["levert_ref"]) == ("2", "levert", "2025-01-14", "25/18-2")


def test_output_file(tid, tmp_path):
    out = tmp_path / "status.md"
    res = status(tid, "--år", "2025", "--per", "2025-06-01", "--format", "md", "-o", str(out))
    assert res.stdout == ""
    assert out.read_text(encoding="utf-8").startswith("# Status for tildelingsbrevet for 2025 til IMDi\n")
    assert "Skrev" in res.stderr


def test_newest_letter_by_default(tid):
    doc = status_json(tid, "--per", "2025-06-01")
    assert doc["år"] == 2025


def test_the_published_letter(tmp_path):
    data = Path(__file__).resolve().parents[1] / "data"
    doc = status_json(data, "--per", "2024-06-01")
    assert doc["år"] == 2024 and doc["brevdato"] is None
    assert [g["nr"] for g in doc["mål"]] == [1, 2, 3, 4, 5, 6]
    assert doc["tellinger"]["frister"]["levert"] == 0
    # samme utdata to ganger
    assert status(data, "--per", "2024-06-01", "--format", "md").stdout == status(
        data, "--per", "2024-06-01", "--format", "md"
    ).stdout


# ---------------------------------------------------------------- brukerfeil


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--år", "2023"], "tb: fant ikke noe brev for 2023; data har 2024, 2025"),
        (["--per", "2025-02-30"], "tb: ugyldig dato for --per: «2025-02-30»: februar 2025 har 28 dager"),
        (["--mål", "4"], "tb: fant ikke mål 4 i brevet for 2025; målene i brevet: 1, 2 og 3"),
        (["--format", "pdf"], None),
    ],
)
def test_user_errors_one_line_exit_2(tid, args, message):
    from casekit import run_tb

    (r,) = run_tb(tid, ("status", "--data", str(tid), *args))
    assert r.code == 2, r
    if message is not None:
        assert r.stderr.strip() == message


def test_no_letter_is_a_user_error(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "oppdrag", data / "oppdrag")
    res = runner.invoke(app, ["status", "--data", str(data)])
    assert res.exit_code == 2
    assert "fant ikke noe brev" in res.output


# ---------------------------------------------------------------- frister uten dato og ansvarlig avdeling


def _med_uten_dato(tmp_path: Path) -> Path:
    return uten_dato(tmp_path / "data")


def test_deadlines_without_a_date_have_their_own_state(tmp_path):
    data = _med_uten_dato(tmp_path)
    doc = status_json(data, "--år", "2024", "--per", "2024-06-30")
    o = oppdrag(doc, "2024-16")
    assert o["ansvarlig"] == "Integreringsavdelingen"
    assert o["tilstand"] == "uten dato"
    assert [(f["del"], f["uten_dato"], f["trykt"], f["tilstand"], f["dato"]) for f in o["frister"]] == [
        ("Del 1", "etter hendelse", "Etter gjennomført høring", "uten dato", None),
        ("Del 2", "avtales nærmere", None, "uten dato", None),
    ]
    assert doc["tellinger"]["frister"]["uten dato"] == 2
    assert doc["tellinger"]["oppdrag"]["uten dato"] == 1


def test_the_state_without_a_date_is_only_counted_when_a_letter_has_one():
    doc = status_json(Path(__file__).resolve().parents[1] / "data", "--år", "2024", "--per", "2024-06-30")
    assert "uten dato" not in doc["tellinger"]["frister"]


def test_deadlines_without_a_date_in_the_text_csv_and_markdown(tmp_path):
    data = _med_uten_dato(tmp_path)
    text = status(data, "--år", "2024", "--per", "2024-06-30", "--format", "tabell").stdout
    block = text[text.index("2024-16") :].splitlines()
    assert "(ansvarlig: Integreringsavdelingen)" in block[0]
    assert block[1].split() [:2] == ["etter", "hendelse"] and "«Etter gjennomført høring»" in block[1]
    assert block[2].split()[:2] == ["avtales", "nærmere"]
    assert any(line.startswith("uten dato") for line in text.splitlines())
    rows = list(csv.DictReader(io.StringIO(status(data, "--år", "2024", "--per", "2024-06-30", "--format", "csv").stdout.lstrip("\ufeff")), delimiter=";"))
    mine = [r for r in rows if r["oppdrag"] == "2024-16"]
    assert [(r["uten_dato"], r["trykt"], r["ansvarlig"], r["tilstand"]) for r in mine] == [
        ("etter hendelse", "Etter gjennomført høring", "Integreringsavdelingen", "uten dato"),
        ("avtales nærmere", "", "Integreringsavdelingen", "uten dato"),
    ]
    md = status(data, "--år", "2024", "--per", "2024-06-30", "--format", "md").stdout
    assert "| avtales nærmere | Del 2 | uten dato |" in md
