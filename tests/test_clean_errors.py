"""Clean errors everywhere (issue 21, item 10): every refusal is one line naming its input, with
README's exit status, no traceback; the valid part of an input is still used.

`kg code` on records Python cannot read; bad `--shapes` files (not Turtle; SERVICE in a query,
which would make the validator send requests elsewhere); query parameters that are not UTF-8,
too long or not exactly YYYY-MM-DD; warcio's own stderr lines; control characters in file names;
UTF-16 JSONL corpora and CR-only CSV files read as what they are. Through the real CLI.
"""
from __future__ import annotations

import codecs
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, Canary, run_kg

sys.path.insert(0, str(Path(__file__).parent / "hostile"))
import make_hostile  # noqa: E402

KG = Path(sys.executable).with_name("kg")
P = "The ministers met in Geneva on Friday and agreed to resume the talks next month, officials said."
SH = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix ex: <http://example.org/> .\n" \
     "@prefix schema: <https://schema.org/> .\n"


def one_line_errors(stderr: str) -> list[str]:
    assert "Traceback" not in stderr, stderr
    return [line for line in stderr.splitlines() if line.startswith("kg: error:")]


@pytest.fixture(scope="module")
def example_store(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("example") / "store"
    assert run_kg("build", EXAMPLE, "--store", store, "--no-check").exit_code == 0
    return store


# --- kg code ------------------------------------------------------------------------------------


def code_lines(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "sentences.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


GOOD = json.dumps({"id": "good", "text": "Russia attacked Ukraine on Friday.", "date": "2023-09-11"})


def test_kg_code_reports_a_5000_digit_integer_and_codes_the_rest(tmp_path):
    path = code_lines(tmp_path, GOOD, '{"id": 2, "text": "x", "n": ' + "9" * 5000 + "}", GOOD.replace("good", "also"))
    result = run_kg("code", path)
    assert result.exit_code == 1  # README: a malformed line is reported and skipped, exit 1
    assert one_line_errors(result.stderr) == [
        f"kg: error: {path}:2: not a record kg can read (it holds an integer longer than 4,300 digits)"]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good", "also"]


def test_kg_code_reports_json_nested_100k_deep_and_codes_the_rest(tmp_path):
    path = code_lines(tmp_path, '{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}", GOOD)
    result = run_kg("code", path)
    assert result.exit_code == 1
    assert one_line_errors(result.stderr) == [f"kg: error: {path}:1: not a record: JSON nested too deeply to read"]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good"]


def test_kg_code_skips_a_line_over_the_limit_without_holding_it(tmp_path, monkeypatch):
    """kg code read each line whole (a 200 MB line, 200 MB of memory); it now reads lines with the
    corpora's bound, KG_MAX_LINE_CHARS, and skips a longer one as that record's problem."""
    from kg import limits
    from kg.services.coding import bounded_lines

    monkeypatch.setenv("KG_MAX_LINE_CHARS", "300")
    long = json.dumps({"id": "long", "text": "Russia attacked Ukraine. " * 40})
    path = code_lines(tmp_path, GOOD, long, GOOD.replace("good", "also"))
    result = run_kg("code", path)
    assert result.exit_code == 1
    assert one_line_errors(result.stderr) == [
        f"kg: error: {path}:2: a line longer than the limit (the limit is 300 characters: set KG_MAX_LINE_CHARS "
        f"to raise it)"]
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["good", "also"]
    import io
    assert [len(line) for line in bounded_lines(io.StringIO("a" * 1000 + "\nb\n"), 10)] == [0, 2]
    assert limits.current().max_line_chars == 300


@pytest.mark.parametrize("day, text, kind", [
    ("0001-01-01", "Russia attacked Ukraine on Friday.", "ASSAULT"),
    ("9999-12-31", "Russia will attack Ukraine next year.", "THREATEN"),
])
def test_kg_code_codes_sentences_dated_at_the_ends_of_the_calendar(tmp_path, day, text, kind):
    path = code_lines(tmp_path, json.dumps({"id": "edge", "text": text, "date": day}), GOOD)
    result = run_kg("code", path)
    assert result.exit_code == 0, result.stderr
    assert one_line_errors(result.stderr) == []
    edge, good = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(e["type"], e["date"]) for e in edge["events"]] == [(kind, None)]  # no date past the calendar
    assert good["events"][0]["date"] == "2023-09-08"


def test_kg_code_reports_a_date_that_is_not_a_date_in_one_short_line(tmp_path):
    path = code_lines(tmp_path, json.dumps({"id": 1, "text": "x", "date": "y" * 100_000}), GOOD)
    result = run_kg("code", path)
    assert result.exit_code == 1
    [line] = one_line_errors(result.stderr)
    assert line.startswith(f"kg: error: {path}:1: \"date\" is not YYYY-MM-DD: 'yyy") and len(line) < 200


# --- --shapes ----------------------------------------------------------------------------------


def shapes_file(tmp_path: Path, text: str, name: str = "mine.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["build", "validate"])
def test_a_shapes_file_that_is_not_turtle_exits_2_in_one_line(tmp_path, example_store, command):
    bad = shapes_file(tmp_path, "this is not turtle {")
    args = ("build", EXAMPLE, "--store", tmp_path / "store") if command == "build" else \
        ("validate", "--store", example_store)
    result = run_kg(*args, "--shapes", bad)
    assert result.exit_code == 2
    assert one_line_errors(result.stderr) == [
        f"kg: error: {bad}: is not a Turtle shapes file (Parser error at line 1 between columns 1 and 5: "
        "this is not a valid subject or graph name)"]
    assert not (tmp_path / "store").exists() or "built" not in result.stderr


def test_a_shapes_file_the_engine_cannot_use_exits_2_in_one_line(tmp_path, example_store):
    bad = shapes_file(tmp_path, SH + 'ex:S a sh:NodeShape ; sh:targetClass schema:NewsArticle ; '
                                     'sh:property [ sh:path schema:datePublished ; sh:minCount "many" ] .\n')
    for engine in ("turbo", "pyshacl"):
        result = run_kg("build", EXAMPLE, "--store", tmp_path / f"store-{engine}", "--shapes", bad, "--engine", engine)
        assert result.exit_code == 2, result.stderr
        [line] = one_line_errors(result.stderr)
        assert line.startswith(f"kg: error: {bad}: the shapes cannot be applied by {engine} (")
        assert result.stderr.count("\n") == 1, result.stderr  # pyshacl's own log lines are not shown


SERVICE_SHAPES = {
    # a SPARQL-based constraint (pyshacl and turbo refuse SERVICE here themselves, by their own rules)
    "constraint": 'ex:S a sh:NodeShape ; sh:targetClass schema:NewsArticle ; sh:sparql [ sh:select '
                  '"SELECT $this WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }}" ] .',
    # a SPARQL target: pyshacl 0.40 runs it, SERVICE and all (measured: it connected)
    "target": 'ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select '
              '"SELECT ?this WHERE {{ SERVICE <{url}> {{ ?this ?b ?c }} }}" ] ; '
              'sh:property [ sh:path ex:p ; sh:minCount 1 ] .',
    # a comment ended by a carriage return: Oxigraph's grammar ends it there, rdflib's does not
    "carriage-return": 'ex:S a sh:NodeShape ; sh:targetClass schema:NewsArticle ; sh:sparql [ sh:select '
                       '"SELECT $this WHERE {{ BIND(1 AS ?z) # x\\r SERVICE <{url}> {{ ?a ?b ?c }} \\n }}" ] .',
    "lower-case-silent": 'ex:S a sh:NodeShape ; sh:target [ a sh:SPARQLTarget ; sh:select '
                         '"""select ?this where {{ service silent <{url}> {{ ?this ?b ?c }} }}""" ] .',
}


@pytest.mark.parametrize("command", ["build", "validate"])
@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
@pytest.mark.parametrize("kind", sorted(SERVICE_SHAPES))
def test_service_in_a_shapes_query_is_refused_before_validation(tmp_path, example_store, command, engine, kind):
    listener = Canary()
    url = f"http://127.0.0.1:{listener.port}/sparql"
    bad = shapes_file(tmp_path, SH + SERVICE_SHAPES[kind].format(url=url) + "\n")
    args = ("build", EXAMPLE, "--store", tmp_path / "store") if command == "build" else \
        ("validate", "--store", example_store)
    result = run_kg(*args, "--shapes", bad, "--engine", engine)
    assert result.exit_code == 2, result.stderr
    assert one_line_errors(result.stderr) == [
        f"kg: error: {bad}: a query in sh:select uses SERVICE, which would make the validator send requests to "
        "another server: kg does not run such shapes"]
    assert listener.connections == 0


@pytest.mark.parametrize("declaration, says", [
    ('sh:prefix "ex: <http://a/> SELECT" ; sh:namespace "http://example.org/"^^xsd:anyURI', "is not a SPARQL prefix"),
    ('sh:prefix "ex" ; sh:namespace "http://a/> SERVICE <http://127.0.0.1:9/x"^^xsd:anyURI', "is not an IRI"),
])
def test_a_prefix_declaration_that_would_carry_query_text_is_refused(tmp_path, example_store, declaration, says):
    bad = shapes_file(tmp_path, SH + "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                      f"ex: sh:declare [ {declaration} ] .\n"
                      'ex:S a sh:NodeShape ; sh:targetClass schema:NewsArticle ; sh:sparql [ sh:prefixes ex: ; '
                      'sh:select "SELECT $this WHERE { $this ex:p ?o }" ] .\n')
    result = run_kg("validate", "--store", example_store, "--shapes", bad, "--engine", "pyshacl")
    assert result.exit_code == 2
    [line] = one_line_errors(result.stderr)
    assert line.startswith(f"kg: error: {bad}: sh:") and says in line


def test_a_good_shapes_file_still_applies_in_validate(tmp_path, example_store):
    mine = shapes_file(tmp_path, SH + 'ex:S a sh:NodeShape ; sh:targetClass schema:NewsArticle ; sh:sparql [ '
                                      'sh:select "SELECT $this WHERE { $this schema:headline ?h }" ] .\n')
    result = run_kg("validate", "--store", example_store, "--shapes", mine, "--format", "json")
    assert result.exit_code == 1  # every article has a headline: each is a result of this constraint
    report = json.loads(result.stdout)
    assert {v["component"] for v in report["violations"]} == {"SPARQLConstraintComponent"}


# --- kg query parameters ------------------------------------------------------------------------


def test_a_query_parameter_that_is_not_utf8_exits_2_in_one_line(example_store):
    # what click gets from argv when the bytes are not UTF-8: the bytes as lone surrogates
    result = run_kg("query", "topic-sources", "-p", "term=ab\udcff", "--store", example_store)
    assert result.exit_code == 2
    assert one_line_errors(result.stderr) == ["kg: error: parameter term: 'ab\\xff' is not valid UTF-8 text"]


def test_a_query_parameter_that_is_not_utf8_in_a_real_process(example_store):
    done = subprocess.run([os.fsencode(KG), b"query", b"topic-sources", b"-p", b"term=\xff", b"--store",
                           os.fsencode(example_store)], capture_output=True, timeout=120)
    assert done.returncode == 2, done.stderr
    assert done.stderr == b"kg: error: parameter term: '\\xff' is not valid UTF-8 text\n"


def test_a_5000_digit_integer_parameter_exits_2_in_one_line(tmp_path, example_store):
    query = tmp_path / "count.rq"
    query.write_text("# param: n integer  how many\nSELECT ?n WHERE { BIND(1 AS ?one) }\n", encoding="utf-8")
    result = run_kg("query", query, "-p", "n=" + "1" * 5000, "--store", example_store)
    assert result.exit_code == 2
    assert one_line_errors(result.stderr) == [
        "kg: error: parameter n: an integer of 5,000 digits (kg reads at most 4,300)"]
    assert run_kg("query", query, "-p", "n=-42", "--store", example_store).stdout.splitlines()[2] == "-42"


@pytest.mark.parametrize("value", ["20240514", "2024-W20-2", "2024-05-14T00:00", "2024-5-14", "24-05-14",
                                   "２０２４-05-14", "2024-02-30", "0000-01-01", "2024-05-14x", "", "2024-135"])
def test_date_parameters_accept_exactly_yyyy_mm_dd(example_store, value):
    result = run_kg("query", "articles", "-p", f"since={value}", "--store", example_store)
    assert result.exit_code == 2, result.stdout
    assert one_line_errors(result.stderr) == [f"kg: error: parameter since: {value!r} is not a date (YYYY-MM-DD)"]


def test_a_date_parameter_in_yyyy_mm_dd_is_taken(example_store):
    result = run_kg("query", "articles", "-p", "since=2024-05-14", "-p", "until=2024-05-14", "--store", example_store)
    assert result.exit_code == 0, result.stderr
    assert "(1 row)" in result.stdout


# --- warcio's warnings ---------------------------------------------------------------------------


def test_warcio_warnings_are_one_kg_warning_line_each(tmp_path):
    body = make_hostile.html_page().encode()
    path = tmp_path / "odd.warc"
    first = make_hostile.warc([("https://news.example.org/a b", body)], gz=False)
    second = make_hostile._short_warc_record("https://news.example.org/short", body)  # 5 bytes under its length
    path.write_bytes(first + second + make_hostile.warc([("https://news.example.org/c", body)], gz=False))
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        f"kg: warning: {path}: record 1 (https://news.example.org/a%20b): warcio: Replacing spaces in invalid "
        "WARC-Target-URI: https://news.example.org/a b",
        f"kg: warning: {path}: record 2 (https://news.example.org/short): warcio: Record not followed by newline, "
        # where the record ends by its length: 5 bytes of page, then its 4 closing bytes, before the next
        f"perhaps Content-Length is invalid (at byte {len(first) + len(second) - 9})",
        f"kg build: 3 built, 0 unchanged, 0 skipped, 0 failed -> {tmp_path / 'store'}",
    ]


# --- control characters in file names ------------------------------------------------------------


NAMES = {"newline": "two\nlines", "escape": "red\x1b[31m", "carriage-return": "back\rspace",
         "bidi-override": "evil\u202etxt.exe", "not-utf8": "bad\udcff"}


@pytest.mark.parametrize("kind", sorted(NAMES))
def test_control_characters_in_file_names_are_escaped_in_every_message(tmp_path, example_store, kind):
    from kg.errors import shown_name

    name = NAMES[kind]
    shown = shown_name(name)
    assert not any(c in shown for c in "\n\r\x1b\u202e\udcff")
    folder = tmp_path / name
    folder.mkdir()
    messages = []
    # kg build: an empty file (an input error), a corpus with a bad record (a skipped record)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "c.jsonl").write_text(json.dumps({"id": 1, "text": P}) + "\n{broken\n", encoding="utf-8")
    result = run_kg("build", folder / "empty.txt", folder / "c.jsonl", "--store", tmp_path / "store", "--no-check")
    messages += [line for line in result.stderr.splitlines() if line.startswith("kg: ")]
    # kg code, kg query FILE.rq, kg validate --shapes, kg export -o
    (folder / "s.jsonl").write_text("{broken\n", encoding="utf-8")
    messages += run_kg("code", folder / "s.jsonl").stderr.splitlines()
    (folder / "q.rq").write_text("SELECT ?x WHERE { ?x ?y }\n", encoding="utf-8")
    messages += run_kg("query", folder / "q.rq", "--store", example_store).stderr.splitlines()
    (folder / "s.ttl").write_text("not turtle", encoding="utf-8")
    messages += run_kg("validate", "--shapes", folder / "s.ttl", "--store", example_store).stderr.splitlines()
    messages += run_kg("export", "-o", folder / "nowhere" / "out.ttl", "--store", example_store).stderr.splitlines()
    errors = [m for m in messages if m.startswith(("kg: error:", "kg: skipped:"))]
    assert len(errors) == 6, messages
    for message in errors:
        assert shown in message, message
        assert not any(c in message for c in "\n\r\x1b\u202e\udcff"), repr(message)


# --- encodings and line ends ------------------------------------------------------------------------


def corpus_lines(n: int = 3) -> str:
    return "".join(json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": P}) + "\n" for i in range(1, n + 1))


@pytest.mark.parametrize("encoding, data", [
    ("utf-16 with BOM", codecs.BOM_UTF16_LE + corpus_lines().encode("utf-16-le")),
    ("utf-16-be with BOM", codecs.BOM_UTF16_BE + corpus_lines().encode("utf-16-be")),
    ("utf-16 without BOM", corpus_lines().encode("utf-16-le")),
    ("utf-8 with BOM", codecs.BOM_UTF8 + corpus_lines().encode()),
    ("utf-32 with BOM", codecs.BOM_UTF32_LE + corpus_lines().encode("utf-32-le")),
])
def test_a_jsonl_corpus_in_utf16_is_read_as_a_corpus(tmp_path, encoding, data):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(data)
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "3 built, 0 unchanged, 0 skipped, 0 failed" in result.stderr
    assert "glossary" not in result.stderr


def test_a_cut_utf16_corpus_is_refused_as_utf16_after_its_whole_records(tmp_path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(codecs.BOM_UTF16_LE + corpus_lines().encode("utf-16-le") + b"{")
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 2
    [line] = one_line_errors(result.stderr)
    assert line.startswith(f"kg: error: {path}: is not UTF-16 text (")
    assert "3 built" in result.stderr


@pytest.mark.parametrize("ending", ["\r", "\r\n", "\n"])
def test_a_csv_corpus_with_cr_line_endings_is_read_as_a_corpus(tmp_path, ending):
    path = tmp_path / "corpus.csv"
    path.write_bytes(("id,title,text" + ending + "".join(f'{i},Report {i},"{P}"{ending}' for i in range(1, 4)))
                     .encode())
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "3 built, 0 unchanged, 0 skipped, 0 failed" in result.stderr


def test_a_glossary_csv_with_cr_line_endings_is_still_a_glossary(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_bytes(b"term,definition\rNATO,A military alliance of 32 states.\r")
    result = run_kg("build", path, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0, result.stderr
    assert "1 built" in result.stderr
