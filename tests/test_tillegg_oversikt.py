"""Gjeldende tildeling i oversiktene (issue 15 punkt 3): `tb frister`, `tb status` og `tb vis` på
eksempelet med tre tillegg til 2024-brevet (eksempler/tillegg-2024, `med_tillegg`).

Tilleggene: nr. 1 (15.03.2024) +8,5 mill. på 670.01; nr. 2 (28.06.2024) +5,0 mill. på 671.62,
nytt oppdrag 2024-17, presisering av 2023-26 (Statusrapport 01.10.2024), 2024-13 del II flyttet
fra 30.09.2024 til 31.10.2024; nr. 3 (15.10.2024) −1,0 mill. på 671.62 og 2024-08 (frist
30.10.2024) trukket.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casekit import med_tillegg
from tildelingsbrev.cli import app

runner = CliRunner()
PUBLISHED = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """Eksempelet, kopiert én gang for modulen (ingen test endrer det)."""
    return med_tillegg(tmp_path_factory.mktemp("tillegg") / "data")


def tb(*args: str, code: int = 0) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == code, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit), repr(res.exception)
    return res.stdout


def frister(data: Path, *args: str) -> list[dict]:
    return json.loads(tb("frister", "--data", str(data), *args, "--format", "json"))


def status(data: Path, *args: str) -> dict:
    return json.loads(tb("status", "--data", str(data), "--år", "2024", *args, "--format", "json"))


def vis(data: Path, oppdrag: str) -> dict:
    return json.loads(tb("vis", oppdrag, "--data", str(data), "--format", "json"))


def line_of(text: str, needle: str) -> str:
    found = [line for line in text.splitlines() if needle in line]
    assert len(found) == 1, f"«{needle}»: {len(found)} linjer"
    return found[0]


def of(rows: list[dict], oppdrag: str) -> list[tuple]:
    return [(r["dato"], r["del"], r["kilde"]) for r in rows if r["oppdrag"] == oppdrag]


def oppdrag(doc: dict, oppdrag_id: str) -> dict:
    found = [o for g in doc["mål"] for o in g["oppdrag"] if o["id"] == oppdrag_id]
    assert len(found) == 1, f"{oppdrag_id}: {len(found)} ganger i oversikten"
    return found[0]


# ---------------------------------------------------------------- tb frister


def test_frister_has_the_new_assignment_the_clarification_and_the_moved_deadline(data):
    rows = frister(data, "--fra", "2024-07-01", "--neste", "6m")
    assert of(rows, "2024-17") == [("2024-11-29", None, "tillegg nr. 2")]
    assert ("2024-10-01", "Statusrapport", "presisert i tillegg nr. 2") in of(rows, "2023-26")
    assert of(rows, "2024-13") == [("2024-10-31", "Del II", "flyttet i tillegg nr. 2")]
    moved = next(r for r in rows if r["oppdrag"] == "2024-13")
    assert moved["flyttet_fra"] == ["2024-09-30"]
    # fristene fra brevet sier «brevet»
    assert {r["kilde"] for r in rows if r["oppdrag"] in ("2024-05", "2024-06")} == {"brevet"}

    text = tb("frister", "--data", str(data), "--fra", "2024-07-01", "--neste", "6m")
    assert "30.09.2024" not in line_of(text, "2024-13 ").split()[0]
    assert line_of(text, "2024-13 ").startswith("31.10.2024")
    assert "(flyttet fra 30.09.2024 i tillegg nr. 2)" in line_of(text, "2024-13 ")
    assert "(gitt i tillegg nr. 2)" in line_of(text, "2024-17 ")
    assert "(presisert i tillegg nr. 2)" in line_of(text, "Statusrapport")
    # en frist fra brevet har ingen kilde i tabellen
    assert "tillegg" not in line_of(text, "2024-05 ")


def test_frister_csv_has_the_source(data):
    text = tb("frister", "--data", str(data), "--fra", "2024-07-01", "--neste", "6m", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert {(r["oppdrag"], r["kilde"]) for r in rows if r["oppdrag"] in ("2024-17", "2024-13")} == {
        ("2024-17", "tillegg nr. 2"),
        ("2024-13", "flyttet i tillegg nr. 2"),
    }


def test_a_supplement_counts_from_its_date(data):
    """Før tillegg nr. 2 (28.06.2024) er 2024-17 ikke gitt, og 2024-13 del II har datoen i brevet."""
    rows = frister(data, "--fra", "2024-06-01", "--neste", "6m")
    assert of(rows, "2024-17") == []
    assert ("2024-09-30", "Del II", "brevet") in of(rows, "2024-13")
    assert not any(r["kilde"] != "brevet" for r in rows)


def test_withdrawn_assignment_is_neither_upcoming_nor_overdue(data):
    # før tillegg nr. 3: 2024-08 (frist 30.10.2024) er kommende, og forfalt etter fristen
    assert [r["dato"] for r in frister(data, "--fra", "2024-10-14", "--neste", "1m") if r["oppdrag"] == "2024-08"] == [
        "2024-10-30"
    ]
    # etter tillegg nr. 3 (15.10.2024): verken kommende eller forfalt
    assert of(frister(data, "--fra", "2024-10-16", "--neste", "1m"), "2024-08") == []
    assert of(frister(data, "--fra", "2024-11-15", "--forfalt"), "2024-08") == []
    # uten tillegget ville den vært forfalt
    assert [r["dato"] for r in frister(PUBLISHED, "--fra", "2024-11-15", "--forfalt") if r["oppdrag"] == "2024-08"] == [
        "2024-10-30"
    ]
    # med --med-levert står den, merket trukket
    rows = [r for r in frister(data, "--fra", "2024-10-16", "--neste", "1m", "--med-levert") if r["oppdrag"] == "2024-08"]
    assert [(r["dato"], r["trukket"], r["trukket_i"], r["levert"]) for r in rows] == [
        ("2024-10-30", "2024-10-15", "tillegg nr. 3", None)
    ]
    text = tb("frister", "--data", str(data), "--fra", "2024-10-16", "--neste", "1m", "--med-levert")
    assert "trukket 15.10.2024 (tillegg nr. 3)" in line_of(text, "2024-08 ")
    # og ikke i kalenderen
    ics = tb("frister", "--data", str(data), "--format", "ics", "--fra", "2024-10-16")
    assert "2024-08" not in ics and "2024-17" in ics


def test_the_letter_year_is_the_current_allocation(data):
    rows = frister(data, "--år", "2024", "--med-levert")
    assert of(rows, "2024-17") == [("2024-11-29", None, "tillegg nr. 2")]
    assert [d for d, _, _ in of(rows, "2024-13")] == ["2024-06-30", "2024-10-31"]


def test_uid_of_a_deadline_from_the_letter_is_the_same_with_and_without_supplements(data):
    """Kalenderabonnementet: en frist fra brevet har samme uid med tilleggene, også når et tillegg
    flytter den (da har den ny dato)."""
    without = {r["uid"]: r for r in frister(PUBLISHED, "--år", "2024", "--med-levert")}
    with_ = {r["uid"]: r for r in frister(data, "--år", "2024", "--med-levert")}
    assert set(without) <= set(with_)
    changed = {u: (without[u]["dato"], with_[u]["dato"]) for u in without if without[u]["dato"] != with_[u]["dato"]}
    assert list(changed.values()) == [("2024-09-30", "2024-10-31")]
    assert {with_[u]["oppdrag"] for u in set(with_) - set(without)} == {"2024-17", "2023-26"}
    # og i kalenderen: samme UID, SEQUENCE 1 for den flyttede
    ics = tb("frister", "--data", str(data), "--format", "ics")
    uid = next(iter(changed))
    event = next(e for e in ics.split("BEGIN:VEVENT")[1:] if f"UID:{uid}" in e)
    assert "DTSTART;VALUE=DATE:20241031" in event and "SEQUENCE:1" in event


def test_without_supplements_nothing_changes():
    rows = frister(PUBLISHED, "--år", "2024", "--med-levert")
    assert {r["kilde"] for r in rows} == {"brevet"}
    assert {r["trukket"] for r in rows} == {None}


# ---------------------------------------------------------------- tb status


def test_status_before_and_after_supplement_2(data):
    before = status(data, "--per", "2024-06-27")
    after = status(data, "--per", "2024-07-01")
    ids = lambda doc: {o["id"] for g in doc["mål"] for o in g["oppdrag"]}  # noqa: E731
    assert "2024-17" not in ids(before)
    assert oppdrag(after, "2024-17")["kilde"] == "tillegg nr. 2"
    assert oppdrag(after, "2024-17")["grunn"] == "gitt i tillegg nr. 2 (28.06.2024)"
    assert [(f["dato"], f["kilde"]) for f in oppdrag(before, "2024-13")["frister"]] == [
        ("2024-06-30", "brevet"),
        ("2024-09-30", "brevet"),
    ]
    assert [(f["dato"], f["kilde"]) for f in oppdrag(after, "2024-13")["frister"]] == [
        ("2024-06-30", "brevet"),
        ("2024-10-31", "flyttet i tillegg nr. 2"),
    ]
    assert ("2024-10-01", "presisert i tillegg nr. 2") in [
        (f["dato"], f["kilde"]) for f in oppdrag(after, "2023-26")["frister"]
    ]
    # tildelingen: tillegg nr. 2 teller ikke 27.06, men 01.07
    assert [t["nr"] for t in before["tildeling"]["tillegg"]] == [1]
    assert [t["nr"] for t in after["tildeling"]["tillegg"]] == [1, 2]
    post = lambda doc: next(p for p in doc["tildeling"]["poster"] if p["post"] == "671.62")  # noqa: E731
    assert post(before)["gjeldende"] == 235_693_000
    assert post(after)["gjeldende"] == 240_693_000


def test_status_withdrawn(data):
    before = status(data, "--per", "2024-10-14")
    after = status(data, "--per", "2024-10-20")
    assert oppdrag(before, "2024-08")["tilstand"] == "i rute"
    o = oppdrag(after, "2024-08")
    assert o["tilstand"] == "trukket"
    assert o["trukket"] == {"dato": "2024-10-15", "tillegg": 3}
    assert [f["tilstand"] for f in o["frister"]] == ["trukket"]
    assert after["tellinger"]["oppdrag"]["trukket"] == 1
    assert after["tellinger"]["frister"]["trukket"] == 1
    # et trukket oppdrag er ikke forfalt etter fristen heller
    late = status(data, "--per", "2024-12-01")
    assert oppdrag(late, "2024-08")["tilstand"] == "trukket"
    text = tb("status", "--data", str(data), "--år", "2024", "--per", "2024-10-20")
    assert "(trukket i tillegg nr. 3)" in line_of(text, "2024-08 ")
    assert "trukket 15.10.2024 (tillegg nr. 3)" in text


def test_status_allocation_per_post(data):
    doc = status(data, "--per", "2024-12-31")
    t = doc["tildeling"]
    assert [(x["nr"], x["dato"]) for x in t["tillegg"]] == [(1, "2024-03-15"), (2, "2024-06-28"), (3, "2024-10-15")]
    post = next(p for p in t["poster"] if p["post"] == "671.62")
    assert post == {
        "post": "671.62",
        "betegnelse": "Kommunale integreringstiltak",
        "brevet": 235_693_000,
        "endringer": [{"tillegg": 2, "endring": 5_000_000}, {"tillegg": 3, "endring": -1_000_000}],
        "gjeldende": 239_693_000,
    }
    assert next(p for p in t["poster"] if p["post"] == "670.01")["gjeldende"] == 385_640_000
    # summen regnes fra postene
    assert t["sum"]["gjeldende"] == sum(p["gjeldende"] for p in t["poster"])
    assert t["sum"]["gjeldende"] - t["sum"]["brevet"] == 8_500_000 + 5_000_000 - 1_000_000

    text = tb("status", "--data", str(data), "--år", "2024", "--per", "2024-12-31")
    assert text.index("Tildeling") < text.index("Mål 1")
    assert line_of(text, "671.62").split() == [
        "671.62", "235", "693", "000", "+5", "000", "000", "-1", "000", "000", "239", "693", "000",
        "Kommunale", "integreringstiltak",
    ]  # fmt: skip
    md = tb("status", "--data", str(data), "--år", "2024", "--per", "2024-12-31", "--format", "md")
    assert "## Tildeling" in md
    assert "| Post | I brevet | Tillegg nr. 1 | Tillegg nr. 2 | Tillegg nr. 3 | Gjeldende | Betegnelse |" in md
    assert "| 671.62 | 235 693 000 |  | +5 000 000 | -1 000 000 | 239 693 000 | Kommunale integreringstiltak |" in md
    raw = tb("status", "--data", str(data), "--år", "2024", "--per", "2024-12-31", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"), newline=""), delimiter=";"))
    row = next(r for r in rows if r["post"] == "671.62")
    assert (row["brevet"], row["tillegg_1"], row["tillegg_2"], row["tillegg_3"], row["gjeldende"]) == (
        "235693000",
        "",
        "5000000",
        "-1000000",
        "239693000",
    )
    assert next(r for r in rows if r["oppdrag"] == "2024-17")["kilde"] == "tillegg nr. 2"


def test_status_without_supplements_has_no_allocation_section():
    doc = json.loads(tb("status", "--data", str(PUBLISHED), "--per", "2024-06-01", "--format", "json"))
    assert doc["tildeling"] is None
    assert "trukket" not in doc["tellinger"]["frister"]
    assert "Tildeling" not in tb("status", "--data", str(PUBLISHED), "--per", "2024-06-01")


# ---------------------------------------------------------------- tb vis


def test_vis_new_assignment(data):
    v = vis(data, "2024-17")
    assert [(e["hva"], e["nr"], e["dato"]) for e in v["tillegg"]] == [("gitt", 2, "2024-06-28")]
    assert v["tillegg"][0]["fil"].endswith("brev/2024/tillegg/tillegg-2.yaml")
    text = tb("vis", "2024-17", "--data", str(data))
    assert "gitt i tillegg nr. 2 (28.06.2024)" in text
    assert line_of(text, "I brevet for:").endswith("ingen; gitt i tillegg nr. 2 (28.06.2024)")


def test_vis_moved_and_clarified(data):
    text = tb("vis", "2024-13", "--data", str(data))
    assert "frist flyttet i tillegg nr. 2 (28.06.2024): Del II 30.09.2024 → 31.10.2024" in text
    assert "31.10.2024  torsdag  Del II, flyttet fra 30.09.2024 i tillegg nr. 2" in text
    v = vis(data, "2023-26")
    assert [(e["hva"], e["nr"], e["frister"]) for e in v["tillegg"]] == [
        ("presisert", 2, ["Statusrapport: underveisrapport 01.10.2024"])
    ]
    assert ("2024-10-01", "presisert i tillegg nr. 2") in [(f["dato"], f["kilde"]) for f in v["frister"]]
    assert "presisert i tillegg nr. 2 (28.06.2024): Statusrapport" in tb("vis", "2023-26", "--data", str(data))


def test_vis_withdrawn(data):
    v = vis(data, "2024-08")
    assert v["trukket"] == {"år": 2024, "nr": 3, "navn": "tillegg nr. 3", "dato": "2024-10-15"}
    assert [e["hva"] for e in v["tillegg"]] == ["trukket"]
    text = tb("vis", "2024-08", "--data", str(data))
    assert line_of(text, "Status:").endswith("trukket i tillegg nr. 3 (15.10.2024)")
    assert "trukket i tillegg nr. 3 (15.10.2024): Arbeidet følges opp" in text
    assert "30.10.2024  onsdag   trukket 15.10.2024 (tillegg nr. 3)" in text


def test_vis_without_supplements():
    v = vis(PUBLISHED, "2024-08")
    assert (v["tillegg"], v["trukket"]) == ([], None)
    assert "Tillegg" not in tb("vis", "2024-08", "--data", str(PUBLISHED)).splitlines()
