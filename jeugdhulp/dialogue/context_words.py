"""The words a follow-up adds to its conversation, and what they do to its search in the
conversation (``followup._in_conversation``): how often its own words count against the
context's, the compound of the last answer it names a part of, the passages of the last
answer it asks beyond, and whether it adds a word its conversation's guideline lacks."""
from __future__ import annotations

import re
from typing import List, Optional, Set

from jeugdhulp.dialogue.pointing import known_records
from jeugdhulp.dialogue.question import Question
from jeugdhulp.knowledge.analysis import analyze
from jeugdhulp.knowledge.base import KnowledgeBase
from jeugdhulp.knowledge.search import Hit
from jeugdhulp.text import fold

# A follow-up's own words count this many times in its search, against its context once.
# Stop 34, follow-up turns of dev2-dev6: 339, 342 and 341 of 426 right with 2, 3 and 4
# (the unread dev7 and dev8: 77 -> 79 of 101 and 75 -> 76 of 106 with 3).
OWN_WORDS_WEIGHT = 3
COMPOUND_PART = 4  # letters of each part of a compound a follow-up names a part of
# More times (up to OWN_WORDS_MAX) when the context's words alone match far more strongly
# than the follow-up's own (``own_weight``). Stop 36: 5 turns of dev-dev6 gained, none lost
# (with 6 and 1.0: 4); the unread dev7-dev10 did not move.
OWN_WORDS_MAX = 8
OWN_OVER_CONTEXT = 1.5


def beyond_the_guideline(kb: KnowledgeBase, own: List[Hit], text: str, context: str,
                         conversation: Optional[str]) -> bool:
    """Whether a follow-up adds a word that its own best passage has and no passage of the
    conversation's guideline: "ok. en als mijn analyse af is, moet de gedragswetenschapper
    er nog naar kijken?" after the information to gather (MPG) asks what the guideline on
    deciding together says, which the MPG guideline cannot."""
    if conversation is None or own[0].passage.guideline_id == conversation:
        return False
    best = kb.index.doc_terms.get(own[0].passage.key, frozenset())
    added = [w for w in added_words(text, context) if w in best]
    return bool(added) and not kb.index.guideline_terms(conversation) & set(added)


def other_items(kb: KnowledgeBase, sources: List[str]) -> Set[str]:
    """The other items of the lists the last answer quoted an item of."""
    items = {key for source in sources for c in kb.collections_of(source)
             for _, key in c.items}
    return items - set(sources)


def own_weight(kb: KnowledgeBase, asked: str, context: str, guideline: Optional[str]) -> int:
    """How many times the follow-up's own words go into its search: OWN_WORDS_WEIGHT, or as
    many (up to OWN_WORDS_MAX) as it takes for them to weigh OWN_OVER_CONTEXT times the
    best match of the context's words. "welke info moet ik daarvoor verzamelen?" after "hoe
    beoordeel ik of moeder het goed genoeg doet?" asks for the information to gather; three
    times its two words lost to the context's passage on "goed genoeg" ouderschap."""
    own = kb.search(asked, limit=1, prefer_guideline=guideline)
    ctx = kb.search(context, limit=1, prefer_guideline=guideline)
    if not own or not ctx or own[0].lexical <= 0:
        return OWN_WORDS_WEIGHT
    need = int(OWN_OVER_CONTEXT * ctx[0].lexical / own[0].lexical) + 1
    return max(OWN_WORDS_WEIGHT, min(OWN_WORDS_MAX, need))


def added_words(asked: str, context: str) -> Set[str]:
    """The words a follow-up adds to its context."""
    return set(analyze(asked)) - set(analyze(context))


def as_compound_shown(kb: KnowledgeBase, q: Question, asked: str, context: str) -> str:
    """The follow-up with the one word it adds, where the conversation's answers quoted it
    only as the first part of one compound, replaced by that compound: "moet er ook iets
    over veiligheid in?" after a family plan whose quotes say "Onderdeel van het gezinsplan
    is een veiligheidsplan" asks about that safety plan ("en daarvoor, het inschatten van
    de veiligheid?" adds two words: not)."""
    added = added_words(asked, context)
    if len(added) != 1 or len(next(iter(added))) < COMPOUND_PART:
        return asked
    word = added.pop()
    records = known_records(kb, [key for keys in [q.sources, *q.earlier_sources] for key in keys])
    if any(word in analyze(record.text) for record in records):  # their own words
        return asked
    texts = " ".join(fold(record.text) for record in records)
    compounds = set(re.findall(rf"\b{re.escape(word)}s?\w{{{COMPOUND_PART},}}", texts))
    if len(compounds) != 1:
        return asked
    return re.sub(rf"\b{re.escape(word)}\b", compounds.pop(), asked, flags=re.IGNORECASE)


def asked_beyond(kb: KnowledgeBase, shown: List[str], asked: str, context: str,
                 moved: Optional[str] = None) -> List[str]:
    """The passages of the last answer that the follow-up asks beyond: those without any
    word the follow-up adds to its context ("ook in gedwongen kader?" after the basic
    attitude). A passage that has one is what it asks about ("wat is positioneren dan?"),
    and so is one of the guideline the follow-up ``moved`` to."""
    added = added_words(asked, context)
    return [key for key in shown
            if key in kb.index.doc_terms and not added & kb.index.doc_terms[key]
            and kb.record(key).guideline_id != moved]
