"""The Dutch guideline assistant for youth-care professionals: the application package.

One folder per concern (see the layout table in README.md): ``knowledge`` (the knowledge
base), ``dialogue`` (what each intent gets), ``quiz`` (practice rounds), ``safety`` (acute
danger), ``privacy`` (redaction), ``nlu`` (the Rasa components), ``channels`` (messengers
and rendering), ``server`` (runtime, settings, retention), and ``text`` (folding, name keys,
Dutch lemmas) shared by all of them. ``actions/`` holds the thin rasa_sdk adapters.
"""
