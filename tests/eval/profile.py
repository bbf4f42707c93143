"""Sums up py-spy's collapsed stacks (``make bench PROFILE=dir``): for each server process,
the functions with the largest inclusive share of the samples (a function counted once per
sample, however deep it recurs), and the largest self share.

    python -m tests.eval.profile DIR [--top 25] [--match TEXT]
"""
import argparse
import collections
import re
from pathlib import Path
from typing import Dict, List, Optional, Tuple

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>.*?)(?::(?P<line>\d+))?\)$")


def short(frame: str) -> str:
    """'handle (rasa/core/agent.py:123)' -> 'handle rasa/core/agent.py'."""
    match = FRAME.match(frame)
    if not match:
        return frame
    path = match.group("file")
    for marker in ("site-packages/", "lib/python3.10/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    path = path.replace(str(Path.cwd()) + "/", "")
    return f"{match.group('func')} {path}"


def read(paths: List[Path]) -> Tuple[collections.Counter, collections.Counter, int]:
    inclusive: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    total = 0
    for path in paths:
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            frames = [short(f) for f in stack.split(";")]
            total += n
            for frame in set(frames):
                inclusive[frame] += n
            own[frames[-1]] += n
    return inclusive, own, total


def report(folder: Path, top: int = 25, match: Optional[str] = None) -> str:
    groups: Dict[str, List[Path]] = collections.defaultdict(list)
    for path in sorted(folder.glob("*-round*.txt")):
        groups[path.name.rsplit("-round", 1)[0]].append(path)
    lines = []
    for group, paths in groups.items():
        inclusive, own, total = read(paths)
        if not total:
            continue
        lines.append(f"== {group}: {total} samples in {len(paths)} rounds")
        lines.append("   inclusive  self  function")
        shown = 0
        for frame, n in inclusive.most_common():
            if match and match not in frame:
                continue
            lines.append(f"   {100 * n / total:8.1f}% {100 * own[frame] / total:5.1f}%  {frame}")
            shown += 1
            if shown >= top:
                break
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--match", help="only functions whose name or file contains this")
    args = parser.parse_args()
    print(report(args.folder, args.top, args.match))


if __name__ == "__main__":
    main()
