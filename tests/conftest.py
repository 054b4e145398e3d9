"""Felles oppsett for testene.

Hurtigbufferen for innlesingen slås av for alle tester (også underprosesser, som arver
miljøet), så testene ikke fyller brukerens ~/.cache; test_cache.py slår den på med en egen
mappe.
"""

import os

os.environ["TB_CACHE"] = "0"
# `--format auto` velger github under GitHub Actions; testene som vil det, setter variabelen selv.
os.environ.pop("GITHUB_ACTIONS", None)
# CI-formatene gir stier relativt til roten CI-tjenesten sjekket ut; testene setter den selv.
os.environ.pop("GITHUB_WORKSPACE", None)
os.environ.pop("CI_PROJECT_DIR", None)


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def repo():
    """Det publiserte brevet (data/) lest én gang for hele testkjøringen, uten funn fra
    innlesingen. Et `Repo` endres ikke etter innlesingen, så testene kan dele det."""
    from pathlib import Path

    from tildelingsbrev.loading import load

    r, findings = load(Path(__file__).resolve().parents[1] / "data")
    assert not findings
    return r
