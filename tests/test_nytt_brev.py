"""`tb nytt-brev ÅR [--fra ÅR]`: utkastet til neste års brev fra årets (issue 14, punkt 1).

På en kopi av data/ (det publiserte brevet for 2024): `tb nytt-brev 2025` skriver filene som
validerer mot skjemaene og modellene, `tb check` lister nøyaktig det som må fylles ut (TB601)
og gjennomgås (TB602), brevet for 2024 er det samme (gjengivelsen byte for byte og funnene),
brevet for 2025 kan gjengis med «(ikke utfylt)», oppdragslista er øyeblikksbildet, og når
brukeren fyller inn og merker gjennomgått, er funnene borte. Ingenting skrives over og ingenting
skrives gjennom en symbolsk lenke: da nektes det (kode 2) og data-mappa er urørt.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from casekit import PUBLISHED, over_tid, tb_in_process
from tildelingsbrev import nytt_brev
from tildelingsbrev.loading import MODELS
from tildelingsbrev.model import snapshot
from tildelingsbrev.pipeline import check, load_document, load_model
from tildelingsbrev.rendering import render
from tildelingsbrev.schema import kind_of

GOLDEN = Path(__file__).parent / "golden"


def _tree(root: Path) -> dict[str, bytes | str]:
    """Alle filer og lenker under `root` med innholdet (lenker: hva de peker på)."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                out[rel] = "->" + os.readlink(path)
            elif path.is_file():
                out[rel] = path.read_bytes()
    return out


def _findings(result, år: int) -> list[tuple]:
    root = result.repo.root
    return sorted(
        (f.code, Path(f.location.file).relative_to(root).as_posix(), f.location.line, f.subject, f.acknowledged)
        for f in result.findings
        if f.år == år
    )


@pytest.fixture(scope="module")
def utkast(tmp_path_factory):
    """data/ kopiert, og `tb nytt-brev 2025` kjørt på kopien: (data-mappa, resultatet, filene før)."""
    root = tmp_path_factory.mktemp("nytt") / "data"
    shutil.copytree(PUBLISHED, root)
    before = _tree(root)
    res = tb_in_process("nytt-brev", "2025", "--data", str(root))
    return root, res, before


def _new_files(root: Path, before: dict) -> list[str]:
    return sorted(set(_tree(root)) - set(before))


# ---------------------------------------------------------------- filene


def test_writes_the_letter_goals_parameters_and_budget_and_nothing_else(utkast):
    root, res, before = utkast
    assert res.exit_code == 0, res.output
    new = [r for r in _new_files(root, before) if not r.endswith("/2025") and r != "brev/2025/tekst"]
    src = PUBLISHED
    expected = {"brev/2025/brev.yaml"}
    expected |= {f"brev/2025/tekst/{p.name}" for p in (src / "brev" / "2024" / "tekst").glob("*.md")}
    for folder in ("mål", "styringsparametere", "budsjett"):
        expected |= {f"{folder}/2025/{p.name}" for p in (src / folder / "2024").glob("*.yaml")}
    assert set(new) == expected
    # ingenting annet er endret: oppdragene kopieres ikke, 2024 står
    after = _tree(root)
    assert {k: v for k, v in after.items() if k in before} == before
    assert not any(r.startswith("oppdrag/") for r in new)
    assert f"({len(expected)} filer)" in res.output


def test_new_files_validate_against_the_schemas_and_the_models(utkast):
    root, _, before = utkast
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    checked = 0
    for rel in _new_files(root, before):
        path = root / rel
        if path.suffix != ".yaml":
            continue
        kind = kind_of(root, path)
        raw = path.read_bytes()
        doc, findings = load_document(path, raw, MODELS[kind], rel)
        assert doc is not None and findings == [], (rel, [f.message for f in findings])
        schema = json.loads((root / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        instance = json.loads(json.dumps(yaml.load(raw), default=lambda d: d.isoformat()))
        assert [e.message for e in validator.iter_errors(instance)] == [], rel
        checked += 1
    assert checked == 1 + 6 + 16 + 4 + 12


def test_letter_file_moves_the_year_the_session_the_calendar_and_the_deadlines(utkast):
    root, _, _ = utkast
    text = (root / "brev" / "2025" / "brev.yaml").read_text(encoding="utf-8")
    brev = load_model(root).repo.brev_for(2025).model
    assert brev.år == 2025 and not brev.gjennomgått
    assert brev.tittel == "Tildelingsbrev 2025 – Integrerings- og mangfoldsdirektoratet"
    assert brev.proposisjon == "Prop. 1 S (2024–2025)"
    assert brev.innstilling == "Innst. 16 S (2024–2025)"  # nummeret beholdes
    assert brev.budsjettvedtak is None and brev.dato is None
    assert "budsjettvedtak: null" in text and "dato: null" in text
    assert [s.navn for s in brev.signatarer] == ["Eli Telhaug", "Lisbeth Fransplass Røren"]
    assert len(brev.vedlegg) == 5
    assert len(brev.kapitler) == 15 and not any(k.gjennomgått for k in brev.kapitler)
    assert [(r.id, r.tittel, r.telletidspunkt, r.frist) for r in brev.rapportering] == [
        ("årsrapport-2024", "Årsrapport og regnskap for budsjettåret 2024", date(2024, 12, 31), date(2025, 3, 15)),
        ("halvårsrapport-2025", "Halvårsrapportering for 2025", date(2025, 6, 30), date(2025, 8, 18)),
        ("årsrapport-2025", "Årsrapport og regnskap for budsjettåret 2025", date(2025, 12, 31), date(2026, 3, 15)),
    ]
    assert [(f.id, f.dato, f.gjennomgått) for f in brev.frister] == [
        ("mangfoldsrådgivere", date(2025, 10, 31), False),
        ("bosettingsanalyse", None, False),
    ]
    # markøren for fristen i teksten følger med
    kap = (root / "budsjett" / "2025" / "kap-671.yaml").read_text(encoding="utf-8")
    assert "{{ frist.mangfoldsrådgivere: 31.10.2025 }}" in kap


def test_comments_that_are_no_longer_true_are_gone(utkast):
    root, _, before = utkast
    for rel in _new_files(root, before):
        if not rel.endswith(".yaml"):
            continue
        text = (root / rel).read_text(encoding="utf-8")
        lines = text.splitlines()
        assert lines[0].startswith("# yaml-language-server: $schema="), rel
        assert lines[1] == "# Utkast til brevet for 2025: kopiert fra brevet for 2024 av tb nytt-brev.", rel
        assert not re.search(r"#.*linje \d", text), rel  # «Tildelingsbrev 2024, kap. 3, linje 225–233»
        assert "kilde:" not in text, rel
    post = (root / "budsjett" / "2025" / "601-21.yaml").read_text(encoding="utf-8")
    assert "tildeling: null\n" in post and "«25 200 000»" not in post and "«1,0 mill. kroner»" not in post
    assert "sum:" not in post
    # kommentarer som ikke beskrev en verdi som er byttet ut, følger med
    assert "# Oppdragsnumre og titler står slik de er trykt i disse listene" in post
    brev = (root / "brev" / "2025" / "brev.yaml").read_text(encoding="utf-8")
    assert "# Kommentarene under er skrevet om brevet for 2024." in brev
    assert "# Pkt. 8.1, tabellen «Type rapportering / Telletidspunkt / Rapporteringsfrist»." in brev
    assert "«Innen 18. august 2024»" not in brev


def test_goals_parameters_and_budget(utkast):
    root, _, _ = utkast
    repo = load_model(root).repo
    old = load_model(PUBLISHED).repo
    assert [(d.model.nr, d.model.tittel, d.model.tekst) for d in repo.mål_for(2025)] == [
        (d.model.nr, d.model.tittel, d.model.tekst) for d in old.mål_for(2024)
    ]
    assert all(d.model.tidligere_oppdrag_frist_år == 2025 and not d.model.gjennomgått for d in repo.mål_for(2025))
    sps = [d.model for d in repo.styringsparametere if d.model.år == 2025]
    assert len(sps) == 16 and not any(s.gjennomgått for s in sps)
    kap = [d.model for d in repo.kapitler if d.model.år == 2025]
    assert len(kap) == 4 and all(k.sum is None and not k.gjennomgått for k in kap)
    for d in repo.poster_for(2025):
        p = d.model
        assert p.tildeling is None and not p.gjennomgått
        assert all(f.beløp is None and f.sum is None for f in p.fordeling)
        assert all(m.beløp is None for f in p.fordeling for m in f.mottakere)
        assert all(g.sum is None and all(b.beløp is None for b in g.linjer) for g in p.bindinger)


# ---------------------------------------------------------------- tb check


def _expected_unfilled(old) -> set[tuple[str, str]]:
    """(fil, subjekt) for hvert beløp i budsjettet for 2024 og budsjettvedtaket: det som må fylles ut."""
    out = {("brev/2025/brev.yaml", "budsjettvedtak ikke utfylt")}
    for d in old.poster_for(2024):
        p, f = d.model, f"budsjett/2025/{d.name}"
        out.add((f, f"{p.nøkkel} tildeling ikke utfylt"))
        if p.bevilget is not None:
            out.add((f, f"{p.nøkkel} bevilget ikke utfylt"))
        for i, fo in enumerate(p.fordeling):
            out.add((f, f"{p.nøkkel} fordeling {i + 1} ikke utfylt"))
            out |= {(f, f"{p.nøkkel} fordeling {i + 1} mottaker {j + 1} ikke utfylt") for j in range(len(fo.mottakere))}
        for g in p.bindinger:
            out |= {(f, f"{p.nøkkel} bindinger {g.id} {b.oppdrag} ikke utfylt") for b in g.linjer}
    return out


def _expected_unreviewed(old) -> set[tuple[str, str]]:
    brev = old.brev_for(2024).model
    out = {("brev/2025/brev.yaml", "brev ikke gjennomgått")}
    out |= {("brev/2025/brev.yaml", f"kapittel {k.nr} ikke gjennomgått") for k in brev.kapitler}
    out |= {("brev/2025/brev.yaml", f"frist {f.id} ikke gjennomgått") for f in brev.frister}
    out |= {(f"mål/2025/{d.name}", f"mål {d.model.nr} ikke gjennomgått") for d in old.mål_for(2024)}
    out |= {
        (f"styringsparametere/2025/{d.name}", f"SP {d.model.nr} ikke gjennomgått")
        for d in old.styringsparametere
        if d.model.år == 2024
    }
    out |= {
        (f"budsjett/2025/{d.name}", f"kap. {d.model.kapittel} ikke gjennomgått")
        for d in old.kapitler
        if d.model.år == 2024
    }
    out |= {(f"budsjett/2025/{d.name}", f"{d.model.nøkkel} ikke gjennomgått") for d in old.poster_for(2024)}
    return out


def _by_code(result, code: str) -> set[tuple[str, str]]:
    root = result.repo.root
    found = [f for f in result.active if f.code == code]
    assert all(f.år == 2025 for f in found)
    return {(Path(f.location.file).relative_to(root).as_posix(), f.subject) for f in found}


def test_check_lists_exactly_what_must_be_filled_in_and_reviewed(utkast):
    root, res, _ = utkast
    old = load_model(PUBLISHED).repo
    result = check(root)
    unfilled = _by_code(result, "TB601")
    assert unfilled == _expected_unfilled(old)
    assert ("budsjett/2025/670-01.yaml", "670.01 tildeling ikke utfylt") in unfilled
    assert len(unfilled) == 60
    assert _by_code(result, "TB602") == _expected_unreviewed(old)
    assert all(f.severity.value == "feil" for f in result.active if f.code == "TB601")
    assert all(f.severity.value == "advarsel" for f in result.active if f.code == "TB602")
    messages = [f.message for f in result.active if f.code == "TB601"]
    assert "ikke utfylt: tildelingen på 670.01 for 2025" in messages
    # det tb nytt-brev skrev til slutt, er det samme
    assert "Må fylles ut (60 felt, TB601 i tb check):" in res.output
    assert f"Må gjennomgås ({len(_expected_unreviewed(old))} steder, TB602 i tb check):" in res.output
    assert "budsjett/2025/671-71.yaml: tildelingen, bevilgningen, 3 beløp i fordelingen, 14 mottakere" in res.output
    assert res.output.rstrip().endswith("Kjør tb check for hele lista, og tb render --år 2025 for å se utkastet.")


def test_empty_amounts_are_never_zero_in_the_sums(utkast):
    """Ingen summeregel (TB2xx) regner et tomt beløp som 0, og ingen regel krasjer."""
    root, _, _ = utkast
    result = check(root)
    assert not [f for f in result.findings if f.code == "TB900"]
    assert not [f for f in result.active if f.code in ("TB201", "TB202", "TB203", "TB204", "TB205", "TB206", "TB207")]
    # en markør som viser til et tomt felt, finnes (TB110) og er ikke feil dato (TB302, TB301)
    assert not [f for f in result.active if f.code in ("TB110", "TB301", "TB302") and f.år == 2025]


def test_the_letter_for_2024_is_unchanged(utkast):
    root, _, _ = utkast
    assert _findings(check(root), 2024) == _findings(check(PUBLISHED), 2024)
    res = tb_in_process("check", "--data", str(PUBLISHED))
    assert res.stdout.strip().endswith("0 feil, 0 advarsler (47 kjente funn i grunnlinjen)")
    repo = load_model(root).repo
    assert render(repo, 2024, "md") == (GOLDEN / "brev-2024.md").read_bytes()
    assert render(repo, 2024, "html") == (GOLDEN / "brev-2024.html").read_bytes()


def test_render_2025_shows_what_is_not_filled_in(utkast):
    root, _, _ = utkast
    res = tb_in_process("render", "--data", str(root), "--år", "2025")
    assert res.exit_code == 0, res.output
    md = res.stdout
    assert "Stortingets budsjettvedtak av (ikke utfylt)" in md
    assert "| Post 21 | Spesielle driftsutgifter, kan overføres | (ikke utfylt) |" in md
    assert "**Sum** | **(ikke utfylt)**" in md
    assert "Departementet stiller (ikke utfylt) til disposisjon for IMDi, hvorav (ikke utfylt)" in md
    assert " 0 kroner" not in md and "| 0 |" not in md
    assert "ikke utfylt" in render(load_model(root).repo, 2025, "html").decode("utf-8")


# ---------------------------------------------------------------- oppdragene


def test_assignment_list_is_the_snapshot(utkast):
    root, res, _ = utkast
    repo = load_model(root).repo
    inside = [ib.model.id for ib in snapshot.oppdrag_i_brev(repo, 2025)]
    shown = re.findall(r"^  (\d{4}-\d{2,3})  mål \d+  ", res.output, re.M)
    assert shown == inside
    assert "2022-04" in inside and "2024-01" in inside and "2023-28" not in inside
    out_part = res.output.split("Med i brevet for 2024, men ikke i brevet for 2025:")[1].split("\n\n")[0]
    left = re.findall(r"^  (\d{4}-\d{2,3})  (.*?): ", out_part, re.M)
    in_2024 = {ib.model.id for ib in snapshot.oppdrag_i_brev(repo, 2024)}
    assert {i for i, _ in left} == in_2024 - set(inside)
    assert ("2023-28", "ingen frist igjen i 2025 eller senere (gitt i 2023)") in left
    assert "nye i 2025: ingen ennå" in res.output


# ---------------------------------------------------------------- nekter


def test_second_run_is_refused_and_writes_nothing(utkast):
    root, _, _ = utkast
    before = _tree(root)
    res = tb_in_process("nytt-brev", "2025", "--data", str(root))
    assert res.exit_code == 2
    assert "brev/2025 finnes fra før" in res.output
    assert _tree(root) == before


def test_existing_letter_in_the_time_scenario_is_refused(tmp_path):
    root = over_tid(tmp_path / "data")
    before = _tree(root)
    res = tb_in_process("nytt-brev", "2025", "--data", str(root))
    assert res.exit_code == 2 and "brev/2025 finnes fra før" in res.output
    assert _tree(root) == before


def test_a_file_that_exists_is_never_written_over(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    goal = root / "mål" / "2025" / "mål-3.yaml"
    goal.parent.mkdir()
    goal.write_text("# mitt eget\n", encoding="utf-8")
    before = _tree(root)
    res = tb_in_process("nytt-brev", "2025", "--data", str(root))
    assert res.exit_code == 2 and "mål/2025/mål-3.yaml finnes fra før" in res.output
    assert _tree(root) == before


@pytest.mark.parametrize("fra", ["2023", "2030"])
def test_from_a_year_without_a_letter(tmp_path, fra):
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    before = _tree(root)
    res = tb_in_process("nytt-brev", "2031", "--fra", fra, "--data", str(root))
    assert res.exit_code == 2
    assert f"fant ikke noe brev for {fra}" in res.output and "data har brev for 2024" in res.output
    assert _tree(root) == before


def test_from_a_later_year_is_refused(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    res = tb_in_process("nytt-brev", "2023", "--fra", "2024", "--data", str(root))
    assert res.exit_code == 2 and "--fra 2024 er ikke før 2023" in res.output


@pytest.mark.parametrize("link", ["brev", "mål", "budsjett/2024", "styringsparametere/2025"])
def test_a_symbolic_link_in_the_data_folder_is_refused(tmp_path, link):
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    outside = tmp_path / "utenfor"
    target = root / link
    if target.exists():
        shutil.move(target, outside)
    else:
        outside.mkdir()
    target.symlink_to(outside, target_is_directory=True)
    before_inside, before_outside = _tree(root), _tree(outside)
    res = tb_in_process("nytt-brev", "2025", "--data", str(root))
    assert res.exit_code == 2, res.output
    assert f"{link} i data-mappa er en symbolsk lenke" in res.output
    assert _tree(root) == before_inside
    assert _tree(outside) == before_outside


def test_a_source_file_that_cannot_be_read_is_refused(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    (root / "mål" / "2024" / "mål-2.yaml").write_text("år: [2024\n", encoding="utf-8")
    before = _tree(root)
    res = tb_in_process("nytt-brev", "2025", "--data", str(root))
    assert res.exit_code == 2 and "en fil som ikke kan leses (mål/2024/mål-2.yaml)" in res.output
    assert _tree(root) == before


def test_a_write_that_fails_halfway_leaves_nothing(tmp_path, monkeypatch):
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    before = _tree(root)
    from tildelingsbrev import files

    real = files.write_inside
    calls = []

    def failing(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 20:
            raise OSError(28, "No space left on device", str(args[1]))
        return real(*args, **kwargs)

    monkeypatch.setattr(files, "write_inside", failing)
    res = tb_in_process("nytt-brev", "2025", "--data", str(root))
    assert res.exit_code == 2 and "disken er full" in res.output and "ingenting er skrevet" in res.output
    assert _tree(root) == before


# ---------------------------------------------------------------- utfylt og gjennomgått


def test_filled_in_and_reviewed_the_findings_are_gone(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(PUBLISHED, root)
    assert tb_in_process("nytt-brev", "2025", "--data", str(root)).exit_code == 0
    for folder in ("brev", "mål", "styringsparametere", "budsjett"):
        for path in (root / folder / "2025").rglob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"^ *gjennomgått: false\n", "", text, flags=re.M)
            text = re.sub(r"^( *)(tildeling|beløp|bevilget): null$", r"\1\2: 1000000", text, flags=re.M)
            text = text.replace("budsjettvedtak: null", "budsjettvedtak: 2024-12-12")
            path.write_text(text, encoding="utf-8")
    result = check(root)
    assert not [f for f in result.findings if f.code in ("TB601", "TB602")]
    assert not [f for f in result.findings if f.code == "TB900"]
    # beløpene er nå tall, og summene regnes igjen (en fordeling på 3 × 1 mill. mot en tildeling
    # på 1 mill. er en feil)
    assert any(f.code == "TB204" and f.år == 2025 for f in result.active)


# ---------------------------------------------------------------- hjelperne


def test_session_year_and_date_helpers():
    assert nytt_brev.flytt_sesjon("Prop. 1 S (2023–2024)", 1) == "Prop. 1 S (2024–2025)"
    assert nytt_brev.flytt_sesjon("Innst. 16 S (2023-2024)", 2) == "Innst. 16 S (2025–2026)"
    assert nytt_brev.flytt_årstall("halvårsrapport-2024", 1) == "halvårsrapport-2025"
    assert nytt_brev.flytt_årstall("Årsrapport for budsjettåret 2023 (sak 12345)", 1) == (
        "Årsrapport for budsjettåret 2024 (sak 12345)"
    )
    assert nytt_brev.bytt_år("Tildelingsbrev 2024 – IMDi (2023)", 2024, 2025) == "Tildelingsbrev 2025 – IMDi (2023)"
    assert nytt_brev.flytt_dato(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert nytt_brev.flytt_dato(date(2024, 10, 31), 1) == date(2025, 10, 31)
    text = "jf. Prop.1 S (2023-2024) og Innst. 16 S (2023–2024), men Prop. 1 S (2022–2023) står"
    assert nytt_brev.flytt_henvisninger(text, 2024, 1) == (
        "jf. Prop.1 S (2024-2025) og Innst. 16 S (2024–2025), men Prop. 1 S (2022–2023) står"
    )
    moved = {"orientering": date(2024, 10, 31)}
    assert nytt_brev.flytt_fristmarkører(
        "innen {{ frist.orientering: 31.10.2024 }} og {{ frist.orientering: 31. oktober 2024 }} "
        "og {{ frist.annen: 01.01.2024 }}",
        moved,
        1,
    ) == (
        "innen {{ frist.orientering: 31.10.2025 }} og {{ frist.orientering: 31. oktober 2025 }} "
        "og {{ frist.annen: 01.01.2024 }}"
    )


def test_the_draft_has_no_references_or_date_of_its_own_yet(tmp_path):
    """Brevhodet: `vår_ref`, `deres_ref` og `dato` gjelder det gamle brevet; utkastet har dem
    tomme, og `tb diff` viser at de er endret. Adressene og kopimottakerne følger med."""
    import shutil

    from casekit import PUBLISHED, edit_once, tb_in_process

    data = tmp_path / "data"
    shutil.copytree(PUBLISHED, data)
    edit_once(
        data / "brev" / "2024" / "brev.yaml",
        "dato: null\n",
        "dato: 2023-12-21\nvår_ref: 23/4512-3\nderes_ref: 23/987\nkopi: [Riksrevisjonen]\n",
    )
    assert tb_in_process("nytt-brev", "2025", "--data", str(data)).exit_code == 0
    brev = (data / "brev" / "2025" / "brev.yaml").read_text(encoding="utf-8")
    assert "vår_ref: null" in brev and "deres_ref: null" in brev and "dato: null" in brev
    assert "kopi: [Riksrevisjonen]" in brev
    out = tb_in_process("diff", "2024", "2025", "--data", str(data), "--format", "json").output
    assert '"vår ref"' in out and '"23/4512-3"' in out


# ---------------------------------------------------------------- fullmaktene og andre mønstre


def test_the_authorisations_are_copied_with_empty_amounts_and_the_next_session(tmp_path, monkeypatch):
    from casekit import copy_valid
    from test_budsjettformer import FULLMAKTER, INNTEKTSKAPITTEL, write

    root = copy_valid(tmp_path / "data")
    write(root, {**INNTEKTSKAPITTEL, "budsjett/2030/fullmakter.yaml": FULLMAKTER})
    monkeypatch.chdir(tmp_path)
    res = tb_in_process("nytt-brev", "2031", "--data", "data")
    assert res.exit_code == 0, res.output
    assert "data/budsjett/2031/  2 kapitler, 4 poster og fullmaktene" in res.stdout
    new = YAML(typ="safe").load((root / "budsjett" / "2031" / "fullmakter.yaml").read_text(encoding="utf-8"))
    assert new["år"] == 2031 and new["gjennomgått"] is False
    assert [f["grunnlag"] for f in new["fullmakter"]] == [
        "Prop. 1 S (2030–2031), romertallsvedtak II",
        "Prop. 1 S (2030–2031), romertallsvedtak IV",
    ]
    assert "ramme" not in new["fullmakter"][0] and new["fullmakter"][1]["ramme"] is None
    assert new["belastningsfullmakter"][0]["beløp"] is None
    assert (root / "budsjett" / "2030" / "fullmakter.yaml").read_text(encoding="utf-8") == FULLMAKTER
    result = check(root)
    doc = result.repo.fullmakter_for(2031)
    assert doc is not None and doc.model.fullmakter[1].ramme_tom and doc.model.belastningsfullmakter[0].beløp_tom
    codes = {f.code for f in result.active if f.år == 2031 and "fullmakter" in str(f.location.file)}
    assert not codes & {"TB004", "TB407", "TB408", "TB409"}, codes


def test_new_and_earlier_assignments_are_told_apart_by_year_in_any_pattern(tmp_path, monkeypatch):
    from test_oppdragsnummer import med_mønster

    root, _ = med_mønster(tmp_path / "data", "{nr}/{år}")
    monkeypatch.chdir(tmp_path)
    res = tb_in_process("nytt-brev", "2031", "--data", "data")
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    at = lines.index(next(line for line in lines if line.startswith("Oppdragene i brevet for 2031")))
    assert lines[at + 1] == "  nye i 2031: ingen ennå (tb ny oppdrag --år 2031 --mål N --tittel …)"
    assert lines[at + 2].startswith("  2/2030  mål 2  "), lines[at : at + 4]
