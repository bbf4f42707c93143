"""Stored weights of a fitted scikit-learn linear classifier, and the softmax over its scores:
shared by the NLU's linear text model (``jeugdhulp.nlu.linear_text``) and the search's
passage model (``jeugdhulp.knowledge.passage_model``)."""
from __future__ import annotations

from typing import Any, Tuple

import numpy as np


def class_weights(classifier: Any) -> Tuple[np.ndarray, np.ndarray]:
    """(coef, intercept) with one row per class, also for two classes (scikit-learn keeps
    one row then, the second class's)."""
    coef, intercept = classifier.coef_, classifier.intercept_
    if len(classifier.classes_) == 2:
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        intercept = np.asarray([-intercept[0] / 2, intercept[0] / 2])
    return coef, intercept


def softmax(scores: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    weights = np.exp(temperature * (scores - scores.max()))
    return weights / weights.sum()
