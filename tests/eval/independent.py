"""The independent evaluation set: messages written by someone who saw only the guideline
texts, the glossary and the issue, never the assistant (tests/eval/independent/README.md).

    python -m tests.eval.independent --half dev [--verbose] [--url http://localhost:5005]
    python -m tests.eval.independent --half dev2 [--verbose]   (and dev3, dev4, ood5)
    python -m tests.eval.independent --half sealed

The set is split in two halves. The development half may be read and worked on; the
sealed half is scored in total only: ``--half sealed`` prints its figures per kind and
never a message, an answer or a failure reason (``--verbose`` is refused for it).
``dev2``, ``dev3``, ``dev4`` (up to ``dev36``) are more development sets (``ood5``: out-of-domain messages only), written later in the same way by other
writers (README.md), so that work on the first one can be checked on messages it was not
shaped on.

A turn counts as right when:

* its guideline is given (``source``, the three-digit prefix of the source file): the reply
  names that guideline and quotes, verbatim, a passage that contains one of the turn's
  ``quotes`` (fragments copied from the source), and shows no escalation card;
* it is out of the domain (``source: null``): the reply cites nothing and shows no card;
* it describes acute danger now (``acute: true``, a turn of a conversation): the reply shows
  the escalation card first and then, as above, a passage of its guideline.

The danger list: an ``acute`` message must get the escalation card first, a ``not_acute``
one must not get it.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional

import yaml

from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.messages import lines
from jeugdhulp.paths import ROOT
from tests.eval.e2e import Say, reply_text, rest_say

HERE = Path(__file__).resolve().parent / "independent"
HALVES = ("dev", "dev2", "dev3", "dev4", "ood5", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21", "dev22", "dev23", "dev24", "dev25", "dev26", "dev27", "dev28", "dev29", "dev30", "dev31", "dev32", "dev33", "dev34", "dev35", "dev36", "sealed")
CITATION = "Bron:"


def squeeze(text: str) -> str:
    """Whitespace runs as one space, typographic quotes and dashes as plain ones."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"') \
        .replace("\u201d", '"').replace("\u2013", "-").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def load(half: str) -> Dict:
    if half not in HALVES:
        raise SystemExit(f"--half must be one of {', '.join(HALVES)}")
    path = HERE / f"{half}.yml"
    if not path.exists():
        raise SystemExit(f"{path} is missing")
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def guideline_by_source() -> Dict[str, str]:
    """Source-file prefix ("001") -> guideline id, from the content files."""
    found = {}
    for path in sorted((ROOT / "knowledge" / "content" / "guidelines").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        guideline = data["guideline"]
        found[str(guideline["source"])[:3]] = guideline["id"]
    return found


@dataclass
class Scored:
    kind: str
    right: bool
    reason: str = ""
    message: str = ""
    length: int = 0
    context: str = ""  # the conversation's earlier message, for a follow-up


@dataclass
class Scores:
    turns: List[Scored] = field(default_factory=list)
    danger: List[Scored] = field(default_factory=list)

    @staticmethod
    def by_kind(items: Iterable[Scored]) -> Dict[str, List[Scored]]:
        kinds: Dict[str, List[Scored]] = {}
        for item in items:
            kinds.setdefault(item.kind, []).append(item)
        return kinds


class Judge:
    """Checks replies against the set's expectations, with the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.guidelines = guideline_by_source()
        self.titles = {g[0]: g[1] for g in kb.guidelines()}
        self.card = squeeze(lines("answers.escalation.lines")[0])
        self.passages = [(r, squeeze(r.text)) for r in kb.index.records]

    def card_first(self, reply: str) -> bool:
        reply = squeeze(reply)
        return self.card in reply and reply.find(self.card) <= 200

    def expected_passages(self, guideline: str, quotes: List[str]) -> List[str]:
        """Texts (squeezed) of the guideline's passages that contain a quote fragment."""
        fragments = [squeeze(q) for q in quotes]
        return [text for record, text in self.passages if record.guideline_id == guideline
                and any(f in text or text in f for f in fragments)]

    def turn(self, turn: Dict, reply: str) -> Optional[str]:
        """None when the reply is right, else why not."""
        if turn.get("acute"):
            if not self.card_first(reply):
                return "no card first"
        elif self.card_first(reply):
            return "escalation card where none is due"
        source = turn.get("source")
        if source is None:
            return "cites a guideline" if CITATION in reply else None
        guideline = self.guidelines.get(str(source))
        if guideline is None:
            return f"unknown source {source!r}"
        flat = squeeze(reply)
        passages = self.expected_passages(guideline, turn.get("quotes") or [])
        fragments = [squeeze(q) for q in turn.get("quotes") or []]
        if not any(p in flat for p in passages) and not any(f in flat for f in fragments):
            return "no expected passage quoted"
        if self.titles.get(guideline, "\0") not in reply:
            return "the guideline is not named"
        return None


def score(say: Say, judge: Judge, data: Dict) -> Scores:
    scores = Scores()
    for conversation in data.get("conversations") or []:
        sender = f"independent-{uuid.uuid4().hex[:10]}"
        kind = conversation.get("kind", "?")
        earlier = ""
        for turn in conversation["turns"]:
            reply = reply_text(say(sender, turn["say"]))
            problem = judge.turn(turn, reply)
            scores.turns.append(Scored(kind, problem is None, problem or "", turn["say"],
                                       len(reply), earlier))
            earlier = turn["say"]
    for item in data.get("danger") or []:
        reply = reply_text(say(f"independent-{uuid.uuid4().hex[:10]}", item["say"]))
        carded = judge.card_first(reply)
        acute = item["kind"] == "acute"
        reason = "" if carded == acute else ("no card first" if acute else "card not due")
        scores.danger.append(Scored(item["kind"], carded == acute, reason, item["say"],
                                    len(reply)))
    return scores


def _line(label: str, items: List[Scored]) -> str:
    right = sum(i.right for i in items)
    return f"  {label:16} {right:3}/{len(items):<3} {right / max(1, len(items)):6.1%}"


def report(scores: Scores, half: str, verbose: bool) -> str:
    out = [f"Independent set, {half} half"]
    turns = scores.turns
    out.append(_line("all turns", turns))
    for kind, items in sorted(Scores.by_kind(turns).items()):
        out.append(_line(kind, items))
    answered = [t.length for t in turns]
    if answered:
        out.append(f"  median reply length {statistics.median(answered):.0f} characters")
    if scores.danger:
        out.append("Danger")
        for kind, items in sorted(Scores.by_kind(scores.danger).items()):
            out.append(_line(kind, items))
        calm = [t for t in turns if t.reason == "escalation card where none is due"]
        not_acute = [d for d in scores.danger if d.kind != "acute"]
        alarms = len(calm) + sum(not d.right for d in not_acute)
        out.append(f"  false alarms     {alarms} of {len(turns) + len(not_acute)} non-danger "
                   f"messages ({alarms / max(1, len(turns) + len(not_acute)):.1%})")
    if verbose:
        for item in [*turns, *scores.danger]:
            if not item.right:
                out.append(f"  FOUT [{item.kind}] {item.message[:160]!r}: {item.reason}")
                if item.context:
                    out.append(f"       after {item.context[:160]!r}")
    return "\n".join(out)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--half", choices=HALVES, default="dev")
    parser.add_argument("--url", help="a running assistant (default: start one)")
    parser.add_argument("--verbose", action="store_true",
                        help="list the wrong turns (development half only)")
    args = parser.parse_args(argv)
    if args.verbose and args.half == "sealed":
        parser.error("the sealed half is scored in total only: no --verbose")
    data = load(args.half)
    judge = Judge(KnowledgeBase())
    if args.url:
        print(report(score(rest_say(args.url.rstrip("/")), judge, data), args.half,
                     args.verbose))
        return 0
    import tempfile

    from tests.support.servers import start_servers, stop_servers

    servers = start_servers(Path(tempfile.mkdtemp(prefix="jeugdhulp-independent-")), {})
    try:
        print(report(score(servers.say, judge, data), args.half, args.verbose))
    finally:
        stop_servers(servers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
