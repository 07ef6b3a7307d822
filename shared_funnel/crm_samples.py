"""One business story, written both as the raw contract and as a CRM's own schema.

    python -m shared_funnel.crm_samples --source salesforce --out samples/salesforce
    python -m shared_funnel.crm_samples --source salesforce --out DIR --api-names  # Data Loader
    python -m shared_funnel.crm_samples --source hubspot --out samples/hubspot
    python -m shared_funnel.crm_samples --source contract --out DIR                 # the same story

The story is the demo generator's (without its deliberately dirty rows), told at the
precision every CRM here can tell it, in both versions: conversion and first response
are dates (midnight UTC, Salesforce), a form response is made when it is submitted and
owners have no region or manager (HubSpot), campaign types are picklist values.

The Salesforce version has Salesforce's quirks: status picklists and lead_history for the
stage timestamps, leads merged into a master (deleted, master_record_id), campaign
responses and activities on the contact a lead was converted into, leads owned by a queue,
a contact that never was a lead, a merged account, custom fields (`__c`), multi-currency
amounts and dated exchange rates. The HubSpot version has HubSpot's: lifecycle stages and
hs_lead_status history, merged contacts (contact_merge_audit), forms and marketing events
as campaign responses, deal stages by id with their history in deal_property_history,
owners with teams and roles, engagements in typed tables, custom properties, and an
engagement on no contact. Building any of them gives the same funnel numbers.
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
    """The contract tables of one clean story (strings, contract columns), told at the
    precision every CRM here can tell it."""
    gen = demo_data.Generator(leads, seed)
    gen.dirty = lambda: None  # the deliberately broken rows test the triage, not the adapters
    gen.returning_mqls = lambda: None  # a CRM holds one record per lead: no older versions
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
    clamp_employees(tables)
    return hubspot_story(tables)


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


EVENT_CHANNELS = ("webinar", "event")
HS_FORECAST = {"pipeline": "PIPELINE", "best_case": "BEST_CASE", "commit": "COMMIT",
               "closed": "CLOSED", "omitted": "OMIT"}
HS_DEALTYPE = {"new_business": "newbusiness", "expansion": "existingbusiness",
               "renewal": "renewal"}
HS_ANALYTICS = {"paid_search": "PAID_SEARCH", "paid_social": "PAID_SOCIAL",
                "organic_search": "ORGANIC_SEARCH", "email": "EMAIL_MARKETING",
                "referral": "REFERRALS"}


def clamp_employees(tables: dict[str, list[dict]]) -> None:
    for account in tables["accounts"]:
        low, high = BANDS[account["segment"]]
        count = int(account["employee_count"] or MIDPOINT[account["segment"]])
        account["employee_count"] = str(min(max(count, low), high))


def hubspot_story(tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """What HubSpot can tell of the story: a form submission is a response when it is made
    (forms have no 'sent'), owners have no region or manager (Salesforce then has none
    either: one story for every CRM)."""
    channel = {c["campaign_id"]: c["channel"] for c in tables["campaigns"]}
    members = []
    for m in tables["campaign_members"]:
        if channel.get(m["campaign_id"]) in EVENT_CHANNELS:
            members.append(m)
        elif m["responded_at"]:
            members.append(dict(m, created_at=m["responded_at"]))
    tables["campaign_members"] = members
    for user in tables["users"]:
        user["region"], user["manager_id"] = "", ""
    return tables


def hubspot(tables: dict[str, list[dict]], seed: int = 7) -> dict[str, list[dict]]:
    """The story as HubSpot tables, as Fivetran names them (property_<name>)."""
    rng = random.Random(seed + 2)
    out: dict[str, list[dict]] = {}
    accounts = {a["account_id"]: a for a in tables["accounts"]}
    out["company"] = [{
        "id": a["account_id"], "property_name": a["account_name"],
        "property_industry": a["industry"], "property_numberofemployees": a["employee_count"],
        "property_country": COUNTRY_NAME.get(a["country"], a["country"]),
        "property_hubspot_owner_id": a["owner_id"], "property_createdate": a["created_at"],
        "is_deleted": "false", "property_account_tier": "Tier " + str(1 + i % 3),
    } for i, a in enumerate(tables["accounts"])]
    roles = sorted({label(u["role"]) for u in tables["users"]})
    teams = sorted({u["team"] for u in tables["users"]})
    out["role"] = [{"id": f"R{i}", "name": r} for i, r in enumerate(roles, 1)]
    out["team"] = [{"id": f"T{i}", "name": t} for i, t in enumerate(teams, 1)]
    role_id = {r["name"]: r["id"] for r in out["role"]}
    team_id = {t["name"]: t["id"] for t in out["team"]}
    out["owner"], out["users"], out["owner_team"] = [], [], []
    for u in tables["users"]:
        first, _, last = u["full_name"].partition(" ")
        out["owner"].append({"owner_id": u["user_id"], "email": u["email"], "first_name": first,
                             "last_name": last, "active_user_id": "u" + u["user_id"],
                             "type": "PERSON", "is_active": u["is_active"]})
        out["users"].append({"id": "u" + u["user_id"], "email": u["email"],
                             "role_id": role_id[label(u["role"])]})
        out["owner_team"].append({"owner_id": u["user_id"], "team_id": team_id[u["team"]],
                                  "is_team_primary": "true"})

    contacts, history, merges, merged = [], [], [], {}
    converted = {}
    for lead in tables["leads"]:
        account = accounts.get(lead["account_id"])
        status = lead["status"]
        reached = ("opportunity" if lead["converted_at"] else
                   "salesqualifiedlead" if lead["sql_at"] else
                   "marketingqualifiedlead" if lead["mql_at"] else "lead")
        lifecycle = {"new": "lead", "mql": "marketingqualifiedlead",
                     "sal": "marketingqualifiedlead", "sql": "salesqualifiedlead",
                     "converted": "opportunity", "disqualified": reached}[status]
        lead_status = {"new": "NEW", "mql": "OPEN", "sal": "IN_PROGRESS", "sql": "IN_PROGRESS",
                       "converted": "OPEN_DEAL", "disqualified": "UNQUALIFIED"}[status]
        contacts.append({
            "id": lead["lead_id"], "property_createdate": lead["created_at"],
            "property_lastmodifieddate": lead["updated_at"], "property_email": lead["email"],
            "property_company": lead["company"],
            "property_associatedcompanyid": lead["account_id"],
            "property_country": COUNTRY_NAME.get(lead["country"], lead["country"]),
            "property_numemployees": "" if account else MIDPOINT[lead["segment"]],
            "property_lifecyclestage": lifecycle, "property_hs_lead_status": lead_status,
            "property_hubspot_owner_id": lead["owner_id"],
            "property_hs_analytics_source": HS_ANALYTICS.get(lead["lead_source"], "OFFLINE"),
            "property_lead_source": LEAD_SOURCE[lead["lead_source"]],
            "property_hubspotscore": lead["score"],
            "property_disqualification_reason": label(lead["disqualification_reason"]),
            "property_hs_lifecyclestage_marketingqualifiedlead_date": lead["mql_at"],
            "property_hs_lifecyclestage_salesqualifiedlead_date": lead["sql_at"],
            "property_hs_lifecyclestage_opportunity_date": lead["converted_at"],
            "property_industry_vertical": (account or {}).get("industry", ""),
            "_fivetran_deleted": lead["is_deleted"],
        })
        for stage, value in (("sal_at", "IN_PROGRESS"), ("disqualified_at", "UNQUALIFIED")):
            if lead[stage]:
                history.append({"contact_id": lead["lead_id"], "name": "hs_lead_status",
                                "value": value, "timestamp": lead[stage],
                                "source": "CRM_UI"})
        if lead["converted_opportunity_id"]:
            converted[lead["lead_id"]] = lead["converted_opportunity_id"]
        if rng.random() < 0.02:  # a duplicate merged into this contact
            merged[lead["lead_id"]] = lead["lead_id"] + "X"
            merges.append({"canonical_vid": lead["lead_id"], "vid_to_merge": lead["lead_id"] + "X",
                           "timestamp": lead["created_at"]})
    out["contact"], out["contact_property_history"] = contacts, history
    out["contact_merge_audit"] = merges

    def contact_of(lead_id: str) -> str:
        if lead_id in merged and rng.random() < 0.5:
            return merged[lead_id]
        return lead_id

    stage_ids = {name: f"S-{normalise_source_name(name)}" for name in
                 sorted({o["stage_name"] for o in tables["opportunities"]}
                        | {h["stage_name"] for h in tables["opportunity_stage_history"]})}
    out["deal_pipeline_stage"] = [{
        "stage_id": sid, "label": name, "pipeline_id": "default",
        "is_closed": "true" if name.startswith("Closed") else "false",
        "closed_won": "true" if name == "Closed Won" else "false",
        "probability": "1.0" if name == "Closed Won" else "0.0" if name == "Closed Lost" else "0.5",
        "display_order": str(i), "_fivetran_deleted": "false",
    } for i, (name, sid) in enumerate(stage_ids.items())]
    out["deal"], out["deal_company"] = [], []
    for o in tables["opportunities"]:
        out["deal"].append({
            "deal_id": o["opportunity_id"], "deal_pipeline_id": "default",
            "deal_pipeline_stage_id": stage_ids[o["stage_name"]], "owner_id": o["owner_id"],
            "property_dealname": o["opportunity_name"], "property_amount": o["amount"],
            "property_closedate": f"{o['close_date']}T00:00:00Z" if o["close_date"] else "",
            "property_createdate": o["created_at"],
            "property_hs_lastmodifieddate": o["updated_at"],
            "property_dealtype": HS_DEALTYPE[o["opportunity_type"]],
            "property_deal_currency_code": o["currency_code"],
            "property_hs_deal_stage_probability": (str(float(o["probability"]) / 100)
                                                   if o["probability"] else ""),
            "property_hs_manual_forecast_category": HS_FORECAST[o["forecast_category"]],
            "property_lead_source": label(o["lead_source"]),
            "property_primary_campaign": o["primary_campaign_id"],
            "property_closed_lost_reason": label(o["loss_reason"]),
            "property_competitor": o["competitor"], "is_deleted": o["is_deleted"],
        })
        if o["account_id"]:
            out["deal_company"].append({"deal_id": o["opportunity_id"],
                                        "company_id": o["account_id"]})
    out["deal_contact"] = [{"deal_id": d, "contact_id": c} for c, d in converted.items()]
    out["deal_property_history"] = []
    for h in tables["opportunity_stage_history"]:
        for name, value in (("dealstage", stage_ids[h["stage_name"]]), ("amount", h["amount"])):
            out["deal_property_history"].append({"deal_id": h["opportunity_id"], "name": name,
                                                 "value": value, "timestamp": h["changed_at"],
                                                 "source": "CRM_UI"})

    out["campaign"], out["form"], out["marketing_event"] = [], [], []
    for c in tables["campaigns"]:
        out["campaign"].append({
            "id": c["campaign_id"], "property_hs_name": c["campaign_name"],
            "property_hs_campaign_type": CAMPAIGN_TYPE[c["channel"]],
            "property_channel": label(c["channel"]),
            "property_hs_start_date": c["start_date"], "property_hs_end_date": c["end_date"],
            "property_hs_budget_items_sum_amount": c["budgeted_cost"],
            "property_hs_spend_items_sum_amount": c["actual_cost"],
            "property_hs_currency_code": c["currency_code"], "property_hs_owner": c["owner_id"],
            "property_hs_parent_campaign_id": c["parent_campaign_id"],
        })
        if c["channel"] in EVENT_CHANNELS:
            out["marketing_event"].append({
                "id": "E" + c["campaign_id"], "event_name": c["campaign_name"],
                "event_type": "WEBINAR" if c["channel"] == "webinar" else "CONFERENCE",
                "campaign_guid": c["campaign_id"], "start_date_time": c["start_date"],
                "end_date_time": c["end_date"]})
        else:
            out["form"].append({"guid": "F" + c["campaign_id"],
                                "name": c["campaign_name"] + " form",
                                "campaign_guid": c["campaign_id"],
                                "created_at": c["start_date"]})
    event_of = {c["campaign_id"]: c["channel"] in EVENT_CHANNELS for c in tables["campaigns"]}
    out["contact_form_submission"], out["marketing_event_participant"] = [], []
    for m in tables["campaign_members"]:
        if event_of.get(m["campaign_id"]):
            out["marketing_event_participant"].append({
                "id": m["member_id"], "marketing_event_id": "E" + m["campaign_id"],
                "contact_id": contact_of(m["lead_id"]), "created_at": m["created_at"],
                "properties_occurred_at": m["responded_at"],
                "properties_attendance_state": "ATTENDED" if m["responded_at"] else "REGISTERED"})
        else:
            out["contact_form_submission"].append({
                "conversion_id": m["member_id"], "form_id": "F" + m["campaign_id"],
                "contact_id": contact_of(m["lead_id"]), "timestamp": m["responded_at"],
                "title": "form", "page_url": "https://example.com/form"})

    out["engagement"], out["engagement_contact"] = [], []
    typed: dict[str, list[dict]] = {"call": [], "email": [], "meeting": []}
    for a in tables["lead_activities"]:
        out["engagement"].append({"id": a["activity_id"], "type": a["activity_type"].upper()})
        out["engagement_contact"].append({"engagement_id": a["activity_id"],
                                          "contact_id": contact_of(a["lead_id"])})
        typed[a["activity_type"]].append({"engagement_id": a["activity_id"],
                                          "property_hs_timestamp": a["occurred_at"],
                                          "property_hubspot_owner_id": a["user_id"]})
    out["engagement"].append({"id": "ENOCONTACT", "type": "NOTE"})  # on no contact
    for kind, rows in typed.items():
        out[f"engagement_{kind}"] = rows
    return out


SALESFORCE_FILES = {"Account": "account", "User": "user", "UserRole": "user_role",
                    "Campaign": "campaign", "Lead": "lead", "Contact": "contact",
                    "LeadHistory": "lead_history", "CampaignMember": "campaign_member",
                    "Task": "task", "Event": "event", "Opportunity": "opportunity",
                    "OpportunityCompetitor": "opportunity_competitor",
                    "OpportunityHistory": "opportunity_history",
                    "DatedConversionRate": "dated_conversion_rate"}
BESIDE = ("targets", "market_size", "lead_feedback")  # what Salesforce does not hold
HUBSPOT_BESIDE = (*BESIDE, "fx_rates")  # HubSpot has no exchange rates either


def write(source: str, out: Path, leads: int = 1500, seed: int = 7,
          api_names: bool = False) -> dict[str, int]:
    """Write the story as `source` into out; return rows per file."""
    out.mkdir(parents=True, exist_ok=True)
    crm = source
    tables = story(leads, seed)
    written: dict[str, int] = {}
    if crm == "contract":
        for table, rows in tables.items():
            demo_data.write_csv(out / f"{table}.csv", RAW_TABLES[table], rows)
            written[table] = len(rows)
        return written
    if crm == "hubspot":
        for name, rows in hubspot(tables, seed).items():
            columns = list(dict.fromkeys(c for r in rows for c in r)) if rows else ["id"]
            demo_data.write_csv(out / f"{name}.csv", columns, rows)
            written[name] = len(rows)
        for table in HUBSPOT_BESIDE:
            demo_data.write_csv(out / f"{table}.csv", RAW_TABLES[table], tables[table])
            written[table] = len(tables[table])
        return written
    if crm != "salesforce":
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
    parser.add_argument("--source", choices=("salesforce", "hubspot", "contract"),
                        default="salesforce")
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

