"""Rapportering: gjør resultater om til tekst og data – sjekkresultatet som tekst, JSON og
CI-formater (GitHub, GitLab, SARIF), reglenes dokumentasjon (`tb regler`, `tb forklar`) og
alt om ett oppdrag (`tb vis`). Rene funksjoner: de skriver ikke selv; CLI-et skriver og
velger farger."""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from .check import CheckResult
from .findings import Finding, Location, Severity
from .norsk import format_dato
from .rule import Rule
from .text import CONTROL, escape_controls, safe_line


def display_path(path: Path, cwd: Path | None = None) -> str:
    """Stien relativt til arbeidsmappa (som brukeren skrev den), med / som skilletegn."""
    return _relative(os.fspath(path), os.fspath(cwd or Path.cwd()))


@lru_cache(maxsize=4096)
def _relative(path: str, cwd: str) -> str:
    """`os.path.relpath` er treg; mange funn i samme fil gir samme svar (husket)."""
    try:
        rel = os.path.relpath(path, cwd)
    except ValueError:  # annen disk på Windows
        rel = path
    return rel.replace(os.sep, "/")


def dumps(data: object) -> str:
    """JSON med norske bokstaver som de er, men kontrolltegn, tegn som snur skriveretningen og
    bytes fra filnavn som ikke er UTF-8 som \\u-escape: utdataene kan gå rett til en terminal
    eller en CI-logg, og må kunne skrives som UTF-8."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if CONTROL.search(text):  # bare inne i strenger: json skriver aldri slike tegn selv
        text = CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text + "\n"


def _where_text(loc: Location, cwd: Path | None) -> str:
    """«fil:linje:kolonne», trygt å skrive i en terminal."""
    return f"{safe_line(display_path(loc.file, cwd))}:{loc.line}:{loc.column}"


def finding_dict(f: Finding, cwd: Path | None = None) -> dict:
    d = {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "file": display_path(f.location.file, cwd),
        "line": f.location.line,
        "column": f.location.column,
        "subject": f.subject,
    }
    if f.related:
        d["related"] = [_where(r, cwd) for r in f.related]
    if f.acknowledged is not None:
        d["acknowledged"] = f.acknowledged
    return d


def to_json(result: CheckResult, cwd: Path | None = None) -> str:
    data = {
        "findings": [finding_dict(f, cwd) for f in result.active],
        "acknowledged": [finding_dict(f, cwd) for f in result.acknowledged],
        "summary": {
            "errors": result.errors,
            "warnings": result.warnings,
            "acknowledged": len(result.acknowledged),
        },
    }
    return dumps(data)


def finding_line(f: Finding, cwd: Path | None = None) -> str:
    """Ett funn som én linje: «fil:linje:kolonne: feil TB201 kapittelsum: melding»."""
    return _line(f, cwd)


def _line(f: Finding, cwd: Path | None) -> str:
    # én linje per funn, også når data (meldingen, filnavnet) har linjeskift eller kontrolltegn
    return f"{_where_text(f.location, cwd)}: {f.severity.value} {f.code} {f.name}: {safe_line(f.message)}"


RELATED_LABEL = "se også"


def related_lines(f: Finding, cwd: Path | None = None) -> list[str]:
    """De andre stedene funnet gjelder, én linje hver: «  se også: fil:linje:kolonne»."""
    return [f"  {RELATED_LABEL}: {_where_text(r, cwd)}" for r in f.related]


def summary_line(result: CheckResult) -> str:
    parts = [_count(result.errors, "feil", "feil"), _count(result.warnings, "advarsel", "advarsler")]
    text = ", ".join(parts)
    if result.acknowledged:
        text += f" ({_count(len(result.acknowledged), 'kjent funn', 'kjente funn')} i grunnlinjen)"
    return text


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def to_text(
    result: CheckResult, show_acknowledged: bool = False, cwd: Path | None = None
) -> list[tuple[str, str]]:
    """Linjene i tekstrapporten, hver med en stil («error», «warning», «dim», «ok»)."""
    out: list[tuple[str, str]] = []
    for f in result.active:
        out.append((_line(f, cwd), "error" if f.severity is Severity.ERROR else "warning"))
        if f.related:
            out += [(line, "dim") for line in related_lines(f, cwd)]
    if show_acknowledged:
        for f in result.acknowledged:
            out.append((f"{_line(f, cwd)} [kjent: {safe_line(f.acknowledged)}]", "dim"))
            if f.related:
                out += [(line, "dim") for line in related_lines(f, cwd)]
    style = "error" if result.errors else ("warning" if result.warnings else "ok")
    out.append((summary_line(result), style))
    return out


# ---------------------------------------------------------------- formater for CI
#
# I CI-formatene er bare de aktive funnene problemer; funn grunnlinjen har akseptert, er ikke
# med (de står i `--format json` under "acknowledged" og i teksten med --vis-kjente).


def resolve_format(requested: str, *, env: dict | None = None, to_file: bool = False) -> str:
    """`auto` → `github` i GitHub Actions (GITHUB_ACTIONS=true), ellers `text` (i farger i en
    terminal, ren tekst ellers). Til en fil (-o) blir `auto` alltid `text`."""
    if requested != "auto":
        return requested
    env = os.environ if env is None else env
    if not to_file and env.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text"


def fingerprints(result: CheckResult, cwd: Path | None = None) -> list[str]:
    """Et stabilt fingeravtrykk for hvert aktivt funn: sha256 av kode, subjekt og fil – ikke
    linjen, så det overlever redigering over funnet. Har flere funn samme kode, subjekt og fil,
    får det n-te (i rapportens rekkefølge) et løpenummer med."""
    seen: dict[tuple, int] = {}
    out = []
    for f in result.active:
        key = (f.code, f.subject, display_path(f.location.file, cwd))
        n = seen.get(key, 0)
        seen[key] = n + 1
        raw = "\x00".join(key) + (f"\x00{n}" if n else "")
        out.append(hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest())
    return out


def _gh_data(s: str) -> str:
    """Data i en workflow command: %, CR og LF kodes (så data aldri starter en ny kommando),
    andre kontrolltegn vises som escape-sekvenser i loggen."""
    return escape_controls(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _related_note(f: Finding, cwd: Path | None) -> str:
    """« (se også: fil:linje:kolonne, …)» til en melding i et format uten egne felt for det."""
    if not f.related:
        return ""
    places = ", ".join(f"{display_path(r.file, cwd)}:{r.line}:{r.column}" for r in f.related)
    return f" ({RELATED_LABEL}: {places})"


def _gh_property(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(result: CheckResult, cwd: Path | None = None) -> str:
    """GitHub Actions workflow commands: `::error file=…,line=…,col=…,title=…::melding`, én per
    aktivt funn, og oppsummeringen som vanlig tekst til slutt."""
    lines = []
    for f in result.active:
        level = "error" if f.severity is Severity.ERROR else "warning"
        props = ",".join(
            f"{k}={_gh_property(str(v))}"
            for k, v in (
                ("file", display_path(f.location.file, cwd)),
                ("line", f.location.line),
                ("col", f.location.column),
                ("title", f"{f.code} {f.name}"),
            )
        )
        lines.append(f"::{level} {props}::{_gh_data(f.message + _related_note(f, cwd))}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def to_gitlab(result: CheckResult, cwd: Path | None = None) -> str:
    """GitLab Code Quality (JSON-liste), én oppføring per aktivt funn. Andre steder funnet
    gjelder, står i beskrivelsen (GitLab viser den) og som `other_locations` (Code Climate)."""
    items = []
    for f, fp in zip(result.active, fingerprints(result, cwd)):
        item = {
            "description": f"{f.code} {f.name}: {f.message}{_related_note(f, cwd)}",
            "check_name": f.code,
            "fingerprint": fp,
            "severity": "major" if f.severity is Severity.ERROR else "minor",
            "location": _gitlab_location(f.location, cwd),
        }
        if f.related:
            item["other_locations"] = [_gitlab_location(r, cwd) for r in f.related]
        items.append(item)
    return dumps(items)


def _gitlab_location(loc: Location, cwd: Path | None) -> dict:
    return {"path": display_path(loc.file, cwd), "lines": {"begin": loc.line}}


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def to_sarif(result: CheckResult, rules: tuple[Rule, ...] | None = None, cwd: Path | None = None) -> str:
    """SARIF 2.1.0: én kjøring med verktøyet `tb`, alle reglene (dokumentasjonen fra
    docstringene) og ett resultat per aktivt funn."""
    if rules is None:
        from .rules import ALL_RULES as rules
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "tb",
        "fullName": "tildelingsbrev (tb check)",
        "version": _version(),
        "rules": [
            {
                "id": r.code,
                "name": r.name,
                "shortDescription": {"text": rule_summary(r)},
                "fullDescription": {"text": r.doc},
                "help": {"text": r.doc, "markdown": r.doc},
                "defaultConfiguration": {"level": _level(r.severity)},
            }
            for r in rules
        ],
    }
    results = []
    for f, fp in zip(result.active, fingerprints(result, cwd)):
        res = {
            "ruleId": f.code,
            "level": _level(f.severity),
            "message": {"text": f.message},
            "locations": [{"physicalLocation": _sarif_physical(f.location, cwd)}],
            "partialFingerprints": {"tbFunn/v1": fp},
            "properties": {"subject": f.subject},
        }
        if f.related:
            res["relatedLocations"] = [
                {"id": i, "physicalLocation": _sarif_physical(r, cwd), "message": {"text": RELATED_LABEL}}
                for i, r in enumerate(f.related)
            ]
        if f.code in index:
            res["ruleIndex"] = index[f.code]
        results.append(res)
    sarif = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }
    return dumps(sarif)


def _sarif_physical(loc: Location, cwd: Path | None) -> dict:
    uri = quote(display_path(loc.file, cwd), safe="/", errors="surrogateescape")
    return {
        "artifactLocation": {"uri": uri},
        "region": {"startLine": loc.line, "startColumn": loc.column},
    }


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("tildelingsbrev")
    except Exception:  # noqa: BLE001 - ikke installert (kjørt fra kildene)
        return "0"


def render_check(
    result: CheckResult, fmt: str, show_acknowledged: bool = False, cwd: Path | None = None
) -> str:
    """Rapporten i et av formatene text (uten farger), json, github, gitlab eller sarif."""
    if fmt == "text":
        return "".join(line + "\n" for line, _ in to_text(result, show_acknowledged, cwd))
    if fmt == "json":
        return to_json(result, cwd)
    if fmt == "github":
        return to_github(result, cwd or ci_root("GITHUB_WORKSPACE"))
    if fmt == "gitlab":
        return to_gitlab(result, cwd or ci_root("CI_PROJECT_DIR"))
    if fmt == "sarif":
        return to_sarif(result, cwd=cwd or ci_root("GITHUB_WORKSPACE", "CI_PROJECT_DIR"))
    raise ValueError(f"ukjent format {fmt}")


def ci_root(*names: str, env: dict | None = None) -> Path | None:
    """Roten i repositoriet CI-tjenesten har sjekket ut (GITHUB_WORKSPACE, CI_PROJECT_DIR):
    GitHub og GitLab plasserer merknadene etter stier relativt til den, også når `tb` kjøres
    fra en undermappe. None (arbeidsmappa) utenfor CI."""
    env = os.environ if env is None else env
    for name in names:
        if env.get(name):
            return Path(env[name])
    return None


# ---------------------------------------------------------------- reglene (tb regler, tb forklar)


def all_rules() -> tuple[Rule, ...]:
    """Alle regler i kodeorden (TB001, TB002, …), slik `tb regler` viser dem."""
    from .rules import ALL_RULES

    return tuple(sorted(ALL_RULES, key=lambda r: r.code))


def rule_summary(r: Rule) -> str:
    return r.summary


def rule_dict(r: Rule) -> dict:
    return {
        "code": r.code,
        "name": r.name,
        "severity": r.severity.value,
        "summary": rule_summary(r),
        "doc": r.doc,
    }


def rules_json(rules: tuple[Rule, ...] | None = None) -> str:
    return json.dumps([rule_dict(r) for r in rules or all_rules()], ensure_ascii=False, indent=2) + "\n"


def rules_table(rules: tuple[Rule, ...] | None = None) -> str:
    """Én linje per regel: kode, navn, alvorlighet og oppsummeringen (første avsnitt)."""
    rules = rules or all_rules()
    rows = [("kode", "navn", "alvorlighet", "beskrivelse")]
    rows += [(r.code, r.name, r.severity.value, rule_summary(r)) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3] + "\n" for row in rows
    )


def find_rule(query: str, rules: tuple[Rule, ...] | None = None) -> Rule | None:
    """Regelen med koden (`TB201`, `tb201`, `201`) eller navnet (`kapittelsum`)."""
    rules = rules or all_rules()
    q = query.strip().casefold()
    if q.isdigit():
        q = f"tb{int(q):03d}"
    return next((r for r in rules if q in (r.code.casefold(), r.name.casefold())), None)


def similar_rules(query: str, rules: tuple[Rule, ...] | None = None) -> list[str]:
    """Koder og navn som ligner på `query` (til en «mente du»-melding)."""
    import difflib

    rules = rules or all_rules()
    names = {r.name.casefold(): f"{r.code} {r.name}" for r in rules}
    codes = {r.code.casefold(): f"{r.code} {r.name}" for r in rules}
    hits = difflib.get_close_matches(query.casefold(), [*names, *codes], n=3, cutoff=0.6)
    return list(dict.fromkeys(names.get(h) or codes[h] for h in hits))


def explain(r: Rule) -> str:
    """Hele dokumentasjonen til en regel, med kode, navn og alvorlighet først."""
    return f"{r.code} {r.name} ({r.severity.value})\n\n{r.doc}\n"


# ---------------------------------------------------------------- ett oppdrag (tb vis)


def _mentions_id(text: str, oppdrag_id: str) -> bool:
    from .prose import mentions

    return any(m.oppdrag == oppdrag_id for m in mentions(text))


def oppdrag_view(result: CheckResult, oppdrag_id: str, cwd: Path | None = None) -> dict | None:
    """Alt om ett oppdrag som data: tittel, mål, FoU-merking, status, fristene utvidet,
    budsjettbindinger som viser til det, hvor brevet nevner det, og funnene som gjelder det
    (subjektet nevner nummeret, eller funnet står i oppdragets fil).

    Et nummer uten en oppdragsfil som kan leses (2024-17 er bundet på 601.21, 2022-19 nevnt i
    671.45), gir det brevet sier om nummeret, med `tittel` None. None når nummeret ikke finnes
    noe sted."""
    repo = result.repo
    if repo is None:
        return None
    doc = repo.oppdrag_by_id().get(oppdrag_id)
    title = doc.model.tittel if doc is not None else None
    bindinger = _bindings_of(repo, oppdrag_id, title, cwd)
    nevnt = _mentions_of(repo, oppdrag_id, cwd)
    file = doc.file if doc is not None else _unreadable_file(repo, oppdrag_id)
    funn = [
        finding_dict(f, cwd)
        for f in result.findings
        if (file is not None and f.location.file == file) or _mentions_id(f.subject, oppdrag_id)
    ]
    common = {
        "file": display_path(file, cwd) if file is not None else None,
        "bindinger": bindinger,
        "nevnt": nevnt,
        "funn": funn,
    }
    if doc is None:
        if not (bindinger or nevnt or funn):
            return None
        return {
            "id": oppdrag_id,
            "tittel": None,
            "mål": None,
            "fou": None,
            "status": None,
            "levert": None,
            "brev": [],
            "frister": [],
            **common,
        }
    from . import agenda
    from .deadlines import expand

    o = doc.model
    years = [år for år in repo.years() if any(d.model.id == o.id for d in repo.oppdrag_i_brev(år))]
    goal_year = max(years) if years else o.år
    goal = next((d.model for d in repo.mål_for(goal_year) if d.model.nr == o.mål), None)

    frister = []
    for dl in expand(repo):
        if dl.oppdrag == o.id:
            row = agenda.row(dl, dl.dato or date.min)
            for k in ("dager", "oppdrag", "tittel", "mål"):
                row.pop(k)
            frister.append(row)
    return {
        "id": o.id,
        "tittel": o.tittel,
        "mål": {"nr": o.mål, "tittel": goal.tittel if goal else None, "år": goal_year},
        "fou": o.fou,
        "status": o.status,
        "levert": o.levert.isoformat() if o.levert else None,
        "brev": years,
        "frister": frister,
        **common,
    }


def _unreadable_file(repo, oppdrag_id: str) -> Path | None:
    """Oppdragsfila når den finnes, men ikke kunne leses (funnene står på den)."""
    return next(
        (p for p in sorted(repo.unreadable) if p.stem == oppdrag_id and "oppdrag" in p.parts),
        None,
    )


def _bindings_of(repo, oppdrag_id: str, title: str | None, cwd: Path | None) -> list[dict]:
    out = []
    for pd in repo.poster:
        for gi, g in enumerate(pd.model.bindinger):
            for li, b in enumerate(g.linjer):
                if b.oppdrag == oppdrag_id:
                    loc = pd.loc("bindinger", gi, "linjer", li)
                    out.append(
                        {
                            "år": pd.model.år,
                            "post": pd.model.nøkkel,
                            "gruppe": g.id,
                            "overskrift": g.overskrift,
                            "tittel": b.tittel,
                            "samme_tittel": title is not None and b.tittel == title,
                            "beløp": b.beløp,
                            **_where(loc, cwd),
                        }
                    )
    out.sort(key=lambda b: (b["år"], b["post"], b["file"], b["line"]))
    return out


def _mentions_of(repo, oppdrag_id: str, cwd: Path | None) -> list[dict]:
    from .prose import plain
    from .rules.tekst import prose_sources

    out = []
    for src in prose_sources(repo):
        if src.subject == f"oppdrag {oppdrag_id}":
            continue
        lines = src.text.splitlines()
        for m in src.mentions:
            if m.oppdrag != oppdrag_id:
                continue
            out.append(
                {
                    "år": src.år,
                    "kilde": src.subject,
                    "utdrag": _excerpt(plain(lines[m.line]) if m.line < len(lines) else "", oppdrag_id),
                    **_where(src.locate(m.line, m.column), cwd),
                }
            )
    return out


def _where(loc, cwd: Path | None) -> dict:
    return {"file": display_path(loc.file, cwd), "line": loc.line, "column": loc.column}


def _excerpt(line: str, needle: str, width: int = 100) -> str:
    """Et utdrag av linja rundt `needle`, høyst `width` tegn."""
    line = " ".join(line.split())
    if len(line) <= width:
        return line
    at = max(line.find(needle), 0)
    start = max(0, min(at - width // 2, len(line) - width))
    out = line[start : start + width]
    return ("…" if start else "") + out + ("…" if start + width < len(line) else "")


def oppdrag_json(view: dict) -> str:
    return dumps(view)


def oppdrag_text(view: dict) -> list[tuple[str, str]]:
    """`tb vis` som linjer med stil («head», «error», «warning», «dim», «ok», «»). All tekst
    fra data (titler, filnavn, meldinger, utdrag) står på én linje med kontrolltegn som
    escape-sekvenser (`safe_line`), så en tittel ikke kan styre terminalen eller lage en falsk
    CI-merknad."""
    from .norsk import format_kroner

    v = _safe_view(view)
    goal = v["mål"]
    if v["tittel"] is None:
        # et nummer uten oppdragsfil: det brevet sier om det
        out: list[tuple[str, str]] = [(f"{v['id']} (ingen oppdragsfil)", "head"), ("", "")]
        if v["file"]:
            out.append((f"{'Fil:':<14}{v['file']} kan ikke leses (se funnene)", "error"))
        else:
            out.append(
                (f"{'Fil:':<14}ingen; nummeret er bare nevnt eller bundet i brevet, ikke gitt i kapittel 3", "warning")
            )
    else:
        out = [(f"{v['id']} {v['tittel']}", "head"), ("", "")]
        goal_text = (
            f"{goal['nr']} {goal['tittel']}" if goal["tittel"] else f"{goal['nr']} (finnes ikke for {goal['år']})"
        )
        status = v["status"] + (f" {_dato(v['levert'])}" if v["levert"] else "")
        brev = ", ".join(map(str, v["brev"])) or "ingen"
        for label, value in (
            ("Mål", goal_text),
            ("FoU", v["fou"] or "nei"),
            ("Status", status),
            ("I brevet for", brev),
            ("Fil", v["file"]),
        ):
            out.append((f"{label + ':':<14}{value}", ""))

    out += [("", ""), ("Frister", "head")]
    for r in v["frister"]:
        when = (
            f"{_dato(r['dato'])}  {r['ukedag']:<7}"
            if r["dato"]
            else f"{'løpende' if r['løpende'] else (r['gjentas'] or 'uten dato'):<19}"
        )
        extra = [
            x
            for x in (
                r["del"],
                r["type"] if r["type"] != "levering" else None,
                r["gjentas"] if r["dato"] else None,
                r["merknad"],
            )
            if x
        ]
        if r["flyttet_fra"]:
            extra.append("flyttet fra " + ", ".join(_dato(d) for d in r["flyttet_fra"]))
        if r["fridag"]:
            extra.append(f"⚑ {r['fridag']}")
        out.append((f"  {when}  {', '.join(extra)}".rstrip(), "warning" if r["fridag"] else ""))
    if not v["frister"]:
        out.append(("  ingen", "dim"))

    out += [("", ""), ("Budsjettbindinger", "head")]
    for b in v["bindinger"]:
        note = "" if b["samme_tittel"] else f" – tittel her: «{b['tittel']}»"
        out.append(
            (
                f"  {b['post']} {b['overskrift']}: {format_kroner(b['beløp'])} kr{note} ({b['file']}:{b['line']})",
                "",
            )
        )
    if not v["bindinger"]:
        out.append(("  ingen", "dim"))

    out += [("", ""), ("Nevnt i brevet", "head")]
    for n in v["nevnt"]:
        out.append((f"  {n['file']}:{n['line']}:{n['column']} ({n['kilde']}): {n['utdrag']}", ""))
    if not v["nevnt"]:
        out.append(("  ingen steder", "dim"))

    out += [("", ""), ("Funn", "head")]
    for f in v["funn"]:
        where = f"{f['file']}:{f['line']}:{f['column']}"
        text = f"  {where}: {f['severity']} {f['code']} {f['name']}: {f['message']}"
        if "acknowledged" in f:
            out.append((text + " [kjent i grunnlinjen]", "dim"))
        else:
            out.append((text, "error" if f["severity"] == Severity.ERROR.value else "warning"))
        for r in f.get("related", ()):
            out.append((f"    {RELATED_LABEL}: {r['file']}:{r['line']}:{r['column']}", "dim"))
    if not v["funn"]:
        out.append(("  ingen", "ok"))
    return out


def _safe_view(value):
    """En kopi av `oppdrag_view` med hver tekst gjort trygg for én terminallinje."""
    if isinstance(value, str):
        return safe_line(value)
    if isinstance(value, dict):
        return {k: _safe_view(x) for k, x in value.items()}
    if isinstance(value, list | tuple):
        return [_safe_view(x) for x in value]
    return value


def _dato(iso: str) -> str:
    return format_dato(date.fromisoformat(iso))
