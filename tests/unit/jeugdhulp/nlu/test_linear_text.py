"""The linear text model (jeugdhulp/nlu/linear_text.py) answers with stored weights instead
of scikit-learn at run time: its probabilities must be scikit-learn's own predict_proba of
the fitted vectorizers and classifier, for several classes and for two, before and after
storing the model."""
import numpy as np
import pytest
from scipy.sparse import hstack

from jeugdhulp.nlu.linear_text import MASKED, LinearTextModel, fit_sklearn

TEXTS = [
    "wat is mst-can", "hoe effectief is vsv", "werkt signs of safety", "wat is de doelgroep van iag",
    "welke interventie bij verwaarlozing", "interventies voor een kind van 8 jaar",
    "hallo", "goedemorgen", "hoi daar", "dank je wel", "bedankt voor je hulp", "top, dank",
    "hoe begin ik het eerste gesprek", "eerste contact gedwongen kader", "waar let ik op bij ots",
]
LABELS = ["iv", "iv", "iv", "iv", "iv", "iv", "greet", "greet", "greet", "thank", "thank", "thank",
          "fc", "fc", "fc"]
LOOKUPS = {"intervention": ["MST-CAN", "VSV", "Signs of Safety", "IAG"],
           "greeting": ["hallo", "hoi", "goedemorgen"]}
ASKED = ["is vsv effectief?", "hoi!", "eerste gesprek bij een ots", "dank", "wat is iag",
         "signs of safety bij een kind van 8 jaar"]


def _sklearn_probabilities(vectorizers, classifier, text):
    matrix = hstack([v.transform([text]) for v in vectorizers]).tocsr()
    return dict(zip(classifier.classes_, classifier.predict_proba(matrix)[0]))


@pytest.mark.parametrize("blocks,min_df,class_weight", [
    ((("words",), ("chars",)), (1, 2), None),
    (((MASKED,), ("chars",)), (1, 1), None),
    ((("terms",),), (), "balanced"),
])
@pytest.mark.parametrize("two_classes", [False, True], ids=["several", "two"])
def test_probabilities_are_scikit_learns_predict_proba(tmp_path, blocks, min_df, class_weight,
                                                       two_classes):
    texts, labels = TEXTS, LABELS
    if two_classes:
        texts = [t for t, label in zip(TEXTS, LABELS) if label in ("iv", "greet")]
        labels = [label for label in LABELS if label in ("iv", "greet")]
    vectorizers, classifier = fit_sklearn(blocks, texts, labels, 10.0, min_df, class_weight,
                                          LOOKUPS)
    model = LinearTextModel.from_sklearn(blocks, vectorizers, classifier, LOOKUPS)
    model.save(tmp_path, "model")
    stored = LinearTextModel.load(tmp_path, "model")
    compared = 0
    for text in [*texts, *ASKED]:
        got = model.probabilities(text)
        if got is None:  # no feature of the text is known: the model says nothing
            continue
        expected = _sklearn_probabilities(vectorizers, classifier, text)
        assert set(got) == set(expected)
        for label, p in expected.items():
            assert got[label] == pytest.approx(p, abs=1e-9), (text, label)
            assert stored.probabilities(text)[label] == pytest.approx(p, abs=1e-5)
        compared += 1
    assert compared >= len(texts)


def test_fit_is_fit_sklearn_then_from_sklearn():
    blocks = (("words",), ("chars",))
    a = LinearTextModel.fit(blocks, TEXTS, LABELS, c=10.0)
    vectorizers, classifier = fit_sklearn(blocks, TEXTS, LABELS, 10.0)
    b = LinearTextModel.from_sklearn(blocks, vectorizers, classifier)
    assert a.labels == b.labels and np.allclose(a.coef, b.coef) and a.vocabularies == b.vocabularies
