"""An independent pandas computation of the forecast, coverage and people numbers: the
open pipeline as it stood at an instant (what the CRM said then), weighted pipeline,
quarter coverage at stage thresholds and quota attainment per rep, team and manager,
written from the rules the README states, not from the SQL."""

from __future__ import annotations

import pandas as pd

from .reference_metrics import Reference, load, num, ts

STAGES = ["Prospecting", "Discovery", "Proposal", "Negotiation", "Closed Won", "Closed Lost"]


def quarter_of(month: pd.Timestamp, fiscal_start: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    back = (month.month - fiscal_start) % 3
    start = (month - pd.DateOffset(months=back)).normalize().replace(day=1)
    return start, start + pd.DateOffset(months=3) - pd.Timedelta(days=1)


class Pipeline:
    def __init__(self, ref: Reference, probabilities: dict, categories: dict,
                 fiscal_start: int = 1):
        self.ref = ref
        self.fiscal_start = fiscal_start
        self.probabilities, self.categories = probabilities, categories
        history = load(ref.raw, "opportunity_stage_history")
        history["changed_at"] = ts(history["changed_at"])
        history["amount_num"] = num(history["amount"])
        self.stage_history = history[history["changed_at"].notna()]
        fields = load(ref.raw, "opportunity_field_history")
        fields["changed_at"] = ts(fields["changed_at"])
        fields["field"] = fields["field"].str.lower()
        fields = fields[fields["changed_at"].notna() & fields["opportunity_id"].notna()]
        self.fields = {k: g.sort_values("changed_at") for k, g in
                       fields.groupby(["opportunity_id", "field"])}
        found = sorted(set(ref.opps["stage_name"].dropna()) | set(history["stage_name"].dropna()))
        order = {s: i + 1 for i, s in enumerate(STAGES)}
        for s in found:
            if s.lower() not in {x.lower() for x in STAGES}:
                order[s] = len(order) + 1
        self.stage_order = order

    def field_at(self, opp: str, field: str, at: pd.Timestamp):
        changes = self.fields.get((opp, field))
        if changes is None:
            return None
        before = changes[changes["changed_at"] < at]
        return before["new_value"].iloc[-1] if len(before) else changes["old_value"].iloc[0]

    def snapshot(self, at: pd.Timestamp) -> pd.DataFrame:
        """Every deal open at the instant `at` (created before it, not closed before it)."""
        rows = []
        opps = self.ref.opps
        closed_at = opps["close_date"].where(opps["close_date"] > opps["created_at"],
                                             opps["created_at"])
        is_open = (opps["created_at"] < at) & ~(opps["is_closed"] & (closed_at < at))
        for _, o in opps[is_open].iterrows():
            h = self.stage_history[(self.stage_history["opportunity_id"] == o["opportunity_id"])
                                   & (self.stage_history["changed_at"] < at)]
            h = h.sort_values(["changed_at", "stage_name"])
            stage = h["stage_name"].iloc[-1] if len(h) else o["stage_name"]
            amounts = h[h["amount_num"].notna()]
            changes = amounts[amounts["changed_at"] > o["created_at"]]
            at_creation = amounts[amounts["changed_at"] <= o["created_at"]]
            if len(changes):
                amount = changes["amount_num"].iloc[-1]
            elif len(at_creation):
                amount = at_creation["amount_num"].iloc[0]
            else:
                amount = 0.0 if pd.isna(o["amount_num"]) else o["amount_num"]
            rate = self.ref.rate(pd.Series([o["currency_code"]]),
                                 pd.Series([o["created_month"]]))[0]
            close = self.field_at(o["opportunity_id"], "close_date", at)
            close = pd.Timestamp(close) if close else o["close_date"]
            same_stage = stage == o["stage_name"]
            probability = self.field_at(o["opportunity_id"], "probability", at)
            if probability is not None:
                probability = float(probability)
            elif same_stage and pd.notna(num(pd.Series([o["probability"]]))[0]):
                probability = float(o["probability"])
            else:
                probability = self.probabilities.get(stage)
            category = self.field_at(o["opportunity_id"], "forecast_category", at)
            if category is None and same_stage and o["forecast_category"]:
                category = o["forecast_category"].lower()
            category = (category or self.categories.get(stage) or "pipeline").lower()
            usd = amount * rate
            rows.append({"opportunity_id": o["opportunity_id"], "segment": o["segment"],
                         "region": o["region"], "owner_id": o["owner_id"], "stage": stage,
                         "stage_order": self.stage_order.get(stage, 0), "amount": usd,
                         "close_date": close, "probability": probability,
                         "weighted": usd * (probability or 0) / 100,
                         "forecast_category": category})
        return pd.DataFrame(rows)

    def forecast(self, period: pd.Timestamp) -> pd.DataFrame:
        """Per segment, region ('all' included) and forecast category ('all' included): the
        rpt_pipeline_forecast numbers at the end of the month `period`."""
        snap = self.snapshot(period + pd.offsets.MonthBegin(1))
        qs, qe = quarter_of(period, self.fiscal_start)
        nqs, nqe = qs + pd.DateOffset(months=3), qs + pd.DateOffset(months=6) - pd.Timedelta(days=1)
        snap["this"] = snap["close_date"].between(qs, qe)
        snap["next"] = snap["close_date"].between(nqs, nqe)
        out = []
        for seg in ["all", *sorted(snap["segment"].unique())]:
            for reg in ["all", *sorted(snap["region"].unique())]:
                s = snap[((snap["segment"] == seg) | (seg == "all"))
                         & ((snap["region"] == reg) | (reg == "all"))]
                if not len(s):
                    continue
                for cat in ["all", *sorted(s["forecast_category"].unique())]:
                    c = s if cat == "all" else s[s["forecast_category"] == cat]
                    out.append({
                        "segment": seg, "region": reg, "forecast_category": cat,
                        "deals_closing_this_quarter": int(c["this"].sum()),
                        "pipeline_closing_this_quarter": c.loc[c["this"], "amount"].sum(),
                        "weighted_pipeline_this_quarter": c.loc[c["this"], "weighted"].sum(),
                        "deals_closing_next_quarter": int(c["next"].sum()),
                        "pipeline_closing_next_quarter": c.loc[c["next"], "amount"].sum(),
                        "weighted_pipeline_next_quarter": c.loc[c["next"], "weighted"].sum(),
                        "weighted_pipeline": c["weighted"].sum()})
        return pd.DataFrame(out)

    def points(self, period: pd.Timestamp) -> list[pd.Timestamp]:
        qs, qe = quarter_of(period, self.fiscal_start)
        end = period + pd.offsets.MonthEnd(0)
        weeks = [qs + pd.Timedelta(days=7 * k - 1) for k in range(1, 13)] + [qe]
        return [w for w in weeks if w < end] + [end]

    def coverage(self, period: pd.Timestamp, thresholds: list[int], seg: str = "all"
                 ) -> pd.DataFrame:
        """rpt_pipeline_coverage_trend for region 'all' and a segment, at every point."""
        qs, qe = quarter_of(period, self.fiscal_start)
        opps = self.ref.opps if seg == "all" else self.ref.opps[self.ref.opps["segment"] == seg]
        months = pd.date_range(qs, qe, freq="MS")
        target = sum(self.ref.target("won_revenue", m, seg) or 0 for m in months)
        has_target = any(self.ref.target("won_revenue", m, seg) is not None for m in months)
        closed = opps[opps["is_closed"] & (opps["close_month"] >= period - pd.DateOffset(months=11))
                      & (opps["close_month"] <= period)]
        win_rate = closed["is_won"].sum() / len(closed) if len(closed) else None
        rows = []
        for point in self.points(period):
            snap = self.snapshot(point + pd.Timedelta(days=1))
            if seg != "all" and len(snap):
                snap = snap[snap["segment"] == seg]
            won = opps[opps["is_won"] & (opps["close_date"] >= qs) & (opps["close_date"] <= point)]
            won_qtd = won["closed_usd"].sum()
            for threshold in [1, *thresholds]:
                s = snap[(snap["close_date"] >= qs) & (snap["close_date"] <= qe)
                         & (snap["stage_order"] >= threshold)] if len(snap) else snap
                pipeline = s["amount"].sum() if len(s) else 0.0
                remaining = target - won_qtd if has_target else None
                rows.append({"point_date": point, "min_stage_order": threshold,
                             "deals_closing_this_quarter": len(s),
                             "pipeline_closing_this_quarter": pipeline,
                             "won_revenue_qtd": won_qtd,
                             "quarter_pipeline_coverage": pipeline / remaining
                             if remaining is not None and remaining > 0 else None,
                             "win_rate_12m": win_rate,
                             "coverage_needed": 1 / win_rate if win_rate else None})
        return pd.DataFrame(rows)

    def attainment(self, period: pd.Timestamp) -> dict[tuple[str, str], tuple]:
        """(level, member) -> (bookings_qtd, quota_qtd, quota_attainment_qtd), company-wide."""
        qs, _ = quarter_of(period, self.fiscal_start)
        end = period + pd.offsets.MonthEnd(0)
        users = load(self.ref.raw, "users")
        won = self.ref.opps[self.ref.opps["is_won"] & (self.ref.opps["close_date"] >= qs)
                            & (self.ref.opps["close_date"] <= end)]
        bookings = won.groupby("owner_id")["closed_usd"].sum()
        quotas = self.ref.quotas
        quotas = quotas[(quotas["metric"] == "won_revenue") & (quotas["month"] >= qs)
                        & (quotas["month"] <= period)]
        rep_quota = quotas[quotas["owner_id"].notna()].groupby("owner_id")["value"].sum()
        team_quota = quotas[quotas["team"].notna()].groupby("team")["value"].sum()
        out = {}

        def put(level, member, users_in, quota):
            b = float(sum(bookings.get(u, 0.0) for u in users_in))
            out[(level, member)] = (b, quota, b / quota if quota else None)
        for _, u in users.iterrows():
            put("rep", u["user_id"], [u["user_id"]], rep_quota.get(u["user_id"]))
        for team, members in users.groupby("team"):
            ids = list(members["user_id"])
            quota = team_quota.get(team)
            if quota is None and any(i in rep_quota for i in ids):
                quota = float(sum(rep_quota.get(i, 0.0) for i in ids))
            put("team", team, ids, quota)
        for manager, reports in users[users["manager_id"].notna()].groupby("manager_id"):
            ids = list(reports["user_id"])
            quota = (float(sum(rep_quota.get(i, 0.0) for i in ids))
                     if any(i in rep_quota for i in ids) else None)
            put("manager", manager, ids, quota)
        return out
