"""Feilen fra gjengivelsen: `RenderError`, med stedet i malen feilen gjelder.

Alt som gjør at brevet ikke kan gjengis (et år uten brev, en malfeil, en mal som ikke leses,
et format tb ikke kan lage), blir én `RenderError` med en norsk melding; `tb render` skriver
den og avslutter med kode 2, og `tb check` gjør den til et TB501-funn.
"""

from __future__ import annotations

from pathlib import Path

from ..text import safe_line


class RenderError(Exception):
    """Malen kan ikke gjengis. `file` og `line` peker på stedet i malen; `related` på andre
    steder feilen gjelder (linjen i malen som tok inn en mal som ikke kan leses)."""

    def __init__(
        self,
        message: str,
        file: Path | None = None,
        line: int | None = None,
        related: tuple[tuple[Path, int | None], ...] = (),
    ):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.related = related

    def __str__(self) -> str:
        where = (
            f"{self.file}:{self.line}: "
            if self.file and self.line
            else (f"{self.file}: " if self.file else "")
        )
        also = "".join(f" (tatt inn fra {f}:{line})" if line else f" (tatt inn fra {f})" for f, line in self.related)
        return safe_line(f"{where}{self.message}{also}")
