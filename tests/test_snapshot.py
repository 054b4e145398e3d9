"""Brevene over tid (model/snapshot.py): hva hvert brev inneholder, på det publiserte brevet
for 2024 og på eksempelscenariet med brevet for 2025 (tests/fixtures/over_tid)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from casekit import PUBLISHED, over_tid
from tildelingsbrev.model import snapshot
from tildelingsbrev.pipeline import load_model


def _repo(root: Path):
    return load_model(root).repo


def _ids(repo, år: int) -> list[str]:
    return [ib.model.id for ib in snapshot.oppdrag_i_brev(repo, år)]


@pytest.fixture(scope="module")
def published():
    return _repo(PUBLISHED)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    return _repo(over_tid(tmp_path_factory.mktemp("tid") / "data"))


def test_the_published_letter_lists_every_assignment_in_data(published):
    # kapittel 3 i 2024-brevet: 16 nye og 17 tidligere gitte oppdrag, alle filene i data/oppdrag
    ids = _ids(published, 2024)
    assert len(ids) == 33 == len(published.oppdrag)
    assert ids[:16] == [f"2024-{n:02d}" for n in range(1, 17)]  # nye først, etter nummer
    assert ids[16] == "2023-02"  # så de tidligere, nyeste år først


def test_later_letters_and_deliveries_leave_the_2024_letter_as_it_was(published, scenario):
    before = snapshot.oppdrag_i_brev(published, 2024)
    after = snapshot.oppdrag_i_brev(scenario, 2024)
    assert [(b.model.id, b.mål, b.frister) for b in before] == [(a.model.id, a.mål, a.frister) for a in after]


def test_the_2025_letter_carries_what_was_open_with_something_due(scenario):
    assert sorted(_ids(scenario, 2025)) == [
        "2022-04",  # 31.12.2025; levert 30.06.2025, etter brevet
        "2022-24",  # løpende
        "2023-03",  # 30.08.2026
        "2023-13",  # halvårlig og 01.08.2027
        "2023-25",  # 15.01.2025 og 2026 (leveransen 14.01.2025 kom etter brevet)
        "2023-27",  # åpent uten frist
        "2024-01",  # tertialvis uten slutt
        "2024-04",  # Del 1 31.12.2026, Del 2 årlig
        "2024-06",  # Del I løpende
        "2024-07",  # 31.12.2027
        "2024-09",  # 01.04.2025; levert 28.03.2025, etter brevet
        "2024-11",  # 01.04.2025
        *[f"2025-{n:02d}" for n in range(1, 7)],
    ]


@pytest.mark.parametrize(
    ("oppdrag", "reason"),
    [
        ("2023-28", "ingen frist igjen i 2025 eller senere (gitt i 2023)"),  # halvårsrapport-2024
        ("2024-10", "levert 15.11.2024, før brevet for 2025"),
        ("2024-05", "ingen frist igjen i 2025 eller senere (gitt i 2024)"),
        ("2024-13", "ingen frist igjen i 2025 eller senere (gitt i 2024)"),
    ],
)
def test_what_is_left_out_of_2025_and_why(scenario, oppdrag, reason):
    doc = scenario.oppdrag_by_id()[oppdrag]
    placed, why = snapshot.plassering(scenario, doc, 2025)
    assert placed is None
    assert why == reason


@pytest.mark.parametrize(
    ("oppdrag", "reason"),
    [
        ("2025-03", "gitt i 2025"),
        ("2022-24", "åpent, løpende frist (gitt i 2022)"),
        ("2023-27", "åpent, uten frist (gitt i 2023)"),
        ("2024-09", "åpent, frist 01.04.2025 (gitt i 2024)"),
        ("2024-01", "åpent, frist uten slutt (gitt i 2024)"),
    ],
)
def test_why_an_assignment_is_in_2025(scenario, oppdrag, reason):
    placed, why = snapshot.plassering(scenario, scenario.oppdrag_by_id()[oppdrag], 2025)
    assert placed is not None
    assert why == reason


def _in(repo, år, oppdrag):
    return next(ib for ib in snapshot.oppdrag_i_brev(repo, år) if ib.model.id == oppdrag)


def test_expired_parts_are_not_carried(scenario):
    in_2024 = _in(scenario, 2024, "2024-04")
    in_2025 = _in(scenario, 2025, "2024-04")
    assert [f.del_ for f in in_2024.frister] == ["Del 1", "Del 2", "Del 3"]
    assert [f.del_ for f in in_2025.frister] == ["Del 1", "Del 2"]  # Del 3: 31.12.2024
    assert in_2025.som_trykt().frister == list(in_2025.frister)
    assert in_2025.doc.model.frister == list(in_2024.frister)  # dataene er urørt


def test_expired_dates_of_a_date_list_are_not_carried(scenario):
    assert _in(scenario, 2024, "2023-25").frister[0].datoer == [
        date(2024, 1, 15),
        date(2025, 1, 15),
        date(2026, 1, 15),
    ]
    assert _in(scenario, 2025, "2023-25").frister[0].datoer == [date(2025, 1, 15), date(2026, 1, 15)]


def test_a_delivery_before_the_letter_drops_that_date(tmp_path):
    root = over_tid(tmp_path / "data")
    brev = root / "brev" / "2025" / "brev.yaml"
    brev.write_text(
        brev.read_text(encoding="utf-8").replace("dato: 2024-12-20", "dato: 2025-02-01"), encoding="utf-8"
    )
    repo = _repo(root)
    assert _in(repo, 2025, "2023-25").frister[0].datoer == [date(2026, 1, 15)]
    # levert 28.03.2025 og 30.06.2025: fortsatt åpne 01.02.2025
    assert {"2022-04", "2024-09"} <= set(_ids(repo, 2025))


def test_an_undated_letter_is_written_on_1_january(published, scenario):
    assert snapshot.skjæringsdato(published, 2024) == date(2024, 1, 1)
    assert snapshot.skjæringsdato(scenario, 2025) == date(2024, 12, 20)


def test_goals_can_be_renumbered_from_a_later_letter(scenario):
    assert _in(scenario, 2024, "2024-07").mål == 3
    assert _in(scenario, 2025, "2024-07").mål == 2
    assert _in(scenario, 2025, "2022-24").mål == 3  # mål 4 i 2024
    assert _in(scenario, 2025, "2023-03").mål == 1  # uten mål_i_brev: samme mål
    assert _in(scenario, 2025, "2024-07").som_trykt().mål == 2


def test_a_report_deadline_has_the_date_of_the_letter_that_sees_it(published, scenario):
    assert snapshot.rapportdato(scenario, "årsrapport-2024", 2024) == date(2025, 3, 15)
    assert snapshot.rapportdato(scenario, "årsrapport-2024", 2025) == date(2025, 3, 14)
    assert snapshot.rapportdato(scenario, "årsrapport-2024", None) == date(2025, 3, 14)
    # et tidligere brev ser aldri et senere brevs rapporter
    assert snapshot.rapportdato(scenario, "halvårsrapport-2025", 2024) is None
    # et senere brev ser rapporter bare et tidligere brev har
    assert snapshot.rapportdato(scenario, "halvårsrapport-2024", 2025) == date(2024, 8, 18)

    # brevet for 2025 endrer ikke kalenderen slik brevet for 2024 ser den
    def calendar(repo):
        return {k: (p.år, p.rapport.frist) for k, p in snapshot.rapporter(repo, 2024).items()}

    assert calendar(scenario) == calendar(published)
    assert len(calendar(published)) == 3


def test_a_closed_assignment_without_a_date_stays_in_every_letter(tmp_path):
    root = over_tid(tmp_path / "data")
    path = root / "oppdrag" / "2024-11.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "status: levert\n", encoding="utf-8")
    repo = _repo(root)
    assert "2024-11" in _ids(repo, 2025)  # uten dato kan ingen vite hvilke brev det gjelder
    assert snapshot.lukket(repo.oppdrag_by_id()["2024-11"].model) is None


def test_an_assignment_delivered_before_the_letter_is_left_out(tmp_path):
    root = over_tid(tmp_path / "data")
    path = root / "oppdrag" / "2024-11.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "status: levert\nlevert: 2024-12-19\n", encoding="utf-8"
    )
    repo = _repo(root)
    assert "2024-11" not in _ids(repo, 2025)
    assert "2024-11" in _ids(repo, 2024)


def test_a_delivered_part_is_not_carried(tmp_path):
    root = over_tid(tmp_path / "data")
    path = root / "oppdrag" / "2024-04.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "leveranser:\n  - del: Del 1\n    dato: 2024-12-01\n",
        encoding="utf-8",
    )
    repo = _repo(root)
    assert [f.del_ for f in _in(repo, 2025, "2024-04").frister] == ["Del 2"]
    assert [f.del_ for f in _in(repo, 2024, "2024-04").frister] == ["Del 1", "Del 2", "Del 3"]


def test_letters_an_assignment_is_in(scenario):
    doc = scenario.oppdrag_by_id()["2024-10"]
    assert [(y, ib is not None, why) for y, ib, why in snapshot.brev_med(scenario, doc)] == [
        (2024, True, "gitt i 2024"),
        (2025, False, "levert 15.11.2024, før brevet for 2025"),
    ]
    assert snapshot.første_brev(scenario, doc) == 2024
    assert snapshot.første_brev(scenario, scenario.oppdrag_by_id()["2021-07"]) == 2024
    assert snapshot.første_brev(scenario, scenario.oppdrag_by_id()["2025-01"]) == 2025


# ---------------------------------------------------------------- tilleggene (eksempler/tillegg-2024)


@pytest.fixture(scope="module")
def supplements(tmp_path_factory):
    from casekit import med_tillegg

    return _repo(med_tillegg(tmp_path_factory.mktemp("tillegg") / "data"))


def test_supplements_leave_the_letter_itself_alone(published, supplements):
    assert [(b.model.id, b.mål, b.frister) for b in snapshot.oppdrag_i_brev(supplements, 2024)] == [
        (b.model.id, b.mål, b.frister) for b in snapshot.oppdrag_i_brev(published, 2024)
    ]
    doc = supplements.oppdrag_by_id()["2024-17"]
    assert snapshot.plassering(supplements, doc, 2024) == (
        None,
        "gitt i tillegg nr. 2 til brevet for 2024, ikke i brevet",
    )


def test_the_current_allocation_adds_each_supplement_up_to_a_date(supplements):
    everything = snapshot.gjeldende(supplements, 2024)
    assert [t.model.nr for t in everything.tillegg] == [1, 2, 3]
    assert everything.poster["670.01"].gjeldende == 377_140_000 + 8_500_000
    assert everything.poster["671.62"].endringer == ((2, 5_000_000), (3, -1_000_000))
    assert everything.poster["671.62"].gjeldende == 239_693_000
    before_june = snapshot.gjeldende(supplements, 2024, date(2024, 6, 27))
    assert [t.model.nr for t in before_june.tillegg] == [1]
    assert before_june.poster["671.62"].gjeldende == 235_693_000
    assert "2024-17" not in {o.model.id for o in before_june.oppdrag}
    on_the_day = snapshot.gjeldende(supplements, 2024, date(2024, 6, 28))
    assert "2024-17" in {o.model.id for o in on_the_day.oppdrag}


def test_the_current_allocation_says_where_each_deadline_came_from(supplements):
    by_id = {o.model.id: o for o in snapshot.gjeldende(supplements, 2024).oppdrag}
    assert by_id["2024-17"].kilde == "tillegg nr. 2"
    assert [(f.del_, f.dato, src) for f, src in by_id["2024-13"].frister] == [
        ("Del I", date(2024, 6, 30), "brevet"),
        ("Del II", date(2024, 10, 31), "flyttet i tillegg nr. 2"),
    ]
    assert by_id["2024-13"].frister[1][0].flyttet_fra == [date(2024, 9, 30)]
    assert by_id["2023-26"].frister[-1][1] == "presisert i tillegg nr. 2"
    assert by_id["2024-08"].trukket == (date(2024, 10, 15), 3)
    assert by_id["2022-04"].trukket is None


def test_a_later_letter_sees_supplements_written_before_it(tmp_path):
    from casekit import TILLEGG

    root = over_tid(tmp_path / "data")
    shutil.copytree(TILLEGG / "brev", root / "brev", dirs_exist_ok=True)
    shutil.copytree(TILLEGG / "oppdrag", root / "oppdrag", dirs_exist_ok=True)
    repo = _repo(root)
    # 2024-08 (frist 30.10.2024) var trukket før brevet for 2025; 2024-17 (gitt i tillegg nr. 2,
    # frist 29.11.2024) har ingen frist igjen i 2025
    assert snapshot.plassering(repo, repo.oppdrag_by_id()["2024-08"], 2025)[1] == (
        "trukket i tillegg nr. 3 til brevet for 2024 (15.10.2024)"
    )
    assert "2024-17" not in _ids(repo, 2025)


def test_a_delivery_on_the_old_date_covers_a_moved_deadline(tmp_path):
    """2024-13 del II flyttes fra 30.09.2024 til 31.10.2024 i tillegg nr. 2. En leveranse
    registrert på den gamle datoen gjelder den samme fristen på den nye."""
    from casekit import med_tillegg

    root = med_tillegg(tmp_path / "data")
    path = root / "oppdrag" / "2024-13.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "leveranser:\n  - del: Del II\n    frist: 2024-09-30\n    dato: 2024-10-20\n",
        encoding="utf-8",
    )
    repo = _repo(root)
    moved = next(o for o in snapshot.gjeldende(repo, 2024).oppdrag if o.model.id == "2024-13").frister[1][0]
    assert moved.dato == date(2024, 10, 31)
    o = repo.oppdrag_by_id()["2024-13"].model
    assert snapshot.leveranse(o, moved, moved.dato) is not None
    # men ikke en annen frist på den gamle datoen
    other = moved.model_copy(update={"del_": "Del I"})
    assert snapshot.leveranse(o, other, other.dato) is None
