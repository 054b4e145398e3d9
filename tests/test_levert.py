"""`tb levert`: en leveranse registrert i oppdragsfila.

Alle testene skriver i en kopi av data/ (eller eksempelscenariet) i tmp_path; data/ røres aldri.
Det som prøves, er det brukeren merker: hva som står i fila etterpå (byte for byte utenom de nye
linjene), at `tb check` og 2024-brevet er som før, meldingene og at en nektet registrering
lar fila være (kode 2).
"""

from __future__ import annotations

import difflib
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from casekit import PUBLISHED, assert_no_traceback, over_tid, run_tb
from tildelingsbrev.cli import app
from tildelingsbrev.levering import Bestilling, LeveringError, forbered
from tildelingsbrev.model import Oppdrag
from tildelingsbrev.model.snapshot import leveranse
from tildelingsbrev.pipeline import load_document, load_model

runner = CliRunner()


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    return root


def levert(root: Path, *args: str):
    return runner.invoke(app, ["levert", *args, "--data", str(root)])


def files(root: Path) -> dict[str, bytes]:
    """Alle filene i mappa med innholdet (for «fila urørt»)."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def oppdrag(root: Path, oid: str) -> Oppdrag:
    path = root / "oppdrag" / f"{oid}.yaml"
    doc, findings = load_document(path, path.read_bytes(), Oppdrag, oid)
    assert doc is not None and not findings, findings
    return doc.model


def only_inserted(old: bytes, new: bytes) -> list[str]:
    """Linjene som er lagt til; feiler om en gammel linje er endret, flyttet eller borte."""
    a, b = old.decode().splitlines(keepends=True), new.decode().splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), f"{tag}: {a[i1:i2]!r} → {b[j1:j2]!r}"
        if tag == "insert":
            added += b[j1:j2]
    return added


# ---------------------------------------------------------------- hele oppdraget


def test_hele_oppdraget_legger_til_tre_linjer_etter_frist_trykt(data: Path) -> None:
    path = data / "oppdrag" / "2022-04.yaml"
    old = path.read_bytes()
    res = levert(data, "2022-04", "--dato", "14.03.2025", "--ref", "25/311-4")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "Registrerte: 2022-04 levert 14.03.2025 (25/311-4)",
        "Ingen åpne frister: oppdrag 2022-04 er levert.",
    ]
    assert path.read_bytes() == old + b"status: levert\nlevert: 2025-03-14\nreferanse: 25/311-4\n"
    o = oppdrag(data, "2022-04")
    assert (o.status, o.levert, o.referanse) == ("levert", date(2025, 3, 14), "25/311-4")


def test_iso_dato_og_uten_referanse(data: Path) -> None:
    res = levert(data, "2023-02", "--dato", "2025-01-02")
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("Registrerte: 2023-02 levert 02.01.2025\n")
    text = (data / "oppdrag" / "2023-02.yaml").read_text()
    assert text.endswith("status: levert\nlevert: 2025-01-02\n") and "referanse" not in text


def test_dato_er_i_dag_uten_dato(data: Path) -> None:
    res = levert(data, "2023-02")
    assert res.exit_code == 0, res.output
    assert oppdrag(data, "2023-02").levert == date.today()


def test_hver_oppdragsfil_beholder_alle_linjene(data: Path) -> None:
    """Diff-testen for alle oppdragene i det publiserte brevet: hele oppdraget levert og (der
    oppdraget har en del) en del levert. Bare nye linjer; kommentarene, rekkefølgen,
    anførselstegnene og blokk-teksten står som før."""
    repo = load_model(data).repo
    today = date(2025, 6, 1)
    tried = 0
    for doc in repo.oppdrag:
        o = doc.model
        old = doc.file.read_bytes()
        reg = forbered(repo, Bestilling(o.id, date(2025, 3, 14), ref="25/311-4"), today)
        added = only_inserted(old, reg.new)
        assert added == ["status: levert\n", "levert: 2025-03-14\n", "referanse: 25/311-4\n"], o.id
        assert old.splitlines()[0] == b"# yaml-language-server: $schema=../schema/oppdrag.schema.json"
        deler = [f.del_ for f in o.frister if f.del_]
        if deler:
            reg = forbered(repo, Bestilling(o.id, date(2025, 3, 14), del_=deler[0]), today)
            added = only_inserted(old, reg.new)
            assert added[0] == "leveranser:\n" and added[1] == f"  - del: {deler[0]}\n", (o.id, added)
            assert reg.new.endswith(b"    dato: 2025-03-14\n")
            tried += 1
    assert len(repo.oppdrag) >= 30 and tried >= 4


# ---------------------------------------------------------------- en del eller en frist


def test_del_og_frist_gir_riktige_leveranser(data: Path) -> None:
    res = levert(data, "2024-04", "--del", "del 3", "--dato", "10.01.2025", "--ref", "25/12-1")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == "Registrerte: 2024-04 Del 3: levert 10.01.2025 (25/12-1)"
    res = levert(data, "2024-04", "--del", "Del 2", "--frist", "01.08.2025", "--dato", "2025-07-30")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == "Registrerte: 2024-04 Del 2, frist 01.08.2025: levert 30.07.2025"
    assert (
        (data / "oppdrag" / "2024-04.yaml")
        .read_text()
        .endswith(
            "leveranser:\n"
            "  - del: Del 3\n"
            "    dato: 2025-01-10\n"
            "    ref: 25/12-1\n"
            "  - del: Del 2\n"
            "    frist: 2025-08-01\n"
            "    dato: 2025-07-30\n"
        )
    )
    o = oppdrag(data, "2024-04")
    del1, del2, del3 = o.frister
    assert leveranse(o, del3, date(2024, 12, 31)).ref == "25/12-1"
    assert leveranse(o, del2, date(2025, 8, 1)).dato == date(2025, 7, 30)
    assert leveranse(o, del2, date(2026, 8, 1)) is None
    assert leveranse(o, del1, date(2026, 12, 31)) is None
    assert o.status == "åpen"
    # de åpne fristene som står igjen
    lines = res.stdout.splitlines()
    assert lines[1] == "Åpne frister for 2024-04:"
    assert lines[2] == "  Del 1: 31.12.2026" + (" (forfalt)" if date.today() > date(2026, 12, 31) else "")
    assert lines[3].startswith("  Del 2: 01.08.2024 (forfalt), 01.08.2026") and "01.08.2025" not in lines[3]
    assert len(lines) == 4


def test_frist_som_følger_en_rapport(data: Path) -> None:
    """2023-28 følger halvårsrapporten for 2024; datoen kommer fra rapporteringskalenderen."""
    res = levert(data, "2023-28", "--frist", "15.08.2024", "--dato", "14.08.2024")
    assert res.exit_code == 2
    assert "har ingen frist 15.08.2024; fristene: halvårsrapport-2024: 18.08.2024" in res.stderr
    res = levert(
        data, "2023-28", "--frist", "18.08.2024", "--dato", "16.08.2024", "--ref", "Halvårsrapport 2024"
    )
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        "Registrerte: 2023-28 frist 18.08.2024: levert 16.08.2024 (Halvårsrapport 2024)",
        "Ingen åpne frister for 2023-28; når hele oppdraget er ferdig: tb levert 2023-28",
    ]
    lev = oppdrag(data, "2023-28").leveranser
    assert [(x.del_, x.frist, x.dato, x.ref) for x in lev] == [
        (None, date(2024, 8, 18), date(2024, 8, 16), "Halvårsrapport 2024")
    ]


def test_underveisrapport_i_en_del(data: Path) -> None:
    res = levert(data, "2024-06", "--del", "Del II", "--frist", "15.06.2024", "--dato", "14.06.2024")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1:] == [
        "Åpne frister for 2024-06:",
        "  Del I: løpende",
        "  Del II: 15.12.2024 (forfalt)",
    ]


def test_gjentakelse_uten_slutt_godtar_hver_dato_i_rekken(data: Path) -> None:
    (data / "oppdrag" / "2024-90.yaml").write_text(
        "id: 2024-90\ntittel: Årlig rapport\nmål: 1\nfrister:\n  - gjentas: årlig\n    fra: 2024-03-01\n"
    )
    assert levert(data, "2024-90", "--frist", "02.03.2025", "--dato", "2025-03-01").exit_code == 2
    res = levert(data, "2024-90", "--frist", "01.03.2025", "--dato", "2025-03-01")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1:] == ["Åpne frister for 2024-90:", "  årlig fra 01.03.2024, uten slutt"]


def test_eksempelscenariet_og_tb_check(tmp_path: Path) -> None:
    """I scenariet med 2025-brevet: en del og én dato av tre levert; `tb check` gir de samme
    funnene som før, og brevet for 2024 er byte-likt."""
    before = over_tid(tmp_path / "før")
    root = over_tid(tmp_path / "data")
    res = levert(root, "2024-13", "--del", "Del II", "--dato", "01.10.2024", "--ref", "24/5012-9")
    assert res.exit_code == 0, res.output
    assert (
        res.stdout.splitlines()[1]
        == "Ingen åpne frister for 2024-13; når hele oppdraget er ferdig: tb levert 2024-13"
    )
    res = levert(root, "2023-25", "--frist", "2026-01-15", "--dato", "12.01.2026")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[1:] == [
        "Åpne frister for 2023-25:",
        "  rapportering: 15.01.2024 (forfalt)",
    ]
    old = (before / "oppdrag" / "2023-25.yaml").read_bytes()
    assert only_inserted(old, (root / "oppdrag" / "2023-25.yaml").read_bytes()) == [
        "  - frist: 2026-01-15\n",
        "    dato: 2026-01-12\n",
    ]
    a, b, c, d = run_tb(
        tmp_path,
        ("check", "--data", "før"),
        ("check", "--data", "data"),
        ("render", "--år", "2024", "--data", "før", "-o", "før.md"),
        ("render", "--år", "2024", "--data", "data", "-o", "data.md"),
    )
    assert (a.code, a.stdout) == (b.code, b.stdout.replace("data/", "før/"))
    assert c.code == d.code == 0, (c, d)
    assert (tmp_path / "før.md").read_bytes() == (tmp_path / "data.md").read_bytes()


def test_tb_check_er_grønn_etterpå(data: Path, tmp_path: Path) -> None:
    pristine = tmp_path / "urørt"
    shutil.copytree(PUBLISHED, pristine)
    for args in (
        ("2022-04", "--dato", "14.03.2025", "--ref", "25/311-4"),
        ("2024-04", "--del", "Del 3", "--dato", "10.01.2025"),
        ("2024-04", "--del", "Del 2", "--frist", "01.08.2024", "--dato", "2024-08-01"),
        ("2023-25", "--frist", "15.01.2025", "--dato", "14.01.2025"),
    ):
        res = levert(data, *args)
        assert res.exit_code == 0, res.output
    a, b = run_tb(tmp_path, ("check", "--data", "urørt"), ("check", "--data", "data"))
    assert a.code == b.code == 0, (a, b)
    assert a.stdout.replace("urørt/", "data/") == b.stdout
    assert "0 feil" in b.stdout.splitlines()[-1]


# ---------------------------------------------------------------- kommentarer og formatering


def test_kommentarer_mellom_nøkler_følger_nøkkelen_etter(data: Path) -> None:
    text = (
        "# yaml-language-server: $schema=../schema/oppdrag.schema.json\n"
        "# kilde: linje 1\n"
        "id: 2024-91\n"
        'tittel: "Et oppdrag"\n'
        "mål: 1  # mål 1 i 2024\n"
        "frister:\n"
        "  - del: 'Del A'\n"
        "    dato: 2024-06-30  # trykt 30.6.\n"
        "# om teksten under\n"
        "\n"
        "frist_trykt: |-\n"
        "  Del A: 30.06.2024\n"
        "# merknaden er intern\n"
        "merknad: >-\n"
        "  Lang merknad\n"
        "  over to linjer\n"
        "# slutt\n"
    )
    path = data / "oppdrag" / "2024-91.yaml"
    path.write_text(text)
    assert levert(data, "2024-91", "--dato", "01.07.2024", "--ref", "24/1: notat").exit_code == 0
    new = path.read_text()
    assert new == text.replace(
        "  Del A: 30.06.2024\n",
        "  Del A: 30.06.2024\nstatus: levert\nlevert: 2024-07-01\nreferanse: '24/1: notat'\n",
    )
    path.write_text(text)
    assert levert(data, "2024-91", "--del", "Del A", "--dato", "01.07.2024").exit_code == 0
    assert path.read_text() == text.replace(
        "# slutt\n", "leveranser:\n  - del: Del A\n    dato: 2024-07-01\n# slutt\n"
    )
    assert oppdrag(data, "2024-91").leveranser[0].del_ == "Del A"


def test_status_uten_frist_trykt_settes_etter_frister(data: Path) -> None:
    text = "id: 2024-92\ntittel: X\nmål: 1\nfrister:\n- dato: 2024-06-30\n# om merknaden\nmerknad: m\n"
    path = data / "oppdrag" / "2024-92.yaml"
    path.write_text(text)
    assert levert(data, "2024-92", "--dato", "2024-07-01").exit_code == 0
    assert path.read_text() == text.replace(
        "# om merknaden\n", "status: levert\nlevert: 2024-07-01\n# om merknaden\n"
    )


def test_crlf_og_bom_beholdes(data: Path) -> None:
    path = data / "oppdrag" / "2023-02.yaml"
    old = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + old.replace(b"\n", b"\r\n"))
    assert levert(data, "2023-02", "--dato", "2025-01-02").exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + (old + b"status: levert\nlevert: 2025-01-02\n").replace(
        b"\n", b"\r\n"
    )


def test_tom_leveranseliste_blir_en_blokkliste(data: Path) -> None:
    path = data / "oppdrag" / "2024-04.yaml"
    path.write_bytes(path.read_bytes() + b"leveranser: []\n")
    assert levert(data, "2024-04", "--del", "Del 1", "--dato", "2025-01-02").exit_code == 0
    assert path.read_text().endswith("leveranser:\n  - del: Del 1\n    dato: 2025-01-02\n")


def test_fil_ruamel_ikke_gjengir_likt_redigeres_ikke(data: Path) -> None:
    path = data / "oppdrag" / "2023-02.yaml"
    path.write_bytes(b"---\n" + path.read_bytes())
    before = files(data)
    res = levert(data, "2023-02", "--dato", "2025-01-02", "--ref", "a: b")
    assert res.exit_code == 2
    assert "kan ikke redigere" in res.stderr and "uten å endre formateringen" in res.stderr
    assert "  status: levert\n  levert: 2025-01-02\n  referanse: 'a: b'\n" in res.stderr
    assert files(data) == before


# ---------------------------------------------------------------- nektet: kode 2, ingenting endret


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2022-05",), "fant ikke oppdrag «2022-05»"),
        (("2022-4",), "mente du 2022-04?"),
        (("../brev/2024/brev",), "fant ikke oppdrag «../brev/2024/brev»"),
        (("2024-04", "--del", "Del 4"), "oppdrag 2024-04 har ingen del «Del 4»; delene: Del 1, Del 2, Del 3"),
        (("2022-04", "--del", "Del 1"), "oppdrag 2022-04 har ingen deler"),
        (
            ("2024-04", "--del", "Del 2", "--frist", "01.08.2027"),
            "har ingen frist 01.08.2027 i Del 2; fristene i Del 2: 01.08.2024, 01.08.2025, 01.08.2026",
        ),
        (
            ("2024-04", "--frist", "2025-12-31"),
            "fristene: Del 1: 31.12.2026; Del 2: 01.08.2024, 01.08.2025, 01.08.2026; Del 3: 31.12.2024",
        ),
        (("2024-06", "--dato", (date.today() + timedelta(days=1)).isoformat()), "er i framtiden"),
        (("2024-06", "--dato", "31.12.2023"), "er før oppdrag 2024-06 ble gitt (tidligst 01.01.2024)"),
        (("2024-06", "--dato", "31.02.2025"), "februar 2025 har 28 dager"),
        (("2024-06", "--ref", "  "), "--ref er tom"),
    ],
)
def test_nektet_lar_data_være(data: Path, args: tuple[str, ...], message: str) -> None:
    before = files(data)
    res = levert(data, *args)
    assert res.exit_code == 2, res.output
    assert message in res.stderr, res.stderr
    assert res.stdout == ""
    assert files(data) == before


def test_andre_gang_samme_leveranse(data: Path) -> None:
    path = data / "oppdrag" / "2022-04.yaml"
    assert levert(data, "2022-04", "--dato", "14.03.2025", "--ref", "25/311-4").exit_code == 0
    once = path.read_bytes()
    res = levert(data, "2022-04", "--dato", "15.03.2025")
    assert res.exit_code == 2
    assert "oppdrag 2022-04 er alt registrert levert 14.03.2025 (25/311-4); bruk --tving" in res.stderr
    assert path.read_bytes() == once
    res = levert(data, "2022-04", "--dato", "15.03.2025", "--tving")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[:2] == [
        "Registrerte: 2022-04 levert 15.03.2025",
        "Erstattet: levert 14.03.2025 (25/311-4)",
    ]
    assert path.read_bytes() == once.replace(
        b"levert: 2025-03-14\nreferanse: 25/311-4\n", b"levert: 2025-03-15\n"
    )


def test_andre_gang_samme_del(data: Path) -> None:
    path = data / "oppdrag" / "2024-04.yaml"
    assert (
        levert(data, "2024-04", "--del", "Del 3", "--dato", "10.01.2025", "--ref", "25/12-1").exit_code == 0
    )
    once = path.read_bytes()
    res = levert(data, "2024-04", "--del", "Del 3", "--dato", "11.01.2025")
    assert res.exit_code == 2
    assert "Del 3 i oppdrag 2024-04 er alt registrert levert 10.01.2025 (25/12-1); bruk --tving" in res.stderr
    assert path.read_bytes() == once
    res = levert(data, "2024-04", "--del", "Del 3", "--dato", "11.01.2025", "--ref", "25/12-2", "--tving")
    assert res.exit_code == 0, res.output
    assert path.read_bytes() == once.replace(b"2025-01-10\n    ref: 25/12-1", b"2025-01-11\n    ref: 25/12-2")
    # en frist i en del som alt er levert: registreres, med en merknad
    res = levert(data, "2024-04", "--del", "Del 3", "--frist", "31.12.2024", "--dato", "11.01.2025")
    assert res.exit_code == 0, res.output
    assert "merk: Del 3, frist 31.12.2024 var alt dekket av en annen registrert leveranse" in res.stderr


def test_avsluttet_oppdrag_trenger_tving(data: Path) -> None:
    path = data / "oppdrag" / "2023-02.yaml"
    path.write_bytes(path.read_bytes() + b"status: avsluttet\navsluttet: 2024-10-01\n")
    res = levert(data, "2023-02", "--dato", "2025-01-02")
    assert res.exit_code == 2 and "er registrert avsluttet 01.10.2024; bruk --tving" in res.stderr
    assert levert(data, "2023-02", "--dato", "2025-01-02", "--tving").exit_code == 0
    assert path.read_text().endswith("status: levert\nlevert: 2025-01-02\n")


def test_symlenket_oppdragsfil_nektes(data: Path, tmp_path: Path) -> None:
    outside = tmp_path / "utenfor.yaml"
    outside.write_bytes((data / "oppdrag" / "2023-02.yaml").read_bytes())
    (data / "oppdrag" / "2023-02.yaml").unlink()
    (data / "oppdrag" / "2023-02.yaml").symlink_to(outside)
    inside = data / "oppdrag" / "2022-04.yaml"
    (data / "oppdrag" / "2099-01.yaml").symlink_to("2022-04.yaml")
    before, target = files(data), outside.read_bytes()
    for oid in ("2023-02", "2099-01"):
        res = levert(data, oid, "--dato", "2025-01-02")
        assert res.exit_code == 2, res.output
        assert f"oppdrag/{oid}.yaml er en symbolsk lenke" in res.stderr
    assert files(data) == before and outside.read_bytes() == target
    assert (data / "oppdrag" / "2023-02.yaml").is_symlink() and not inside.is_symlink()


def test_symlenket_oppdragsmappe_nektes(data: Path, tmp_path: Path) -> None:
    shutil.move(data / "oppdrag", tmp_path / "oppdrag")
    (data / "oppdrag").symlink_to(tmp_path / "oppdrag")
    before = files(tmp_path / "oppdrag")
    res = levert(data, "2023-02", "--dato", "2025-01-02")
    assert res.exit_code == 2
    assert "symbolsk lenke" in res.stderr
    assert files(tmp_path / "oppdrag") == before


def test_ødelagt_fil_gir_funnet_og_ingen_traceback(data: Path, tmp_path: Path) -> None:
    path = data / "oppdrag" / "2023-02.yaml"
    path.write_bytes(path.read_bytes() + b"ugyldig: [\n")
    (data / "oppdrag" / "2023-03.yaml").write_bytes(
        (data / "oppdrag" / "2023-03.yaml").read_bytes().replace(b"m\xc3\xa5l: 1", b"m\xc3\xa5l: en")
    )
    before = files(data)
    a, b = run_tb(
        tmp_path,
        ("levert", "2023-02", "--dato", "2025-01-02", "--data", "data"),
        ("levert", "2023-03", "--dato", "2025-01-02", "--data", "data"),
    )
    for r in (a, b):
        assert_no_traceback(r)
        assert r.code == 2 and r.stdout == "", r
        assert "kan ikke leses som et oppdrag; rett feilene først" in r.stderr
    assert "data/oppdrag/2023-02.yaml:11:1: TB001" in a.stderr
    assert "data/oppdrag/2023-03.yaml:5:6: TB004 mål: forventet et heltall" in b.stderr
    assert files(data) == before


def test_forbered_skriver_ingenting(data: Path) -> None:
    before = files(data)
    repo = load_model(data).repo
    reg = forbered(repo, Bestilling("2024-04", date(2025, 1, 2), del_="Del 1"), date(2025, 6, 1))
    assert reg.new != reg.old and files(data) == before
    with pytest.raises(LeveringError, match="i framtiden"):
        forbered(repo, Bestilling("2024-04", date(2025, 6, 2)), date(2025, 6, 1))


def test_deler_og_frister_fra_et_tillegg_kan_registreres(tmp_path: Path) -> None:
    """Tillegg nr. 2 i eksempelet gir 2023-26 en ny del («Statusrapport», 01.10.2024) og flytter
    Del II av 2024-13 fra 30.09.2024 til 31.10.2024: begge kan registreres, og status ser dem
    levert; den gamle datoen finnes ikke lenger."""
    from casekit import med_tillegg

    root = med_tillegg(tmp_path / "data")
    res = levert(root, "2023-26", "--del", "Statusrapport", "--dato", "2024-09-25")
    assert res.exit_code == 0, res.output
    assert "Registrerte: 2023-26 Statusrapport: levert 25.09.2024" in res.output
    res = levert(root, "2024-13", "--del", "Del II", "--frist", "2024-10-31", "--dato", "2024-10-20")
    assert res.exit_code == 0, res.output
    res = levert(root, "2024-13", "--frist", "2024-09-30", "--dato", "2024-09-20")
    assert res.exit_code == 2
    assert "har ingen frist 30.09.2024; fristene: Del I: 30.06.2024; Del II: 31.10.2024" in res.output
    status = runner.invoke(app, ["status", "--data", str(root), "--per", "2024-11-01", "--mål", "4"]).output
    assert "31.10.2024  levert 20.10.2024" in status


# ---------------------------------------------------------------- andre mønstre for oppdragsnumre


def med_mønster(data: Path, mønster: str, old: str, new: str) -> Path:
    """Data med `innstillinger.yaml` (`oppdragsnummer: MØNSTER`) og oppdraget `old` skrevet om til
    `new` (fila heter som nummeret, «/» byttet med «-»). De andre oppdragsfilene følger ikke
    mønsteret og kan ikke leses (TB004), men tb levert leser bare oppdraget det gjelder."""
    (data / "innstillinger.yaml").write_text(f'oppdragsnummer: "{mønster}"\n', encoding="utf-8")
    path = data / "oppdrag" / f"{old}.yaml"
    text = path.read_text(encoding="utf-8").replace(f"id: {old}", f'id: "{new}"')
    path.unlink()
    target = data / "oppdrag" / (new.replace("/", "-") + ".yaml")
    target.write_text(text, encoding="utf-8")
    return target


def test_nummer_med_skråstrek_finner_fila_med_bindestrek(data: Path) -> None:
    path = med_mønster(data, "{nr}/{år}", "2024-13", "13/2024")
    assert path.name == "13-2024.yaml"
    old = path.read_bytes()
    res = levert(data, "13/2024", "--del", "Del I", "--dato", "28.06.2024", "--ref", "24/77-1")
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[0] == "Registrerte: 13/2024 Del I: levert 28.06.2024 (24/77-1)"
    assert path.read_bytes() == old + b"leveranser:\n  - del: Del I\n    dato: 2024-06-28\n    ref: 24/77-1\n"


@pytest.mark.parametrize(
    ("mønster", "new", "skrevet", "ment"),
    [
        ("{nr}/{år}", "13/2024", "13-2024", "13/2024"),
        ("TB{år}-{nr}", "TB2024-13", "TB 2024-13", "TB2024-13"),
        ("TB{år}-{nr}", "TB2024-13", "tb2024-013", "TB2024-13"),
    ],
)
def test_et_nummer_skrevet_annerledes_gir_nummeret_etter_mønsteret(
    data: Path, mønster: str, new: str, skrevet: str, ment: str
) -> None:
    med_mønster(data, mønster, "2024-13", new)
    before = files(data)
    res = levert(data, skrevet, "--dato", "01.10.2024")
    assert res.exit_code == 2, res.output
    assert f"fant ikke oppdrag «{skrevet}»" in res.stderr and f"mente du {ment}?" in res.stderr, res.stderr
    assert files(data) == before


def test_en_uleselig_fil_i_mønsteret_sier_hva_som_er_galt(data: Path) -> None:
    path = med_mønster(data, "{nr}/{år}", "2024-13", "13/2024")
    path.write_text(path.read_text(encoding="utf-8").replace("mål: 4", "mål: fire"), encoding="utf-8")
    res = levert(data, "13/2024", "--dato", "01.10.2024")
    assert res.exit_code == 2, res.output
    assert "oppdrag/13-2024.yaml kan ikke leses som et oppdrag; rett feilene først" in res.stderr
