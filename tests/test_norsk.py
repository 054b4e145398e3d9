"""Norwegian amounts and dates as printed in a tildelingsbrev."""

from __future__ import annotations

from datetime import date

import pytest

from tildelingsbrev.norsk import (
    NBSP,
    find_dates,
    format_dato,
    format_dato_lang,
    format_kroner,
    format_liste,
    format_mill,
    parse_amount,
    parse_date,
)

# ---------------------------------------------------------------- parse_amount


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("25 200 000", 25_200_000, 1),
        (f"25{NBSP}200{NBSP}000", 25_200_000, 1),
        ("25200000", 25_200_000, 1),
        ("25 200 000 kroner", 25_200_000, 1),
        ("25,2 mill. kroner", 25_200_000, 100_000),
        ("377,1 mill. kroner", 377_100_000, 100_000),
        ("17 mill. kroner", 17_000_000, 1_000_000),
        ("8,293 mill. kroner", 8_293_000, 1_000),
        ("37,51 mill. kroner", 37_510_000, 10_000),
        ("1,5 mrd. kroner", 1_500_000_000, 100_000_000),
        ("2 millioner", 2_000_000, 1_000_000),
    ],
)
def test_parse_amount(text, value, precision):
    p = parse_amount(text)
    assert (p.value, p.precision) == (value, precision)


@pytest.mark.parametrize(
    "text", ["", "femti millioner", "25,25 kroner", "ca. 25 mill. kroner", "25.200.000", "2024-05"]
)
def test_parse_amount_rejects_what_is_no_amount(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("printed", "actual"),
    [
        ("377,1 mill. kroner", 377_140_000),
        ("17 mill. kroner", 17_033_000),
        ("235,7 mill. kroner", 235_693_000),
        ("25,2 mill. kroner", 25_249_999),  # rounds down to 25,2
        ("25,3 mill. kroner", 25_250_000),  # half rounds up
        ("25 200 000", 25_200_000),
    ],
)
def test_agrees_at_printed_precision(printed, actual):
    assert parse_amount(printed).agrees_with(actual)


@pytest.mark.parametrize(
    ("printed", "actual"),
    [
        ("235,6 mill. kroner", 235_693_000),  # the 2024 letter's 671.62 share, printed one step low
        ("25,2 mill. kroner", 25_250_000),
        ("17 mill. kroner", 17_500_000),
        ("25 200 000", 25_200_001),  # whole kroner: exact
    ],
)
def test_does_not_agree_beyond_printed_precision(printed, actual):
    assert not parse_amount(printed).agrees_with(actual)


# ---------------------------------------------------------------- formatting amounts


def test_format_kroner_groups_thousands_with_non_breaking_space():
    assert format_kroner(25_200_000) == f"25{NBSP}200{NBSP}000"
    assert format_kroner(999) == "999"
    assert format_kroner(-1_500) == f"-1{NBSP}500"
    assert " " not in format_kroner(1_234_567_890)


@pytest.mark.parametrize("value", [0, 7, 1_000, 25_200_000, 28_979_866_000])
def test_format_kroner_reads_back(value):
    assert parse_amount(format_kroner(value)).value == value


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (25_200_000, None, "25,2 mill. kroner"),
        (100_000_000, None, "100 mill. kroner"),
        (8_293_000, None, "8,293 mill. kroner"),
        (1_000_000_000, None, "1 000 mill. kroner"),
        (235_693_000, 1, "235,7 mill. kroner"),
        (25_249_999, 1, "25,2 mill. kroner"),
        (25_250_000, 1, "25,3 mill. kroner"),
        (17_033_000, 0, "17 mill. kroner"),
        (999_999, 1, "1,0 mill. kroner"),
    ],
)
def test_format_mill(value, decimals, text):
    out = format_mill(value, decimals)
    assert out.replace(NBSP, " ") == text
    assert f"{NBSP}mill." in out  # the number and the unit stay on one line
    assert parse_amount(out).agrees_with(value)


def test_format_mill_negative_amount():
    assert format_mill(-25_200_000).replace(NBSP, " ") == "-25,2 mill. kroner"


# ---------------------------------------------------------------- dates


def test_format_dato():
    assert format_dato(date(2024, 12, 31)) == "31.12.2024"
    assert format_dato(date(2024, 1, 5)) == "05.01.2024"


def test_format_dato_lang():
    assert format_dato_lang(date(2023, 12, 15)) == "15. desember 2023"
    assert format_dato_lang(date(2024, 3, 1)) == "1. mars 2024"
    assert format_dato_lang(date(2024, 5, 17)) == "17. mai 2024"


def _found(text):
    return [(d.text, d.value, d.standard) for d in find_dates(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31.12.2024", [("31.12.2024", date(2024, 12, 31), True)]),
        ("15. desember 2023", [("15. desember 2023", date(2023, 12, 15), True)]),
        ("F.o.m 20.03.24", [("20.03.24", date(2024, 3, 20), False)]),
        (
            "Frist etablering: 29.03.24 Frist oppfølging: 15.12.24",
            [("29.03.24", date(2024, 3, 29), False), ("15.12.24", date(2024, 12, 15), False)],
        ),
        ("31. 12 2024", [("31. 12 2024", date(2024, 12, 31), False)]),
        ("1.6.2024", [("1.6.2024", date(2024, 6, 1), False)]),
        (
            "(01.06.2023) 31.12.2024",
            [("01.06.2023", date(2023, 6, 1), True), ("31.12.2024", date(2024, 12, 31), True)],
        ),
        (
            "Del 2: 15. mars 2025, del 1: 31.12.2024",
            [
                ("15. mars 2025", date(2025, 3, 15), True),
                ("31.12.2024", date(2024, 12, 31), True),
            ],
        ),
    ],
)
def test_find_dates(text, expected):
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "31.02.2024",
        "Løpende",
        "Ut 2024",
        "2024-12-31",
        "oppdrag 2024-05",
        "Prop. 1 S (2023–2024)",
        "kl. 12.00",
    ],
)
def test_find_dates_finds_nothing(text):
    assert find_dates(text) == []


def test_parse_date_reads_one_whole_date():
    assert parse_date("15. desember 2029").value == date(2029, 12, 15)
    assert parse_date(" 15.12.2029 ").value == date(2029, 12, 15)
    assert parse_date("midten av desember") is None
    assert parse_date("15.12.2029 og 16.12.2029") is None


@pytest.mark.parametrize(
    ("items", "text"),
    [([], "(ingen)"), ([2], "2"), ([2, 4], "2 og 4"), ([1, 2, 3], "1, 2 og 3")],
)
def test_format_liste(items, text):
    assert format_liste(items) == text
