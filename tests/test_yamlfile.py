"""De to veiene gjennom YAML: den raske (yaml-rs, uten posisjoner) og den grundige (libyaml med
linje og kolonne). Den raske skal gi de samme dataene, og alt den ikke kan avgjøre sikkert,
skal den sende videre til den grundige."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tildelingsbrev.loading.yamlfile import parse_fast, parse_yaml

DATA = Path(__file__).resolve().parents[1] / "data"
YAML_FILES = sorted(p for p in DATA.rglob("*.yaml") if "schema" not in p.parts)


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_fast_path_gives_the_same_data_as_the_careful_one(path: Path):
    raw = path.read_bytes()
    careful, _positions, problems = parse_yaml(raw)
    fast = parse_fast(raw)
    assert not problems
    if fast is not None:
        assert fast == careful
        assert [type(v) for v in _leaves(fast)] == [type(v) for v in _leaves(careful)]


def test_the_fast_path_is_taken_for_ordinary_files():
    taken = [p for p in YAML_FILES if parse_fast(p.read_bytes()) is not None]
    assert len(taken) >= len(YAML_FILES) // 2


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for k, v in value.items() for x in (k, *_leaves(v))]
    if isinstance(value, list):
        return [x for v in value for x in _leaves(v)]
    return [value]


def _impossible_dates() -> list[str]:
    out = []
    for year in (1999, 2000, 2023, 2024, 2100):
        for month in range(100):
            for day in range(100):
                try:
                    date(year, month, day)
                except ValueError:
                    out.append(f"{year:04d}-{month:02d}-{day:02d}")
    return out


def test_every_impossible_date_goes_the_careful_way():
    """Den raske veien slipper ikke gjennom en eneste umulig dato (alle måneder og dager
    00–99, skuddår og ikke), slik at den grundige veien kan melde den med linje og kolonne."""
    slipped = [d for d in _impossible_dates() if parse_fast(f"id: x\nfrist: {d}\n".encode()) is not None]
    assert slipped == []


@pytest.mark.parametrize("text", ["2024-02-29", "2024-04-30", "2024-12-31", "2023-02-28", "2000-02-29"])
def test_possible_dates_still_take_the_fast_path(text: str):
    assert parse_fast(f"frist: {text}\n".encode()) == {"frist": date.fromisoformat(text)}


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str 1\n",
        "a: &x 1\nb: *x\n",
        "<<: {a: 1}\n",
        "a:\t1\n",
        "a: '2024-01-01'\n",
        "a: 1\x00\n",
        "a: 1\na: 2\n",
        "a: [1\n",
    ],
    ids=["tagg", "alias", "merge", "tab", "sitert-dato", "nul", "duplikat", "syntaks"],
)
def test_unusual_files_go_the_careful_way(text: str):
    assert parse_fast(text.encode()) is None
