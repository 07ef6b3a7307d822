"""`make bench`: time the project against a hand-written baseline at several scales.

    python bench/run.py --leads 100000 1000000 [--leads 10000000] [--out bench/results]

For each scale: generate the raw Parquet files, run the hand-written kpi_monthly baseline,
the full build, an incremental build after 1% more rows were appended to the folder, a
pack render and a `+kpi_monthly` build. Each step runs in a process of its own; its wall
time and its peak memory (the largest resident set of the step's processes, from wait4)
are recorded. A build's time is reported only after its kpi_monthly equals the
baseline's on the same files.
Prints a Markdown table and writes the rows as CSV (one file per run, never overwritten),
and, beside it, the profile of every build: dbt's own timing of each model and test
(target/run_results.json), slowest first, with the slowest printed under each build.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))
sys.path.insert(1, str(PROJECT_DIR))

import baseline  # noqa: E402 - bench/ is not a package
import generate  # noqa: E402

from shared_funnel import build as project_build  # noqa: E402

COLUMNS = ["leads", "step", "seconds", "peak_gib", "ratio_to_baseline", "detail"]
PROFILE_COLUMNS = ["leads", "step", "node", "resource_type", "seconds", "share_of_node_time"]
RUN_RESULTS = project_build.RUN_RESULTS
FIRST_ROUND_RESULTS = project_build.FIRST_ROUND_RESULTS  # kept by the build when it retries
SLOWEST_SHOWN = 8
RETRIED = project_build.RETRY_NOTICE  # what the build prints when it retries


class BenchError(RuntimeError):
    """A step failed or a build disagreed with the baseline; the message says which."""


def machine() -> str:
    import duckdb

    try:
        kb = int(next(line for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal")).split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        mem = ""
    return (f"{os.cpu_count()} cores{mem}, {platform.machine()}, Python "
            f"{platform.python_version()}, DuckDB {duckdb.__version__}")


def timed(args: list[str], log: Path, env: dict | None = None) -> tuple[float, float]:
    """Run a command, its output appended to log; (seconds, peak GiB of its largest process)."""
    started = time.monotonic()
    with log.open("a", encoding="utf-8") as out:
        out.write(f"\n$ {' '.join(args)}\n")
        out.flush()
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_DIR,
                                env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError(f"{' '.join(args[:4])} ... failed (exit {proc.returncode}); see {log}")
    return seconds, usage.ru_maxrss / 1024 / 1024  # ru_maxrss is in KiB on Linux


def build_args(raw: Path, warehouse: Path, select: str | None = None) -> list[str]:
    args = [sys.executable, "-m", "shared_funnel.build", "--raw-dir", str(raw),
            "--duckdb", str(warehouse)]
    return args + (["--select", select] if select else [])


def dbt_profile(leads: int, step: str, since: float, run_results: Path = RUN_RESULTS,
                first_round: Path = FIRST_ROUND_RESULTS) -> list[dict]:
    """dbt's timing of each node of the build that ended last (its run_results.json, if
    written after `since`), slowest first; nodes are model.<name>, test.<name>, ...; a
    node's share is of the summed node time (two threads run side by side). When the
    build ran its failed and skipped nodes again one at a time, the nodes that did not run
    again come from the first round's copy it kept (the failed attempts are left out)."""
    def fresh_results(path: Path) -> list[dict]:
        if not path.exists() or path.stat().st_mtime < since:
            return []
        return json.loads(path.read_text(encoding="utf-8")).get("results", [])

    results = fresh_results(run_results)
    if not results:
        return []
    retried = {r["unique_id"] for r in results}
    results += [r for r in fresh_results(first_round) if r["unique_id"] not in retried]
    timed_nodes = [(node_name(r["unique_id"]), float(r.get("execution_time") or 0))
                   for r in results]
    total = sum(seconds for _, seconds in timed_nodes) or 1.0
    return [{"leads": leads, "step": step, "node": name, "resource_type": name.split(".")[0],
             "seconds": round(seconds, 2), "share_of_node_time": round(seconds / total, 4)}
            for name, seconds in sorted(timed_nodes, key=lambda n: -n[1])]


def node_name(unique_id: str) -> str:
    """model.fct_attribution, test.unique_fct_attribution_attribution_id,
    unit_test.fct_leads.re_mql_counts: dbt's unique_id without the project (and a data
    test's hash)."""
    kind, _project, *rest = unique_id.split(".")
    return ".".join([kind, *(rest[:2] if kind == "unit_test" else rest[:1])])


def profile_summary(profile: list[dict]) -> str:
    """Node time by kind and the slowest nodes, for the console."""
    if not profile:
        return "    (no dbt timings: the build wrote no run_results.json)"
    by_kind: dict[str, float] = {}
    for row in profile:
        by_kind[row["resource_type"]] = by_kind.get(row["resource_type"], 0) + row["seconds"]
    kinds = ", ".join(f"{kind}s {seconds:.1f} s" for kind, seconds in
                      sorted(by_kind.items(), key=lambda k: -k[1]))
    slowest = ", ".join(f"{row['node']} {row['seconds']:.1f} s"
                        for row in profile[:SLOWEST_SHOWN])
    return (f"    dbt node time {sum(by_kind.values()):.1f} s ({kinds}); slowest: {slowest}")


def check(warehouse: Path, expected: dict, what: str) -> None:
    diff = baseline.differences(baseline.warehouse_kpis(warehouse), expected)
    if diff:
        raise BenchError(f"{what}: kpi_monthly differs from the baseline, no time reported:\n  "
                         + "\n  ".join(diff))


def bench_scale(leads: int, work: Path, log: Path, profile: list[dict] | None = None,
                rows: list[dict] | None = None) -> list[dict]:
    """The steps at one scale; each row is added to `rows` as it is measured (a later
    step's failure keeps them)."""
    rows = [] if rows is None else rows
    profile = [] if profile is None else profile
    py = sys.executable

    def build(step: str, args: list[str]) -> tuple[float, float, str]:
        """Run a build; (seconds, peak, what to note: a retry of nodes out of memory)."""
        started, logged = time.time(), log.stat().st_size if log.exists() else 0
        seconds, peak = timed(args, log)
        nodes = dbt_profile(leads, step, started)
        profile.extend(nodes)
        print(profile_summary(nodes), flush=True)
        with log.open(encoding="utf-8") as f:
            f.seek(logged)
            retried = RETRIED in f.read()
        # the profile then has the retry's nodes only
        return seconds, peak, ("some models ran out of memory side by side and ran again "
                               "alone" if retried else "")

    def record(step: str, seconds: float, peak: float, base: float | None, detail: str = ""):
        rows.append({"leads": leads, "step": step, "seconds": round(seconds, 1),
                     "peak_gib": round(peak, 2),
                     "ratio_to_baseline": round(seconds / base, 1) if base else "",
                     "detail": detail})
        print(f"  {step}: {seconds:.1f} s, {peak:.2f} GiB"
              + (f", {seconds / base:.1f}x the baseline" if base else "")
              + (f" ({detail})" if detail else ""), flush=True)

    raw, more = work / "raw", work / "raw_plus_1pct"
    seconds, peak = timed([py, str(BENCH_DIR / "generate.py"), "--leads", str(leads),
                           "--out", str(raw)], log)
    counts = generate.row_counts(raw)
    record("generate raw data", seconds, peak, None,
           f"{counts['campaign_members']:,} responses, {counts['lead_activities']:,} activities, "
           f"{counts['opportunities']:,} opportunities")
    timed([py, str(BENCH_DIR / "generate.py"), "--leads", str(leads), "--extra", "0.01",
           "--out", str(more)], log)

    base_seconds, peak = timed([py, str(BENCH_DIR / "baseline.py"), "--raw", str(raw),
                                "--save", str(work / "expected.json")], log)
    record("hand-written kpi_monthly (baseline)", base_seconds, peak, None)
    timed([py, str(BENCH_DIR / "baseline.py"), "--raw", str(more),
           "--save", str(work / "expected_more.json")], log)
    expected = baseline.load(work / "expected.json")
    expected_more = baseline.load(work / "expected_more.json")

    # one warehouse path for every build: dbt re-parses the project when the path changes,
    # as it does for a user's first build; the later builds find dbt's parse state warm
    full = work / "wh" / "shared_funnel.duckdb"
    seconds, peak, note = build("full build", build_args(raw, full))
    check(full, expected, "full build")
    record("full build (make build)", seconds, peak, base_seconds, note)
    full_seconds = seconds

    # the next export lands in the same folder: the build finds the warehouse it made from
    # that folder with the same project and vars, and builds incrementally
    for path in more.iterdir():
        os.replace(path, raw / path.name)
    seconds, peak, note = build("incremental build", build_args(raw, full))
    check(full, expected_more, "incremental build after +1% rows")
    record("incremental build after appending 1% rows", seconds, peak, base_seconds,
           "; ".join(filter(None, [f"{seconds / full_seconds:.0%} of the full build", note])))

    reports = work / "reports"
    seconds, peak = timed([py, "-m", "shared_funnel.pack", "--warehouse", str(full),
                           "--reports", str(reports)], log)
    size = sum(p.stat().st_size for p in reports.glob("*/meeting-pack.html"))
    record("render the meeting pack", seconds, peak, None, f"{size / 1e6:.2f} MB")

    seconds, peak, note = build("+kpi_monthly build", build_args(raw, full, "+kpi_monthly"))
    check(full, expected_more, "+kpi_monthly build")
    record("+kpi_monthly build", seconds, peak, base_seconds, note)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--leads", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results")
    parser.add_argument("--work", type=Path, default=None,
                        help="scratch folder (default: a temporary one, removed after)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out_csv = args.out / f"bench-{stamp}.csv"
    log = args.out / f"bench-{stamp}.log"
    profile_csv = args.out / f"bench-{stamp}-profile.csv"
    print(f"Shared Funnel benchmark on {machine()}; log: {log}", flush=True)
    rows: list[dict] = []
    profile: list[dict] = []
    try:
        for leads in args.leads:
            print(f"{leads:,} leads", flush=True)
            work = Path(tempfile.mkdtemp(prefix=f"shared-funnel-bench-{leads}-",
                                         dir=args.work))
            try:
                bench_scale(leads, work, log, profile, rows)
            finally:
                shutil.rmtree(work, ignore_errors=True)
    except BenchError as exc:
        print(f"\nBENCH FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        with out_csv.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(rows)
        with profile_csv.open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=PROFILE_COLUMNS)
            writer.writeheader()
            writer.writerows(profile)
    print(f"\n{machine()}\n")
    print("| leads | step | seconds | peak GiB | × baseline | detail |")
    print("|---:|---|---:|---:|---:|---|")
    for r in rows:
        print(f"| {r['leads']:,} | {r['step']} | {r['seconds']} | {r['peak_gib']} | "
              f"{r['ratio_to_baseline']} | {r['detail']} |")
    print(f"\nwritten: {out_csv} (dbt's timing of every node: {profile_csv})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
