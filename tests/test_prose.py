"""Markørene i prosaen: linje og kolonne for hver, også mange på én lang linje."""

from __future__ import annotations

from tildelingsbrev.model.prose import BadMarker, Directive, Marker, scan


def test_line_and_column_of_each_marker():
    text = "Første linje {{ a: 1 }} og {{ b: 2 }}.\n\n{{ mål }}\nTo {{ c: 3 }} og {{ uten slutt\n"
    got = [(type(m).__name__, m.line, m.column) for m in scan(text)]
    assert got == [
        ("Marker", 0, 13),
        ("Marker", 0, 27),
        ("Directive", 2, 0),
        ("Marker", 3, 3),
        ("BadMarker", 3, 17),
    ]


def test_many_markers_on_one_long_line_have_the_right_columns():
    """Mange markører på én linje (en fiendtlig fil i bench/hostile.py): hver får sin kolonne;
    kolonnen regnes fra forrige markør, ikke fra starten av teksten hver gang."""
    one = "{{ tildeling: 1 mill. kroner }} "
    text = "innledning\n" + one * 5000 + "\n{{ budsjett }}\n"
    found = scan(text)
    markers = [m for m in found if isinstance(m, Marker)]
    assert len(markers) == 5000
    assert {m.line for m in markers} == {1}
    assert [m.column for m in markers] == [i * len(one) for i in range(5000)]
    assert isinstance(found[-1], Directive) and (found[-1].line, found[-1].column) == (2, 0)


def test_a_directive_must_stand_alone_on_its_line():
    found = scan("Se {{ mål }} her.\n")
    assert [type(m) for m in found] == [BadMarker]
