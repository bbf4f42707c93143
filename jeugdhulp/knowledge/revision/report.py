"""The Dutch report of a comparison, for the content editor (texts: texts/revision.yml)."""
from __future__ import annotations

import textwrap
from difflib import SequenceMatcher
from typing import Dict, List, Sequence

from jeugdhulp.knowledge.references import Reference
from jeugdhulp.knowledge.revision import pointers
from jeugdhulp.knowledge.revision.alignment import Comparison
from jeugdhulp.messages import message

WIDTH = 100


def _count(n: int, unit: str) -> str:
    return message(f"revision.report.{unit}.one") if n == 1 else \
        message(f"revision.report.{unit}.many", count=n)


def _wrapped(label: str, text: str, indent: int = 6) -> List[str]:
    first = " " * indent + label
    return textwrap.wrap(text, WIDTH, initial_indent=first,
                         subsequent_indent=" " * len(first), break_on_hyphens=False,
                         break_long_words=False) or [first]


def word_changes(old: str, new: str) -> str:
    """The words that changed, e.g. "«basishouding» → «houding»; erbij: «van harte»"."""
    a, b = old.split(), new.split()
    parts = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        gone, came = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if tag == "replace":
            parts.append(message("revision.report.replaced", old=gone, new=came))
        elif tag == "delete":
            parts.append(message("revision.report.deleted", old=gone))
        elif tag == "insert":
            parts.append(message("revision.report.inserted", new=came))
    return "; ".join(parts)


def _pointer_lines(lines: Sequence[str], none_key: str) -> List[str]:
    if not lines:
        return _wrapped(message("revision.report.pointers_label"), message(none_key))
    out = _wrapped(message("revision.report.pointers_label"), lines[0])
    for line in lines[1:]:
        out += _wrapped(" " * len(message("revision.report.pointers_label")), line)
    return out


def report(comparison: Comparison, references: Sequence[Reference],
           specs: Sequence) -> List[str]:  # type: ignore[type-arg]
    """The report as lines: unchanged, changed (old and new), gone and new, each changed
    or gone passage with everything that points at it."""
    c = comparison
    pointed: Dict[str, List[str]] = pointers.by_passage(references, specs)
    out = [message("revision.report.unchanged", passages=_count(len(c.unchanged), "passages"),
                   moved=len(c.moved))]
    out += [f"  • {c.key(p)}" for p in c.moved]
    out += ["", message("revision.report.changed", passages=_count(len(c.changed), "passages"))]
    for ch in c.changed:
        out.append(message("revision.report.changed_item", passage=c.key(ch.passage),
                           score=round(ch.score * 100)))
        out += _wrapped(message("revision.report.old"), ch.passage.text)
        out += _wrapped(message("revision.report.new"), ch.new_text)
        out += _wrapped(message("revision.report.words"), word_changes(ch.passage.text,
                                                                         ch.new_text))
        out += _pointer_lines(pointed.get(c.key(ch.passage), []),
                              "revision.report.no_pointers_changed")
    out += ["", message("revision.report.gone", passages=_count(len(c.gone), "passages"))]
    for p in c.gone:
        out.append(f"  • {c.key(p)}")
        out += _wrapped(message("revision.report.text"), p.text)
        out += _pointer_lines(pointed.get(c.key(p), []), "revision.report.no_pointers_gone")
    out += ["", message("revision.report.new_paragraphs",
                        paragraphs=_count(len(c.new_paragraphs), "paragraphs"))]
    for paragraph in c.new_paragraphs:
        out += _wrapped("• ", f"«{paragraph}»", indent=2)
    if c.fields:
        out += ["", message("revision.report.fields", count=len(c.fields))]
    for f in c.fields:
        out.append(message("revision.report.field_item", intervention=f.intervention.id,
                           field=f.field))
        out += _wrapped(message("revision.report.old"), f.old)
        out += _wrapped(message("revision.report.new"),
                        f.new or message("revision.report.field_not_found"))
        out += _pointer_lines(pointers.by_intervention(references, c.spec, f.intervention),
                              "revision.report.no_pointers_changed")
    return out


def refusals(comparison: Comparison, references: Sequence[Reference],
             specs: Sequence) -> List[str]:  # type: ignore[type-arg]
    """Why ``--apply`` may not go ahead: gone passages that something still points at
    (naming each pointer), quoted intervention fields the copy no longer has."""
    c = comparison
    pointed = pointers.by_passage(references, specs)
    out = []
    for p in c.gone:
        for line in pointed.get(c.key(p), []):
            out.append(message("revision.refuse.pointed", passage=c.key(p), pointer=line))
    for f in c.fields:
        out.append(message("revision.refuse.field", intervention=f.intervention.id,
                           field=f.field, file=c.spec.file.name))
    return out
