"""KnowledgeBase.find_topics with the topics' vocabulary analysed once per index gives what
analysing the topics for every question gave."""
from jeugdhulp.knowledge.analysis import analyze

QUESTIONS = [
    "Wat weet je over ouders met psychische problemen?",
    "huiselijk geweld en scheiding, waar moet ik op letten",
    "hoe betrek ik de jongere bij het plan",
    "vechtscheiding",
    "kan ik iets over motivatie en weerstand lezen",
    "wat is een gezinsplan",
    "mijn printer doet het niet",
    "",
]


def find_topics_analysing_every_time(kb, text, limit=3):
    terms = set(analyze(text))
    if not terms:
        return []
    scored = []
    for topic in kb.index.topics.values():
        vocab = [set(analyze(s)) for s in (topic.label, *topic.synonyms)]
        best = max((len(terms & v) / len(v) for v in vocab if v), default=0.0)
        if best > 0:
            scored.append((best, topic.id, topic))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [topic for _, _, topic in scored[:limit]]


def test_the_same_topics_as_analysing_every_time(kb):
    found_some = 0
    for question in QUESTIONS:
        for limit in (1, 3, 10):
            expected = [t.id for t in find_topics_analysing_every_time(kb, question, limit)]
            assert [t.id for t in kb.find_topics(question, limit)] == expected, question
            found_some += bool(expected)
    assert found_some >= 12  # most questions name a topic


def test_the_vocabulary_is_made_once_per_index(kb):
    index = kb.index
    first = index.topic_vocabulary()
    assert index.topic_vocabulary() is first
    assert len(first) == len(index.topics)
    assert all(vocab and all(vocab) for _, vocab in first)
