"""Importing a new version of a guideline page (``python -m knowledge import``).

The guidelines are revised on their website; the content here quotes a copy taken on one
day (``retrieved`` in the guideline file). A content editor saves the page again (as text
or as the HTML page) and this package says what changed against the current content:

    reading     the saved copy, refused with a Dutch message when it cannot be one
    alignment   which passages are unchanged, changed (old and new wording), gone, and
                which paragraphs of the copy are new; is the copy truncated or of another
                guideline?
    pointers    what points at a passage: quiz items, answer rules, practice language,
                interventions (with their aliases) and lists
    report      the Dutch report, and why ``--apply`` must refuse
    apply       writing the new source and the new wording, passage keys kept

The command line (``jeugdhulp.cli.cmd_import``) runs the knowledge check after writing and
puts the previous files back when it fails.
"""
from jeugdhulp.knowledge.revision.alignment import (
    Comparison,
    compare,
    looks_truncated,
    other_guideline,
)
from jeugdhulp.knowledge.revision.apply import ApplyError, Written, write
from jeugdhulp.knowledge.revision.reading import RevisionInputError, read_copy
from jeugdhulp.knowledge.revision.report import refusals, report

__all__ = ["ApplyError", "Comparison", "RevisionInputError", "Written", "compare",
           "looks_truncated", "other_guideline", "read_copy", "refusals", "report", "write"]
