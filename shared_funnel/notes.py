"""The meeting's memory: notes/<YYYY-MM>.yml, one optional file per pack period.

    # notes/2026-10.yml: what the October 2026 meeting said and promised
    commentary:                 # shown beside its section of the October pack
      summary: Pipeline is up on bigger marketing deals; revenue missed on deal size.
      pipeline: Three enterprise deals moved to Q1.
    commitments:                # shown in this pack and every later one until due
      - owner: Ana Ito (marketing)
        metric: mqls            # a scorecard KPI (the glossary's name)
        target: 300             # the value promised, in the KPI's unit (a rate as 0.35)
        due: 2026-11            # the month whose actual decides met / missed
        segment: all            # optional, default all
        region: all             # optional, default all

A file that does not parse, or a key, section, metric, month or number that is not valid,
stops the pack before anything is written, naming the file and line.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
TOP_KEYS = {"commentary", "commitments"}
COMMITMENT_KEYS = {"owner", "metric", "target", "due", "segment", "region", "note"}
REQUIRED = ("owner", "metric", "target", "due")


def default_notes_dir() -> Path:
    """NOTES_DIR, else the project's notes/ folder."""
    return Path(os.environ.get("NOTES_DIR") or Path(__file__).resolve().parents[1] / "notes")


class NotesError(ValueError):
    """A notes file is not valid; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Commitment:
    owner: str
    metric: str
    target: float
    due: date
    segment: str
    region: str
    made_in: date
    note: str = ""
    source: str = ""
    line: int = 0


@dataclass
class Notes:
    commentary: dict[str, str] = field(default_factory=dict)
    commitments: list[Commitment] = field(default_factory=list)


def _fail(path: Path, node, message: str) -> NotesError:
    line = node.start_mark.line + 1 if node is not None else 1
    return NotesError(f"{path.name} line {line}: {message}")


def _scalar(path: Path, node, what: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise _fail(path, node, f"{what} must be a single value, not a list or a mapping")
    return str(node.value).strip()


def parse_month(path: Path, node, what: str) -> date:
    text = _scalar(path, node, what)
    match = MONTH.match(text)
    if not match:
        raise _fail(path, node, f"{what} {text!r} is not a month; write it as YYYY-MM, e.g. "
                                "2026-11")
    return date(int(match.group(1)), int(match.group(2)), 1)


def read_file(path: Path, made_in: date, sections: set[str], metrics: set[str]) -> Notes:
    """One notes file, checked: commentary for known sections, commitments on known KPIs."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise NotesError(f"{path.name}: not UTF-8 text; save it as UTF-8") from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise NotesError(f"{path.name} line {line}: not valid YAML ({problem}); check the "
                         "indentation and quote text that holds a colon") from None
    notes = Notes()
    if root is None:
        return notes
    if not isinstance(root, yaml.MappingNode):
        raise _fail(path, root, "a notes file is a mapping with commentary: and commitments:")
    for key_node, value_node in root.value:
        key = _scalar(path, key_node, "a key")
        if key not in TOP_KEYS:
            raise _fail(path, key_node, f"unknown key {key!r}; valid keys: "
                                        f"{', '.join(sorted(TOP_KEYS))}")
        if key == "commentary":
            notes.commentary.update(_commentary(path, value_node, sections))
        else:
            notes.commitments.extend(_commitments(path, value_node, made_in, metrics))
    return notes


def _commentary(path: Path, node, sections: set[str]) -> dict[str, str]:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, node, "commentary: holds one line per section, e.g. 'pipeline: ...'")
    found = {}
    for key_node, value_node in node.value:
        section = _scalar(path, key_node, "a section")
        if section not in sections:
            raise _fail(path, key_node, f"unknown section {section!r}; valid sections: "
                                        f"{', '.join(sorted(sections))}")
        found[section] = _scalar(path, value_node, f"the commentary on {section}")
    return found


def _commitments(path: Path, node, made_in: date, metrics: set[str]) -> list[Commitment]:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, "commitments: is a list, each item starting with '- owner:'")
    found = []
    for item in node.value:
        if not isinstance(item, yaml.MappingNode):
            raise _fail(path, item, "a commitment is a mapping of owner, metric, target, due")
        values: dict[str, tuple[str, object]] = {}
        for key_node, value_node in item.value:
            key = _scalar(path, key_node, "a key")
            if key not in COMMITMENT_KEYS:
                raise _fail(path, key_node, f"unknown commitment key {key!r}; valid keys: "
                                            f"{', '.join(sorted(COMMITMENT_KEYS))}")
            values[key] = (_scalar(path, value_node, key), value_node)
        missing = [k for k in REQUIRED if k not in values or not values[k][0]]
        if missing:
            raise _fail(path, item, f"a commitment needs {', '.join(missing)}")
        metric, metric_node = values["metric"]
        if metric not in metrics:
            raise _fail(path, metric_node, f"metric {metric!r} is not a scorecard KPI; valid: "
                                           f"{', '.join(sorted(metrics))}")
        target_text, target_node = values["target"]
        try:
            target = float(target_text.replace(",", "").replace("_", ""))
        except ValueError:
            raise _fail(path, target_node, f"target {target_text!r} is not a number (write a "
                                           "rate as 0.35, money without its currency)") from None
        if target != target or target in (float("inf"), float("-inf")):
            raise _fail(path, target_node, f"target {target_text!r} is not a number")
        due = parse_month(path, values["due"][1], "due")
        if due < made_in:
            raise _fail(path, values["due"][1], f"due {due:%Y-%m} is before the meeting it was "
                                                f"made in ({made_in:%Y-%m})")
        found.append(Commitment(
            owner=values["owner"][0], metric=metric, target=target, due=due,
            segment=values.get("segment", ("all", None))[0] or "all",
            region=values.get("region", ("all", None))[0] or "all", made_in=made_in,
            note=values.get("note", ("", None))[0], source=path.name,
            line=item.start_mark.line + 1))
    return found


def month_of_file(path: Path) -> date | None:
    match = MONTH.match(path.stem)
    return date(int(match.group(1)), int(match.group(2)), 1) if match else None


def load(folder: Path | str | None, period: date, sections: set[str], metrics: set[str],
         segments: set[str] | None = None, regions: set[str] | None = None) -> Notes:
    """The notes a pack for `period` shows: that month's commentary, and the commitments of
    that month and every earlier one. A missing folder means no notes."""
    notes = Notes()
    if folder is None:
        return notes
    folder = Path(folder)
    if not folder.is_dir():
        return notes
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in (".yml", ".yaml") or path.name.startswith("."):
            continue
        made_in = month_of_file(path)
        if made_in is None:
            raise NotesError(f"{path.name}: a notes file is named after its month, "
                             f"YYYY-MM.yml (e.g. {period:%Y-%m}.yml)")
        if made_in > period:
            continue
        found = read_file(path, made_in, sections, metrics)
        for c in found.commitments:
            for name, value, valid in (("segment", c.segment, segments),
                                       ("region", c.region, regions)):
                if valid is not None and value not in valid:
                    raise NotesError(f"{path.name} line {c.line}: {name} {value!r} is not "
                                     f"in the data; valid: "
                                     f"{', '.join(sorted(valid))}")
        if made_in == period:
            notes.commentary = found.commentary
        notes.commitments.extend(found.commitments)
    return notes
