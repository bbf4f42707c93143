"""End-to-end evaluation through the REST channel of a running assistant.

    python -m tests.eval.e2e [--url http://localhost:5005] [--verbose]

Without --url it starts its own servers (as `make run` does, on free ports). Sends every
question of tests/eval/questions.yml as the first turn of a new conversation, and every
multi-turn case of tests/eval/conversations.yml. A question counts as answered when the
reply quotes one of its expected passages verbatim and names the guideline the passage
comes from; the other checks are described in conversations.yml.
"""
from __future__ import annotations

import argparse
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

import requests
import yaml

from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.messages import lines
from tests.eval.retrieval import load_questions

HERE = Path(__file__).resolve().parent
Say = Callable[[str, str], List[Dict]]


@dataclass
class Outcome:
    name: str
    passed: bool
    reason: str = ""
    style: str = "conversation"


@dataclass
class Report:
    outcomes: List[Outcome] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return sum(o.passed for o in self.outcomes) / max(1, len(self.outcomes))

    def failures(self) -> List[Outcome]:
        return [o for o in self.outcomes if not o.passed]


def reply_text(messages: List[Dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def check_turn(kb: KnowledgeBase, turn: Dict, reply: str) -> Optional[str]:
    """None when the reply meets the turn's expectations, else what is wrong."""
    quotes = turn.get("quotes") or turn.get("expected") or []
    if quotes:
        records = [kb.record(k) for k in quotes]
        quoted = [r for r in records if r.text in reply]
        if not quoted:
            return "none of the expected passages is quoted"
        if not any(r.guideline_title in reply for r in quoted):
            return "the guideline of the quote is not named"
    for text in turn.get("contains") or []:
        if text not in reply:
            return f"missing {text!r}"
    if turn.get("no_citation") and "Bron:" in reply:
        return "cites a guideline where it should not"
    if turn.get("card"):
        first_line = lines("answers.escalation.lines")[0]
        if first_line not in reply or reply.find(first_line) > 200:
            return "no escalation card first"
    return None


def conversation_cases() -> List[Dict]:
    """The multi-turn cases of conversations.yml: {"name", "turns"}."""
    data = yaml.safe_load((HERE / "conversations.yml").read_text(encoding="utf-8"))
    return list(data["conversations"])


def run_case(say: Say, kb: KnowledgeBase, case: Dict) -> List[Outcome]:
    """One multi-turn case in a new conversation: an outcome per turn."""
    sender = f"eval-{uuid.uuid4().hex[:10]}"
    outcomes = []
    for turn in case["turns"]:
        reply = reply_text(say(sender, turn["say"]))
        problem = check_turn(kb, turn, reply)
        outcomes.append(Outcome(f"{case['name']}: {turn['say']}", problem is None,
                                problem or ""))
    return outcomes


def run(say: Say, kb: KnowledgeBase) -> Report:
    report = Report()
    for q in load_questions():
        reply = reply_text(say(f"eval-{uuid.uuid4().hex[:10]}", q.text))
        problem = check_turn(kb, {"quotes": q.expected}, reply)
        report.outcomes.append(Outcome(q.text, problem is None, problem or "", q.style))
    for case in conversation_cases():
        report.outcomes.extend(run_case(say, kb, case))
    return report


def print_report(report: Report, verbose: bool = False) -> None:
    styles: Dict[str, List[Outcome]] = {}
    for o in report.outcomes:
        styles.setdefault(o.style, []).append(o)
    print(f"{sum(o.passed for o in report.outcomes)}/{len(report.outcomes)} "
          f"goed beantwoord ({report.rate:.1%})")
    for style, outcomes in sorted(styles.items()):
        ok = sum(o.passed for o in outcomes)
        print(f"  {style:14} {ok}/{len(outcomes)}")
    if verbose:
        for o in report.failures():
            print(f"  FOUT {o.name}: {o.reason}")


def rest_say(url: str) -> Say:
    def say(sender: str, text: str) -> List[Dict]:
        response = requests.post(f"{url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        return response.json()
    return say


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="a running assistant (default: start one)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    kb = KnowledgeBase()
    if args.url:
        print_report(run(rest_say(args.url.rstrip("/")), kb), args.verbose)
        return 0
    import tempfile

    from tests.support.servers import start_servers, stop_servers

    servers = start_servers(Path(tempfile.mkdtemp(prefix="jeugdhulp-eval-")), {})
    try:
        print_report(run(servers.say, kb), args.verbose)
    finally:
        stop_servers(servers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
