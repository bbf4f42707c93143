"""Writing a revision: the new source text, the new wording of changed passages, the gone
passages out, the date of retrieval in; the guideline file's comments and layout kept.

The guideline file is edited line by line, not dumped again by a YAML library: only the
``text: >-`` block of a changed passage, the lines of a removed passage and the
``retrieved:`` line change. The result is read back and compared with what was meant
before anything is written; ``Written.restore`` puts the previous files back.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from jeugdhulp.knowledge import content
from jeugdhulp.knowledge.revision.alignment import Comparison

WIDTH = 96  # the guideline files' line length
_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[A-Za-z_]+):(?P<rest>.*)$")


class ApplyError(RuntimeError):
    """The guideline file is not laid out as expected; nothing was written."""


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _value(rest: str) -> str:
    value = rest.split(" #", 1)[0].strip()
    return value.strip("'\"")


def _block_end(lines: Sequence[str], start: int, indent: int) -> int:
    """The first line after ``start`` that is not blank and not indented deeper than
    ``indent`` (the end of a block or list item that starts at ``start``)."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > indent):
        end += 1
    while end - 1 > start and not lines[end - 1].strip():
        end -= 1  # trailing blank lines stay between the items
    return end


def _passage_item(lines: Sequence[str], ref: str) -> Tuple[int, int]:
    """Start and end line of the list item of the passage ``<section>/<id>``."""
    slug, passage_id = ref.split("/", 1)
    section = None
    for n, line in enumerate(lines):
        m = _KEY.match(line)
        if not m or not m.group("dash"):
            continue
        if m.group("key") == "slug":
            section = _value(m.group("rest"))
        elif m.group("key") == "id" and section == slug and _value(m.group("rest")) == passage_id:
            return n, _block_end(lines, n, _indent(line))
    raise ApplyError(f"passage {ref} not found")


def _text_block(text: str, indent: int) -> List[str]:
    return [f"{' ' * indent}text: >-"] + textwrap.wrap(
        content.normalize_space(text), WIDTH, initial_indent=" " * (indent + 2),
        subsequent_indent=" " * (indent + 2), break_on_hyphens=False, break_long_words=False)


def _replace_text(lines: List[str], ref: str, text: str) -> None:
    start, end = _passage_item(lines, ref)
    key_indent = _indent(lines[start]) + 2
    for n in range(start, end):
        m = _KEY.match(lines[n])
        if m and m.group("key") == "text" and len(m.group("indent")) + (
                2 if m.group("dash") else 0) == key_indent:
            if n == start:
                raise ApplyError(f"passage {ref}: text before id")
            lines[n:min(_block_end(lines, n, key_indent), end)] = _text_block(text, key_indent)
            return
    raise ApplyError(f"passage {ref} has no text")


def _empty_lists(lines: List[str]) -> None:
    """``passages: []`` for a section whose last passage went (an editor may remove it)."""
    for n, line in enumerate(lines):
        m = _KEY.match(line)
        if m and m.group("key") == "passages" and not m.group("rest").strip() \
                and _block_end(lines, n, _indent(line)) == n + 1:
            lines[n] = f"{line.rstrip()} []"


def _set_retrieved(lines: List[str], day: dt.date) -> None:
    top = next((n for n, line in enumerate(lines) if line.rstrip() == "guideline:"), None)
    if top is None:
        raise ApplyError("no guideline block")
    end = _block_end(lines, top, 0)
    for n in range(top + 1, end):
        m = _KEY.match(lines[n])
        if m and m.group("key") == "retrieved" and len(m.group("indent")) == 2:
            comment = m.group("rest").split(" #", 1)
            lines[n] = f"  retrieved: {day.isoformat()}" + (
                f"  #{comment[1]}" if len(comment) > 1 else "")
            return
    lines.insert(end, f"  retrieved: {day.isoformat()}")


def revised_guideline(comparison: Comparison, day: dt.date) -> str:
    """The guideline file with the changed passages' new wording, the gone passages
    removed and the new date of retrieval; checked by reading it back."""
    spec = comparison.spec
    lines = spec.file.read_text(encoding="utf-8").split("\n")
    for change in comparison.changed:
        _replace_text(lines, change.passage.ref, change.new_text)
    for p in comparison.gone:
        start, end = _passage_item(lines, p.ref)
        del lines[start:end]
    _empty_lists(lines)
    _set_retrieved(lines, day)
    result = "\n".join(lines)
    _verify(comparison, result, day)
    return result


def _verify(comparison: Comparison, result: str, day: dt.date) -> None:
    wanted: Dict[str, str] = {p.ref: p.text for p in comparison.spec.passages()}
    wanted.update({c.passage.ref: content.normalize_space(c.new_text)
                   for c in comparison.changed})
    for p in comparison.gone:
        del wanted[p.ref]
    data = yaml.safe_load(result)
    got = {f"{s['slug']}/{p['id']}": content.normalize_space(p["text"])
           for s in data.get("sections") or [] for p in s.get("passages") or []}
    if got != wanted or data["guideline"].get("retrieved") != day:
        raise ApplyError("the rewritten guideline file does not read back as meant")


@dataclass
class Written:
    """The files a revision wrote, with what was there before (None: did not exist)."""

    previous: Dict[Path, Optional[bytes]]

    def restore(self) -> None:
        for path, data in self.previous.items():
            if data is None:
                path.unlink(missing_ok=True)
            else:
                _write_bytes(path, data)


def _write_bytes(path: Path, data: bytes) -> None:
    """Replace the file at once (a temporary file beside it, then renamed)."""
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, path)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def write(comparison: Comparison, day: dt.date) -> Written:
    """Write the revision: first everything is prepared (and checked), then both files."""
    spec = comparison.spec
    files = {spec.file: revised_guideline(comparison, day).encode("utf-8"),
             spec.source_path: comparison.copy_text.encode("utf-8")}
    written = Written({p: p.read_bytes() if p.exists() else None for p in files})
    try:
        for path, data in files.items():
            _write_bytes(path, data)
    except BaseException:
        written.restore()
        raise
    return written
