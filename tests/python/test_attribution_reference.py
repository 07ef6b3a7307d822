"""fct_attribution, sourcing and influence equal an independent pandas computation of
the metric definitions on a raw folder the demo seeds never were."""

from __future__ import annotations

import math

import pytest

from ..conftest import query
from .reference_metrics import Reference, attribution


@pytest.fixture(scope="module")
def expected(clean_raw):
    ref = Reference(clean_raw)
    weights, influenced = attribution(ref)
    return ref, weights, influenced


def test_every_attribution_weight_matches(expected, clean_warehouse):
    _, weights, _ = expected
    actual = {(o, m, k): w for o, m, k, w in query(
        clean_warehouse, "select opportunity_id, member_id, model, weight from fct_attribution")}
    assert len(weights) > 500
    assert set(actual) == set(weights)
    wrong = [(key, actual[key], w) for key, w in weights.items()
             if not math.isclose(actual[key], w, rel_tol=1e-9, abs_tol=1e-12)]
    assert wrong[:5] == []


def test_sourcing_and_influence_match(expected, clean_warehouse):
    ref, _, influenced = expected
    actual = {o: (s, i) for o, s, i in query(
        clean_warehouse,
        "select opportunity_id, is_marketing_sourced, is_influenced from fct_opportunities")}
    sourced = dict(zip(ref.opps["opportunity_id"], ref.opps["is_marketing"], strict=True))
    assert {o: (bool(sourced[o]), influenced[o]) for o in sourced} == actual
    assert 0 < sum(influenced.values()) < len(influenced) + 1


def test_influenced_pipeline_by_month_matches(expected, clean_warehouse):
    ref, _, influenced = expected
    opps = ref.opps[ref.opps["opportunity_id"].map(influenced)]
    by_month = opps.groupby(opps["created_month"].dt.date)["pipeline_usd"].sum()
    actual = dict(query(clean_warehouse, "select month, influenced_pipeline from "
                                         "kpi_marketing_monthly where influenced_pipeline > 0"))
    assert set(actual) == set(by_month.index)
    for month, value in by_month.items():
        assert math.isclose(actual[month], value, rel_tol=1e-9), month
