"""Coverage-guided fuzzing of kg's readers with atheris (libFuzzer for Python). Not run in CI.

    .venv/bin/pip install atheris          # a manylinux wheel: no compiler needed on x86-64 Linux
    .venv/bin/python scripts/fuzz_readers.py TARGET [libFuzzer options] [CORPUS_DIR ...]
    .venv/bin/python scripts/fuzz_readers.py html -max_total_time=600 -rss_limit_mb=4096 /tmp/html-corpus
    .venv/bin/python scripts/fuzz_readers.py --list

TARGET is one reader: saved-page, html, html-gz, corpus-jsonl, corpus-csv, warc, glossary-jsonl,
glossary-csv, factbook, kb-yaml, kb-csv, kb-ttl, kb-jsonld, kb-rdf, query-iri, query-string. The
property is the one tests/test_fuzz_readers.py checks: a reader returns a Document whose spans
hold, or raises kg.errors.InputError with a one-line message naming the input; anything else
(another exception, a bad span) is a crash, and libFuzzer writes the input that caused it to
``crash-*`` in the working directory. Seed a corpus directory with files of that kind (e.g. the
files tests/hostile/make_hostile.py writes) to start from real structure.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))


def _check(doc) -> None:
    text = doc.text
    for e in doc.glossary:
        assert text[e.term_span.start:e.term_span.end] == e.term, "term span"
        assert text[e.definition_span.start:e.definition_span.end] == e.definition, "definition span"
    if doc.article is not None:
        a = doc.article
        assert text[a.title_span.start:a.title_span.end] == a.title, "title span"
        for p in a.paragraphs:
            assert text[p.span.start:p.span.end] == p.text, "paragraph span"


def _refused(exc, source: str) -> None:
    from kg.errors import shown_name

    message = str(exc)
    assert "\n" not in message, f"a message on two lines: {message!r}"
    assert message.startswith(shown_name(source)), f"the message does not name the input: {message!r}"


SCRATCH = Path(tempfile.mkdtemp(prefix="kg-fuzz-"))


def _file(name: str, data: bytes) -> Path:
    path = SCRATCH / name
    path.write_bytes(data)
    return path


def target(name: str):
    from kg.errors import InputError, QueryError

    def document(filename: str):
        from kg.readers import read_document

        def run(data: bytes) -> None:
            try:
                _check(read_document(Path(filename), filename, data))
            except InputError as exc:
                _refused(exc, filename)
        return run

    def corpus(suffix: str):
        from kg.readers.corpus import BadRecord, ColumnMap, read_records, record_document

        def run(data: bytes) -> None:
            path = _file(f"corpus.{suffix}", data)
            try:
                for found in read_records(path, ColumnMap(), str(path)):
                    if isinstance(found, BadRecord):
                        assert "\n" not in found.reason
                    else:
                        _check(record_document(found, str(path)))
            except InputError as exc:
                _refused(exc, str(path))
        return run

    def warc(data: bytes) -> None:
        from kg.readers import read_html
        from kg.readers.warc import WarcPage, iter_warc

        path = _file("crawl.warc", data)
        try:
            for found in iter_warc(path, str(path)):
                if isinstance(found, WarcPage):
                    where = f"{path}#{found.name}"
                    try:
                        _check(read_html(found.payload, where, "h", where=where, url=found.uri,
                                         http_charset=found.charset))
                    except InputError as exc:
                        _refused(exc, where)
        except InputError as exc:
            _refused(exc, str(path))

    def kb(suffix: str):
        from kg.mapping.kb_files import load_actors as load_user_actors

        def run(data: bytes) -> None:
            path = _file(f"actors.{suffix}", data)
            try:
                assert load_user_actors(path)
            except InputError as exc:
                _refused(exc, str(path))
        return run

    def query(kind: str):
        import pyoxigraph

        from kg.services.query import bind, bundled_queries, parse_value

        queries = bundled_queries()
        chosen = [(q, p) for q in queries.values() for p in q.parameters if p.type == kind]

        def run(data: bytes) -> None:
            value = data.decode("utf-8", "replace")
            query, param = chosen[len(data) % len(chosen)]
            try:
                term = parse_value(param, value)
            except QueryError as exc:
                assert "\n" not in str(exc).replace(repr(value), "")
                return
            if kind == "string":
                assert term.value == value
            values = {p.name: "kgid:actor/state/ARM" if p.type == "iri" else "2023-09-11"
                      for p in query.parameters if p.required}
            values[param.name] = value
            pyoxigraph.Store().query(bind(query, values))  # must parse
        return run

    targets = {
        "saved-page": document("page.txt"), "html": document("page.html"), "html-gz": document("page.html.gz"),
        "glossary-jsonl": document("glossary.jsonl"), "glossary-csv": document("glossary.csv"),
        "factbook": document("country.json"), "corpus-jsonl": corpus("jsonl"), "corpus-csv": corpus("csv"),
        "warc": warc, "kb-yaml": kb("yaml"), "kb-csv": kb("csv"), "kb-ttl": kb("ttl"), "kb-jsonld": kb("jsonld"),
        "kb-rdf": kb("rdf"), "query-iri": query("iri"), "query-string": query("string"),
    }
    if name not in targets:
        sys.exit(f"fuzz_readers: no target {name!r}: one of {', '.join(targets)}")
    return targets[name]


TARGETS = ("saved-page", "html", "html-gz", "corpus-jsonl", "corpus-csv", "warc", "glossary-jsonl", "glossary-csv",
           "factbook", "kb-yaml", "kb-csv", "kb-ttl", "kb-jsonld", "kb-rdf", "query-iri", "query-string")


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] in ("-h", "--help"):
        sys.exit(__doc__)
    if sys.argv[1] == "--list":
        print("\n".join(TARGETS))
        return
    try:
        import atheris
    except ImportError:
        sys.exit("fuzz_readers: atheris is not installed (.venv/bin/pip install atheris)")
    name = sys.argv.pop(1)
    with atheris.instrument_imports(include=["kg"]):
        run = target(name)
    atheris.Setup(sys.argv, run)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
