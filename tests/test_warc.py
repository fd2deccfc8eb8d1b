"""Web archives: WARC files written with warcio in the test, built through the real CLI — every
HTML page its own document keyed FILE#URL with the URL as its source, other records reported
by name and skipped, a truncated archive reported with what came before it kept."""
from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import run_kg
from kg.build.inputs import Problem, WorkItem, input_key, work_items
from kg.errors import InputError
from kg.readers.warc import WarcPage, WarcSkip, iter_warc
from kg.store.local import Store
from test_html_reader import ARABIC, PARAGRAPHS, page

BASE = "https://news.example-monitor.org/world/"
PAGES = [("geneva", "Talks Resume in Geneva"), ("vienna", "Inspectors Return to Vienna"), ("doha", "Envoys Meet in Doha")]


def write_warc(path: Path, *, gz: bool = True, extra: bool = True) -> Path:
    """An archive like a crawler's: warcinfo, then per page a request and a response; with
    ``extra`` also a windows-1256 page (charset only in the HTTP header), a gzip-encoded page,
    an image, a 404, and the first page captured a second time."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    writer.write_record(writer.create_warcinfo_record(path.name, {"software": "kg tests", "format": "WARC File Format 1.1"}))

    def response(url: str, body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                 extra_headers=()):
        headers = StatusAndHeaders(status, [("Content-Type", content_type), *extra_headers], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
                                                      warc_headers_dict={"Content-Type": "application/http; msgtype=request"}))
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))

    for slug, title in PAGES:
        response(BASE + slug, page(title, [f"{title}: {p}" for p in PARAGRAPHS]).encode())
    if extra:
        response(BASE + "arabic", page("محادثات جنيف", ARABIC, lang="ar", charset=None).encode("cp1256"),
                 "text/html; charset=windows-1256")
        response(BASE + "compressed", gzip.compress(page("Ministers Gather in Oslo").encode()),
                 extra_headers=[("Content-Encoding", "gzip")])
        response(BASE + "logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        response(BASE + "missing", b"<html><body>Not found</body></html>", status="404 Not Found")
        response(BASE + "geneva", page("Talks Resume in Geneva (later capture)").encode())
    path.write_bytes(buffer.getvalue())
    return path


def _identifiers(store: Path) -> set[str]:
    with Store(store, read_only=True) as s:
        rows = s.query("PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX kg: <https://w3id.org/kg/ontology#> "
                       "SELECT ?id WHERE { GRAPH ?g { ?doc a kg:SourceDocument ; dcterms:identifier ?id } }")
        return {row["id"].value for row in rows}


def test_iter_warc_reads_pages_and_names_what_it_skips(tmp_path):
    found = list(iter_warc(write_warc(tmp_path / "crawl.warc.gz")))
    pages = [f for f in found if isinstance(f, WarcPage)]
    skips = {f.name: f.reason for f in found if isinstance(f, WarcSkip)}
    assert [p.uri for p in pages] == [BASE + s for s, _ in PAGES] + [BASE + "arabic", BASE + "compressed", BASE + "geneva"]
    assert pages[3].charset == "windows-1256"
    assert pages[4].payload.startswith(b"<!DOCTYPE html>")  # content encoding undone
    assert skips == {BASE + "logo.png": "not an HTML page (image/png)", BASE + "missing": "HTTP status 404, not a page"}


def test_work_items_key_each_page_by_its_url(tmp_path):
    archive = write_warc(tmp_path / "crawl.warc.gz")
    items = list(work_items([archive]))
    built = [i for i in items if isinstance(i, WorkItem)]
    key = input_key(archive)
    assert [i.key for i in built] == [f"{key}#{BASE}{s}" for s, _ in PAGES] + \
        [f"{key}#{BASE}arabic", f"{key}#{BASE}compressed"]
    doc = built[0].document()
    assert (doc.source, doc.article.title, doc.publisher_site) == (BASE + "geneva", "Talks Resume in Geneva",
                                                                   "news.example-monitor.org")
    arabic = built[3].document()
    assert [p.text for p in arabic.article.paragraphs] == ARABIC and arabic.language == "ar"
    problems = {p.key: p for p in items if isinstance(p, Problem)}
    assert {p.status for p in problems.values()} == {"skipped"}
    assert "archives a URL already read from record" in problems[f"{key}#{BASE}geneva"].message


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_build_an_archive(tmp_path, gz):
    archive = write_warc(tmp_path / ("crawl.warc.gz" if gz else "crawl.warc"), gz=gz)
    store = tmp_path / "store"
    result = run_kg("build", archive, "--store", store)
    assert result.exit_code == 0, result.output  # skipped records are no failure
    assert "5 built, 0 unchanged, 3 skipped, 0 failed" in result.output
    assert f"kg: skipped: {archive}#{BASE}logo.png: not an HTML page (image/png)" in result.output
    assert f"kg: skipped: {archive}#{BASE}missing: HTTP status 404, not a page" in result.output
    # each page is its own document, identified by the archive and its URL
    assert {i for i in _identifiers(store) if "#" in i} == {f"{input_key(archive)}#{BASE}{s}" for s in
                                                            ["geneva", "vienna", "doha", "arabic", "compressed"]}
    listed = run_kg("query", "articles", "--store", store, "--format", "csv")
    for title in [t for _, t in PAGES] + ["محادثات جنيف", "Ministers Gather in Oslo"]:
        assert title in listed.stdout
    assert "later capture" not in listed.stdout
    again = run_kg("build", archive, "--store", store)
    assert "0 built, 5 unchanged, 3 skipped" in again.output


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_archive_keeps_what_came_before(tmp_path, gz):
    whole = write_warc(tmp_path / "whole.warc", gz=gz, extra=False).read_bytes()
    archive = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    archive.write_bytes(whole[: len(whole) - 200])  # inside the last page's response
    store = tmp_path / "store"
    result = run_kg("build", archive, "--store", store)
    assert result.exit_code == 2, result.output
    assert "2 built, 0 unchanged, 0 skipped, 1 failed" in result.output
    assert f"kg: error: {archive}: the file is truncated inside record" in result.output
    assert f"({BASE}doha)" in result.output
    listed = run_kg("query", "articles", "--store", store, "--format", "csv")
    assert "Talks Resume in Geneva" in listed.stdout and "Inspectors Return to Vienna" in listed.stdout


def test_an_archive_beside_pages_in_a_directory(tmp_path):
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_warc(folder / "crawl.warc.gz", extra=False)
    (folder / "extra.html").write_text(page("Ministers Gather in Oslo"), encoding="utf-8")
    result = run_kg("build", folder, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "4 built" in result.output


@pytest.mark.parametrize("data,problem", [
    (b"this is not an archive\n" * 20, "is not a WARC file"),
    (b"", "file is empty"),
    (gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" + b"x" * 5000)[:-60], "truncated"),
])
def test_bad_archives_are_reported_by_name(tmp_path, data, problem):
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        list(iter_warc(path))
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message and "\n" not in message
    result = run_kg("build", path, "--store", tmp_path / "store")
    assert result.exit_code == 2 and problem in result.output
