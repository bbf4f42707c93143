"""Which passage a question asks for, learned from the example questions.

A linear classifier (scikit-learn's ``LinearSVC``) over character n-grams inside words
(``char_wb``, 3 to 5 characters, tf-idf), with one class per passage. It learns each
passage's example questions (``knowledge/content/questions/``), its practice language
(``knowledge/content/practice.yml``) and the passage's own heading, text and sentences.
Character n-grams carry what word matching misses in the way professionals write:
inflections and compounds ("uithuisplaatsingen", "crisisplaatsing"), typos and shorthand.

The search adds its probabilities to the passages' scores (``jeugdhulp.knowledge.search``):
it ranks passages; whether a passage really matches is still judged on its own words.

Fitted in memory the first time a process searches with it (about two seconds), once per
set of training texts: no generated file to keep in step with the content.
"""
from __future__ import annotations

import hashlib
import re
import threading
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from jeugdhulp.linear import class_weights, softmax

# Measured on the development half of the independent set (first turns, expected passage
# ranked first): C 0.5-1 and a temperature of 3-5 are flat.
C = 0.5
TEMPERATURE = 5.0  # softmax over the classifier's decision values
NGRAMS = (3, 5)
MIN_DF = 2
MAX_CHARS = 2000  # a longer message is classified on its start
PASSAGE_CHARS = 1500  # the start of a long passage is enough to learn its words
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
MIN_SENTENCE_CHARS = 30

# heading, text, example questions, practice language (knowledge/content/practice.yml)
Passage = Tuple[str, str, Sequence[str], Sequence[str]]


class PassageModel:
    """Probabilities over the passages (in the order given) for a question."""

    def __init__(self, texts: Sequence[str], owners: Sequence[int], size: int) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        self.size = size
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS,
                                          min_df=MIN_DF, sublinear_tf=True, lowercase=True,
                                          dtype=np.float32)
        matrix = self.vectorizer.fit_transform([t[:MAX_CHARS] for t in texts])
        self.vectorizer.stop_words_ = None  # the n-grams min_df dropped: not needed, large
        classifier = LinearSVC(C=C)
        classifier.fit(matrix, list(owners))
        self.classes = np.asarray(classifier.classes_, dtype=np.int64)
        coef, intercept = class_weights(classifier)
        self.coef = coef.astype(np.float32)
        self.intercept = intercept.astype(np.float32)

    def probabilities(self, text: str) -> Optional[np.ndarray]:
        """One probability per passage; None when no n-gram of the text is known."""
        vector = self.vectorizer.transform([(text or "")[:MAX_CHARS]])
        if not vector.nnz:
            return None
        decision = np.asarray(vector @ self.coef.T).ravel() + self.intercept
        full = np.zeros(self.size)
        full[self.classes] = softmax(decision, TEMPERATURE)
        return full


def training_texts(passages: Sequence[Passage]) -> Tuple[List[str], List[int]]:
    """(heading, text, example questions, practice language) per passage -> texts and their
    passage positions: every example question, every practice phrase, the passage's heading
    with the start of its text, and each of its longer sentences on its own."""
    texts: List[str] = []
    owners: List[int] = []
    for position, (heading, text, examples, practice) in enumerate(passages):
        sentences = [s for s in SENTENCE_END.split(text) if len(s) >= MIN_SENTENCE_CHARS]
        own = [*examples, *practice, f"{heading}. {text[:PASSAGE_CHARS]}",
               *(sentences if len(sentences) > 1 else [])]
        texts.extend(own)
        owners.extend([position] * len(own))
    return texts, owners


_models: Dict[str, PassageModel] = {}
_lock = threading.Lock()


def passage_model(passages: Sequence[Passage]) -> Optional[PassageModel]:
    """The model for these passages, fitted once per process and set of texts; None without
    example questions (nothing to learn a practice question from)."""
    if len(passages) < 2 or not any(examples for _, _, examples, _ in passages):
        return None
    texts, owners = training_texts(passages)
    digest = hashlib.sha256("\x00".join(f"{o}\x01{t}" for o, t in zip(owners, texts))
                            .encode("utf-8")).hexdigest()
    with _lock:
        model = _models.get(digest)
        if model is None:
            model = PassageModel(texts, owners, len(passages))
            if len(_models) >= 4:  # a process that rebuilds often keeps the latest few
                _models.pop(next(iter(_models)))
            _models[digest] = model
    return model
