"""Issue 11 (maler): en mal kan ikke lese filer utenfor mal/, en feilmelding siterer aldri
innhold fra en fil, en mal kan ikke få `tb` til å henge eller gå tom for minne, og `&lt;b&gt;`
i en tittel står som den er skrevet.

Angrepene kjøres på en kopi av data/ (malene i data/mal/ med én linje lagt til), gjennom
kommandolinja der det er hele poenget (hemmeligheten skal ikke finnes i noe `tb check` eller
`tb render` skriver, i noe format), og i prosessen ellers. Hemmelighetene er en
miljøvariabel (`TB_HEMMELIG` i underprosessen) og en fil utenfor data-mappa.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tildelingsbrev import rendering as R
from tildelingsbrev.cli import app
from tildelingsbrev.loading import load
from tildelingsbrev.rendering import limits, sandbox, templates
from tildelingsbrev.rules import RULES_BY_CODE, run_rules

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
TB = ROOT / ".venv" / "bin" / "tb"
if not TB.exists():  # pragma: no cover - kjørt utenfor make test
    TB = Path(shutil.which("tb") or TB)

SECRET = "hemmelig-7f3a9c"
"""Står i miljøet til underprosessen (TB_HEMMELIG) og i hemmelige filer utenfor data-mappa."""
INCLUDER = "vedlegg1.md.j2"
"""Malen angrepene legges til i (den siste brev.md.j2 tar inn)."""

runner = CliRunner()


# ---------------------------------------------------------------- hjelpere


def copy_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, symlinks=True)
    return data


def add_line(data: Path, code: str, template: str = INCLUDER) -> int:
    """Legg `code` til som siste linje i malen; gir linjenummeret."""
    mal = data / "mal" / template
    text = mal.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    mal.write_text(text + code + "\n", encoding="utf-8")
    return text.count("\n") + 1


def secret_file(tmp_path: Path, name: str = "hemmelig.txt") -> Path:
    """En fil med hemmeligheten, utenfor data-mappa."""
    folder = tmp_path / "utenfor"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


def _env() -> dict[str, str]:
    env = dict(os.environ)
    for k in ("GITHUB_ACTIONS", "GITLAB_CI", "FORCE_COLOR", "CLICOLOR_FORCE", "GITHUB_WORKSPACE", "CI_PROJECT_DIR"):
        env.pop(k, None)
    env.update(NO_COLOR="1", TB_CACHE="0", TB_DEBUG="1", TB_HEMMELIG=SECRET)
    return env


COMMANDS = {
    "text": ["check", "--data", "data", "--format", "text"],
    "github": ["check", "--data", "data", "--format", "github"],
    "sarif": ["check", "--data", "data", "--format", "sarif"],
    "md": ["render", "--data", "data", "-o", "brev.md"],
    "html": ["render", "--data", "data", "-o", "brev.html"],
}


def run_all(tmp_path: Path, kinds=tuple(COMMANDS)) -> dict[str, tuple[int, str]]:
    """`tb check` i tre formater og `tb render` til .md og .html (eller de av dem `kinds` gir),
    samtidig; for hver: koden og alt den skrev (stdout, stderr og fila)."""
    commands = {k: COMMANDS[k] for k in kinds}
    procs = {
        k: subprocess.Popen(
            [str(TB), *args],
            cwd=tmp_path,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_env(),
        )
        for k, args in commands.items()
    }
    out = {}
    for k, p in procs.items():
        stdout, stderr = p.communicate(timeout=300)  # bare et vern mot en test som henger
        text = stdout.decode("utf-8", "replace") + stderr.decode("utf-8", "replace")
        written = tmp_path / f"brev.{k}"
        if written.exists():
            text += written.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in text and "intern feil" not in text, text[-3000:]
        out[k] = (p.returncode, text)
    return out


def tb501(data: Path) -> list:
    """Funnene fra TB501 (bare den regelen, så testene går fort)."""
    repo, _ = load(data)
    return run_rules(repo, (RULES_BY_CODE["TB501"],))


def where(f, data: Path) -> tuple[str, int]:
    """(fila relativt til data-mappa, linjen) for et funn."""
    return (f.location.file.relative_to(data).as_posix(), f.location.line)


def assert_refused(
    tmp_path: Path,
    file: str,
    related: tuple[str, int] | None = None,
    md_fails: bool = True,
    kinds=tuple(COMMANDS),
) -> None:
    """Ingen hemmelighet i noe `tb` skriver; TB501 peker på `file` (og på linjen som tok den inn);
    `tb render` stopper med kode 2 og den samme meldingen."""
    runs = run_all(tmp_path, kinds)
    for kind, (code, text) in runs.items():
        assert SECRET not in text, f"{kind}: {text[-3000:]}"
        expected = {"text": 1, "github": 1, "sarif": 1, "md": 2 if md_fails else 0, "html": 2}[kind]
        assert code == expected, (kind, code, text[-2000:])
    if "text" in runs:
        assert f"data/{file}:1:1: feil TB501 mal-feil: " in runs["text"][1], runs["text"][1][-2000:]
    if "github" in runs:
        assert f"file=data/{file},line=1" in runs["github"][1]
    results = [r for r in json.loads(runs["sarif"][1])["runs"][0]["results"] if r["ruleId"] == "TB501"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == [f"data/{file}"]
    assert f"tb: data/{file}: " in runs["html"][1]
    [finding] = tb501(tmp_path / "data")
    assert where(finding, tmp_path / "data") == (file, 1)
    if related:
        assert [(r.file.relative_to(tmp_path / "data").as_posix(), r.line) for r in finding.related] == [related]
        assert f"(tatt inn fra data/{related[0]}:{related[1]})" in runs["html"][1]


# ---------------------------------------------------------------- maler som leser filer


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="trenger /proc (Linux)")
def test_symlink_to_proc_environ_never_prints_the_environment(tmp_path):
    """Issue 11.1: `ln -s /proc/self/environ data/mal/env.j2` og en mal som tar inn innholdet som
    et malnavn, skrev miljøet i TB501-meldingen (også i GitHub- og SARIF-formatet)."""
    data = copy_data(tmp_path)
    (data / "mal" / "env.j2").symlink_to("/proc/self/environ")
    line = add_line(data, "{% set s %}{% include 'env.j2' %}{% endset %}{% include s %}")
    assert_refused(tmp_path, "mal/env.j2", related=(f"mal/{INCLUDER}", line))


def test_symlink_to_a_folder_outside_never_reaches_the_letter(tmp_path):
    """Issue 11.1: `ln -s / data/mal/root` og `{% include 'root/etc/passwd' %}` satte fila inn i
    brevet. Her er mappa utenfor en mappe med en hemmelig fil."""
    data = copy_data(tmp_path)
    secret = secret_file(tmp_path)
    (data / "mal" / "root").symlink_to(secret.parent)
    line = add_line(data, "{% include 'root/hemmelig.txt' %}")
    assert_refused(tmp_path, "mal/root", related=(f"mal/{INCLUDER}", line))


def test_symlinked_stylesheet_is_never_embedded_in_the_html(tmp_path):
    """Issue 11.1: `ln -s /etc/passwd data/mal/brev.css` satte fila inn i HTML-en."""
    data = copy_data(tmp_path)
    (data / "mal" / "brev.css").unlink()
    (data / "mal" / "brev.css").symlink_to(secret_file(tmp_path, "hemmelig.css"))
    assert_refused(tmp_path, "mal/brev.css", md_fails=False, kinds=("sarif", "html"))


@pytest.mark.parametrize(
    "setup",
    ["fil-lenke", "lenke-i-undermappe", "lenke-til-mal-i-mappa", "mal-mappa-er-en-lenke", "hoved-malen"],
)
def test_every_symlink_in_the_template_path_is_refused(tmp_path, setup):
    """Alle variantene av en lenke på veien til en mal, også en lenke som peker på en annen mal i
    mal/ (en lenke kan byttes ut etter at den er sjekket) og mal/ selv."""
    data = copy_data(tmp_path)
    secret = secret_file(tmp_path, "hemmelig.md.j2")
    mal = data / "mal"
    if setup == "fil-lenke":
        (mal / "lenke.md.j2").symlink_to(secret)
        add_line(data, "{% include 'lenke.md.j2' %}")
        expect = ("mal/lenke.md.j2", 1)
    elif setup == "lenke-i-undermappe":
        (mal / "deler").mkdir()
        (mal / "deler" / "x.md.j2").symlink_to(Path("..") / ".." / ".." / "utenfor" / "hemmelig.md.j2")
        add_line(data, "{% include 'deler/x.md.j2' %}")
        expect = ("mal/deler/x.md.j2", 1)
    elif setup == "lenke-til-mal-i-mappa":
        (mal / "kopi.md.j2").symlink_to("rapportering.md.j2")
        add_line(data, "{% include 'kopi.md.j2' %}")
        expect = ("mal/kopi.md.j2", 1)
    elif setup == "mal-mappa-er-en-lenke":
        outside = tmp_path / "utenfor" / "mal"
        shutil.copytree(mal, outside)
        (outside / INCLUDER).write_text("{% include 'hemmelig.md.j2' %}\n", encoding="utf-8")
        shutil.copy(secret, outside / "hemmelig.md.j2")
        shutil.rmtree(mal)
        mal.symlink_to(outside)
        expect = ("mal", 1)
    else:  # brev.md.j2 selv
        (mal / "brev.md.j2").unlink()
        (mal / "brev.md.j2").symlink_to(secret)
        expect = ("mal/brev.md.j2", 1)
    found = tb501(data)
    assert [where(f, data) for f in found] == [expect], [f.message for f in found]
    assert "symbolsk lenke" in found[0].message
    repo, _ = load(data)
    with pytest.raises(R.RenderError) as e:
        R.render(repo, 2024, "html")
    assert SECRET not in str(e.value) and "symbolsk lenke" in str(e.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../utenfor/hemmelig.txt", "peker ut av mal/"),
        ("deler/../../../utenfor/hemmelig.txt", "peker ut av mal/"),
        ("ABSOLUTT", "absolutt sti"),
        ("deler\\\\x.md.j2", "ikke et gyldig malnavn"),
        ("./vedlegg1.md.j2", "ikke et gyldig malnavn"),
        ("x" * 300, "ikke et gyldig malnavn"),
    ],
    ids=["dotdot", "dotdot-i-midten", "absolutt", "bakstrek", "punktum", "langt"],
)
def test_names_that_leave_the_folder_are_refused_at_the_include(tmp_path, name, message):
    data = copy_data(tmp_path)
    secret = secret_file(tmp_path)
    name = str(secret) if name == "ABSOLUTT" else name
    line = add_line(data, f"{{% include '{name}' ignore missing %}}")
    found = tb501(data)
    assert [where(f, data) for f in found] == [(f"mal/{INCLUDER}", line)], [f.message for f in found]
    assert message in found[0].message and SECRET not in found[0].message
    assert "x" * 100 not in found[0].message and "utenfor" not in found[0].message


@pytest.mark.parametrize("kind", ["fifo", "mappe", "for-stor", "latin-1"])
def test_templates_that_are_not_plain_utf8_files_are_refused(tmp_path, kind):
    """En FIFO (ville hengt), en mappe, en fil over 1 MB og en fil som ikke er UTF-8: TB501 på
    fila, med linjen som tok den inn."""
    data = copy_data(tmp_path)
    path = data / "mal" / "del.md.j2"
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("ingen FIFO her")
        os.mkfifo(path)
    elif kind == "mappe":
        path.mkdir()
    elif kind == "for-stor":
        path.write_bytes(b"a" * (templates.MAX_TEMPLATE_BYTES + 1))
    else:
        path.write_bytes("blåbærsyltetøy\n".encode("latin-1"))
    line = add_line(data, "{% include 'del.md.j2' %}")
    found = tb501(data)
    assert [where(f, data) for f in found] == [("mal/del.md.j2", 1)], [f.message for f in found]
    assert [(r.file.name, r.line) for r in found[0].related] == [(INCLUDER, line)]
    expected = {"fifo": "ikke en vanlig fil", "mappe": "ikke en vanlig fil", "for-stor": "for stor", "latin-1": "UTF-8"}
    assert expected[kind] in found[0].message


def test_a_template_replaced_by_a_symlink_after_it_was_compiled_is_refused(tmp_path):
    """Jinja-miljøet (med de kompilerte malene) lever hele prosessen. En mal som byttes ut med en
    lenke etter første gjengivelse, skal ikke brukes fra bufferen, og lenken skal ikke følges."""
    data = copy_data(tmp_path)
    repo, _ = load(data)
    assert b"Vedlegg" in R.render(repo, 2024, "md")
    mal = data / "mal" / INCLUDER
    mal.unlink()
    mal.symlink_to(secret_file(tmp_path, "hemmelig.md.j2"))
    with pytest.raises(R.RenderError) as e:
        R.render(repo, 2024, "md")
    assert "symbolsk lenke" in e.value.message and e.value.file == mal


def test_subfolders_and_plain_templates_still_work(tmp_path):
    data = copy_data(tmp_path)
    (data / "mal" / "deler").mkdir()
    (data / "mal" / "deler" / "hilsen.md.j2").write_text("Hilsen fra {{ brev.avsender | md }}\n", encoding="utf-8")
    add_line(data, "{% include 'deler/hilsen.md.j2' %}")
    assert tb501(data) == []
    repo, _ = load(data)
    assert "Hilsen fra Arbeids- og inkluderingsdepartementet" in R.render(repo, 2024, "md").decode()


# ---------------------------------------------------------------- meldingene siterer ikke innhold


@pytest.mark.parametrize(
    "code",
    [
        "{% include s %}",
        "{% include s | trim %}",
        "{% include [s | trim, 'x.md.j2'] %}",
        "{% import s | trim as m %}",
        "{{ brev[s | trim] }}",
        "{{ brev | attr(s | trim) }}",
        "{{ brev[s | trim]() }}",
        "{{ ''[s | trim] }}",
        "{{ (s | trim)[brev] }}",
        "{{ ('{' ~ (s | trim) ~ '}').format() }}",
        "{{ ('%(' ~ (s | trim) ~ ')s') % {} }}",
        "{{ (s | trim) | int + [] }}",
    ],
)
def test_messages_never_quote_what_a_template_read_from_a_file(tmp_path, code):
    """Innholdet i en fil (her en vanlig fil i mal/ med en hemmelighet som ser ut som et navn)
    brukt som malnavn, nøkkel eller formatfelt, står aldri i meldingen. Et navn vises bare når
    det står skrevet i malen."""
    data = copy_data(tmp_path)
    (data / "mal" / "innhold.txt").write_text(f"{SECRET.replace('-', '_')}\n", encoding="utf-8")
    line = add_line(data, "{% set s %}{% include 'innhold.txt' %}{% endset %}" + code)
    found = tb501(data)
    assert [where(f, data) for f in found] == [(f"mal/{INCLUDER}", line)], [f.message for f in found]
    assert SECRET.replace("-", "_") not in found[0].message, found[0].message
    assert "hemmelig" not in found[0].message


def test_names_written_in_the_template_are_still_quoted(tmp_path):
    data = copy_data(tmp_path)
    line = add_line(data, "{{ brev.mottakr }}{% include 'signatur.md.j2' %}")
    [f] = tb501(data)
    assert where(f, data) == (f"mal/{INCLUDER}", line) and "«mottakr» finnes ikke" in f.message
    data2 = copy_data(tmp_path / "b")
    add_line(data2, "{% include 'signatur.md.j2' %}")
    [f] = tb501(data2)
    assert "fant ikke malen «signatur.md.j2»" in f.message


# ---------------------------------------------------------------- malbomber


BOMBS = {
    # fra issue 11.13
    "streng-ganger": ("{{ 'x' * 10**9 }}", "for stor tekst"),
    "lipsum": ("{{ lipsum(10**7) }}", "lipsum"),
    "nestet-range": ("{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}", "range"),
    # den samme klassen
    "nestet-løkke": ("{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}", "for mange operasjoner"),
    "løkke-over-tekst": ("{% set a = 'x' * 9000 %}{% for i in a %}{% for j in a %}{% endfor %}{% endfor %}", "for mange operasjoner"),
    "potens": ("{{ 9 ** (9 ** 9) }}", "for stort tall"),
    "makro-forgreining": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}",
        "for mange operasjoner",
    ),
    "rekursiv-løkke": (
        "{% for x in [1, 2] recursive %}{% if loop.depth < 40 %}{{ loop([1, 2]) }}{% endif %}{% endfor %}",
        "for mange operasjoner",
    ),
    "dobling": (
        "{% set ns = namespace(s='x') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "for stor tekst",
    ),
    "set-blokk": (
        "{% set s %}{% for i in range(10000) %}{% for j in range(1000) %}" + "x" * 60 + "{% endfor %}{% endfor %}{% endset %}",
        "for mye tekst",
    ),
    "prosent-bredde": ("{{ '%999999999d' % 1 }}", "for stor tekst"),
    "format-bredde": ("{{ '{:>999999999}'.format(1) }}", "for stor tekst"),
    "format-filter": ("{{ '%*d' | format(999999999, 1) }}", "for stor tekst"),
    "center": ("{{ 'x' | center(10**9) }}", "for stor tekst"),
    "replace": ("{% set a = 'x' * 10000 %}{{ a.replace('x', a) | length }}", "for stor tekst"),
    "replace-filter": ("{% set a = 'x' * 10000 %}{{ a | replace('x', a) | length }}", "for stor tekst"),
    "indent": ("{% set a = '\\n' * 100000 %}{{ a | indent(1000) | length }}", "for stor tekst"),
    "join-deling": ("{% set a = 'x' * 1000000 %}{{ [a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a, a] | join | length }}", "for stor tekst"),
    "liste-deling": ("{% set a = 'x' * 1000000 %}{{ [[a] * 5] * 5 }}", "for stor tekst"),
    "konkatenering": ("{% set a = 'x' * 5000000 %}{{ (a ~ a ~ a ~ a ~ a) | length }}", "for stor tekst"),
    "splitlines": ("{{ ('ab\\n' * 5000000).splitlines() | length }}", "for lang liste"),
    "list-filter": ("{{ ('x' * 5000000) | list | length }}", "for lang liste"),
    "sum-lister": ("{{ ([[1] * 1000] * 1000) | sum(start=[]) | length }}", "for lang liste"),
    "tell-i-lang-tekst": (
        "{% set a = 'x' * 15000000 %}{% for i in range(10000) %}{{ a.count('y') }}{% endfor %}",
        "for mange operasjoner",
    ),
    "sammenlign-lang-tekst": (
        "{% set a = 'x' * 15000000 %}{% set b = a ~ '' %}{% for i in range(10000) %}{{ a == b }}{% endfor %}",
        "for mange operasjoner",
    ),
    "include-i-løkke": (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% include 'rapportering.md.j2' %}{% endfor %}{% endfor %}",
        "for mange operasjoner",
    ),
}


@pytest.fixture(scope="module")
def published_repo():
    repo, findings = load(DATA)
    assert not findings
    return repo


@pytest.mark.parametrize("name", list(BOMBS))
def test_template_bombs_stop_with_tb501(tmp_path, name):
    """Issue 11.13: en mal som bruker uendelig med tid eller minne, stopper med TB501 på linjen
    i malen («malen bruker for mange operasjoner», «… lager en for stor tekst» …). Grensene er
    telte operasjoner og tegn, ikke sekunder: svaret er det samme på alle maskiner."""
    code, message = BOMBS[name]
    data = copy_data(tmp_path)
    line = add_line(data, code)
    found = tb501(data)
    assert [where(f, data) for f in found] == [(f"mal/{INCLUDER}", line)], [f.message for f in found]
    assert message in found[0].message, found[0].message


def test_a_template_bomb_through_the_cli(tmp_path):
    data = copy_data(tmp_path)
    line = add_line(data, BOMBS["streng-ganger"][0])
    runs = run_all(tmp_path, ("text", "html"))
    assert runs["text"][0] == 1 and f"data/mal/{INCLUDER}:{line}:1: feil TB501 mal-feil: " in runs["text"][1]
    assert runs["html"][0] == 2 and f"tb: data/mal/{INCLUDER}:{line}: " in runs["html"][1]
    assert not (tmp_path / "brev.html").exists()


def test_the_published_letter_uses_a_small_part_of_the_budget(published_repo, monkeypatch):
    """Grensene er langt over det brevet i data/ trenger, så en mal som vokser med data (flere
    oppdrag, lengre tekster) ikke treffer dem."""
    budgets = []

    class Counting(sandbox.Budget):
        def __init__(self):
            super().__init__()
            budgets.append(self)

    monkeypatch.setattr(sandbox, "Budget", Counting)
    R.render(published_repo, 2024, "html")
    assert budgets and all(b.ops < limits.MAX_OPERATIONS // 100 for b in budgets), [b.ops for b in budgets]
    assert all(b.out < limits.MAX_OUTPUT // 100 for b in budgets)


FEATURES = {
    "base.j2": "<{% block innhold %}basis{% endblock %}>\n",
    "barn.j2": '{% extends "base.j2" %}{% block innhold %}barn {{ super() }}{% endblock %}\n',
    "makroer.j2": '{% macro rad(a, b="–") %}| {{ a }} | {{ b }} |{% endmacro %}\n'
    "{% macro ramme() %}[{{ caller() }}]{% endmacro %}\n",
    "alle.j2": """{% import "makroer.j2" as m %}
{% from "makroer.j2" import ramme %}
{{ m.rad(1) }} {{ m.rad("x", 2) }}
{% call ramme() %}inni {{ tittel | upper }}{% endcall %}
{% for x in liste %}{{ loop.index }}/{{ loop.length }}{% if loop.last %}.{% else %}, {% endif %}{% endfor %}
{% for x in liste if x is odd %}{{ x }}{% else %}tom{% endfor %}
{% for x in [] %}{{ x }}{% else %}tom{% endfor %}
{% for k, v in kart | dictsort %}{{ k }}={{ v }};{% endfor %}
{% for g in folk | groupby("alder") %}{{ g.grouper }}:{{ g.list | map(attribute="navn") | join(",") }} {% endfor %}
{% for rad in liste | batch(4, "-") %}{{ rad | join }}|{% endfor %}
{% for del in liste | slice(2) %}{{ del | list }}{% endfor %}
{% for n in tre recursive %}{{ n.navn }}{% if n.barn %}({{ loop(n.barn) }}){% endif %}{% endfor %}
{% set ns = namespace(sum=0) %}{% for x in liste %}{% set ns.sum = ns.sum + x %}{% endfor %}{{ ns.sum }}
{% set blokk %}A{{ 1 + 2 }}B{% endset %}{{ blokk }}{{ blokk | length }}
{% filter upper %}liten tekst {{ tittel }}{% endfilter %}
{{ "%s har %d" % (tittel, 3) }} {{ "{} og {:>5}".format("a", "b") }} {{ "%05.1f" | format(3.14159) }}
{{ tittel ~ "!" ~ 5 }} {{ tittel[1:4] }} {{ liste[::-1] }} {{ liste[0] }} {{ kart.a }} {{ kart["b"] }}
{{ "a b c".split() }} {{ ",".join(["x", "y"]) }} {{ tittel.replace("e", "E") }} {{ "x".center(7, "*") }}
{{ liste | sum }} {{ [[1], [2, 3]] | sum(start=[]) }} {{ folk | sum(attribute="alder") }} {{ liste | max }}
{{ tittel | indent(2, true) }} {{ "lang tekst her" | truncate(9) }} {{ "abc" | reverse }} {{ liste | length }}
{{ kart | tojson }} {{ folk | selectattr("alder", "gt", 30) | map(attribute="navn") | list }}
{{ 2 ** 10 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ -3 | abs }} {{ "3" | int + 1 }} {{ 1.5 | round }} {{ "x" * 3 }} {{ [0] * 3 }}
{{ "a" in tittel }} {{ 3 in liste }} {{ tittel == "Tittel" }} {{ liste | unique | list }} {{ liste | sort(reverse=true) }}
{% include "barn.j2" %} {% include ["finnes-ikke.j2", "base.j2"] %} {% include "finnes-ikke.j2" ignore missing %}
{{ range(3) | list }} {{ cycler("a", "b").next() }} {{ dict(a=1) }} {{ "<x>" | e }} {{ tittel | wordcount }}
{% with y = 5 %}{{ y * 2 }}{% endwith %} {{ "ÆØÅ" | lower }} {{ "  s  " | trim }} {{ "a-b" | replace("-", "+") }}
{{ kart.items() | list }} {{ "x,y" | list }} {{ tittel | title }} {{ "%s" | format(liste) }} {{ liste | string }}
{{ 25200000000 | kroner }} {{ 25200000 | mill }} {{ "a*b" | md }} {{ "" | celle }}
""",
}


@pytest.mark.parametrize("autoescape", [False, True], ids=["markdown", "html"])
def test_the_limits_do_not_change_what_a_template_renders(tmp_path, autoescape):
    """Tellingen (løkker, filtre, kall, tekst som skrives) endrer ikke resultatet: en mal med det
    meste Jinja kan, gir det samme som Jinjas egen sandkasse med en vanlig filinnlaster."""
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    for name, text in FEATURES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    values = {
        "tittel": "Tittel",
        "liste": [3, 1, 2, 5, 4, 1],
        "kart": {"a": 1, "b": "to"},
        "folk": [{"navn": "Ola", "alder": 30}, {"navn": "Kari", "alder": 40}, {"navn": "Per", "alder": 30}],
        "tre": [{"navn": "a", "barn": [{"navn": "b", "barn": []}]}, {"navn": "c", "barn": []}],
    }
    plain = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(str(tmp_path)),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    plain.filters.update(R.FILTERS)
    expected = plain.get_template("alle.j2").render(**values)
    ours = sandbox.make_environment(tmp_path, autoescape)
    assert sandbox.render_template(ours, "alle.j2", values) == expected
    assert "1/6, 2/6" in expected and "a(b)c" in expected and "25\u00a0200\u00a0000\u00a0000" in expected


# ---------------------------------------------------------------- filteret md


def test_an_entity_in_a_title_is_shown_as_written(tmp_path):
    """`&lt;b&gt;` i en tittel skal stå som `&lt;b&gt;` i brevet, ikke bli `<b>`: filteret `md`
    setter skråstrek foran en `&` som ville startet en HTML-entitet."""
    data = copy_data(tmp_path)
    f = data / "oppdrag" / "2024-16.yaml"
    text = f.read_text(encoding="utf-8")
    f.write_text(
        text.replace(
            "tittel: Videreutvikle nettstedet Ny i Norge",
            'tittel: "Videreutvikle &lt;b&gt;fet&lt;/b&gt; &#60;i&#62; &amp; R&D Ny i Norge"',
        ),
        encoding="utf-8",
    )
    out_md, out_html = tmp_path / "brev.md", tmp_path / "brev.html"
    for out in (out_md, out_html):
        res = runner.invoke(app, ["render", "--data", str(data), "-o", str(out)])
        assert res.exit_code == 0, res.output
    md = out_md.read_text(encoding="utf-8")
    assert r"Videreutvikle \&lt;b\&gt;fet\&lt;/b\&gt; \&\#60;i\&\#62; \&amp; R&D Ny i Norge" in md
    html = out_html.read_text(encoding="utf-8")
    assert "Videreutvikle &amp;lt;b&amp;gt;fet&amp;lt;/b&amp;gt; &amp;#60;i&amp;#62; &amp;amp; R&amp;D Ny i Norge" in html
    assert "<b>" not in html and "<i>" not in html


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("&lt;b&gt;", r"\&lt;b\&gt;"),
        ("&#60;&#x3C;", r"\&\#60;\&\#x3C;"),
        ("A & B", "A & B"),
        ("R&D;", "R&D;"),
        ("&copy", "&copy"),
    ],
)
def test_md_escapes_only_an_ampersand_that_starts_an_entity(text, escaped):
    assert R.md_escape(text) == escaped
    assert "&amp;" in R.markdown_to_html(R.md_escape(text))
