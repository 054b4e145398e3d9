"""`tb init [MAPPE]`: en tom mappe blir et repositorium for et tildelingsbrev, eller et repositorium
med `virksomheter/` får en virksomhet til. `init` lager og skriver filene; her blir det en
oversikt og en avslutningskode (0 skrevet, 2 nektet: ingenting er skrevet)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from . import app, fail
from .hjelp import NorskCommand

Målform = Enum("Målform", [("bokmål", "bokmål"), ("nynorsk", "nynorsk")], type=str)


@app.command("init", cls=NorskCommand)
def init_cmd(
    departement: Annotated[
        str,
        typer.Option("--departement", metavar="NAVN", help="Departementet som sender brevet, for eksempel Kunnskapsdepartementet."),
    ],
    virksomhet: Annotated[
        str,
        typer.Option(
            "--virksomhet",
            metavar="KORT",
            help="Virksomhetens kortnavn, for eksempel Udir (mappenavnet under virksomheter/).",
        ),
    ],
    mappe: Annotated[
        Path,
        typer.Argument(
            metavar="MAPPE",
            help="Mappa som blir repositoriet (tom eller ny), eller et repositorium med virksomheter/.",
            show_default=False,
        ),
    ] = Path("."),
    departement_kort: Annotated[
        str | None,
        typer.Option("--departement-kort", metavar="KORT", help="Departementets forkortelse, for eksempel KD. Standard: tom (fylles inn)."),
    ] = None,
    virksomhet_navn: Annotated[
        str | None,
        typer.Option("--virksomhet-navn", metavar="NAVN", help="Virksomhetens fulle navn. Standard: en plassholder (fylles inn)."),
    ] = None,
    år: Annotated[
        int | None, typer.Option("--år", metavar="ÅR", help="Budsjettåret brevet gjelder. Standard: neste år.")
    ] = None,
    målform: Annotated[
        Målform, typer.Option("--målform", help="Målformen brevet skrives på (målform: i brev.yaml).")
    ] = Målform.bokmål,  # type: ignore[attr-defined]
    kapittel: Annotated[
        int | None,
        typer.Option(
            "--kapittel",
            metavar="KKK",
            help="Budsjettkapitlet for virksomhetens drift (nummeret i statsbudsjettet). Standard: 1, en plassholder.",
        ),
    ] = None,
) -> None:
    """Lag et nytt repositorium for tildelingsbrevet fra et departement til en virksomhet.

    En tom eller ny MAPPE (standard: mappa du står i) får et utkast til brevet for året:
    brev/ÅR/brev.yaml med parter, Prop. og Innst., signatarer, kapitler med en kort tekstfil
    hver og rapporteringskalenderen, ett mål, én styringsparameter, ett oppdrag, et
    budsjettkapittel med post 01, en tom grunnlinje, JSON-skjemaene og en README.md som sier hva
    du gjør nå. Har MAPPE virksomheter/, legges virksomheten til som virksomheter/KORT/.

    Det som ikke er gitt, gjettes ikke: det står tomt (null) eller som en plassholder, og `tb
    check` lister alt som må fylles inn (TB601, TB602, TB304). `tb render` lager brevet med de
    innebygde malene med en gang.

    Skriver aldri over noe: en mappe som verken er tom eller har virksomheter/, en virksomhet
    som finnes, en fil som finnes eller en symbolsk lenke nektes (kode 2), og ingenting skrives.

    \b
    Eksempler:
      tb init data --departement Kunnskapsdepartementet --departement-kort KD --virksomhet Udir
      tb init data --departement "Klima- og miljødepartementet" --virksomhet NRD --år 2027 --målform nynorsk
    """
    from datetime import date

    from ..init import InitError, Valg, planlegg, skriv

    valg = Valg(
        departement=departement,
        virksomhet=virksomhet,
        år=år if år is not None else date.today().year + 1,
        departement_kort=departement_kort,
        virksomhet_navn=virksomhet_navn,
        målform=målform.value,
        kapittel=kapittel,
    )
    try:
        oppsett = planlegg(mappe, valg)
        skriv(oppsett)
    except InitError as e:
        fail(str(e))
    typer.echo(_oversikt(oppsett), nl=False)


def _oversikt(o) -> str:
    """Det `tb init` skriver etterpå: hva som er laget, hva `tb check` finner, og neste steg."""
    from ..pipeline import check
    from ..reporting.check import display_path
    from ..text import safe_line

    v = o.valg
    shown = display_path(o.mappe)
    where = safe_line(display_path(o.rot))
    data = "" if shown == "data" else f" --data {safe_line(shown)}"
    velg = f" --virksomhet {safe_line(v.virksomhet)}" if o.flere else ""
    result = check(o.rot)
    errors, warnings = result.errors, result.warnings
    lines = [
        f"Skrev utkastet til tildelingsbrevet for {v.år} fra {safe_line(v.departement)} til "
        f"{safe_line(v.virksomhet)} i {where}/ ({len(o.filer)} filer).",
        "",
        f"tb check finner {errors} feil og {warnings} {'advarsel' if warnings == 1 else 'advarsler'}: "
        "det som må fylles inn.",
        f"Neste steg (står også i {where}/README.md):",
        f"  tb check{data}{velg}",
        f"  tb render{data}{velg} -o tildelingsbrev-{v.år}.pdf",
    ]
    return "\n".join(lines) + "\n"
