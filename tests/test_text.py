"""Teksthjelperne (text.py): én linje, avkorting og trygg visning i terminalen."""

import pytest

from tildelingsbrev.text import clip, escape_controls, has_controls, one_line, safe_line


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Vanlig tittel", "Vanlig tittel"),
        ("a\x1b]0;hacket\x07b", "a\\x1b]0;hacket\\x07b"),
        ("tittel\n::error file=x::falsk", "tittel ::error file=x::falsk"),
        ("rtl\u202eoverstyrt", "rtl\\u202eoverstyrt"),
        ("c1\x9btegn", "c1\\x9btegn"),
        ("2024-13\udcff.yaml", "2024-13\\xff.yaml"),
        ("  mye   luft\t", "mye luft"),
        ("æøå – «sitat»", "æøå – «sitat»"),
    ],
)
def test_safe_line(raw, shown):
    assert safe_line(raw) == shown
    assert "\n" not in safe_line(raw) and not has_controls(safe_line(raw))


def test_escape_controls_keeps_newline_and_tab():
    assert escape_controls("a\tb\nc\x00") == "a\tb\nc\\x00"


def test_one_line_and_clip():
    assert one_line(" a \n b ") == "a b"
    assert clip("x" * 10, 5) == "xxxx…"
    assert clip("kort", 5) == "kort"
