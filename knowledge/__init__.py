"""The knowledge base's content: one YAML file per guideline, the shared content files and
the guideline texts they quote (see README.md). The code that builds, checks and searches
it is ``jeugdhulp.knowledge``; ``python -m knowledge`` is its command line."""
