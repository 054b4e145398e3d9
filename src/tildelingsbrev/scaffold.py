"""Nye filer i data/: `tb ny oppdrag` og `tb ny styringsparameter`, og trygg skriving av filer.

Et mål eller et år uten brev nektes (`check_goal`) med mindre brukeren gir `--tving`: året
etter det nyeste brevet (brevet som forberedes) og en tom data-mappe er godtatt.

Et nytt oppdrag får neste ledige nummer for året (høyeste nummer i bruk + 1, både filnavn og
`id` i filene teller), en ny styringsparameter neste ledige SP-nummer for året. Numrene i
bruk leses av modellen (`Repo`, fra `pipeline.load_model`) og filnavnene i mappa. Innholdet
skrives med ruamel.yaml, leses tilbake med den samme innlesingen som `tb check` bruker
(`pipeline.load_document`) før noe skrives, og fila skrives atomært og aldri over en fil som
finnes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from io import StringIO
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .files import UnsafePath, write_inside
from .model import Oppdrag, Repo, Styringsparameter
from .pipeline import load_document
from .schema import modeline
from .text import one_line, safe_line


class ScaffoldError(Exception):
    """Fila kan ikke lages (ugyldige valg, eller fila finnes fra før). Meldingen er norsk."""


@dataclass
class NewFile:
    """En fil `tb ny` har laget: stien, innholdet og merknader til brukeren."""

    path: Path
    text: str
    id: str
    notes: list[str] = field(default_factory=list)
    root: Path | None = None
    """Data-mappa fila skrives i; stien under den følger aldri symbolske lenker."""


# ---------------------------------------------------------------- nummerering


def next_oppdrag_nr(repo: Repo, år: int) -> int:
    """Høyeste oppdragsnummer i bruk for `år` + 1. I bruk er filnavn i oppdrag/, `id` i
    filene og numre data ellers viser til (budsjettbindinger, tekst): brevet for 2024 binder
    midler til 2024-17, som ikke står i kapittel 3, så et nytt oppdrag blir 2024-18."""
    files = _numbers_in_names(repo.root / "oppdrag", rf"{år}-(\d+)")
    files |= {int(d.model.id[5:]) for d in repo.oppdrag if d.model.år == år}
    return max(files | referenced_oppdrag_nr(repo, år), default=0) + 1


def referenced_oppdrag_nr(repo: Repo, år: int) -> set[int]:
    """Oppdragsnumre for `år` som budsjettbindinger og prosa viser til."""
    ids = {b.oppdrag for d in repo.poster for g in d.model.bindinger for b in g.linjer}
    ids |= {m.oppdrag for src in repo.prose_sources() for m in src.mentions}
    return {int(i[5:]) for i in ids if i[:4] == str(år)}


def next_sp_nr(repo: Repo, år: int) -> int:
    """Høyeste SP-nummer i bruk for `år` + 1: filnavn i styringsparametere/ÅR/ og `nr` i
    filene."""
    used = _numbers_in_names(repo.root / "styringsparametere" / str(år), r"sp-(\d+)")
    used |= {d.model.nr for d in repo.styringsparametere if d.model.år == år}
    return max(used, default=0) + 1


def _numbers_in_names(folder: Path, pattern: str) -> set[int]:
    if not folder.is_dir():
        return set()
    rx = re.compile(pattern + r"(?:\.|$)")
    return {int(m.group(1)) for p in folder.iterdir() if (m := rx.match(p.name))}


# ---------------------------------------------------------------- nye filer


def new_oppdrag(
    repo: Repo,
    år: int,
    mål: int,
    tittel: str,
    frister: list[date] | None = None,
    nr: int | None = None,
    force: bool = False,
) -> NewFile:
    """Lag (men skriv ikke) data/oppdrag/ÅR-NN.yaml (ÅR-NNN fra nummer 100) i data-mappa til
    `repo`. Kaster ScaffoldError med en norsk melding."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    _check_range("--mål", mål, 1, 99)
    if not force:
        check_goal(repo, år, mål)
    tittel = one_line(tittel)
    if not tittel:
        raise ScaffoldError("--tittel er tom")
    nr = next_oppdrag_nr(repo, år) if nr is None else nr
    _check_range("--nr", nr, 1, 999)
    oid = f"{år}-{nr:02d}"
    doc = CommentedMap()
    doc["id"] = oid
    doc["tittel"] = tittel
    doc["mål"] = mål
    if frister:
        doc["frister"] = CommentedSeq(CommentedMap(dato=d) for d in frister)
    path = root / "oppdrag" / f"{oid}.yaml"
    new = NewFile(path, _dump(root, path, doc), oid, root=root)
    _validate(new, Oppdrag, root)
    have = {int(d.model.id[5:]) for d in repo.oppdrag if d.model.år == år}
    skipped = sorted(n for n in referenced_oppdrag_nr(repo, år) - have if n < nr)
    if skipped:
        numbers = ", ".join(f"{år}-{n:02d}" for n in skipped)
        new.notes.append(f"{numbers} er nevnt i data uten egen oppdragsfil; nummeret er ikke brukt")
    new.notes += _missing_goal(repo, år, mål, "TB102")
    if not frister:
        new.notes.append("oppdraget har ingen frist ennå (legg den til under `frister:`)")
    return new


def new_styringsparameter(
    repo: Repo, år: int, mål: int, tekst: str, nr: int | None = None, force: bool = False
) -> NewFile:
    """Lag (men skriv ikke) data/styringsparametere/ÅR/sp-NN.yaml i data-mappa til `repo`."""
    root = repo.root
    _check_range("--år", år, 1990, 2100)
    _check_range("--mål", mål, 1, 99)
    if not force:
        check_goal(repo, år, mål)
    tekst = one_line(tekst)
    if not tekst:
        raise ScaffoldError("--tekst er tom")
    nr = next_sp_nr(repo, år) if nr is None else nr
    _check_range("--nr", nr, 1, 999)
    doc = CommentedMap()
    doc["år"] = år
    doc["nr"] = nr
    doc["mål"] = mål
    doc["tekst"] = tekst
    path = root / "styringsparametere" / str(år) / f"sp-{nr:02d}.yaml"
    new = NewFile(path, _dump(root, path, doc), f"SP {nr}", root=root)
    _validate(new, Styringsparameter, root)
    new.notes += _missing_goal(repo, år, mål, "TB103")
    return new


def write_new(new: NewFile) -> None:
    """Skriv fila atomært, aldri over en fil som finnes, og aldri gjennom en symbolsk lenke i
    data-mappa (begge gir ScaffoldError): en lenke som `styringsparametere/2025 -> /tmp/x`
    ville ellers fått fila skrevet utenfor data-mappa. Mapper som mangler, lages."""
    exists = f"fila {safe_line(new.path)} finnes fra før; den skrives ikke over"
    if os.path.lexists(new.path):
        raise ScaffoldError(exists)
    root = new.root if new.root is not None else new.path.parent
    try:
        write_inside(root, new.path.relative_to(root), new.text, overwrite=False)
    except FileExistsError:
        raise ScaffoldError(exists) from None
    except UnsafePath as e:
        raise ScaffoldError(f"skriver ikke {safe_line(new.path)}: {safe_line(e)}") from None


def _check_range(option: str, value: int, low: int, high: int) -> None:
    if not low <= value <= high:
        raise ScaffoldError(f"{option} {value} er utenfor {low}–{high}")


def _dump(root: Path, path: Path, doc: CommentedMap) -> str:
    yaml = YAML()  # round-trip, YAML 1.2
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # titler på én linje, som i de andre filene
    yaml.allow_unicode = True
    buf = StringIO()
    yaml.dump(doc, buf)
    return modeline(root, path) + "\n" + buf.getvalue()


def _validate(new: NewFile, model: type, root: Path) -> None:
    """Les fila tilbake slik `tb check` gjør; et funn betyr at valgene er ugyldige."""
    rel = new.path.relative_to(root)
    _, findings = load_document(new.path, new.text.encode("utf-8"), model, str(rel))
    if findings:
        raise ScaffoldError("; ".join(f.message for f in findings))


def check_goal(repo: Repo, år: int, mål: int) -> None:
    """Kast ScaffoldError når året ikke har noe brev eller målet ikke finnes for året, og si hva
    som finnes. Året etter det nyeste brevet (brevet som forberedes) og en data-mappe uten brev
    er godtatt; et mål sjekkes da bare mot målene som alt finnes for året."""
    years = repo.years()
    force = "; bruk --tving for å lage fila likevel"
    if repo.brev_for(år) is None and years and år != years[-1] + 1:
        raise ScaffoldError(
            f"det finnes ikke noe brev for {år} (brev/{år}/brev.yaml); data har brev for "
            f"{', '.join(map(str, years))}{force}"
        )
    goals = sorted(d.model.nr for d in repo.mål_for(år))
    if (goals or repo.brev_for(år) is not None) and mål not in goals:
        listed = ", ".join(map(str, goals)) or "ingen"
        raise ScaffoldError(f"mål {mål} finnes ikke for {år}; målene for {år}: {listed}{force}")


def _missing_goal(repo: Repo, år: int, mål: int, code: str) -> list[str]:
    """En merknad når målet ikke finnes, og om `tb check` melder det (`code`) nå eller først
    når brevet for året finnes (TB102 gjelder oppdragene i et brev)."""
    if any(d.model.nr == mål for d in repo.mål_for(år)):
        return []
    missing = f"mål {mål} finnes ikke for {år} (mål/{år}/mål-{mål}.yaml)"
    if code == "TB102" and repo.brev_for(år) is None:
        return [
            f"{missing}, og brevet for {år} finnes ikke ennå (brev/{år}/brev.yaml); "
            f"`tb check` melder målet ({code}) når brevet er lagt til"
        ]
    return [f"{missing}; `tb check` melder det ({code})"]
