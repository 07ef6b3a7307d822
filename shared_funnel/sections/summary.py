"""1. Summary, the first screen: the pack's title and one line of data-quality counts, the
headline findings (rpt_summary_findings: the largest moves, each with its driver and
owner), KPI tiles with a 12-month sparkline (rpt_scorecard, rpt_kpi_sparklines), the
commitments of earlier meetings against their actuals, and the contents."""

from __future__ import annotations

import json

import vl_convert

from shared_funnel import charts
from shared_funnel.sections.base import (
    SECTIONS,
    Col,
    Pack,
    esc,
    filters_text,
    has,
    heading,
    month_label,
    show,
    subtitle,
)
from shared_funnel.sections.formatting import as_of_label, fmt, fmt_change

SECTION = "summary"
TILES = ["won_revenue", "pipeline_created", "mqls", "win_rate", "sla_compliance",
         "avg_deal_size"]
DRIVER_PARTS = {"deal_count": "the number of deals", "deal_size": "deal size",
                "fx": "exchange rates", "count": "the number of opportunities",
                "avg_amount": "the average amount", "marketing_spend": "marketing spend",
                "mqls": "MQL volume"}


def summary(pack: Pack) -> None:
    p = pack.params
    compare = pack.category("comparison", p.comparison).lower()
    footer = (f"Sales & marketing meeting pack · {month_label(p.period)} · {filters_text(pack)}"
              f" · data as of {as_of_label(p.as_of)}")
    footer_css = json.dumps(footer, ensure_ascii=False)
    show(f"<style>@page {{@bottom-left {{content: {footer_css};}}}}</style>"
         '<div class="sf-pack"><h1>Sales &amp; marketing meeting pack: '
         f"{esc(month_label(p.period))}</h1>"
         f'<p class="sf-muted">{esc(filters_text(pack))} · compared with '
         f"{esc(month_label(p.comparison_period))} ({esc(compare)}) · money in "
         f"{esc(pack.currency)} · data as of {esc(as_of_label(p.as_of, True))}</p></div>")
    heading(pack, "summary")
    findings(pack)
    tiles(pack)
    commitments(pack)
    contents()
    quality_line(pack)


def findings(pack: Pack) -> None:
    rows = pack.rows("rpt_summary_findings", comparison=True, order="finding_order")
    if not len(rows):
        show('<p class="sf-note">No KPI has a value to compare in this period.</p>')
        return
    items = [f"<li>{finding_text(pack, r)}</li>" for _, r in rows.iterrows()]
    show(subtitle("What moved most") + f'<ol class="sf-findings">{"".join(items)}</ol>')


def finding_text(pack: Pack, r) -> str:
    """One finding: the KPI and its move, the other comparison, the driver, the owner."""
    kpi = r["kpi"]
    css = "" if not has(r["is_good_news"]) else ("sf-good" if r["is_good_news"] else "sf-bad")
    arrow = "" if not has(r["is_good_news"]) else ("▲ " if r["actual"] > (
        r["target"] if r["move"] == "against_target" else r["comparison_value"]) else "▼ ")
    actual = pack.num(SECTION, r, "actual", kpi, dimension="finding", member=kpi)
    against = ("comparison_start", "window_end")
    change = pack.num(SECTION, r, "change", r["change_metric"], window=against,
                      dimension="finding", member=kpi, signed=True, basis=pack.basis(kpi))
    previous = pack.num(SECTION, r, "comparison_value", kpi,
                        window=("comparison_start", "comparison_end"), dimension="finding",
                        member=kpi)
    versus = f"{change} on {esc(month_label(r['comparison_start']))} ({previous})"
    parts = []
    if has(r["attainment"]):
        attainment = pack.num(SECTION, r, "attainment", r["attainment_metric"],
                              dimension="finding", member=kpi)
        target = pack.num(SECTION, r, "target", r["target_metric"], dimension="finding",
                          member=kpi)
        on_target = f"{attainment} of its {target} target"
        parts = [on_target, versus] if r["move"] == "against_target" else [versus, on_target]
    else:
        parts = [versus]
    text = (f'<span class="{css}">{esc(arrow)}<b>{esc(pack.label(kpi))}</b> {actual}</span>: '
            f"{'; '.join(parts)}.")
    if has(r["driver_metric"]):
        window = ("window_start", "window_end") if r["move"] == "against_target" else against
        effect = pack.num(SECTION, r, "driver_effect", r["driver_metric"], window=window,
                          dimension="finding", member=kpi, signed=True)
        text += f" Driver: {esc(driver_phrase(pack, r))} ({effect})."
    text += f' <span class="sf-owner">Owner: {esc(pack.category("team", r["owner_team"]))}</span>'
    return text


def driver_phrase(pack: Pack, r) -> str:
    dimension, member = r["driver_dimension"], r["driver_member"]
    if dimension == "bridge":
        return DRIVER_PARTS.get(member, member.replace("_", " "))
    if dimension == "source":
        source = pack.category("source", member).lower()
        if r["driver_step"] == "count":
            return f"the number of {source} opportunities"
        return f"the average amount of {source} opportunities"
    if dimension == "channel":
        return f"the {pack.category('channel', member)} channel"
    if dimension == "segment":
        return f"the {pack.category('segment', member)} segment"
    return f"the {pack.category(dimension, member)} region"


def tiles(pack: Pack) -> None:
    scorecard = pack.rows("rpt_scorecard", comparison=True)
    sparks = pack.rows("rpt_kpi_sparklines", order="kpi, month")
    cards = []
    for kpi in TILES:
        found = scorecard[scorecard["kpi"] == kpi]
        if not len(found):
            continue
        r = found.iloc[0]
        value = pack.num(SECTION, r, "actual", kpi, dimension="tile", member=kpi,
                         n="denominator" if has(r["denominator_metric"]) else None,
                         small="is_small_sample")
        good = r["is_change_good"]
        css = "sf-muted" if not has(good) else ("sf-good" if good else "sf-bad")
        change = pack.num(SECTION, r, "change", r["change_metric"],
                          window=("comparison_start", "window_end"), dimension="tile",
                          member=kpi, css=css, signed=True, basis=pack.basis(kpi))
        if has(r["target_metric"]) and has(r["target"]):
            attainment = pack.num(SECTION, r, "attainment", r["attainment_metric"],
                                  dimension="tile", member=kpi)
            goal = pack.num(SECTION, r, "target", r["target_metric"], dimension="tile",
                            member=kpi)
            target = f"{attainment} of {goal} target"
        else:
            target = '<span class="sf-muted">no target</span>'
        pack.headlines.append({"metric": kpi, "label": pack.label(kpi),
                               "value": fmt(r["actual"], pack.unit(kpi), pack.currency),
                               "change": fmt_change(r["change"], pack.unit(r["change_metric"]),
                                                    pack.currency)
                               + f" on {month_label(r['comparison_start'])}"})
        line = sparks[sparks["kpi"] == kpi]
        pack.record(SECTION, line, [Col("value", metric=kpi)], "month")
        svg = spark_svg(line) if len(line.dropna(subset=["value"])) > 1 else ""
        cards.append(f'<div class="sf-tile"><div class="sf-tile-label">{esc(pack.label(kpi))}'
                     f'</div><div class="sf-tile-value">{value}</div>'
                     f'<div class="sf-tile-line">{target}</div>'
                     f'<div class="sf-tile-line">{change} on '
                     f"{esc(month_label(r['comparison_start']))}</div>"
                     f'<div class="sf-spark" role="img" aria-label="12 months of '
                     f'{esc(pack.label(kpi))}">{svg}</div></div>')
    if cards:
        show(f'<div class="sf-tiles">{"".join(cards)}</div>')


def spark_svg(line) -> str:
    frame = line.assign(month_label=[month_label(m) for m in line["month"]])[
        ["month_label", "value", "is_period"]]
    return vl_convert.vegalite_to_svg(charts.sparkline(frame, "value").to_dict())


def commitments(pack: Pack) -> None:
    """Each commitment of this and earlier meetings against its actual: met or missed once
    its due month has data, open before (with the latest actual)."""
    promised = pack.notes.commitments
    if not promised:
        return
    p = pack.params
    rows = []
    for c in sorted(promised, key=lambda c: (c.due, c.made_in, c.owner)):
        line = pack.reference("rpt_kpi_sparklines", order="month", period=p.period,
                              segment=c.segment, region=c.region, kpi=c.metric)
        if not len(line) or c.due < line.iloc[0]["month"].date():
            continue  # due more than a year before this pack: no longer shown
        due_rows = line[line["month"].dt.date == c.due]
        status, row = "open", line.iloc[-1]
        if len(due_rows) and has(due_rows.iloc[0]["value"]):
            row = due_rows.iloc[0]
            met = (row["value"] >= c.target) == bool(pack.glossary.loc[c.metric,
                                                                       "higher_is_better"])
            status = "met" if met or row["value"] == c.target else "missed"
        actual = pack.num(SECTION, row, "value", c.metric, dimension="commitment",
                          member=f"{c.source}:{c.line}")
        css = {"met": "sf-status-on", "missed": "sf-status-off", "open": "sf-muted"}[status]
        scope = "" if (c.segment, c.region) == (p.segment, p.region) else (
            " (company-wide)" if (c.segment, c.region) == ("all", "all") else
            f" ({pack.category('segment', c.segment)}, {pack.category('region', c.region)})")
        pack.numbers[-1]["commitment"] = {"owner": c.owner, "target": c.target,
                                          "due": f"{c.due:%Y-%m}", "status": status}
        rows.append([esc(c.owner), esc(pack.label(c.metric) + scope),
                     esc(fmt(c.target, pack.unit(c.metric), pack.currency)),
                     esc(month_label(c.due)), esc(month_label(c.made_in)), actual,
                     f'<span class="{css}">{esc(pack.category("status", status))}</span>'])
    if not rows:
        return
    head = ["Owner", "Commitment", "Target", "Due", "Made in", "Actual", "Status"]
    body = "".join("<tr>" + "".join(
        f'<td class="{"num" if i in (2, 5) else "txt"}">{cell}</td>' for i, cell in enumerate(r))
        + "</tr>" for r in rows)
    show('<div class="sf-block">' + subtitle("Commitments from the meetings")
         + '<table class="sf-table"><thead><tr>'
         + "".join(f'<th class="{"num" if i in (2, 5) else "txt"}">{h}</th>'
                   for i, h in enumerate(head))
         + f"</tr></thead><tbody>{body}</tbody></table>"
         '<p class="sf-note">Actual: the due month\'s value (the latest month while a '
         "commitment is open); from notes/&lt;month&gt;.yml.</p></div>")


def contents() -> None:
    links = "".join(f'<li><a href="#section-{key}">{esc(number)}. {esc(title)}</a></li>'
                    for number, key, title in SECTIONS)
    show(f'<nav class="sf-toc"><b>Contents</b><ul>{links}</ul></nav>')


def quality_line(pack: Pack) -> None:
    total = pack.reference("rpt_data_quality", source_table="all").iloc[0]
    show(f'<p class="sf-muted sf-quality">Data quality: '
         f"{pack.num(SECTION, total, 'rejected_rows')} raw rows rejected, "
         f"{pack.num(SECTION, total, 'superseded_rows')} superseded, "
         f"{pack.num(SECTION, total, 'flagged_rows')} flagged "
         f'(<a href="#section-data_quality">appendix A</a>).</p>')
