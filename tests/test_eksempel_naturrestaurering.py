"""Det oppfunnede brevet i eksempler/naturrestaurering (issue 16, punkt 5): et brev fra et
annet departement til en annen virksomhet, med et inntektskapittel. `tb check` finner ingenting,
brevet gjengis (Markdown mot gullfila, HTML og PDF), fristene i alle formene står i `tb frister`,
og eksempelet virker som én av to virksomheter i et repositorium med det publiserte brevet.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from casekit import GOLDEN_DIR, PUBLISHED, assert_golden, tb_in_process
from tildelingsbrev.pipeline import check

tb = tb_in_process

EKSEMPEL = Path(__file__).resolve().parents[1] / "eksempler" / "naturrestaurering"
GOLDEN = GOLDEN_DIR / "naturrestaurering"


def active(root: Path) -> list[str]:
    """De aktive funnene som «KODE fil: melding»."""
    return [
        f"{f.code} {Path(f.location.file).resolve().relative_to(root.resolve()).as_posix()}: {f.message}"
        for f in check(root).active
    ]


def test_eksempelet_er_uten_funn() -> None:
    assert active(EKSEMPEL) == []  # også README.md øverst i mappa er lov
    res = tb("check", "--data", str(EKSEMPEL))
    assert (res.exit_code, res.stdout) == (0, "0 feil, 0 advarsler\n")


def test_eksempelet_sjekkes_virkelig(tmp_path: Path) -> None:
    """En feil lagt inn i eksempelet meldes: beløpet i teksten, summen i inntektskapitlet og en
    dato i teksten."""
    root = tmp_path / "nrdir"
    shutil.copytree(EKSEMPEL, root)
    for rel, old, new in (
        ("budsjett/2025/1435-21.yaml", "28,75 mill. kroner", "29,75 mill. kroner"),
        ("budsjett/2025/kap-4435.yaml", "sum: 10700000", "sum: 10800000"),
        ("brev/2025/tekst/06-tildeling-av-midler.md", "1. desember 2025", "2. desember 2025"),
    ):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1
        path.write_text(text.replace(old, new), encoding="utf-8")
    codes = sorted(line.split(" ", 2)[:2] for line in active(root))
    assert codes == [
        ["TB201", "budsjett/2025/kap-4435.yaml:"],
        ["TB207", "budsjett/2025/1435-21.yaml:"],
        ["TB302", "brev/2025/tekst/06-tildeling-av-midler.md:"],
    ]


def test_brevet_som_markdown() -> None:
    res = tb("render", "--data", str(EKSEMPEL))
    assert res.exit_code == 0, res.output
    assert res.stderr == ""
    assert_golden(GOLDEN / "brev-2025.md", res.stdout_bytes)


def test_brevet_har_et_inntektskapittel_og_en_post_med_bevilgning() -> None:
    md = tb("render", "--data", str(EKSEMPEL)).stdout.replace("\u00a0", " ")  # hardt mellomrom i beløp
    assert "### Kap. 4435 Naturrestaureringsdirektoratet" in md
    assert "| Post 01 | Driftsinntekter | 4 200 000 |" in md
    # inntektene har sin egen tabell med inntektskravet, ikke «Tildeling», og sin egen sum
    utgifter, inntekter = md.split("### Kap. 4435", 1)
    assert "| Post | Betegnelse | Tildeling 2025 |" in utgifter and "Inntektskrav" not in utgifter
    assert "| Post | Betegnelse | Inntektskrav 2025 |" in inntekter.split("##", 1)[0]
    assert "Tildeling 2025" not in inntekter.split("##", 1)[0]
    assert "|  | **Sum** | **276 850 000** |" in md and "|  | **Sum** | **10 700 000** |" in md
    assert "Det er bevilget 120,0 mill. kroner på posten. NRDir forvalter 92,0 mill. kroner" in md


@pytest.mark.parametrize("ext", ["html", "pdf"])
def test_brevet_som_html_og_pdf(tmp_path: Path, ext: str) -> None:
    out = tmp_path / f"nrdir.{ext}"
    res = tb("render", "--data", str(EKSEMPEL), "-o", str(out))
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    if ext == "pdf":
        from pypdf import PdfReader

        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    else:
        text = raw.decode("utf-8")
    for expected in ("Naturrestaureringsdirektoratet", "Kap. 4435", "Kari Eksempel", "2024-07"):
        assert expected in text


def test_utgifts_og_inntektstabellen_har_samme_kolonnebredder(tmp_path: Path) -> None:
    """Overskriften over beløpene er ulik («Tildeling 2025», «Inntektskrav 2025»), men
    budsjettabellene står likt under hverandre."""
    out = tmp_path / "nrdir.html"
    assert tb("render", "--data", str(EKSEMPEL), "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    widths = re.findall(r'<table aria-labelledby="kap-(\d+)[^"]*" class="fast">\n(<colgroup>.*?</colgroup>)', html)
    assert [k for k, _ in widths] == ["1435", "4435"]
    assert widths[0][1] == widths[1][1]


def test_fristene_i_alle_formene() -> None:
    res = tb("frister", "--data", str(EKSEMPEL), "--fra", "2025-01-01", "--til", "2026-12-31")
    assert res.exit_code == 0, res.output
    assert_golden(GOLDEN / "frister.txt", res.stdout_bytes)
    lines = res.stdout.splitlines()
    tertial = [line[:10] for line in lines if "2025-02 " in line]
    assert tertial == ["15.05.2025", "15.09.2025", "15.01.2026"]  # gjentatt, også året etter
    assert any(line.startswith("02.03.2026") and "2025-03" in line and "Del 2" in line for line in lines)
    assert any("2024-07" in line and "(flyttet fra 31.12.2024)" in line for line in lines)  # gitt tidligere
    assert any(line.startswith("13.03.2026") and "2025-04" in line for line in lines)  # følger årsrapporten
    assert any(line.startswith("løpende") and "2025-05" in line for line in lines)
    assert any(line.startswith("01.12.2025") and "tilsagn" in line for line in lines)  # frist i teksten


def test_status_viser_leveransene() -> None:
    res = tb("status", "--data", str(EKSEMPEL), "--per", "2025-10-01")
    assert res.exit_code == 0, res.output
    assert "levert            2        0" in res.stdout
    assert "2024-07 Kartlegge vandringshindre i prioriterte vassdrag (gitt i 2024)" in res.stdout


def test_to_virksomheter_med_det_publiserte_brevet(tmp_path: Path) -> None:
    """Slik README for eksempelet viser: IMDi (det publiserte brevet) og NRDir side om side."""
    repo = tmp_path / "to"
    shutil.copytree(PUBLISHED, repo / "virksomheter" / "IMDi")
    shutil.move(repo / "virksomheter" / "IMDi" / "mal", repo / "mal")
    shutil.copytree(EKSEMPEL, repo / "virksomheter" / "NRDir")
    assert active(repo / "virksomheter" / "NRDir") == []
    for kort, år in (("IMDi", "2024"), ("NRDir", "2025")):
        res = tb("render", "--data", str(repo), "--virksomhet", kort)
        assert res.exit_code == 0, res.output
        assert f"# Tildelingsbrev {år} – " in res.stdout
    res = tb("frister", "--data", str(repo), "--virksomhet", "NRDir", "--fra", "2025-09-01", "--neste", "30d")
    assert res.exit_code == 0, res.output
    assert "2024-07 Kartlegge vandringshindre" in res.stdout and "IMDi" not in res.stdout
    res = tb("render", "--data", str(repo))
    assert res.exit_code == 2 and "IMDi og NRDir" in res.output  # tvetydig uten --virksomhet

