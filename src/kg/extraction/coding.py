"""Code a document's article, or plain sentences, into actor mentions and events.

The parts are loaded once per process and shared: the spaCy pipeline, the knowledge base and the
lexicon. Paragraphs go through ``nlp.pipe`` in batches; offsets stay document offsets.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import lru_cache

from kg.documents import Document
from kg.extraction.events import CodedEvent, EventCoder, merge
from kg.kb.user_files import UserActors
from kg.extraction.gazetteer import Gazetteer, default_gazetteer
from kg.extraction.lexicon import Lexicon, default_lexicon
from kg.extraction.mentions import Mention, find_mentions, kb_mentions
from kg.extraction.person_names import DocumentPeople
from kg.extraction.nlp import has_parser, load_pipeline, parse, pieces, pipeline_id


@dataclass
class CodedText:
    mentions: list[Mention] = field(default_factory=list)
    events: list[CodedEvent] = field(default_factory=list)


class Coder:
    def __init__(self, gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None, nlp=None,
                 fingerprint: str = ""):
        # What the results depend on besides the document: kg's version (which fixes the bundled
        # knowledge base and lexicon), the pipeline, and any user knowledge-base files.
        self.fingerprint = fingerprint
        self.gazetteer = gazetteer or default_gazetteer()
        self.lexicon = lexicon or default_lexicon()
        self._nlp = nlp  # loaded on first use: a build's writer process never needs it
        self.events = EventCoder(self.lexicon, {a.iso3: a for a in self.gazetteer.actors.values() if a.iso3})
        # ISO alpha-3 -> the knowledge base's state (offices are held in states)
        self.states = {a.iso3: a for a in self.gazetteer.actors.values() if a.iso3 and a.id == f"state:{a.iso3}"}
        if not self.fingerprint:
            from kg import __version__

            self.fingerprint = f"kg {__version__}; {pipeline_id() if nlp is None else _meta_id(nlp)}"

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp

    @property
    def parses(self) -> bool:
        return has_parser(self.nlp)

    @staticmethod
    def reads_language(tag: str | None) -> bool:
        """Whether the event coder reads text in language ``tag`` (BCP 47): English, or unknown
        (every input before pages declared a language). Its lexicon and parser are English."""
        return tag is None or tag.split("-")[0].lower() == "en"

    def code_document(self, document: Document) -> CodedText:
        """Mentions and events of the document's article (title included for mentions); in a
        language the coder does not read, mentions of knowledge-base names only."""
        result = CodedText()
        article = document.article
        if article is None:
            return result
        if not self.reads_language(document.language):
            for span in (article.title_span, *(p.span for p in article.paragraphs)):
                result.mentions += [Mention(m.start + span.start, m.end + span.start, m.surface, m.actor, "kb")
                                    for m in self.gazetteer.find(span.of(document.text))]
            return result
        published = article.published
        title = article.title_span
        day = _day(published)
        named = DocumentPeople(day=day)  # the document's people, paragraph after paragraph
        result.mentions += [replace(m, start=m.start + title.start, end=m.end + title.start)
                            for m in kb_mentions(title.of(document.text), self.gazetteer, day, named=named)]
        # a paragraph longer than spaCy takes at once is parsed in pieces (kg.limits' max_nlp_chars)
        parts = [(p.span.start + offset, piece) for p in article.paragraphs
                 for offset, piece in pieces(p.span.of(document.text))]
        # Strings spaCy learns while parsing (every new name) stay in its vocabulary for the life of
        # the process unless parsed inside a memory zone: without one, a long build's memory grows
        # with the corpus. Nothing spaCy made is kept past the zone: mentions and events are plain.
        with self.nlp.memory_zone():
            for (start, _), doc in zip(parts, parse(self.nlp, [piece for _, piece in parts])):
                mentions = find_mentions(doc, self.gazetteer, start, result.mentions, day, named)
                result.mentions += mentions
                if self.parses:
                    result.events += self.events.code(doc, mentions, published, start)
        result.events = merge(result.events)
        return result

    def code_text(self, text: str, published: date | None) -> CodedText:
        return next(self.code_texts([(text, published)]))

    def code_texts(self, items, batch_size: int = 64):
        """Code ``(text, published)`` pairs, parsed in batches; yields one CodedText per pair."""
        items = iter(items)
        while True:
            batch = [pair for _, pair in zip(range(batch_size), items)]
            if not batch:
                return
            coded = [CodedText() for _ in batch]
            named = [DocumentPeople(day=_day(published)) for _, published in batch]
            # each text in pieces spaCy takes at once (one piece unless it is very long)
            parts = [(i, offset, piece) for i, (text, _) in enumerate(batch) for offset, piece in pieces(text)]
            with self.nlp.memory_zone():  # as in code_document: the vocabulary does not grow
                for (i, offset, _), doc in zip(parts, parse(self.nlp, [piece for _, _, piece in parts], 64)):
                    result = coded[i]
                    mentions = find_mentions(doc, self.gazetteer, offset, result.mentions, _day(batch[i][1]),
                                             named[i])
                    result.mentions += mentions
                    if self.parses:
                        result.events += self.events.code(doc, mentions, batch[i][1], offset)
            for result in coded:
                result.events = merge(result.events)
            yield from coded


def _day(published) -> date | None:
    """The article's date as a day (a datetime's date), or None."""
    if isinstance(published, datetime):
        return published.date()
    return published if isinstance(published, date) else None


def _meta_id(nlp) -> str:
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', 'blank')} {nlp.meta.get('version', '')}".strip()


@lru_cache(maxsize=1)
def default_coder() -> Coder:
    """The coder with the bundled knowledge base and lexicon (built once per process)."""
    return Coder()


def coder_with(user: UserActors | None = None) -> Coder:
    """The default coder, or one whose knowledge base also holds a user's actors (read from their
    files by :func:`kg.mapping.kb_files.load_kb_files`)."""
    if not user:
        return default_coder()
    base = default_coder()
    return Coder(base.gazetteer.with_actors(user.actors), base.lexicon, base.nlp,
                 fingerprint=f"{base.fingerprint}; kb {user.digest}")
