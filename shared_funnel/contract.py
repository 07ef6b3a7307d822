"""The raw data contract (the raw contract): table names, their columns, which tables are required.

The same lists are documented table by table in models/staging/crm/_crm__sources.yml;
tests/test_contract.py keeps the two in step.
"""

RAW_TABLES: dict[str, list[str]] = {
    "users": [
        "user_id", "full_name", "email", "department", "role", "team", "region",
        "manager_id", "is_active",
    ],
    "accounts": [
        "account_id", "account_name", "industry", "segment", "region", "country",
        "employee_count", "owner_id", "created_at",
    ],
    "campaigns": [
        "campaign_id", "campaign_name", "channel", "campaign_type", "start_date", "end_date",
        "budgeted_cost", "actual_cost", "currency_code", "owner_id", "parent_campaign_id",
    ],
    "leads": [
        "lead_id", "created_at", "updated_at", "email", "company", "account_id", "segment",
        "region", "country", "lead_source", "status", "score", "owner_id", "mql_at", "sal_at",
        "sql_at", "disqualified_at", "disqualification_reason", "converted_at",
        "converted_opportunity_id", "is_deleted",
    ],
    "campaign_members": [
        "member_id", "campaign_id", "lead_id", "member_status", "responded_at", "created_at",
    ],
    "lead_activities": ["activity_id", "lead_id", "user_id", "activity_type", "occurred_at"],
    "lead_feedback": [
        "feedback_id", "lead_id", "submitted_by", "submitted_at", "verdict", "rating", "reason",
        "comment",
    ],
    "opportunities": [
        "opportunity_id", "opportunity_name", "account_id", "owner_id", "created_at",
        "updated_at", "close_date", "stage_name", "amount", "currency_code", "probability",
        "is_closed", "is_won", "opportunity_type", "lead_source", "primary_campaign_id",
        "loss_reason", "competitor", "forecast_category", "is_deleted",
    ],
    "opportunity_stage_history": ["opportunity_id", "stage_name", "amount", "changed_at"],
    "targets": ["month", "segment", "metric", "target_value", "owner_id", "team"],
    "market_size": ["period_start", "period_end", "segment", "market_revenue"],
    "fx_rates": ["month", "currency_code", "usd_per_unit"],
    "opportunity_field_history": [
        "opportunity_id", "field", "old_value", "new_value", "changed_at",
    ],
}

REQUIRED_TABLES = ("leads", "opportunities", "campaigns", "campaign_members", "users", "accounts")
OPTIONAL_TABLES = tuple(t for t in RAW_TABLES if t not in REQUIRED_TABLES)

CHANNELS = (
    "paid_search", "paid_social", "organic_search", "email", "webinar", "event", "content",
    "partner", "referral", "outbound",
)
MARKETING_CHANNELS = tuple(c for c in CHANNELS if c not in ("outbound", "referral"))
SEGMENTS = ("SMB", "MM", "ENT")
REGIONS = ("NA", "EMEA", "APAC", "LATAM")

# Bring your own CRM (var source): the objects each CRM adapter reads, as the sync names
# them (Fivetran: lead, campaign_member; a Data Loader export: Lead.csv, CampaignMember.csv).
CRM_OBJECTS: dict[str, tuple[str, ...]] = {  # every one optional; see CRM_CORE_OBJECTS
    "salesforce": (
        "lead", "contact", "account", "opportunity", "opportunity_history",
        "opportunity_competitor", "campaign", "campaign_member", "task", "event", "user",
        "user_role", "lead_history", "dated_conversion_rate", "currency_type"),
    "hubspot": (
        "contact", "contact_property_history", "contact_merge_audit", "company", "deal",
        "deal_pipeline_stage", "deal_property_history", "deal_company", "deal_contact", "owner",
        "owner_team", "team", "users", "role", "engagement", "engagement_contact",
        "engagement_call", "engagement_email", "engagement_meeting", "campaign", "form",
        "contact_form_submission", "marketing_event", "marketing_event_participant"),
}
# A CRM export must hold at least one of these (an org may not use leads, or not sync them).
CRM_CORE_OBJECTS = {"salesforce": ("lead", "opportunity"), "hubspot": ("contact", "deal")}
# The contract tables a CRM does not hold: files beside its objects.
CRM_CONTRACT_FILES = ("targets", "market_size", "lead_feedback", "fx_rates")
SOURCES = ("contract", *CRM_OBJECTS)
