"""Property-based tests of every reader (issue 8): whatever the bytes, a reader returns a Document
whose offsets hold (``text[span]`` is the stated text) or raises kg.errors.InputError with a
one-line message naming the input, and never any other exception. The query binder binds any
value as one RDF term that round-trips, never changing the query's shape, and refuses an IRI
parameter that is not an IRI.

Inputs are generated from the pieces each format is made of (structural lines of a saved page,
HTML elements and attributes, corpus records, WARC records, --kb YAML/CSV/Turtle/JSON-LD) and then
mutated (cut short, bytes flipped or inserted), so the readers' own logic is reached, not only
their first refusal. Profiles: ``ci`` (the default: 200 examples per reader, derandomized so CI
runs are reproducible) and ``thorough`` (10,000 each): ``KG_FUZZ_PROFILE=thorough pytest
tests/test_fuzz_readers.py``.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.documents import Document
from kg.errors import InputError, QueryError, shown_name
from kg.labels import clean_label

sys.path.insert(0, str(Path(__file__).parent / "hostile"))

_COMMON = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                     HealthCheck.filter_too_much], print_blob=True)
settings.register_profile("ci", max_examples=200, derandomize=True, database=None, **_COMMON)
settings.register_profile("thorough", max_examples=10_000, **_COMMON)
settings.register_profile("dev", max_examples=25, derandomize=True, database=None, **_COMMON)
PROFILE = os.environ.get("KG_FUZZ_PROFILE", "ci")
settings.load_profile(PROFILE)


# --- what every reader must satisfy -----------------------------------------------------------


def check_document(doc: Document) -> None:
    assert isinstance(doc, Document)
    text = doc.text
    assert isinstance(text, str)

    def holds(span, expected, what):
        assert 0 <= span.start <= span.end <= len(text), f"{what}: span {span} outside a text of {len(text)}"
        assert text[span.start:span.end] == expected, f"{what}: text[span] {text[span.start:span.end]!r} != {expected!r}"

    for entry in doc.glossary:
        # the span quotes the term as the page wrote it; the term is its clean form (kg.labels)
        holds(entry.term_span, text[entry.term_span.start:entry.term_span.end], "term")
        assert clean_label(text[entry.term_span.start:entry.term_span.end]) == entry.term, f"term: {entry.term!r}"
        holds(entry.definition_span, entry.definition, "definition")
    if doc.article is not None:
        article = doc.article
        holds(article.title_span, article.title, "title")
        for paragraph in article.paragraphs:
            holds(paragraph.span, paragraph.text, "paragraph")
        if article.lead is not None:
            assert article.lead in article.paragraphs
    assert doc.glossary or doc.article is not None


def check_refusal(exc: InputError, source: str) -> None:
    message = str(exc)
    assert "\n" not in message and "\r" not in message, f"a message on more than one line: {message!r}"
    assert message.startswith(shown_name(source)), f"the message does not name {source!r}: {message!r}"


def read_or_refuse(read, source: str):
    """``read()``'s result, or None after checking its InputError."""
    try:
        return read()
    except InputError as exc:
        check_refusal(exc, source)
        return None


# --- mutations --------------------------------------------------------------------------------


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """``data``, sometimes cut, with bytes flipped, inserted or repeated."""
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 3))):
        if not data:
            break
        op = draw(st.sampled_from(["cut", "flip", "insert", "repeat", "none"]))
        at = draw(st.integers(0, len(data) - 1))
        if op == "cut":
            del data[at:]
        elif op == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(
                [b"\x00", b"\xff\xfe", b"\r", b'"', b"<", b"\xc3", b"\xe2\x80\xa8", b"\n\n"]))
        elif op == "repeat":
            data[at:at] = data[at:at + draw(st.integers(1, 64))] * draw(st.integers(2, 20))
    return bytes(data)


@st.composite
def encoded(draw, text: str) -> bytes:
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace") if encoding != "utf-16-le" else text.encode("utf-16-le")
    return draw(mutated(data)) if draw(st.booleans()) else data


WORDS = st.sampled_from(["Russia", "Armenia", "NATO", "the", "alliance", "Kurds", "said", "on", "Friday", "Moscow",
                         "Karabakh", "talks", "u n i o n", "a u n i o n", "x y z", "Tags", "In", "Focus", "«", "»",
                         "\u00a0", "\u200b", "\ufeff", "’", "Ş", "ال", "تحليل", "e\u0301", "ﬁ", "Ⅻ", "𝐀", "\u2028"])
SENTENCE = st.lists(WORDS, min_size=1, max_size=25).map(" ".join) | st.text(max_size=120)
PROSE = st.lists(SENTENCE, min_size=1, max_size=4).map(lambda parts: ". ".join(parts) + ".")


# --- saved pages ------------------------------------------------------------------------------


@st.composite
def saved_page(draw) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += [draw(st.sampled_from(["Alwaght | News & Analysis Website", "Site – Slogan", "Chrome"])), ""]
    if draw(st.booleans()):
        lines += [draw(st.sampled_from(["In Focus", "in  focus:", "IN FOCUS"]))]
        for _ in range(draw(st.integers(0, 5))):
            term = draw(st.sampled_from(["NATO", "Kurds", "Taliban", "New node", "Axis of Resistance"]) | SENTENCE)
            lines += [term, "", draw(st.sampled_from([term, term.upper(), " " + term + " "])), "",
                      draw(PROSE)]
    for _ in range(draw(st.integers(0, 12))):
        lines.append(draw(st.sampled_from([
            "", "example.org", "https://www.alwaght.net/", "Analysis", "Related Content", "Tags :", "Tags : a b c",
            "Comments", "Name :", "Email :", "Gallery", "Monday 11 September 2023", "11 September 2023",
            "September 11, 2023", "2023-09-11", "2023-02-30", "Friday 31 February 2023", "Sunday 1 Jan 2023",
            "Russia-Armenia Relations Hit by Differences over Karabakh Dispute", "Alwaght- " + "x" * 30,
        ]) | SENTENCE | PROSE))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(lines)


@given(st.data())
def test_saved_page_reader(data):
    from kg.readers import read_document

    text = data.draw(saved_page())
    raw = data.draw(encoded(text))
    doc = read_or_refuse(lambda: read_document(Path("fuzz/page.txt"), "fuzz/page.txt", raw), "fuzz/page.txt")
    if doc is not None:
        check_document(doc)


def test_the_reference_layout_is_reached(tmp_path):
    """The generator reaches the reader's logic: a page shaped like the example reads."""
    from conftest import EXAMPLE
    from kg.readers import read_document

    check_document(read_document(EXAMPLE))


# --- HTML -------------------------------------------------------------------------------------

TAGS = ["div", "p", "h1", "h2", "h3", "span", "article", "main", "section", "ul", "li", "dl", "dt", "dd", "b",
        "script", "style", "br", "a", "time", "header", "footer", "nav", "aside", "table", "tr", "td", "blockquote",
        "template", "svg", "font", "figure", "figcaption", "noscript", "strong"]
ATTRS = ['class="glossary"', 'id="in-focus"', 'class="item"', 'class="term"', 'class="definition"',
         'class="article-body"', 'datetime="2023-09-11"', 'datetime="nonsense"', 'href="javascript:alert(1)"',
         'href="file:///etc/passwd"', 'lang="ar"', 'dir="rtl"', 'itemprop="headline"', 'itemprop="datePublished"',
         'content="2023-09-11T10:00:00Z"', 'class="tags"', 'rel="tag"', 'style="display:none"']


@st.composite
def html_tree(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 1))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attrs = " ".join(draw(st.lists(st.sampled_from(ATTRS), max_size=2)))
            inner = draw(html_tree(depth + 1))
            close = f"</{tag}>" if draw(st.integers(0, 9)) else ""  # sometimes left open
            parts.append(f"<{tag} {attrs}>{inner}{close}")
        else:
            parts.append(draw(PROSE | SENTENCE | st.sampled_from(["&amp;", "&nbsp;", "&#0;", "&#x110000;", "<!-- c -->",
                                                                  "<![CDATA[x]]>", "<?php ?>", "&bogus;"])))
    return "".join(parts)


@st.composite
def html_page(draw) -> bytes:
    head = "".join(draw(st.lists(st.sampled_from([
        '<meta charset="utf-8">', '<meta charset="windows-1256">', '<meta charset="utf-16">', '<meta charset="bogus">',
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">',
        '<link rel="canonical" href="https://www.alwaght.net/en/News/1">', '<meta property="og:url" content="https://x.org/a">',
        '<meta property="og:title" content="A Title">', '<meta name="author" content="A. Writer">',
        '<meta property="article:published_time" content="2023-09-11">', "<title>Talks Resume</title>",
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        '"headline": "X", "datePublished": "2023-09-11"}</script>',
        '<script type="application/ld+json">{"@context": "http://127.0.0.1:9/x"}</script>',
    ]), max_size=4)))
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "", "<?xml version='1.0'?><!DOCTYPE html>",
                                    '<!DOCTYPE html SYSTEM "file:///etc/passwd">']))
    body = draw(html_tree())
    page = f"{doctype}<html lang=\"{draw(st.sampled_from(['en', 'ar', '', 'x-bogus']))}\"><head>{head}</head><body>{body}</body></html>"
    return draw(encoded(page))


@given(html_page())
def test_html_reader(raw):
    from kg.readers import read_document

    doc = read_or_refuse(lambda: read_document(Path("fuzz/page.html"), "fuzz/page.html", raw), "fuzz/page.html")
    if doc is not None:
        check_document(doc)


@given(html_page(), st.sampled_from([None, "utf-8", "windows-1256", "bogus", "utf-16"]))
def test_html_reader_with_an_http_charset(raw, charset):
    from kg.readers import read_html

    doc = read_or_refuse(lambda: read_html(raw, "https://x.org/a", "h", where="fuzz.warc#https://x.org/a",
                                           url="https://x.org/a", http_charset=charset), "fuzz.warc#https://x.org/a")
    if doc is not None:
        check_document(doc)


@given(st.binary(max_size=4000))
def test_gzipped_html_pages(raw):
    from kg.readers import read_document

    data = gzip.compress(raw) if raw[:1] != b"\x00" else raw  # sometimes no gzip at all
    data = data[: len(data) - (raw[-1] % 8 if raw else 0)]  # sometimes cut
    doc = read_or_refuse(lambda: read_document(Path("fuzz/page.html.gz"), "fuzz/page.html.gz", data),
                         "fuzz/page.html.gz")
    if doc is not None:
        check_document(doc)


# --- corpora ----------------------------------------------------------------------------------

FIELD_VALUES = st.one_of(SENTENCE, PROSE, st.text(max_size=40), st.integers(), st.floats(allow_nan=True),
                         st.none(), st.booleans(), st.lists(st.text(max_size=8), max_size=3),
                         st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                         st.sampled_from(["2023-09-11", "2023-09-11T09:00:00Z", "2023-02-30", "11/09/2023", ""]))


@st.composite
def corpus_records(draw) -> list[dict]:
    names = st.sampled_from(["id", "url", "title", "published", "text", "publisher", "section", "tags", "other"])
    return draw(st.lists(st.dictionaries(names, FIELD_VALUES, max_size=8), min_size=1, max_size=8))


def _jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def _csv(records: list[dict]) -> bytes:
    out = io.StringIO()
    names = ["id", "title", "text", "published", "tags"]
    writer = csv.writer(out)
    writer.writerow(names)
    for r in records:
        writer.writerow(["" if r.get(n) is None else str(r.get(n)) for n in names])
    return out.getvalue().encode("utf-8")


@given(corpus_records(), st.sampled_from(["jsonl", "csv"]), st.data())
def test_corpus_reader(records, kind, data):
    from kg.readers.corpus import BadRecord, ColumnMap, Record, read_records, record_document

    raw = data.draw(mutated(_jsonl(records) if kind == "jsonl" else _csv(records)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"corpus.{kind}"
        path.write_bytes(raw)
        source = str(path)
        try:
            for found in read_records(path, ColumnMap(), source):
                if isinstance(found, BadRecord):
                    assert "\n" not in found.reason and found.line >= 1
                    continue
                assert isinstance(found, Record)
                doc = read_or_refuse(lambda: record_document(found, source), source)
                if doc is not None:
                    check_document(doc)
        except InputError as exc:
            check_refusal(exc, source)


@given(st.lists(st.fixed_dictionaries({"term": SENTENCE | st.integers(), "definition": PROSE | st.none()},
                                      optional={"publisher": st.text(max_size=10), "source": st.text(max_size=20)}),
                max_size=6), st.sampled_from(["jsonl", "csv"]), st.data())
def test_glossary_file_reader(records, kind, data):
    from kg.readers import read_document

    if kind == "jsonl":
        raw = _jsonl(records)
    else:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["term", "definition", "publisher"])
        for r in records:
            writer.writerow([r["term"], r["definition"] or "", r.get("publisher", "")])
        raw = out.getvalue().encode("utf-8")
    raw = data.draw(mutated(raw))
    source = f"fuzz/glossary.{kind}"
    doc = read_or_refuse(lambda: read_document(Path(source), source, raw), source)
    if doc is not None:
        check_document(doc)


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                    lambda children: st.lists(children, max_size=3) | st.dictionaries(
                        st.sampled_from(["Introduction", "Background", "text", "Government", "Country name",
                                         "conventional short form", "x"]), children, max_size=4), max_leaves=20),
       st.data())
def test_factbook_reader(record, data):
    from kg.readers import read_document

    raw = data.draw(mutated(json.dumps(record).encode()))
    doc = read_or_refuse(lambda: read_document(Path("fuzz/country.json"), "fuzz/country.json", raw),
                         "fuzz/country.json")
    if doc is not None:
        check_document(doc)


# --- web archives -----------------------------------------------------------------------------


@given(st.lists(st.tuples(st.sampled_from(["https://x.org/a", "https://x.org/b", "urn:x", "javascript:alert(1)"]),
                          html_page() | st.binary(max_size=200)), min_size=1, max_size=4),
       st.booleans(), st.data())
def test_warc_reader(records, gz, data):
    import make_hostile

    from kg.readers import read_html
    from kg.readers.warc import WarcPage, WarcSkip, iter_warc

    raw = data.draw(mutated(make_hostile.warc(records, gz=gz)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("crawl.warc.gz" if gz else "crawl.warc")
        path.write_bytes(raw)
        source = str(path)
        try:
            for found in iter_warc(path, source):
                assert isinstance(found, (WarcPage, WarcSkip))
                if isinstance(found, WarcSkip):
                    assert "\n" not in found.reason
                    continue
                where = f"{source}#{found.name}"
                doc = read_or_refuse(lambda: read_html(found.payload, found.uri or where, "h", where=where,
                                                       url=found.uri, http_charset=found.charset), where)
                if doc is not None:
                    check_document(doc)
        except InputError as exc:
            check_refusal(exc, source)


# --- --kb files -------------------------------------------------------------------------------

CLASSES = st.sampled_from(["State", "ArmedGroup", "Person", "Alliance", "Bogus", "", "Movement"])
IDS = st.sampled_from(["group:WAGNER", "state:XYZ", "igo:abc", "nope", "person:a b", "x:y\nz", ""]) | st.text(max_size=12)
LABEL = SENTENCE | st.text(max_size=20)


@st.composite
def kb_actor(draw) -> dict:
    actor = {"id": draw(IDS), "class": draw(CLASSES), "label": draw(LABEL)}
    if draw(st.booleans()):
        actor["aliases"] = draw(st.lists(LABEL, max_size=3) | LABEL)
    if draw(st.booleans()):
        actor["iso3"] = draw(st.sampled_from(["ARM", "arm", "XX", None, 7]))
    if draw(st.booleans()):
        actor["roles"] = draw(st.lists(st.fixed_dictionaries(
            {}, optional={"state": st.sampled_from(["ARM", "x"]), "start": st.sampled_from(["2020", "2020-13", "x"]),
                          "title": LABEL}), max_size=2) | st.text(max_size=5))
    return actor


def _turtle_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid Turtle long-or-short string for most text


@st.composite
def kb_file(draw) -> tuple[str, bytes]:
    import yaml

    kind = draw(st.sampled_from(["yaml", "csv", "ttl", "jsonld", "rdf"]))
    actors = draw(st.lists(kb_actor(), max_size=4))
    if kind == "yaml":
        text = yaml.safe_dump(actors, allow_unicode=True) if draw(st.booleans()) else draw(st.sampled_from([
            "- &a [*a]\n", "- !!python/object/apply:os.system ['true']\n", "a: &x [" + "[" * 50 + "]" * 50 + "]\n",
            "- " * 200 + "x\n", "actors: 3\n", "{", "- {id: 'group:A', class: ArmedGroup, label: A, roles: [1]}\n"]))
    elif kind == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "class", "label", "aliases", "iso3", "cameo"])
        for a in actors:
            aliases = a.get("aliases", "")
            writer.writerow([a["id"], a["class"], a["label"], "|".join(map(str, aliases)) if isinstance(aliases, list)
                             else aliases, a.get("iso3") or "", ""])
        text = out.getvalue()
    elif kind == "ttl":
        iri = st.sampled_from(["https://w3id.org/kg/id/actor/state/ARM", "https://example.org/a#b", "#local",
                               "file:///etc/passwd", "javascript:alert(1)", "http://127.0.0.1:9/x", "urn:x:y",
                               "https://example.org/a b", "https://example.org/>"])
        text = "@prefix kg: <https://w3id.org/kg/ontology#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        text += draw(st.sampled_from(["", "@base <file:///etc/> .\n", "@prefix : <http://127.0.0.1:9/> .\n"]))
        for a in actors:
            text += f"<{draw(iri)}> a kg:{a['class'] or 'X'} ; rdfs:label {_turtle_string(str(a['label']))} .\n"
        text += draw(st.sampled_from(["", "[ rdfs:label [ rdfs:label [ ] ] ] .\n", "( ( ( ) ) ) a kg:State .\n"]))
    elif kind == "jsonld":
        context = draw(st.sampled_from([
            {"kg": "https://w3id.org/kg/ontology#", "label": "http://www.w3.org/2000/01/rdf-schema#label"},
            "http://127.0.0.1:9/context.jsonld", "file:///etc/passwd", ["https://schema.org/"],
            {"@import": "http://127.0.0.1:9/ctx"}, None]))
        graph = [{"@id": draw(st.sampled_from(["https://example.org/a", "file:///etc/passwd", "javascript:x", "_:b"])),
                  "@type": f"kg:{a['class'] or 'X'}", "label": a["label"]} for a in actors]
        doc = {"@graph": graph} if context is None else {"@context": context, "@graph": graph}
        text = json.dumps(doc)
    else:
        doctype = draw(st.sampled_from(["", '<!DOCTYPE rdf:RDF [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                                        '<!doctype x>']))
        body = "".join(f'<rdf:Description rdf:about="https://example.org/{i}"><rdf:type rdf:resource='
                       f'"https://w3id.org/kg/ontology#{a["class"] or "X"}"/><rdfs:label>{a["label"]}</rdfs:label>'
                       f"</rdf:Description>" for i, a in enumerate(actors))
        text = (f'<?xml version="1.0"?>{doctype}<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">{body}</rdf:RDF>')
    raw = text.encode("utf-8")
    if draw(st.integers(0, 3)) == 0:
        raw = draw(mutated(raw))
    return kind, raw


@given(kb_file())
def test_kb_file_loader(kind_raw):
    from kg.kb.actors import Actor
    from kg.mapping.kb_files import load_actors as load_user_actors

    kind, raw = kind_raw
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"actors.{kind}"
        path.write_bytes(raw)
        actors = read_or_refuse(lambda: load_user_actors(path), str(path))
    if actors is not None:
        assert actors and all(isinstance(a, Actor) and a.id and a.label for a in actors)


# --- the query binder -------------------------------------------------------------------------

HOSTILE_VALUE = st.one_of(
    st.text(max_size=40),
    st.sampled_from(['x" } UNION { ?s ?p ?o } #', "'} ; DROP ALL ; {'", "a\nb", "#", "\\u0022 }", "} UNION {",
                     "http://x/> } UNION { ?s ?p ?o", "http://a b", "<http://x>", "kg:State", "kgid:actor/state/ARM",
                     "https://w3id.org/kg/id/actor/state/ARM", "javascript:alert(1)", "file:///etc/passwd",
                     "http://x/\\u003E", "\\U0001F600", "\"\"\"", "'''", "\\", "2023-09-11", "2023-02-30", "+12",
                     "http://x/\u00e9", "urn:x", "mailto:a@b", "http://[::1]/", "kgid:", ":", "a:b c"]),
    st.lists(st.sampled_from(['"', "'", "{", "}", "<", ">", "#", "\n", "\r", " ", "\\", "u0022", "UNION", "?s",
                              "http://", "kg:", "\x00", "\u2028", "é", "%20", "|", "^", "`"]), max_size=12).map("".join),
)
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\x00-\x20<>\"{}|^`\\\x7f-\x9f]*")


def _queries():
    from kg.services.query import bundled_queries

    return sorted(bundled_queries().items())


def _roundtrip(term) -> object:
    """The term bound in a query of its own, run on an empty store: what Oxigraph reads back."""
    import pyoxigraph

    rows = list(pyoxigraph.Store().query(f"SELECT ?v WHERE {{ VALUES ?v {{ {term} }} }}"))
    assert len(rows) == 1
    return rows[0]["v"]


@given(st.sampled_from([(n, p) for n, q in _queries() for p in q.parameters]), HOSTILE_VALUE)
def test_query_parameters_bind_as_values(query_param, value):
    import pyoxigraph

    from kg.services.query import bind, bundled_queries, parse_value, top_level_group_start

    name, param = query_param
    query = bundled_queries()[name]
    try:
        term = parse_value(param, value)
    except QueryError as exc:
        assert param.name in str(exc) and "\n" not in str(exc).replace(repr(value), "")
        return
    if param.type == "iri":
        assert isinstance(term, pyoxigraph.NamedNode)
        assert _IRI.fullmatch(term.value), f"{value!r} accepted as the IRI {term.value!r}"
    if param.type == "string":
        assert isinstance(term, pyoxigraph.Literal) and term.value == value
    assert _roundtrip(term) == term  # one term, read back as itself
    values = {p.name: ("kgid:actor/state/ARM" if p.type == "iri" else "2023-09-11" if p.type == "date"
                       else "1" if p.type == "integer" else "x") for p in query.parameters if p.required}
    values[param.name] = value
    bound = bind(query, values)
    at = top_level_group_start(query.text)
    assert bound.startswith(query.text[:at]) and bound.endswith(query.text[at:])  # only the VALUES block added
    block = bound[at:len(bound) - (len(query.text) - at)]
    assert block.startswith("\nVALUES (") and block.endswith(") }\n")
    assert str(term) in block
    pyoxigraph.Store().query(bound)  # it parses (a SyntaxError would fail the test)


@given(HOSTILE_VALUE)
def test_an_iri_parameter_that_is_not_an_iri_is_refused(value):
    from kg.services.query import Parameter, parse_value

    param = Parameter("p", "iri", True, "")
    try:
        node = parse_value(param, value)
    except QueryError as exc:
        assert "parameter p:" in str(exc)
        return
    assert _IRI.fullmatch(node.value), f"{value!r} accepted as the IRI {node.value!r}"


def test_an_iri_refusal_quoting_a_newline_stays_one_line():
    """Found by the binder's property test: the parser's complaint quoted a raw newline."""
    from kg.services.query import Parameter, parse_value

    with pytest.raises(QueryError) as caught:
        parse_value(Parameter("actor", "iri", True, ""), "0\n0")
    assert "\n" not in str(caught.value)


def test_the_atheris_targets_run_on_seed_inputs():
    """scripts/fuzz_readers.py (run by hand, not in CI) keeps working: each target takes a few
    inputs without atheris."""
    import importlib.util

    from conftest import EXAMPLE

    spec = importlib.util.spec_from_file_location("fuzz_readers", Path(__file__).parents[1] / "scripts" / "fuzz_readers.py")
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)
    seeds = [b"", b"\x00\xff", EXAMPLE.read_bytes(), b'{"term": "NATO", "definition": "An alliance."}\n',
             b"id,class,label\ngroup:A,ArmedGroup,A\n", b"WARC/1.1\r\n"]
    for name in fuzz.TARGETS:
        run = fuzz.target(name)
        for seed in seeds:
            run(seed)
