"""Deterministic demo data: all thirteen raw tables of the contract.

    python -m shared_funnel.demo_data --out seeds --leads 10000 --seed 42

The same seed and scale always give byte-identical files. The data tells a story worth a
meeting: leads grow about 3% a month with a summer dip and a Q4 peak; channels differ in
lead quality (and sales feedback says so); the SDR teams miss the handoff SLA more often in
summer and breached leads convert worse; EMEA deals are in EUR and GBP; and a handful of
duplicates, deletions and unusable rows exercise the data-quality rules.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from shared_funnel.contract import CHANNELS, RAW_TABLES, REGIONS, SEGMENTS

START = datetime(2024, 11, 1)
# The last timestamp in the demo data: the default as_of, so 2026-10 is the latest
# complete month.
END = datetime(2026, 11, 15, 18, 0, 0)

# Channel: (share of leads, MQL rate, sales acceptance rate, SQL rate after acceptance)
CHANNEL_PROFILE = {
    "paid_search": (0.17, 0.55, 0.70, 0.55),
    "paid_social": (0.15, 0.50, 0.45, 0.35),
    "organic_search": (0.13, 0.45, 0.72, 0.55),
    "email": (0.09, 0.40, 0.60, 0.45),
    "webinar": (0.10, 0.62, 0.78, 0.60),
    "event": (0.07, 0.58, 0.68, 0.55),
    "content": (0.10, 0.38, 0.55, 0.40),
    "partner": (0.06, 0.60, 0.80, 0.65),
    "referral": (0.05, 0.70, 0.88, 0.72),
    "outbound": (0.08, 0.45, 0.75, 0.55),
}
CAMPAIGN_TYPE = {
    "paid_search": "ads", "paid_social": "ads", "organic_search": "seo", "email": "nurture",
    "webinar": "webinar", "event": "event", "content": "content", "partner": "partner",
    "referral": "referral_program", "outbound": "sequence",
}
# Monthly cost of a campaign of the channel, in its own currency.
CHANNEL_MONTHLY_COST = {
    "paid_search": 9000, "paid_social": 8000, "organic_search": 2500, "email": 1200,
    "webinar": 3500, "event": 15000, "content": 3000, "partner": 4000, "referral": 1500,
    "outbound": 1000,
}
SEASONALITY = {1: 0.95, 2: 1.0, 3: 1.08, 4: 1.02, 5: 1.0, 6: 0.9, 7: 0.78, 8: 0.8, 9: 1.05,
               10: 1.12, 11: 1.1, 12: 0.85}
SEGMENT_DEAL = {"SMB": (12000, 45), "MM": (42000, 75), "ENT": (140000, 130)}  # amount, days
SEGMENT_WIN = {"SMB": 0.34, "MM": 0.27, "ENT": 0.21}
REGION_WEIGHTS = {"NA": 0.45, "EMEA": 0.32, "APAC": 0.15, "LATAM": 0.08}
COUNTRIES = {
    "NA": ["US", "US", "US", "CA"], "EMEA": ["GB", "DE", "FR", "NL", "ES"],
    "APAC": ["AU", "JP", "SG", "IN"], "LATAM": ["BR", "MX", "AR"],
}
INDUSTRIES = ["software", "manufacturing", "financial_services", "healthcare", "retail",
              "education", "media", "logistics"]
OPEN_STAGES = ["Prospecting", "Discovery", "Proposal", "Negotiation"]
STAGE_PROBABILITY = {"Prospecting": 10, "Discovery": 25, "Proposal": 50, "Negotiation": 75,
                     "Closed Won": 100, "Closed Lost": 0}
FORECAST = {"Prospecting": "pipeline", "Discovery": "pipeline", "Proposal": "best_case",
            "Negotiation": "commit", "Closed Won": "closed", "Closed Lost": "omitted"}
DISQUALIFY_REASONS = ["no_budget", "not_icp", "student_or_job_seeker", "bad_contact_data",
                      "existing_customer", "no_response"]
REJECT_COMMENTS = {
    "no_budget": "Interested, but no budget until next fiscal year.",
    "not_icp": "Company far too small for us & not in a target industry.",
    "student_or_job_seeker": "Student downloading the e-book for a thesis.",
    "bad_contact_data": "Phone number invalid, email bounced.",
    "existing_customer": "Already a customer - routed to account management.",
    "no_response": "Five touches, no reply.",
}
ACCEPT_COMMENTS = ["Clear pain, booked a discovery call.", "Good fit <3 - strong intent.",
                   "Decision maker, evaluating vendors now.", "Warm: asked for pricing."]
LOSS_REASONS = ["price", "competitor", "no_decision", "timing", "missing_feature"]
COMPETITORS = ["Acme Analytics", "Funnelly", "PipeDream CRM", "Quotaboard"]
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jo", "Kofi",
         "Lena", "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma",
         "Vik", "Wen", "Yara", "Zoe"]
LAST = ["Adams", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito",
        "Jensen", "Kim", "Lopez", "Müller", "Novak", "Okafor", "Patel", "Rossi", "Silva"]
WORDS = ["Blue", "North", "Bright", "Summit", "Iron", "Cedar", "Nova", "Atlas", "Pioneer",
         "Vertex", "Harbor", "Quantum", "Orbit", "Maple", "Falcon", "Zenith"]
SUFFIX = ["Labs", "Systems", "Group", "Works", "Industries", "Health", "Logistics", "Retail",
          "Capital", "Media"]


def iso(ts: datetime | None) -> str:
    return "" if ts is None else ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def day(d: date | datetime | None) -> str:
    return "" if d is None else d.strftime("%Y-%m-%d")


def money(x: float) -> str:
    return f"{x:.2f}"


def month_start(ts: datetime) -> date:
    return date(ts.year, ts.month, 1)


def add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    return date(d.year + y, m + 1, 1)


def months_between(start: datetime, end: datetime) -> list[date]:
    months, m = [], month_start(start)
    while m <= end.date():
        months.append(m)
        m = add_months(m, 1)
    return months


@dataclass
class Tables:
    rows: dict[str, list[dict]] = field(default_factory=lambda: {t: [] for t in RAW_TABLES})

    def add(self, table: str, row: dict) -> None:
        self.rows[table].append(row)


class Generator:
    def __init__(self, leads: int, seed: int):
        self.n_leads = leads
        self.rng = random.Random(seed)
        # a stream of its own, so slipped close dates leave every other draw as it was
        self.seed = seed
        self.slip_rng = random.Random(seed + 1)
        # and one for the field history (close-date moves), for the same reason
        self.field_rng = random.Random(seed + 2)
        self.t = Tables()
        self.scale = leads / 10000

    # ---- helpers -------------------------------------------------------------------
    def pick(self, weights: dict):
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def rand_time(self, start: datetime, end: datetime) -> datetime:
        span = max(int((end - start).total_seconds()), 1)
        return start + timedelta(seconds=self.rng.randrange(span))

    def hours(self, h: float) -> timedelta:
        return timedelta(seconds=int(h * 3600))

    # ---- reference tables ----------------------------------------------------------
    def users(self) -> None:
        self.marketing, self.sdrs, self.sales = [], [], []
        uid = 0

        def add(dept, role, team, region, manager_id, active=True):
            nonlocal uid
            uid += 1
            user_id = f"U{uid:04d}"
            name = self.person()
            self.t.add("users", {
                "user_id": user_id, "full_name": name,
                "email": f"{name.lower().replace(' ', '.')}.{uid}@sharedfunnel.example",
                "department": dept, "role": role, "team": team, "region": region,
                "manager_id": manager_id or "", "is_active": "true" if active else "false",
            })
            return user_id

        cmo = add("marketing", "vp_marketing", "marketing", "NA", None)
        for _ in range(5):
            self.marketing.append(add("marketing", "marketing_manager", "marketing", "NA", cmo))
        cro = add("sales", "vp_sales", "leadership", "NA", None)
        # SDR teams: "SDR North" works NA/LATAM leads, "SDR Global" the rest.
        self.sdr_team_of = {}
        for team, regions in (("SDR North", ("NA", "LATAM")), ("SDR Global", ("EMEA", "APAC"))):
            lead_mgr = add("sdr", "sdr_manager", team, regions[0], cro)
            for _ in range(4):
                u = add("sdr", "sdr", team, regions[0], lead_mgr)
                self.sdrs.append((u, team, regions))
                self.sdr_team_of[u] = team
        self.ae_by_region = {r: [] for r in REGIONS}
        for team, regions in (("AE Americas", ("NA", "LATAM")), ("AE EMEA", ("EMEA",)),
                              ("AE APAC", ("APAC",))):
            mgr = add("sales", "sales_manager", team, regions[0], cro)
            for i in range(4 if team != "AE APAC" else 2):
                u = add("sales", "account_executive", team, regions[0], mgr,
                        active=not (team == "AE EMEA" and i == 3))
                self.sales.append(u)
                for r in regions:
                    self.ae_by_region[r].append(u)

    def accounts(self) -> None:
        n = max(int(2500 * self.scale), 60)
        self.accounts_by_key = {}
        self.account_list = []
        seg_w = {"SMB": 0.55, "MM": 0.32, "ENT": 0.13}
        for i in range(1, n + 1):
            seg = self.pick(seg_w)
            region = self.pick(REGION_WEIGHTS)
            emp = {"SMB": (10, 200), "MM": (200, 2000), "ENT": (2000, 50000)}[seg]
            acc = {
                "account_id": f"A{i:05d}",
                "account_name": f"{self.rng.choice(WORDS)} {self.rng.choice(SUFFIX)} {i}",
                "industry": self.rng.choice(INDUSTRIES), "segment": seg, "region": region,
                "country": self.rng.choice(COUNTRIES[region]),
                "employee_count": str(self.rng.randint(*emp)),
                "owner_id": self.rng.choice(self.ae_by_region[region]),
                "created_at": iso(self.rand_time(START - timedelta(days=900), START)),
            }
            self.t.add("accounts", acc)
            self.account_list.append(acc)
            self.accounts_by_key.setdefault((seg, region), []).append(acc)

    def fx_rates(self) -> None:
        self.fx = {}
        eur, gbp = 1.08, 1.27
        for m in months_between(START - timedelta(days=31), END):
            eur = round(eur + self.rng.uniform(-0.015, 0.016), 4)
            gbp = round(gbp + self.rng.uniform(-0.015, 0.016), 4)
            for cur, rate in (("EUR", eur), ("GBP", gbp), ("USD", 1.0)):
                self.fx[(m, cur)] = rate
                self.t.add("fx_rates", {"month": day(m), "currency_code": cur,
                                        "usd_per_unit": f"{rate:.4f}"})

    def currency_for(self, region: str, country: str) -> str:
        if region == "EMEA":
            return "GBP" if country == "GB" else "EUR"
        return "USD"

    def campaigns(self) -> None:
        self.campaigns_by_channel: dict[str, list[dict]] = {c: [] for c in CHANNELS}
        cid = 0
        quarter_parents = {}
        for m in months_between(START, END):
            q = (m.year, (m.month - 1) // 3 + 1)
            if q not in quarter_parents:
                cid += 1
                qs = date(m.year, 3 * (q[1] - 1) + 1, 1)
                parent = {
                    "campaign_id": f"C{cid:04d}",
                    "campaign_name": f"FY{q[0]} Q{q[1]} demand program",
                    "channel": "content", "campaign_type": "program", "start_date": day(qs),
                    "end_date": day(add_months(qs, 3) - timedelta(days=1)),
                    "budgeted_cost": "", "actual_cost": "", "currency_code": "USD",
                    "owner_id": self.marketing[0], "parent_campaign_id": "",
                }
                quarter_parents[q] = parent["campaign_id"]
                self.t.add("campaigns", parent)
            for ch in CHANNELS:
                # A new campaign per channel every month, running one to three months.
                cid += 1
                length = self.rng.choice([1, 1, 2, 3]) if ch not in ("event", "webinar") else 1
                start = m + timedelta(days=self.rng.randint(0, 5))
                end = add_months(m, length) - timedelta(days=self.rng.randint(1, 4))
                if ch in ("event", "webinar"):
                    end = start + timedelta(days=self.rng.randint(0, 2))
                cur = "USD"
                if ch in ("event", "partner") and self.rng.random() < 0.35:
                    cur = self.rng.choice(["EUR", "GBP"])
                cost = CHANNEL_MONTHLY_COST[ch] * length * self.rng.uniform(0.6, 1.4)
                # Summer events are cheaper, Q4 paid media dearer.
                if ch.startswith("paid") and m.month in (10, 11):
                    cost *= 1.3
                budget = cost * self.rng.uniform(0.9, 1.15)
                camp = {
                    "campaign_id": f"C{cid:04d}",
                    "campaign_name": f"{m.strftime('%Y-%m')} {ch.replace('_', ' ').title()} "
                                     f"{self.rng.choice(WORDS)}",
                    "channel": ch, "campaign_type": CAMPAIGN_TYPE[ch], "start_date": day(start),
                    "end_date": day(end), "budgeted_cost": money(budget),
                    "actual_cost": money(cost) if end <= END.date() else money(cost * 0.6),
                    "currency_code": cur, "owner_id": self.rng.choice(self.marketing),
                    "parent_campaign_id": quarter_parents[q],
                    "_start": datetime.combine(start, datetime.min.time()),
                    "_end": datetime.combine(end, datetime.max.time()),
                }
                self.campaigns_by_channel[ch].append(camp)
                self.t.add("campaigns", camp)

    def campaign_at(self, channel: str, ts: datetime) -> dict:
        options = [c for c in self.campaigns_by_channel[channel] if c["_start"] <= ts <= c["_end"]]
        if not options:
            options = [min(self.campaigns_by_channel[channel],
                           key=lambda c: abs((c["_start"] - ts).total_seconds()))]
        return self.rng.choice(options)

    # ---- leads and everything that hangs off them ----------------------------------
    def lead_times(self) -> list[datetime]:
        months = months_between(START, END)
        weights = []
        for i, m in enumerate(months):
            w = (1.03 ** i) * SEASONALITY[m.month]
            if m == months[-1]:
                w *= (END.day - 1 + END.hour / 24) / 30
            weights.append(w)
        total = sum(weights)
        times = []
        for m, w in zip(months, weights, strict=True):
            count = round(self.n_leads * w / total)
            m_end = min(datetime.combine(add_months(m, 1), datetime.min.time()), END)
            m_start = datetime.combine(m, datetime.min.time())
            times += [self.rand_time(m_start, m_end) for _ in range(count)]
        return sorted(times)[: self.n_leads]

    def sla_hours(self, team: str, mql_at: datetime) -> float | None:
        """Hours from MQL to first sales touch (None: never worked)."""
        summer = mql_at.month in (7, 8)
        slow = 0.25 + (0.15 if summer else 0) + (0.08 if team == "SDR Global" else 0)
        never = 0.07 + (0.06 if summer else 0)
        r = self.rng.random()
        if r < never:
            return None
        if r < never + slow:
            return self.rng.uniform(24.5, 120)
        return self.rng.uniform(0.1, 23.5)

    def leads(self) -> None:
        self.opp_seq = 0
        lid = 0
        activity_id = feedback_id = member_id = 0
        channel_w = {c: p[0] for c, p in CHANNEL_PROFILE.items()}
        self.lead_rows = []
        for created in self.lead_times():
            lid += 1
            lead_id = f"L{lid:06d}"
            channel = self.pick(channel_w)
            if channel == "paid_social" and created.year == 2026:
                channel = self.pick(channel_w)  # paid social share shifts over time
            _, mql_rate, accept_rate, sql_rate = CHANNEL_PROFILE[channel]
            has_account = self.rng.random() < 0.9
            if has_account:
                acc = self.rng.choice(self.account_list)
                seg, region, country = acc["segment"], acc["region"], acc["country"]
                company, account_id = acc["account_name"], acc["account_id"]
            else:
                seg = self.pick({"SMB": 0.7, "MM": 0.25, "ENT": 0.05})
                region = self.pick(REGION_WEIGHTS)
                country = self.rng.choice(COUNTRIES[region])
                company, account_id = f"{self.rng.choice(WORDS)} Startup {lid}", ""
            sdr = [s for s in self.sdrs if region in s[2]]
            owner, team, _ = self.rng.choice(sdr)
            score = self.rng.randint(5, 60)
            lead = {
                "lead_id": lead_id, "created_at": created, "updated_at": created,
                "email": f"contact{lid}@{company.split(' ')[0].lower()}.example",
                "company": company, "account_id": account_id, "segment": seg, "region": region,
                "country": country, "lead_source": channel, "status": "new", "score": score,
                "owner_id": owner, "mql_at": None, "sal_at": None, "sql_at": None,
                "disqualified_at": None, "disqualification_reason": "", "converted_at": None,
                "converted_opportunity_id": "", "is_deleted": "false",
            }
            # Campaign responses: the lead-creation response, earlier and later ones.
            touches = [(created, channel)]
            for _ in range(self.rng.choice([0, 1, 1, 2, 2, 3, 4])):
                offset = timedelta(days=self.rng.uniform(-120, 150))
                ts = created + offset
                if START <= ts <= END:
                    ch = self.pick({c: w for c, w in channel_w.items() if c != "outbound"})
                    touches.append((ts, ch))
            for ts, ch in sorted(touches):
                member_id += 1
                camp = self.campaign_at(ch, ts)
                responded = ts if self.rng.random() < 0.93 else None
                self.t.add("campaign_members", {
                    "member_id": f"M{member_id:07d}", "campaign_id": camp["campaign_id"],
                    "lead_id": lead_id,
                    "member_status": "responded" if responded else "sent",
                    "responded_at": iso(responded),
                    "created_at": iso(ts - self.hours(self.rng.uniform(0, 72))),
                })
                if ts == created:
                    lead["_primary_campaign"] = camp["campaign_id"]
                else:
                    lead["_last_campaign"] = camp["campaign_id"]
            last = created
            if self.rng.random() < mql_rate:
                mql_at = created + self.hours(self.rng.uniform(0.2, 24 * 14))
                if mql_at <= END:
                    lead.update(mql_at=mql_at, status="mql", score=self.rng.randint(60, 100))
                    last = mql_at
                    delay = self.sla_hours(team, mql_at)
                    first_touch = mql_at + self.hours(delay) if delay is not None else None
                    if first_touch and first_touch > END:
                        first_touch = None
                    # Noise the SLA must ignore: a marketing nurture email, and an SDR call
                    # before the lead was an MQL.
                    if self.rng.random() < 0.25:
                        activity_id += 1
                        self.t.add("lead_activities", {
                            "activity_id": f"T{activity_id:07d}", "lead_id": lead_id,
                            "user_id": self.rng.choice(self.marketing), "activity_type": "email",
                            "occurred_at": iso(mql_at + self.hours(self.rng.uniform(0.05, 6))),
                        })
                    if self.rng.random() < 0.1:
                        activity_id += 1
                        self.t.add("lead_activities", {
                            "activity_id": f"T{activity_id:07d}", "lead_id": lead_id,
                            "user_id": owner, "activity_type": "call",
                            "occurred_at": iso(mql_at - self.hours(self.rng.uniform(1, 48))),
                        })
                    if first_touch:
                        t = first_touch
                        for k in range(self.rng.randint(1, 4)):
                            if t > END:
                                break
                            activity_id += 1
                            self.t.add("lead_activities", {
                                "activity_id": f"T{activity_id:07d}", "lead_id": lead_id,
                                "user_id": owner,
                                "activity_type": self.rng.choice(["call", "email", "call",
                                                                  "meeting" if k else "call"]),
                                "occurred_at": iso(t),
                            })
                            t += self.hours(self.rng.uniform(4, 96))
                        met = delay <= 24
                        acc_p = accept_rate * (1.0 if met else 0.8)
                        decided_at = first_touch + self.hours(self.rng.uniform(1, 72))
                        if decided_at <= END:
                            accepted = self.rng.random() < acc_p
                            reason = "" if accepted else self.pick(
                                {"no_budget": 2, "not_icp": 3 if channel == "paid_social" else 1,
                                 "student_or_job_seeker": 3 if channel == "content" else 0.5,
                                 "bad_contact_data": 1, "existing_customer": 0.5,
                                 "no_response": 2 if not met else 1})
                            if self.rng.random() < 0.8:
                                feedback_id += 1
                                quality = {"referral": 4.4, "partner": 4.1, "webinar": 4.0,
                                           "paid_social": 2.4, "content": 2.6}.get(channel, 3.4)
                                rating = min(5, max(1, round(self.rng.gauss(
                                    quality + (0.6 if accepted else -1.0), 0.7))))
                                self.t.add("lead_feedback", {
                                    "feedback_id": f"F{feedback_id:06d}", "lead_id": lead_id,
                                    "submitted_by": owner, "submitted_at": iso(decided_at),
                                    "verdict": "accept" if accepted else "reject",
                                    "rating": str(rating), "reason": reason,
                                    "comment": self.rng.choice(ACCEPT_COMMENTS) if accepted
                                    else REJECT_COMMENTS[reason],
                                })
                            last = decided_at
                            if accepted:
                                lead.update(sal_at=decided_at, status="sal")
                                if self.rng.random() < sql_rate * (1.0 if met else 0.65):
                                    sql_at = decided_at + self.hours(self.rng.uniform(12, 24 * 20))
                                    if sql_at <= END:
                                        lead.update(sql_at=sql_at, status="sql")
                                        last = sql_at
                                        if account_id and self.rng.random() < 0.72:
                                            opp_at = sql_at + self.hours(
                                                self.rng.uniform(1, 24 * 7))
                                            if opp_at <= END:
                                                self.lead_opportunity(lead, acc, opp_at, met)
                                                last = opp_at
                            else:
                                lead.update(disqualified_at=decided_at, status="disqualified",
                                            disqualification_reason=reason)
                    elif self.rng.random() < 0.3:
                        dq = mql_at + timedelta(days=self.rng.uniform(20, 60))
                        if dq <= END:
                            lead.update(disqualified_at=dq, status="disqualified",
                                        disqualification_reason="no_response")
                            last = dq
            lead["updated_at"] = last + self.hours(self.rng.uniform(0, 48))
            if lead["updated_at"] > END:
                lead["updated_at"] = END
            self.lead_rows.append(lead)

    def lead_opportunity(self, lead: dict, acc: dict, opp_at: datetime, sla_met: bool) -> None:
        opp_id = self.opportunity(acc, opp_at, "new_business", lead["lead_source"],
                                  lead.get("_last_campaign") or lead.get("_primary_campaign", ""),
                                  quality=CHANNEL_PROFILE[lead["lead_source"]][3],
                                  sla_met=sla_met)
        lead.update(converted_at=opp_at, converted_opportunity_id=opp_id, status="converted")

    def opportunity(self, acc: dict, created: datetime, kind: str, source: str, campaign: str,
                    quality: float = 0.55, sla_met: bool = True) -> str:
        self.opp_seq += 1
        opp_id = f"O{self.opp_seq:06d}"
        seg = acc["segment"]
        base, cycle = SEGMENT_DEAL[seg]
        amount = base * math.exp(self.rng.gauss(0, 0.45)) * (0.6 if kind == "renewal" else 1)
        cur = self.currency_for(acc["region"], acc["country"])
        amount_local = amount / self.fx.get((month_start(created), cur), 1.0)
        days = max(3, int(cycle * math.exp(self.rng.gauss(0, 0.4))))
        close = (created + timedelta(days=days)).date()
        win_p = SEGMENT_WIN[seg] * (0.8 + quality) * (1.0 if sla_met else 0.7)
        if kind != "new_business":
            win_p = 0.6
        closed = close <= END.date()
        won = closed and self.rng.random() < win_p
        if closed:
            stage = "Closed Won" if won else "Closed Lost"
            reached = OPEN_STAGES[: self.rng.randint(1, 4)] if not won else OPEN_STAGES
        else:
            elapsed = (END - created).days / days
            reached = OPEN_STAGES[: min(4, 1 + int(elapsed * 4))]
            stage = reached[-1]
        # Stage history: amounts change now and then as the deal is scoped.
        points = [created + timedelta(days=days) * i / 4 for i in range(len(reached))]
        amt = amount_local * self.rng.uniform(0.85, 1.15)
        last_change = created
        for s, ts in zip(reached, points, strict=True):
            if self.rng.random() < 0.3:
                amt = amount_local * self.rng.uniform(0.8, 1.2)
            self.t.add("opportunity_stage_history", {
                "opportunity_id": opp_id, "stage_name": s, "amount": money(amt),
                "changed_at": iso(ts)})
            last_change = ts
        if closed:
            close_ts = datetime.combine(close, datetime.min.time()) + self.hours(
                self.rng.uniform(8, 18))
            if close_ts > END:
                close_ts = END
            self.t.add("opportunity_stage_history", {
                "opportunity_id": opp_id, "stage_name": stage, "amount": money(amount_local),
                "changed_at": iso(close_ts)})
            last_change = close_ts
        else:
            amount_local = amt
        close_date = close
        if not closed and self.slip_rng.random() < 0.25:
            # the rep never moved the close date: the deal is open past it (slipping)
            close_date = END.date() - timedelta(days=self.slip_rng.randint(3, 60))
            close_date = max(close_date, created.date())
        self.field_history(opp_id, created, reached + ([stage] if closed else []), points
                           + ([close_ts] if closed else []), close_date, closed)
        lost = closed and not won
        reason = self.pick({"price": 3, "competitor": 4, "no_decision": 3, "timing": 2,
                            "missing_feature": 1}) if lost else ""
        owner = acc["owner_id"]
        self.t.add("opportunities", {
            "opportunity_id": opp_id,
            "opportunity_name": f"{acc['account_name']} - {kind.replace('_', ' ')}",
            "account_id": acc["account_id"], "owner_id": owner, "created_at": iso(created),
            "updated_at": iso(min(max(last_change, created) + self.hours(1), END)) if not closed
            else iso(last_change),
            "close_date": day(close_date), "stage_name": stage, "amount": money(amount_local),
            "currency_code": cur, "probability": str(STAGE_PROBABILITY[stage]),
            "is_closed": str(closed).lower(), "is_won": str(won).lower(),
            "opportunity_type": kind, "lead_source": source, "primary_campaign_id": campaign,
            "loss_reason": reason,
            "competitor": self.rng.choice(COMPETITORS) if reason == "competitor" or (
                lost and self.rng.random() < 0.3) else "",
            "forecast_category": FORECAST[stage], "is_deleted": "false",
        })
        return opp_id

    def field_history(self, opp_id: str, created: datetime, stages: list, times: list,
                      close_date: date, closed: bool) -> None:
        """What a CRM's field-history tracking keeps: probability and forecast category move
        with the stage; now and then the rep moves the close date (mostly out)."""
        for prev, cur, ts in zip(stages, stages[1:], times[1:], strict=False):
            for field_name, values in (("probability", STAGE_PROBABILITY),
                                       ("forecast_category", FORECAST)):
                self.t.add("opportunity_field_history", {
                    "opportunity_id": opp_id, "field": field_name, "old_value": str(values[prev]),
                    "new_value": str(values[cur]), "changed_at": iso(ts)})
        if self.field_rng.random() < 0.35:
            last = times[-1] if closed else END
            if last <= created:
                return
            moved_at = created + (last - created) * self.field_rng.uniform(0.2, 0.9)
            shift = (-self.field_rng.randint(7, 45) if self.field_rng.random() < 0.7
                     else self.field_rng.randint(7, 30))
            old_close = max(close_date + timedelta(days=shift), created.date())
            if old_close != close_date:
                self.t.add("opportunity_field_history", {
                    "opportunity_id": opp_id, "field": "close_date", "old_value": day(old_close),
                    "new_value": day(close_date), "changed_at": iso(moved_at)})

    def sales_opportunities(self) -> None:
        """Opportunities sales found on its own: expansions, renewals, direct outbound."""
        n = int(900 * self.scale)
        for _ in range(n):
            created = self.rand_time(START, END - timedelta(days=1))
            acc = self.rng.choice(self.account_list)
            kind = self.pick({"new_business": 0.45, "expansion": 0.35, "renewal": 0.2})
            source = "outbound" if kind == "new_business" else "referral"
            self.opportunity(acc, created, kind, source, "", quality=0.5)

    def lead_rows_out(self) -> None:
        for lead in self.lead_rows:
            self.t.add("leads", {
                k: (iso(v) if isinstance(v, datetime) else "" if v is None else str(v))
                for k, v in lead.items() if not k.startswith("_")
            })

    # ---- plans and the market ------------------------------------------------------
    def targets_and_market(self) -> None:
        won = {}
        pipe = {}
        mqls = {}
        acc_seg = {a["account_id"]: a["segment"] for a in self.account_list}
        for o in self.t.rows["opportunities"]:
            seg = acc_seg[o["account_id"]]
            created = datetime.strptime(o["created_at"], "%Y-%m-%dT%H:%M:%SZ")
            rate = self.fx.get((month_start(created), o["currency_code"]), 1.0)
            pipe[(month_start(created), seg)] = pipe.get((month_start(created), seg), 0) + float(
                o["amount"]) * rate
            if o["is_won"] == "true":
                close = datetime.strptime(o["close_date"], "%Y-%m-%d")
                r = self.fx.get((month_start(close), o["currency_code"]), 1.0)
                key = (month_start(close), seg)
                won[key] = won.get(key, 0) + float(o["amount"]) * r
        for lead in self.lead_rows:
            if lead["mql_at"]:
                key = (month_start(lead["mql_at"]), lead["segment"])
                mqls[key] = mqls.get(key, 0) + 1
        months = months_between(START, END + timedelta(days=60))
        for metric, actual, step in (("won_revenue", won, 1000), ("mqls", mqls, 1),
                                     ("pipeline_created", pipe, 1000)):
            for seg in SEGMENTS:
                series = [actual.get((m, seg), 0) for m in months]
                for i, m in enumerate(months):
                    window = [v for v in series[max(0, i - 3): i] if v] or [
                        v for v in series if v] or [0]
                    plan = sum(window) / len(window) * (1.12 + 0.01 * (i // 3))
                    self.t.add("targets", {
                        "month": day(m), "segment": seg, "metric": metric,
                        "target_value": str(int(round(plan / step) * step)),
                    })
        # Quotas: each account executive's share of the month's revenue plan, and each
        # sales team's quota the sum of its members'.
        aes = [u for u in self.t.rows["users"] if u["role"] == "account_executive"]
        for m in months:
            plan = sum(float(r["target_value"]) for r in self.t.rows["targets"]
                       if r["month"] == day(m) and r["metric"] == "won_revenue"
                       and not r.get("owner_id") and not r.get("team"))
            teams: dict[str, int] = {}
            for u in aes:
                quota = int(round(plan / len(aes) / 1000) * 1000)
                teams[u["team"]] = teams.get(u["team"], 0) + quota
                self.t.add("targets", {"month": day(m), "segment": "", "metric": "won_revenue",
                                       "target_value": str(quota), "owner_id": u["user_id"],
                                       "team": ""})
            for team, quota in sorted(teams.items()):
                self.t.add("targets", {"month": day(m), "segment": "", "metric": "won_revenue",
                                       "target_value": str(quota), "owner_id": "", "team": team})
        # Market size per calendar quarter: our share drifts up in SMB, down in ENT.
        q_start = date(START.year, 3 * ((START.month - 1) // 3) + 1, 1)
        qi = 0
        while q_start <= END.date():
            q_end = add_months(q_start, 3) - timedelta(days=1)
            for seg in SEGMENTS:
                ours = sum(v for (m, s), v in won.items() if s == seg and q_start <= m <= q_end)
                share = {"SMB": 0.012 + 0.0008 * qi, "MM": 0.018, "ENT": 0.02 - 0.0007 * qi}[seg]
                share *= self.rng.uniform(0.9, 1.1)
                market = max(ours, 50000 * self.scale) / share
                self.t.add("market_size", {
                    "period_start": day(q_start), "period_end": day(q_end), "segment": seg,
                    "market_revenue": str(int(round(market / 10000) * 10000)),
                })
            q_start = add_months(q_start, 3)
            qi += 1

    # ---- the dirt every real CRM export has ----------------------------------------
    def dirty(self) -> None:
        leads, opps = self.t.rows["leads"], self.t.rows["opportunities"]
        members = self.t.rows["campaign_members"]
        rng = self.rng

        def at(rows: list, i: int) -> dict:
            return rows[i % len(rows)]

        # Older versions of a few leads and opportunities (the newest must win).
        for row in rng.sample(leads[: len(leads) // 2], 6):
            leads.append(dict(row, status="new", mql_at="", sal_at="", sql_at="",
                              updated_at=row["created_at"], score="12"))
        for row in rng.sample(opps[: len(opps) // 2], 4):
            opps.append(dict(row, stage_name="Prospecting", is_closed="false", is_won="false",
                             amount=money(float(row["amount"]) * 0.7),
                             updated_at=row["created_at"]))
        # A newer version of an opportunity that is unusable must not replace the old one.
        opps.append(dict(at(opps, 10), amount="TBD", updated_at=iso(END)))
        # Soft deletions.
        for row in rng.sample(leads[: len(leads) // 2], 3):
            row["is_deleted"] = "true"
        for row in rng.sample(opps[: len(opps) // 2], 2):
            row["is_deleted"] = "true"
        # Unusable rows.
        sample = dict(at(leads, 100))
        leads.append(dict(sample, lead_id=""))
        leads.append(dict(sample, lead_id="L900001", created_at="not a date"))
        leads.append(dict(sample, lead_id="L900002", created_at=""))
        opp = dict(at(opps, 200))
        opps.append(dict(opp, opportunity_id="O900001", amount="abc"))
        opps.append(dict(opp, opportunity_id="O900002", amount="-5000.00"))
        opps.append(dict(opp, opportunity_id="O900003", currency_code="JPY"))
        opps.append(dict(opp, opportunity_id="O900004", is_closed="true", is_won="false",
                         stage_name="Closed Lost", close_date=""))
        members.append(dict(at(members, 300), member_id="M9000001", created_at=""))
        members.append(dict(at(members, 301)))  # an exact duplicate export row
        camp = dict(self.t.rows["campaigns"][5])
        self.t.rows["campaigns"].append(dict(camp, campaign_id="C9001", actual_cost="-100.00",
                                             campaign_name="Refund mistake"))
        # Suspicious but usable rows.
        first = at(leads, 150)
        first["lead_id"] = f"  {first['lead_id']} "
        second = at(leads, 151)
        second["created_at"] = second["created_at"].replace("Z", "+02:00")
        mq = next(r for r in leads[len(leads) // 3:] if r["mql_at"] and r["is_deleted"] == "false")
        mq["mql_at"] = iso(datetime.strptime(mq["created_at"], "%Y-%m-%dT%H:%M:%SZ")
                           - timedelta(days=2))
        at(leads, 160)["score"] = "hot"
        at(leads, 161)["account_id"] = "A99999"
        closed = next(r for r in opps[len(opps) // 3:] if r["is_closed"] == "true")
        closed["close_date"] = day(datetime.strptime(closed["created_at"],
                                                     "%Y-%m-%dT%H:%M:%SZ") - timedelta(days=3))
        at(members, 400)["campaign_id"] = "C9999"

    def run(self) -> dict[str, list[dict]]:
        self.users()
        self.accounts()
        self.fx_rates()
        self.campaigns()
        self.leads()
        self.sales_opportunities()
        self.lead_rows_out()
        self.targets_and_market()
        self.dirty()
        self.returning_mqls()
        return self.t.rows

    def returning_mqls(self) -> None:
        """Some leads disqualified for not responding come back later and become MQLs again:
        the export holds the old record and a newer version with the new mql_at (the CRM
        keeps the old disqualified_at). A stream of its own, after the dirt, so every other
        row stays as it was."""
        rng = random.Random(self.seed + 3)
        for lead in self.lead_rows:
            dq = lead.get("disqualified_at")
            if (lead.get("disqualification_reason") != "no_response" or not dq
                    or rng.random() >= 0.15):
                continue
            back = dq + timedelta(days=rng.uniform(10, 120))
            if back > END - timedelta(days=1):
                continue
            self.t.add("leads", {
                **{k: (iso(v) if isinstance(v, datetime) else "" if v is None else str(v))
                   for k, v in lead.items() if not k.startswith("_")},
                "mql_at": iso(back), "status": "mql", "disqualification_reason": "",
                "updated_at": iso(min(back + self.hours(rng.uniform(1, 48)), END)),
            })


def generate(leads: int = 10000, seed: int = 42) -> dict[str, list[dict]]:
    """All thirteen raw tables as lists of dicts of strings, in contract column order."""
    rows = Generator(leads, seed).run()
    return {t: [{c: r.get(c, "") for c in cols} for r in rows[t]] for t, cols in
            RAW_TABLES.items()}


def write_csv(path: Path, columns: Iterable[str], rows: Iterable[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


TEXT_TYPE = "\"{{ 'string' if target.type == 'spark' else 'varchar' }}\""


def write_seeds_yml(path: Path) -> None:
    """Seeds load every column as text: staging parses and rejects, not the loader. (A yml
    config cannot call dbt.type_string(); Spark alone has no unsized varchar.)"""
    lines = ["# Written by shared_funnel.demo_data; do not edit by hand.", "version: 2", "",
             "seeds:"]
    for table, cols in RAW_TABLES.items():
        lines += [f"  - name: {table}",
                  f"    description: Demo raw `{table}` (the raw contract), from the generator.",
                  "    config:", "      column_types:"]
        lines += [f"        {c}: {TEXT_TYPE}" for c in cols]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write(out: Path, leads: int = 10000, seed: int = 42, fmt: str = "csv") -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    tables = generate(leads, seed)
    for table, rows in tables.items():
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            cols = RAW_TABLES[table]
            pq.write_table(pa.table({c: [r[c] or None for r in rows] for c in cols},
                                    schema=pa.schema([(c, pa.string()) for c in cols])),
                           out / f"{table}.parquet")
        else:
            write_csv(out / f"{table}.csv", RAW_TABLES[table], rows)
    return {t: len(r) for t, r in tables.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("seeds"))
    parser.add_argument("--leads", type=int, default=10000, help="scale knob (default 10000)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv")
    parser.add_argument("--seeds-yml", action="store_true",
                        help="also write the seeds' _seeds.yml (text column types)")
    args = parser.parse_args(argv)
    counts = write(args.out, args.leads, args.seed, args.format)
    if args.seeds_yml:
        write_seeds_yml(args.out / "_seeds.yml")
    for table, n in counts.items():
        print(f"{table:28s} {n:>8,d} rows -> {args.out}/{table}.{args.format}")


if __name__ == "__main__":
    main()
