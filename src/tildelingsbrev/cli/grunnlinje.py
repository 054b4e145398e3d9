"""`tb grunnlinje`: oppføringene i grunnlinjen per brev, og `--migrer`, som skriver `år` inn i
oppføringene uten år (`baseline.plan_migration`; fila skrives atomært med `files.write_inside`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer

from ..text import safe_line
from . import DataOpt, VirksomhetOpt, app, data_dir, fail
from .hjelp import NorskCommand

BASELINE_FILE = "baseline.yaml"


@app.command("grunnlinje", cls=NorskCommand)
def grunnlinje_cmd(
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    migrer: Annotated[
        bool,
        typer.Option(
            "--migrer",
            help="Skriv `år` inn i hver oppføring uten år (kommentarene og formateringen beholdes).",
        ),
    ] = False,
    liste: Annotated[
        bool,
        typer.Option(
            "--liste",
            help="List hver kjente feil med kode, hva den gjelder og første setning av begrunnelsen.",
        ),
    ] = False,
) -> None:
    """Vis grunnlinjen (data/baseline.yaml) per brev, eller skriv år inn i oppføringene.

    Grunnlinjen er de kjente feilene i brevene slik de ble publisert, hver med en begrunnelse:
    `tb check` godtar dem, `tb check --no-baseline` viser dem som funn. Med --liste står hver
    kjent feil på én linje.

    En oppføring gjelder ett brev (`år`, regelkode og subjekt). En oppføring uten år gjelder
    bare det eldste brevet i data (advarselen TB011). Med --migrer får hver oppføring uten år
    året til funnet den treffer, ellers det eldste brevet; en oppføring for et funn som gjelder
    alle brev (malene), står som før. Resten av fila står byte for byte som før, og den skrives
    atomært. Avslutningskode 2 når grunnlinjen ikke kan leses eller skrives.
    """
    from ..pipeline import load_model, read

    if migrer and liste:
        fail("--migrer og --liste kan ikke brukes sammen")
    root = data_dir(data, virksomhet)
    entries = read(root)
    loaded = load_model(root, entries)
    repo = loaded.repo
    path = root / BASELINE_FILE
    problems = [f for f in loaded.errors if f.location.file == path]
    if problems:
        from ..reporting.check import finding_line

        fail(f"kan ikke lese grunnlinjen: {finding_line(problems[0])}")
    if repo.baseline is None:
        fail(f"fant ikke grunnlinjen ({safe_line(path)}); den lages for hånd, se README «Grunnlinjen»")
    if migrer:
        raw = next(e.raw for e in entries if e.rel == BASELINE_FILE)
        _migrate(root, loaded, raw)
    elif liste:
        _each(repo, path)
    else:
        _list(repo, path)


def first_sentence(text: str) -> str:
    """Første setning av en begrunnelse: fram til det første punktum (eller «?»/«!») som
    følges av mellomrom og stor bokstav, eller hele teksten. Punktum i «kap.», «pkt.» og
    «nr.» avslutter ingen setning fordi det som følger, ikke er en stor bokstav."""
    import re

    text = " ".join(text.split())
    m = re.search(r"[.!?](?=\s+[A-ZÆØÅ«])", text)
    return text[: m.end()] if m else text


def _each(repo, path: Path) -> None:
    """Hver oppføring på én linje, brev for brev: kode, hva den gjelder og hvorfor."""
    from ..baseline import eldest_letter

    entries = repo.baseline.model.akseptert
    eldest = eldest_letter(repo)
    by_year: dict[int | None, list] = {}
    for e in entries:
        by_year.setdefault(e.år if e.år is not None else eldest, []).append(e)
    lines = []
    for år in sorted(by_year, key=lambda y: (y is None, y or 0)):
        group = by_year[år]
        head = f"brevet for {år}" if år is not None else "uten brev"
        lines.append(f"Kjente feil i {head} ({_count(len(group), 'oppføring', 'oppføringer')} i {safe_line(path)}):")
        for e in sorted(group, key=lambda e: (e.kode, e.gjelder)):
            lines.append(f"  {e.kode} {safe_line(e.gjelder)}: {safe_line(first_sentence(e.begrunnelse))}")
    if not entries:
        lines.append(f"{safe_line(path)}: ingen kjente feil")
    typer.echo("\n".join(lines))


def _list(repo, path: Path) -> None:
    """Oppføringene per brev: antall og regelkodene, én linje per brev."""
    from ..baseline import eldest_letter
    from ..norsk import format_liste

    entries = repo.baseline.model.akseptert
    years = repo.years()
    eldest = eldest_letter(repo)
    lines = [f"{safe_line(path)}: {_count(len(entries), 'oppføring', 'oppføringer')}"]
    by_year: dict[int | None, list] = {}
    for e in entries:
        by_year.setdefault(e.år, []).append(e)
    for år in sorted(y for y in by_year if y is not None):
        note = "" if år in years else f" (data har ikke noe brev for {år})"
        lines.append(f"  brevet for {år}: {_codes(by_year[år])}{note}")
    if None in by_year:
        scope = f"brevet for {eldest}, det eldste" if eldest is not None else "ingen brev i data"
        lines.append(
            f"  uten år ({scope}): {_codes(by_year[None])}; kjør `tb grunnlinje --migrer` for å skrive året"
        )
    if not entries:
        lines.append("  (ingen oppføringer)")
    elif len(years) > 1:
        missing = [y for y in years if y not in by_year and not (y == eldest and None in by_year)]
        if missing:
            lines.append(
                f"  ingen oppføringer for {'brevet' if len(missing) == 1 else 'brevene'} for {format_liste(missing)}"
            )
    typer.echo("\n".join(lines))


def _codes(entries: list) -> str:
    """«12 (TB105 ×6, TB201, TB309 ×5)»: antallet og kodene."""
    counts = Counter(e.kode for e in entries)
    codes = ", ".join(f"{k} ×{n}" if n > 1 else k for k, n in sorted(counts.items()))
    return f"{len(entries)} ({codes})"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _migrate(root: Path, loaded, raw: bytes) -> None:
    from ..baseline import MigrationError, plan_migration
    from ..files import UnsafePath, os_error, read_inside, write_inside
    from ..pipeline import run_checks

    result = run_checks(loaded, use_baseline=False)
    try:
        plan = plan_migration(loaded.repo, result.findings, raw)
    except MigrationError as e:
        fail(str(e))
    path = root / BASELINE_FILE
    kept = ""
    if plan.kept:
        kept = (
            f"; {_count(len(plan.kept), 'oppføring', 'oppføringer')} uten år gjelder funn i alle brev "
            "og står som før"
        )
    if plan.raw is None:
        if plan.kept:
            typer.echo(f"Ingen oppføringer å migrere i {safe_line(path)}; fila er urørt{kept}.")
        else:
            typer.echo(f"Alle oppføringene i {safe_line(path)} har år; fila er urørt.")
        return
    try:
        if read_inside(root, BASELINE_FILE) != raw:
            fail(f"«{safe_line(path)}» ble endret mens tb grunnlinje --migrer kjørte; fila er urørt, kjør igjen")
        write_inside(root, BASELINE_FILE, plan.raw, overwrite=True)
    except UnsafePath as e:
        fail(f"skriver ikke grunnlinjen: {e}")
    except OSError as e:
        fail(f"kan ikke skrive «{path}»: {os_error(e)}")
    per_year = Counter(plan.years.values())
    years = ", ".join(f"{år}: {n}" for år, n in sorted(per_year.items()))
    typer.echo(
        f"Skrev år inn i {_count(len(plan.years), 'oppføring', 'oppføringer')} i {safe_line(path)} "
        f"({years}){kept}."
    )
