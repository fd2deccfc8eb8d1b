"""The input registry (kg.readers.registry): which reader each input goes to, in the built-in order
of precedence, on real files; and a format added from here — one that gives one document, one that
opens into many — built through the real CLI, then taken away again."""
from __future__ import annotations

import csv
import gzip
import io
from functools import partial
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_kg
from kg.documents import Article, Document, GlossaryEntry, Paragraph, Span
from kg.errors import InputError
from kg.readers import read_document, registry
from kg.readers.corpus import ColumnMap
from kg.readers.input_format import InputFormat, Part, Probe, Skip, content_hash

BUILT_IN = ["warc", "corpus", "html", "glossary-file", "factbook", "saved-page"]
HTML = b"<!DOCTYPE html><html><head><title>A page</title></head><body><p>Text.</p></body></html>"
WARC = b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n"
ARTICLE = '{"id": "1", "title": "Talks", "text": "Delegations met in Geneva."}\n'
TERM = '{"term": "Quad", "definition": "An informal strategic forum of four states.", "text": "x"}\n'


def chosen(path: Path, columns: ColumnMap | None = None) -> str | None:
    """The format kg build opens ``path`` with: one that opens many parts, else one that gives a document."""
    probe = Probe(path, columns=columns)
    found = registry.opening_many(probe) or registry.opening_one(probe)
    return found.name if found else None


def test_the_built_in_formats_in_their_order():
    assert [f.name for f in registry.formats()] == BUILT_IN
    assert [f.name for f in registry.formats() if f.opens_many] == ["warc", "corpus"]


@pytest.mark.parametrize("name, content, expected", [
    ("crawl.warc", b"not an archive\n", "warc"),  # by name: that it is none is the WARC reader's to say
    ("crawl.WARC.GZ", b"not an archive\n", "warc"),
    ("page.html", WARC, "warc"),  # first bytes beat the suffix
    ("crawl.bin", gzip.compress(WARC), "warc"),
    ("news.jsonl", ARTICLE.encode(), "corpus"),
    ("news.ndjson", ARTICLE.encode(), "corpus"),
    ("news.csv", b"id,title,text\n1,Talks,Delegations met.\n", "corpus"),
    ("news.csv", "id,title,text\n1,Talks,Delegations met.\n".encode("utf-16"), "corpus"),  # read in its encoding
    ("terms.jsonl", TERM.encode(), "glossary-file"),  # a term and a definition: a glossary, text or not
    ("terms.csv", b"term,definition\nQuad,A forum.\n", "glossary-file"),
    ("terms.ndjson", TERM.encode(), None),  # .ndjson is a corpus suffix only
    ("page.htm", b"<p>no doctype</p>", "html"),
    ("page.html.gz", gzip.compress(HTML), "html"),
    ("page.txt", HTML, "html"),  # by its first bytes
    ("page.txt", HTML.decode().encode("utf-16"), "html"),
    ("country.json", b"{}", "factbook"),
    ("saved.txt", EXAMPLE.read_bytes(), "saved-page"),
    ("notes.txt", b"shopping list\neggs\nmilk\n", None),
])
def test_which_reader_an_input_goes_to(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    assert chosen(path) == expected


def test_mapped_columns_make_a_csv_a_corpus(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_bytes(b"term,definition\nQuad,A forum.\n")
    assert chosen(path) == "glossary-file"
    assert chosen(path, ColumnMap.parse("text=definition")) == "corpus"


def test_what_is_no_text_is_refused_as_such_before_it_is_unrecognised(tmp_path):
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="looks like binary data"):
        read_document(noise)
    zipped = tmp_path / "page.bin"  # gzip is opened for a page named so only
    zipped.write_bytes(gzip.compress(HTML))
    with pytest.raises(InputError, match="looks like binary data"):
        read_document(zipped)
    notes = tmp_path / "notes.txt"
    notes.write_text("shopping list\neggs\nmilk\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read_document(notes)
    assert str(refused.value) == (f"{notes}: no glossary or article recognised in this page (kg reads saved "
                                  "pages with an 'In Focus' glossary and/or an article)")


def test_register_refuses_a_name_twice_or_an_unknown_place():
    with pytest.raises(ValueError, match="already registered"):
        registry.register(registry.formats()[0])
    with pytest.raises(ValueError, match="no input format named 'nowhere'"):
        registry.register(KGX, before="nowhere")
    with pytest.raises(ValueError, match="not both"):
        InputFormat("neither", lambda probe: False)
    with pytest.raises(KeyError):
        registry.unregister("kgx")
    assert [f.name for f in registry.formats()] == BUILT_IN


# --- a format of one document: "term :: definition" lines in a .kgx file -----------------------


def _kgx_read(probe: Probe) -> Document:
    text, entries = "", []
    for line in probe.text.splitlines():
        term, sep, definition = (part.strip() for part in line.partition("::"))
        if not sep or not term or not definition:
            continue
        start = len(text)
        text += f"{term}\n\n{definition}\n\n"
        entries.append(GlossaryEntry(term, definition, Span(start, start + len(term)),
                                     Span(start + len(term) + 2, start + len(term) + 2 + len(definition))))
    if not entries:
        raise InputError(probe.source, "no 'term :: definition' line in this .kgx file")
    return Document(source=probe.source, content_hash=probe.digest, text=text, publisher="KGX Review",
                    glossary=tuple(entries), reader="kgx")


KGX = InputFormat("kgx", lambda probe: probe.suffix == ".kgx", read=_kgx_read)


@pytest.fixture
def kgx():
    registry.register(KGX, before="saved-page")
    yield KGX
    if KGX in registry.formats():  # the test takes it away itself; this is for one that failed first
        registry.unregister(KGX.name)


def test_a_format_of_one_document_added_builds_and_goes_away(tmp_path, kgx):
    assert [f.name for f in registry.formats()] == BUILT_IN[:-1] + ["kgx", "saved-page"]
    terms = tmp_path / "terms.kgx"
    terms.write_text("Quad :: An informal strategic forum of four states.\n"
                     "a line that is no entry\n"
                     "Druze :: A religious community of the Levant.\n", encoding="utf-8")
    document = read_document(terms)
    assert [(e.term, e.term_span.of(document.text)) for e in document.glossary] == [("Quad", "Quad"),
                                                                                   ("Druze", "Druze")]
    store = tmp_path / "store"
    result = run_kg("build", terms, "--store", store)
    assert result.exit_code == 0, result.output
    assert "1 built, 0 unchanged, 0 skipped, 0 failed" in result.output
    topics = csv.DictReader(io.StringIO(run_kg("query", "topics", "--store", store, "--format", "csv").stdout))
    assert {(t["label"], t["publisher"]) for t in topics} == {("Quad", "KGX Review"), ("Druze", "KGX Review")}
    empty = tmp_path / "empty.kgx"
    empty.write_text("nothing here\n", encoding="utf-8")
    refused = run_kg("build", empty, "--store", store)
    assert refused.exit_code == 2 and f"kg: error: {empty}: no 'term :: definition' line" in refused.output

    assert registry.unregister("kgx") is KGX
    assert [f.name for f in registry.formats()] == BUILT_IN
    more = tmp_path / "more.kgx"
    more.write_text("Kurds :: An ethnic group of the Middle East.\n", encoding="utf-8")
    result = run_kg("build", more, "--store", store)
    assert result.exit_code == 2
    assert f"kg: error: {more}: no glossary or article recognised in this page" in result.output


# --- a format of many documents: a "KGX-STACK" file of articles, under any name -----------------

STACK_MAGIC = b"KGX-STACK 1\n"


def _stack_article(title: str, body: str, source: str, digest: str) -> Document:
    text = f"{title}\n\n{body}"
    lead = Paragraph(body, Span(len(title) + 2, len(text)))
    article = Article(title=title, title_span=Span(0, len(title)), lead=lead, paragraphs=(lead,))
    return Document(source=source, content_hash=digest, text=text, publisher="Stack Wire", article=article,
                    reader="kgx-stack")


def _stack_parts(probe: Probe):
    """One part per "== NAME" entry: a title line, then the body; an entry without a body is skipped."""
    entries = probe.data[len(STACK_MAGIC):].decode("utf-8").split("== ")[1:]
    for entry in entries:
        name, _, rest = entry.partition("\n")
        title, _, body = rest.strip().partition("\n")
        where = f"{probe.source}#{name}"
        if not body.strip():
            yield Skip(name, where, f"{where}: an entry with no body")
            continue
        digest = content_hash(entry.encode("utf-8"))
        yield Part(name, where, digest, partial(_stack_article, title.strip(), " ".join(body.split()), where, digest))


STACK = InputFormat("kgx-stack", lambda probe: probe.head.startswith(STACK_MAGIC), parts=_stack_parts)


@pytest.fixture
def stack():
    registry.register(STACK, before="corpus")
    yield STACK
    if STACK in registry.formats():
        registry.unregister(STACK.name)


def test_a_format_of_many_documents_added_builds_each_and_goes_away(tmp_path, stack):
    assert [f.name for f in registry.formats()] == ["warc", "kgx-stack"] + BUILT_IN[1:]
    dispatches = tmp_path / "dispatches.txt"  # recognised by its first bytes, not its name
    dispatches.write_bytes(STACK_MAGIC + (
        "== geneva\nTalks Resume in Geneva\nDelegations from both sides returned to the table in Geneva on "
        "Monday, officials said, after a pause of three weeks in the negotiations.\n"
        "== vienna\nInspectors Return to Vienna\nInspectors of the atomic agency returned to Vienna on Tuesday "
        "to report on what they found at the sites they visited last month.\n"
        "== empty\nA Headline Alone\n").encode("utf-8"))
    store = tmp_path / "store"
    result = run_kg("build", dispatches, "--store", store)
    assert result.exit_code == 0, result.output
    assert "2 built, 0 unchanged, 1 skipped, 0 failed" in result.output
    assert f"kg: skipped: {dispatches}#empty: an entry with no body" in result.output
    listed = csv.DictReader(io.StringIO(run_kg("query", "articles", "--store", store, "--format", "csv").stdout))
    assert {(a["headline"], a["publisher"]) for a in listed} == {("Talks Resume in Geneva", "Stack Wire"),
                                                                ("Inspectors Return to Vienna", "Stack Wire")}
    again = run_kg("build", dispatches, "--store", store)
    assert "0 built, 2 unchanged, 1 skipped, 0 failed" in again.output  # each part keyed FILE#NAME, by its digest

    registry.unregister("kgx-stack")
    assert [f.name for f in registry.formats()] == BUILT_IN
    result = run_kg("build", dispatches, "--store", store)
    assert result.exit_code == 2
    assert f"kg: error: {dispatches}: no glossary or article recognised in this page" in result.output
