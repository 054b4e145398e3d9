"""Innlesing av et brevrepositorium: alle filer i data/, validert av modellene.

`load(root)` returnerer det som kunne leses (`Repo`) og en liste med funn for alt som ikke
kunne det. Den kaster aldri unntak for dårlige data: hver fil som ikke kan leses, blir ett
eller flere funn med fil, linje og kolonne, og resten av repositoriet leses likevel.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..findings import Finding, Location, Severity
from ..model import (
    Baseline,
    Brev,
    Doc,
    Fullmakter,
    Innstillinger,
    Kapittel,
    Mål,
    Oppdrag,
    Post,
    Prose,
    Repo,
    Styringsparameter,
    Tillegg,
)
from ..rule import Phase, reported_rule
from ..text import clip, one_line
from .tree import IGNORED_FOLDERS, Entry, snapshot
from .yamlfile import Pos, Positions, parse_fast, parse_yaml

M = TypeVar("M", bound=BaseModel)

# Reglene innlesingen melder (familien TB0xx i `rules.FAMILIES`). Alle egenskapene står på
# regelen: en fil som ikke kan leses, mangler i brevet og kan ikke aksepteres i grunnlinjen.

SYNTAKS = reported_rule(
    "TB001",
    "yaml-syntaks",
    Severity.ERROR,
    """Fila kan ikke leses som YAML.

    Hva den sjekker: at hver YAML-fil er gyldig YAML 1.2 i UTF-8 (et byte-order-merke godtas),
    ikke er tom, ikke er binær, ikke er avkortet og ikke bruker tabulator til innrykk.

    Hvorfor: en fil som ikke kan leses, er en del av brevet som mangler.

    Eksempel: `tittel: "Utvikle nasjonal veileder` (anførselstegnet lukkes aldri).
    """,
    phase=Phase.READING,
    acknowledgeable=False,
)

DUPLIKAT = reported_rule(
    "TB002",
    "duplikatnøkkel",
    Severity.ERROR,
    """Samme nøkkel står to ganger i samme avbildning.

    Hvorfor: YAML-lesere velger stille den siste verdien; den første blir borte uten at noen
    merker det.

    Eksempel: to linjer `mål: 1` og `mål: 2` i samme oppdragsfil.
    """,
    phase=Phase.READING,
    acknowledgeable=False,
)

UTRYGG = reported_rule(
    "TB003",
    "utrygg-yaml",
    Severity.ERROR,
    """Fila bruker objekt-tagger, sammenslåingsnøkler eller sprenger grensene for størrelse,
    nesting eller alias-utvidelse.

    Grensene: 2 MB per fil (en større fil leses ikke), 50 nivåer nesting (med klammer,
    innrykk eller `- `/`? `/`: ` etter hverandre på én linje) og 200 000 verdier etter at
    alias er utvidet.

    Hvorfor: data skal være data. En tagg som `!!python/object/apply` kunne kjørt kode; en
    «billion laughs»-fil med alias i alias kunne brukt opp minnet; `- - - … x` i titusen
    nivåer fikk YAML-parserne til å krasje. Ingen av delene utføres.

    Eksempel: `tittel: !!python/object/apply:os.system ["ls"]`.
    """,
    phase=Phase.READING,
    acknowledgeable=False,
)

SKJEMA = reported_rule(
    "TB004",
    "skjema",
    Severity.ERROR,
    """En verdi har feil type, et felt mangler, eller en nøkkel er ukjent.

    Hva den sjekker: hver fil mot modellen for sin filtype (se `tildelingsbrev.model`).
    Beløp er heltall i hele kroner (ikke «25 200 000» som tekst, ikke desimaltall); datoer er
    ISO-datoer (2024-12-31); oppdragsnumre følger mønsteret i innstillinger.yaml (standard
    `ÅÅÅÅ-NN`, med forslag når et nummer ligner: «2024-5» → «2024-05»); sannhetsverdier er
    `true`/`false`.

    Hvorfor: en skrivefeil i et nøkkelnavn (`tittle:`) ville ellers gjort at feltet stille
    manglet.

    Eksempel: `tildeling: 25,2 mill. kroner` i en postfil (skal være `tildeling: 25200000`).
    """,
    phase=Phase.READING,
    acknowledgeable=False,
)

UKJENT_FIL = reported_rule(
    "TB005",
    "ukjent-fil",
    Severity.WARNING,
    """En fil ligger et sted i data/ der `tb` ikke venter noen fil av den typen.

    README.md (eller LESMEG.md) øverst i data-mappa er lov: den forteller om mappa og leses ikke.

    Hvorfor: en fil på feil sted blir ikke lest, og innholdet mangler i brevet uten at noen
    merker det.

    Eksempel: `data/oppdrag/2024-01.yml.bak` eller `data/budsjett/671-60.yaml` (mangler året).
    """,
    phase=Phase.READING,
    acknowledgeable=True,
)

ULESELIG = reported_rule(
    "TB008",
    "fil-kan-ikke-leses",
    Severity.ERROR,
    """En fil i data/ kan ikke leses i det hele tatt.

    Hva den sjekker: at hver fil `tb` skal lese, er en vanlig fil den har tilgang til; en
    mappe med navn som en datafil, en FIFO, en symbolsk lenke som peker ut av data-mappa eller
    ingen steder, en symbolsk lenke i en løkke, et filnavn (eller mappenavn) som ikke er
    UTF-8, en mappe uten lesetilgang, en lesefeil fra disken, og en Markdown-fil som ikke er
    UTF-8-tekst eller er større enn grensen (2 MB). (En YAML-fil som ikke er UTF-8, er TB001;
    en for stor YAML-fil er TB003.)

    Hvorfor: innholdet mangler i brevet. En symbolsk lenke ut av data-mappa leses aldri, så
    en lenke til en hemmelig fil kan ikke lekke inn i brevet eller i en CI-logg.

    Eksempel: `oppdrag/2024-01.yaml` er en lenke til `/etc/passwd`.
    """,
    phase=Phase.READING,
    acknowledgeable=False,
)

OM_MAPPA = frozenset({"readme.md", "readme.txt", "readme", "lesmeg.md", "lesmeg.txt"})
"""Filer øverst i data-mappa som forteller om mappa (`tb init` skriver README.md), ikke data:
de leses ikke og er ikke ukjente filer (TB005). Store og små bokstaver likt."""

LOADER_RULES = (SYNTAKS, DUPLIKAT, UTRYGG, SKJEMA, UKJENT_FIL, ULESELIG)


MODELS: dict[str, type[BaseModel]] = {
    "brev": Brev,
    "mål": Mål,
    "styringsparameter": Styringsparameter,
    "oppdrag": Oppdrag,
    "kapittel": Kapittel,
    "post": Post,
    "fullmakter": Fullmakter,
    "tillegg": Tillegg,
    "baseline": Baseline,
    "innstillinger": Innstillinger,
}
"""Modellen for hver filtype (`tree.file_kind`)."""


# ---------------------------------------------------------------- filer


def load(root: Path, entries: list[Entry] | None = None) -> tuple[Repo, list[Finding]]:
    """Les alle filer under `root` (data-mappa). Kaster aldri for dårlige data.

    innstillinger.yaml leses først: mønsteret for oppdragsnumrene der sjekkes i hver fil som
    har et oppdragsnummer (`context` til modellene). Kan den ikke leses, sjekkes bare den
    generelle formen (`model.nummer.GENERELL_FORM`), så én feil i innstillingene ikke gir en
    feil i hver oppdragsfil."""
    repo = Repo(root=root)
    findings: list[Finding] = []
    targets = {
        "brev": repo.brev,
        "mål": repo.mål,
        "styringsparameter": repo.styringsparametere,
        "oppdrag": repo.oppdrag,
        "kapittel": repo.kapitler,
        "post": repo.poster,
        "fullmakter": repo.fullmakter,
        "tillegg": repo.tillegg,
    }
    entries = list(entries if entries is not None else snapshot(root))
    context = _settings(repo, findings, entries)
    for e in entries:
        rel, kind = e.rel, e.kind
        if kind in ("mal", "innstillinger"):
            continue
        path = e.path if kind is None or e.problem is not None or kind == "prosa" else e.fspath
        if kind is None:
            if rel.split("/")[0] not in IGNORED_FOLDERS and rel.casefold() not in OM_MAPPA:
                findings.append(
                    UKJENT_FIL.finding(
                        Location(path),
                        f"fila ligger ikke der `tb` leser filer av denne typen og blir ikke lest ({rel})",
                        subject=str(rel),
                    )
                )
            continue
        if e.problem is not None:
            # en for stor YAML-fil er TB003 (som i parse_yaml); alt annet som ikke kan leses, TB008
            rule = UTRYGG if e.oversize and kind != "prosa" else ULESELIG
            findings.append(rule.finding(Location(path), e.problem, subject=rel))
            repo.unreadable.add(path)
            continue
        raw = e.raw
        if kind == "prosa":  # for store filer er alt meldt (tree leser høyst MAX_BYTES + 1)
            try:
                text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
            except UnicodeDecodeError:
                findings.append(
                    ULESELIG.finding(Location(path), "fila er ikke UTF-8 (lagre den som UTF-8)", rel)
                )
                repo.unreadable.add(path)
                continue
            if "\x00" in text:
                findings.append(ULESELIG.finding(Location(path), "fila er binær (inneholder NUL-byte)", rel))
                repo.unreadable.add(path)
                continue
            repo.prosa[path] = Prose(path, text)
            continue
        doc, problems = load_doc(path, raw, MODELS[kind], rel, context)
        findings.extend(problems)
        if doc is None:
            repo.unreadable.add(Path(path))
            continue
        if kind == "baseline":
            repo.baseline = doc
        else:
            targets[kind].append(doc)  # type: ignore[index]
    return repo, findings


def _settings(repo: Repo, findings: list[Finding], entries: list[Entry]) -> dict | None:
    """Les innstillinger.yaml (når den finnes) inn i `repo` og gi det modellene trenger fra den:
    mønsteret for oppdragsnumrene (`context`), eller None når fila ikke kan leses."""
    found = [e for e in entries if e.kind == "innstillinger"]
    for e in found:
        if e.problem is not None:
            findings.append(
                (UTRYGG if e.oversize else ULESELIG).finding(Location(e.path), e.problem, subject=e.rel)
            )
            repo.unreadable.add(e.path)
            continue
        doc, problems = load_doc(e.fspath, e.raw, Innstillinger, e.rel)
        findings.extend(problems)
        if doc is None:
            repo.unreadable.add(e.path)
        elif repo.innstillinger is None:
            repo.innstillinger = doc
    if any(e.path in repo.unreadable for e in found):
        return None
    return {"oppdragsnummer": repo.oppdragsnummer()}


def load_doc(
    path: Path | str, raw: bytes, model: type[M], subject: str, context: dict | None = None
) -> tuple[Doc[M] | None, list[Finding]]:
    """Les og valider én fil. Returnerer dokumentet (eller None) og funnene.

    Den raske veien (`parse_fast`) brukes når den gir en fil som validerer uten feil; ellers,
    og for alt som ser uvanlig ut, leses fila på den grundige veien, som gir funnene med
    linje og kolonne.

    `context` er det modellene trenger fra repositoriet (`{"oppdragsnummer": mønsteret}`);
    uten den sjekkes et oppdragsnummer bare mot den generelle formen (en enkelt fil lest av
    `tb ny` eller `tb levert`)."""
    fast = parse_fast(raw)
    if isinstance(fast, dict):
        try:
            return Doc(model.model_validate(fast, context=context), path, None, raw, _positions_of), []
        except (ValidationError, ValueError, TypeError):
            pass
    path = Path(path)
    data, positions, problems = parse_yaml(raw)
    findings: list[Finding] = []
    for p in problems:
        r = {"syntaks": SYNTAKS, "duplikat": DUPLIKAT, "verdi": SKJEMA}.get(p.kind, UTRYGG)
        findings.append(r.finding(Location(path, p.line, p.column), p.message, subject))
    if data is None:
        if not findings:  # en fil som bare er «~», «null» eller et anker
            findings.append(
                SKJEMA.finding(
                    Location(path, 1, 1), "fila inneholder ingenting (null); ventet nøkkel: verdi", subject
                )
            )
        return None, findings
    if not isinstance(data, dict):
        findings.append(
            SKJEMA.finding(
                Location(path, 1, 1),
                f"fila skal inneholde en avbildning (nøkkel: verdi), ikke {_type_name(data)}",
                subject,
            )
        )
        return None, findings
    try:
        obj = model.model_validate(data, context=context)
    except ValidationError as e:
        for err in e.errors(include_url=False):
            if _already_reported(positions, err):
                continue
            findings.append(_schema_finding(path, positions, err, subject))
        return None, findings
    except (ValueError, TypeError, RecursionError) as e:  # pragma: no cover - vern
        findings.append(SKJEMA.finding(Location(path), f"ugyldige data: {e}", subject))
        return None, findings
    return Doc(obj, path, positions), findings


def _positions_of(raw: bytes) -> Positions:
    """Posisjonene i en fil som ble lest på den raske veien (først når et funn trenger dem)."""
    return parse_yaml(raw)[1]


def _already_reported(positions: Positions, err: dict) -> bool:
    """Feilen gjelder en verdi lesingen alt har meldt (en umulig dato): ikke meld den to ganger."""
    loc = tuple(err.get("loc", ()))
    return any(loc[: len(p)] == p for p in positions.invalid)


def _type_name(value: object) -> str:
    return {
        list: "en liste",
        dict: "en avbildning (nøkkel: verdi)",
        str: "en tekst",
        int: "et heltall",
        float: "et desimaltall",
        bool: "en sannhetsverdi",
        date: "en dato",
        datetime: "et tidspunkt (dato og klokkeslett)",
        type(None): "ingenting",
    }.get(type(value), "en verdi av ukjent type")


_ERROR_TEXT = {
    "missing": "feltet «{field}» mangler",
    "extra_forbidden": "ukjent felt «{field}»",
    "invalid_key": "nøkkelen «{field}» må være tekst (et feltnavn), ikke et tall",
    "int_type": "forventet et heltall, fikk {got}",
    "int_parsing": "forventet et heltall, fikk {got}",
    "string_type": "forventet tekst, fikk {got}",
    "bool_type": "forventet true eller false, fikk {got}",
    "date_type": "forventet en dato (ÅÅÅÅ-MM-DD), fikk {got}",
    "list_type": "forventet en liste, fikk {got}",
    "dict_type": "forventet en avbildning (nøkkel: verdi), fikk {got}",
    "model_type": "forventet en avbildning (nøkkel: verdi), fikk {got}",
    "model_attributes_type": "forventet en avbildning (nøkkel: verdi), fikk {got}",
    "greater_than_equal": "verdien {input} er for liten (minst {ge})",
    "less_than_equal": "verdien {input} er for stor (høyst {le})",
    "string_pattern_mismatch": "«{input}» har feil form (ventet mønsteret {pattern})",
    "string_too_short": "teksten er for kort (minst {min_length} tegn)",
    "string_too_long": "teksten er for lang (høyst {max_length} tegn)",
    "literal_error": "«{input}» er ikke en av {expected}",
    "value_error": "{msg}",
}


def _schema_finding(path: Path, positions: Positions, err: dict, subject: str) -> Finding:
    loc = tuple(err.get("loc", ()))
    # pydantic legger navnet på valideringsfunksjoner og unionsgrener inn i stien
    loc = tuple(x for x in loc if not (isinstance(x, str) and ("[" in x or x.startswith("function-"))))
    kind = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    got = _type_name(err.get("input"))
    if isinstance(err.get("input"), str):
        got = f"teksten «{clip(err['input'])}»"
    field_name = str(loc[-1]) if loc else ""
    template = _ERROR_TEXT.get(kind)
    if template:
        try:
            detail = template.format(
                field=field_name,
                got=got,
                input=clip(err.get("input")),
                expected=str(ctx.get("expected", "")).replace(" or ", " eller "),
                msg=str(ctx.get("error", err.get("msg", ""))).removeprefix("Value error, "),
                **{k: v for k, v in ctx.items() if k not in ("error", "expected")},
            )
        except (KeyError, IndexError):
            detail = err.get("msg", "ugyldig verdi")
    else:
        detail = err.get("msg", "ugyldig verdi")
    if kind == "value_error":
        detail = str(err.get("msg", "")).removeprefix("Value error, ")
    where = one_line(".".join(str(x) for x in loc))
    if kind in ("extra_forbidden",):
        pos: Pos = positions.key(loc)
    elif kind == "missing":
        pos = positions.value(loc[:-1])
    else:
        pos = positions.value(loc)
    message = f"{where}: {detail}" if where and kind not in ("missing", "extra_forbidden") else detail
    message = one_line(message)
    return SKJEMA.finding(Location(path, pos.line, pos.column), message, subject)
