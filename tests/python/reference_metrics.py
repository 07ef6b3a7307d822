"""An independent implementation of the triage rules and metric definitions in pandas,
straight from the definitions' words (README, glossary), used to check the dbt models value
for value. It shares no code with the models.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

MARKETING = {"paid_search", "paid_social", "organic_search", "email", "webinar", "event",
             "content", "partner"}
SLA_HOURS = 24


def load(raw: Path, table: str) -> pd.DataFrame:
    df = pd.read_csv(raw / f"{table}.csv", dtype=str, keep_default_na=False)
    df = df.apply(lambda col: col.str.strip())
    df["_row"] = np.arange(len(df))
    return df.replace("", None)


def ts(col: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(col, utc=True, errors="coerce", format="ISO8601")
    return parsed.dt.tz_convert(None)


def num(col: pd.Series) -> pd.Series:
    out = pd.to_numeric(col, errors="coerce")
    return out.where(np.isfinite(out))


def truthy(col: pd.Series) -> pd.Series:
    return col.fillna("").str.lower().isin(["true", "t", "1", "yes", "y"])


def latest(df: pd.DataFrame, key: str, order: str | None) -> pd.DataFrame:
    cols = ([order] if order else []) + ["_row"]
    df = df.sort_values(cols, ascending=False, na_position="last")
    return df.drop_duplicates(key, keep="first")


def month(col: pd.Series) -> pd.Series:
    return col.dt.to_period("M").dt.to_timestamp()


def earlier_mqls(current: pd.DataFrame, versions: pd.DataFrame) -> pd.DataFrame:
    """A lead's earlier MQL cycles: an older version's mql_at before the current one, with a
    disqualification (in any version) at or after it and before the current mql_at; one per
    cycle (cycles split by disqualifications), its first mql_at. lead_id, mql_at."""
    rows = []
    now = current[current["mql_at"].notna()].set_index("lead_id")["mql_at"]
    older = versions[~versions["_row"].isin(current["_row"]) & versions["lead_id"].isin(now.index)]
    dq_all = versions.assign(dq=ts(versions["disqualified_at"]))
    for lead, group in older[older["mql_at"].notna()].groupby("lead_id"):
        latest_mql = now[lead]
        dqs = sorted(d for d in dq_all.loc[dq_all["lead_id"] == lead, "dq"].dropna().unique())
        cycles: dict[int, pd.Timestamp] = {}
        for m in sorted(group["mql_at"].unique()):
            if m < latest_mql and any(m <= d < latest_mql for d in dqs):
                cycle = sum(1 for d in dqs if d < m)
                cycles[cycle] = min(cycles.get(cycle, m), m)
        rows += [(lead, m) for m in cycles.values()]
    return pd.DataFrame(rows, columns=["lead_id", "mql_at"])


class Reference:
    def __init__(self, raw: Path):
        self.raw = raw
        fx = load(raw, "fx_rates")
        fx["month"] = month(ts(fx["month"]))
        fx["rate"] = num(fx["usd_per_unit"])
        fx["currency_code"] = fx["currency_code"].str.upper()
        fx = fx[fx["rate"].notna() & (fx["rate"] > 0) & fx["month"].notna()]
        self.fx = fx
        self.currencies = set(fx["currency_code"]) | {"USD"}

        leads = load(raw, "leads")
        for c in ["created_at", "updated_at", "mql_at", "sal_at", "sql_at"]:
            leads[c] = ts(leads[c])
        leads = leads[leads["lead_id"].notna() & leads["created_at"].notna()]
        versions = leads
        leads = latest(leads, "lead_id", "updated_at")
        self.leads = leads[~truthy(leads["is_deleted"])].copy()
        self.earlier_mqls = earlier_mqls(self.leads, versions)

        opps = load(raw, "opportunities")
        opps["created_at"] = ts(opps["created_at"])
        opps["updated_at"] = ts(opps["updated_at"])
        opps["close_date"] = ts(opps["close_date"]).dt.normalize()
        opps["amount_num"] = num(opps["amount"])
        opps["currency_code"] = opps["currency_code"].str.upper()
        opps["is_won"] = truthy(opps["is_won"])
        opps["is_closed"] = truthy(opps["is_closed"]) | opps["is_won"]
        bad = (
            opps["opportunity_id"].isna() | opps["created_at"].isna()
            | (opps["is_closed"] & opps["close_date"].isna())
            | (opps["amount"].notna() & opps["amount_num"].isna())
            | (opps["amount_num"] < 0)
            | (opps["amount"].notna() & ~opps["currency_code"].isin(self.currencies))
        )
        opps = latest(opps[~bad], "opportunity_id", "updated_at")
        opps = opps[~truthy(opps["is_deleted"])].copy()
        accounts = latest(load(raw, "accounts"), "account_id", None)
        for c in ["segment", "region"]:
            accounts[c] = accounts[c].str.upper()
        opps = opps.merge(accounts[["account_id", "segment", "region"]], on="account_id",
                          how="left")
        opps[["segment", "region"]] = opps[["segment", "region"]].fillna("unknown")
        converted = self.leads[self.leads["converted_opportunity_id"].notna()]
        marketing_opps = set(converted.loc[converted["lead_source"].isin(MARKETING),
                                           "converted_opportunity_id"])
        opps["is_marketing"] = opps["opportunity_id"].isin(marketing_opps)
        opps["created_month"] = month(opps["created_at"])
        opps["close_month"] = month(opps["close_date"])
        opps["pipeline_usd"] = opps["amount_num"].fillna(0) * self.rate(
            opps["currency_code"], opps["created_month"])
        opps["closed_usd"] = opps["amount_num"].fillna(0) * self.rate(
            opps["currency_code"], opps["close_month"])
        self.opps = opps

        users = load(raw, "users")
        sales_users = set(users.loc[users["department"].isin(["sdr", "sales"]), "user_id"])
        acts = load(raw, "lead_activities")
        acts["occurred_at"] = ts(acts["occurred_at"])
        acts = latest(acts[acts["activity_id"].notna()], "activity_id", None)
        self.acts = acts[acts["user_id"].isin(sales_users)]

        members = load(raw, "campaign_members")
        members["created_at"] = ts(members["created_at"])
        members["responded_at"] = ts(members["responded_at"])
        feedback = load(raw, "lead_feedback")
        history = load(raw, "opportunity_stage_history")
        stamps = [self.leads[c].max() for c in
                  ["created_at", "updated_at", "mql_at", "sal_at", "sql_at"]]
        stamps += [ts(self.leads[c]).max() for c in ["disqualified_at", "converted_at"]]
        stamps += [opps["created_at"].max(), opps["updated_at"].max(),
                   members.loc[members["created_at"].notna(), "created_at"].max(),
                   members["responded_at"].max(), acts["occurred_at"].max(),
                   ts(feedback["submitted_at"]).max(), ts(history["changed_at"]).max()]
        self.as_of = max(s for s in stamps if pd.notna(s))

        campaigns = load(raw, "campaigns")
        campaigns["actual"] = num(campaigns["actual_cost"])
        campaigns["budget"] = num(campaigns["budgeted_cost"])
        campaigns["currency_code"] = campaigns["currency_code"].fillna("USD").str.upper()
        ok = ((campaigns["actual_cost"].isna() | (campaigns["actual"] >= 0))
              & (campaigns["budgeted_cost"].isna() | (campaigns["budget"] >= 0))
              & campaigns["currency_code"].isin(self.currencies) & campaigns["campaign_id"].notna())
        self.campaigns = campaigns[ok].copy()
        targets = load(raw, "targets")
        targets["month"] = month(ts(targets["month"]))
        targets["value"] = num(targets["target_value"])
        targets = targets[targets["value"] >= 0]
        # quotas (owner_id or team) are per person: segment targets are the rest
        quota = pd.Series(False, index=targets.index)
        for c in ("owner_id", "team"):
            if c in targets:
                quota |= targets[c].notna()
        self.quotas = targets[quota].copy()
        self.targets = targets[~quota]

    def rate(self, currency: pd.Series, months: pd.Series) -> pd.Series:
        out = []
        for cur, m in zip(currency.fillna("USD"), months, strict=True):
            if cur == "USD" or pd.isna(m):
                out.append(1.0)
                continue
            rates = self.fx[self.fx["currency_code"] == cur].sort_values("month")
            earlier = rates[rates["month"] <= m]
            out.append(float((earlier if len(earlier) else rates).iloc[-1 if len(earlier) else 0]
                             ["rate"]))
        return pd.Series(out, index=currency.index)

    def mql_sla(self) -> pd.DataFrame:
        """Every MQL (the current ones and the earlier cycles) with its own SLA verdict:
        lead_id, mql_at, sla."""
        events = pd.concat([self.leads.loc[self.leads["mql_at"].notna(), ["lead_id", "mql_at"]],
                            self.earlier_mqls], ignore_index=True)
        touches = events.merge(self.acts[["lead_id", "occurred_at"]], on="lead_id")
        touches = touches[touches["occurred_at"] >= touches["mql_at"]]
        first = touches.groupby(["lead_id", "mql_at"])["occurred_at"].min()
        events = events.set_index(["lead_id", "mql_at"])
        touch = first.reindex(events.index)
        deadline = events.index.get_level_values("mql_at") + pd.Timedelta(hours=SLA_HOURS)
        status = np.where(touch.notna() & (touch.to_numpy() <= deadline), "met",
                          np.where(touch.notna() | (self.as_of > deadline), "breached",
                                   "pending"))
        return events.assign(sla=status).reset_index()

    def sla(self) -> pd.Series:
        mqls = self.leads[self.leads["mql_at"].notna()][["lead_id", "mql_at"]]
        touches = mqls.merge(self.acts[["lead_id", "occurred_at"]], on="lead_id")
        touches = touches[touches["occurred_at"] >= touches["mql_at"]]
        first = touches.groupby("lead_id")["occurred_at"].min()
        mqls = mqls.set_index("lead_id")
        deadline = mqls["mql_at"] + pd.Timedelta(hours=SLA_HOURS)
        touch = first.reindex(mqls.index)
        status = np.where(touch.notna() & (touch <= deadline), "met",
                          np.where(touch.notna() | (self.as_of > deadline), "breached",
                                   "pending"))
        return pd.Series(status, index=mqls.index)

    def spend_by_month(self) -> pd.Series:
        rows = []
        for _, c in self.campaigns.iterrows():
            start, end = ts(pd.Series([c["start_date"]]))[0], ts(pd.Series([c["end_date"]]))[0]
            if pd.isna(c["actual"]) or pd.isna(start) or pd.isna(end) or end < start:
                continue
            days = pd.date_range(start, end, freq="D")
            per_day = c["actual"] / len(days)
            by_month = pd.Series(1, index=days).groupby(days.to_period("M")).sum()
            for period, n in by_month.items():
                m = period.to_timestamp()
                rate = self.rate(pd.Series([c["currency_code"]]), pd.Series([m]))[0]
                rows.append((m, per_day * n * rate))
        df = pd.DataFrame(rows, columns=["month", "usd"])
        return df.groupby("month")["usd"].sum()

    def target(self, metric: str, m, seg: str) -> float | None:
        """The month's target of a metric for a segment ('all': the sum of the segments)."""
        t = self.targets[(self.targets["metric"] == metric) & (self.targets["month"] == m)]
        if seg != "all":
            t = t[t["segment"] == seg]
        return float(t["value"].sum()) if len(t) else None

    def open_pipeline(self, period, seg: str = "all", reg: str = "all") -> float:
        """USD (created month's rate) of the deals open at the end of the month `period`:
        created before the next month, not closed before it; each at its latest
        stage-history amount by then (its amount at creation, else its current amount)."""
        end = (pd.Timestamp(period) + pd.offsets.MonthBegin(1))
        history = load(self.raw, "opportunity_stage_history")
        history["changed_at"] = ts(history["changed_at"])
        history["amount_num"] = num(history["amount"])
        history = history[history["amount_num"].notna()]
        opps = self.opps
        if seg != "all":
            opps = opps[opps["segment"] == seg]
        if reg != "all":
            opps = opps[opps["region"] == reg]
        closed_at = opps["close_date"].where(opps["close_date"] > opps["created_at"],
                                             opps["created_at"])
        is_open = (opps["created_at"] < end) & ~(opps["is_closed"] & (closed_at < end))
        total = 0.0
        for _, o in opps[is_open].iterrows():
            h = history[(history["opportunity_id"] == o["opportunity_id"])
                        & (history["changed_at"] < end)].sort_values(["changed_at", "stage_name"])
            changes = h[h["changed_at"] > o["created_at"]]
            at_creation = h[h["changed_at"] <= o["created_at"]]
            if len(changes):
                amount = changes["amount_num"].iloc[-1]
            elif len(at_creation):
                amount = at_creation["amount_num"].iloc[0]
            else:
                amount = 0.0 if pd.isna(o["amount_num"]) else o["amount_num"]
            total += amount * self.rate(pd.Series([o["currency_code"]]),
                                        pd.Series([o["created_month"]]))[0]
        return total

    def kpis(self) -> dict[tuple, float | None]:
        """(month, segment, region, metric) -> value, as the metric definitions defines them."""
        leads = self.leads.copy()
        for c in ["segment", "region"]:
            leads[c] = leads[c].str.upper().fillna("unknown")
        mql_sla = self.mql_sla()
        opps = self.opps
        # every month with an event: leads, opportunities, closes, campaign starts
        first_month = min(month(leads["created_at"]).min(), opps["created_month"].min(),
                          opps.loc[opps["is_closed"], "close_month"].min(),
                          month(ts(self.campaigns["start_date"])).min())
        months = pd.date_range(first_month, month(pd.Series([self.as_of]))[0], freq="MS")
        out: dict[tuple, float | None] = {}
        seg_values = sorted(set(leads["segment"]) | set(opps["segment"]))
        reg_values = sorted(set(leads["region"]) | set(opps["region"]))

        def ratio(a, b):
            return None if b == 0 else a / b

        spend = self.spend_by_month()
        for seg in [*seg_values, "all"]:
            for reg in [*reg_values, "all"]:
                ls = leads if seg == "all" else leads[leads["segment"] == seg]
                ls = ls if reg == "all" else ls[ls["region"] == reg]
                os_ = opps if seg == "all" else opps[opps["segment"] == seg]
                os_ = os_ if reg == "all" else os_[os_["region"] == reg]
                for m in months:
                    def in_m(col, frame, m=m):
                        return frame[month(frame[col]) == m]
                    mql = in_m("mql_at", ls)
                    # every MQL: the current ones and the earlier cycles of leads that came
                    # back, each with its own SLA verdict
                    every = mql_sla[mql_sla["lead_id"].isin(ls["lead_id"])]
                    every = every[month(every["mql_at"]) == m]
                    mql_count = len(every)
                    decided = every[every["sla"].isin(["met", "breached"])]
                    created = os_[os_["created_month"] == m]
                    closed = os_[os_["is_closed"] & (os_["close_month"] == m)]
                    won = closed[closed["is_won"]]
                    lost = closed[~closed["is_won"]]
                    won_rev = won["closed_usd"].sum()
                    cycle = (won["close_date"] - won["created_at"].dt.normalize()).dt.days
                    values = {
                        "leads_created": len(in_m("created_at", ls)),
                        "mqls": mql_count,
                        "sals": len(in_m("sal_at", ls)),
                        "sqls": len(in_m("sql_at", ls)),
                        "mqls_with_sql": mql["sql_at"].notna().sum(),
                        "mql_to_sql_rate": ratio(mql["sql_at"].notna().sum(), mql_count),
                        "sla_met": (decided["sla"] == "met").sum(),
                        "sla_decided": len(decided),
                        "sla_compliance": ratio((decided["sla"] == "met").sum(), len(decided)),
                        "opportunities_created": len(created),
                        "pipeline_created": created["pipeline_usd"].sum(),
                        "marketing_sourced_pipeline":
                            created.loc[created["is_marketing"], "pipeline_usd"].sum(),
                        "won_deals": len(won),
                        "won_revenue": won_rev,
                        "lost_deals": len(lost),
                        "closed_deals": len(won) + len(lost),
                        "win_rate": ratio(len(won), len(won) + len(lost)),
                        "avg_deal_size": ratio(won_rev, len(won)),
                        "sales_cycle_days": ratio(cycle.sum(), len(won)),
                    }
                    if reg == "all":
                        for metric, name, actual in (
                                ("won_revenue", "revenue", won_rev),
                                ("pipeline_created", "pipeline", values["pipeline_created"]),
                                ("mqls", "mql", mql_count)):
                            target = self.target(metric, m, seg)
                            values[f"{name}_target"] = target
                            values[f"{name}_attainment"] = (
                                None if not target else actual / target)
                    if seg == "all" and reg == "all":
                        s = float(spend.get(m, 0.0))
                        values["marketing_spend"] = s
                        values["cost_per_mql"] = ratio(s, mql_count)
                    for metric, v in values.items():
                        out[(m.date(), seg, reg, metric)] = None if v is None else float(v)
        return out


LOOKBACK_DAYS = 365
HALF_LIFE_DAYS = 7


def attribution(ref: Reference) -> tuple[dict, dict]:
    """the metric definitions attribution and influence, from the words of the definitions.

    Returns ({(opportunity_id, member_id, model): weight}, {opportunity_id: is_influenced}).
    """
    members = load(ref.raw, "campaign_members")
    members["created_at"] = ts(members["created_at"])
    members["responded_at"] = ts(members["responded_at"])
    members = members[members["member_id"].notna() & members["created_at"].notna()]
    members = latest(members, "member_id", "created_at")
    leads = ref.leads[["lead_id", "account_id", "created_at", "converted_opportunity_id"]]
    responses = members[members["responded_at"].notna()].merge(
        leads[["lead_id", "account_id", "created_at"]].rename(
            columns={"created_at": "lead_created_at"}), on="lead_id")
    weights: dict = {}
    influenced: dict = {}
    for _, opp in ref.opps.iterrows():
        converted = leads[leads["converted_opportunity_id"] == opp["opportunity_id"]]
        # a lead of the account counts once it exists when the opportunity is created
        mine = responses[((responses["account_id"] == opp["account_id"])
                          & (responses["lead_created_at"] <= opp["created_at"]))
                         | responses["lead_id"].isin(converted["lead_id"])]
        start = opp["created_at"] - pd.Timedelta(days=LOOKBACK_DAYS)
        end = (opp["close_date"] + pd.Timedelta(days=1) if opp["is_closed"] else ref.as_of)
        in_influence = mine[(mine["responded_at"] >= start) & (
            (mine["responded_at"] < end) if opp["is_closed"] else (mine["responded_at"] <= end))]
        influenced[opp["opportunity_id"]] = len(in_influence) > 0
        touches = mine[(mine["responded_at"] >= start)
                       & (mine["responded_at"] <= opp["created_at"])]
        touches = touches.sort_values(["responded_at", "member_id"])
        n = len(touches)
        if n == 0:
            continue
        ids = list(touches["member_id"])
        linear = [1 / n] * n
        if n == 1:
            u = [1.0]
        elif n == 2:
            u = [0.5, 0.5]
        else:
            u = [0.4] + [0.2 / (n - 2)] * (n - 2) + [0.4]
        if n <= 3:
            w = [1 / n] * n
        else:
            lead_id = min(converted["lead_id"]) if len(converted) else None
            key = None
            if lead_id is not None:
                created = converted.loc[converted["lead_id"] == lead_id, "created_at"].iloc[0]
                for pos, (_, t) in enumerate(touches.iterrows(), start=1):
                    if t["lead_id"] == lead_id and t["responded_at"] >= created:
                        key = pos
                        break
            if key in (None, 1, n):
                key = math.ceil(n / 2)
            w = [0.3 if pos in (1, key, n) else 0.1 / (n - 3) for pos in range(1, n + 1)]
        age = [(opp["created_at"] - r).total_seconds() / 86400 for r in touches["responded_at"]]
        decay = [0.5 ** (a / HALF_LIFE_DAYS) for a in age]
        models = {
            "first_touch": [1.0] + [0.0] * (n - 1),
            "last_touch": [0.0] * (n - 1) + [1.0],
            "linear": linear, "u_shaped": u, "w_shaped": w,
            "time_decay": [d / sum(decay) for d in decay],
        }
        for model, values in models.items():
            for member_id, value in zip(ids, values, strict=True):
                weights[(opp["opportunity_id"], member_id, model)] = value
    return weights, influenced
