"""The shape of the code: no import cycles between the top-level packages (jeugdhulp,
actions, knowledge), nor between the rooms of jeugdhulp (knowledge, dialogue, quiz, ...).
A cycle means two concerns cannot be understood, tested or changed one at a time."""
import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOP_LEVEL = ("jeugdhulp", "actions", "knowledge")


def _imports():
    """(importing module path parts, imported dotted name) for every import in the code."""
    found = []
    for top in TOP_LEVEL:
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found += [(parts, alias.name) for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    found += [(parts, node.module)]
                    found += [(parts, f"{node.module}.{alias.name}") for alias in node.names]
    return found


def _cycles(graph):
    """Every pair of nodes that reach each other."""
    def reachable(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen
    reach = {node: reachable(node) for node in graph}
    return sorted({tuple(sorted((a, b))) for a in graph for b in reach[a]
                   if a != b and a in reach.get(b, set())})


def _graph(level):
    graph = defaultdict(set)
    for parts, name in _imports():
        target = name.split(".")
        if level == "top":
            source, dest = parts[0], target[0]
            if dest in TOP_LEVEL and dest != source:
                graph[source].add(dest)
        elif parts[0] == "jeugdhulp" and target[0] == "jeugdhulp" and len(target) > 1:
            source = parts[1]
            dest = target[1]
            if dest != source and (ROOT / "jeugdhulp" / dest).is_dir() \
                    and (ROOT / "jeugdhulp" / source).is_dir():
                graph[source].add(dest)
    return graph


def test_no_import_cycle_between_the_top_level_packages():
    graph = _graph("top")
    assert graph["actions"] == {"jeugdhulp"} and graph["knowledge"] == {"jeugdhulp"}
    assert not _cycles(graph)


def test_no_import_cycle_between_the_rooms_of_the_application():
    graph = _graph("rooms")
    assert graph, "no imports between rooms found: the test reads nothing"
    assert not _cycles(graph), dict(graph)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [("a", "b"), ("a", "c"), ("b", "c")]
    assert _cycles({"a": {"b"}, "b": set()}) == []
