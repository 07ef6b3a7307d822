"""kpi_monthly equals an independent pandas computation of the metric definitions, value
for value, on a raw folder the demo seeds never were."""

from __future__ import annotations

import math

import pytest

from ..conftest import query
from .reference_metrics import Reference


@pytest.fixture(scope="module")
def reference(clean_raw):
    return Reference(clean_raw)


@pytest.fixture(scope="module")
def kpis(clean_warehouse):
    rows = query(clean_warehouse, "select month, segment, region, metric, value from kpi_monthly")
    return {(m, s, r, k): v for m, s, r, k, v in rows}


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def test_as_of_is_the_latest_timestamp(reference, clean_warehouse):
    assert query(clean_warehouse, "select as_of_at from intermediate.int_as_of")[0][0] == (
        reference.as_of.to_pydatetime())


def test_every_reference_value_matches(reference, kpis):
    expected = reference.kpis()
    assert len(expected) > 1000
    mismatches = [(key, kpis.get(key, "missing"), value) for key, value in expected.items()
                  if key not in kpis or not close(kpis[key], value)]
    assert mismatches[:10] == []


def test_no_value_without_a_reference(reference, kpis):
    expected = reference.kpis()
    assert sorted(set(kpis) - set(expected))[:10] == []


@pytest.mark.parametrize("metric", ["won_revenue", "pipeline_created", "mqls", "sla_compliance",
                                    "marketing_spend", "win_rate"])
def test_metric_is_not_trivially_zero(kpis, metric):
    assert any(v for (_, s, r, k), v in kpis.items() if k == metric and s == r == "all")
