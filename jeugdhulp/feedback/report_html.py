"""The report as one self-contained HTML page: the page template ``report_page.html``
(jinja2, every value HTML-escaped), the chart drawn by matplotlib as SVG and put inline, the
texts from ``knowledge/content/texts/report.yml``. No script, nothing loaded from elsewhere:
the file can be mailed or opened from disk.

The wordings and comments shown were redacted before they were stored (store.py); they are
redacted once more here (redaction is idempotent), so that a record from before a better
detector still shows no client details in a page that may be passed around.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import jinja2
from markupsafe import Markup

from jeugdhulp.feedback import store
from jeugdhulp.feedback.report import (ANSWERED, CATEGORIES, CLOSEST, TIMEZONE, UNANSWERED,
                                       Bucket, Group, Report, category_label, day_text,
                                       topic_label)
from jeugdhulp.messages import catalog, message
from jeugdhulp.privacy.redaction import redact_text

TEMPLATE = "report_page.html"
PAGE_TEXTS = "report.page."
PASSAGE_CHARS = 600  # a longer quote is cut in the page (the whole text is in the guideline)


# --- the chart --------------------------------------------------------------------------

def chart_svg(buckets: List[Bucket], weekly: bool) -> str:
    """Bars: questions per day (week); line: the share answered, on its own axis (0-100%).
    Texts stay text in the SVG (svg.fonttype none): small, and readable by a screen reader."""
    import matplotlib
    import matplotlib.dates
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator, PercentFormatter

    # a week's bar and point in the middle of its seven days
    middle = dt.timedelta(days=3.5 if weekly else 0)
    days = [dt.datetime.combine(b.start, dt.time()) + middle for b in buckets]
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "jeugdhulp-report",
                                "font.size": 10}):
        figure = Figure(figsize=(9, 3.4))
        bars = figure.add_subplot()
        bars.bar(days, [b.total for b in buckets], width=6 if weekly else 0.8,
                 color="#c9d6e8", label=message("report.chart.questions"))
        bars.set_ylabel(message("report.chart.questions"))
        bars.set_xlabel(message("report.chart.week" if weekly else "report.chart.day"))
        bars.yaxis.set_major_locator(MaxNLocator(integer=True))
        bars.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%d-%m"))
        share = bars.twinx()
        share.plot(days, [None if b.share is None else 100 * b.share for b in buckets],
                   color="#1f5fa8", marker="o", markersize=3.5, linewidth=2,
                   label=message("report.chart.answered"))
        share.set_ylim(0, 105)
        share.yaxis.set_major_formatter(PercentFormatter(decimals=0))
        share.set_ylabel(message("report.chart.answered"))
        handles = bars.get_legend_handles_labels()
        lines = share.get_legend_handles_labels()
        share.legend(handles[0] + lines[0], handles[1] + lines[1], loc="lower left",
                     bbox_to_anchor=(0, 1.0), frameon=False, ncol=2)
        for axis in (bars, share):
            axis.spines["top"].set_visible(False)
        figure.autofmt_xdate()
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg", metadata={"Date": None})
    svg = out.getvalue()
    return svg[svg.index("<svg"):]  # inline: without the XML declaration and DOCTYPE


# --- the knowledge base -----------------------------------------------------------------

def open_knowledge(url: Optional[str] = None):  # -> Optional[KnowledgeBase]
    """The knowledge base for the passages' texts; None (and a note) when it cannot be read:
    the report still shows the passages' keys."""
    from jeugdhulp.knowledge import db
    from jeugdhulp.knowledge.base import KnowledgeBase

    url = url or db.database_url()
    try:
        if url.startswith("sqlite:///") and not os.path.exists(url[len("sqlite:///"):]):
            raise FileNotFoundError(url[len("sqlite:///"):])
        kb = KnowledgeBase(url)
        kb.index  # noqa: B018  (loads it now, so that a broken database shows here)
        return kb
    except Exception as error:  # any failure leaves a usable report without texts
        print(message("report.no_knowledge", error=f"{type(error).__name__}: "
                      f"{str(error).splitlines()[0][:200] if str(error) else ''}"),
              file=sys.stderr)
        return None


def passage_view(kb, key: str, count: int) -> Dict[str, Any]:
    record = kb.index.by_key.get(key) if kb is not None else None
    times = message("report.page.quoted_times", count=count)
    if record is None:
        return {"key": key, "times": times, "known": False}
    text = record.text if len(record.text) <= PASSAGE_CHARS else \
        record.text[:PASSAGE_CHARS].rsplit(" ", 1)[0] + " …"
    return {"key": key, "times": times, "known": True, "text": text,
            "guideline": record.guideline_title,
            "section": " › ".join(record.section_path) or record.section_heading,
            "url": record.section_url or record.guideline_url}


def topic_name(kb, topic: str) -> str:
    """The slot keeps the topic's label; an id (older records) is shown as its label."""
    known = kb.topic(topic) if kb is not None and topic else None
    return known.label if known is not None else topic_label(topic)


def guideline_titles(kb) -> Dict[str, str]:
    return {g[0]: g[1] for g in kb.guidelines()} if kb is not None else {}


# --- the page ---------------------------------------------------------------------------

def _group_view(kb, group: Group) -> Dict[str, Any]:
    return {"topic": topic_name(kb, group.topic), "count": group.count,
            "examples": [(redact_text(w), n) for w, n in group.examples()],
            "comments": [(redact_text(c), n) for c, n in group.clues()],
            "passages": [passage_view(kb, k, n) for k, n in group.quoted()]}


def _figures(report: Report) -> List[Dict[str, Any]]:
    total = len(report.answers)
    answered = report.count(ANSWERED)
    return [{"label": "questions", "value": total},
            {"label": "answered", "value": f"{answered / total:.0%}" if total else "–"},
            {"label": "closest", "value": report.count(CLOSEST)},
            {"label": "unanswered", "value": report.count(UNANSWERED)},
            {"label": "down", "value": report.verdict_count(store.DOWN)},
            {"label": "up", "value": report.verdict_count(store.UP)}]


def page_texts() -> Dict[str, Any]:
    return {k[len(PAGE_TEXTS):]: v for k, v in catalog().items() if k.startswith(PAGE_TEXTS)}


def context(report: Report, kb, made: dt.datetime) -> Dict[str, Any]:
    titles = guideline_titles(kb)
    weekly = report.period.weekly
    texts = page_texts()
    return {
        "t": texts,
        "period": message("report.page.period", start=day_text(report.period.start),
                          end=day_text(report.period.end), made=made.strftime("%d-%m-%Y %H:%M")),
        "figures": _figures(report),
        "chart_title": texts["chart_week" if weekly else "chart_day"],
        "chart": Markup(chart_svg(report.buckets, weekly)),
        "categories": [{"key": c, "label": category_label(c),
                        "total": sum(g.count for g in report.groups[c]),
                        "groups": [_group_view(kb, g) for g in report.groups[c]]}
                       for c in CATEGORIES],
        "topics": [(topic_name(kb, t), n, f"{a / n:.0%}") for t, n, a in report.topics],
        "guidelines": [(titles.get(g, g), v, n) for g, v, n in report.guidelines],
    }


def render(report: Report, kb=None, made: Optional[dt.datetime] = None) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(Path(__file__).parent)),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
        lstrip_blocks=True)
    made = made or dt.datetime.now(TIMEZONE)
    html = environment.get_template(TEMPLATE).render(**context(report, kb, made))
    return re.sub(r"\n\s*\n", "\n", html)


def write(report: Report, path: Path, kb=None) -> Path:
    """Writes the page (the knowledge base of DATABASE_URL unless ``kb`` is given)."""
    html = render(report, kb if kb is not None else open_knowledge())
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(path)  # never a half-written page
    return path

