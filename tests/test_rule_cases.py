"""Runs every case in tests/cases/TBnnn.yaml against a patched copy of the valid fixture."""

from __future__ import annotations

import pytest

from casekit import all_case_files, apply_patches, rel
from tildelingsbrev.pipeline import CheckResult, check
from tildelingsbrev.rules import ALL_RULES

LOADER_CODES = {r.code for r in ALL_RULES if r.reported_by_loader}


def _params():
    for rule, cases in all_case_files().items():
        for case in cases:
            marks = (
                [pytest.mark.xfail(reason=case.xfail, strict=True, raises=AssertionError)]
                if case.xfail
                else []
            )
            yield pytest.param(case, id=f"{rule}-{case.name}", marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_rule_case(case, tmp_path):
    root = tmp_path / "data"
    agencies = case.build(root)
    apply_patches(root, case.files)

    # flere virksomheter: hver sjekkes for seg (som `tb check`), funnene samlet
    results = [check(a, use_baseline=True) for a in agencies]
    result = CheckResult(findings=[f for r in results for f in r.findings])

    # What the user is shown: findings the baseline (if the case writes one) has not accepted.
    got = sorted(
        (f.code, rel(f.location.file, root), f.location.line) for f in result.active if f.code == case.rule
    )
    assert got == sorted(case.expect), "\n".join(
        f"{f.code} {rel(f.location.file, root)}:{f.location.line}:{f.location.column} {f.message}"
        for f in result.findings
    )
    crashes = [f.message for f in result.findings if f.code == "TB900"]
    assert not crashes, crashes
    if case.rule not in LOADER_CODES:
        loader = {f.code for f in result.findings if f.code in LOADER_CODES}
        assert loader == case.loader, (
            "the patched files should load (else the rule never saw them): "
            + "; ".join(f"{f.code} {f.message}" for f in result.findings if f.code in LOADER_CODES)
        )
