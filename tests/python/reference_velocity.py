"""Stage velocity in pandas, from the words of the definitions (glossary, README), sharing no
code with the models: spells of an unbroken stay in one stage, advanced = on to a later
stage that is not a lost one, days over finished spells, stuck past a stage's threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .reference_metrics import Reference, load, num, ts

STAGES = ["Prospecting", "Discovery", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]


def stage_rows(ref: Reference, stuck: dict[str, int], stuck_default: int,
               spells_out: list | None = None) -> pd.DataFrame:
    """One row per opportunity × stage entered, as fct_opportunity_stages; spells_out, when
    given, gets every spell as (opportunity_id, stage, entered_at, exited_at)."""
    h = load(ref.raw, "opportunity_stage_history")
    h["changed_at"] = ts(h["changed_at"])
    h["amount_num"] = num(h["amount"])
    bad = (h["opportunity_id"].isna() | h["changed_at"].isna() | h["stage_name"].isna()
           | (h["amount"].notna() & h["amount_num"].isna()) | (h["amount_num"] < 0))
    h = h[~bad].drop_duplicates(["opportunity_id", "changed_at", "stage_name"])
    opps = ref.opps.set_index("opportunity_id")
    h = h[h["opportunity_id"].isin(opps.index)].copy()

    listed = {s.lower(): s for s in STAGES}
    found = set(h["stage_name"]) | set(ref.opps["stage_name"].dropna())
    unlisted = sorted(s for s in found if s.lower() not in listed)
    order = {s: i for i, s in enumerate(STAGES + unlisted, 1)}
    h["stage"] = [listed.get(s.lower(), s) for s in h["stage_name"]]
    h["order"] = h["stage"].map(order)
    canon = ref.opps["stage_name"].dropna().map(lambda s: listed.get(s.lower(), s))
    lost = set(canon[ref.opps["is_closed"] & ~ref.opps["is_won"]])
    won = set(canon[ref.opps["is_won"]])

    rows = []
    for opp, events in h.sort_values(["changed_at", "order"]).groupby("opportunity_id"):
        spells = []  # [stage, order, entered_at]
        for stage, rank, at in zip(events["stage"], events["order"], events["changed_at"],
                                   strict=True):
            if not spells or spells[-1][0] != stage:
                spells.append([stage, rank, at])
        per_stage: dict[str, dict] = {}
        for i, (stage, rank, entered) in enumerate(spells):
            following = spells[i + 1] if i + 1 < len(spells) else None
            exited = following[2] if following else pd.NaT
            if spells_out is not None:
                spells_out.append((opp, stage, entered, exited))
            s = per_stage.setdefault(stage, {
                "opportunity_id": opp, "stage_name": stage, "stage_order": rank,
                "first_entered_at": entered, "last_exited_at": pd.NaT, "times_entered": 0,
                "days": [], "is_advanced": False, "is_current_stage": False})
            s["times_entered"] += 1
            if following:
                s["last_exited_at"] = exited
                s["days"].append((exited - entered).total_seconds() / 86400)
                if following[1] > rank and following[0] not in lost:
                    s["is_advanced"] = True
            else:
                s["is_current_stage"] = True
                s["current_entered_at"] = entered
        o = opps.loc[opp]
        for s in per_stage.values():
            s["days_in_stage"] = sum(s.pop("days")) if s["last_exited_at"] is not pd.NaT else None
            s["is_closed_stage"] = s["stage_name"] in lost | won
            current = s.pop("current_entered_at", None)
            days_now = ((ref.as_of - current).total_seconds() / 86400
                        if current is not None and not s["is_closed_stage"] else None)
            s["days_in_current_stage"] = days_now
            limit = stuck.get(s["stage_name"], stuck_default)
            s["is_stuck"] = bool(not o["is_closed"] and days_now is not None and days_now > limit)
            s["segment"], s["region"] = o["segment"], o["region"]
            source = o["lead_source"].lower() if isinstance(o["lead_source"], str) else None
            s["lead_source"] = None if source == "all" else source
            rows.append(s)
    out = pd.DataFrame(rows)
    out["entered_month"] = out["first_entered_at"].dt.to_period("M").dt.to_timestamp()
    return out


def velocity(stages: pd.DataFrame) -> pd.DataFrame:
    """fct_stage_velocity_monthly: per month of first entry × segment × region × source ×
    stage (not closed stages)."""
    open_stages = stages[~stages["is_closed_stage"]].copy()
    open_stages["lead_source"] = open_stages["lead_source"].fillna("unknown")
    keys = ["entered_month", "segment", "region", "lead_source", "stage_name"]
    grouped = open_stages.groupby(keys)
    out = pd.DataFrame({
        "deals_entered_stage": grouped.size(),
        "deals_advanced": grouped["is_advanced"].sum(),
        "deals_left_stage": grouped["last_exited_at"].count(),
        "median_days_in_stage": grouped["days_in_stage"].agg(
            lambda d: float(np.median(d.dropna())) if d.notna().any() else None),
        "stuck_deals": grouped["is_stuck"].sum(),
    })
    out["stage_conversion_rate"] = out["deals_advanced"] / out["deals_entered_stage"]
    return out.reset_index()


def at_period(ref: Reference, stages: pd.DataFrame, spells: list, period: pd.Timestamp,
              stuck: dict[str, int], stuck_default: int) -> pd.DataFrame:
    """rpt_stage_velocity for one period, all segments and regions: the deals that first
    entered each stage in the 12 months ending with the period (to date), and the open
    deals stuck in a stage at the period's end."""
    start, end = period - pd.DateOffset(months=11), period + pd.DateOffset(months=1)
    entrants = stages[~stages["is_closed_stage"] & (stages["entered_month"] >= start)
                      & (stages["entered_month"] <= period)]
    grouped = entrants.groupby("stage_name")
    out = pd.DataFrame({
        "deals_entered_stage_12m": grouped.size(),
        "stage_conversion_rate_12m": grouped["is_advanced"].mean(),
        "median_days_in_stage_12m": grouped["days_in_stage"].agg(
            lambda d: float(np.median(d.dropna())) if d.notna().any() else None),
    })
    closed = stages.loc[stages["is_closed_stage"], "stage_name"].unique()
    opps = ref.opps.set_index("opportunity_id")
    end_at = end - pd.Timedelta(seconds=1)
    stuck_counts: dict[str, int] = {}
    for opp, stage, entered, exited in spells:
        o = opps.loc[opp]
        open_then = not (o["is_closed"] and o["close_date"] < end)
        if (stage in closed or not open_then or entered > end_at
                or (exited is not pd.NaT and exited <= end_at)):
            continue
        days = (end_at - entered).total_seconds() / 86400
        limit = stuck.get(stage, stuck_default)
        stuck_counts[stage] = stuck_counts.get(stage, 0) + int(days > limit)
    out = out.reindex(out.index.union(list(stuck_counts)))
    out["deals_entered_stage_12m"] = out["deals_entered_stage_12m"].fillna(0)
    out["stuck_deals_month_end"] = pd.Series(stuck_counts).reindex(out.index).fillna(0)
    return out
