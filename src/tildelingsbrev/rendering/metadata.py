"""Metadataene et dokument får i PDF og Word: tittel, forfatter, emne, språk og dato.

De hentes fra data (visningsmodellen og brevets målform), ikke fra malen, så en mal uten
`<title>` eller `lang` gir det samme. Den interne utgaven (`tb render --intern`, `intern` i
visningsmodellen) sier det i tittelen («… – Intern utgave») og emnet («… Intern utgave –
inneholder opplysninger unntatt offentlighet»), så den kjennes igjen også i en fil-liste.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Repo

LANG = {"bokmål": "nb", "nynorsk": "nn"}
"""Dokumentspråket (BCP 47) for hver målform."""


@dataclass(frozen=True)
class Metadata:
    """Identiteten (PDF-ens /ID), tittelen (`brev.tittel`), forfatteren (departementet,
    `brev.avsender`), emnet (`beskrivelse`), språket (`nb` eller `nn`) og datoen (brevets
    eller tilleggets; None når den ikke er fylt inn)."""

    ident: str
    title: str
    author: str
    subject: str = ""
    lang: str = "nb"
    dato: date | None = None


def metadata(repo: Repo, år: int, ident: str, view: dict) -> Metadata:
    """Metadataene for dokumentet med identiteten `ident` og visningsmodellen `view` (brevet,
    et tillegg eller gjeldende tildeling for `år`)."""
    doc = repo.brev_for(år)
    målform = doc.model.målform if doc is not None else "bokmål"
    header = view.get("brev") or {}
    dato = header.get("dato")
    title = str(header.get("tittel") or "")
    subject = str(view.get("beskrivelse") or "")
    if view.get("intern"):
        from .ord import tekst

        title = f"{title} – {tekst('intern_utgave', målform)}"
        subject = f"{subject}. {tekst('intern_overskrift', målform)}"
    return Metadata(
        ident=ident,
        title=title,
        author=str(header.get("avsender") or ""),
        subject=subject,
        lang=LANG.get(målform, "nb"),
        dato=dato if isinstance(dato, date) else None,
    )
