"""Render the monthly meeting pack: validate the parameters, execute the notebook with
Papermill, convert it to one self-contained HTML file (code hidden, charts inline SVG),
and write it with the executed notebook under reports/<period>[-<filters>]/.

    python -m shared_funnel.pack [--period YYYY-MM] [--comparison prior_year] \
        [--segment SMB] [--region EMEA] [--model u_shaped] [--format pdf]
    python -m shared_funnel.pack --from 2025-01 --to 2025-12      # a range of months

A bad parameter stops before anything is written, naming the valid values. The pack is
built in a temporary folder and renamed into place, so a failed run leaves no half pack.
A pack whose inputs (the warehouse, the notebook, the pack's code and templates, the
notes, the parameters) are those it was rendered from is left as it is (--force, or
FORCE=1 make pack, renders it again).
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from shared_funnel.build import PROJECT_DIR
from shared_funnel.warehouse import ParameterError, Params, add_months, connect, resolve

NOTEBOOK = PROJECT_DIR / "notebooks" / "meeting_pack.ipynb"
TEMPLATES = Path(__file__).resolve().parent / "templates"
REPORTS = PROJECT_DIR / "reports"
PACK_CODE = Path(__file__).resolve().parent  # sections, charts, templates, this runner


class PackError(RuntimeError):
    """The pack could not be produced; the message says why."""


def step(message: str) -> None:
    print(f"==> {message}", flush=True)


def validate(period: str | None, comparison: str, segment: str, region: str, model: str,
             warehouse: str | Path | None, notes_dir: str | Path | None = None) -> Params:
    """The parameters, checked against the warehouse, and the notes files the pack reads."""
    from shared_funnel import engines
    from shared_funnel.notes import NotesError, default_notes_dir
    from shared_funnel.sections.base import read_notes

    where = warehouse or "the warehouse"
    try:
        with connect(warehouse) as con:
            params = resolve(con, period, comparison, segment, region, model)
            folder = Path(notes_dir) if notes_dir else default_notes_dir()
            try:
                read_notes(con, params, folder)
            except NotesError as exc:
                raise PackError(f"{folder / str(exc)}. Fix the notes file (or move it out of "
                                f"{folder}) and run again.") from None
            return params
    except FileNotFoundError as exc:
        raise PackError(str(exc)) from None
    except engines.MissingRelation:
        raise PackError(f"{where} has no reports layer (rpt_ models): it "
                        "is empty, half-built or from an older version. Rebuild it: make build "
                        "(or RAW_DIR=<folder> DUCKDB_PATH=... make build).") from None
    except engines.Unavailable as exc:
        if engines.engine() != "duckdb":
            raise PackError(f"{exc}. Is the server running, and are ENGINE's settings "
                            "(README: Other engines) right?") from None
        raise PackError(f"{where} cannot be opened: {exc} (another process writing to it? "
                        "not a DuckDB file?).") from None
    except engines.EngineError as exc:
        raise PackError(f"{where} is not a warehouse this project built ({exc}).") from None


def execute(params: Params, warehouse: str | Path | None, output: Path, numbers: Path,
            notes_dir: str | Path | None = None) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(NOTEBOOK), str(output), cwd=str(PROJECT_DIR), progress_bar=True,
            kernel_name="python3", report_mode=True,
            parameters={"period": params.period.strftime("%Y-%m"),
                        "comparison": params.comparison, "segment": params.segment,
                        "region": params.region, "model": params.model,
                        "warehouse": str(warehouse) if warehouse else None,
                        "numbers_file": str(numbers),
                        "notes_dir": str(notes_dir) if notes_dir else None})
    except PapermillExecutionError as exc:
        raise PackError(f"the notebook failed in cell {exc.exec_count}: {exc.ename}: "
                        f"{exc.evalue}") from None


def to_html(notebook: Path) -> str:
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="pack", extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    nb = nbformat.read(str(notebook), as_version=4)
    for number, cell in enumerate(nb.cells):  # Papermill's injected cell has a random id
        cell.id = f"cell-{number:02d}"
        # what a library wrote to stderr (Spark's JVM start-up lines) is not for readers
        cell.outputs = [o for o in cell.get("outputs", [])
                        if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(nb, resources={
        "metadata": {"name": "Sales & marketing meeting pack"}})
    return body


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise PackError("FORMAT=pdf needs Chromium: apt-get install -y chromium")


def to_pdf(html_file: Path, pdf_file: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-first-run", f"--user-data-dir={profile}", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf_file}", html_file.as_uri()],
            capture_output=True, text=True, timeout=300)
    if result.returncode != 0 or not pdf_file.exists():
        raise PackError(f"Chromium could not print the PDF: {result.stderr[-500:]}")


def headlines(numbers_file: Path) -> tuple[dict, str]:
    """The pack's parameters as it labelled them, and its KPI tiles as it wrote them
    (meeting-pack.json's parameter_labels and headlines)."""
    try:
        data = json.loads(numbers_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}, ""
    lines = "<br>".join(f"{html.escape(h['label'])}: <b>{html.escape(h['value'])}</b> "
                        f"({html.escape(h['change'])})" for h in data.get("headlines", []))
    return data.get("parameter_labels", {}), lines


def write_index(reports: Path) -> Path:
    """reports/index.html: every pack produced, with its parameters."""
    rows = []
    for meta_file in sorted(reports.glob("*/pack.json"), reverse=True):
        meta = json.loads(meta_file.read_text())
        folder = meta_file.parent.name
        cells = [f'<a href="{html.escape(folder)}/meeting-pack.html">{html.escape(folder)}</a>']
        shown, lines = headlines(meta_file.parent / "meeting-pack.json")
        cells += [html.escape(str(shown.get(k) or meta["parameters"].get(k, ""))) for k in
                  ("period", "comparison", "segment", "region", "model", "as_of")]
        cells.append(lines)
        cells.append(html.escape(meta.get("generated_at", "")))
        if (meta_file.parent / "meeting-pack.pdf").exists():
            cells.append(f'<a href="{html.escape(folder)}/meeting-pack.pdf">PDF</a>')
        else:
            cells.append("")
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("Pack", "Period", "Comparison", "Segment",
                                              "Region", "Attribution", "Data as of",
                                              "Headline numbers", "Generated", "PDF"))
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Meeting packs</title>
<style>body {{font-family: sans-serif; margin: 2em;}} td, th {{padding: 4px 12px;
text-align: left; vertical-align: top; border-bottom: 1px solid #ddd;}}
td:nth-child(8) {{font-size: 0.9em; white-space: nowrap;}}</style></head>
<body><h1>Sales &amp; marketing meeting packs</h1>
<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>
"""
    index = reports / "index.html"
    tmp = index.with_suffix(".html.tmp")
    tmp.write_text(page, encoding="utf-8")
    os.replace(tmp, index)
    return index


def produce(period: str | None = None, comparison: str = "prior_period", segment: str = "all",
            region: str = "all", model: str = "linear", warehouse: str | Path | None = None,
            reports: Path = REPORTS, fmt: str = "html", notes_dir: str | Path | None = None,
            force: bool = False) -> Path:
    """Produce one pack, unless it is up to date (and not force); return its folder.
    Raises ParameterError or PackError."""
    if fmt not in ("html", "pdf"):
        raise ParameterError(f"format={fmt!r} is not valid; valid values: html, pdf")
    step("checking the parameters against the warehouse")
    params = validate(period, comparison, segment, region, model, warehouse, notes_dir)
    if fmt == "pdf":
        chromium()
    reports.mkdir(parents=True, exist_ok=True)
    target = reports / params.slug
    inputs = pack_inputs(params, fmt, warehouse, notes_dir)
    if not force and up_to_date(target, inputs, fmt):
        write_index(reports)
        step(f"{target / 'meeting-pack.html'} is up to date: the warehouse, notebook, "
             "templates, notes and parameters are those it was rendered from (FORCE=1 "
             "renders it again)")
        return target
    scratch = Path(tempfile.mkdtemp(prefix=f".{params.slug}-", dir=reports))
    started = time.monotonic()
    try:
        step(f"running the notebook for {params.period:%Y-%m} ({params.slug})")
        execute(params, warehouse, scratch / "meeting-pack.ipynb", scratch / "meeting-pack.json",
                notes_dir)
        step("rendering a self-contained HTML file")
        (scratch / "meeting-pack.html").write_text(to_html(scratch / "meeting-pack.ipynb"),
                                                   encoding="utf-8")
        if fmt == "pdf":
            step("printing the PDF with headless Chromium")
            to_pdf(scratch / "meeting-pack.html", scratch / "meeting-pack.pdf")
        (scratch / "pack.json").write_text(json.dumps({
            "parameters": params.as_dict(),
            "inputs": inputs,
            "generated_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        }, indent=2) + "\n", encoding="utf-8")
        old = None
        if target.exists():
            old = reports / f".old-{params.slug}-{os.getpid()}"
            os.replace(target, old)
        os.replace(scratch, target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    write_index(reports)
    step(f"wrote {target / 'meeting-pack.html'} in {time.monotonic() - started:.0f} s")
    return target


def warehouse_identity(warehouse: str | Path | None) -> str | None:
    """Which warehouse, as built, a pack reads: a DuckDB file by its path, size and
    modification time (a build swaps in a new file; readers never write); a server's by
    its build record. None when that cannot be told (a server warehouse without a full
    build record, or one that reads raw tables from a schema, which can change under it)."""
    from shared_funnel import engines
    from shared_funnel.build import project_part, server_record

    if engines.engine() == "duckdb":
        path = Path(warehouse or os.environ.get("DUCKDB_PATH") or engines.DEFAULT_DUCKDB)
        stat = path.resolve().stat()
        return f"duckdb|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    record = server_record()
    if (not record or record.get("source_kind") not in ("raw_dir", "demo_seeds", "sources")
            or "@" in (record.get("source") or "")  # SOURCES with a name=crm@schema
            or project_part(record.get("fingerprint")) is None):
        return None
    return f"{engines.engine()}|{engines.describe()}|{record['fingerprint']}|{record['vars']}"


def pack_inputs(params: Params, fmt: str, warehouse: str | Path | None,
                notes_dir: str | Path | None) -> str | None:
    """A hash of everything a pack is made from, or None when the warehouse's state cannot
    be told (then the pack is always rendered)."""
    from shared_funnel.notes import default_notes_dir

    identity = warehouse_identity(warehouse)
    if identity is None:
        return None
    digest = hashlib.sha256(json.dumps([identity, params.as_dict(), fmt]).encode())
    notes = Path(notes_dir) if notes_dir else default_notes_dir()
    files = [NOTEBOOK, *sorted(PACK_CODE.rglob("*"))]
    files += sorted(notes.iterdir()) if notes.is_dir() else []
    for file in files:
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(str(file).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def up_to_date(target: Path, inputs: str | None, fmt: str) -> bool:
    """The pack in target was rendered from these inputs and has the files asked for."""
    if inputs is None or not (target / "meeting-pack.html").is_file():
        return False
    if fmt == "pdf" and not (target / "meeting-pack.pdf").is_file():
        return False
    try:
        meta = json.loads((target / "pack.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("inputs") == inputs


def parse_month(name: str, text: str):
    from datetime import date

    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ParameterError(f"{name}={text!r} is not a month; write it as YYYY-MM, e.g. "
                             f"{name}=2025-01")
    return date(int(match.group(1)), int(match.group(2)), 1)


def month_range(start: str, end: str) -> list[str]:
    first, last = parse_month("FROM", start), parse_month("TO", end)
    if first > last:
        raise ParameterError(f"FROM={start} is after TO={end}: nothing to do; swap them")
    months = []
    while first <= last:
        months.append(first.strftime("%Y-%m"))
        first = add_months(first, 1)
    return months


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Produce the monthly meeting pack.")
    parser.add_argument("--period", default=os.environ.get("PERIOD") or None,
                        help="YYYY-MM (default: the latest complete month in the data)")
    parser.add_argument("--comparison", default=os.environ.get("COMPARE") or "prior_period")
    parser.add_argument("--segment", default=os.environ.get("SEGMENT") or "all")
    parser.add_argument("--region", default=os.environ.get("REGION") or "all")
    parser.add_argument("--model", default=os.environ.get("MODEL") or "linear")
    parser.add_argument("--format", default=os.environ.get("FORMAT") or "html")
    parser.add_argument("--warehouse", default=os.environ.get("DUCKDB_PATH") or None)
    parser.add_argument("--reports", type=Path, default=REPORTS)
    parser.add_argument("--notes", default=os.environ.get("NOTES_DIR") or None,
                        help="folder of notes/<YYYY-MM>.yml (default: notes/)")
    parser.add_argument("--from", dest="first", default=os.environ.get("FROM") or None)
    parser.add_argument("--to", dest="last", default=os.environ.get("TO") or None)
    parser.add_argument("--force", action="store_true",
                        default=os.environ.get("FORCE", "") not in ("", "0"),
                        help="render even when the pack is up to date (FORCE=1 make pack)")
    parser.add_argument("--range", action="store_true",
                        help="one pack per month from FROM to TO (make packs)")
    args = parser.parse_args(argv)
    periods = [args.period]
    try:
        if args.range or args.first or args.last:
            if not (args.first and args.last):
                raise ParameterError("a range needs both FROM=YYYY-MM and TO=YYYY-MM")
            periods = month_range(args.first, args.last)
            step(f"checking {len(periods)} periods before writing anything")
            for period in periods:
                validate(period, args.comparison, args.segment, args.region, args.model,
                         args.warehouse, args.notes)
        for i, period in enumerate(periods, 1):
            if len(periods) > 1:
                step(f"pack {i} of {len(periods)}: {period}")
            produce(period, args.comparison, args.segment, args.region, args.model,
                    args.warehouse, args.reports, args.format, args.notes, args.force)
    except (ParameterError, PackError) as exc:
        print(f"PACK NOT WRITTEN: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("PACK NOT WRITTEN: interrupted; nothing was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the user gets one line; the log keeps the rest
        from shared_funnel.build import unexpected

        log = PROJECT_DIR / "logs" / "pack.log"
        print(f"PACK NOT WRITTEN: {unexpected(exc, log, 'nothing was written')}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
