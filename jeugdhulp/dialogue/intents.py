"""What each intent means: the one table every part of the assistant reads.

The NLU predicts an intent; the dialogue (``domain.yml``, ``data/rules``) picks the action;
the actions ask this table what the intent is. ``tests/unit/jeugdhulp/dialogue`` compares
it with the intents of ``domain.yml``, so an intent cannot be added in one place only.

Kinds:
    question      a question about what the guidelines say; ``action_answer`` answers it
                  (``jeugdhulp.dialogue.answering``)
    lookup        a request answered from the guidelines' structure (topics, sources,
                  search), reached mostly through buttons and quick commands
    follow_up     about the previous answer ("meer", "waar staat dat?")
    conversation  small talk, help, out of scope, another language: a response of the domain
    quiz          practice rounds (``jeugdhulp.quiz``)
    danger        acute danger to a child: the escalation card first
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, Iterable, List, Mapping, Optional

KINDS = ("question", "lookup", "follow_up", "conversation", "quiz", "danger")
FALLBACK = "nlu_fallback"  # Rasa's FallbackClassifier: the NLU was not sure


@dataclass(frozen=True)
class Intent:
    name: str
    kind: str
    guideline: Optional[str] = None  # the guideline its questions are about (a preference)
    structure: Optional[str] = None  # a list it asks for whole (answers.yml: structures)
    about_intervention: bool = False  # a follow-up about the intervention talked about

    @property
    def answered_from_guidelines(self) -> bool:
        """Whether ``action_answer`` answers it (also in a practice round and after the
        escalation card)."""
        return self.kind in ("question", "lookup")


def _table(*intents: Intent) -> Dict[str, Intent]:
    return {i.name: i for i in intents}


INTENTS: Dict[str, Intent] = _table(
    Intent("greet", "conversation"),
    Intent("goodbye", "conversation"),
    Intent("thank", "conversation"),
    Intent("help", "conversation"),
    Intent("bot_challenge", "conversation"),
    Intent("feedback", "conversation"),
    Intent("out_of_scope", "conversation"),
    Intent("other_language", "conversation"),
    Intent("list_commands", "conversation"),
    Intent("empty_message", "conversation"),
    Intent("ask_more", "follow_up"),
    Intent("ask_source", "follow_up"),
    Intent("ask_effectiveness", "question", about_intervention=True),
    Intent("ask_target_group", "question", about_intervention=True),
    Intent("ask_age_range", "question", about_intervention=True),
    Intent("ask_intervention", "question", guideline="kindermishandeling"),
    Intent("ask_interventions_for", "question", guideline="kindermishandeling"),
    Intent("compare_interventions", "question"),
    Intent("ask_first_contact", "question", guideline="mpg-gedwongen-kader",
           structure="first_contact"),
    Intent("ask_working_factors", "question", guideline="kindermishandeling",
           structure="working_factors"),
    Intent("ask_neglect_help", "question", guideline="kindermishandeling",
           structure="neglect_help"),
    # Any other question about what a guideline says: the NLU's guideline classifier says
    # which guideline (jeugdhulp.nlu.guideline_classifier), the search finds the passage.
    Intent("ask_guideline", "question"),
    Intent("ask_definition", "question"),
    Intent("ask_topic", "lookup"),
    Intent("list_sources", "lookup"),
    Intent("search_command", "lookup"),
    Intent("report_danger", "danger"),
    Intent("start_quiz", "quiz"),
    Intent("quiz_answer", "quiz"),
    Intent("stop_quiz", "quiz"),
)

def intent(name: str) -> Optional[Intent]:
    return INTENTS.get(name)


def kind_of(name: str) -> str:
    found = INTENTS.get(name)
    return found.kind if found else ""


def answered_from_guidelines(name: str) -> bool:
    found = INTENTS.get(name)
    return bool(found and found.answered_from_guidelines)


def ranked(parse_data: Optional[Mapping[str, Any]], excluding: Iterable[str] = ()
           ) -> List[Dict[str, Any]]:
    """The NLU's intent ranking without the fallback and the given intents: what else the
    message could be ("the next best intent")."""
    left_out = {FALLBACK, *excluding}
    return [r for r in (parse_data or {}).get("intent_ranking") or []
            if isinstance(r, dict) and r.get("name") not in left_out]


def next_best(parse_data: Optional[Mapping[str, Any]], excluding: Iterable[str] = ()
              ) -> Dict[str, Any]:
    """The best of ``ranked``, or an empty dict."""
    found = ranked(parse_data, excluding)
    return found[0] if found else {}
