"""Hand-made hostile inputs for kg's readers, written into a directory at test time.

    python tests/hostile/make_hostile.py DIR [--big]     # writes every case into DIR

Nothing big is kept in the repository: the bombs are built from a few compressed members
repeated (a 1 MiB file that expands to 1 GiB), the 200 MB line is written only with ``--big``
(the slow tests). Each case says what ``kg build`` must do with it, by README's exit statuses:
0 built (or skipped records, or unchanged), 1 a document failed, 2 an input error; and a word
that the one-line message must contain. ``tests/test_hostile.py`` runs them through the real
CLI, ``scripts/robustness_report.py`` counts the outcomes for docs/robustness.md.
"""
from __future__ import annotations

import codecs
import gzip
import hashlib
import io
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "sample-page.txt"
MiB = 1 << 20


@dataclass(frozen=True)
class Case:
    name: str
    paths: tuple[str, ...]  # relative to the directory the cases are written in
    exit: int  # what `kg build` must exit with
    says: str = ""  # a piece of the one-line message on stderr (case-insensitive); "" for none
    args: tuple[str, ...] = ()  # more `kg build` arguments
    adds: bool = False  # builds something new (the store grows; what it held stays)
    builds: int = 0  # how many documents it builds
    big: bool = False  # only with --big (slow tests)
    reader: str = ""  # which reader it is aimed at, for the report
    note: str = ""


@dataclass
class Corpus:
    root: Path
    cases: list[Case] = field(default_factory=list)


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


P = ("The ministers met in Geneva on Friday and agreed to resume the talks next month, officials said "
     "after the meeting, which lasted for more than six hours.")


def html_page(title: str = "Talks Resume in Geneva", body: str = "", charset: str | None = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (f"<!DOCTYPE html><html lang=\"en\"><head>{meta}<title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{body or ''.join(f'<p>{P}</p>' for _ in range(3))}</article></body></html>")


def _warc_record(url: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    http = (f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n").encode()
    block = http + body
    head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{hashlib.sha1(url.encode()).hexdigest()[:12]}>\r\n"
            f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def warc(records: list[tuple[str, bytes]], gz: bool = True) -> bytes:
    """A small archive of HTML response records, one gzip member each (as crawlers write them)."""
    out = io.BytesIO()
    for url, body in records:
        data = _warc_record(url, body)
        out.write(gzip.compress(data, mtime=0) if gz else data)
    return out.getvalue()


def gzip_bomb(expanded: int, head: bytes = b"", member: int = 16 * MiB) -> bytes:
    """gzip data of about expanded / 1000 bytes that inflates to ``expanded`` bytes: one member
    of ``member`` spaces, compressed once and repeated."""
    one = gzip.compress(b" " * member, compresslevel=9, mtime=0)
    return gzip.compress(head, mtime=0) + one * max(1, expanded // member)


def warc_bomb(expanded: int) -> bytes:
    """A one-record archive whose record declares ``expanded`` bytes of payload and holds them,
    compressed about 1000 times: the record's head, then members of spaces."""
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {expanded}\r\n\r\n".encode()
    head = (f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://bomb.example/\r\n"
            f"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            f"WARC-Date: 2024-01-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            f"Content-Length: {len(http) + expanded}\r\n\r\n").encode()
    member = 16 * MiB
    n = max(1, expanded // member)
    one = gzip.compress(b" " * member, compresslevel=9, mtime=0)
    rest = expanded - n * member
    return (gzip.compress(head + http, mtime=0) + one * n + gzip.compress(b" " * rest + b"\r\n\r\n", mtime=0))


def make(root: Path, big: bool = False) -> Corpus:
    """Write every case into ``root``; returns them."""
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root)
    page = example_text()

    def case(name: str, files: dict[str, bytes | str], exit: int, says: str = "", **kw) -> None:
        for rel, data in files.items():
            target = root / name / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, str):
                data = data.encode("utf-8")
            target.write_bytes(data)
        paths = kw.pop("paths", None) or tuple(f"{name}/{rel}" for rel in files)
        corpus.cases.append(Case(name, tuple(paths), exit, says, **kw))

    # --- text: encodings and emptiness -------------------------------------------------------
    case("empty", {"empty.txt": b""}, 2, "empty", reader="text")
    case("whitespace", {"blank.txt": " \n\t\r\n \u00a0\n".encode()}, 2, "empty", reader="text")
    case("nul-bytes", {"nul.txt": page.encode()[:2000] + b"\x00" * 64 + page.encode()[2000:]}, 2, "binary",
         reader="text")
    case("random-binary", {"noise.txt": os.urandom(4096)}, 2, "", reader="text")
    case("invalid-utf8", {"bad.txt": page.encode()[:3000] + b"\xc3\x28\xff" + page.encode()[3000:]}, 2, "UTF-8",
         reader="text")
    case("utf16-bom", {"page-utf16-bom.txt": codecs.BOM_UTF16_LE + page.encode("utf-16-le")}, 0, adds=True, builds=1,
         reader="text", note="read as UTF-16 by its byte order mark")
    case("utf16-no-bom", {"page-utf16.txt": page.encode("utf-16-le")}, 0, adds=True, builds=1, reader="text",
         note="read as UTF-16 by its zero bytes")
    case("utf16-odd-length", {"cut-utf16.txt": codecs.BOM_UTF16_LE + page.encode("utf-16-le")[:-1]}, 2, "UTF-16",
         reader="text")
    arabic = "الأخبار | موقع تحليلي\n\nتحليل\n\nعنوان المقال\n\nالاثنين\n" + "نص عربي طويل. " * 50
    case("windows-1256-text", {"arabic.txt": arabic.encode("cp1256")}, 2, "UTF-8", reader="text",
         note="plain text must be UTF-8 (or UTF-16/32): refused with the byte offset")
    case("windows-1256-html", {"arabic.html": html_page(
        "محادثات جنيف", "".join("<p>" + "التقى الوزراء في جنيف يوم الجمعة واتفقوا على استئناف المحادثات. " * 4 + "</p>"
                                for _ in range(3)), charset="windows-1256").encode("cp1256")}, 0, adds=True, builds=1,
         reader="html", note="HTML declares its charset")
    case("not-a-page", {"notes.txt": "shopping list\neggs\nmilk\n"}, 2, "no glossary or article", reader="text")
    case("truncated-page", {"cut.txt": page[: page.index("Related Content") + 40]}, 2, "truncated", reader="text",
         note="a page cut after its article's title")

    # --- HTML ----------------------------------------------------------------------------------
    deep = 100_000
    case("html-nested-100k", {"deep.html": "<!DOCTYPE html><html><body>" + "<div>" * deep + f"<p>{P}</p>"
                              + "</div>" * deep + "</body></html>"}, 2, "levels deep", reader="html",
         note="libxml2 reads 2,048 levels at most: refused, never a RecursionError")
    case("html-nested-1000", {"deep1000.html": "<!DOCTYPE html><html><head><title>Deep</title></head><body>"
                              + "<div>" * 1000 + f"<p>{P}</p><p>{P}</p>" + "</div>" * 1000 + "</body></html>"},
         0, adds=True, builds=1, reader="html", note="unwrapped to 400 levels, text kept")
    controls = "".join("<div>" + ("a\x01" if i in (450, 600, 601) else "") for i in range(1000))
    case("html-deep-control-chars", {"deepctl.html": "<!DOCTYPE html><html><body>" + controls + f"<p>{P}</p>"
                                     + "</div>" * 1000 + "</body></html>"}, 0, adds=True, builds=1, reader="html",
         note="lxml refused to set back the control characters when unwrapping (found by atheris)")
    case("html-unclosed-tags", {"font.html": "<!DOCTYPE html><html><body>" + "<font><b><i>" * 3000 + P * 3},
         2, "levels deep", reader="html")
    case("html-no-text", {"empty.html": "<!DOCTYPE html><html><head></head><body><div></div></body></html>"}, 2,
         "no article text", reader="html")
    case("gzip-bomb", {"bomb.html.gz": gzip_bomb(1 << 30, b"<!DOCTYPE html><html><body><p>")}, 2,
         "decompression bomb", reader="html", note="1 MiB that expands to 1 GiB: stopped at 16 MiB")
    good_gz = gzip.compress(html_page("Ministers Gather in Oslo").encode(), mtime=0)
    case("gzip-truncated", {"cut.html.gz": good_gz[: len(good_gz) // 2]}, 2, "truncated", reader="html")
    case("gzip-corrupt", {"corrupt.html.gz": good_gz[:20] + bytes(b ^ 0x55 for b in good_gz[20:])}, 2, "gzip",
         reader="html")

    # --- issue 21, item 7: a large glossary, every definition naming other terms ----------------
    names = [f"{a} {b}" for a in ("Northern", "Southern", "Eastern", "Western", "Central", "Baltic", "Caspian",
                                  "Andean", "Sahel", "Nordic", "Alpine", "Coastal", "Highland", "Federal", "Free")
             for b in ("Front", "Council", "Accord", "Alliance", "Movement", "Treaty", "Party", "Union", "League",
                       "Pact", "Forum", "Bloc", "Charter", "Mission", "Corridor", "Compact", "Directorate",
                       "Assembly", "Coalition", "Brigade")]
    items = "".join(f"<dt>{t}</dt><dd>The {t} is a movement founded in 1990 in Yemen. It works with the "
                    f"{names[(i * 7 + 1) % 300]}s and opposes the {names[(i * 13 + 2) % 300].lower()}; its "
                    f"leaders met the {names[(i * 31 + 3) % 300]} in Geneva.</dd>" for i, t in enumerate(names))
    case("html-glossary-300-terms", {"glossary.html": html_page("Glossary", f"<dl>{items}</dl>")}, 0, adds=True,
         builds=1, reader="html", note="300 terms linked to one another: once N² searches (1,000 terms took "
                                        "122 s), now one scan per definition; larger sizes: bench/glossary_scale.py")

    # --- web archives --------------------------------------------------------------------------
    case("warc-bomb", {"bomb.warc.gz": warc_bomb(1 << 30)}, 2, "decompression bomb", reader="warc",
         note="a record declaring 1 GiB, compressed 1000 times")
    archive = warc([("https://news.example.org/a", html_page("Talks Resume in Geneva").encode())])
    case("warc-truncated", {"cut.warc.gz": archive[: len(archive) * 2 // 3]}, 2, "truncated", reader="warc")
    plain = warc([("https://news.example.org/a", html_page().encode())], gz=False)
    case("warc-truncated-plain", {"cut.warc": plain[: len(plain) - 200]}, 2, "truncated", reader="warc")
    case("warc-cut-in-header", {"cut-head.warc": b"WARC/1.1\r\nWARC-Type: response"}, 2, "truncated",
         reader="warc", note="warcio raised AttributeError here (found by Hypothesis)")
    case("warc-not-warc", {"fake.warc": b"this is not an archive\n" * 10}, 2, "not a WARC", reader="warc")
    case("warc-garbage-gzip", {"junk.warc.gz": b"\x1f\x8b" + os.urandom(2000)}, 2, "corrupt", reader="warc")

    # --- corpora -------------------------------------------------------------------------------
    rows = ["id,title,text"]
    for i in range(1, 21):
        rows.append(f'{i},Title {i},{P.replace(",", "")}')
    rows[5] = '5,Title 5,"The text of five opens a quote that never closes.'  # it would run to the end
    case("csv-unbalanced-quote", {"corpus.csv": "\n".join(rows) + "\n"}, 0, "skipped", adds=True, builds=19, reader="corpus",
         note="the record with the quote is skipped, the 19 others build")
    lines = [json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": f"Item {i}. {P}"}) for i in range(1, 1001)]
    lines[499] = lines[499][:-7]  # cut inside the JSON
    case("jsonl-one-broken-in-1000", {"corpus.jsonl": "\n".join(lines) + "\n"}, 0, "not valid JSON", adds=True, builds=999,
         reader="corpus", note="999 records build, one is skipped")
    nested = '{"id": "deep", "text": ' + "[" * 100_000 + "]" * 100_000 + "}"
    good = json.dumps({"id": "ok", "title": "A Report", "text": P})
    case("jsonl-deep-nesting", {"deep.jsonl": good + "\n" + nested + "\n"}, 0, "nested", adds=True, builds=1, reader="corpus",
         note="json.loads would raise RecursionError")
    case("jsonl-deep-first-line", {"deepfirst.jsonl": "[" * 100_000 + "]" * 100_000 + "\n" + good + "\n"}, 2, "",
         reader="corpus")
    case("csv-bad-utf8", {"latin.csv": ("id,title,text\n1,Caf\xe9,Du caf\xe9 " + P + "\n").encode("latin-1")}, 2,
         "UTF-8", reader="corpus")
    case("glossary-bad-line", {"glossary.jsonl": '{"term": "NATO", "definition": "An alliance."}\n{"term": \n'}, 2,
         ":2:", reader="glossary")
    case("glossary-csv-quote", {"glossary.csv": 'term,definition\nNATO,"An alliance\n'}, 2, "CSV", reader="glossary")
    case("glossary-csv-open-header", {"header.csv": '"term,definition\nNATO,An alliance.\n'}, 2, "header row",
         reader="glossary", note="csv.Error escaped from the header row (found by Hypothesis)")
    case("factbook-not-json", {"country.json": "{not json"}, 2, "JSON", reader="factbook")
    case("factbook-deep", {"deep.json": "[" * 100_000 + "]" * 100_000}, 2, "nested", reader="factbook")

    # --- paths ---------------------------------------------------------------------------------
    loop = root / "symlink-loop"
    (loop / "sub").mkdir(parents=True, exist_ok=True)
    (loop / "sample-page.txt").write_text(page, encoding="utf-8")
    for link, target in ((loop / "sub" / "up", ".."), (loop / "self", "self"), (loop / "sub" / "dangling", "nowhere")):
        if not link.is_symlink():
            link.symlink_to(target)
    corpus.cases.append(Case("symlink-loop", ("symlink-loop",), 0, "loop", adds=True, builds=1, reader="paths",
                             note="the page is read once (built once), the loop not followed again, the broken links named"))
    fifo = root / "fifo" / "pipe.txt"
    fifo.parent.mkdir(exist_ok=True)
    if not fifo.exists():
        os.mkfifo(fifo)
    corpus.cases.append(Case("fifo", ("fifo/pipe.txt",), 2, "FIFO", reader="paths",
                             note="a named pipe would block a reader forever"))
    corpus.cases.append(Case("missing", ("missing/nothing.txt",), 2, "no such file", reader="paths"))

    # --- issue 21: document identity, topic identity, unreadable files named --------------------
    case("same-name-two-dirs", {"a/page.txt": page, "b/page.txt": page.replace("Druze live in", "Druze are in")},
         0, adds=True, builds=2, reader="paths",
         note="two inputs with one file name are two documents, keyed by their paths (issue 21, item 4)")
    rohingya = "\nRohingya\n\nRohingya\n"
    case("term-case-variants", {"capitals/page.txt": page.replace(rohingya, "\nROHINGYA\n\nROHINGYA\n"),
                                "zero-width/page.txt": page.replace(rohingya, "\nRohin\u200bgya\n\nRohin\u200bgya\n")},
         0, adds=True, builds=2, reader="text",
         note="one topic with one skos:prefLabel, whatever the case or invisible characters (issue 21, item 9)")
    too_long = "unreadable-named-stat/" + "x" * 300 + ".txt"
    case("unreadable-named-stat", {"page.txt": page}, 2, "cannot be read", adds=True, builds=1, reader="paths",
         paths=(too_long, "unreadable-named-stat/page.txt"),
         note="a file named that cannot be looked at (a name too long; an unreadable directory on its way, "
              "when not root): one line, the others built (issue 21, item 10)")
    if Path("/proc/self/mem").exists():  # reading it at offset 0 fails, even for root
        case("unreadable-named-read", {"page.txt": page}, 2, "cannot be read", adds=True, builds=1, reader="paths",
             paths=("unreadable-named-read/mem.txt", "unreadable-named-read/page.txt"),
             note="a file named whose reading fails (EIO): one line, the others built (issue 21, item 10)")
        mem = root / "unreadable-named-read" / "mem.txt"
        if not mem.is_symlink():
            mem.symlink_to("/proc/self/mem")

    # --- issue 21, items 8 and 10: one record never aborts a build; inputs read as what they are --
    def record(i: int, **fields) -> str:
        return json.dumps({"id": f"r{i}", "title": f"Report {i}", "text": P, **fields})

    dated = "Russia attacked Ukraine on Friday, officials said, and will attack it again next year."
    case("jsonl-5000-digit-integer", {"corpus.jsonl": record(1) + "\n" + record(2)[:-1] + ', "views": '
                                      + "9" * 5000 + "}\n"}, 0, adds=True, builds=2, reader="corpus",
         note="Python reads no integer over 4,300 digits: kept as text, as kg reads every field (was a traceback)")
    case("jsonl-5000-digit-first-line", {"corpus.jsonl": record(1)[:-1] + ', "views": ' + "9" * 5000 + "}\n"
                                         + record(2) + "\n"}, 0, adds=True, builds=2, reader="corpus",
         note="the same number on the line that says whether the file is a corpus")
    case("jsonl-published-year-1", {"corpus.jsonl": record(1) + "\n" + record(2, text=dated, published="0001-01-01")
                                    + "\n"}, 0, adds=True, builds=2, reader="corpus",
         note="\"on Friday\" before 0001-01-01 is off the calendar: no time, the event kept (was OverflowError)")
    case("jsonl-published-year-9999", {"corpus.jsonl": record(1) + "\n" + record(2, text=dated, published="9999-12-31")
                                       + "\n"}, 0, adds=True, builds=2, reader="corpus",
         note="\"next year\" after 9999-12-31 likewise (was ValueError)")
    case("jsonl-url-not-a-url", {"corpus.jsonl": record(1) + "\n" + record(2, url="http://[::1") + "\n"}, 0,
         "not a URL", adds=True, builds=1, reader="corpus",
         note="urllib's \"Invalid IPv6 URL\": the record is skipped with its line (was a failed file)")
    lines = "".join(record(i) + "\n" for i in range(1, 4))
    case("jsonl-utf16-bom", {"corpus.jsonl": codecs.BOM_UTF16_LE + lines.encode("utf-16-le")}, 0, adds=True,
         builds=3, reader="corpus", note="read as a UTF-16 corpus (was refused as a bad glossary file)")
    case("jsonl-utf16-no-bom", {"corpus.jsonl": lines.encode("utf-16-be")}, 0, adds=True, builds=3, reader="corpus",
         note="UTF-16 by its zero bytes")
    case("jsonl-utf8-bom", {"corpus.jsonl": codecs.BOM_UTF8 + lines.encode()}, 0, adds=True, builds=3,
         reader="corpus")
    case("jsonl-utf16-cut", {"corpus.jsonl": codecs.BOM_UTF16_LE + lines.encode("utf-16-le") + b"{"}, 2, "UTF-16",
         adds=True, builds=3, reader="corpus", note="an odd byte at the end: the records before it build")
    rows = "id,title,text\r" + "".join(f'{i},Report {i},"{P}"\r' for i in range(1, 4))
    case("csv-cr-line-endings", {"corpus.csv": rows}, 0, adds=True, builds=3, reader="corpus",
         note="rows ended by CR alone (old Mac files): read as a corpus (was a bad glossary file)")
    body = html_page().encode()
    odd = warc([("https://news.example.org/a b", body)], gz=False) + _short_warc_record(
        "https://news.example.org/short", body) + warc([("https://news.example.org/c", body)], gz=False)
    case("warc-warcio-warnings", {"odd.warc": odd}, 0, adds=True, builds=3, reader="warc",
         note="warcio's own stderr lines become one kg: warning line each, naming file and record")
    case("warc-target-uri-not-a-url", {"bad-uri.warc.gz": warc([("http://[::1", body),
                                                                ("https://news.example.org/b", body)])},
         0, "not a URL", adds=True, builds=1, reader="warc")
    case("html-canonical-not-a-url", {"canonical.html": html_page().replace(
        "<head>", '<head><link rel="canonical" href="http://[::1"><meta property="og:url" content="http://[::1">')},
         0, adds=True, builds=1, reader="html", note="a canonical URL urllib cannot take apart is ignored (was a failed page)")
    if big:
        long_text = (P + " ") * (1_100_000 // (len(P) + 1) + 1)
        case("jsonl-paragraph-over-1m-chars", {"corpus.jsonl": record(1) + "\n" + record(2, text=long_text) + "\n"},
             0, adds=True, builds=2, big=True, reader="corpus",
             note="one 1.1M-character paragraph: spaCy takes 1M at most; parsed in pieces of kg.limits' max_nlp_chars")

    # --- big ones (slow tests only) ------------------------------------------------------------
    if big:
        line = root / "long-line"
        line.mkdir(exist_ok=True)
        _long_line(line / "line.txt", 200_000_000, b"word ")
        corpus.cases.append(Case("200mb-line-text", ("long-line/line.txt",), 2, "too large", reader="text", big=True))
        _long_line(line / "line.jsonl", 200_000_000, b"word ", prefix=b'{"id": "x", "text": "',
                   suffix=b'"}\n' + good.encode() + b"\n")
        corpus.cases.append(Case("200mb-line-jsonl", ("long-line/line.jsonl",), 0, "longer than", adds=True, builds=1,
                                 args=("--columns", "id=id,text=text"), reader="corpus", big=True))
        _long_line(line / "line.csv", 200_000_000, b"word ", prefix=b'id,text\n1,"', suffix=b'"\n2,"' + P.encode()
                   + b'"\n')
        corpus.cases.append(Case("200mb-line-csv", ("long-line/line.csv",), 0, "longer than", adds=True, builds=1,
                                 reader="corpus", big=True))
    return corpus


def _short_warc_record(url: str, body: bytes) -> bytes:
    """An uncompressed record whose Content-Length is 5 bytes short: warcio reads it and writes
    its "Record not followed by newline" warning, over three lines, to stderr (issue 21)."""
    whole = _warc_record(url, body)
    head, _, block = whole.partition(b"\r\n\r\n")
    length = int(head.rsplit(b"Content-Length: ", 1)[1])
    return head.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length - 5)) + b"\r\n\r\n" + block


def _long_line(path: Path, size: int, unit: bytes, prefix: bytes = b"", suffix: bytes = b"\n") -> None:
    block = unit * (MiB // len(unit))
    with path.open("wb") as fh:
        fh.write(prefix)
        written = 0
        while written < size:
            fh.write(block)
            written += len(block)
        fh.write(suffix)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 1:
        sys.exit("usage: python tests/hostile/make_hostile.py DIR [--big]")
    made = make(Path(args[0]), big="--big" in sys.argv)
    for c in made.cases:
        print(f"{c.name:28} exit {c.exit}  {' '.join(c.paths)}")
