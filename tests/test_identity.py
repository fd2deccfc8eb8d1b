"""Issue 21: a document's identity is its path (item 4); a topic's identity and label do not depend
on letter case or invisible characters, and a batch is checked with what the store already says of
the nodes it shares (item 9); an unreadable file named on the command line is reported and the
others built (item 10). Real files, real stores, the real CLI."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pyoxigraph
import pytest

from conftest import EXAMPLE, run_kg
from kg.build.run import build
from kg.build.inputs import InputFile, Problem, expand_paths, input_key
from kg.labels import clean_label, term_key
from kg.mapping import iris
from kg.readers.glossary_file import read_glossary_file
from kg.readers.savedpage import read_saved_page
from kg.store.local import Store
from kg.build.topic_labels import TOPICS_GRAPH

PAGE = EXAMPLE.read_text(encoding="utf-8")
TOPIC = "https://w3id.org/kg/id/topic/example-monitor-org/rohingya"
ROHINGYA = "\nRohingya\n\nRohingya\n"
DCTERMS_TITLE = pyoxigraph.NamedNode("http://purl.org/dc/terms/title")
PREF_LABEL = pyoxigraph.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")


def spelled(term: str, text: str = PAGE) -> str:
    """The example page with its glossary item "Rohingya" spelled ``term``."""
    assert ROHINGYA in text
    return text.replace(ROHINGYA, f"\n{term}\n\n{term}\n", 1)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def nquads(store: Path) -> str:
    result = run_kg("export", "--store", store, "--format", "n-quads")
    assert result.exit_code == 0, result.output
    return result.stdout


def document_graphs(store: Path) -> dict[str, str]:
    """dcterms:identifier -> graph IRI of every document stored."""
    with Store(store, read_only=True) as s:
        rows = s.query("PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX kg: <https://w3id.org/kg/ontology#> "
                       "SELECT ?id ?g WHERE { GRAPH ?g { ?doc a kg:SourceDocument ; dcterms:identifier ?id } }")
        return {r["id"].value: r["g"].value for r in rows}


def validates(store: Path) -> bool:
    result = run_kg("validate", "--store", store)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code == 0


def pref_labels(store: Path, topic: str = TOPIC) -> list[str]:
    with Store(store, read_only=True) as s:
        rows = s.query(f"SELECT ?l WHERE {{ <{topic}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }}")
        return sorted(r["l"].value for r in rows)


# ---- item 4: document identity -----------------------------------------------------------------------


def test_same_file_name_in_two_directories_are_two_documents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a" / "page.txt", PAGE)
    write(tmp_path / "b" / "page.txt", PAGE.replace("Druze live in", "Druze are in"))
    result = run_kg("build", "a/page.txt", "b/page.txt", "--store", "store")
    assert result.exit_code == 0, result.output
    assert "2 built" in result.stderr
    graphs = document_graphs(tmp_path / "store")
    assert sorted(graphs) == ["a/page.txt", "b/page.txt"]
    assert len(set(graphs.values())) == 2
    assert validates(tmp_path / "store")


def test_two_directories_with_the_same_file_names_are_two_documents(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a" / "page.txt", PAGE)
    write(tmp_path / "b" / "page.txt", PAGE.replace("Druze live in", "Druze are in"))
    result = run_kg("build", "a/", "b", "--store", "store")
    assert result.exit_code == 0, result.output
    assert sorted(document_graphs(tmp_path / "store")) == ["a/page.txt", "b/page.txt"]
    assert validates(tmp_path / "store")


def test_same_file_name_built_in_two_runs_keeps_both(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a" / "page.txt", PAGE)
    write(tmp_path / "b" / "page.txt", PAGE.replace("Druze live in", "Druze are in"))
    assert run_kg("build", "a/page.txt", "--store", "store").exit_code == 0
    second = run_kg("build", "b/page.txt", "--store", "store")
    assert second.exit_code == 0 and "1 built, 0 unchanged" in second.stderr
    assert sorted(document_graphs(tmp_path / "store")) == ["a/page.txt", "b/page.txt"]
    assert validates(tmp_path / "store")


def test_a_new_version_of_one_path_replaces_its_own_graph_and_an_unchanged_one_is_skipped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a = write(tmp_path / "a" / "page.txt", PAGE)
    write(tmp_path / "b" / "page.txt", PAGE)
    assert run_kg("build", "a", "b", "--store", "store").exit_code == 0
    b_graph = document_graphs(tmp_path / "store")["b/page.txt"]
    b_before = [line for line in nquads(tmp_path / "store").splitlines() if f"<{b_graph}> ." in line]
    write(a, PAGE.replace("launched in 2002", "launched in 2003"))
    again = run_kg("build", "a", "b", "--store", "store")
    assert again.exit_code == 0 and "1 built, 1 unchanged" in again.stderr
    export = nquads(tmp_path / "store")
    assert [line for line in export.splitlines() if f"<{b_graph}> ." in line] == b_before
    assert "launched in 2003" in export  # a's new version, and its old one gone: 2002 is only b's
    # what is stated in the shared statements graph is b's: its record says so
    shared = [line for line in export.splitlines() if line.endswith("<https://w3id.org/kg/id/graph/shared/statements> .")]
    b_record = "".join(line for line in b_before if "sharedStatements" in line)
    assert export.count("launched in 2002") == (sum(line.count("launched in 2002") for line in b_before)
                                                + sum(line.count("launched in 2002") for line in shared))
    assert all(line.rsplit(" <https://w3id.org/kg/id/graph/", 1)[0] in b_record.replace('\\"', '"')
               for line in shared if "launched in 2002" in line)
    assert sorted(document_graphs(tmp_path / "store")) == ["a/page.txt", "b/page.txt"]
    assert validates(tmp_path / "store")


def test_a_directory_and_its_files_named_one_by_one_give_the_same_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "a" / "sub" / "page.txt", PAGE)
    assert run_kg("build", "a", "--store", "store").exit_code == 0
    for named in ("a/sub/page.txt", "./a//sub/page.txt", str(tmp_path / "a" / "sub" / "page.txt"), "a/*/page.txt",
                  "a/../a/sub/page.txt"):
        again = run_kg("build", named, "--store", "store")
        assert again.exit_code == 0 and "0 built, 1 unchanged" in again.stderr, (named, again.stderr)
    assert list(document_graphs(tmp_path / "store")) == ["a/sub/page.txt"]


def test_input_keys(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    outside = tmp_path.parent / "elsewhere.txt"
    assert input_key("a/page.txt") == "a/page.txt"
    assert input_key("./a//page.txt") == "a/page.txt"
    assert input_key(tmp_path / "a" / "page.txt") == "a/page.txt"
    assert input_key(".") == "" and input_key(tmp_path) == ""
    assert input_key(outside) == outside.as_posix()  # outside the working directory: absolute
    assert input_key("../elsewhere.txt") == outside.as_posix()
    write(tmp_path / "d" / "x" / "one.txt", "1")
    write(tmp_path / "two.txt", "2")
    found = [f for f in expand_paths(["d", "."]) if isinstance(f, InputFile)]
    assert [(f.key, f.legacy_key) for f in found] == [("d/x/one.txt", "x/one.txt"), ("d/x/one.txt", "d/x/one.txt"),
                                                      ("two.txt", "two.txt")]
    assert [(f.key, f.legacy_key) for f in expand_paths(["d/x/one.txt"])] == [("d/x/one.txt", "one.txt")]


def test_the_same_command_in_another_directory_gives_the_same_iris(tmp_path, monkeypatch):
    """Two machines (here two directories) with the same layout: the same IRIs, byte for byte."""
    exports = []
    for place in ("one", "two"):
        root = tmp_path / place
        write(root / "pages" / "page.txt", PAGE)
        monkeypatch.chdir(root)
        assert run_kg("build", "pages/page.txt", "--store", "store").exit_code == 0
        exports.append(nquads(root / "store"))
    assert exports[0] == exports[1]


def _as_built_before_issue_21(store: Path) -> None:
    """Make the store's documents what kg wrote before issue 21: each in the graph its key had then
    (the slug of the whole key), with a fingerprint without the mapping revision. Their keys, file
    names or paths under the directory given, come from building inside that directory."""
    extracted_with = "https://w3id.org/kg/ontology#extractedWith"
    with Store(store) as s:
        graphs = {q.graph_name for q in s.quads() if q.predicate.value == extracted_with}
        assert graphs
        for graph in graphs:
            quads = list(s.graph_quads(graph))
            doc = next(q.object for q in quads if q.subject == graph and q.predicate.value.endswith("#wasDerivedFrom"))
            key = next(q.object.value for q in quads
                       if q.subject == doc and q.predicate.value == "http://purl.org/dc/terms/identifier")
            old = iris.legacy_graph_iri(key)

            def moved(term):
                return old if term == graph else term

            s.remove_graph(graph)
            s.replace_graph(old, [pyoxigraph.Quad(moved(q.subject), q.predicate, pyoxigraph.Literal(
                re.sub(r"; mapping \d+", "", q.object.value)) if q.predicate.value == extracted_with else moved(q.object), old)
                for q in quads])


@pytest.mark.parametrize("layout", ["file named", "file in a subdirectory of a directory named"])
def test_a_store_keyed_by_file_names_is_upgraded_in_place(tmp_path, monkeypatch, layout):
    if layout == "file named":
        page, inside, old_key, named = write(tmp_path / "a" / "page.txt", PAGE), tmp_path / "a", "page.txt", "a/page.txt"
    else:
        page, inside, old_key, named = write(tmp_path / "a" / "sub" / "page.txt", PAGE), tmp_path / "a", "sub/page.txt", "a"
    monkeypatch.chdir(inside)
    assert run_kg("build", old_key, "--store", tmp_path / "store").exit_code == 0  # keyed as kg keyed it then
    _as_built_before_issue_21(tmp_path / "store")
    assert list(document_graphs(tmp_path / "store")) == [old_key]
    monkeypatch.chdir(tmp_path)
    result = run_kg("build", named, "--store", "store")
    assert result.exit_code == 0 and "1 built" in result.stderr, result.output
    assert list(document_graphs(tmp_path / "store")) == [input_key(page)]  # the old graph replaced, not doubled
    assert validates(tmp_path / "store")
    fresh = tmp_path / "fresh"
    assert run_kg("build", named, "--store", fresh).exit_code == 0
    assert nquads(tmp_path / "store") == nquads(fresh)  # what a fresh build writes


def test_document_iris_show_the_file_name_and_keep_same_named_files_apart():
    assert iris.graph_iri("a/page.txt").value.endswith("/graph/page-txt-" + iris.short_hash("a/page.txt"))
    assert iris.graph_iri("a/page.txt") != iris.graph_iri("b/page.txt")
    assert iris.document_key("/data/news/world.csv#12") == "world-csv-12-" + iris.short_hash("/data/news/world.csv#12")
    assert iris.graph_iri("page.txt") == iris.legacy_graph_iri("page.txt")  # a key without directories: as before


def test_a_document_keyed_by_the_current_rule_is_never_taken_for_an_old_one(tmp_path, monkeypatch):
    write(tmp_path / "a" / "page.txt", PAGE)
    write(tmp_path / "b" / "page.txt", PAGE)  # the same content, the same file name
    monkeypatch.chdir(tmp_path / "a")
    assert run_kg("build", "page.txt", "--store", tmp_path / "store").exit_code == 0  # keyed "page.txt", today
    monkeypatch.chdir(tmp_path)
    assert run_kg("build", "b/page.txt", "--store", "store").exit_code == 0
    assert sorted(document_graphs(tmp_path / "store")) == ["b/page.txt", "page.txt"]


# ---- item 10 (part): unreadable files named on the command line ---------------------------------------


def _unreadable(kind: str, tmp_path: Path) -> Path:
    if kind == "name too long":
        return tmp_path / ("x" * 300 + ".txt")
    if kind == "directory without permission":
        if os.geteuid() == 0:
            pytest.skip("root reads a directory whatever its mode; 'name too long' takes the same path")
        locked = tmp_path / "locked"
        write(locked / "page.txt", PAGE)
        locked.chmod(0)
        return locked / "page.txt"
    if kind == "file without permission":
        if os.geteuid() == 0:
            pytest.skip("root reads a file whatever its mode; 'read fails' takes the same path")
        path = write(tmp_path / "closed.txt", PAGE)
        path.chmod(0)
        return path
    if not Path("/proc/self/mem").exists():
        pytest.skip("no /proc/self/mem here (its reading fails at offset 0, even for root)")
    link = tmp_path / "mem.txt"
    link.symlink_to("/proc/self/mem")
    return link


@pytest.mark.parametrize("kind", ["name too long", "directory without permission", "file without permission",
                                  "read fails"])
def test_an_unreadable_file_named_on_the_command_line_is_reported_and_the_others_built(tmp_path, kind):
    bad = _unreadable(kind, tmp_path)
    good = write(tmp_path / "good" / "page.txt", PAGE)
    try:
        result = run_kg("build", bad, good, "--store", tmp_path / "store")
    finally:
        if (tmp_path / "locked").exists():
            (tmp_path / "locked").chmod(0o755)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and str(bad) in errors[0] and "cannot be read" in errors[0], result.stderr
    assert "1 built, 0 unchanged, 0 skipped, 1 failed" in result.stderr
    assert result.exit_code == 2  # an input error, like a missing file
    assert list(document_graphs(tmp_path / "store")) == [input_key(good)]


def test_a_file_named_that_vanishes_before_it_is_read_is_reported_and_the_others_built(tmp_path):
    first, second = write(tmp_path / "one.txt", PAGE), write(tmp_path / "two.txt", PAGE)
    outcomes = []

    def progress(outcome):
        outcomes.append(outcome)
        if outcome.key == input_key(first):
            second.unlink()  # after the first was stored, before the second is looked at

    with Store(tmp_path / "store") as store:
        summary = build([first, second, EXAMPLE], store, progress=progress, batch_size=1, check=False)
    assert [(o.key, o.status) for o in outcomes] == [(input_key(first), "built"), (input_key(second), "failed"),
                                                      (input_key(EXAMPLE), "built")]
    assert outcomes[1].message == f"{second}: no such file or directory"
    assert summary.exit_status == 2


# ---- item 9: topic identity and labels ---------------------------------------------------------------


def test_clean_label_removes_invisible_characters_and_odd_whitespace():
    assert clean_label("NA\u200bTO") == "NATO"
    assert clean_label("\ufeff Kur\u00adds\u00a0\u2028 ") == "Kurds"
    assert clean_label("Al\u200d-\u200eQaeda\t\tNetwork") == "Al-Qaeda Network"
    assert clean_label("Pe\u0301tain") == "P\u00e9tain"  # NFC
    assert clean_label("Pe\u200b\u0301tain") == "P\u00e9tain"  # the format character between letter and accent
    assert clean_label("\u200b\u200c") == ""
    assert term_key("KURDS") == term_key("Kurds") == term_key(" kur\u200bds ")
    assert iris.topic_iri("example.org", "KURDS") == iris.topic_iri("example.org", "Ku\u200brds")
    assert iris.topic_iri("example.org", "\u039d\u0391\u03a4\u039f") == iris.topic_iri("example.org", "\u03bd\u03b1\u03c4\u03bf")


def test_a_zero_width_non_joiner_that_spells_a_word_is_kept_in_its_label():
    """Persian writes some words with a zero-width non-joiner between two letters ("می‌خواهم"), and
    emoji sequences join with U+200D: dropping them misspelled the label. They stay between joining
    letters, go elsewhere ("NA\u200cTO"), and never make a different topic."""
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    assert clean_label(persian) == persian
    assert clean_label("NA\u200cTO") == clean_label("\u200cNATO\u200d") == "NATO"
    assert clean_label("\U0001F468\u200d\U0001F469") == "\U0001F468\u200d\U0001F469"
    assert term_key(persian) == term_key(persian.replace("\u200c", ""))
    assert iris.topic_iri("example.org", persian) == iris.topic_iri("example.org", persian.replace("\u200c", ""))


def test_readers_give_clean_terms_and_keep_the_page_as_written():
    text = spelled("Rohin\u200bgya")
    document = read_saved_page(text, "page.txt", "0" * 64)
    entry = next(e for e in document.glossary if e.term_span.of(document.text) == "Rohin\u200bgya")
    assert entry.term == "Rohingya"  # the term, clean; the span still quotes what the page wrote
    glossary = read_glossary_file('{"term": "NA\\u200bTO\\u00a0 ", "definition": "An alliance."}\n'
                                  '{"term": "EU", "definition": "A union."}\n', "g.jsonl", "0" * 64)
    assert [e.term for e in glossary.glossary] == ["NATO", "EU"]


def _two_spellings(tmp_path: Path, first: str, second: str) -> tuple[Path, Path]:
    return (write(tmp_path / "pages" / "one" / "page.txt", spelled(first)),
            write(tmp_path / "pages" / "two" / "page.txt", spelled(second)))


@pytest.mark.parametrize("variant", ["ROHINGYA", "Rohin\u200bgya", "\u00a0Rohingya\u200f"],
                         ids=["capitals", "zero-width space", "no-break space and bidi mark"])
def test_term_spelled_differently_on_two_copies_is_one_topic_with_one_label_in_both_orders(tmp_path, variant):
    one, two = _two_spellings(tmp_path, "Rohingya", variant)
    exports = []
    for name, order in (("forward", [one, two]), ("backward", [two, one])):
        result = run_kg("build", *order, "--store", tmp_path / name)
        assert result.exit_code == 0 and "2 built" in result.stderr, result.output
        assert validates(tmp_path / name)
        assert len(pref_labels(tmp_path / name)) == 1
        exports.append(nquads(tmp_path / name))
    for name, order in (("runs-forward", [one, two]), ("runs-backward", [two, one])):
        for path in order:  # one document per run
            assert run_kg("build", path, "--store", tmp_path / name).exit_code == 0
        assert validates(tmp_path / name)
        exports.append(nquads(tmp_path / name))
    assert exports[0] == exports[1] == exports[2] == exports[3]


def test_each_page_keeps_its_own_spelling(tmp_path):
    one, two = _two_spellings(tmp_path, "Rohingya", "ROHINGYA")
    store = tmp_path / "store"
    assert run_kg("build", one, two, "--store", store).exit_code == 0
    with Store(store, read_only=True) as s:
        titles = {(q.graph_name.value, q.object.value) for q in s.quads()
                  if q.predicate == DCTERMS_TITLE and q.subject.value.endswith("/definition/rohingya")}
        graphs = document_graphs(store)
        assert titles == {(graphs[input_key(one)], "Rohingya"), (graphs[input_key(two)], "ROHINGYA")}
        labels = [q for q in s.quads() if q.predicate == PREF_LABEL and q.subject.value == TOPIC]
        assert [q.graph_name for q in labels] == [TOPICS_GRAPH]


def test_the_label_is_the_spelling_most_pages_use_then_not_capitals(tmp_path):
    pages = tmp_path / "pages"
    write(pages / "1" / "page.txt", spelled("ROHINGYA"))
    write(pages / "2" / "page.txt", spelled("Rohingya"))
    assert run_kg("build", pages, "--store", tmp_path / "store").exit_code == 0
    assert pref_labels(tmp_path / "store") == ["Rohingya"]  # one each: not the capitals
    write(pages / "3" / "page.txt", spelled("ROHINGYA").replace("Druze live in", "Druze are in"))
    assert run_kg("build", pages, "--store", tmp_path / "store").exit_code == 0
    assert pref_labels(tmp_path / "store") == ["ROHINGYA"]  # two pages against one
    assert validates(tmp_path / "store")


def test_a_replaced_page_takes_its_spelling_with_it(tmp_path):
    page = write(tmp_path / "page.txt", spelled("ROHINGYA"))
    store = tmp_path / "store"
    assert run_kg("build", page, "--store", store).exit_code == 0
    assert pref_labels(store) == ["ROHINGYA"]
    write(page, spelled("Rohingya"))
    assert run_kg("build", page, "--store", store).exit_code == 0
    assert pref_labels(store) == ["Rohingya"]
    fresh = tmp_path / "fresh"
    assert run_kg("build", page, "--store", fresh).exit_code == 0
    assert nquads(store) == nquads(fresh)


def test_a_topic_no_page_defines_any_more_loses_its_label(tmp_path):
    page = write(tmp_path / "page.txt", PAGE)
    store = tmp_path / "store"
    assert run_kg("build", page, "--store", store).exit_code == 0
    write(page, PAGE.replace(ROHINGYA, "\n", 1).replace(
        "A mostly Muslim ethnic group from Rakhine State in western Myanmar; hundreds of thousands of Rohingya fled "
        "to Bangladesh after a military crackdown in 2017.\n", "", 1))
    assert run_kg("build", page, "--store", store).exit_code == 0
    assert pref_labels(store) == []
    assert validates(store)


POLITICAL = ("A mostly Muslim ethnic group from Rakhine State in western Myanmar; hundreds of thousands of Rohingya "
             "fled to Bangladesh after a military crackdown in 2017.",
             "The Rohingya are a political party founded in Myanmar in 1990; its leaders fled to Bangladesh after a "
             "military crackdown in 2017.")


def test_a_page_that_would_give_a_stored_topic_a_second_denotation_fails_at_build_time(tmp_path):
    """Each page alone conforms; together the topic would denote two things (kg:denotes
    sh:maxCount 1): the per-batch check sees what the store says of the topic."""
    first = write(tmp_path / "a" / "page.txt", PAGE)
    second = write(tmp_path / "b" / "page.txt", PAGE.replace(*POLITICAL))
    store = tmp_path / "store"
    assert run_kg("build", first, "--store", store).exit_code == 0
    result = run_kg("build", second, "--store", store)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and str(second) in errors[0] and "denotes" in errors[0] and "MaxCount" in errors[0]
    assert "political-party/rohingya" in errors[0] and "ethnic-group/rohingya" in errors[0]
    assert list(document_graphs(store)) == [input_key(first)]
    assert validates(store)
    together = tmp_path / "together"  # the same two in one batch: the second of them fails
    result = run_kg("build", first, second, "--store", together)
    assert result.exit_code == 1 and "1 built, 0 unchanged, 0 skipped, 1 failed" in result.stderr
    assert list(document_graphs(together)) == [input_key(first)]
    assert validates(together)


def test_a_new_version_of_a_page_may_change_what_its_topic_denotes(tmp_path):
    page = write(tmp_path / "page.txt", PAGE)
    store = tmp_path / "store"
    assert run_kg("build", page, "--store", store).exit_code == 0
    write(page, PAGE.replace(*POLITICAL))
    result = run_kg("build", page, "--store", store)
    assert result.exit_code == 0 and "1 built" in result.stderr, result.output
    assert validates(store)


def test_without_the_shared_check_the_same_pages_would_not_validate(tmp_path):
    """The check is what keeps the store valid: --no-check stores both and kg validate says no."""
    first = write(tmp_path / "a" / "page.txt", PAGE)
    second = write(tmp_path / "b" / "page.txt", PAGE.replace(*POLITICAL))
    result = run_kg("build", first, second, "--store", tmp_path / "store", "--no-check")
    assert result.exit_code == 0
    assert not validates(tmp_path / "store")
