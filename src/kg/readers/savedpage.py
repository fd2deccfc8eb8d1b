"""Reader for news-and-analysis pages saved as plain text ("saved pages").

The layout this reader understands (found by its patterns, never by line numbers)::

    Site Name | Site slogan            <- chrome; the part before " | " is the publisher
    ...more chrome...
    In Focus                           <- glossary heading
    Term                               <- each item: term, blank, term again, blank, definition
    <blank>
    Term
    <blank>
    Definition of the term.            <- directly followed by the next term line
    ...
    New node                           <- an item with no definition ends the glossary
    ...noise (teasers)...
    example.org                        <- the site's domain
    Analysis                           <- section
    <blank>
    Article title
    <blank>
    Monday 11 September 2023           <- date line
    Article title                      <- title repeated
    <blank>
    Related Content
    <blank>
    Related headline ...               <- headlines up to the lead paragraph
    Site- Lead paragraph ...           <- body: paragraphs and short subheading lines
    ...
    Tags :
    <blank>
    tag1 tag2 tag3
    Comments / Name : / Email : / Gallery ...   <- never part of the article

``Document.text`` is the decoded page with one repair applied everywhere: letter-spaced words
("u n i o n") are joined ("union"). Every span the reader emits points into that text, and
each record's text is exactly ``doc.text[span.start:span.end]`` (surrounding whitespace and
no-break spaces of a line are left outside the span). Each repair is listed in
``Document.notes`` with its line number, as is every place the reader stopped or skipped
something.

As an input format (``FORMAT``): text that ``looks_like_saved_page`` is one; it is the last
format kg tries.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.documents import Article, Document, GlossaryEntry, Paragraph, Span
from kg.errors import InputError
from kg.labels import clean_label
from kg.readers.dates import WEEKDAYS, parse_date_line
from kg.readers.input_format import InputFormat, Probe

READER_NAME = "saved-page"

# Characters stripped from the edges of a line besides what str.isspace() covers (which
# already includes NBSP and the other Unicode spaces).
_EDGE_CHARS = frozenset("\u200b\u200c\u200d\u2060\ufeff")

# --- letter-spaced words -------------------------------------------------------------------

# A run of three or more single lowercase letters separated by single spaces, standing alone
# (no word character directly before or after). Capital letters are never part of a run, so
# "I" and "A" are never joined; two-letter runs ("a b") are left alone.
_SPACED_RUN = re.compile(r"(?<!\w)[a-z](?: [a-z]){2,}(?!\w)")
_VOWELS = frozenset("aeiouy")
_WORDS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Repair:
    """One letter-spaced word joined: where (1-based line), what was there, what replaced it."""

    line: int
    original: str
    repaired: str


def _alphabet_sequence(word: str) -> bool:
    """"abc", "xyz": an enumeration of letters, not a word."""
    return all(ord(b) - ord(a) == 1 for a, b in zip(word, word[1:]))


def repair_letter_spacing(text: str) -> tuple[str, tuple[Repair, ...]]:
    """Join letter-spaced words ("u n i o n" -> "union") and say what was joined.

    A run is joined only if it has a vowel and is not a stretch of the alphabet (so "x y z"
    and "a b c" stay). If the run starts with the
    real word "a" or "i" ("a u n i o n") and the rest, but not the whole, occurs as a word
    elsewhere in the text, that first letter stays a separate word ("a union").
    """
    if not _SPACED_RUN.search(text):
        return text, ()
    vocabulary = {w.lower() for w in _WORDS.findall(_SPACED_RUN.sub(" ", text))}
    repairs: list[Repair] = []

    def join(match: re.Match[str]) -> str:
        run = match.group(0)
        letters = run.split(" ")
        word = "".join(letters)
        if not _VOWELS.intersection(word) or _alphabet_sequence(word):
            return run
        if (
            letters[0] in ("a", "i")
            and len(letters) >= 4
            and word[1:] in vocabulary
            and word not in vocabulary
        ):
            new = f"{letters[0]} {word[1:]}"
        else:
            new = word
        repairs.append(Repair(text.count("\n", 0, match.start()) + 1, run, new))
        return new

    return _SPACED_RUN.sub(join, text), tuple(repairs)


# --- line classes --------------------------------------------------------------------------

_IN_FOCUS = re.compile(r"in\s+focus\s*:?", re.I)
_RELATED = re.compile(r"related\s+(?:content|news|articles?|posts|stories)\s*:?", re.I)
_TAGS = re.compile(r"tags\s*(?::\s*(?P<rest>.*))?", re.I)
# Lines that end an article body: the tags block, the comment form, the gallery.
_END = re.compile(
    r"comments?|(?:your\s+)?name\s*:|e-?mail\s*:|\*?\s*(?:comment\s+)?text\s*:|gallery"
    r"|leave\s+a\s+(?:comment|reply)",
    re.I,
)
_DOMAIN = re.compile(
    r"(?:https?://)?(?:www\.)?(?P<host>(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24})/?",
    re.I,
)
_PUBLISHER_SEPARATORS = (" | ", " – ", " — ", " - ")
# Titles that content systems give an item nobody filled in.
_PLACEHOLDER_TERMS = frozenset({"new node", "untitled", "untitled node", "new item", "new page"})
_MINOR_WORDS = frozenset(
    "a an the of in on at to for and or but nor by with from over into as vs via amid after "
    "before about against between per up".split()
)
_TRAILING_CLOSERS = "\"'”’)]»"


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _domain(text: str) -> str | None:
    m = _DOMAIN.fullmatch(text)
    return m.group("host").lower() if m else None


def _last_char(text: str) -> str:
    return text.rstrip(_TRAILING_CLOSERS)[-1:]


def _title_cased(text: str) -> bool:
    """A headline in Title Case ("Map of Latest Developments in Syria"), not a sentence."""
    content = [w for w in _WORDS.findall(text) if w.lower() not in _MINOR_WORDS]
    return len(content) >= 3 and all(w[0].isupper() for w in content)


def _is_prose(text: str) -> bool:
    """A paragraph rather than a headline: long, or a sentence ending in . ! or ?"""
    words = len(text.split())
    return words >= 20 or (words >= 8 and _last_char(text) in (".", "!", "?"))


def _is_subheading(text: str) -> bool:
    """A short line that is not a sentence: at most 12 words, no closing . , ; : ! …"""
    words = text.split()
    if not 1 <= len(words) <= 12 or len(text) > 120:
        return False
    first = next((c for c in text if c.isalnum()), "")
    if not (first.isupper() or first.isdigit()):
        return False
    return _last_char(text) not in (".", ",", ";", ":", "!", "…")


def _is_section(text: str) -> bool:
    return len(text.split()) <= 4 and len(text) <= 40 and _last_char(text).isalnum()


# --- lines ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Line:
    no: int  # 1-based line number
    start: int  # offset of the line's content (edges trimmed) in the document text
    end: int
    text: str  # the line's content, edges trimmed

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def _split_lines(text: str) -> list[_Line]:
    lines = []
    offset = 0
    for no, raw in enumerate(text.split("\n"), start=1):
        s, e = 0, len(raw)
        while s < e and (raw[s].isspace() or raw[s] in _EDGE_CHARS):
            s += 1
        while e > s and (raw[e - 1].isspace() or raw[e - 1] in _EDGE_CHARS):
            e -= 1
        lines.append(_Line(no, offset + s, offset + e, raw[s:e]))
        offset += len(raw) + 1
    return lines


def _is_structural(text: str) -> bool:
    """Headings and markers of the layout, never content."""
    return bool(
        _IN_FOCUS.fullmatch(text)
        or _RELATED.fullmatch(text)
        or _TAGS.fullmatch(text)
        or _END.fullmatch(text)
        or parse_date_line(text)
        or _domain(text)
    )


class _Page:
    def __init__(self, text: str, source: str):
        self.text = text
        self.source = source
        self.lines = _split_lines(text)
        self.notes: list[str] = []
        self.glossary_end = -1  # index of the last glossary line (-1: no glossary)
        self.truncated: str | None = None  # why the page looks cut off, if it does

    # navigation over non-blank lines

    def next_nb(self, i: int, limit: int | None = None) -> int | None:
        limit = len(self.lines) if limit is None else limit
        while i < limit:
            if self.lines[i].text:
                return i
            i += 1
        return None

    def prev_nb(self, i: int, floor: int = 0) -> int | None:
        i -= 1
        while i >= floor:
            if self.lines[i].text:
                return i
            i -= 1
        return None

    def note(self, i: int, message: str) -> None:
        self.notes.append(f"line {self.lines[i].no}: {message}")

    # glossary

    def item_at(self, i: int, limit: int) -> int | None:
        """If a glossary item starts at line i (term, blanks, same term), the index of the
        repeated term line."""
        line = self.lines[i]
        if not line.text or _is_structural(line.text):
            return None
        j = self.next_nb(i + 1, limit)
        if j is not None and _same(self.lines[j].text, line.text):
            return j
        return None

    def no_definition(self, term: int, k: int | None, limit: int) -> str | None:
        """Why the candidate line k is not the definition of the item at ``term`` (or None)."""
        if self.lines[term].text.casefold() in _PLACEHOLDER_TERMS:
            return "a placeholder item with no definition"
        if k is None:
            return "no definition follows"
        if self.item_at(k, limit) is not None:
            return "no definition (another item follows directly)"
        if _is_structural(self.lines[k].text):
            return f"no definition ({self.lines[k].text!r} follows)"
        after = self.next_nb(k + 1, limit)
        if _title_cased(self.lines[k].text) and (after is None or self.item_at(after, limit) is None):
            return "no definition (a headline, not a definition, follows)"
        return None

    def glossary(self, focus: int, limit: int) -> tuple[list[GlossaryEntry], int]:
        """Read the items after the "In Focus" line at ``focus``; returns the entries and the
        index of the last line used."""
        entries: list[GlossaryEntry] = []
        last = focus
        i = self.next_nb(focus + 1, limit)
        skipped = 0  # tolerate a little chrome between the heading and the first item
        while i is not None and self.item_at(i, limit) is None and skipped < 3:
            i = self.next_nb(i + 1, limit)
            skipped += 1
        while i is not None:
            repeat = self.item_at(i, limit)
            if repeat is None:
                self.note(i, "glossary ends: not a glossary item")
                break
            k = self.next_nb(repeat + 1, limit)
            problem = self.no_definition(i, k, limit)
            if k is None and limit == len(self.lines) and problem == "no definition follows":
                # A term and its repeat with nothing after them: the file was cut off here.
                self.truncated = f"the page ends inside its glossary, at the item {self.lines[i].text!r}"
            if problem:
                self.note(i, f"glossary ends at item {self.lines[i].text!r}: {problem}")
                break
            assert k is not None
            end, following = k, self.next_nb(k + 1, limit)
            if following is not None and self.item_at(following, limit) is None:
                # A definition of several paragraphs: take further prose lines only if
                # another item follows them; otherwise the glossary ends here.
                more: list[int] = []
                m: int | None = following
                while (
                    m is not None and len(more) < 5 and self.item_at(m, limit) is None
                    and _is_prose(self.lines[m].text) and not _is_structural(self.lines[m].text)
                ):
                    more.append(m)
                    m = self.next_nb(m + 1, limit)
                if more and m is not None and self.item_at(m, limit) is not None:
                    end, following = more[-1], m
                else:
                    self.note(following, "glossary ends: not a glossary item")
                    following = None
            term, first, final = self.lines[i], self.lines[k], self.lines[end]
            label = clean_label(term.text)  # the span keeps the line as the page wrote it
            if label:
                entries.append(
                    GlossaryEntry(
                        term=label,
                        definition=self.text[first.start:final.end],
                        term_span=term.span,
                        definition_span=Span(first.start, final.end),
                    )
                )
            else:
                self.note(i, "a glossary item whose term is only invisible characters: left out")
            last = end
            i = following
        return entries, last

    # article

    def strong_anchor(self) -> tuple[int, int, int] | None:
        """(title, date, repeated title) for a date line between two copies of the title."""
        for d, line in enumerate(self.lines):
            if line.text and parse_date_line(line.text):
                t, r = self.prev_nb(d), self.next_nb(d + 1)
                if (
                    t is not None and r is not None
                    and _same(self.lines[t].text, self.lines[r].text)
                    and not _is_structural(self.lines[t].text)
                ):
                    return t, d, r
        return None

    def weak_anchor(self, start: int) -> tuple[int, int | None, int] | None:
        """(title, date or None, first body line) from a date line or a "Related Content"
        line with a title line before it, at or after ``start``."""
        for d in range(start, len(self.lines)):
            text = self.lines[d].text
            if not text:
                continue
            if parse_date_line(text) or _RELATED.fullmatch(text):
                t = self.prev_nb(d, start)
                if t is None or _is_structural(self.lines[t].text):
                    continue
                if _RELATED.fullmatch(text):
                    # The title is often repeated just before "Related Content": point at
                    # its first copy, the one the section line stands before.
                    earlier = self.prev_nb(t, start)
                    while earlier is not None and t - earlier <= 4:
                        if _same(self.lines[earlier].text, self.lines[t].text):
                            t = earlier
                            break
                        earlier = self.prev_nb(earlier, start)
                    return t, None, d
                return t, d, d + 1
        return None

    def paragraph_lead(self, start: int, end: int, publisher: str | None) -> int | None:
        if publisher:
            prefix = re.compile(rf"{re.escape(publisher)}\s*[-–—:|]\s*\S", re.I)
            for i in range(start, end):
                if self.lines[i].text and prefix.match(self.lines[i].text):
                    return i
        for i in range(start, end):
            if self.lines[i].text and _is_prose(self.lines[i].text):
                return i
        return None

    def article(
        self, title: int, dated: int | None, body: int, publisher: str | None
    ) -> tuple[Article, int]:
        """The article whose title line is ``title``; returns it and the index where its
        body ends."""
        lines = self.lines
        published = None
        if dated is not None:
            found = parse_date_line(lines[dated].text)
            assert found is not None
            published, weekday = found
            if weekday and WEEKDAYS[weekday.lower()] != published.weekday():
                self.note(dated, f"the weekday {weekday!r} does not match the date {published}")

        end = next(
            (
                i for i in range(body, len(lines))
                if lines[i].text and (_TAGS.fullmatch(lines[i].text) or _END.fullmatch(lines[i].text))
            ),
            len(lines),
        )
        related = next(
            (i for i in range(body, end) if lines[i].text and _RELATED.fullmatch(lines[i].text)),
            None,
        )
        start = related + 1 if related is not None else body
        lead = self.paragraph_lead(start, end, publisher)
        if lead is None and related is None:
            lead = self.next_nb(start, end)

        headlines: list[str] = []
        if related is not None:
            stop = lead if lead is not None else end
            headlines = [lines[i].text for i in range(start, stop) if lines[i].text]
        elif lead is not None:
            for i in range(start, lead):
                if lines[i].text and not _same(lines[i].text, lines[title].text):
                    self.note(i, "skipped a line between the article header and the lead")

        paragraphs: list[Paragraph] = []
        if lead is not None:
            subheading: str | None = None
            for i in range(lead, end):
                text = lines[i].text
                if not text:
                    continue
                if i != lead and _is_subheading(text) and self.next_nb(i + 1, end) is not None:
                    subheading = text
                    continue
                paragraphs.append(Paragraph(text=text, span=lines[i].span, subheading=subheading))

        tags: tuple[str, ...] = ()
        if end < len(lines):
            m = _TAGS.fullmatch(lines[end].text)
            if m:
                raw = (m.group("rest") or "").strip()
                if not raw:
                    t = self.next_nb(end + 1)
                    if t is not None and not _is_structural(lines[t].text):
                        raw = lines[t].text
                parts = raw.split(",") if "," in raw else raw.split()
                tags = tuple(p.strip() for p in parts if p.strip())

        section = None
        before = self.prev_nb(title)
        if before is not None and before > self.glossary_end:
            text = lines[before].text
            if not _is_structural(text) and _is_section(text):
                section = text

        article = Article(
            title=lines[title].text,
            title_span=lines[title].span,
            published=published,
            section=section,
            lead=paragraphs[0] if paragraphs else None,
            paragraphs=tuple(paragraphs),
            tags=tags,
            related_headlines=tuple(headlines),
        )
        return article, end

    def publisher(self, limit: int) -> str | None:
        """The site name from the first chrome line ("Alwaght | News & Analysis Website"),
        if that line comes before ``limit`` (the glossary heading or the article title)."""
        first = self.next_nb(0, limit)
        if first is None:
            return None
        text = self.lines[first].text
        for separator in _PUBLISHER_SEPARATORS:
            if separator in text:
                name = text.split(separator, 1)[0].strip()
                if name and len(name) <= 60:
                    return name
        return None

    def site(self, title: int | None, body: tuple[int, int] | None) -> str | None:
        """The domain line: preferably between the glossary and the title, else anywhere
        outside the article body."""
        if title is not None:
            for i in range(title - 1, self.glossary_end, -1):
                host = self.lines[i].text and _domain(self.lines[i].text)
                if host:
                    return host
        for i, line in enumerate(self.lines):
            if body is not None and body[0] <= i < body[1]:
                continue
            host = line.text and _domain(line.text)
            if host:
                return host
        return None


def read_saved_page(text: str, source: str, content_hash: str) -> Document:
    """Read a saved news-and-analysis page: its "In Focus" glossary and/or its article.

    ``text`` is decoded, newline-normalised text (see ``kg.readers.text_input``). Raises
    InputError if the page has neither a glossary nor an article.
    """
    repaired, repairs = repair_letter_spacing(text)
    page = _Page(repaired, source)
    for r in repairs:
        page.notes.append(f"line {r.line}: joined letter-spaced {r.original!r} as {r.repaired!r}")
    lines = page.lines

    strong = page.strong_anchor()
    limit = strong[0] if strong else len(lines)
    focus = next(
        (i for i in range(limit) if lines[i].text and _IN_FOCUS.fullmatch(lines[i].text)), None
    )
    entries: list[GlossaryEntry] = []
    if focus is not None:
        entries, page.glossary_end = page.glossary(focus, limit)
        if not entries:
            page.note(focus, "an 'In Focus' heading with no glossary items after it")

    article = None
    body_range = None
    if strong:
        title, dated, repeat = strong
        anchor: tuple[int, int | None, int] | None = (title, dated, repeat + 1)
    else:
        anchor = page.weak_anchor(page.glossary_end + 1)
    chrome_end = min(
        focus if focus is not None else len(lines), anchor[0] if anchor else len(lines)
    )
    publisher = page.publisher(chrome_end)
    if anchor is not None:
        title, dated, body = anchor
        article, end = page.article(title, dated, body, publisher)
        body_range = (title, end)

    if article is not None and not article.paragraphs:
        page.truncated = page.truncated or f"the article {article.title!r} has a title but no body"
    if page.truncated:
        raise InputError(source, f"{page.truncated} (is the file truncated?)")
    if not entries and article is None:
        raise InputError(source, "no glossary or article recognised in this page")

    return Document(
        source=source,
        content_hash=content_hash,
        text=repaired,
        publisher=publisher,
        publisher_site=page.site(anchor[0] if anchor else None, body_range),
        glossary=tuple(entries),
        article=article,
        reader=READER_NAME,
        notes=tuple(page.notes),
    )


def looks_like_saved_page(text: str) -> bool:
    """A cheap sniff: an "In Focus" line followed by a term/term/definition item, a
    "Tags :" line, or a date line such as "Monday 11 September 2023"."""
    lines = [line.strip() for line in text.splitlines()]
    content = [line for line in lines if line]
    for n, line in enumerate(content):
        if _IN_FOCUS.fullmatch(line):
            rest = content[n + 1:n + 4]
            if len(rest) == 3 and _same(rest[0], rest[1]) and not _same(rest[1], rest[2]):
                return True
        elif re.fullmatch(r"tags\s*:.*", line, re.I) or (len(line) <= 40 and parse_date_line(line)):
            return True
    return False


def _recognises(probe: Probe) -> bool:
    return looks_like_saved_page(probe.text)


def _read(probe: Probe) -> Document:
    return read_saved_page(probe.text, probe.source, probe.digest)


FORMAT = InputFormat(READER_NAME, _recognises, read=_read)
