"""Loading the acute-danger rules: ``rules.yml`` -> a checked, compiled ``RuleSet``.

The rules are data so that they can be read and reviewed as rules, not as Python; this
module only turns them into what the engine needs (compiled regular expressions, word
sets, a word -> tense lexicon) and refuses a file it cannot trust. ``assess`` runs on every
message and the engine never raises, so a malformed rules file must fail loudly here, at
import, with an error that names the entry -- not silently make every message "not acute".
The file's own comments explain the format; ``README.md`` explains the rules.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, Iterable, List, Pattern, Tuple

import yaml

from jeugdhulp.safety.ruleset import (
    TENSES,
    BareReport,
    Rule,
    RuleSet,
    RulesError,
    Suppressor,
    Tense,
)

RULES_FILE = Path(__file__).with_name("rules.yml")

#: Which cues a cue kind holds; only the first two can be a rule's danger.
CUE_KINDS: Tuple[str, ...] = ("needs_context", "acute", "context", "frames")
SUPPRESSOR_PLACES: Tuple[str, ...] = ("message", "before", "near", "preceded")
SECTIONS: Tuple[str, ...] = ("typos", "verbs", "tense", "words", "fragments", "cues", "cue_groups",
                             "tight_cues", "urgent_only_with_danger", "rules", "exclamation_cue",
                             "general_nouns", "habitual",
                             "bare_report", "suppressors")

_PLACEHOLDER = re.compile(r"\{([a-z_]+[0-9]*)\}")
_GAP = re.compile(r"gap([0-9]+)")


def load_rules(path: Path = RULES_FILE) -> RuleSet:
    """Read, check and compile a rules file; ``RulesError`` names what is wrong where."""
    try:
        with open(path, encoding="utf-8") as stream:
            data = yaml.load(stream, Loader=UniqueKeyLoader)
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{Path(path).name}: cannot read: {exc}") from exc
    return _Compiler(Path(path).name, data).ruleset()


# --------------------------------------------------------------------------------------
# Pattern building blocks: what word lists, {gapN} and verb tables of rules.yml become
# --------------------------------------------------------------------------------------

def alternation(words: Iterable[str]) -> str:
    """One regex group of alternatives, longest first (a longer phrase wins over its start)."""
    return "(?:" + "|".join(sorted(set(words), key=lambda w: (-len(w), w))) + ")"


def gap(n: int) -> str:
    """Up to n arbitrary words (never crosses a sentence or clause boundary)."""
    return rf"(?:[a-z0-9]+ ){{0,{n}}}"


def whole_words(alternatives: Iterable[str]) -> str:
    """One cue from several alternatives, each matched as whole words."""
    return "|".join(rf"\b(?:{a})\b" for a in alternatives)


def verb_forms(forms: Iterable[str]) -> List[str]:
    """The given forms plus the d/t typo of every form ending in d or t (slaat -> slaad)."""
    out: List[str] = []
    for form in forms:
        for f in form.split():
            out.append(f)
            if f.endswith("t") and not f.endswith("dt"):
                out.append(f[:-1] + "d")
            elif f.endswith("d"):
                out.append(f[:-1] + "t")
    return out


def verb_lexicon(rows: Iterable[Tuple[str, str, str, str]]) -> Dict[str, str]:
    """word -> tense for rows (infinitive, present, past, participle); the first column that
    has a word wins, and real forms win over d/t typos (mishandeld is a participle)."""
    rows = list(rows)
    lexicon: Dict[str, str] = {}
    for typos in (False, True):
        for inf, pres, past, part in rows:
            for tense, forms in (("pres", pres), ("inf", inf), ("part", part), ("past", past)):
                for form in (verb_forms([forms]) if typos else forms.split()):
                    lexicon.setdefault(form, tense)
    return lexicon


class UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that refuses a key twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> Dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


# --------------------------------------------------------------------------------------
# Checking and compiling
# --------------------------------------------------------------------------------------

class _Compiler:
    """Turns the parsed YAML into a RuleSet; every check says where (``file: entry``)."""

    def __init__(self, name: str, data: Any) -> None:
        self.name = name
        self.data = self.mapping(data, "top level", required=SECTIONS)
        self.lists: Dict[str, str] = {}  # placeholder -> alternation
        self.fragments: Dict[str, Any] = {}
        self.verb_tables: List[Dict[str, str]] = []
        self.kinds: Dict[str, str] = {}  # cue -> kind
        self.alternatives: Dict[str, List[str]] = {}  # cue -> its expanded alternatives

    def ruleset(self) -> RuleSet:
        self.read_word_lists()
        cues = self.read_cues()
        patterns = {name: self.compile_cue(name, rx) for name, rx in cues.items()}
        tense = self.read_tense()
        rules = tuple(self.read_rule(entry, f"rules[{i}]")
                      for i, entry in enumerate(self.section("rules", list)))
        bare = self.read_bare_report()
        return RuleSet(
            cues=cues, patterns=patterns,
            needs_context=tuple(c for c, k in self.kinds.items() if k == "needs_context"),
            acute_alone=tuple(c for c, k in self.kinds.items() if k == "acute"),
            rules=rules, suppressors=self.read_suppressors(), typos=self.read_typos(), tense=tense,
            tight_cues=self.read_tight_cues(), tight_barriers=self.read_tight_barriers(),
            tight_dated=self.read_tight_dated(),
            exclamation_cue=self.cue_name(
                self.section("exclamation_cue", str), "exclamation_cue"),
            general_nouns=self.read_general_nouns(), habitual=self.read_habitual(),
            bare_report=bare, urgent=self.cue_group("urgent"), figures=self.cue_group("figures"),
            soon=self.cue_group("soon"), someone=self.cue_group("someone"),
            urgent_only_with_danger=tuple(w.lower() for w in self.strings(
                self.data.get("urgent_only_with_danger") or [], "urgent_only_with_danger")),
        )

    def cue_group(self, name: str) -> Tuple[str, ...]:
        where = f"cue_groups.{name}"
        return tuple(self.cue_name(c, where) for c in self.strings(
            self.section("cue_groups", dict).get(name, []), where))

    # -- generic checks ----------------------------------------------------------------

    def error(self, where: str, problem: str) -> RulesError:
        return RulesError(f"{self.name}: {where}: {problem}")

    def mapping(self, value: Any, where: str, allowed: Iterable[str] = (), required: Iterable[str] = ()
                ) -> Dict[str, Any]:
        if not isinstance(value, dict):
            raise self.error(where, f"expected a mapping, got {type(value).__name__}")
        allowed = set(allowed) | set(required)
        if allowed and set(value) - allowed:
            raise self.error(where, f"unknown key(s) {sorted(map(str, set(value) - allowed))}")
        missing = [k for k in required if k not in value]
        if missing:
            raise self.error(where, f"missing key(s) {missing}")
        return value

    def section(self, key: str, kind: type) -> Any:
        if key not in self.data:
            raise self.error(key, "missing section")
        value = self.data[key]
        if not isinstance(value, kind):
            raise self.error(key, f"expected {kind.__name__}, got {type(value).__name__}")
        return value

    def strings(self, value: Any, where: str, empty_ok: bool = False) -> List[str]:
        if not isinstance(value, list):
            raise self.error(where, f"expected a list of words, got {type(value).__name__}")
        for i, item in enumerate(value):
            if not isinstance(item, str) or (not item and not empty_ok):
                raise self.error(f"{where}[{i}]", f"expected a word (text), got {item!r}"
                                 " (quote numbers and yes/no/on/off)")
        return value

    def integer(self, value: Any, where: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise self.error(where, f"expected a whole number >= 0, got {value!r}")
        return value

    def cue_name(self, name: Any, where: str) -> str:
        if name not in self.kinds:
            raise self.error(where, f"unknown cue {name!r}")
        return name

    def compile(self, regex: str, where: str) -> Pattern[str]:
        try:
            return re.compile(regex)
        except re.error as exc:
            raise self.error(where, f"regular expression does not compile: {exc}") from exc

    def compile_cue(self, name: str, regex: str) -> Pattern[str]:
        """Compile a cue; when it fails, name the first alternative that fails on its own."""
        where = f"cues.{self.kinds[name]}.{name}"
        try:
            return re.compile(regex)
        except re.error:
            for i, alternative in enumerate(self.alternatives.get(name, [])):
                self.compile(alternative, f"{where}[{i}]")
            return self.compile(regex, where)

    # -- patterns ----------------------------------------------------------------------

    def pattern(self, value: Any, where: str) -> str:
        """A pattern: text, or a list of pieces joined without anything in between."""
        if isinstance(value, list):
            return "".join(self.strings(value, where))
        if not isinstance(value, str) or not value:
            raise self.error(where, f"expected a pattern (text), got {value!r}")
        return value

    def expand(self, pattern: str, where: str, depth: int = 0) -> str:
        """Replace {name} by a word list, a fragment or a gap."""
        def replace(m: "re.Match[str]") -> str:
            name = m.group(1)
            if _GAP.fullmatch(name):
                return gap(int(name[3:]))
            if name in self.lists:
                return self.lists[name]
            if name in self.fragments:
                if depth > 5:
                    raise self.error(where, f"fragments nested too deep (a cycle?) at {{{name}}}")
                return self.expand(self.pattern(self.fragments[name], f"fragments.{name}"),
                                   f"fragments.{name}", depth + 1)
            raise self.error(where, f"unknown placeholder {{{name}}}")
        return _PLACEHOLDER.sub(replace, pattern)

    def read_word_lists(self) -> None:
        for name, rows in self.mapping(self.section("verbs", dict), "verbs").items():
            where = f"verbs.{name}"
            if not isinstance(rows, list):
                raise self.error(where, "expected a list of verb rows")
            for i, row in enumerate(rows):
                if len(self.strings(row, f"{where}[{i}]", empty_ok=True)) != 4:
                    raise self.error(f"{where}[{i}]", "expected [infinitive, present, past, participle]")
            lexicon = verb_lexicon(tuple(row) for row in rows)
            for table in self.verb_tables:
                shared = sorted(set(table) & set(lexicon))
                if shared:
                    raise self.error(where, f"forms also in another verb table: {shared[:5]}")
            self.verb_tables.append(lexicon)
            self.lists[name] = alternation(lexicon)
        for name, words in self.mapping(self.section("words", dict), "words").items():
            where = f"words.{name}"
            if isinstance(words, dict):
                words = verb_forms(self.strings(self.mapping(words, where, required=["dt_typos"])["dt_typos"],
                                                f"{where}.dt_typos"))
            self.lists[name] = alternation(self.strings(words, where))
        self.fragments = self.mapping(self.section("fragments", dict), "fragments")

    def read_cues(self) -> Dict[str, str]:
        cues: Dict[str, str] = {}
        for kind, entries in self.mapping(self.section("cues", dict), "cues", required=CUE_KINDS).items():
            for name, value in self.mapping(entries, f"cues.{kind}").items():
                where = f"cues.{kind}.{name}"
                if name in cues:
                    raise self.error(where, f"cue {name!r} is defined twice")
                if isinstance(value, dict):
                    rx = self.expand(self.pattern(self.mapping(value, where, required=["regex"])["regex"], where),
                                     where)
                elif isinstance(value, list) and value:
                    alternatives = [self.expand(self.pattern(alt, f"{where}[{i}]"), f"{where}[{i}]")
                                    for i, alt in enumerate(value)]
                    rx = whole_words(alternatives)
                    self.alternatives[name] = alternatives
                else:
                    raise self.error(where, "expected a list of alternatives or {regex: ...}")
                cues[name] = rx
                self.kinds[name] = kind
        return cues

    # -- the rest ----------------------------------------------------------------------

    def read_typos(self) -> Dict[str, str]:
        typos = self.mapping(self.section("typos", dict), "typos")
        for typo, word in typos.items():
            if not isinstance(typo, str) or not isinstance(word, str) or not word:
                raise self.error(f"typos.{typo}", f"expected word: word, got {typo!r}: {word!r}")
        return dict(typos)

    def read_habitual(self) -> Pattern[str]:
        words = self.strings(self.section("habitual", list), "habitual")
        return self.compile(r"\b" + alternation(words) + r"\b", "habitual")

    def read_tense(self) -> Tense:
        where = "tense"
        t = self.mapping(self.section("tense", dict), where, required=(
            "cues", "idioms", "past_words", "passive", "progressive", "plural_subjects", "noun_makers"))
        passive = self.mapping(t["passive"], f"{where}.passive", required=("words", "reach"))
        subjects = self.mapping(t["plural_subjects"], f"{where}.plural_subjects", required=("words", "reach"))
        lexicon: Dict[str, str] = {}
        for table in self.verb_tables:
            for word, tense in table.items():
                lexicon.setdefault(word, tense)
        past = {w for w, t_ in lexicon.items() if t_ == "past"}
        return Tense(
            cues=frozenset(self.cue_name(c, f"{where}.cues") for c in self.strings(t["cues"], f"{where}.cues")),
            idioms=self.cue_name(t["idioms"], f"{where}.idioms"),
            lexicon=lexicon,
            past_words=frozenset(past | set(self.strings(t["past_words"], f"{where}.past_words"))),
            passive=frozenset(self.strings(passive["words"], f"{where}.passive.words")),
            passive_reach=self.integer(passive["reach"], f"{where}.passive.reach"),
            progressive=tuple(self.strings(t["progressive"], f"{where}.progressive")),
            plural_subjects=frozenset(self.strings(subjects["words"], f"{where}.plural_subjects.words")),
            subject_reach=self.integer(subjects["reach"], f"{where}.plural_subjects.reach"),
            noun_makers=frozenset(self.strings(t["noun_makers"], f"{where}.noun_makers")),
        )

    def read_tenses(self, value: Any, where: str) -> Tuple[str, ...]:
        tenses = tuple(self.strings(value, where))
        unknown = [t for t in tenses if t not in TENSES]
        if unknown:
            raise self.error(where, f"unknown tense(s) {unknown}; known: {list(TENSES)}")
        return tenses

    def read_rule(self, entry: Any, where: str) -> Rule:
        e = self.mapping(entry, where, allowed=("context", "window", "tenses"), required=("label", "danger"))
        where = f"{where} ({e['label']})"
        danger = self.cue_name(e["danger"], f"{where}.danger")
        context = e.get("context")
        if context is not None:
            if not isinstance(context, str):
                raise self.error(f"{where}.context", f"expected a cue name, got {context!r}")
            self.cue_name(context.lstrip("*"), f"{where}.context")
        if self.kinds[danger] not in ("needs_context", "acute"):
            raise self.error(f"{where}.danger", f"{danger!r} is a {self.kinds[danger]} cue, not a danger")
        if context is not None and self.kinds[danger] == "acute":
            raise self.error(f"{where}.context", f"{danger!r} is acute by itself: no context")
        if context is None and self.kinds[danger] == "needs_context":
            raise self.error(f"{where}.context", f"{danger!r} needs a context")
        return Rule(str(e["label"]), danger, context,
                    self.integer(e.get("window", 12), f"{where}.window"),
                    self.read_tenses(e["tenses"], f"{where}.tenses") if "tenses" in e else TENSES)

    def read_suppressors(self) -> Tuple[Suppressor, ...]:
        groups = {name: [self.cue_name(c, f"cue_groups.{name}") for c in self.strings(cues, f"cue_groups.{name}")]
                  for name, cues in self.mapping(self.section("cue_groups", dict), "cue_groups").items()}
        out = []
        for i, entry in enumerate(self.section("suppressors", list)):
            where = f"suppressors[{i}]"
            e = self.mapping(entry, where, required=("label", "where"), allowed=(
                "cue", "scope", "reach", "window", "words", "adjectives", "unless"))
            if e["where"] not in SUPPRESSOR_PLACES:
                raise self.error(f"{where}.where", f"expected one of {list(SUPPRESSOR_PLACES)}, got {e['where']!r}")
            if e["where"] != "preceded":
                self.cue_name(e.get("cue"), f"{where}.cue")
            if e.get("scope", "sentence") not in ("sentence", "clause"):
                raise self.error(f"{where}.scope", "expected sentence or clause")
            unless = self.mapping(e.get("unless", {}), f"{where}.unless", allowed=("groups", "window"))
            names = self.strings(unless.get("groups", []), f"{where}.unless.groups")
            for name in names:
                if name not in groups:
                    raise self.error(f"{where}.unless.groups", f"unknown cue group {name!r}")
            out.append(Suppressor(
                label=str(e["label"]), where=e["where"], cue=e.get("cue"), scope=e.get("scope", "sentence"),
                reach=self.integer(e.get("reach", 40), f"{where}.reach"),
                window=self.integer(e.get("window", 12), f"{where}.window"),
                words=frozenset(self.strings(e.get("words", []), f"{where}.words")),
                adjectives=frozenset(self.strings(e.get("adjectives", []), f"{where}.adjectives")),
                unless=tuple(c for name in names for c in groups[name]),
                unless_window=self.integer(unless.get("window", 12), f"{where}.unless.window")))
        return tuple(out)

    def read_tight_cues(self) -> Dict[str, int]:
        out = {}
        for name, spec in self.mapping(self.section("tight_cues", dict), "tight_cues").items():
            where = f"tight_cues.{name}"
            out[self.cue_name(name, where)] = self.integer(
                self.mapping(spec, where, allowed=("not_across", "not_after_dated"),
                             required=("reach",))["reach"],
                f"{where}.reach")
        return out

    def read_tight_barriers(self) -> Dict[str, frozenset]:
        """cue -> the words it does not pair across (``not_across``: "geslagen en woont nu")."""
        out = {}
        for name, spec in self.mapping(self.section("tight_cues", dict), "tight_cues").items():
            where = f"tight_cues.{name}.not_across"
            words = self.strings(spec.get("not_across", []), where)
            if words:
                out[self.cue_name(name, where)] = frozenset(words)
        return out

    def read_tight_dated(self) -> Dict[str, str]:
        """cue -> the cue that dates a completed act before it (``not_after_dated``)."""
        out = {}
        for name, spec in self.mapping(self.section("tight_cues", dict), "tight_cues").items():
            where = f"tight_cues.{name}.not_after_dated"
            if spec.get("not_after_dated") is not None:
                out[self.cue_name(name, where)] = self.cue_name(spec["not_after_dated"], where)
        return out

    def read_general_nouns(self) -> Dict[Tuple[str, str], Tuple[str, ...]]:
        out = {}
        for i, entry in enumerate(self.section("general_nouns", list)):
            where = f"general_nouns[{i}]"
            e = self.mapping(entry, where, required=("cue", "word", "contexts"))
            contexts = tuple(self.cue_name(c, f"{where}.contexts") for c in self.strings(e["contexts"], where))
            out[(self.cue_name(e["cue"], f"{where}.cue"), str(e["word"]))] = contexts
        return out

    def read_bare_report(self) -> BareReport:
        where = "bare_report"
        b = self.mapping(self.section(where, dict), where, required=(
            "label", "danger", "tenses", "max_words", "ignore", "question_words", "report_words"))
        report = alternation(self.strings(b["report_words"], f"{where}.report_words"))
        return BareReport(
            label=str(b["label"]), danger=self.cue_name(b["danger"], f"{where}.danger"),
            tenses=self.read_tenses(b["tenses"], f"{where}.tenses"),
            max_words=self.integer(b["max_words"], f"{where}.max_words"),
            ignore=frozenset(self.strings(b["ignore"], f"{where}.ignore")),
            question_words=frozenset(self.strings(b["question_words"], f"{where}.question_words")),
            report_words=self.compile(r"\b" + report + r"\b", f"{where}.report_words"),
        )
