"""Oppdragsnumre etter et mønster per repositorium (issue 17 punkt 4): `innstillinger.yaml` med
`oppdragsnummer: "TB{år}-{nr}"` eller `"{nr}/{år}"`, standarden `{år}-{nr:2}` uten den.

Det gyldige testrepositoriet skrives om til hvert mønster (filnavn, `id`, bindinger og
henvisninger i teksten), og det brukeren ser, prøves: `tb check` er ren, et nummer etter et
annet mønster er en feil med forslag, henvisninger i teksten kjennes igjen i mønsteret og
skrivefeil («TB 2030-1») meldes med nummeret som er ment, og `tb frister`, `tb status`,
`tb vis` og `tb render` viser numrene slik mønsteret skriver dem."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from casekit import copy_valid, tb_in_process
from tildelingsbrev.model import OPPDRAG_ID_RE, Oppdrag, nummer
from tildelingsbrev.model.prose import OPPDRAG_REF_RE
from tildelingsbrev.pipeline import check

SEED = Path("/work/shared/seed/000_adf8b79db4bc7635.txt")
FIXTURE_IDS = ("2029-05", "2030-01", "2030-02")


def med_mønster(dest: Path, mønster: str) -> tuple[Path, dict[str, str]]:
    """Det gyldige testrepositoriet med numrene skrevet etter `mønster`: innstillinger.yaml,
    oppdragsfilene (navn og `id`), bindingene og henvisningen i teksten. Gir mappa og
    {gammelt nummer: nytt}."""
    root = copy_valid(dest)
    (root / "innstillinger.yaml").write_text(f'oppdragsnummer: "{mønster}"\n', encoding="utf-8")
    pattern = nummer.Oppdragsnummer(mønster)
    new = {old: pattern.lag(*nummer.del_opp(old)) for old in FIXTURE_IDS}
    for old, ny in new.items():
        path = root / "oppdrag" / f"{old}.yaml"
        text = path.read_text(encoding="utf-8").replace(f"id: {old}", f'id: "{ny}"')
        path.unlink()
        (root / "oppdrag" / f"{nummer.filnavn(ny)}.yaml").write_text(text, encoding="utf-8")
    for rel in ("budsjett/2030/100-21.yaml", "brev/2030/tekst/03-mål.md"):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, ny in new.items():
            text = text.replace(old, ny)
        path.write_text(text, encoding="utf-8")
    return root, new


def findings(root: Path) -> list[tuple[str, str, int, str]]:
    return [
        (f.code, f.location.file.relative_to(root).as_posix(), f.location.line, f.message)
        for f in check(root).active
    ]


# ---------------------------------------------------------------- mønsteret


@pytest.mark.parametrize(
    ("mønster", "år", "nr", "skrevet", "fil"),
    [
        ("{år}-{nr:2}", 2024, 5, "2024-05", "2024-05"),
        ("{år}-{nr:2}", 2024, 101, "2024-101", "2024-101"),
        ("TB{år}-{nr}", 2026, 14, "TB2026-14", "TB2026-14"),
        ("{nr}/{år}", 2024, 13, "13/2024", "13-2024"),
        ("{nr:3}.{år}", 2024, 7, "007.2024", "007.2024"),
    ],
)
def test_a_pattern_writes_reads_and_names_a_number(mønster, år, nr, skrevet, fil):
    p = nummer.Oppdragsnummer(mønster)
    assert p.lag(år, nr) == skrevet
    assert p.gyldig(skrevet)
    assert nummer.del_opp(skrevet) == (år, nr)
    assert nummer.del_opp(fil) == (år, nr)  # året kan leses av filnavnet også
    assert nummer.filnavn(skrevet) == fil


@pytest.mark.parametrize(
    ("mønster", "ugyldig"),
    [
        ("{år}-{nr:2}", ["2024-5", "2024-001", "2024-1000", "24-05", "2024_05", " 2024-05"]),
        ("TB{år}-{nr}", ["TB2026-014", "tb2026-14", "TB 2026-14", "2026-14", "TB2026-"]),
        ("{nr}/{år}", ["013/2024", "13-2024", "13/24"]),
    ],
)
def test_a_number_has_one_spelling(mønster, ugyldig):
    p = nummer.Oppdragsnummer(mønster)
    assert [u for u in ugyldig if p.gyldig(u)] == []


@pytest.mark.parametrize(
    ("mønster", "feil"),
    [
        ("{år}{nr}", "skilletegn"),
        ("{nr}{år}", "skilletegn"),
        ("{år}-{nr}-{år}", "nøyaktig én gang"),
        ("{år}", "nøyaktig én gang"),
        ("{aar}-{nr}", "ukjent plassholder"),
        ("{år}-{nr:4}", "ukjent plassholder"),
        ("TB {år}-{nr}", "tegn som ikke kan stå"),
        ("{år}\\{nr}", "tegn som ikke kan stå"),
        ("ABCDEFGHIJKLMNOPQRSTU{år}-{nr}", "lengre enn 20 tegn"),
    ],
)
def test_an_impossible_pattern_is_explained(mønster, feil):
    assert feil in nummer.mønster_feil(mønster)
    with pytest.raises(ValueError):
        nummer.Oppdragsnummer(mønster)


def test_the_default_pattern_finds_what_the_old_expression_found_in_the_published_letter():
    """`{år}-{nr:2}` gir de samme 54 numrene i den publiserte teksten som uttrykket det erstatter."""
    text = SEED.read_text(encoding="utf-8")
    old = [m.group(1) for m in OPPDRAG_REF_RE.finditer(text)]
    assert [m.oppdrag for m in nummer.STANDARD.nevnt(text)] == old and len(old) == 54
    assert nummer.STANDARD.nesten(text) == []  # ingen skrivefeil meldt i det publiserte brevet


def test_oppdrag_id_re_is_the_default_pattern_for_the_benchmark_generator():
    # bench/generate.py: `re.match(OPPDRAG_ID_RE, "1990-100")` avgjør om 999 numre i året går
    assert re.match(OPPDRAG_ID_RE, "1990-100")
    assert [i for i in ("2024-05", "2024-101", "2024-5", "2024-001") if re.match(OPPDRAG_ID_RE, i)] == [
        "2024-05",
        "2024-101",
    ]


def test_near_misses_in_a_text_with_a_letter_prefix():
    p = nummer.Oppdragsnummer("TB{år}-{nr}")
    text = "jf. TB2026-14, TB 2026-15, TB2026 -16, tb2026-17, TB2026–18 og oppdrag 2026-19; ellers 2026-20."
    assert [m.oppdrag for m in p.nevnt(text)] == ["TB2026-14"]
    assert [(n.tekst, n.ment) for n in p.nesten(text)] == [
        ("TB 2026-15", "TB2026-15"),
        ("TB2026 -16", "TB2026-16"),
        ("tb2026-17", "TB2026-17"),
        ("TB2026–18", "TB2026-18"),
        ("2026-19", "TB2026-19"),  # uten «TB», men «oppdrag» står foran
    ]


def test_the_model_checks_the_pattern_only_when_given_one():
    data = {"id": "TB2026-14", "tittel": "T", "mål": 1}
    assert Oppdrag.model_validate(data).år == 2026  # uten mønster: bare den generelle formen
    with pytest.raises(ValueError, match="mente du «TB2026-14»"):
        Oppdrag.model_validate({**data, "id": "TB2026-014"}, context={"oppdragsnummer": nummer.Oppdragsnummer("TB{år}-{nr}")})
    with pytest.raises(ValueError, match="er ikke et oppdragsnummer"):
        Oppdrag.model_validate({**data, "id": "TB-oppdrag"})


# ---------------------------------------------------------------- et helt repositorium


@pytest.mark.parametrize("mønster", ["TB{år}-{nr}", "{nr}/{år}", "{år}-{nr:2}"])
def test_a_repository_with_its_own_pattern_checks_clean(tmp_path, mønster):
    root, new = med_mønster(tmp_path / "data", mønster)
    assert findings(root) == []
    repo = check(root).repo
    assert sorted(repo.oppdrag_by_id()) == sorted(new.values())
    assert {d.model.id: d.model.år for d in repo.oppdrag} == {ny: int(old[:4]) for old, ny in new.items()}


def test_a_number_in_another_pattern_is_an_error_with_the_intended_number(tmp_path):
    root, _ = med_mønster(tmp_path / "data", "TB{år}-{nr}")
    path = root / "oppdrag" / "TB2030-1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('id: "TB2030-1"', "id: TB2030-01"), encoding="utf-8")
    got = [f for f in findings(root) if f[0] == "TB004"]
    assert len(got) == 1
    code, file, line, message = got[0]
    assert (file, line) == ("oppdrag/TB2030-1.yaml", 1)
    assert "TB{år}-{nr} fra innstillinger.yaml" in message and "mente du «TB2030-1»?" in message


def test_a_slash_in_the_number_is_a_dash_in_the_file_name(tmp_path):
    root, _ = med_mønster(tmp_path / "data", "{nr}/{år}")
    (root / "oppdrag" / "1-2030.yaml").rename(root / "oppdrag" / "2030-1.yaml")
    got = [f for f in findings(root) if f[0] == "TB006"]
    assert len(got) == 1
    assert got[0][1] == "oppdrag/2030-1.yaml"
    assert "oppdraget er 1/2030 (fila skal hete 1-2030.yaml)" in got[0][3]


def test_mentions_and_near_misses_follow_the_pattern(tmp_path):
    root, _ = med_mønster(tmp_path / "data", "TB{år}-{nr}")
    goal = root / "mål" / "2030" / "mål-1.yaml"
    goal.write_text(
        goal.read_text(encoding="utf-8").replace(
            "livsgrunnlag.", "livsgrunnlag, jf. TB2030-1, TB2027-14, TB 2030-2 og oppdrag 2029-5 (ikke 2030-2033)."
        ),
        encoding="utf-8",
    )
    got = sorted((code, message) for code, file, _, message in findings(root) if file == "mål/2030/mål-1.yaml")
    assert got == [
        ("TB106", "teksten viser til oppdrag TB2027-14, som ikke finnes i data"),
        (
            "TB114",
            "«2029-5» ser ut som oppdrag TB2029-5 skrevet på en annen måte; skriv «TB2029-5» "
            "(mønsteret TB{år}-{nr} fra innstillinger.yaml, for eksempel TB2024-5)",
        ),
        (
            "TB114",
            "«TB 2030-2» ser ut som oppdrag TB2030-2 skrevet på en annen måte; skriv «TB2030-2» "
            "(mønsteret TB{år}-{nr} fra innstillinger.yaml, for eksempel TB2024-5)",
        ),
    ]


def test_an_unreadable_settings_file_does_not_make_every_number_an_error(tmp_path):
    root, _ = med_mønster(tmp_path / "data", "TB{år}-{nr}")
    (root / "innstillinger.yaml").write_text('oppdragsnummer: "TB{år}{nr}"\n', encoding="utf-8")
    got = findings(root)
    assert [(c, f) for c, f, _, _ in got] == [("TB004", "innstillinger.yaml")]
    assert "skilletegn" in got[0][3]


def test_the_letter_lists_by_number_not_by_text(tmp_path):
    """2/2030 før 13/2030 (som tekst ville «13/2030» kommet først)."""
    root, _ = med_mønster(tmp_path / "data", "{nr}/{år}")
    for nr in range(3, 14):
        (root / "oppdrag" / f"{nr}-2030.yaml").write_text(
            f'id: "{nr}/2030"\ntittel: Oppdrag nummer {nr}\nmål: 1\nfrister:\n  - dato: 2030-06-03\n', encoding="utf-8"
        )
    assert findings(root) == []
    from tildelingsbrev.model import snapshot

    listed = [ib.model.id for ib in snapshot.oppdrag_i_brev(check(root).repo, 2030)]
    assert listed == [f"{nr}/2030" for nr in range(1, 14)] + ["5/2029"]


def test_the_commands_show_the_numbers_as_the_pattern_writes_them(tmp_path):
    root, _ = med_mønster(tmp_path / "data", "{nr}/{år}")
    res = tb_in_process("frister", "--data", str(root), "--fra", "2030-01-01", "-f", "json")
    assert res.exit_code == 0, res.output
    assert {r["oppdrag"] for r in json.loads(res.stdout) if r["oppdrag"]} == {"5/2029", "1/2030", "2/2030"}
    res = tb_in_process("status", "--data", str(root), "--år", "2030", "--per", "2030-02-01", "-f", "json")
    assert [o["id"] for g in json.loads(res.stdout)["mål"] for o in g["oppdrag"]] == ["1/2030", "5/2029", "2/2030"]
    res = tb_in_process("vis", "1/2030", "--data", str(root), "-f", "json")
    assert res.exit_code == 0, res.output
    view = json.loads(res.stdout)
    assert (view["id"], view["fil"].endswith("oppdrag/1-2030.yaml"), [b["post"] for b in view["bindinger"]]) == (
        "1/2030",
        True,
        ["100.21"],
    )
    res = tb_in_process("vis", "1 / 2030", "--data", str(root))
    assert res.exit_code == 2 and "mente du 1/2030?" in res.output
    res = tb_in_process("render", "--data", str(root))
    assert res.exit_code == 0, res.output
    assert "| 1/2030 |" in res.stdout and "5/2029" in res.stdout
