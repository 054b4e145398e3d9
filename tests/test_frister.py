"""`tb frister`: hver fristform i brevet for 2024, vinduets kanter, gjentakelser over
årsskifter, og ICS lest tilbake med icalendar sin parser."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from casekit import uten_dato
from tildelingsbrev.cli import app
from tildelingsbrev.deadlines import expand, occurrences
from tildelingsbrev.loading import load

DATA = Path(__file__).resolve().parents[1] / "data"
runner = CliRunner()


def frister(*args: str, data: Path = DATA) -> list[dict]:
    res = runner.invoke(app, ["frister", "--data", str(data), "--format", "json", *args])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def dates_of(rows: list[dict], oppdrag: str) -> list[str]:
    return [r["dato"] for r in rows if r["oppdrag"] == oppdrag]


@pytest.fixture(scope="module")
def alle() -> list[dict]:
    return frister("--fra", "2020-01-01")


def test_parts_interim_report_and_ongoing(alle):
    rows = [r for r in alle if r["oppdrag"] == "2024-06"]
    got = {(r["del"], r["type"], r["dato"], r["løpende"]) for r in rows}
    assert got == {
        ("Del I", "levering", None, True),
        ("Del II", "levering", "2024-12-15", False),
        ("Del II", "underveisrapport", "2024-06-15", False),
    }


def test_numbered_parts_with_yearly_part_until_last_deadline(alle):
    # 2024-04: Del 1 31.12.2026, Del 2 01.08.2024 (årlig), Del 3 31.12.2024
    rows = [(r["del"], r["dato"]) for r in alle if r["oppdrag"] == "2024-04"]
    assert rows == [
        ("Del 2", "2024-08-01"),
        ("Del 3", "2024-12-31"),
        ("Del 2", "2025-08-01"),
        ("Del 2", "2026-08-01"),
        ("Del 1", "2026-12-31"),
    ]


def test_tertial_from_date(alle):
    # «F.o.m 20.03.24», tertialvis; ingen sluttdato: ut oppdragets år
    assert dates_of(alle, "2024-01") == ["2024-03-20", "2024-07-20", "2024-11-20"]


def test_listed_dates(alle):
    # «Årlig rapportering 15. januar 2024,2025, 2026, samt ved behov»
    assert dates_of(alle, "2023-25") == ["2024-01-15", "2025-01-15", "2026-01-15"]


def test_ut_aaret_and_moved_deadline(alle):
    assert dates_of(alle, "2021-07") == ["2024-12-31"]
    moved = [r for r in alle if r["oppdrag"] == "2023-14"]
    assert [(r["dato"], r["flyttet_fra"]) for r in moved] == [("2024-12-31", ["2023-06-01"])]


def test_two_digit_years_mean_2000s(alle):
    assert dates_of(alle, "2023-26") == ["2024-03-29", "2024-12-15"]


def test_deadline_tied_to_report_follows_the_report(tmp_path, alle):
    assert dates_of(alle, "2023-28") == ["2024-08-18"]
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    brev = data / "brev/2024/brev.yaml"
    text = brev.read_text(encoding="utf-8")
    assert "frist: 2024-08-18" in text
    brev.write_text(text.replace("frist: 2024-08-18", "frist: 2024-08-20"), encoding="utf-8")
    moved = frister("--fra", "2020-01-01", data=data)
    assert dates_of(moved, "2023-28") == ["2024-08-20"]


def test_reporting_calendar_and_prose_deadlines(alle):
    rapporter = {(r["tittel"], r["dato"]) for r in alle if r["type"] == "rapport"}
    assert rapporter == {
        ("Årsrapport og regnskap for budsjettåret 2023", "2024-03-15"),
        ("Halvårsrapportering for 2024", "2024-08-18"),
        ("Årsrapport og regnskap for budsjettåret 2024", "2025-03-15"),
    }
    prosa = [r for r in alle if r["type"] == "frist"]
    assert ("2024-10-31", False) in {(r["dato"], r["løpende"]) for r in prosa}
    assert any(r["gjentas"] == "månedlig" and r["dato"] is None for r in prosa)


def test_every_assignment_appears_even_without_date(alle):
    """Hvert oppdrag med frister, og hvert åpent oppdrag uten frist (2023-27 i 2024-brevet),
    står i oversikten; ingen forsvinner stille."""
    repo, _ = load(DATA)
    expected = {d.model.id for d in repo.oppdrag if d.model.frister or d.model.status == "åpen"}
    assert expected <= {r["oppdrag"] for r in alle}
    no_deadline = [r for r in alle if r["oppdrag"] == "2023-27"]
    assert [(r["dato"], r["merknad"]) for r in no_deadline] == [
        (None, "ingen frist i brevet (deloppdrag 2 og 4)")
    ]
    # ongoing ones come after all dated ones
    kinds = [r["dato"] is None for r in alle]
    assert kinds == sorted(kinds)


def test_a_repeat_without_end_says_how_far_it_is_expanded(alle):
    """2024-01 «F.o.m 20.03.24» tertialvis har ingen slutt i brevet: radene sier at de er
    regnet ut til 31.12.2024, så ingen tror at brevet sier det."""
    rows = [r for r in alle if r["oppdrag"] == "2024-01"]
    assert [r["dato"] for r in rows] == ["2024-03-20", "2024-07-20", "2024-11-20"]
    assert {r["merknad"] for r in rows} == {"gjentas til 31.12.2024 (ingen sluttdato i brevet)"}
    # frister som ikke er gjentakelser, får aldri merknaden
    assert all("ingen sluttdato" not in (r["merknad"] or "") for r in alle if r["gjentas"] is None)


def test_the_single_named_part_is_in_the_row(alle):
    """2023-26 gjelder deloppdrag 5 (det eneste, med tittel): raden sier hva som skal leveres."""
    rows = [r for r in alle if r["oppdrag"] == "2023-26"]
    assert rows and all(
        r["tittel"].endswith(", deloppdrag 5: Etablering og oppfølging av nasjonalt tilbud om digital norskopplæring")
        for r in rows
    )
    # 2023-27 har to deloppdrag uten titler: tittelen er som i kapittel 3
    assert {r["tittel"] for r in alle if r["oppdrag"] == "2023-27"} == {
        "Oppfølging av nasjonal plan for mobilisering av ressurser"
    }


def test_window_edges_are_inclusive():
    rows = frister("--fra", "2024-03-01", "--neste", "30d", "--uten-løpende")
    assert [r["dato"] for r in rows] == ["2024-03-15", "2024-03-20", "2024-03-29", "2024-03-31"]
    assert all("2024-03-01" <= r["dato"] <= "2024-03-31" for r in rows)
    # --til tar med sluttdagen; dd.mm.åååå går også
    rows = frister("--fra", "31.03.2024", "--til", "01.04.2024", "--uten-løpende")
    assert [r["oppdrag"] for r in rows] == ["2023-02", "2024-12"]
    assert [r["dager"] for r in rows] == [0, 1]


def test_window_matches_expansion_for_any_window_2024_2027():
    repo, _ = load(DATA)
    dated = [d for d in expand(repo) if d.dato is not None]
    for fra, til in [("2024-01-01", "2024-12-31"), ("2025-02-01", "2025-09-30"), ("2026-06-01", "2027-12-31")]:
        rows = frister("--fra", fra, "--til", til, "--uten-løpende")
        expected = sorted(d.dato.isoformat() for d in dated if fra <= d.dato.isoformat() <= til)
        assert [r["dato"] for r in rows] == expected


def test_sorted_by_date():
    rows = frister("--fra", "2024-01-01", "--neste", "1å", "--uten-løpende")
    assert [r["dato"] for r in rows] == sorted(r["dato"] for r in rows)


def test_overdue_lists_only_open_assignments_before_fra(tmp_path):
    rows = frister("--fra", "2024-04-02", "--forfalt")
    assert {r["oppdrag"] for r in rows} == {"2023-25", "2024-01", "2023-26", "2023-02", "2024-12"}
    assert all(r["dato"] < "2024-04-02" for r in rows)
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    f = data / "oppdrag/2024-12.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "status: levert\nlevert: 2024-03-30\n", encoding="utf-8")
    rows = frister("--fra", "2024-04-02", "--forfalt", data=data)
    assert "2024-12" not in {r["oppdrag"] for r in rows}


def test_filters_goal_and_prefix():
    rows = frister("--fra", "2024-01-01", "--mål", "4")
    assert {r["oppdrag"] for r in rows} == {"2024-13", "2022-24"}
    rows = frister("--fra", "2024-01-01", "--oppdrag", "2021")
    assert {r["oppdrag"] for r in rows} == {"2021-07", "2021-10", "2021-17", "2021-29"}


def test_day_off_is_marked():
    rows = frister("--fra", "2024-03-29", "--til", "2024-04-01", "--uten-løpende")
    assert {r["oppdrag"]: r["fridag"] for r in rows} == {
        "2023-26": "langfredag",
        "2023-02": "første påskedag",
        "2024-12": "andre påskedag",
    }


@pytest.mark.parametrize(
    ("gjentas", "fra", "til", "expected"),
    [
        ("månedlig", date(2024, 11, 15), date(2025, 2, 15), ["2024-11-15", "2024-12-15", "2025-01-15", "2025-02-15"]),
        ("tertialvis", date(2024, 10, 31), date(2025, 7, 1), ["2024-10-31", "2025-02-28", "2025-06-30"]),
        ("halvårlig", date(2024, 8, 1), date(2026, 2, 1), ["2024-08-01", "2025-02-01", "2025-08-01", "2026-02-01"]),
        ("årlig", date(2024, 2, 29), date(2026, 12, 31), ["2024-02-29", "2025-02-28", "2026-02-28"]),
        ("kvartalsvis", date(2024, 11, 30), date(2025, 9, 1), ["2024-11-30", "2025-02-28", "2025-05-30", "2025-08-30"]),
        ("kvartalsvis", date(2024, 3, 31), date(2024, 12, 31), ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]),
        ("annenhver måned", date(2024, 12, 31), date(2025, 6, 30), ["2024-12-31", "2025-02-28", "2025-04-30", "2025-06-30"]),
        ("annethvert år", date(2024, 2, 29), date(2029, 1, 1), ["2024-02-29", "2026-02-28", "2028-02-29"]),
    ],
)
def test_recurrence_across_year_ends(gjentas, fra, til, expected):
    assert [d.date().isoformat() for d in occurrences(gjentas, fra, til)] == expected


def _ics(data: Path = DATA) -> bytes:
    res = runner.invoke(app, ["frister", "--data", str(data), "--format", "ics"])
    assert res.exit_code == 0, res.output
    return res.stdout_bytes


def test_ics_reads_back_one_event_per_dated_deadline():
    raw = _ics()
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk("VEVENT")]
    repo, _ = load(DATA)
    dated = [d for d in expand(repo) if d.dato is not None]
    assert len(events) == len(dated)
    assert len({str(e["UID"]) for e in events}) == len(events)
    for e in events:
        start = e.decoded("DTSTART")
        assert isinstance(start, date) and e.decoded("DTEND") > start  # heldag
        assert "DTSTAMP" in e and str(e["SUMMARY"]).startswith("Frist: ")
    assert {e.decoded("DTSTART") for e in events} == {d.dato for d in dated}
    # en flyttet frist har SEQUENCE = antall flyttinger (2023-14: fra 01.06.2023 til 31.12.2024)
    moved = {str(e["UID"]): int(e["SEQUENCE"]) for e in events}
    for d in dated:
        assert moved[d.uid_for(repo.virksomhet())] == len(d.flyttet_fra)
    assert any(d.flyttet_fra for d in dated)


def _uids(raw: bytes) -> dict[str, date]:
    cal = Calendar.from_ical(raw)
    return {str(e["UID"]): e.decoded("DTSTART") for e in cal.walk("VEVENT")}


def test_ics_is_byte_identical_and_uids_survive_edits(tmp_path):
    first = _ics()
    assert _ics() == first
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    # en urelatert endring: ny frist på et annet oppdrag
    f = data / "oppdrag/2024-16.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("dato: 2024-10-01", "dato: 2024-10-02"), encoding="utf-8")
    before, after = _uids(first), _uids(_ics(data))
    assert set(before) == set(after)
    changed = {uid for uid in before if before[uid] != after[uid]}
    assert len(changed) == 1 and after[changed.pop()] == date(2024, 10, 2)


def test_csv_has_header_and_rows():
    res = runner.invoke(app, ["frister", "--data", str(DATA), "--fra", "2024-03-01", "--neste", "30d", "--format", "csv", "--uten-løpende"])
    assert res.exit_code == 0
    # for norsk Excel: UTF-8 med BOM, semikolon mellom feltene, CRLF
    assert res.stdout.startswith("\ufeffdato;")
    text = res.stdout.encode("utf-8").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [r["dato"] for r in rows] == ["2024-03-15", "2024-03-20", "2024-03-29", "2024-03-31"]
    assert rows[3]["fridag"] == "første påskedag"
    assert rows[1]["tittel"].startswith("Tertialvis analyse av status i arbeidet med")


def test_plain_table_when_piped():
    res = runner.invoke(app, ["frister", "--data", str(DATA), "--fra", "2024-03-01", "--neste", "30d"])
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert lines[0].startswith("Dato")
    assert lines[1].startswith("15.03.2024  fredag")
    assert "løpende" in res.stdout  # løpende frister vises etter de daterte
    assert "\x1b[" not in res.stdout


@pytest.mark.parametrize("args", [["--neste", "3x"], ["--fra", "2024-02-31"], ["--fra", "2024-05-01", "--til", "2024-04-01"]])
def test_bad_window_exits_2_without_traceback(args):
    res = runner.invoke(app, ["frister", "--data", str(DATA), *args])
    assert res.exit_code == 2
    assert "Traceback" not in res.output


# ---------------------------------------------------------------- brevene over tid (issue 13)


@pytest.fixture(scope="module")
def tid(tmp_path_factory) -> Path:
    """Eksempelscenariet (tests/fixtures/over_tid), kopiert én gang for modulen."""
    from casekit import over_tid

    return over_tid(tmp_path_factory.mktemp("frister") / "data")


def reports(rows: list[dict]) -> set[tuple[str, str]]:
    return {(r["tittel"], r["dato"]) for r in rows if r["type"] == "rapport"}


ÅRSRAPPORT_2024 = "Årsrapport og regnskap for budsjettåret 2024"


def test_aar_2025_has_the_2025_letters_annual_report_date(tid):
    rows = frister("--år", "2025", data=tid)
    assert (ÅRSRAPPORT_2024, "2025-03-14") in reports(rows)
    assert (ÅRSRAPPORT_2024, "2025-03-15") not in reports(rows)
    # brevets egen kalender, ikke 2024-brevets
    assert ("Halvårsrapportering for 2024", "2024-08-18") not in reports(rows)
    # fristene i teksten i 2025-brevet, og bare dens oppdrag (2024-10 er levert før brevet)
    assert ("Oppdatert risikovurdering for bosettingsarbeidet", "2025-10-31") in {
        (r["tittel"], r["dato"]) for r in rows if r["type"] == "frist"
    }
    assert "2024-10" not in {r["oppdrag"] for r in frister("--år", "2025", "--med-levert", data=tid)}
    # ASCII-stavingen gjør det samme
    assert frister("--aar", "2025", data=tid) == rows


def test_aar_2024_is_the_2024_letter_as_published(tid):
    """Et senere brev og leveranser endrer ikke fristene i brevet for 2024."""
    rows = frister("--år", "2024", "--fra", "2020-01-01", data=tid)
    assert (ÅRSRAPPORT_2024, "2025-03-15") in reports(rows)
    published = frister("--år", "2024", "--fra", "2020-01-01")

    def key(r):
        return (r["uid"], r["dato"], r["mål"])

    assert sorted(map(key, rows)) == sorted(map(key, published))


def test_without_aar_the_newest_letter_wins(tid):
    rows = frister("--fra", "2025-01-01", "--til", "2025-03-31", data=tid)
    assert reports(rows) == {(ÅRSRAPPORT_2024, "2025-03-14")}
    # en rapport som bare står i et eldre brev, er med i oversikten
    assert ("Halvårsrapportering for 2024", "2024-08-18") in reports(frister("--fra", "2024-01-01", data=tid))
    # målet er det i det nyeste brevet oppdraget er med i (mål_i_brev: {2025: 2})
    assert {r["mål"] for r in rows if r["oppdrag"] == "2023-25"} == {2}


def test_goal_in_the_overview_is_from_the_newest_letter_the_assignment_is_in(tmp_path):
    """2024-10 er levert før 2025-brevet: en ny målplass for 2025 gjelder ikke i oversikten."""
    from casekit import over_tid

    data = over_tid(tmp_path / "data")
    f = data / "oppdrag/2024-10.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "mål_i_brev: {2025: 1}\n", encoding="utf-8")
    rows = frister("--fra", "2020-01-01", "--med-levert", "--oppdrag", "2024-10", data=data)
    assert {r["mål"] for r in rows} == {3}
    # 2024-09 er med i 2025-brevet (levert etter det) under mål 2
    rows = frister("--fra", "2020-01-01", "--med-levert", "--oppdrag", "2024-09", data=data)
    assert {r["mål"] for r in rows} == {2}


def test_uid_is_the_same_in_every_letter_and_the_overview(tid):
    def uids(*args):
        return {(r["oppdrag"], r["dato"]): r["uid"] for r in frister(*args, data=tid) if r["oppdrag"]}

    in_2024 = uids("--år", "2024", "--fra", "2020-01-01")
    in_2025 = uids("--år", "2025", "--fra", "2020-01-01")
    overview = uids("--fra", "2020-01-01")
    common = set(in_2024) & set(in_2025)
    assert ("2023-25", "2025-01-15") in common
    assert all(in_2024[k] == in_2025[k] == overview[k] for k in common)


def test_a_delivered_deadline_is_not_overdue_but_the_undelivered_part_is(tid):
    # 2024-13: Del I (30.06.2024) levert 28.06.2024, Del II (30.09.2024) ikke levert
    rows = frister("--forfalt", "--fra", "2024-10-15", "--oppdrag", "2024-13", data=tid)
    assert [(r["del"], r["dato"]) for r in rows] == [("Del II", "2024-09-30")]
    # 2023-25: fristen 15.01.2025 levert 14.01.2025, de andre datoene er ikke levert
    rows = frister("--forfalt", "--fra", "2025-02-01", "--oppdrag", "2023-25", data=tid)
    assert [r["dato"] for r in rows] == ["2024-01-15"]


def test_a_delivery_after_fra_does_not_count_yet(tid):
    """--forfalt per en dato før leveransen: fristen var forfalt da."""
    rows = frister("--forfalt", "--fra", "2024-06-29", "--oppdrag", "2024-13", data=tid)
    assert rows == []  # Del I er ikke forfalt ennå (30.06), og levert 28.06
    rows = frister("--fra", "2024-06-27", "--til", "2024-07-31", "--oppdrag", "2024-13", data=tid)
    assert [(r["del"], r["levert"], r["levert_ref"]) for r in rows] == [("Del I", "2024-06-28", "24/5012-3")]
    # levert på --fra-dagen eller før: borte fra oversikten, med mindre --med-levert
    assert frister("--fra", "2024-06-28", "--til", "2024-07-31", "--oppdrag", "2024-13", data=tid) == []
    rows = frister("--fra", "2024-06-28", "--til", "2024-07-31", "--oppdrag", "2024-13", "--med-levert", data=tid)
    assert [r["del"] for r in rows] == ["Del I"]


def test_whole_assignment_delivered_hides_it_from_the_date_it_was_delivered(tid):
    # 2024-09: fristen 01.04.2025, hele oppdraget levert 28.03.2025
    window = ("--til", "2025-04-30", "--oppdrag", "2024-09")
    assert [r["dato"] for r in frister("--fra", "2025-03-27", *window, data=tid)] == ["2025-04-01"]
    assert frister("--fra", "2025-03-28", *window, data=tid) == []
    (row,) = frister("--fra", "2025-03-28", *window, "--med-levert", data=tid)
    assert (row["levert"], row["levert_ref"]) == ("2025-03-28", "Notat om kvalitet i introduksjonsprogrammet")


def test_med_levert_marks_the_row_in_the_table(tid):
    res = runner.invoke(
        app,
        ["frister", "--data", str(tid), "--fra", "2024-06-28", "--til", "2024-07-31", "--oppdrag", "2024-13", "--med-levert"],
    )
    assert res.exit_code == 0, res.output
    assert "– Del I ⚑ søndag ✓ levert 28.06.2024 (24/5012-3) (mål 4)" in res.stdout


def test_closed_without_date_is_closed_in_the_overview(tmp_path):
    """status: levert uten dato (en feil, TB113) regnes som levert i oversiktene."""
    from casekit import over_tid

    data = over_tid(tmp_path / "data")
    f = data / "oppdrag/2025-01.yaml"
    f.write_text(f.read_text(encoding="utf-8") + "status: levert\n", encoding="utf-8")
    assert frister("--fra", "2025-01-01", "--oppdrag", "2025-01", data=data) == []
    assert frister("--forfalt", "--fra", "2026-01-01", "--oppdrag", "2025-01", data=data) == []
    rows = frister("--fra", "2025-01-01", "--oppdrag", "2025-01", "--med-levert", data=data)
    assert [(r["dato"], r["levert"]) for r in rows] == [("2025-09-15", None)]


def test_ics_leaves_out_delivered_deadlines_unless_asked(tid):
    def events(*args):
        res = runner.invoke(app, ["frister", "--data", str(tid), "--format", "ics", *args])
        assert res.exit_code == 0, res.output
        return {str(e["UID"]): e for e in Calendar.from_ical(res.stdout_bytes).walk("VEVENT")}

    everything = {
        r["uid"]: r for r in frister("--fra", "2020-01-01", "--med-levert", data=tid) if r["dato"] is not None
    }
    delivered = {u for u, r in everything.items() if r["levert"] is not None}
    assert len(delivered) >= 4  # 2023-25, 2024-13 Del I, 2022-04, 2024-09, 2024-10
    plain = events()
    assert set(plain) == set(everything) - delivered
    marked = events("--med-levert")
    assert set(marked) == set(everything)
    uid = next(u for u, r in everything.items() if r["oppdrag"] == "2024-13" and r["del"] == "Del I")
    assert str(marked[uid]["SUMMARY"]).endswith("(levert 28.06.2024 (24/5012-3))")
    assert "Levert 28.06.2024 (24/5012-3)" in str(marked[uid]["DESCRIPTION"])
    # de andre hendelsene er de samme med og uten --med-levert
    assert all(marked[u].to_ical() == plain[u].to_ical() for u in plain)


def test_unknown_aar_is_a_user_error(tid):
    res = runner.invoke(app, ["frister", "--data", str(tid), "--år", "2023"])
    assert res.exit_code == 2
    assert "fant ikke noe brev for 2023; data har 2024, 2025" in res.output


# ---------------------------------------------------------------- frister uten dato og ansvarlig avdeling


def _uten_dato_data(tmp_path: Path) -> Path:
    return uten_dato(tmp_path / "data")


def test_a_deadline_without_a_date_is_listed_with_its_kind_and_text(tmp_path):
    data = _uten_dato_data(tmp_path)
    rows = [r for r in frister("--fra", "2024-01-01", data=data) if r["oppdrag"] == "2024-16"]
    got = [(r["del"], r["dato"], r["uten_dato"], r["trykt"], r["løpende"], r["ansvarlig"]) for r in rows]
    assert got == [
        ("Del 1", None, "etter hendelse", "Etter gjennomført høring", False, "Integreringsavdelingen"),
        ("Del 2", None, "avtales nærmere", None, False, "Integreringsavdelingen"),
    ]
    # med --uten-løpende er de borte, som de løpende; i kalenderen er de aldri (ingen dato)
    assert not [r for r in frister("--fra", "2024-01-01", "--uten-løpende", data=data) if r["oppdrag"] == "2024-16"]


def test_a_deadline_without_a_date_in_the_table_and_csv(tmp_path):
    data = _uten_dato_data(tmp_path)
    res = runner.invoke(app, ["frister", "--data", str(data), "--fra", "2024-01-01", "--format", "tabell"])
    assert res.exit_code == 0, res.output
    lines = [line for line in res.stdout.splitlines() if "2024-16" in line]
    assert len(lines) == 2
    assert lines[0].startswith("etter hendelse") and "Etter gjennomført høring" in lines[0]
    assert lines[1].startswith("avtales nærmere")
    res = runner.invoke(app, ["frister", "--data", str(data), "--fra", "2024-01-01", "--format", "csv"])
    rows = [r for r in csv.DictReader(io.StringIO(res.stdout.lstrip("\ufeff")), delimiter=";") if r["oppdrag"] == "2024-16"]
    assert [(r["uten_dato"], r["trykt"], r["ansvarlig"]) for r in rows] == [
        ("etter hendelse", "Etter gjennomført høring", "Integreringsavdelingen"),
        ("avtales nærmere", "", "Integreringsavdelingen"),
    ]


def test_a_quarterly_deadline_is_expanded(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "oppdrag" / "2024-16.yaml"
    head, _, _ = path.read_text(encoding="utf-8").partition("frister:")
    path.write_text(head + "frister:\n  - gjentas: kvartalsvis\n    fra: 2024-03-31\n    til: 2024-12-31\n", encoding="utf-8")
    rows = [r for r in frister("--fra", "2024-01-01", data=data) if r["oppdrag"] == "2024-16"]
    assert [(r["dato"], r["gjentas"]) for r in rows] == [
        ("2024-03-31", "kvartalsvis"),
        ("2024-06-30", "kvartalsvis"),
        ("2024-09-30", "kvartalsvis"),
        ("2024-12-31", "kvartalsvis"),
    ]
