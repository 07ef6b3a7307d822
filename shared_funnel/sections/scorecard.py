"""2. Shared KPI scorecard: actual, target, attainment, change against the comparison,
on/off track (rpt_scorecard)."""

from __future__ import annotations

from shared_funnel.sections.base import Pack, esc, finding, has, heading, month_label, note, show

SECTION = "scorecard"
STATUS_CSS = {"on_track": "sf-status-on", "off_track": "sf-status-off", "no_target": "sf-muted"}


def scorecard(pack: Pack) -> None:
    p = pack.params
    heading(pack, "scorecard")
    summary = pack.rows("rpt_scorecard_summary", order="period")
    frame = pack.rows("rpt_scorecard", comparison=True)
    if len(summary) and summary.iloc[0]["kpis_with_target"] > 0:
        s = summary.iloc[0]
        finding(f"{pack.num(SECTION, s, 'kpis_on_track')} of "
                f"{pack.num(SECTION, s, 'kpis_with_target')} KPIs with a target are on track "
                f"in {esc(month_label(p.period))} (on track: at least "
                f"{esc(pack_threshold(pack))} of target).")
    else:
        note("No targets for this month and filter (targets is empty, or targets are set per "
             "segment and a region is chosen): KPIs are shown with their change only.")
    head = ["KPI", "Actual", "Target", "Attainment", month_label(p.comparison_period), "Change",
            "Status", "Of"]
    rows = []
    for _, r in frame.iterrows():
        kpi = r["kpi"]
        actual = pack.num(SECTION, r, "actual", kpi,
                          n="denominator" if has(r["denominator_metric"]) else None,
                          small="is_small_sample")
        target = (pack.num(SECTION, r, "target", r["target_metric"])
                  if has(r["target_metric"]) else "—")
        attainment = (pack.num(SECTION, r, "attainment", r["attainment_metric"])
                      if has(r["attainment_metric"]) else "—")
        previous = pack.num(SECTION, r, "comparison_value", kpi,
                            window=("comparison_start", "comparison_end"))
        good = r["is_change_good"]
        css = "sf-muted" if not has(good) else ("sf-good" if good else "sf-bad")
        # a change or status is as final as the KPI it describes (to date for a cohort rate)
        basis = pack.basis(kpi)
        change = pack.num(SECTION, r, "change", r["change_metric"],
                          window=("comparison_start", "window_end"), dimension="kpi",
                          member=kpi, css=css, signed=True, basis=basis)
        status = pack.num(SECTION, r, "status", "kpi_status", dimension="kpi", member=kpi,
                          css=STATUS_CSS[r["status"]], basis=basis)
        if has(r["numerator_metric"]):
            shown_of = (f"{pack.num(SECTION, r, 'numerator', r['numerator_metric'])} / "
                     f"{pack.num(SECTION, r, 'denominator', r['denominator_metric'])}")
        elif has(r["denominator_metric"]):
            shown_of = f"n = {pack.num(SECTION, r, 'denominator', r['denominator_metric'])}"
        else:
            shown_of = ""
        cells = [esc(pack.label(kpi)), actual, target, attainment, previous, change, status,
                 shown_of]
        rows.append("<tr>" + "".join(
            f'<td class="{"txt" if i == 0 else "num"}">{c}</td>' for i, c in enumerate(cells))
            + "</tr>")
    header = "".join(f'<th class="{"txt" if i == 0 else "num"}">{esc(h)}</th>'
                     for i, h in enumerate(head))
    show(f'<table class="sf-table sf-scorecard"><thead><tr>{header}</tr></thead>'
         f'<tbody>{"".join(rows)}</tbody></table>')
    if p.region != "all":
        note("Targets are set per segment, so a region filter shows no target.")


def pack_threshold(pack: Pack) -> str:
    threshold = pack.reference("rpt_pack_settings", setting="on_track_threshold")
    return f"{float(threshold.iloc[0]['setting_value']):.0%}" if len(threshold) else "95%"
