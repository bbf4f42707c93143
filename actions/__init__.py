"""Rasa custom actions, grouped by concern. Actions stay thin: slots in, knowledge/ asked,
an Answer rendered for the channel."""

import logging as _logging


def _warm_up() -> None:
    """Loads the knowledge index and fits its passage model (about 5 s) when the action
    server starts, instead of making the first user after every start wait for them. When
    the database cannot be read yet, the first question loads it, as before."""
    try:
        from actions.common import knowledge_base

        index = knowledge_base().index
        index.topic_vocabulary()
        index.passage_probabilities("vraag")
    except Exception as error:  # noqa: BLE001 - never stop the server from starting
        _logging.getLogger(__name__).warning(
            "knowledge base not loaded at start (%s); the first question loads it", error)


_warm_up()
