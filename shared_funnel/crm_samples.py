"""One business story, written both as the raw contract and as a CRM's own schema.

    python -m shared_funnel.crm_samples --source salesforce --out samples/salesforce
    python -m shared_funnel.crm_samples --source salesforce --out DIR --api-names  # Data Loader
    python -m shared_funnel.crm_samples --source contract --out DIR                 # the same story

The story is the demo generator's (without its deliberately dirty rows), with what
Salesforce can only tell at its own precision applied to both versions: conversion and
first-response are dates (midnight UTC), campaign types are Salesforce picklist values.
The Salesforce version then has Salesforce's quirks: status picklists and lead_history
for the stage timestamps, leads merged into a master (deleted, master_record_id), campaign
responses and activities on the contact a lead was converted into, leads owned by a queue,
a contact that never was a lead, a merged account, custom fields (`__c`), multi-currency
amounts and dated exchange rates. Building either gives the same funnel numbers.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from shared_funnel import demo_data
from shared_funnel.contract import RAW_TABLES
from shared_funnel.preflight import normalise_source_name

QUEUE_ID = "00G000000000001AAA"  # a lead queue: Salesforce ids of groups start with 00G
STATUS = {"new": "Open - Not Contacted", "mql": "Marketing Qualified",
          "sal": "Working - Contacted", "sql": "Sales Qualified",
          "disqualified": "Closed - Not Converted", "converted": "Closed - Converted"}
LEAD_SOURCE = {"paid_search": "Google AdWords", "paid_social": "Social Media",
               "organic_search": "Web", "email": "Email", "webinar": "Webinar",
               "event": "Trade Show", "content": "Content Syndication",
               "partner": "Partner Referral", "referral": "Employee Referral",
               "outbound": "Purchased List"}
CAMPAIGN_TYPE = {"paid_search": "Paid Search", "paid_social": "Social Media",
                 "organic_search": "SEO", "email": "Email", "webinar": "Webinar",
                 "event": "Trade Show", "content": "Content Syndication",
                 "partner": "Partners", "referral": "Referral Program",
                 "outbound": "Telemarketing"}
OPPORTUNITY_TYPE = {"new_business": "New Business", "expansion": "Existing Customer - Upgrade",
                    "renewal": "Renewal"}
FORECAST = {"pipeline": "Pipeline", "best_case": "BestCase", "commit": "Commit",
            "closed": "Closed", "omitted": "Omitted"}
DEPARTMENT = {"marketing": "Marketing", "sdr": "Sales Development", "sales": "Sales"}
USER_COUNTRY = {"NA": "US", "EMEA": "GB", "APAC": "SG", "LATAM": "BR"}
COUNTRY_NAME = {"US": "United States", "CA": "Canada", "FR": "France", "DE": "Germany",
                "GB": "United Kingdom", "ES": "Spain", "NL": "Netherlands"}
BANDS = {"SMB": (1, 199), "MM": (200, 1999), "ENT": (2000, 100000)}
MIDPOINT = {"SMB": "50", "MM": "500", "ENT": "5000"}


def label(code: str) -> str:
    return code.replace("_", " ").title() if code else ""


def day_of(ts: str) -> str:
    """A timestamp's UTC day at midnight, as the contract writes timestamps."""
    return f"{ts[:10]}T00:00:00Z" if ts else ""


def story(leads: int = 1500, seed: int = 7) -> dict[str, list[dict]]:
    """The contract tables of one clean story (strings, contract columns)."""
    gen = demo_data.Generator(leads, seed)
    gen.dirty = lambda: None  # the deliberately broken rows test the triage, not the adapters
    rows = gen.run()
    tables = {t: [{c: r.get(c, "") for c in cols} for r in rows[t]] for t, cols in
              RAW_TABLES.items()}
    rng = random.Random(seed)
    for lead in tables["leads"]:
        lead["converted_at"] = day_of(lead["converted_at"])
        if lead["converted_at"] and not lead["sql_at"]:
            lead["sql_at"] = lead["converted_at"]  # Salesforce: conversion is the SQL moment
    touched = {a["lead_id"] for a in tables["lead_activities"]}
    for lead in tables["leads"]:
        if lead["status"] == "new" and lead["lead_id"] not in touched and rng.random() < 0.05:
            lead["owner_id"] = ""  # unassigned: owned by a queue in Salesforce
    for member in tables["campaign_members"]:
        member["responded_at"] = day_of(member["responded_at"])
    for campaign in tables["campaigns"]:
        campaign["campaign_type"] = normalise_source_name(CAMPAIGN_TYPE[campaign["channel"]])
    for account in tables["accounts"]:
        low, high = BANDS[account["segment"]]
        count = int(account["employee_count"] or MIDPOINT[account["segment"]])
        account["employee_count"] = str(min(max(count, low), high))
    return tables


def salesforce(tables: dict[str, list[dict]], seed: int = 7) -> dict[str, list[dict]]:
    """The story as Salesforce objects, with API field names (CreatedDate, MQL_Date__c)."""
    rng = random.Random(seed + 1)
    out: dict[str, list[dict]] = {}
    accounts = {a["account_id"]: a for a in tables["accounts"]}
    out["Account"] = [{
        "Id": a["account_id"], "Name": a["account_name"], "Industry": a["industry"],
        "NumberOfEmployees": a["employee_count"], "OwnerId": a["owner_id"],
        "CreatedDate": a["created_at"], "IsDeleted": "false", "MasterRecordId": "",
        # some orgs fill the country picklist code, others only the name
        "BillingCountryCode": "" if i % 5 == 0 and a["country"] in COUNTRY_NAME else a["country"],
        "BillingCountry": COUNTRY_NAME.get(a["country"], ""),
        "Account_Tier__c": "Tier " + str(1 + i % 3),
    } for i, a in enumerate(tables["accounts"])]
    merged_account = dict(out["Account"][0], Id="001MERGED000001AAA", IsDeleted="true",
                          MasterRecordId=out["Account"][0]["Id"])
    out["Account"].append(merged_account)

    roles = sorted({u["team"] for u in tables["users"]})
    role_ids = {team: f"00E{i:015d}" for i, team in enumerate(roles, 1)}
    out["UserRole"] = [{"Id": role_ids[t], "Name": t} for t in roles]
    out["User"] = [{
        "Id": u["user_id"], "Name": u["full_name"], "Email": u["email"],
        "Department": DEPARTMENT.get(u["department"], u["department"]),
        "Title": label(u["role"]), "UserRoleId": role_ids[u["team"]],
        "Country": USER_COUNTRY.get(u["region"], ""), "ManagerId": u["manager_id"],
        "IsActive": u["is_active"],
    } for u in tables["users"]]

    out["Campaign"] = [{
        "Id": c["campaign_id"], "Name": c["campaign_name"], "Type": CAMPAIGN_TYPE[c["channel"]],
        "StartDate": c["start_date"], "EndDate": c["end_date"],
        "BudgetedCost": c["budgeted_cost"], "ActualCost": c["actual_cost"],
        "CurrencyIsoCode": c["currency_code"], "OwnerId": c["owner_id"],
        "ParentId": c["parent_campaign_id"], "IsDeleted": "false",
    } for c in tables["campaigns"]]

    leads, contacts, history, merged = [], [], [], {}
    converted: dict[str, tuple[str, str]] = {}  # lead -> (contact id, conversion day)
    for n, lead in enumerate(tables["leads"], 1):
        account = accounts.get(lead["account_id"])
        employees = account["employee_count"] if account else MIDPOINT[lead["segment"]]
        contact_id = ""
        if lead["converted_at"]:
            contact_id = f"003{n:015d}"
            converted[lead["lead_id"]] = (contact_id, lead["converted_at"])
            contacts.append({"Id": contact_id, "AccountId": lead["account_id"],
                             "Email": lead["email"], "CreatedDate": lead["converted_at"],
                             "MasterRecordId": "", "IsDeleted": "false"})
        row = {
            "Id": lead["lead_id"], "CreatedDate": lead["created_at"],
            "LastModifiedDate": lead["updated_at"], "Email": lead["email"],
            "Company": lead["company"], "Status": STATUS[lead["status"]],
            "LeadSource": LEAD_SOURCE[lead["lead_source"]],
            "OwnerId": lead["owner_id"] or QUEUE_ID, "NumberOfEmployees": employees,
            "Country": COUNTRY_NAME.get(lead["country"], lead["country"]),
            "CountryCode": lead["country"],
            "IsConverted": "true" if lead["converted_at"] else "false",
            "ConvertedDate": lead["converted_at"][:10],
            "ConvertedOpportunityId": lead["converted_opportunity_id"],
            "ConvertedAccountId": lead["account_id"] if lead["converted_at"] else "",
            "ConvertedContactId": contact_id, "MasterRecordId": "", "IsDeleted": lead["is_deleted"],
            "Account__c": lead["account_id"], "Lead_Score__c": lead["score"],
            "Disqualification_Reason__c": label(lead["disqualification_reason"]),
            "MQL_Date__c": lead["mql_at"],
            "Industry_Vertical__c": (account or {}).get("industry", ""),
        }
        leads.append(row)
        history.append({"Id": f"017{len(history):015d}", "LeadId": lead["lead_id"],
                        "Field": "created", "OldValue": "", "NewValue": "",
                        "CreatedDate": lead["created_at"], "IsDeleted": "false"})
        previous = STATUS["new"]
        for stage in ("mql", "sal", "sql", "disqualified"):
            if lead[f"{stage}_at"]:
                history.append({"Id": f"017{len(history):015d}", "LeadId": lead["lead_id"],
                                "Field": "Status", "OldValue": previous,
                                "NewValue": STATUS[stage], "CreatedDate": lead[f"{stage}_at"],
                                "IsDeleted": "false"})
                previous = STATUS[stage]
        if rng.random() < 0.02:  # a duplicate merged into this lead: deleted, pointing here
            loser = dict(row, Id=f"{lead['lead_id']}X", IsDeleted="true",
                         MasterRecordId=lead["lead_id"], ConvertedContactId="",
                         ConvertedOpportunityId="", IsConverted="false", ConvertedDate="")
            leads.append(loser)
            merged[lead["lead_id"]] = loser["Id"]
    first_day = tables["leads"][0]["created_at"]
    contacts.append({"Id": "003NOTALEAD00001AAA", "AccountId": tables["accounts"][0]["account_id"],
                     "Email": "buyer@direct.example", "CreatedDate": first_day,
                     "MasterRecordId": "", "IsDeleted": "false"})
    out["Lead"], out["Contact"], out["LeadHistory"] = leads, contacts, history

    def who(lead_id: str, at: str) -> tuple[str, str]:
        """(LeadId, ContactId) of a response or activity at `at`: after the conversion it is
        the contact's; a lead merged away keeps some of its own (old) rows."""
        if lead_id in converted and at and at[:10] >= converted[lead_id][1][:10]:
            return "", converted[lead_id][0]
        if lead_id in merged and rng.random() < 0.5:
            return merged[lead_id], ""
        return lead_id, ""

    members = []
    for m in tables["campaign_members"]:
        lead_id, contact_id = who(m["lead_id"], m["created_at"])
        members.append({"Id": m["member_id"], "CampaignId": m["campaign_id"], "LeadId": lead_id,
                        "ContactId": contact_id, "Status": label(m["member_status"]),
                        "HasResponded": "true" if m["responded_at"] else "false",
                        "FirstRespondedDate": m["responded_at"][:10],
                        "CreatedDate": m["created_at"], "IsDeleted": "false"})
    members.append({"Id": "00vNOTALEAD00001AAA",
                    "CampaignId": tables["campaigns"][0]["campaign_id"],
                    "LeadId": "", "ContactId": "003NOTALEAD00001AAA", "Status": "Responded",
                    "HasResponded": "true", "FirstRespondedDate": "", "CreatedDate": first_day,
                    "IsDeleted": "false"})
    out["CampaignMember"] = members

    tasks, events = [], []
    for a in tables["lead_activities"]:
        lead_id, contact_id = who(a["lead_id"], a["occurred_at"])
        if a["activity_type"] == "meeting":
            events.append({"Id": a["activity_id"], "WhoId": lead_id or contact_id,
                           "OwnerId": a["user_id"], "Type": "Meeting",
                           "StartDateTime": a["occurred_at"], "ActivityDateTime": a["occurred_at"],
                           "CreatedDate": a["occurred_at"], "IsDeleted": "false"})
        else:
            tasks.append({"Id": a["activity_id"], "WhoId": lead_id or contact_id,
                          "OwnerId": a["user_id"], "TaskSubtype": label(a["activity_type"]),
                          "Type": label(a["activity_type"]), "Status": "Completed",
                          "CompletedDateTime": a["occurred_at"], "CreatedDate": a["occurred_at"],
                          "ActivityDate": a["occurred_at"][:10], "IsDeleted": "false"})
    tasks.append({"Id": "00TACCOUNTONLY001AAA", "WhoId": "",
                  "OwnerId": tables["users"][0]["user_id"],
                  "TaskSubtype": "Task", "Type": "Other", "Status": "Completed",
                  "CompletedDateTime": "", "CreatedDate": first_day,
                  "ActivityDate": "", "IsDeleted": "false"})
    out["Task"], out["Event"] = tasks, events

    opportunities, competitors = [], []
    for i, o in enumerate(tables["opportunities"]):
        account_id = o["account_id"]
        if account_id == merged_account["MasterRecordId"] and i % 2 == 0:
            account_id = merged_account["Id"]  # synced before the merge re-parented it
        opportunities.append({
            "Id": o["opportunity_id"], "Name": o["opportunity_name"], "AccountId": account_id,
            "OwnerId": o["owner_id"], "CreatedDate": o["created_at"],
            "LastModifiedDate": o["updated_at"], "CloseDate": o["close_date"],
            "StageName": o["stage_name"], "Amount": o["amount"],
            "CurrencyIsoCode": o["currency_code"], "Probability": o["probability"],
            "IsClosed": o["is_closed"], "IsWon": o["is_won"],
            "Type": OPPORTUNITY_TYPE[o["opportunity_type"]],
            "LeadSource": label(o["lead_source"]), "CampaignId": o["primary_campaign_id"],
            "ForecastCategory": FORECAST[o["forecast_category"]], "IsDeleted": o["is_deleted"],
            "Loss_Reason__c": label(o["loss_reason"]),
            "Deal_Notes__c": f"note {i}",
        })
        if o["competitor"]:
            competitors.append({"Id": f"00J{i:015d}", "OpportunityId": o["opportunity_id"],
                                "CompetitorName": o["competitor"], "CreatedDate": o["created_at"],
                                "IsDeleted": "false"})
    out["Opportunity"], out["OpportunityCompetitor"] = opportunities, competitors
    out["OpportunityHistory"] = [{
        "Id": f"008{i:015d}", "OpportunityId": h["opportunity_id"], "StageName": h["stage_name"],
        "Amount": h["amount"], "CreatedDate": h["changed_at"],
    } for i, h in enumerate(tables["opportunity_stage_history"])]
    months = sorted({r["month"] for r in tables["fx_rates"]})
    following = dict(zip(months, months[1:] + [""], strict=True))
    out["DatedConversionRate"] = [{
        "Id": f"04w{i:015d}", "IsoCode": r["currency_code"], "StartDate": r["month"],
        "NextStartDate": following[r["month"]],
        "ConversionRate": repr(1 / float(r["usd_per_unit"])),
    } for i, r in enumerate(tables["fx_rates"])]
    return out


SALESFORCE_FILES = {"Account": "account", "User": "user", "UserRole": "user_role",
                    "Campaign": "campaign", "Lead": "lead", "Contact": "contact",
                    "LeadHistory": "lead_history", "CampaignMember": "campaign_member",
                    "Task": "task", "Event": "event", "Opportunity": "opportunity",
                    "OpportunityCompetitor": "opportunity_competitor",
                    "OpportunityHistory": "opportunity_history",
                    "DatedConversionRate": "dated_conversion_rate"}
BESIDE = ("targets", "market_size", "lead_feedback")  # what Salesforce does not hold


def write(source: str, out: Path, leads: int = 1500, seed: int = 7,
          api_names: bool = False) -> dict[str, int]:
    """Write the story as `source` into out; return rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    tables = story(leads, seed)
    written: dict[str, int] = {}
    if source == "contract":
        for table, rows in tables.items():
            demo_data.write_csv(out / f"{table}.csv", RAW_TABLES[table], rows)
            written[table] = len(rows)
        return written
    if source != "salesforce":
        raise ValueError(f"unknown source {source!r}")
    for api_object, rows in salesforce(tables, seed).items():
        columns = list(rows[0]) if rows else []
        if api_names:  # a Data Loader export: Lead.csv with CreatedDate, MQL_Date__c
            name, header = api_object, columns
        else:          # a Fivetran sync: lead with created_date, mql_date_c
            name = SALESFORCE_FILES[api_object]
            header = [normalise_source_name(c) for c in columns]
        path = out / f"{name}.csv"
        demo_data.write_csv(path, header, ({h: r[c] for h, c in zip(header, columns,
                                                                      strict=True)}
                                           for r in rows))
        written[name] = len(rows)
    for table in BESIDE:
        demo_data.write_csv(out / f"{table}.csv", RAW_TABLES[table], tables[table])
        written[table] = len(tables[table])
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", choices=("salesforce", "contract"), default="salesforce")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--leads", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--api-names", action="store_true",
                        help="Data Loader names (Lead.csv, CreatedDate), not Fivetran's")
    args = parser.parse_args(argv)
    written = write(args.source, args.out, args.leads, args.seed, args.api_names)
    print(f"{args.source} story written to {args.out}: "
          + ", ".join(f"{t} {n}" for t, n in written.items()))


if __name__ == "__main__":
    main()

