"""Actions that answer questions about the guidelines with quoted, cited passages."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.common import KB_ERRORS, kb_unavailable, knowledge_base, send_answer
from knowledge.compose import collection_answer

FIRST_CONTACT_LEAD = (
    "Zo begin je volgens de richtlijn het eerste gesprek met een gezin in een gedwongen "
    "kader (letterlijk geciteerd):"
)


class ActionAnswerFirstContact(Action):
    """The attitude and attention points for the first contact under coercion (OTS)."""

    def name(self) -> Text:
        return "action_answer_first_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[Dict[Text, Any]]:
        try:
            answer = collection_answer(
                knowledge_base(),
                "eerste-contact-aandachtspunten",
                lead=FIRST_CONTACT_LEAD,
                intro=["mpg-gedwongen-kader/hulp-in-gedwongen-kader/houding-eerste-contact"],
                show=9,
            )
        except (*KB_ERRORS, SQLAlchemyError) as error:
            return kb_unavailable(dispatcher, error)
        send_answer(dispatcher, tracker, answer)
        return []
