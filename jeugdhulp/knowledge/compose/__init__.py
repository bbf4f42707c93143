"""Composing Answers from the knowledge base: one function per kind of question.

Leads and notes are our own words (knowledge/content/texts/answers.yml, plain Dutch, never
styled as quotes); every guideline sentence in an Answer is a verbatim passage with its
citation. Which passages, lists and topics an answer uses is content too
(knowledge/content/answers.yml). Answers are fitted to about 1,200 characters; what does
not fit is kept for "meer".

    interventions  what one is, for whom, how effective; for a problem and age; compared
    lists          named lists (steps, attention points), definitions, topics
    general        free questions (search), "not in the guidelines", follow-ups, the
                   escalation card
    sources        where the last answer's quotes come from; the guidelines answered from
"""
from jeugdhulp.knowledge.compose.common import (
    BUDGET,
    age_text,
    display_name,
    guideline_phrase,
)
from jeugdhulp.knowledge.compose.general import (
    MATCH_LEVELS,
    clear_match,
    closest_answer,
    escalation_card,
    model_stands_out,
    more_answer,
    no_answer,
    search_answer,
    search_listing,
)
from jeugdhulp.knowledge.compose.interventions import (
    compare_answer,
    compare_effect_answer,
    description_records,
    effect_in_guideline_answer,
    effectiveness_answer,
    intervention_answer,
    intervention_overview,
    intervention_topic,
    interventions_for,
    rating_record,
    target_group_answer,
    unknown_intervention,
    which_intervention,
)
from jeugdhulp.knowledge.compose.lists import (
    collection_answer,
    definition_answer,
    first_contact,
    neglect_help,
    topic_answer,
    topics_overview,
    whole_collection,
    working_factors,
)
from jeugdhulp.knowledge.compose.sources import sources_answer, sources_overview

__all__ = [
    "BUDGET",
    "age_text",
    "display_name",
    "guideline_phrase",
    "MATCH_LEVELS",
    "clear_match",
    "escalation_card",
    "model_stands_out",
    "more_answer",
    "no_answer",
    "search_answer",
    "search_listing",
    "sources_answer",
    "sources_overview",
    "compare_answer",
    "compare_effect_answer",
    "description_records",
    "effect_in_guideline_answer",
    "effectiveness_answer",
    "intervention_answer",
    "intervention_overview",
    "intervention_topic",
    "interventions_for",
    "rating_record",
    "target_group_answer",
    "unknown_intervention",
    "which_intervention",
    "collection_answer",
    "definition_answer",
    "first_contact",
    "neglect_help",
    "topic_answer",
    "topics_overview",
    "whole_collection",
    "working_factors",
]
