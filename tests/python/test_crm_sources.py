"""SOURCE=salesforce and SOURCE=hubspot: one business story written as our contract, as
Salesforce's own schema (a Data Loader export: Lead.csv, CreatedDate, MQL_Date__c) and as
HubSpot's (a Fivetran sync: contact, property_lifecyclestage) builds to the same numbers,
accounts for every CRM row, and keeps each quirk straight."""

from __future__ import annotations

import csv
import math

import pytest

from shared_funnel import crm_samples
from shared_funnel.preflight import PreflightError, normalise_source_name, object_name, prepare

from ..conftest import PROJECT_DIR, query, read_csv, run_build

LEADS, SEED = 900, 11
CUSTOM = ("custom_fields: {leads: [Industry_Vertical__c, {name: Lead_Score__c, type: number}], "
          "opportunities: [Deal_Notes__c], accounts: [Account_Tier__c]}")
# the stage timestamps from a custom date field (non-default), the rest from lead_history
SALESFORCE_VARS = "{" + CUSTOM + ", salesforce_fields: {leads: {mql_at: MQL_Date__c}}}"
HUBSPOT_VARS = ("{custom_fields: {leads: [property_industry_vertical], "
                "accounts: [property_account_tier]}}")
CRMS = ("salesforce", "hubspot")


def rows_of(path):
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def append(path, extra: list[dict]) -> None:
    rows = rows_of(path)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + [dict({k: "" for k in rows[0]}, **e) for e in extra])


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    base = tmp_path_factory.mktemp("crm_story")
    contract, sf, hs = base / "contract", base / "salesforce", base / "hubspot"
    crm_samples.write("contract", contract, LEADS, SEED)
    crm_samples.write("salesforce", sf, LEADS, SEED, api_names=True)
    crm_samples.write("hubspot", hs, LEADS, SEED)
    # HubSpot: a form of no campaign is a campaign of its own; a deleted contact with values
    # no mapping knows; a column nobody knows
    append(hs / "form.csv", [{"guid": "FSTANDALONE", "name": "Webinar",
                              "created_at": "2025-03-01"}])
    append(hs / "contact.csv", [
        {"id": f"HSUNMAPPED{i}", "property_createdate": "2025-03-01T10:00:00Z",
         "property_lifecyclestage": "other", "property_hs_analytics_source": "OTHER_CAMPAIGNS",
         "_fivetran_deleted": "true"} for i in range(2)])
    # a custom field on the contract side too, with a header as a spreadsheet writes it
    leads = rows_of(contract / "leads.csv")
    with (contract / "leads.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=[*leads[0], "Industry Vertical"],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows(dict(r, **{"Industry Vertical": "v-" + r["lead_id"]}) for r in leads)
    # quirks that leave the numbers alone: a column nobody knows, a sync's deleted flag,
    # values no mapping knows (on deleted leads), a missing optional object (contacts:
    # their leads are found through converted_contact_id)
    lead_rows = rows_of(sf / "Lead.csv")
    with (sf / "Lead.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=[*lead_rows[0], "Some_Unknown_Field__c",
                                               "_fivetran_deleted"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(dict(r, Some_Unknown_Field__c="x", _fivetran_deleted="false")
                         for r in lead_rows)
    append(sf / "Lead.csv", [
        {"Id": f"00QUNMAPPED{i}", "CreatedDate": "2025-03-01T10:00:00Z", "Status": "Nurturing",
         "LeadSource": "Advertisement", "IsDeleted": "false", "_fivetran_deleted": "TRUE"}
        for i in range(3)])
    (sf / "Contact.csv").unlink()
    return {"contract": contract, "salesforce": sf, "hubspot": hs}


@pytest.fixture(scope="module")
def built(exports, tmp_path_factory):
    warehouses = {}
    for name, vars_yaml, env in (
            ("contract", "{" + "custom_fields: {leads: [industry_vertical]}" + "}", {}),
            ("salesforce", SALESFORCE_VARS, {"SOURCE": "salesforce"}),
            ("hubspot", HUBSPOT_VARS, {"SOURCE": "hubspot"})):
        path = tmp_path_factory.mktemp(f"wh_{name}") / "shared_funnel.duckdb"
        result = run_build(exports[name], path, extra_env=env, vars_yaml=vars_yaml)
        assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
        warehouses[name] = path
        warehouses[name + "_output"] = result.stdout
    return warehouses


@pytest.fixture(scope="module")
def both(exports, tmp_path_factory):
    """SOURCES: the Salesforce export and the HubSpot sync of the same story in one
    warehouse (as two companies that each ran the same quarter)."""
    path = tmp_path_factory.mktemp("wh_both") / "shared_funnel.duckdb"
    sources = f"sf=salesforce:{exports['salesforce']}, hs=hubspot:{exports['hubspot']}"
    result = run_build(None, path, extra_env={"SOURCES": sources})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return path


def close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


@pytest.mark.parametrize("crm", CRMS)
def test_every_kpi_of_every_month_segment_and_region_agrees(built, crm):
    sql = "select month, segment, region, metric, value from kpi_monthly"
    contract = {r[:4]: r[4] for r in query(built["contract"], sql)}
    salesforce = {r[:4]: r[4] for r in query(built[crm], sql)}
    assert len(contract) > 5000 and contract.keys() == salesforce.keys()
    differing = [k for k in contract if not close(contract[k], salesforce[k])]
    assert differing == []
    won = sum(v for k, v in contract.items()
              if k[1:3] == ("all", "all") and k[3] == "won_revenue" and v)
    assert won > 0


@pytest.mark.parametrize("crm", CRMS)
@pytest.mark.parametrize("table,key", [
    ("fct_leads", "lead_id"), ("fct_opportunities", "opportunity_id"),
    ("dim_accounts", "account_id"), ("dim_users", "user_id"), ("dim_campaigns", "campaign_id"),
    ("staging.stg_crm__opportunity_stage_history", "opportunity_id, changed_at, stage_name"),
])
def test_attribution_free_marts_agree_row_by_row(built, crm, table, key):
    def columns(path):
        return [r[0] for r in query(path, f"describe {table}")
                if r[0] not in ("source_system",) and not r[0].endswith("_c")
                and not r[0].startswith("property_") and r[0] != "industry_vertical"]
    cols = columns(built["contract"])
    assert cols == columns(built[crm])
    # HubSpot: the form of no campaign is a campaign the contract story does not have
    sql = (f"select {', '.join(cols)} from {table} where {key.split(',')[0]} not like 'form:%' "
           f"order by {key}")
    contract, salesforce = query(built["contract"], sql), query(built[crm], sql)
    assert len(contract) == len(salesforce) > 0
    differing = sorted({cols[i] for a, b in zip(contract, salesforce, strict=True)
                        for i in range(len(cols)) if not close(a[i], b[i])})
    assert differing == []


@pytest.mark.parametrize("crm", CRMS)
def test_the_attribution_agrees(built, crm):
    sql = ("select model, round(sum(weight), 6), round(sum(attributed_pipeline), 2), count(*) "
           "from fct_attribution where campaign_id not like 'form:%' group by 1 order by 1")
    assert query(built["contract"], sql) == query(built[crm], sql)


def test_every_salesforce_row_is_accounted_for(built, exports):
    files = {crm_samples.SALESFORCE_FILES[p.stem]: len(rows_of(p))
             for p in exports["salesforce"].glob("*.csv") if p.stem in crm_samples.SALESFORCE_FILES}
    accounting = {r[0]: r[1:] for r in query(
        built["salesforce"], "select source_object, source_rows, to_contract, deleted_rows, "
                             "lookup_rows from adapters.salesforce__row_accounting")}
    for obj, n in files.items():
        source_rows, to_contract, deleted, lookup = accounting[obj]
        assert source_rows == n and to_contract + deleted + lookup == n, obj
    assert accounting["contact"][0] == 0  # not exported: an empty object, not an error
    # and on through the triage: every lead row is staged, superseded or rejected
    staged = query(built["salesforce"], "select count(*) from staging.stg_crm__leads")[0][0]
    rejected = query(built["salesforce"], "select count(*) from rejected_rows "
                                          "where source_table = 'leads'")[0][0]
    superseded = query(built["salesforce"], "select count(*) from superseded_rows "
                                            "where source_table = 'leads'")[0][0]
    assert staged + rejected + superseded == files["lead"]


def test_merged_leads_and_contacts_count_for_their_lead(built, exports):
    leads = rows_of(exports["salesforce"] / "Lead.csv")
    merged = {r["Id"]: r["MasterRecordId"] for r in leads if r["MasterRecordId"]}
    members = rows_of(exports["salesforce"] / "CampaignMember.csv")
    on_merged = [m for m in members if m["LeadId"] in merged]
    on_contacts = [m for m in members
                   if m["ContactId"] and m["ContactId"] != "003NOTALEAD00001AAA"]
    assert on_merged and on_contacts
    staged = dict(query(built["salesforce"],
                        "select member_id, lead_id from staging.stg_crm__campaign_members"))
    assert all(staged[m["Id"]] == merged[m["LeadId"]] for m in on_merged)
    converted = {r["ConvertedContactId"]: r["Id"] for r in leads if r["ConvertedContactId"]}
    assert all(staged[m["Id"]] == converted[m["ContactId"]] for m in on_contacts)
    # a contact never converted from a lead, and a task on no one: rejected, with the reason
    rejected = query(built["salesforce"], "select source_table, count(*) from rejected_rows "
                                          "where rule = 'missing_lead' group by 1 order by 1")
    assert rejected == [("campaign_members", 1), ("lead_activities", 1)]
    # merged-away leads are deleted, never counted
    soft = query(built["salesforce"], "select count(*) from rejected_rows where source_table = "
                                      "'leads' and rule = 'soft_deleted'")[0][0]
    assert soft == len(merged) + 3


def test_queue_owners_day_precision_and_custom_fields(built, exports):
    leads = {r["Id"]: r for r in rows_of(exports["salesforce"] / "Lead.csv")}
    queued = [i for i, r in leads.items()
              if r["OwnerId"].startswith("00G") and r["IsDeleted"] != "true"]
    assert queued
    owners = dict(query(built["salesforce"], "select lead_id, owner_id from fct_leads"))
    assert all(owners[i] is None for i in queued if i in owners)
    times = query(built["salesforce"], "select distinct strftime(converted_at, '%H:%M:%S') "
                                       "from fct_leads where converted_at is not null")
    assert times == [("00:00:00",)]  # converted_date is a date in Salesforce
    # and the build says so, with the rows it concerns
    converted = sum(1 for r in leads.values() if r["ConvertedDate"])
    flagged = dict(query(built["salesforce"], "select source_field, row_count "
                                              "from adapters.salesforce__day_precision"))
    assert flagged["converted_date"] == converted and flagged["first_responded_date"] > 0
    assert (f"lead.converted_date -> leads.converted_at ({converted} rows)"
            in built["salesforce_output"])
    custom = query(built["salesforce"], "select lead_id, industry_vertical_c, lead_score_c "
                                        "from fct_leads order by lead_id limit 200")
    assert all(r[1] == (leads[r[0]]["Industry_Vertical__c"] or None) for r in custom)
    assert any(isinstance(r[2], float) for r in custom)  # declared number: typed
    notes = dict(query(built["salesforce"],
                       "select opportunity_id, deal_notes_c from fct_opportunities"))
    assert notes and all(v.startswith("note ") for v in notes.values())
    tiers = query(built["salesforce"],
                  "select distinct account_tier_c from dim_accounts order by 1")
    assert tiers == [("Tier 1",), ("Tier 2",), ("Tier 3",)]
    contract = query(built["contract"], "select lead_id, industry_vertical from fct_leads limit 5")
    assert all(v == "v-" + i for i, v in contract)
    systems = query(built["salesforce"], "select distinct source_system from fct_leads")
    assert systems == [("salesforce",)]


def test_unmapped_values_are_reported_with_their_rows(built):
    unmapped = query(built["salesforce"], "select source_object, source_field, source_value, "
                                          "row_count from adapters.salesforce__unmapped_values "
                                          "order by 1, 2, 3")
    assert ("lead", "lead_source", "Advertisement", 3) in unmapped
    assert ("lead", "status", "Nurturing", 3) in unmapped
    assert "'Advertisement': 3 row(s), no channel mapping" in built["salesforce_output"]


def test_every_hubspot_row_is_accounted_for(built, exports):
    files = {p.stem: len(rows_of(p)) for p in exports["hubspot"].glob("*.csv")
             if p.stem not in crm_samples.HUBSPOT_BESIDE}
    accounting = {r[0]: r[1:] for r in query(
        built["hubspot"], "select source_object, source_rows, to_contract, deleted_rows, "
                          "lookup_rows from adapters.hubspot__row_accounting")}
    assert set(files) <= set(accounting)
    for obj, n in files.items():
        source_rows, to_contract, deleted, lookup = accounting[obj]
        assert source_rows == n and to_contract + deleted + lookup == n, obj
    assert accounting["form"][1] == 1  # the form of no campaign is a campaign
    rejected = query(built["hubspot"], "select source_table, count(*) from rejected_rows "
                                       "where rule = 'missing_lead' group by 1")
    assert rejected == [("lead_activities", 1)]  # the engagement on no contact


def test_hubspot_quirks(built, exports):
    merges = {r["vid_to_merge"]: r["canonical_vid"]
              for r in rows_of(exports["hubspot"] / "contact_merge_audit.csv")}
    submissions = [r for r in rows_of(exports["hubspot"] / "contact_form_submission.csv")
                   if r["contact_id"] in merges]
    assert submissions
    staged = dict(query(built["hubspot"],
                        "select member_id, lead_id from staging.stg_crm__campaign_members"))
    assert all(staged[r["conversion_id"]] == merges[r["contact_id"]] for r in submissions)
    standalone = query(built["hubspot"], "select channel, campaign_type from dim_campaigns "
                                         "where campaign_id = 'form:FSTANDALONE'")
    assert standalone == [("webinar", "form")]
    unmapped = query(built["hubspot"], "select source_field, source_value, row_count "
                                       "from adapters.hubspot__unmapped_values order by 1, 2")
    assert ("lifecyclestage / hs_lead_status", "other", 2) in unmapped
    assert ("lead_source / hs_analytics_source", "OTHER_CAMPAIGNS", 2) in unmapped
    custom = query(built["hubspot"], "select count(*), count(property_industry_vertical) "
                                     "from fct_leads")
    assert custom[0][1] > 0
    tiers = query(built["hubspot"], "select distinct property_account_tier from dim_accounts "
                                    "order by 1")
    assert tiers == [("Tier 1",), ("Tier 2",), ("Tier 3",)]
    assert query(built["hubspot"], "select distinct source_system from fct_opportunities") == [
        ("hubspot",)]


@pytest.mark.parametrize("crm,files", [
    ("salesforce", [*crm_samples.SALESFORCE_FILES.values(), *crm_samples.BESIDE]),
    ("hubspot", None),
])
def test_the_shipped_sample_is_the_generators(tmp_path, crm, files):
    """samples/<crm> is what `make samples` writes (make pack SOURCE=<crm> reads it), byte
    for byte."""
    sample = PROJECT_DIR / "samples" / crm
    crm_samples.write(crm, tmp_path)
    expected = sorted(f"{n}.csv" for n in files) if files else sorted(
        p.name for p in tmp_path.glob("*.csv"))
    assert sorted(p.name for p in sample.glob("*.csv")) == expected
    for path in sample.glob("*.csv"):
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name


@pytest.mark.parametrize("given,expected", [
    ("CreatedDate", "created_date"), ("MQL_Date__c", "mql_date_c"),
    ("ConvertedOpportunityId", "converted_opportunity_id"), ("IsDeleted", "is_deleted"),
    ("created_date", "created_date"), ("_fivetran_deleted", "_fivetran_deleted"),
    ("Lead Source", "lead_source"), ("ID", "id"), ("ISOCode", "iso_code"),
])
def test_headers_normalise_as_the_adapters_ask(given, expected):
    assert normalise_source_name(given) == expected


@pytest.mark.parametrize("stem,expected", [
    ("Lead", "lead"), ("CampaignMember", "campaign_member"), ("sf_lead_data", "lead"),
    ("opportunity_history", "opportunity_history"), ("OpportunityHistory", "opportunity_history"),
    ("user_role_data", "user_role"),
])
def test_file_names_name_their_object(stem, expected):
    assert object_name(stem) == expected


def test_a_doubled_header_keeps_its_first_column_and_says_so(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "opportunity.csv").write_text(
        "_fivetran_active,Id,StageName,_fivetran_active\ntrue,006A,Prospecting,false\n",
        encoding="utf-8")
    verdicts = prepare(raw, tmp_path / "out", "salesforce")
    assert any("_fivetran_active appear twice" in n for n in verdicts.notes)
    assert read_csv(tmp_path / "out" / "opportunity.csv")[0]["_fivetran_active"] == "true"


def test_an_export_without_leads_or_opportunities_is_refused(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "Account.csv").write_text("Id,Name\n001A,Acme\n", encoding="utf-8")
    with pytest.raises(PreflightError, match="neither a lead nor an opportunity"):
        prepare(raw, tmp_path / "out", "salesforce")


def test_an_unknown_source_is_refused_before_anything_is_built(tmp_path):
    result = run_build(tmp_path, tmp_path / "shared_funnel.duckdb", extra_env={"SOURCE": "sap"})
    assert result.returncode == 1
    assert "SOURCE=sap is not a source" in result.stderr and "salesforce" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "shared_funnel.duckdb").exists()



def test_two_crms_in_one_warehouse_add_up_and_stay_apart(both, built):
    """Counts and money are the two connections' sum; rates are each one's; every id is
    prefixed with its connection, every row says where it came from."""
    sql = ("select month, segment, region, metric, value from kpi_monthly "
           "where metric in ('mqls', 'sqls', 'won_revenue', 'pipeline_created', 'win_rate', "
           "'sla_compliance', 'marketing_spend')")
    single = {r[:4]: r[4] for r in query(built["contract"], sql)}
    double = {r[:4]: r[4] for r in query(both, sql)}
    assert single.keys() == double.keys() and len(single) > 1000
    for key, value in single.items():
        factor = 1 if key[3] in ("win_rate", "sla_compliance") else 2
        assert close(double[key], None if value is None else value * factor), key
    systems = query(both, "select source_system, count(*), min(lead_id) from fct_leads "
                          "group by 1 order by 1")
    contract_leads = query(built["contract"], "select count(*) from fct_leads")[0][0]
    assert [(s, n) for s, n, _ in systems] == [("hs", contract_leads), ("sf", contract_leads)]
    assert all(first.startswith(f"{s}:") for s, _, first in systems)
    # references are prefixed too: every opportunity's account is in dim_accounts
    orphans = query(both, "select count(*) from fct_opportunities o left join dim_accounts a "
                          "on o.account_id = a.account_id where o.account_id is not null "
                          "and a.account_id is null")[0][0]
    assert orphans == 0
    # the plan is one company's: targets come from the first connection, not twice
    targets = "select sum(target_value) from staging.stg_crm__targets"
    assert query(both, targets) == query(built["contract"], targets)


@pytest.mark.parametrize("sources,message", [
    ("eu=salesforce", "is not name=crm:folder"),
    ("eu=sap:/tmp", "SOURCE=sap is not a source"),
    ("eu=salesforce:/no/such/folder", "is not a folder"),
    ("eu=salesforce:/tmp, eu=hubspot:/tmp", "given twice"),
])
def test_a_bad_sources_list_is_refused_with_the_fix(tmp_path, sources, message):
    result = run_build(None, tmp_path / "shared_funnel.duckdb", extra_env={"SOURCES": sources})
    assert result.returncode == 1 and message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "shared_funnel.duckdb").exists()


def test_files_the_project_does_not_read_are_named(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sf_opportunity_data.csv").write_text("id,stage_name\n006A,Prospecting\n",
                                                 encoding="utf-8")
    (raw / "sf_opportunity_line_item_data.csv").write_text("id,quantity\n1,3\n",
                                                           encoding="utf-8")
    verdicts = prepare(raw, tmp_path / "out", "salesforce")
    assert (tmp_path / "out" / "opportunity.csv").exists()
    assert any("not read" in n and "sf_opportunity_line_item_data.csv" in n
               for n in verdicts.notes)
