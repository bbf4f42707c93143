"""Rasa's CRF entity extractor, without training it again every time the model is loaded.

Rasa 3.6's ``CRFEntityExtractor`` keeps only its training data in the model and trains the
CRF again in ``load`` (rasa/nlu/extractors/crf_entity_extractor.py; the pickled taggers were
dropped in RasaHQ/rasa#9563). With this project's entity data that is about 14 s of every
server start, every ``rasa test`` and every test that loads the model. This subclass also
stores each trained tagger's CRFsuite model file (CRFsuite's own binary format, read by the C
library: no pickle) and loads those files instead; the predictions are those of the same
trained model. A model without the files (trained before this component) still loads, the
slow way.
"""
from __future__ import annotations

import logging
import shutil
import tempfile
from collections import OrderedDict
from pathlib import Path
from typing import Any, Dict, List, Optional, Text

import rasa.shared.utils.io
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.crf_entity_extractor import CRFEntityExtractor, CRFToken

logger = logging.getLogger(__name__)

SUFFIX = ".crfsuite"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True
)
class PersistedCRFEntityExtractor(CRFEntityExtractor):
    """``CRFEntityExtractor`` that persists its trained CRFsuite models."""

    def persist(self, dataset: List[List[CRFToken]]) -> None:
        super().persist(dataset)  # Rasa's own files: a model without ours still loads
        with self._model_storage.write_to(self._resource) as model_dir:
            for name, tagger in (self.entity_taggers or {}).items():
                shutil.copyfile(tagger.modelfile.name, Path(model_dir) / f"{name}{SUFFIX}")

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> CRFEntityExtractor:
        loaded = cls._load_taggers(config, model_storage, resource)
        if loaded is None:
            return super().load(config, model_storage, resource, execution_context, **kwargs)
        return loaded

    @classmethod
    def _load_taggers(cls, config: Dict[Text, Any], model_storage: ModelStorage,
                      resource: Resource) -> Optional[CRFEntityExtractor]:
        import sklearn_crfsuite

        try:
            with model_storage.read_from(resource) as model_dir:
                order = rasa.shared.utils.io.read_json_file(Path(model_dir) / "crf_order.json")
                files = [Path(model_dir) / f"{name}{SUFFIX}" for name in order]
                if not order or not all(f.is_file() for f in files):
                    return None
                # Our own copies: the model storage's directory is not ours to keep open.
                keep = Path(tempfile.mkdtemp(prefix="jeugdhulp-crf-"))
                taggers = OrderedDict()
                for name, source in zip(order, files):
                    target = keep / source.name
                    shutil.copyfile(source, target)
                    taggers[name] = sklearn_crfsuite.CRF(model_filename=str(target))
        except ValueError:  # no such resource: Rasa's load says so
            return None
        extractor = cls(config, model_storage, resource, taggers)
        extractor.crf_order = order
        return extractor
