"""Every reply of the assistant to a fixed set of messages, for comparing two versions.

    python -m tests.eval.snapshot OUT.jsonl [--url http://localhost:5005]
    python -m tests.eval.snapshot --compare BEFORE.jsonl AFTER.jsonl

A refactor that must leave behaviour unchanged is checked by taking a snapshot before and
after and comparing them: every message of the question set and the multi-turn cases, and
every training example of the NLU data, each as the first turn of a new conversation (the
multi-turn cases in their conversation). Practice-round messages are left out: a round
draws its questions at random. Without --url it starts its own servers.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
QUIZ_INTENTS = {"start_quiz", "quiz_answer", "stop_quiz"}


def conversations() -> Iterator[Tuple[str, List[str]]]:
    """(name, messages) of every conversation to replay."""
    questions = yaml.safe_load((HERE / "questions.yml").read_text(encoding="utf-8"))
    for q in questions["questions"]:
        yield f"question: {q['q']}", [q["q"]]
    cases = yaml.safe_load((HERE / "conversations.yml").read_text(encoding="utf-8"))
    for case in cases["conversations"]:
        yield f"conversation: {case['name']}", [t["say"] for t in case["turns"]]
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            if "intent" not in block or block["intent"] in QUIZ_INTENTS:
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = line.strip()[2:].strip() if line.strip().startswith("- ") else ""
                if text:
                    yield f"{block['intent']}: {text}", [_plain(text)]


def _plain(example: str) -> str:
    """A training example without its entity annotations: "[MST](intervention)" -> "MST"."""
    import re

    text = re.sub(r"\[([^\]]*)\]\{[^}]*\}", r"\1", example)
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)


def take(say, out: Path) -> int:  # type: ignore[no-untyped-def]
    count = 0
    with out.open("w", encoding="utf-8") as stream:
        for number, (name, messages) in enumerate(conversations()):
            sender = f"snapshot-{number}"
            replies = [say(sender, m) for m in messages]
            stream.write(json.dumps({"name": name, "messages": messages,
                                     "replies": replies}, ensure_ascii=False) + "\n")
            count += 1
    return count


def compare(before: Path, after: Path) -> int:
    def load(path: Path) -> Dict[str, dict]:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return {f"{r['name']} {r['messages']}": r for r in rows}

    a, b = load(before), load(after)
    differ = [k for k in a if k in b and a[k]["replies"] != b[k]["replies"]]
    missing = [k for k in a if k not in b] + [k for k in b if k not in a]
    for key in differ[:20]:
        print(f"VERSCHIL {key}\n  voor: {a[key]['replies']}\n  na:   {b[key]['replies']}")
    print(f"{len(a)} gesprekken, {len(differ)} met een ander antwoord, "
          f"{len(missing)} niet in beide")
    return 1 if differ or missing else 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", nargs="?")
    parser.add_argument("--url")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args(argv)
    if args.compare:
        return compare(Path(args.compare[0]), Path(args.compare[1]))
    if not args.out:
        parser.error("name the output file")
    from tests.eval.e2e import rest_say

    if args.url:
        count = take(rest_say(args.url.rstrip("/")), Path(args.out))
    else:
        from tests.support.servers import start_servers, stop_servers

        servers = start_servers(Path(tempfile.mkdtemp(prefix="jeugdhulp-snapshot-")), {})
        try:
            count = take(servers.say, Path(args.out))
        finally:
            stop_servers(servers)
    print(f"{count} gesprekken vastgelegd in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
