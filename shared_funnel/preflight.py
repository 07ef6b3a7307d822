"""Look at a raw folder before anything loads, and give every file a verdict.

The user's folder is only read. Each CSV is rewritten into the build's scratch folder as
UTF-8 with the contract's column names, one record per raw record, so that:

- a file in another encoding (Windows-1252/Latin-1, UTF-16) is read as such, and said;
- a header that differs in case, spacing or punctuation (`Lead_ID`, `Lead Score`) maps to
  the contract's column (`lead_id`, `lead_score`), and the mapping is printed;
- invisible characters (zero-width spaces) and tabs or no-break spaces at the ends of a
  value are removed, and counted: `L001\t` and `L001` are one lead;
- a line with more or fewer fields than the header is not lost and does not shift the
  rest of the file: it becomes a row whose `_malformed` column quotes the line, and the
  triage rejects it with rule `malformed_line`, file and line number;
- an empty file, two files for one table, a file that is not text, or a table without its
  key column stops the build before anything is written, naming the file and the fix.

Parquet files are typed by their writer and pass through as they are.

With a CRM source (SOURCE=salesforce) the files are the CRM's objects, named as a sync or an
export names them (`lead.csv`, `Lead.csv`, `CampaignMember.csv`, `sf_lead_data.csv`). Every
column is kept, its header normalised the way the adapter models ask for it (`CreatedDate`
-> created_date, `MQL_Date__c` -> mql_date_c); a header named twice keeps its first column.
Contract files beside them (targets, market_size, lead_feedback, fx_rates) are read as above.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from shared_funnel.contract import (
    CRM_CONTRACT_FILES,
    CRM_CORE_OBJECTS,
    CRM_OBJECTS,
    RAW_TABLES,
    REQUIRED_TABLES,
)

# Columns without which every row of the table would be rejected: a file lacking one is
# refused, not loaded into a table of rejections.
REQUIRED_COLUMNS = {"leads": ["created_at"], "opportunities": ["created_at"],
                    "campaign_members": ["created_at"]}
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
EDGE_SPACE = " \t\r\n\u00a0\u2007\u202f"


class PreflightError(ValueError):
    """A raw file cannot be used; the message names it and the fix."""


@dataclass
class Verdicts:
    folder: Path
    notes: list[str] = field(default_factory=list)


def normalise(name: str) -> str:
    """`Lead ID`, ` lead_id `, `Lead-Id` -> `lead_id`."""
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", name)).strip().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def normalise_source_name(name: str) -> str:
    """A CRM's column or object name as the adapters ask for it: `CreatedDate` ->
    created_date, `MQL_Date__c` -> mql_date_c, `CampaignMember` -> campaign_member."""
    text = unicodedata.normalize("NFKC", INVISIBLE.sub("", name)).strip()
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", text)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    lead = "_" if text.startswith("_") else ""  # a sync's own column: _fivetran_deleted
    return lead + re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def object_name(stem: str) -> str:
    """A file's object: `Lead`, `sf_lead_data` and `lead` are the lead object."""
    name = normalise_source_name(stem)
    name = re.sub(r"^sf_", "", name)
    return re.sub(r"_data$", "", name)


def decode(path: Path, data: bytes) -> tuple[str, str | None]:
    """The file's text and, when it is not UTF-8, the encoding it was read with."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data:
        raise PreflightError(f"{path.name} contains NUL bytes: it is not a text CSV (UTF-16 "
                             "without a byte-order mark, or a binary file). Save it as UTF-8 "
                             "CSV and build again.")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "Windows-1252 (Latin-1)"


def table_files(raw_dir: Path, source: str = "contract") -> dict[str, list[Path]]:
    objects = CRM_OBJECTS.get(source, ())
    found: dict[str, list[Path]] = {}
    for path in sorted(raw_dir.iterdir()):
        stem, suffix = path.stem.lower().strip(), path.suffix.lower()
        if not path.is_file() or suffix not in (".csv", ".parquet"):
            continue
        if objects and object_name(path.stem) in objects:
            found.setdefault(object_name(path.stem), []).append(path)
        elif stem in (CRM_CONTRACT_FILES if objects else RAW_TABLES):
            found.setdefault(stem, []).append(path)
    return found


def prepare(raw_dir: Path, scratch: Path, source: str = "contract",
            custom_fields: dict[str, list[str]] | None = None) -> Verdicts:
    """Check every raw file of raw_dir and write what is to be loaded into scratch.
    custom_fields: extra columns (var custom_fields) to keep in each contract table."""
    scratch.mkdir(parents=True, exist_ok=True)
    verdicts = Verdicts(scratch)
    objects = CRM_OBJECTS.get(source, ())
    files = table_files(raw_dir, source)
    if objects and not any(o in files for o in CRM_CORE_OBJECTS[source]):
        found = ", ".join(p.name for p in sorted(raw_dir.iterdir()) if p.is_file()) or "nothing"
        raise PreflightError(
            f"SOURCE={source}: {raw_dir} has neither a lead nor an opportunity file (expected "
            f"lead.csv / opportunity.csv as a sync names them, or Lead.csv / Opportunity.csv "
            f"from an export). Found: {found}. Nothing was loaded.")
    if objects:
        used = {p for paths in files.values() for p in paths}
        ignored = [p.name for p in sorted(raw_dir.iterdir())
                   if p.is_file() and p.suffix.lower() in (".csv", ".parquet") and p not in used]
        if ignored:
            verdicts.notes.append(f"not read (not a {source} object this project uses): "
                                  + ", ".join(ignored))
    doubled = {t: p for t, p in files.items() if len(p) > 1}
    if doubled:
        names = "; ".join(" and ".join(p.name for p in paths) for paths in doubled.values())
        raise PreflightError(f"Two files for one table in {raw_dir}: {names}. Keep one file per "
                             "table (CSV or Parquet) and build again; nothing was loaded.")
    for table, (path,) in files.items():
        if path.suffix.lower() == ".parquet":
            (scratch / f"{table}.parquet").symlink_to(path.resolve())
            continue
        data = path.read_bytes()
        if not data.strip():
            if table in REQUIRED_TABLES and not objects:  # a CRM's objects are all optional
                raise PreflightError(f"{path.name} is empty ({len(data)} bytes): {table} is "
                                     "required. Export the table again (with its header row).")
            verdicts.notes.append(f"{path.name}: empty, treated as absent (optional table)")
            continue
        text, encoding = decode(path, data)
        if encoding:
            verdicts.notes.append(f"{path.name}: not UTF-8; read as {encoding}")
        if table in objects:
            write_object(table, path, text, scratch / f"{table}.csv", verdicts,
                         needs_id=source == "salesforce")
        else:
            write_clean(table, path, text, scratch / f"{table}.csv", verdicts,
                        (custom_fields or {}).get(table, []))
    return verdicts


def records(reader, path: Path):
    try:
        yield from reader
    except csv.Error as exc:
        raise PreflightError(f"{path.name}: line {reader.line_num} cannot be read as CSV ({exc})."
                             " Fix that line and build again.") from None


def write_object(table: str, path: Path, text: str, out: Path, verdicts: Verdicts,
                 needs_id: bool = True) -> None:
    """A CRM object: every column, headers normalised (the first of a doubled one kept)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise PreflightError(f"{path.name}: the header row cannot be read ({exc}).") from None
    names = [normalise_source_name(h) for h in header]
    keep: dict[str, int] = {}
    for i, name in enumerate(names):
        if name and name not in keep:
            keep[name] = i
    doubled = sorted({n for n in names if n and names.count(n) > 1})
    if doubled:
        verdicts.notes.append(f"{path.name}: column(s) {', '.join(doubled)} appear twice; "
                              "the first of each is read")
    if needs_id and "id" not in keep and table not in ("lead_history", "dated_conversion_rate",
                                          "currency_type", "opportunity_competitor"):
        raise PreflightError(f"{path.name} has no Id column (its key). Found: "
                             f"{', '.join(h.strip() for h in header) or 'no columns'}. Export "
                             f"{table} with its Id.")
    write_rows(path, reader, header, list(keep), keep, out, verdicts)


def write_clean(table: str, path: Path, text: str, out: Path, verdicts: Verdicts,
                extra: list[str] | None = None) -> None:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise PreflightError(f"{path.name}: the header row cannot be read ({exc}).") from None
    wanted = {normalise_source_name(e) for e in extra or []}
    names = [normalise_source_name(h) if normalise_source_name(h) in wanted else normalise(h)
             for h in header]
    contract = RAW_TABLES[table] + sorted(wanted)
    renamed = [f"{h.strip()!r} -> {n}" for h, n in zip(header, names, strict=True)
               if h != n and n in contract]
    if renamed:
        verdicts.notes.append(f"{path.name}: columns matched by name: {', '.join(renamed)}")
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        raise PreflightError(f"{path.name}: column(s) {', '.join(duplicated)} appear twice in the "
                             "header (after ignoring case and spacing). Keep one of each.")
    key = contract[0]
    if key not in names:
        raise PreflightError(f"{path.name} has no column {key} (its key). Found: "
                             f"{', '.join(h.strip() for h in header) or 'no columns'}. Rename "
                             f"the key column to {key}, or export {table} with it.")
    lacking = [c for c in REQUIRED_COLUMNS.get(table, []) if c not in names]
    if lacking:
        raise PreflightError(f"{path.name} has no column {', '.join(lacking)}, which every "
                             f"{table} row needs (found: {', '.join(h.strip() for h in header)}"
                             "). Export it with that column; nothing was loaded.")
    missing = [c for c in contract if c not in names]
    if missing:
        verdicts.notes.append(f"{path.name}: no column(s) {', '.join(missing)}: left empty")
    positions = {n: i for i, n in enumerate(names) if n in contract}
    columns = [c for c in contract if c in positions]
    write_rows(path, reader, header, columns, positions, out, verdicts)


def write_rows(path: Path, reader, header: list[str], columns: list[str],
               positions: dict[str, int], out: Path, verdicts: Verdicts) -> None:
    malformed = 0
    cleaned = 0

    def clean(cell: str) -> str:
        """Invisible characters anywhere and tabs or no-break spaces at the ends go: an id
        with a trailing tab or a zero-width space is the same id."""
        nonlocal cleaned
        value = INVISIBLE.sub("", cell).strip(EDGE_SPACE)
        if value != cell.strip(" "):
            cleaned += 1
        return value

    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow([*columns, "_malformed"])
        line = reader.line_num
        for record in records(reader, path):
            start, line = line + 1, reader.line_num
            if not any(field.strip() for field in record):
                continue  # a blank line is not a record
            if len(record) != len(header):
                malformed += 1
                excerpt = ",".join(record)[:80]
                reason = (f"line {start} of {path.name} has {len(record)} fields, the header "
                          f"{len(header)}: {excerpt}")
                cells = (record + [""] * len(header))[:len(header)]
                writer.writerow([clean(cells[positions[c]]) for c in columns] + [reason])
            else:
                writer.writerow([clean(record[positions[c]]) for c in columns] + [""])
    if cleaned:
        verdicts.notes.append(f"{path.name}: {cleaned} value(s) had invisible characters or "
                              "tabs at their ends, removed (an id with a trailing tab is the "
                              "same id)")
    if malformed:
        verdicts.notes.append(f"{path.name}: {malformed} malformed line(s) rejected "
                              "(rule malformed_line; see rejected_rows)")
