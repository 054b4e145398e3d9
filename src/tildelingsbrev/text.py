"""Små teksthjelpere som brukes overalt: én linje, avkorting og trygg visning i en terminal.

Tekst fra data (titler, filnavn, meldinger som siterer data) kan inneholde linjeskift og
kontrolltegn. Skrevet rått til en terminal kan ESC-sekvenser endre vindustittelen eller
skjule tekst, og et linjeskift fulgt av `::error …` blir en falsk merknad i GitHub Actions.
Alt som skrives til en terminal eller en CI-logg fra data, går derfor gjennom `safe_line`.
"""

from __future__ import annotations

import re

CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""C0- og C1-kontrolltegn (unntatt tabulator og linjeskift), DEL, tegn som snur skriveretningen
(«Trojan Source»), linje- og avsnittsskille, og enslige surrogater (bytes i et filnavn som ikke
er UTF-8, lest med `surrogateescape`)."""


def one_line(text: object) -> str:
    """All blank plass (også linjeskift og tabulator) som ett mellomrom, uten blank plass i
    endene."""
    return " ".join(str(text).split())


def clip(text: object, n: int = 60) -> str:
    """`one_line`, avkortet til høyst `n` tegn med «…» til slutt."""
    s = one_line(text)
    return s if len(s) <= n else s[: n - 1] + "…"


def _escape(m: re.Match) -> str:
    ch = m.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # en byte fra et filnavn som ikke er UTF-8
        return f"\\x{code - 0xDC00:02x}"
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape_controls(text: object) -> str:
    """Kontrolltegn som synlige escape-sekvenser («\\x1b», «\\u202e»); tabulator og linjeskift
    blir stående."""
    return CONTROL.sub(_escape, str(text))


def has_controls(text: str) -> bool:
    """Sant når teksten har tegn som `escape_controls` ville byttet ut."""
    return CONTROL.search(text) is not None


def safe_line(text: object) -> str:
    """Tekst fra data klar for én linje i en terminal eller CI-logg: `one_line`, og
    kontrolltegn som escape-sekvenser."""
    return escape_controls(one_line(text))
