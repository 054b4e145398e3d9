"""Innlesingen: fra filene i data-mappa til modellen (`Repo`), med funn for alt som ikke kan
leses.

- `tree`: hvilke filer som finnes og innholdet deres, lest trygt (lenker, størrelse, navn);
- `yamlfile`: YAML lest trygt, med linje og kolonne for hver verdi;
- `loader`: hver fil validert mot modellen, og innlesingsreglene (TB001–TB005, TB008);
- `git`: filene slik de var i en git-revisjon (`tb diff REV:ÅR`), som `tree` gir dem fra disk.

`load`, `load_doc`, `LOADER_RULES` og `MODELS` hentes fra `loader` først når noen ber om dem:
et treff i hurtigbufferen trenger bare `tree` og skal ikke betale for å importere modellene.
"""

_LAZY = ("LOADER_RULES", "MODELS", "load", "load_doc")


def __getattr__(name: str):
    if name in _LAZY:
        from . import loader

        return getattr(loader, name)
    raise AttributeError(name)


__all__ = list(_LAZY)
