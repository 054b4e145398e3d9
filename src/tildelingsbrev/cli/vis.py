"""`tb vis`: hele sjekken uten hurtigbuffer (`pipeline.check`: modellen og funnene, som
visningen trenger begge), og visningen fra `reporting.vis`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import DataOpt, InternOpt, OutputOpt, VirksomhetOpt, app, check_output, data_dir, fail, write_output
from .hjelp import NorskCommand


class VisFormat(str, Enum):
    tekst = "tekst"
    json = "json"


def _complete_id(ctx: typer.Context, incomplete: str) -> list[str]:

    root = Path(ctx.params.get("data") or "data")
    folder = root / "oppdrag"
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.yaml") if p.stem.startswith(incomplete.replace("/", "-")))


@app.command("vis", cls=NorskCommand)
def vis_cmd(
    oppdrag: Annotated[
        str,
        typer.Argument(
            help="Oppdragets nummer, for eksempel 2024-13.", autocompletion=_complete_id, show_default=False
        ),
    ],
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
    intern: InternOpt = False,
    format: Annotated[VisFormat, typer.Option("--format", "-f", help="Utdataformat.")] = VisFormat.tekst,
    output: OutputOpt = None,
) -> None:
    """Vis alt om ett oppdrag: tittel, mål, FoU, status, hvilke brev det er med i og hvorfor
    (med målet og fristene slik hvert brev har dem), fristene med leveransen per frist,
    leveransene, budsjettbindinger, hvor brevet nevner det og funnene fra tb check som gjelder
    det.

    Tilleggene til brevet står for seg: «gitt i tillegg nr. 2 (28.06.2024)», presiseringene med
    de nye fristene, flyttede frister (fra → til) og «trukket i tillegg nr. 3 (15.10.2024)»,
    hver med stedet i tillegget. Fristene er slik gjeldende tildeling har dem, med kilden.

    Et nummer brevet nevner eller binder penger til uten at det har en oppdragsfil, vises med
    det brevet sier om det. Avslutningskode 2 for et nummer som ikke finnes noe sted.

    Et oppdrag unntatt offentlighet (unntatt_offentlighet i oppdragsfila) vises bare med
    --intern (ellers kode 2); da står hjemmelen øverst. Uten --intern er heller ikke titlene
    til slike oppdrag med blant stedene et annet oppdrag er nevnt.
    """
    from ..pipeline import check
    from ..reporting.vis import oppdrag_json, oppdrag_text, oppdrag_view
    from .check import plain_text, print_lines

    check_output(output)
    data = data_dir(data, virksomhet)
    result = check(data)
    wanted = oppdrag.strip()
    doc = result.repo.oppdrag_by_id().get(wanted) if result.repo is not None else None
    if doc is not None and doc.model.unntatt_offentlighet is not None and not intern:
        fail(
            f"oppdrag {wanted} er unntatt offentlighet ({doc.model.unntatt_offentlighet.hjemmel}); "
            "bruk --intern for å vise det"
        )
    view = oppdrag_view(result, wanted, intern=intern)
    if view is None:
        hint = _similar_ids(result, wanted, intern)
        fail(
            f"fant ikke oppdrag «{oppdrag}» i {data} (verken en fil i {data / 'oppdrag'} eller "
            "nevnt i brevet)" + (f"; mente du {' eller '.join(hint)}?" if hint else "")
        )
    if output is not None:
        text = oppdrag_json(view) if format is VisFormat.json else plain_text(oppdrag_text(view))
        write_output(output, text)
    elif format is VisFormat.json:
        sys.stdout.write(oppdrag_json(view))
    else:
        print_lines(oppdrag_text(view))


def _similar_ids(result, wanted: str, intern: bool = False) -> list[str]:
    """Oppdragsnumre som ligner: «2023-7» → 2023-07 og «TB 2026-14» → TB2026-14 (nummeret slik
    mønsteret i innstillinger.yaml skriver det), ellers de nærmeste numrene i data (difflib).
    Uten `intern` aldri et oppdrag unntatt offentlighet."""
    import difflib

    from ..reporting.vis import oppdrag_view

    by_id = result.repo.oppdrag_by_id()
    shown = {i for i, d in by_id.items() if intern or d.model.unntatt_offentlighet is None}
    written = result.repo.oppdragsnummer().forslag(wanted)
    if (
        written is not None
        and written != wanted
        and (written in shown or written not in by_id)
        and oppdrag_view(result, written) is not None
    ):
        return [written]
    return difflib.get_close_matches(wanted, sorted(shown), n=3, cutoff=0.75)
