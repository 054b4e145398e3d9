"""Oppdrag unntatt fra offentlighet (issue 17 punkt 5): `unntatt_offentlighet: {hjemmel: …}` i
oppdragsfila.

Det som prøves, er det brukeren merker: `tb frister`, `tb status` og `tb vis` tar oppdraget bare
med med `--intern`; uten den er det ikke med i noe format, tabellene og Markdown-en sier på én
linje hvor mange oppdrag som er utelatt, og JSON, CSV og kalenderen sier ingenting om det.
Hjemmelen sjekkes løst (loven og en paragraf). Regelen TB115 har sine tilfeller i
tests/cases/TB115.yaml."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from casekit import copy_valid, edit_once, tb_in_process
from tildelingsbrev.model import Oppdrag
from tildelingsbrev.pipeline import check

HJEMMEL = "offl. § 15 første ledd"
UTELATT = "1 oppdrag unntatt offentlighet er utelatt; bruk --intern for å ta dem med."


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """Det gyldige testbrevet for 2030 der 2030-02 er unntatt offentlighet."""
    root = copy_valid(tmp_path / "data")
    path = root / "oppdrag" / "2030-02.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + f'unntatt_offentlighet:\n  hjemmel: "{HJEMMEL}"\n', encoding="utf-8"
    )
    return root


def tb(root: Path, *args: str):
    return tb_in_process(*args, "--data", str(root))


# ---------------------------------------------------------------- modellen


@pytest.mark.parametrize(
    ("hjemmel", "gyldig"),
    [
        ("offl. § 15 første ledd", True),
        ("Offentleglova § 13 jf. forvaltningsloven § 13 første ledd nr. 1", True),
        ("offentlighetsloven §5", True),
        ("§ 15 første ledd", False),
        ("offl. 15", False),
        ("beskyttelsesinstruksen § 2", False),
    ],
)
def test_hjemmelen_nevner_loven_og_en_paragraf(hjemmel: str, gyldig: bool) -> None:
    data = {"id": "2030-02", "tittel": "T", "mål": 1, "unntatt_offentlighet": {"hjemmel": hjemmel}}
    if gyldig:
        assert Oppdrag.model_validate(data).unntatt
    else:
        with pytest.raises(ValueError, match="er ikke en hjemmel i offentleglova"):
            Oppdrag.model_validate(data)


def test_en_hjemmel_som_ikke_er_en_hjemmel_er_en_skjemafeil(data: Path) -> None:
    edit_once(data / "oppdrag" / "2030-02.yaml", HJEMMEL, "unntatt")
    found = [(f.code, f.message) for f in check(data).active if f.code == "TB004"]
    assert found == [
        (
            "TB004",
            "unntatt_offentlighet.hjemmel: «unntatt» er ikke en hjemmel i offentleglova; skriv loven og "
            "paragrafen, for eksempel «offl. § 15 første ledd»",
        )
    ]


# ---------------------------------------------------------------- tb frister


def test_frister_tabellen_utelater_oppdraget_og_sier_det(data: Path) -> None:
    res = tb(data, "frister", "--år", "2030")
    assert res.exit_code == 0, res.output
    assert "2030-02" not in res.stdout and "Utvikle veileder" not in res.stdout
    assert "2030-01" in res.stdout
    assert res.stdout.splitlines()[-1] == UTELATT
    res = tb(data, "frister", "--år", "2030", "--intern")
    assert "2030-02 Utvikle veileder for kvalifiseringstiltak – Del 1 (unntatt offentlighet, offl. § 15" in res.stdout
    assert "utelatt" not in res.stdout


def test_ingen_frister_i_perioden_sier_også_at_noe_er_utelatt(data: Path) -> None:
    res = tb(data, "frister", "--oppdrag", "2030-02", "--år", "2030")
    assert res.stdout == f"Ingen frister i perioden.\n{UTELATT}\n"


@pytest.mark.parametrize("fmt", ["json", "csv", "ics"])
def test_frister_json_csv_og_kalenderen_nevner_det_ikke(data: Path, fmt: str) -> None:
    res = tb(data, "frister", "--år", "2030", "-f", fmt)
    assert res.exit_code == 0, res.output
    for word in ("2030-02", "Utvikle veileder", "offl.", "Unntatt", "utelatt"):
        assert word not in res.stdout, word
    assert "2030-01" in res.stdout


def test_frister_med_intern_har_hjemmelen_i_hvert_format(data: Path) -> None:
    rows = json.loads(tb(data, "frister", "--år", "2030", "-f", "json", "--intern").stdout)
    assert {r["oppdrag"]: r["unntatt_offentlighet"] for r in rows if r["oppdrag"]} == {
        "2029-05": None,
        "2030-01": None,
        "2030-02": HJEMMEL,
    }
    text = tb(data, "frister", "--år", "2030", "-f", "csv", "--intern").stdout
    table = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert {r["oppdrag"]: r["unntatt_offentlighet"] for r in table if r["oppdrag"] == "2030-02"} == {"2030-02": HJEMMEL}
    cal = Calendar.from_ical(tb(data, "frister", "--år", "2030", "-f", "ics", "--intern").stdout.encode())
    descriptions = [str(e["description"]) for e in cal.walk("VEVENT") if "2030-02" in str(e["summary"])]
    assert descriptions and all(f"Unntatt offentlighet ({HJEMMEL})" in d for d in descriptions)


# ---------------------------------------------------------------- tb status


@pytest.mark.parametrize("fmt", ["tabell", "md"])
def test_status_tabell_og_markdown_utelater_oppdraget_og_sier_det(data: Path, fmt: str) -> None:
    res = tb(data, "status", "--år", "2030", "--per", "2030-01-15", "-f", fmt)
    assert res.exit_code == 0, res.output
    assert "2030-02" not in res.stdout and "Utvikle veileder" not in res.stdout
    assert res.stdout.splitlines()[-1] == UTELATT
    res = tb(data, "status", "--år", "2030", "--per", "2030-01-15", "-f", fmt, "--intern")
    assert "Utvikle veileder for kvalifiseringstiltak (unntatt offentlighet, offl. § 15 første ledd)" in res.stdout
    assert "utelatt" not in res.stdout


def test_status_json_og_csv_har_det_ikke_med_heller_ikke_i_tellingene(data: Path) -> None:
    def doc(*extra: str) -> dict:
        return json.loads(tb(data, "status", "--år", "2030", "--per", "2030-01-15", "-f", "json", *extra).stdout)

    public, internal = doc(), doc("--intern")
    ids = [o["id"] for g in public["mål"] for o in g["oppdrag"]]
    assert ids == ["2030-01", "2029-05"]
    assert "unntatt" not in json.dumps(public, ensure_ascii=False).replace('"unntatt_offentlighet": null', "")
    assert public["tellinger"]["oppdrag"]["i rute"] == internal["tellinger"]["oppdrag"]["i rute"] - 1
    found = {o["id"]: o["unntatt_offentlighet"] for g in internal["mål"] for o in g["oppdrag"]}
    assert found == {"2030-01": None, "2029-05": None, "2030-02": HJEMMEL}
    text = tb(data, "status", "--år", "2030", "--per", "2030-01-15", "-f", "csv").stdout
    assert "2030-02" not in text and "Utvikle veileder" not in text


def test_status_for_bare_målet_teller_bare_det_som_er_utelatt_der(data: Path) -> None:
    res = tb(data, "status", "--år", "2030", "--per", "2030-01-15", "--mål", "1")
    assert "utelatt" not in res.stdout
    res = tb(data, "status", "--år", "2030", "--per", "2030-01-15", "--mål", "2")
    assert res.stdout.splitlines()[-1] == UTELATT


# ---------------------------------------------------------------- tb vis


def test_vis_nekter_uten_intern(data: Path) -> None:
    for fmt in ("tekst", "json"):
        res = tb(data, "vis", "2030-02", "-f", fmt)
        assert res.exit_code == 2 and res.stdout == "", res.output
        assert res.stderr == f"tb: oppdrag 2030-02 er unntatt offentlighet ({HJEMMEL}); bruk --intern for å vise det\n"


def test_vis_med_intern_viser_hjemmelen(data: Path) -> None:
    res = tb(data, "vis", "2030-02", "--intern")
    assert res.exit_code == 0, res.output
    assert f"Unntatt:      offentlighet, {HJEMMEL}" in res.stdout.splitlines()
    v = json.loads(tb(data, "vis", "2030-02", "--intern", "-f", "json").stdout)
    assert v["unntatt_offentlighet"] == HJEMMEL
    assert json.loads(tb(data, "vis", "2030-01", "-f", "json").stdout)["unntatt_offentlighet"] is None


def test_vis_av_et_annet_oppdrag_viser_ikke_tittelen_til_det_unntatte(data: Path) -> None:
    edit_once(
        data / "oppdrag" / "2030-02.yaml",
        "tittel: Utvikle veileder for kvalifiseringstiltak",
        "tittel: Utvikle veileder for kvalifiseringstiltak (jf. 2030-01)",
    )
    public = json.loads(tb(data, "vis", "2030-01", "-f", "json").stdout)
    internal = json.loads(tb(data, "vis", "2030-01", "-f", "json", "--intern").stdout)
    assert [n["kilde"] for n in public["nevnt"]] == []
    assert [n["kilde"] for n in internal["nevnt"]] == ["oppdrag 2030-02"]


def test_vis_foreslår_ikke_et_unntatt_nummer_uten_intern(data: Path) -> None:
    res = tb(data, "vis", "2030-2")
    assert res.exit_code == 2 and "2030-02" not in res.stderr, res.stderr
    res = tb(data, "vis", "2030-2", "--intern")
    assert res.exit_code == 2 and "mente du 2030-02?" in res.stderr, res.stderr
