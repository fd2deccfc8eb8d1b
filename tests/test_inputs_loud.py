"""Inputs that fail loudly (issue 20, item 4; and part of item 7): a --columns map a corpus does not
fit, a CSV whose header kg does not recognise, the escapes feeds leave in corpus text, a date for a
dateless corpus, a mistyped --store for reading, a build that stored nothing, and what `kg info`,
the build summary and the progress line say. Real files in tmp_path, the real CLI."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph
import pytest

from conftest import SHARED, run_kg
from kg.build.inputs import estimate_documents
from kg.build.run import BuildSummary, Outcome
from kg.cli.common import BuildProgress
from kg.readers.corpus import BadRecord, ColumnMap, read_records
from kg.readers.escapes import clean_text
from kg.store.local import Store

AG_NEWS = SHARED / "data" / "ag_news_test" / "test_world.csv"
TEXT = ("Iran and the United States held talks in Geneva on Monday.\n\n"
        "Russia condemned the sanctions imposed by the European Union.")


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def rows(result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


# ---- escapes left in corpus text ---------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    # entities whose "&" became a space (AG News): the space goes with it
    ("the council #39;s vote", "the council's vote"),
    ("on  #39;90s tactics", "on '90s tactics"),
    ("two  #39;rebel #39; meetings", "two 'rebel' meetings"),
    ("a  quot;final quot; offer", 'a "final" offer'),
    ("up to  #36;20 million", "up to $20 million"),
    ("Smith  amp; Sons and AT amp;T", "Smith & Sons and AT&T"),
    ("the talks  #151; which failed", "the talks — which failed"),  # 151: an em dash, as in Windows-1252
    ("#39;Help me #39;", "'Help me'"),
    # entities that kept their "&", and the tags they spell
    ("Talks in Geneva &lt;b&gt;...&lt;/b&gt;", "Talks in Geneva ..."),
    ('Shares &lt;A HREF="http://example.org/q?t=X.N"&gt;X.N&lt;/A&gt; rose', "Shares X.N rose"),
    ("R&amp;D spending", "R&D spending"),
    ("&amp;quot;twice&amp;quot; escaped", '"twice" escaped'),
    ("Caf&eacute; &#233;", "Café é"),
    # backslashes: a line break whose "n" was lost, two of them between paragraphs, an escaped dollar
    ("and gave\\no reason", "and gave no reason"),
    ("the foreign\\Minister said", "the foreign Minister said"),
    ("polls on\\Tuesday showed", "polls on Tuesday showed"),
    ('he said."\\\\"The next day', 'he said."\n\n"The next day'),
    ("a record \\$US40.25 a barrel", "a record $US40.25 a barrel"),
    ("a line that goes on\\\nbelow", "a line that goes on\nbelow"),
    ("First paragraph.\\nSecond paragraph.", "First paragraph.\nSecond paragraph."),  # text escaped twice
    ("ends with a backslash\\", "ends with a backslash"),
])
def test_feed_escapes_are_decoded(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize("text", [
    "R&D at AT&T; Q&A; Tom&Jerry; seeded #1; the #10 pick; 3 < 4 > 2; item #65; C# and F#.",
    "Prices rose 5% to $20 (or 18 euros) - a 'record', he said: \"no doubt\".",
    "The <chemistry> of talks; x<y; a -> b",
    "Plain text in Arabic: مرحبا بالعالم, and in Russian: Привет.",
])
def test_ordinary_text_is_left_alone(text):
    assert clean_text(text) == text


def test_ag_news_records_come_out_decoded():
    """Every record of AG News's world section read as a corpus: no entity, tag or backslash is left,
    and the records that held them read as the words they stand for."""
    if not AG_NEWS.is_file():
        pytest.skip(f"{AG_NEWS} is not beside the checkout")
    raw = list(csv.reader(AG_NEWS.open(encoding="utf-8")))
    records = [r for r in read_records(AG_NEWS, ColumnMap.parse("title=2,text=3")) if not isinstance(r, BadRecord)]
    assert len(records) == len(raw) == 1900
    escaped = sum(any(m in f"{row[1]} {row[2]}" for m in ("#39;", "quot;", "&lt;", "\\", "#36;")) for row in raw)
    assert escaped > 500  # the file is as messy as it is said to be
    for record in records:
        text = f"{record.fields.get('title', '')} {record.fields['text']}"
        for left in (" #39;", " quot;", " #36;", " amp;", "&lt;", "&gt;", "&amp;", "<b>", "</b>", "\\"):
            assert left not in text, (record.line, text)
    dollars = apostrophes = 0
    for record in records:  # each record is the row of its line (no row of this file spans lines)
        title, text = raw[record.line - 1][1], raw[record.line - 1][2]
        if " #36;" in title:
            assert "$" in record.fields["title"]
            dollars += 1
        if " #39;s " in text:
            assert "'s" in record.fields["text"]
            apostrophes += 1
    assert dollars and apostrophes > 100


def test_a_corpus_build_stores_the_decoded_text(tmp_path):
    corpus = tmp_path / "feed.csv"
    corpus.write_text('id,title,text\n'
                      'a1,Minister #39;s visit,"The minister #39;s  quot;final quot; offer came on\\Tuesday, '
                      'worth  #36;20 million &lt;b&gt;...&lt;/b&gt;"\n', encoding="utf-8")
    store = tmp_path / "store"
    result = run_kg("build", corpus, "--store", store)
    assert result.exit_code == 0, result.output
    with Store(store, read_only=True) as s:
        texts = [row[0].value for row in s.query(
            "SELECT ?t WHERE { ?d <https://w3id.org/kg/ontology#text> ?t }")]
    assert texts == ["Minister's visit\n\nThe minister's \"final\" offer came on Tuesday, worth $20 million ..."]


# ---- a --columns map the file does not fit ---------------------------------------------------------

def test_a_csv_column_map_naming_a_missing_column_fails_before_building(tmp_path):
    good = write_jsonl(tmp_path / "good.jsonl", [{"id": "1", "headline": "Talks", "body": TEXT}])
    bad = tmp_path / "bad.csv"
    bad.write_text(f'id,headline,body\n1,Talks,"{TEXT}"\n', encoding="utf-8")
    store = tmp_path / "store"
    result = run_kg("build", good, bad, "--store", store, "--columns", "title=headline,text=bodytext")
    assert result.exit_code == 2
    assert (f"kg: error: {bad}:1: has no column 'bodytext' (--columns text=bodytext); its columns are: "
            f"'id', 'headline', 'body'") in result.stderr
    assert not store.exists()  # refused before anything was built: the good file was not built either


def test_a_jsonl_column_map_naming_a_missing_field_fails(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", [{"id": str(i), "headline": "Talks", "body": TEXT}
                                                   for i in range(3)])
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--columns", "title=headline,text=story")
    assert result.exit_code == 2
    assert (f"{corpus}: has no field 'story' (--columns text=story) in any of its 3 records; their fields are: "
            f"'body', 'headline', 'id'") in result.stderr
    assert not (tmp_path / "store").exists()


def test_a_column_position_past_the_rows_fails(tmp_path):
    corpus = tmp_path / "feed.csv"
    corpus.write_text(f'"1","Talks","{TEXT}"\n', encoding="utf-8")
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--columns", "title=2,text=4")
    assert result.exit_code == 2
    assert f"{corpus}: has no column 4 (--columns text=4): its first row has 3 fields" in result.stderr
    assert not (tmp_path / "store").exists()


def test_a_column_map_the_file_fits_builds(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", [{"id": "1", "headline": "Talks", "body": TEXT}])
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--columns", "title=headline,text=body")
    assert result.exit_code == 0, result.output
    assert "1 built" in result.stderr


# ---- a header kg does not recognise --------------------------------------------------------------

def test_a_csv_without_a_recognised_header_says_what_it_found_and_expects(tmp_path):
    path = tmp_path / "stories.csv"
    path.write_text(f'story_id,headline,body\n1,Talks,"{TEXT}"\n', encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 2
    line = next(l for l in result.stderr.splitlines() if l.startswith("kg: error:"))
    assert line.startswith(f"kg: error: {path}:1: a glossary CSV needs the columns \"term\" and \"definition\"")
    assert 'a corpus CSV a "text" column' in line and "--columns text=NAME" in line
    assert line.endswith("its header row has: 'story_id', 'headline', 'body'")
    assert not (tmp_path / "store").exists()


def test_a_headerless_csv_shows_its_first_row_as_the_header_found(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(f'"1","Talks","{TEXT}"\n', encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert "title=2,text=3 for a file without a header row); its header row has: '1', 'Talks', 'Iran and" \
        in result.stderr


def test_a_jsonl_file_of_neither_kind_names_its_fields(tmp_path):
    path = write_jsonl(tmp_path / "stories.jsonl", [{"story_id": "1", "headline": "Talks", "body": TEXT}])
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 2
    assert (f'{path}:1: a record needs a non-empty "term" and "definition" (a glossary), or the file a "text" '
            f"field (a corpus: --columns text=NAME for another name); its first record has: 'body', 'headline', "
            f"'story_id'") in result.stderr


# ---- --published --------------------------------------------------------------------------------

def test_published_dates_a_dateless_corpus_and_a_records_own_date_wins(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", [
        {"id": "undated", "title": "Sanctions", "text": TEXT},
        {"id": "dated", "title": "Sanctions again", "text": TEXT, "published": "2024-03-02"},
    ])
    store = tmp_path / "store"
    first = run_kg("build", corpus, "--store", store)
    assert first.exit_code == 0, first.output
    result = run_kg("build", corpus, "--store", store, "--published", "2024-05-01")
    assert result.exit_code == 0, result.output
    assert "1 built, 1 unchanged" in result.stderr  # the undated record changed: it has a date now
    articles = {a["headline"]: a["published"] for a in rows(run_kg("query", "articles", "--store", store,
                                                                     "--format", "csv"))}
    assert articles == {"Sanctions": "2024-05-01", "Sanctions again": "2024-03-02"}
    # the condemnation states no time: the publication date bounds it ("on Monday" is dated from it)
    dates = {("undated" if "-undated-" in e["article"] else "dated", e["date"])
             for e in rows(run_kg("query", "events", "--store", store, "--format", "csv"))
             if "condemned" in e["evidence"]}
    assert dates == {("undated", "../2024-05-01"), ("dated", "../2024-03-02")}


@pytest.mark.parametrize("value", ["2024-13-01", "May 2024", "2024-5-1", ""])
def test_a_published_date_that_is_no_date_is_refused(tmp_path, value):
    corpus = write_jsonl(tmp_path / "news.jsonl", [{"id": "1", "title": "Talks", "text": TEXT}])
    result = run_kg("build", corpus, "--store", tmp_path / "store", "--published", value)
    assert result.exit_code == 2
    assert f"--published {value!r}: expected a date as YYYY-MM-DD" in result.stderr
    assert not (tmp_path / "store").exists()


# ---- a mistyped --store for reading --------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ("query", "events"), ("export",), ("export", "--format", "csv", "--what", "events"), ("validate",), ("info",),
    ("plot", "network", "-o", "{tmp}/n.svg"), ("plot", "timeline", "--actor", "kgid:actor/state/RUS",
                                               "-o", "{tmp}/t.svg"),
    ("plot", "coverage", "-o", "{tmp}/c.svg"), ("serve",), ("push", "--endpoint", "http://127.0.0.1:9/query"),
])
def test_reading_a_store_that_is_not_there_is_an_error_and_makes_none(tmp_path, command):
    typo = tmp_path / "sotre"
    args = [a.format(tmp=tmp_path) for a in command]
    result = run_kg(*args, "--store", typo)
    assert result.exit_code == 2, result.output
    assert f"kg: error: no store at {typo} (no kg store here" in result.stderr
    assert not typo.exists()
    assert not list(tmp_path.glob("*.svg"))


def test_reading_a_directory_that_holds_no_store_is_an_error_and_leaves_it_as_it_was(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "readme.txt").write_text("not a store", encoding="utf-8")
    for command in (("query", "events"), ("info",), ("validate",)):
        result = run_kg(*command, "--store", folder)
        assert result.exit_code == 2
        assert f"no store at {folder} (the directory holds no kg store" in result.stderr
    assert [p.name for p in folder.iterdir()] == ["readme.txt"]


def test_the_default_store_is_not_made_by_reading(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    result = run_kg("query", "events")
    assert result.exit_code == 2 and "no store at .kg/store" in result.stderr
    assert not (tmp_path / ".kg").exists()


# ---- a build that stored nothing -----------------------------------------------------------------

def test_a_build_of_an_empty_file_leaves_no_store(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    store = tmp_path / "new" / "deep" / "store"
    result = run_kg("build", empty, "--store", store)
    assert result.exit_code == 2
    assert f"kg: error: {empty}: file is empty" in result.stderr
    assert f"-> nothing stored, no store made at {store}" in result.stderr
    assert not (tmp_path / "new").exists()  # nor the directories made for it


def test_a_build_whose_every_record_is_skipped_leaves_no_store(tmp_path):
    corpus = tmp_path / "news.jsonl"
    corpus.write_text('{"id": "1", "text": ""}\n{"id": "2", "text": "  "}\n{"id": "3", "text": null}\n{"text"\n',
                      encoding="utf-8")
    store = tmp_path / "store"
    result = run_kg("build", corpus, "--store", store)
    assert result.exit_code == 0  # skipped records are no failure
    assert f"0 built, 0 unchanged, 4 skipped, 0 failed -> nothing stored, no store made at {store}" in result.stderr
    assert not store.exists()


def test_a_failed_build_leaves_an_existing_store_as_it_was(tmp_path):
    store = tmp_path / "store"
    corpus = write_jsonl(tmp_path / "news.jsonl", [{"id": "1", "title": "Talks", "text": TEXT}])
    assert run_kg("build", corpus, "--store", store).exit_code == 0
    before = run_kg("export", "--format", "n-quads", "--store", store).stdout_bytes
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    result = run_kg("build", empty, "--store", store)
    assert result.exit_code == 2 and f"-> {store}" in result.stderr
    assert run_kg("export", "--format", "n-quads", "--store", store).stdout_bytes == before


# ---- kg info ------------------------------------------------------------------------------------

def test_info_counts_documents_graphs_quads_events_and_actors(tmp_path):
    store = tmp_path / "store"
    corpus = write_jsonl(tmp_path / "news.jsonl", [{"id": str(i), "title": f"Talks {i}", "text": TEXT,
                                                     "published": "2024-03-02"} for i in range(3)])
    assert run_kg("build", corpus, "--store", store).exit_code == 0
    result = run_kg("info", "--store", store)
    assert result.exit_code == 0, result.output
    info = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert list(info) == ["store", "documents", "graphs", "quads", "events", "actors"]
    with Store(store, read_only=True) as s:
        graphs, quads = len(s.graphs()), len(s)
        events = {q.subject for q in s.quads_for_pattern(
            None, pyoxigraph.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            pyoxigraph.NamedNode("https://w3id.org/kg/ontology#Event"))}
    assert info["documents"] == "3"
    assert (info["graphs"], info["quads"], info["events"]) == (str(graphs), str(quads), str(len(events)))
    assert len(events) >= 3  # each record reports a condemnation
    named = {e[k] for e in rows(run_kg("query", "events", "--store", store, "--format", "csv"))
             for k in ("source", "target") if e[k]}
    total, _, rest = info["actors"].partition(" (")
    assert rest.endswith(" named in documents)")
    assert int(rest.split()[0]) >= len(named) >= 3 and int(total) >= int(rest.split()[0])


# ---- a glossary without a publisher ---------------------------------------------------------------

@pytest.mark.parametrize("name, content, kind", [
    ("terms.jsonl", '{"term": "Quad", "definition": "A strategic dialogue of four states."}\n', "field"),
    ("terms.csv", 'term,definition\nQuad,"A strategic dialogue of four states."\n', "column"),
])
def test_a_glossary_without_a_publisher_is_named_after_its_file_with_a_warning(tmp_path, name, content, kind):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert (f"kg: warning: {path}: no publisher named: its glossary is named after the file ('terms'); "
            f'to name it, give its records a "publisher" {kind}') in result.stderr


def test_a_glossary_with_a_publisher_builds_without_a_warning(tmp_path):
    path = tmp_path / "terms.jsonl"
    path.write_text('{"term": "Quad", "definition": "A strategic dialogue.", "publisher": "Example Review"}\n',
                    encoding="utf-8")
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 0 and "warning" not in result.stderr


# ---- the build summary and the progress line ---------------------------------------------------

def test_the_summary_names_the_files_whose_language_kept_events_out():
    summary = BuildSummary()
    for source, language in (("pages/fr.html", "fr-FR"), ("news/de.jsonl", "de"), ("news/de.jsonl", "de"),
                             ("news/en.jsonl", None)):
        summary.add(Outcome(source, source, "built", uncoded_language=language))
    line = summary.line()
    assert "events not coded in 3 documents" in line
    assert "(de 2 in news/de.jsonl (2); fr-FR 1 in pages/fr.html)" in line


def test_the_summary_names_a_few_files_and_counts_the_rest():
    summary = BuildSummary()
    for i in range(5):
        summary.add(Outcome(f"p{i}.html", f"p{i}.html", "built", uncoded_language="fr"))
    assert "fr 5 in p0.html, p1.html, p2.html and 2 more documents" in summary.line()


def test_a_build_in_a_pipe_prints_no_progress_line(tmp_path):
    corpus = write_jsonl(tmp_path / "news.jsonl", [{"id": str(i), "title": "Talks", "text": TEXT} for i in range(2)])
    result = run_kg("build", corpus, "--store", tmp_path / "store")
    assert result.exit_code == 0
    summary = f"kg build: 2 built, 0 unchanged, 0 skipped, 0 failed -> {tmp_path / 'store'}"
    assert result.stderr.splitlines() == [summary]  # no progress line, no per-document line


def test_the_progress_line_counts_out_of_the_total_with_an_eta():
    now = [100.0]
    out = io.StringIO()
    shown = BuildProgress(10, stream=out, clock=lambda: now[0])
    for i in range(4):
        now[0] += 5  # start-up (loading the models) before the first document does not count
        shown.update(Outcome("c.jsonl", f"c.jsonl#{i}", "built"))
    assert shown.text() == "kg build: 4/10 (40%), ETA 30s | built: c.jsonl#3"  # 3 more in 15 s: 6 more in 30
    now[0] += 1
    shown.update(Outcome("c.jsonl", "c.jsonl#L9", "skipped"), "kg: skipped: c.jsonl:9: not valid JSON")
    assert "\r\x1b[Kkg: skipped: c.jsonl:9: not valid JSON\n" in out.getvalue()  # above the line, on its own
    shown.close()
    assert out.getvalue().endswith("\r\x1b[K")
    many = BuildProgress(None, stream=io.StringIO(), clock=lambda: 0.0)
    many.update(Outcome("a.warc", "a.warc#u", "built"))
    assert many.text() == "kg build: 1 done | built: a.warc#u"


def test_the_total_is_estimated_from_the_corpus_lines(tmp_path):
    write_jsonl(tmp_path / "a.jsonl", [{"id": str(i), "title": "T", "text": TEXT} for i in range(7)])
    (tmp_path / "b.csv").write_text("id,title,text\n1,T,x\n2,T,y\n", encoding="utf-8")
    (tmp_path / "page.txt").write_text("A page\n", encoding="utf-8")
    assert estimate_documents([tmp_path]) == 7 + 2 + 1
    assert estimate_documents([tmp_path / "missing.jsonl"]) == 1
    (tmp_path / "x.warc").write_bytes(b"WARC/1.0\r\n")
    assert estimate_documents([tmp_path]) is None


def test_a_glossary_warning_reads_the_same_with_jobs_regression(tmp_path):
    """With --jobs the glossaries are read in worker processes, which printed the warning in
    Python's format (file, line number, the source line) instead of kg's one line."""
    import subprocess
    import sys
    from pathlib import Path

    paths = []
    for name in ("one", "two"):
        path = tmp_path / f"{name}.jsonl"
        path.write_text('{"term": "Quad", "definition": "A strategic dialogue of four states."}\n', encoding="utf-8")
        paths.append(str(path))
    kg = Path(sys.executable).with_name("kg")
    done = subprocess.run([str(kg), "build", *paths, "--store", str(tmp_path / "store"), "--jobs", "2"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if "no publisher named" in line]
    assert len(warnings) == 2 and all(line.startswith("kg: warning: ") for line in warnings), done.stderr
    assert "KgWarning" not in done.stderr and "glossary_file.py" not in done.stderr
