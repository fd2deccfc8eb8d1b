"""One record never aborts a build (issue 21, item 8).

Each value that used to stop a whole corpus file — a JSON integer over Python's 4,300 digits, a
publication date at either end of the calendar, a URL urllib cannot take apart, a paragraph
longer than spaCy takes at once — now costs at most its own record, reported as FILE:LINE:
reason, with the other records built. Through the real CLI, real stores, the real pipeline.
"""
from __future__ import annotations

import contextlib
import io
import json
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pyoxigraph
import pytest

from conftest import run_kg
from kg import limits
from kg.extraction.nlp import pieces
from kg.extraction.timex import find_times, resolve_event_time, undated
from kg.readers.corpus import BadRecord, ColumnMap, Record, _guarded, read_records
from kg.store.local import Store

KG = Path(sys.executable).with_name("kg")
P = "The ministers met in Geneva on Friday and agreed to resume the talks next month, officials said."


def record(i: int, **fields) -> str:
    return json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": P, "published": "2024-03-01", **fields})


def corpus(tmp_path: Path, *lines: str, name: str = "corpus.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(path: Path, store: Path, *args: str):
    return run_kg("build", path, "--store", store, *args)


def events(store: Path) -> list[dict]:
    result = run_kg("query", "events", "--store", store, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["results"]["bindings"]
    return [{k: v["value"] for k, v in row.items()} for row in rows]


# --- a JSON integer past Python's limit -------------------------------------------------------


def test_a_5000_digit_integer_in_a_corpus_record_does_not_abort_the_build(tmp_path):
    path = corpus(tmp_path, record(1), record(2)[:-1] + ', "views": ' + "9" * 5000 + "}", record(3))
    result = build(path, tmp_path / "store")
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "3 built, 0 unchanged, 0 skipped, 0 failed" in result.stderr


def test_a_5000_digit_integer_in_a_read_field_is_kept_as_its_digits(tmp_path):
    digits = "7" * 5000
    path = corpus(tmp_path, record(1)[:-1] + f', "section": {digits}' + "}")
    [found] = read_records(path, ColumnMap())
    assert isinstance(found, Record) and found.fields["section"] == digits
    assert found.fields["id"] == "r1"


def test_a_5000_digit_integer_on_the_first_line_still_makes_the_file_a_corpus(tmp_path):
    # the first line decides whether a .jsonl file holds articles or glossary terms
    path = corpus(tmp_path, record(1)[:-1] + ', "views": ' + "9" * 5000 + "}", record(2))
    result = build(path, tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "2 built" in result.stderr


# --- publication dates at the ends of the calendar --------------------------------------------


@pytest.mark.parametrize("published, text, kind", [
    ("0001-01-01", "Russia attacked Ukraine on Friday, officials said.", "ASSAULT"),
    ("9999-12-31", "Russia will attack Ukraine next year, officials said.", "THREATEN"),
])
def test_a_record_published_at_the_end_of_the_calendar_builds_with_its_events(tmp_path, published, text, kind):
    """"on Friday" before 0001-01-01 raised OverflowError, "next year" after 9999-12-31
    ValueError, and the record failed; now such a time is left out and the event kept, bounded
    by the article's date."""
    path = corpus(tmp_path, record(1), record(2, text=text, published=published))
    result = build(path, tmp_path / "store")  # the shapes too: the dates must still validate
    assert result.exit_code == 0, result.stderr
    assert "2 built, 0 unchanged, 0 skipped, 0 failed" in result.stderr
    found = events(tmp_path / "store")
    assert [(e["type"], e["date"]) for e in found] == [(kind, f"../{published}")], found


EDGE_PHRASES = [
    "on Friday", "last Friday", "next Friday", "this Friday", "yesterday", "tomorrow", "today",
    "last week", "this week", "next week", "earlier this week", "later this month", "last month",
    "next month", "last year", "next year", "this year", "earlier this year", "later this year",
    "in the past three days", "in the past two weeks", "over the past five years", "in recent days",
    "in recent weeks", "in recent months", "in recent years", "over the past decades", "recently",
    "in the coming days", "in the coming weeks", "in the coming months", "in the coming years",
    "three days ago", "two weeks ago", "five months ago", "four years ago", "a decade ago",
    "a few days ago", "last weekend", "this weekend", "next weekend", "over the weekend",
    "in early 2020", "around 2020", "in mid-September", "around September 5", "on September 5",
    "in December", "between September 11 and 20", "last summer", "next winter", "this spring",
    "in the 1990s", "in the late 1990s", "in the 19th century", "in 1988-89", "since 2020",
    "around last Friday", "the end of last year", "early next month", "late this week",
]


@pytest.mark.parametrize("published", [date.min, date(1, 1, 7), date(9999, 12, 25), date.max])
@pytest.mark.parametrize("tense", [None, "past", "future"])
def test_time_expressions_at_the_ends_of_the_calendar_resolve_or_are_left_out(published, tense):
    for phrase in EDGE_PHRASES:
        sentence = f"The ministers met {phrase}, officials said."
        for value in find_times(sentence, published, tense):
            assert date.min <= value.earliest <= value.latest <= date.max
            assert sentence[value.start:value.end] == value.text
        resolve_event_time(sentence, published, tense)


def test_undated_in_the_first_year_starts_at_the_first_day():
    value = undated(date.min)
    assert (value.earliest, value.latest, value.edtf) == (date.min, date.min, "../0001-01-01")


# --- a URL that urllib cannot take apart --------------------------------------------------------


def test_a_record_whose_url_is_not_a_url_is_skipped_with_its_line(tmp_path):
    path = corpus(tmp_path, record(1), record(2, url="http://[::1"), record(3, url="https://news.example.org/3"))
    result = build(path, tmp_path / "store")
    assert result.exit_code == 0, result.stderr  # a skipped record: README's exit 0
    assert f"kg: skipped: {path}:2: field 'url' is not a URL kg can read (Invalid IPv6 URL)" in result.stderr
    assert "2 built, 0 unchanged, 1 skipped, 0 failed" in result.stderr


def test_a_csv_row_whose_url_is_not_a_url_is_skipped_with_its_line(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text(f'id,url,text\n1,https://a.example/1,"{P}"\n2,http://[::1,"{P}"\n', encoding="utf-8")
    result = build(path, tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert f"{path}:3: field 'url' is not a URL" in result.stderr
    assert "1 built, 0 unchanged, 1 skipped" in result.stderr


# --- a paragraph longer than spaCy takes -------------------------------------------------------


def test_pieces_are_cut_at_sentence_ends_and_keep_their_offsets():
    text = "Russia attacked Ukraine on Friday. " * 40 + "x" * 300 + " and a tail"
    for limit in (100, 257, 1000, 5):
        cut = pieces(text, limit)
        assert "".join(piece for _, piece in cut) == text
        assert all(text[offset:offset + len(piece)] == piece for offset, piece in cut)
        assert all(len(piece) <= limit for _, piece in cut)
    sentences = pieces(text[:700], 100)
    assert all(piece.endswith(". ") for _, piece in sentences[:-1])  # at a sentence end where there is one
    assert pieces("short", 100) == [(0, "short")]


def test_a_paragraph_past_max_nlp_chars_is_coded_in_pieces_with_right_offsets(tmp_path, monkeypatch):
    """KG_MAX_NLP_CHARS made small, so that this paragraph of 20 sentences is parsed in pieces:
    its events are still found, and every evidence quote sits at its offsets (the shapes check
    the quote against the text, and the build applies them)."""
    monkeypatch.setenv("KG_MAX_NLP_CHARS", "300")
    text = " ".join(f"Russia attacked Ukraine on day {i}, officials said." for i in range(20))
    path = corpus(tmp_path, record(1, text=text))
    result = build(path, tmp_path / "store")
    assert result.exit_code == 0, result.stderr
    [event] = events(tmp_path / "store")  # one event, reported twenty times
    result = run_kg("query", "mentions", "-p", f"event={event['event']}", "--store", tmp_path / "store",
                    "--format", "json")
    spans = [{k: v["value"] for k, v in row.items()} for row in json.loads(result.stdout)["results"]["bindings"]]
    document = f"Report 1\n\n{text}"  # the title, a blank line, the paragraph
    assert len(spans) == 20
    for span in spans:
        assert document[int(span["start"]):int(span["end"])] == span["evidence"]
    assert run_kg("validate", "--store", tmp_path / "store").exit_code == 0


def test_the_nlp_limit_is_in_the_limits_table():
    table = (Path(__file__).resolve().parents[1] / "docs" / "robustness.md").read_text(encoding="utf-8")
    assert "| `max_nlp_chars` | `KG_MAX_NLP_CHARS` | 100,000 characters |" in table
    assert limits.current().max_nlp_chars == 100_000


@pytest.mark.slow
def test_a_paragraph_over_spacys_million_characters_builds_in_a_real_process(tmp_path):
    """The 1.1M-character paragraph of the attack: spaCy refuses more than 1,000,000 at once
    (nlp.max_length) and needs ~350 MiB per 100,000; parsed in pieces, the record builds."""
    long_text = (P + " ") * (1_100_000 // (len(P) + 1) + 1)
    path = corpus(tmp_path, record(1), record(2, text=long_text))
    done = subprocess.run([str(KG), "build", str(path), "--store", str(tmp_path / "store"), "--no-check"],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert "2 built, 0 unchanged, 0 skipped, 0 failed" in done.stderr


# --- the last line of defence --------------------------------------------------------------------


def test_an_unexpected_error_reading_a_record_becomes_that_records_skip():
    found = _guarded(7, lambda: 1 / 0)
    assert isinstance(found, BadRecord) and found.line == 7
    assert found.reason.startswith("cannot be read: ZeroDivisionError: division by zero (unexpected:")


def test_an_unexpected_error_extracting_a_record_names_its_file_and_line(tmp_path, monkeypatch):
    """A Record made through the API, not read from a file, can hold what the reader refuses: its
    extraction fails inside the pipeline, as a bug in kg would. The failure is the record's own
    (FILE:LINE: reason, one line); KG_DEBUG=1 adds the traceback."""
    from kg.build.inputs import WorkItem
    from kg.extraction.coding import default_coder
    from kg.build.pipeline import Stamp, extract_item
    from kg.readers.corpus import record_part

    source = str(tmp_path / "made.jsonl")
    bad = Record(12, {"id": "x", "text": P, "url": "http://[::1"})
    item = WorkItem(f"{source}#x", source, bad.digest, tmp_path / "made.jsonl", part=record_part(bad, source))
    stamp = Stamp(datetime(2024, 1, 1), "test")
    result = extract_item(item, default_coder(), stamp)
    assert result.error == (f"{source}:12: ValueError: Invalid IPv6 URL (unexpected: set KG_DEBUG=1 for a "
                            "traceback)")
    assert not result.input_error  # a failed document: exit 1
    monkeypatch.setenv("KG_DEBUG", "1")
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        result = extract_item(item, default_coder(), stamp)
    assert "Traceback (most recent call last)" in err.getvalue() and "urlsplit" in err.getvalue()
    assert result.error.endswith("(unexpected: its traceback is above)")


# --- web archives -------------------------------------------------------------------------------


def test_an_archived_page_whose_target_uri_is_not_a_url_is_skipped(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent / "hostile"))
    import make_hostile

    body = make_hostile.html_page().encode()
    path = tmp_path / "pages.warc.gz"
    path.write_bytes(make_hostile.warc([("http://[::1", body), ("https://news.example.org/b", body)]))
    result = build(path, tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert (f"kg: skipped: {path}#http://[::1: its WARC-Target-URI is not a URL kg can read (Invalid IPv6 URL)"
            in result.stderr)
    assert "1 built, 0 unchanged, 1 skipped, 0 failed" in result.stderr
    with Store(tmp_path / "store", read_only=True) as store:
        assert any(isinstance(q.object, pyoxigraph.Literal) and q.object.value == "https://news.example.org/b"
                   for q in store.quads())


def test_an_html_page_whose_canonical_url_is_not_a_url_builds(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent / "hostile"))
    import make_hostile

    page = tmp_path / "page.html"
    page.write_text(make_hostile.html_page().replace("<head>", '<head><link rel="canonical" href="http://[::1">'),
                    encoding="utf-8")
    result = build(page, tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "1 built, 0 unchanged, 0 skipped, 0 failed" in result.stderr


# --- column positions ----------------------------------------------------------------------------


@pytest.mark.parametrize("spec", ["text=0", "text=" + "9" * 5000, "text=100001"])
def test_a_column_position_out_of_range_is_a_usage_error_not_a_failure_per_record(tmp_path, spec):
    path = tmp_path / "corpus.csv"
    path.write_text(f'1,"{P}"\n2,"{P}"\n', encoding="utf-8")
    result = build(path, tmp_path / "store", "--columns", spec)
    assert result.exit_code == 2
    assert result.stderr.startswith("kg: error: --columns 'text=") and "runs from 1 to 100,000" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_superscript_digit_is_a_column_name_not_a_position(tmp_path):
    path = tmp_path / "corpus.csv"
    path.write_text(f'id,²\n1,"{P}"\n', encoding="utf-8")
    result = build(path, tmp_path / "store", "--columns", "text=²", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "1 built" in result.stderr


# -- the same class in the other readers that parse JSON -------------------------------------------------------
def test_a_factbook_file_with_a_5000_digit_integer_builds(tmp_path):
    country = {"Introduction": {"Background": {"text": "Testland is a small country by the sea."}},
               "Government": {"Country name": {"conventional short form": {"text": "Testland"}}}}
    text = json.dumps(country)[:-1] + ', "Economy": {"Real GDP": ' + "9" * 5000 + "}}"
    path = tmp_path / "testland.json"
    path.write_text(text, encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "1 built" in result.stderr


@pytest.mark.parametrize("block", [
    '{"@type": "NewsArticle", "headline": "Talks Resume", "wordCount": ' + "9" * 5000 + "}",
    '{"@type": "NewsArticle", "headline": "Talks Resume", "@graph": ' + "[" * 950 + "]" * 950 + "}",
    "[" * 100_000 + "]" * 100_000,
])
def test_a_page_whose_json_ld_holds_a_huge_number_or_deep_nesting_builds(tmp_path, block):
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Talks Resume</title>'
            f'<script type="application/ld+json">{block}</script></head><body><article><h1>Talks Resume</h1>'
            + f"<p>{P}</p>" * 3 + "</article></body></html>")
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "1 built" in result.stderr


@pytest.mark.parametrize("extra", ['"pages": ' + "9" * 5000, '"source": "http://[::1"'])
def test_a_glossary_file_with_a_huge_number_or_a_broken_source_url_builds(tmp_path, extra):
    """A glossary file is one document: a value it never reads must not fail it with a raw error."""
    path = tmp_path / "terms.jsonl"
    path.write_text('{"term": "NATO", "definition": "A military alliance of 32 states.", ' + extra + "}\n"
                    '{"term": "Kurds", "definition": "An ethnic group of the Middle East."}\n', encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "1 built" in result.stderr
