"""`tb ny oppdrag|styringsparameter|mål|post|kapittel|tillegg`: modellen (`pipeline.load_model`) gir
numrene i bruk og året (det nyeste brevet), `scaffold` lager fila, og her blir den skrevet og
merknadene vist."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..files import os_error
from ..text import safe_line
from . import DataOpt, VirksomhetOpt, app, data_dir, day_option, fail
from .hjelp import NorskCommand, NorskGroup

ny_app = typer.Typer(
    cls=NorskGroup,
    help=(
        "Lag en ny fil i data: et oppdrag, en styringsparameter, et mål eller et tillegg til brevet "
        "med neste ledige nummer, eller en budsjettpost eller et budsjettkapittel."
    ),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(ny_app, name="ny")

ÅrOpt = Annotated[
    int | None,
    typer.Option(
        "--år",
        help="Brevet fila hører til (for et oppdrag: året det gis). Standard: det nyeste brevet i data.",
    ),
]
MålOpt = Annotated[int, typer.Option("--mål", help="Målet (nummeret i brevet for året).")]
TvingOpt = Annotated[
    bool, typer.Option("--tving", help="Lag fila selv om året ikke har noe brev eller målet ikke finnes.")
]
TvingÅrOpt = Annotated[
    bool,
    typer.Option(
        "--tving", help="Lag fila selv om året ikke har noe brev (et nummer som finnes, nektes alltid)."
    ),
]
NrOpt = Annotated[
    int | None, typer.Option("--nr", help="Bestem nummeret selv (standard: neste ledige for året).")
]


@ny_app.command("oppdrag", cls=NorskCommand)
def ny_oppdrag(
    mål: MålOpt,
    tittel: Annotated[str, typer.Option("--tittel", help="Tittelen slik den skal stå i kapittel 3.")],
    frist: Annotated[
        list[str] | None,
        typer.Option("--frist", help="Frist (2025-12-31 eller 31.12.2025); kan gis flere ganger."),
    ] = None,
    år: ÅrOpt = None,
    nr: NrOpt = None,
    tillegg: Annotated[
        int | None,
        typer.Option(
            "--tillegg",
            help="Oppdraget gis i tillegg nr. N til brevet for året (fila får `tillegg: N`); tillegget må finnes.",
        ),
    ] = None,
    tving: TvingOpt = False,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Lag data/oppdrag/ÅR-NN.yaml med neste ledige nummer for året (nummeret og filnavnet etter
    mønsteret i innstillinger.yaml, for eksempel oppdrag/TB2026-3.yaml).

    Et mål som ikke finnes for året, eller et år uten brev (utenom året etter det nyeste),
    nektes med mindre --tving er gitt. Med --tillegg N er oppdraget gitt i tillegg nr. N (som
    må finnes); skriv så nummeret i tilleggets `nye_oppdrag`. Fila skrives atomært og aldri
    over en fil som finnes (avslutningskode 2).

    \b
    Eksempler:
      tb ny oppdrag --mål 2 --tittel "Kartlegge bruken av tolk" --frist 01.11.2025
      tb ny oppdrag --år 2025 --mål 4 --tittel "Evaluere ordningen" --frist 2025-06-30 --frist 2025-12-31
      tb ny oppdrag --år 2024 --tillegg 2 --mål 5 --tittel "Digitalisering på tolkefeltet" --frist 29.11.2024
    """
    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_oppdrag

    root = data_dir(data, virksomhet)
    dates = [day_option("--frist", f) for f in frist or []]
    repo = load_model(root).repo
    try:
        new = new_oppdrag(repo, _year(repo, år), mål, tittel, dates, nr, force=tving, tillegg=tillegg)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


@ny_app.command("styringsparameter", cls=NorskCommand)
def ny_styringsparameter(
    mål: MålOpt,
    tekst: Annotated[str, typer.Option("--tekst", help="Styringsparameteren slik den skal stå i brevet.")],
    år: ÅrOpt = None,
    nr: NrOpt = None,
    tving: TvingOpt = False,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Lag data/styringsparametere/ÅR/sp-NN.yaml med neste ledige SP-nummer for året.

    Et mål som ikke finnes for året, eller et år uten brev (utenom året etter det nyeste),
    nektes med mindre --tving er gitt. Fila skrives atomært og aldri over en fil som finnes
    (avslutningskode 2).

    \b
    Eksempel:
      tb ny styringsparameter --mål 2 --tekst "Andel deltakere i arbeid eller utdanning ett år etter"
    """
    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_styringsparameter

    repo = load_model(data_dir(data, virksomhet)).repo
    try:
        new = new_styringsparameter(repo, _year(repo, år), mål, tekst, nr, force=tving)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


@ny_app.command("mål", cls=NorskCommand)
def ny_mål(
    tittel: Annotated[
        str, typer.Option("--tittel", help="Målet slik det skal stå i overskriften i kapittel 3.")
    ],
    tekst: Annotated[
        str | None,
        typer.Option(
            "--tekst", help="Teksten under målet (Markdown). Uten den står fila som ikke gjennomgått."
        ),
    ] = None,
    år: ÅrOpt = None,
    nr: NrOpt = None,
    tving: TvingÅrOpt = False,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Lag data/mål/ÅR/mål-N.yaml med neste ledige målnummer for året.

    Uten --tekst står teksten tom og fila `gjennomgått: false`: `tb check` melder målet til
    teksten er skrevet og linja fjernet. Et år uten brev (utenom året etter det nyeste) nektes
    med mindre --tving er gitt; et nummer som finnes, nektes alltid. Fila skrives atomært og
    aldri over en fil som finnes (avslutningskode 2).

    \b
    Eksempler:
      tb ny mål --tittel "Flere innvandrere deltar i arbeidslivet"
      tb ny mål --år 2025 --tittel "Godt kvalifiserte tolker" --tekst "Tolking av god kvalitet …"
    """
    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_mål

    repo = load_model(data_dir(data, virksomhet)).repo
    try:
        new = new_mål(repo, _year(repo, år), tittel, tekst, nr, force=tving)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


ny_app.command("maal", cls=NorskCommand, hidden=True)(ny_mål)  # `tb ny maal` uten å, som --aar


@ny_app.command("post", cls=NorskCommand)
def ny_post(
    post: Annotated[
        str,
        typer.Argument(
            help="Kapittel og post med punktum, for eksempel 671.62.", metavar="KAP.PP", show_default=False
        ),
    ],
    betegnelse: Annotated[
        str, typer.Option("--betegnelse", help="Postens betegnelse slik den står i tabellen, uten stikkord.")
    ],
    stikkord: Annotated[
        list[str] | None,
        typer.Option(
            "--stikkord",
            help="Stikkord: «kan overføres», «overslagsbevilgning» eller «kan nyttes under post NN»; "
            "kan gis flere ganger.",
        ),
    ] = None,
    tildeling: Annotated[
        str | None,
        typer.Option(
            "--tildeling",
            help="Tildelingen i hele kroner (25200000, «25 200 000» eller «25,2 mill. kroner»). "
            "Uten den står den som ikke utfylt (null), aldri 0.",
        ),
    ] = None,
    år: ÅrOpt = None,
    tving: Annotated[
        bool,
        typer.Option(
            "--tving",
            help="Lag fila selv om året ikke har noe brev, kapitlet ikke finnes eller et stikkord er ukjent "
            "(en post som finnes, nektes alltid).",
        ),
    ] = False,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Lag data/budsjett/ÅR/KKK-PP.yaml for en post i et budsjettkapittel.

    Uten --tildeling står `tildeling: null`: `tb check` melder tildelingen som ikke utfylt til
    den er fylt inn. En post i et kapittel som ikke finnes for året, et ukjent stikkord og et
    år uten brev (utenom året etter det nyeste) nektes med mindre --tving er gitt; en post som
    finnes, nektes alltid. Fila skrives atomært og aldri over en fil som finnes
    (avslutningskode 2).

    \b
    Eksempler:
      tb ny post 671.74 --betegnelse "Tilskudd til tolketjenester" --stikkord "kan overføres"
      tb ny post 670.01 --år 2025 --betegnelse Driftsutgifter --tildeling "377 140 000"
    """
    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_post, parse_post, parse_tildeling

    try:
        kapittel, nr = parse_post(post)
        amount = parse_tildeling(tildeling) if tildeling is not None else None
    except ScaffoldError as e:
        fail(str(e))
    repo = load_model(data_dir(data, virksomhet)).repo
    try:
        new = new_post(repo, _year(repo, år), kapittel, nr, betegnelse, stikkord, amount, force=tving)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


@ny_app.command("kapittel", cls=NorskCommand)
def ny_kapittel(
    kapittel: Annotated[
        str,
        typer.Argument(
            help="Kapittelnummeret i statsbudsjettet, for eksempel 671.", metavar="KAP", show_default=False
        ),
    ],
    navn: Annotated[str, typer.Option("--navn", help="Kapitlets navn slik det står i tabellen.")],
    år: ÅrOpt = None,
    tving: TvingÅrOpt = False,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Lag data/budsjett/ÅR/kap-KKK.yaml for et budsjettkapittel.

    Kapitlet trenger minst én post: til den er lagt til (`tb ny post KKK.PP`), melder `tb check`
    kapitlet uten poster. Et år uten brev (utenom året etter det nyeste) nektes med mindre
    --tving er gitt; et kapittel som finnes, nektes alltid. Fila skrives atomært og aldri over
    en fil som finnes (avslutningskode 2).

    \b
    Eksempler:
      tb ny kapittel 675 --navn "Tolketjenester"
      tb ny post 675.21 --betegnelse "Spesielle driftsutgifter" --stikkord "kan overføres"
    """
    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_kapittel, parse_kapittel

    try:
        nr = parse_kapittel(kapittel)
    except ScaffoldError as e:
        fail(str(e))
    repo = load_model(data_dir(data, virksomhet)).repo
    try:
        new = new_kapittel(repo, _year(repo, år), nr, navn, force=tving)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


@ny_app.command("tillegg", cls=NorskCommand)
def ny_tillegg(
    år: Annotated[
        int | None,
        typer.Option("--år", help="Brevet tillegget hører til. Standard: det nyeste brevet i data."),
    ] = None,
    tittel: Annotated[
        str | None,
        typer.Option(
            "--tittel",
            help="Tittelen. Standard: «Tillegg nr. N til» og brevets tittel "
            "(«Tillegg nr. 4 til tildelingsbrev 2024 – …»).",
        ),
    ] = None,
    grunnlag: Annotated[
        str | None,
        typer.Option(
            "--grunnlag",
            help="Grunnlaget, for eksempel «Stortingets behandling av Prop. 104 S (2023–2024)». Uten det står det tomt.",
        ),
    ] = None,
    dato: Annotated[
        str | None, typer.Option("--dato", help="Tilleggets dato (2024-06-28 eller 28.06.2024). Standard: i dag.")
    ] = None,
    referanse: Annotated[
        str | None, typer.Option("--referanse", help="Departementets saksnummer, for eksempel 24/1234-7.")
    ] = None,
    data: DataOpt = Path("data"),
    virksomhet: VirksomhetOpt = None,
) -> None:
    """Lag data/brev/ÅR/tillegg/tillegg-N.yaml, det neste tillegget til brevet for året.

    Tillegget får neste nummer, datoen (i dag eller --dato), signatarene fra brevet og tomme
    lister for endringene, postene og oppdragene; brevet selv endres ikke. Et år uten brev
    nektes, og fila skrives atomært og aldri over en fil som finnes (avslutningskode 2).
    `tb check` sjekker tillegget mot brevet og de tidligere tilleggene (TB7xx).

    \b
    Eksempler:
      tb ny tillegg --grunnlag "Stortingets behandling av Prop. 104 S (2023–2024)"
      tb ny tillegg --år 2024 --dato 15.10.2024 --referanse 23/4512-30
    """
    from datetime import date

    from ..pipeline import load_model
    from ..scaffold import ScaffoldError, new_tillegg

    root = data_dir(data, virksomhet)
    when = day_option("--dato", dato) if dato is not None else date.today()
    repo = load_model(root).repo
    try:
        new = new_tillegg(repo, _year(repo, år), when, tittel, grunnlag, referanse)
    except ScaffoldError as e:
        fail(str(e))
    _write(new)


def _year(repo, år: int | None) -> int:
    """`--år`, eller det nyeste brevet i data; stopp (kode 2) når det ikke finnes noe brev."""
    from ..scaffold import ScaffoldError, default_year

    if år is not None:
        return år
    try:
        return default_year(repo)
    except ScaffoldError as e:
        fail(str(e))


def _write(new) -> None:
    from ..scaffold import ScaffoldError, write_new

    try:
        write_new(new)
    except ScaffoldError as e:
        fail(str(e))
    except OSError as e:
        fail(f"kan ikke skrive {new.path}: {os_error(e)}")  # fail gjør stien trygg
    typer.echo(f"skrev {safe_line(new.path)} ({safe_line(new.id)})")
    for note in new.notes:
        typer.echo(f"tb: merk: {safe_line(note)}", err=True)
