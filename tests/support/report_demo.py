"""Conversations for the content editors' report (jeugdhulp/feedback/report.py), written the
way the assistant writes them: real trackers saved by Rasa's own ``SQLTrackerStore`` (a user
message, the action, the ``last_answer`` slot, the reply) and verdicts through
``jeugdhulp/feedback/store.py``. The tests use the helpers; the demo fills a store with
about sixty realistic questions over three weeks for the screenshot in docs/content.md:

    python -m tests.support.report_demo [--png docs/images/report.png] [--html PATH]
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import random
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

import sqlalchemy as sa

from jeugdhulp.feedback import store

FEEDBACK_ENV = {"FEEDBACK_HASH_KEY": "report-tests"}  # no var/feedback.key made by the tests


@dataclass(frozen=True)
class Turn:
    at: float  # Unix time of the question
    value: Dict[str, Any]  # the last_answer slot value (store.py)


def answer(question: str, found: bool = True, closest: bool = False, topic: str = "",
           guideline: str = "", passages: Sequence[str] = (), version: str = "",
           id: Optional[str] = None) -> Dict[str, Any]:
    """A ``last_answer`` value in the shape of store.py."""
    digest = hashlib.sha256(f"{question}|{topic}|{passages}".encode("utf-8")).hexdigest()
    return {"id": id or digest[:8],
            "question": question, "found": found, "closest": closest,
            "intent": "ask_guideline", "guideline": guideline, "version": version,
            "passages": list(passages), "topic": topic}


def rasa_store(url: str):
    """Rasa's own SQLTrackerStore on an SQLAlchemy URL (an SQLite file or PostgreSQL)."""
    from rasa.core.tracker_store import SQLTrackerStore

    parsed = sa.engine.make_url(url)
    if parsed.drivername.startswith("sqlite"):
        return SQLTrackerStore(dialect="sqlite", db=parsed.database)
    return SQLTrackerStore(dialect="postgresql", host=parsed.host, port=parsed.port,
                           db=parsed.database, username=parsed.username,
                           password=parsed.password)


def save_conversation(tracker_store, sender: str, turns: Sequence[Turn]) -> None:
    """One conversation: per turn the user's question, the guideline action, the
    ``last_answer`` slot and a reply, with the turn's timestamps."""
    from rasa.shared.core.events import ActionExecuted, BotUttered, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    events: List[Any] = []
    for turn in turns:
        events += [
            UserUttered(turn.value["question"], {"name": "ask_guideline", "confidence": 0.9},
                        timestamp=turn.at),
            ActionExecuted("action_answer_guideline", timestamp=turn.at + 0.5),
            SlotSet(store.ANSWER_SLOT, turn.value, timestamp=turn.at + 0.6),
            BotUttered("(antwoord)", timestamp=turn.at + 0.7),
            ActionExecuted("action_listen", timestamp=turn.at + 0.8),
        ]
    tracker = DialogueStateTracker.from_events(sender, events)
    asyncio.run(tracker_store.save(tracker))


def add_verdict(url: str, sender: str, value: Dict[str, Any], verdict: str, at: float,
                comment: Optional[str] = None) -> int:
    engine = store.engine_for(url)
    try:
        return store.insert(engine, store.row(sender, value, verdict, channel="webchat",
                                              comment=comment, now=at, environ=FEEDBACK_ENV))
    finally:
        engine.dispose()


# --- the demo ---------------------------------------------------------------------------

# (topic id, outcome, wordings, comment with a 👎 or None). Outcome: answered, closest,
# unanswered (the topic is then the nearest one, or none).
DEMO: Tuple[Tuple[str, str, Tuple[str, ...], Optional[str]], ...] = (
    ("eerste_contact", "answered", ("Hoe begin ik het eerste gesprek bij een OTS-gezin?",
                                    "tips eerste huisbezoek gedwongen kader"), None),
    ("mst_can", "answered", ("MST-CAN doelgroep?", "Vanaf welke leeftijd kan MST-CAN?"),
     "Te lang, ik zocht alleen de leeftijd."),
    ("meldcode", "answered", ("Wanneer meld ik bij Veilig Thuis volgens de meldcode?",
                              "stappen meldcode en afwegingskader"),
     "Dit gaat over vrijwillige hulp, mijn vraag was over een OTS."),
    ("verwaarlozing", "answered", ("welke interventie bij verwaarlozing, kind van 8?",), None),
    ("reactance", "answered", ("Moeder werkt niet mee, hoe ga ik daarmee om?",), None),
    ("samen_beslissen", "answered", ("Hoe beslis ik samen met ouders over passende hulp?",),
     None),
    ("gezinsplan", "answered", ("Wat hoort er in een gezinsplan?",), None),
    ("signs_of_safety", "answered", ("Wat is Signs of Safety?",), None),
    ("sociaal_netwerk", "closest", ("Hoe betrek ik opa en oma bij de hulp?",
                                    "netwerk van het gezin versterken, hoe doe je dat?"),
     "Geen antwoord op mijn vraag over grootouders."),
    ("werkrelatie", "closest", ("Vader is boos op de jeugdbeschermer, hoe herstel ik het "
                                "contact?",), None),
    ("evaluatie", "closest", ("Hoe vaak moet ik de hulp evalueren?",), None),
    ("toestemming", "unanswered", ("Mag ik het dossier delen met school zonder toestemming "
                                   "van ouders?", "mag ik info geven aan de huisarts?"), None),
    ("crisis", "unanswered", ("Wat doe ik bij een crisisplaatsing in het weekend?",), None),
    ("", "unanswered", ("Hoeveel reiskosten mag ik declareren?",
                        "Wat is de wachttijd voor de GGZ in [NAAM]?"), None),
    ("informatie_verzamelen", "unanswered", ("Mijn cliënt [NAAM] (12) wil niet naar school, "
                                             "wat nu?",), None),
)


def _value(kb, rng: random.Random, topic_id: str, outcome: str, wording: str) -> Dict[str, Any]:
    passages = kb.topic_passages(topic_id) if topic_id and outcome != "unanswered" else []
    first = passages[0] if passages else None
    return answer(wording, found=outcome != "unanswered", closest=outcome == "closest",
                  topic=kb.topic(topic_id).label if topic_id else "",
                  guideline=first.guideline_id if first else "",
                  version=first.guideline_edition if first else "",
                  passages=[p.key for p in passages[:2]], id=f"{rng.getrandbits(32):08x}")


def fill_demo(url: str, kb, now: float, questions: int = 60, days: int = 21,
              seed: int = 7) -> int:
    """About ``questions`` questions over the last ``days`` days: fewer unanswered ones as
    the weeks go on (as after a content update), some 👎 with a comment. Returns the number
    of questions written."""
    rng = random.Random(seed)
    tracker_store = rasa_store(url)
    start = now - days * 86400
    written = 0
    for n in range(questions):
        at = start + (n + rng.random()) * days * 86400 / questions
        late = (at - start) / (days * 86400)
        pool = [d for d in DEMO if d[1] != "unanswered" or rng.random() > late * 0.8]
        topic_id, outcome, wordings, comment = rng.choice(pool)
        value = _value(kb, rng, topic_id, outcome, rng.choice(wordings))
        sender = f"demo-{n:03d}"
        save_conversation(tracker_store, sender, [Turn(at, value)])
        written += 1
        if comment and rng.random() < 0.6:
            add_verdict(url, sender, value, store.DOWN, at + 40, comment)
        elif outcome == "answered" and rng.random() < 0.4:
            add_verdict(url, sender, value, store.UP, at + 40)
    tracker_store.engine.dispose()
    return written


def screenshot(html: Path, png: Path, width: int = 1200, max_height: int = 2600) -> Path:
    """The page as Chromium shows it, ``width`` pixels wide, as a small palette PNG."""
    from PIL import Image

    from tests.support.browser import start_chromium

    with tempfile.TemporaryDirectory(prefix="report-shot-") as profile:
        driver = start_chromium(Path(profile), (width, 900))
        try:
            driver.get(html.resolve().as_uri())
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(width, min(int(height), max_height))
            raw = Path(profile) / "raw.png"
            driver.save_screenshot(str(raw))
        finally:
            driver.quit()
        image = Image.open(raw).convert("RGB")
        png.parent.mkdir(parents=True, exist_ok=True)
        image.quantize(colors=64, method=Image.Quantize.MEDIANCUT).save(png, optimize=True)
    return png


def main(argv: Optional[List[str]] = None) -> int:
    import time

    from jeugdhulp.feedback import report, report_html
    from jeugdhulp.knowledge import build as builder
    from jeugdhulp.knowledge import db
    from jeugdhulp.knowledge.base import KnowledgeBase

    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--png", default="docs/images/report.png")
    parser.add_argument("--html", default=None, help="keep the page here too")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="report-demo-") as tmp:
        kb_url = f"sqlite:///{tmp}/knowledge.sqlite3"
        builder.build(db.get_engine(kb_url))  # the content of this checkout
        kb = KnowledgeBase(kb_url)
        url = f"sqlite:///{tmp}/tracker.sqlite3"
        now = time.time()
        fill_demo(url, kb, now)
        result = report.read(url, report.period_from(None, "22", now))
        html = Path(args.html) if args.html else Path(tmp) / "rapport.html"
        report_html.write(result, html, kb)
        print("\n".join(report.summary(result, html)))
        print(f"screenshot: {screenshot(html, Path(args.png))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
