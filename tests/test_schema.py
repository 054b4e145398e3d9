"""`tb schema`: JSON Schema per file kind, checked with the independent `jsonschema` package
against every shipped data file, and the `# yaml-language-server` first line (`--merk`)."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML
from typer.testing import CliRunner

from tildelingsbrev.cli import app
from tildelingsbrev.loading import MODELS, load, load_doc
from tildelingsbrev.model import Dato, Frist, Oppdrag, Post
from tildelingsbrev.norsk import parse_amount
from tildelingsbrev.schema import (
    KINDS,
    data_files,
    kind_of,
    mark,
    modeline,
    schema_for,
    schema_texts,
    with_modeline,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "repos"
runner = CliRunner()


def iso(value):
    """YAML values as JSON sees them: dates become ISO strings."""
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def read_yaml(path: Path):
    yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return iso(yaml.load(path.read_bytes()))


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    out = {}
    for kind in KINDS:
        schema = json.loads((DATA / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        out[kind] = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return out


def errors(validator, instance) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


# ---------------------------------------------------------------- the shipped schemas


def test_shipped_schemas_are_up_to_date():
    """data/schema/ is what `tb schema` writes now, byte for byte (run `tb schema` to update)."""
    shipped = {p.name: p.read_text(encoding="utf-8") for p in (DATA / "schema").glob("*.json")}
    assert shipped == schema_texts()


def test_one_schema_per_kind():
    assert set(KINDS) == {
        "brev",
        "mål",
        "styringsparameter",
        "oppdrag",
        "kapittel",
        "post",
        "tillegg",
        "fullmakter",
        "innstillinger",
        "baseline",
    }
    assert sorted(schema_texts()) == sorted(f"{k}.schema.json" for k in KINDS)


def test_every_shipped_data_file_is_valid(validators):
    files = data_files(DATA)
    assert len(files) >= 70
    seen = set()
    for path in files:
        kind = kind_of(DATA, path)
        seen.add(kind)
        assert errors(validators[kind], read_yaml(path)) == [], path
    # det publiserte brevet har ingen tillegg, ingen fullmakter som data og ingen innstillinger
    assert seen == set(KINDS) - {"tillegg", "fullmakter", "innstillinger"}


def test_the_supplement_example_is_valid(validators):
    """Tilleggene i eksempler/tillegg-2024 (og oppdraget gitt i et av dem) er gyldige mot
    skjemaene."""
    root = DATA.parent / "eksempler" / "tillegg-2024"
    files = data_files(root)
    assert {kind_of(root, p) for p in files} == {"tillegg", "oppdrag"}
    for path in files:
        assert errors(validators[kind_of(root, path)], read_yaml(path)) == [], path


def test_every_file_the_loader_accepts_in_the_valid_fixture_is_valid(validators):
    root = FIXTURES / "valid"
    repo, findings = load(root)
    assert not [f for f in findings if f.severity.value == "feil"]
    for path in data_files(root):
        assert errors(validators[kind_of(root, path)], read_yaml(path)) == [], path


def test_loader_ignores_the_schema_folder():
    _, findings = load(DATA)
    assert not [f for f in findings if "schema" in str(f.location.file)]
    assert not [f for f in findings if f.code == "TB005"]


def test_descriptions_are_the_norwegian_docstrings():
    post = schema_for("post")
    assert post["description"] == Post.__doc__.strip()
    assert (
        post["properties"]["tildeling"]["description"]
        == "Virksomhetens tildeling («Tildeling 2024» i tabellen)."
    )
    assert post["properties"]["bevilget"]["description"].startswith("Stortingets bevilgning")
    oppdrag = schema_for("oppdrag")
    assert oppdrag["properties"]["tittel"]["description"].startswith("Tittelen slik den står")
    frist = oppdrag["$defs"]["Frist"]
    assert frist["description"].startswith("Én frist for et oppdrag")
    assert frist["properties"]["ved_behov"]["description"].startswith("«samt ved behov»")
    # inherited field docstrings (BrevFrist extends Frist)
    brev_frist = schema_for("brev")["$defs"]["BrevFrist"]
    assert brev_frist["properties"]["flyttet_fra"]["description"].startswith("Tidligere frister")
    assert "del" in frist["properties"] and "del_" not in frist["properties"]


def test_every_field_has_a_description():
    """Every property of every model's schema (top level and `$defs`) has a Norwegian description,
    so editors show help on hover. The schema is the one `tb schema` writes: a printed amount
    (`PrintedAmount`) is an integer or text there, not the dataclass with its own fields."""
    missing = []
    for kind, model in MODELS.items():
        schema = schema_for(kind)
        for name, definition in [(model.__name__, schema), *schema.get("$defs", {}).items()]:
            for field, prop in definition.get("properties", {}).items():
                if not str(prop.get("description", "")).strip():
                    missing.append(f"{name}.{field}")
    assert not missing, "felt uten beskrivelse (docstring under feltet i model.py): " + ", ".join(
        sorted(set(missing))
    )


# ---------------------------------------------------------------- the schema accepts what the loader accepts


def validate_as_loader(kind: str, text: str) -> bool:
    model = KINDS[kind]
    doc, findings = load_doc(Path(f"x-{kind}.yaml"), text.encode("utf-8"), model, "x")
    return doc is not None and not findings


KAPITTEL = "år: 2024\nkapittel: 671\nnavn: Tilskudd\nsum: {sum}\n"


@pytest.mark.parametrize(
    "value",
    [
        "28979866000",
        "0",
        '"4,5 mill. kroner"',
        '"28 979 866 000"',
        '"28\u00a0979\u00a0866\u00a0000"',
        '"217,5 MILL. KRONER"',
        '"3 mrd."',
        '"17 mill kroner"',
        '"1 000 kr"',
        '"25200000"',
        '"2,5 milliarder kroner"',
    ],
)
def test_printed_amounts_the_loader_accepts_are_valid(validators, value):
    text = KAPITTEL.format(sum=value)
    assert validate_as_loader("kapittel", text)
    assert errors(validators["kapittel"], iso(YAML(typ="safe", pure=True).load(text))) == []


@pytest.mark.parametrize("value", ['"fire kroner"', "true", "2.5", '"kr 100"', '"4,5 mill. euro"'])
def test_amounts_the_loader_rejects_are_invalid(validators, value):
    text = KAPITTEL.format(sum=value)
    assert not validate_as_loader("kapittel", text)
    assert errors(validators["kapittel"], iso(YAML(typ="safe", pure=True).load(text)))


def test_printed_amount_pattern_agrees_with_parse_amount(validators):
    """Every printed amount in the shipped data parses, and the schema's pattern matches it."""
    pattern = schema_for("kapittel")["$defs"]["PrintedAmount"]["anyOf"][1]["pattern"]
    import re

    rx = re.compile(pattern)
    printed = []
    for path in data_files(DATA):
        printed += [v for v in _strings_under(read_yaml(path), {"sum", "bevilget"})]
    assert len(printed) >= 5
    for text in printed:
        assert parse_amount(text) is not None and rx.search(text), text


def _strings_under(value, keys):
    if isinstance(value, dict):
        for k, v in value.items():
            if k in keys and isinstance(v, str):
                yield v
            yield from _strings_under(v, keys)
    elif isinstance(value, list):
        for v in value:
            yield from _strings_under(v, keys)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("oppdrag", "id: 2030-01\ntittel: T\nmål: 1\nfrister:\n  - dato: '2030-02-30'\n"),  # no such day
        ("oppdrag", "id: 2030-01\ntittel: T\nmål: 1\ntittle: skrivefeil\n"),  # unknown key
        ("oppdrag", "id: '30-01'\ntittel: T\nmål: 1\n"),  # wrong id form
        ("oppdrag", "id: 2030-01\ntittel: ''\nmål: 1\n"),  # empty title
        ("oppdrag", "id: 2030-01\ntittel: T\nmål: 1\nstatus: ferdig\n"),  # unknown status
        ("post", "år: 2030\nkapittel: 100\npost: 1\nbetegnelse: B\ntildeling: '25 200 000'\n"),
        ("post", "år: 2030\nkapittel: 100\npost: 1\nbetegnelse: B\ntildeling: -1\n"),
        ("styringsparameter", "år: 2030\nnr: 1\nmål: 1\ntekst: T\nløpende: NO\n"),
        ("baseline", "akseptert:\n  - kode: X1\n    gjelder: g\n    begrunnelse: lang nok begrunnelse\n"),
    ],
)
def test_what_the_loader_rejects_the_schema_rejects(validators, kind, text):
    assert not validate_as_loader(kind, text)
    assert errors(validators[kind], iso(YAML(typ="safe", pure=True).load(text)))


def test_dates_are_strings_with_format_date():
    frist = schema_for("oppdrag")["$defs"]["Frist"]["properties"]["dato"]
    assert {"type": "string", "format": "date"} in frist["anyOf"]
    # en dato i modellen er `Dato` (en date innenfor GYLDIGE_DATOER); skjemaet er det samme
    assert Frist.model_fields["dato"].annotation == Dato | None


# ---------------------------------------------------------------- yaml-language-server first line


def test_every_data_file_starts_with_its_schema_line():
    for path in data_files(DATA):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == modeline(DATA, path), path
        target = first.split("$schema=", 1)[1]
        assert (path.parent / target).resolve() == (DATA / "schema" / f"{kind_of(DATA, path)}.schema.json")


def test_modeline_paths():
    assert modeline(DATA, DATA / "oppdrag" / "2024-01.yaml") == (
        "# yaml-language-server: $schema=../schema/oppdrag.schema.json"
    )
    assert modeline(DATA, DATA / "budsjett" / "2024" / "kap-671.yaml").endswith(
        "=../../schema/kapittel.schema.json"
    )
    assert modeline(DATA, DATA / "budsjett" / "2024" / "671-62.yaml").endswith(
        "=../../schema/post.schema.json"
    )
    assert modeline(DATA, DATA / "baseline.yaml").endswith("=schema/baseline.schema.json")
    assert kind_of(DATA, DATA / "brev" / "2024" / "tekst" / "01-innledning.md") is None
    assert kind_of(DATA, DATA / "mal" / "brev.md") is None


LINE = "# yaml-language-server: $schema=../schema/oppdrag.schema.json"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"id: 2030-01\n", LINE.encode() + b"\nid: 2030-01\n"),
        (b"# kommentar\nid: 2030-01\n", LINE.encode() + b"\n# kommentar\nid: 2030-01\n"),
        (b"# yaml-language-server: $schema=gammel.json\nid: x\n", LINE.encode() + b"\nid: x\n"),
        (b"#yaml-language-server:$schema=gammel.json", LINE.encode()),
        (b"id: x\r\ntittel: 'y'\r\n", LINE.encode() + b"\r\nid: x\r\ntittel: 'y'\r\n"),
        (b"\xef\xbb\xbfid: x\n", b"\xef\xbb\xbf" + LINE.encode() + b"\nid: x\n"),
        (b"", LINE.encode() + b"\n"),
    ],
)
def test_with_modeline(before, after):
    assert with_modeline(before, LINE) == after
    assert with_modeline(after, LINE) == after


def test_with_modeline_leaves_non_utf8_alone():
    assert with_modeline(b"tittel: \xe6\xf8\xe5\n", LINE) is None


def test_merk_on_a_copy(tmp_path):
    """Strip the first lines from a copy, run `tb schema --merk`: every file is as shipped."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.rmtree(data / "schema")
    originals = {}
    for path in data_files(data):
        raw = path.read_bytes()
        originals[path] = raw
        path.write_bytes(raw.split(b"\n", 1)[1])
    crlf = data / "oppdrag" / "2024-01.yaml"
    crlf.write_bytes(originals[crlf].split(b"\n", 1)[1].replace(b"\n", b"\r\n"))
    (data / "mal").mkdir(exist_ok=True)
    (data / "mal" / "ignorert.yaml").write_text("a: 1\n")

    res = runner.invoke(app, ["schema", "--data", str(data), "--merk"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [
        f"10 skjemaer i {data / 'schema'} (10 endret)",
        f"{len(originals)} datafiler, {len(originals)} fikk ny første linje",
    ]
    for path, raw in originals.items():
        if path == crlf:
            assert path.read_bytes() == raw.replace(b"\n", b"\r\n")
        else:
            assert path.read_bytes() == raw, path
    assert (data / "mal" / "ignorert.yaml").read_text() == "a: 1\n"
    assert {p.name: p.read_text(encoding="utf-8") for p in (data / "schema").iterdir()} == schema_texts()

    again = runner.invoke(app, ["schema", "--data", str(data), "--merk"])
    assert again.stdout.splitlines()[-1] == f"{len(originals)} datafiler, 0 fikk ny første linje"
    assert "(0 endret)" in again.stdout.splitlines()[0]
    repo, findings = load(data)
    assert len(repo.oppdrag) == len(list((DATA / "oppdrag").glob("*.yaml")))


def test_schema_to_another_folder(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    out = tmp_path / "skjema"
    res = runner.invoke(app, ["schema", "--data", str(data), "-o", str(out), "--merk"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == sorted(schema_texts())
    first = (data / "oppdrag" / "2024-13.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../skjema/oppdrag.schema.json"


def test_mark_reports_each_file(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    bad = data / "oppdrag" / "2030-01.yaml"
    bad.write_bytes(b"tittel: \xe6\n")
    states = dict(mark(data))
    assert states[bad] == "ikke UTF-8"
    assert bad.read_bytes() == b"tittel: \xe6\n"
    assert set(states.values()) == {"uendret", "ikke UTF-8"}


def test_schema_fails_on_a_file_as_output_folder(tmp_path):
    f = tmp_path / "fil"
    f.write_text("x")
    res = runner.invoke(app, ["schema", "--data", str(DATA), "-o", str(f)])
    assert res.exit_code == 2
    assert res.stderr.startswith("tb: ")


def test_oppdrag_model_is_the_oppdrag_schema():
    assert KINDS["oppdrag"] is Oppdrag
    assert schema_for("oppdrag")["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema_for("oppdrag")["additionalProperties"] is False
