"""The saved-page reader and text decoding, on real files: the reference page in ../shared,
the example page in examples/, and pages of the same layout written to tmp_path."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from kg.documents import Document
from kg.errors import InputError
from kg.readers.dates import parse_date
from kg.readers.savedpage import (
    looks_like_saved_page,
    read_saved_page,
    repair_letter_spacing,
)
from kg.readers.text_input import decode_text, read_bytes

REPO = Path(__file__).resolve().parents[1]
SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_5acde872f18f0611.txt"
EXAMPLE = REPO / "examples" / "sample-page.txt"

NBSP = "\u00a0"


def read_page(path: Path) -> Document:
    """What a caller does: bytes from disk, decoded, read."""
    data = read_bytes(path)
    return read_saved_page(decode_text(data, str(path)), str(path), hashlib.sha256(data).hexdigest())


def all_spans(doc: Document):
    """(label, span, text) for every span the document carries."""
    for e in doc.glossary:
        yield "term", e.term_span, e.term
        yield "definition", e.definition_span, e.definition
    a = doc.article
    if a is not None:
        yield "title", a.title_span, a.title
        if a.lead is not None:
            yield "lead", a.lead.span, a.lead.text
        for p in a.paragraphs:
            yield "paragraph", p.span, p.text


def assert_spans_point_at_text(doc: Document) -> None:
    for label, span, text in all_spans(doc):
        assert 0 <= span.start <= span.end <= len(doc.text), (label, span)
        assert span.of(doc.text) == text, (label, span, text)
        assert doc.text[span.start:span.end] == text


# --- the reference page (../shared) --------------------------------------------------------

SEED_TERMS = [
    "Ansarullah",
    "Shiite",
    "Resistance",
    "Persian Gulf Cooperation Council",
    "Taliban",
    "Wahhabism & Extremism",
    "Kurds",
    "NATO",
    "Islamic Awakening",
    "Al-Qaeda",
]

needs_seed = pytest.mark.skipif(
    not SEED.is_file(), reason=f"the reference page is not available at {SEED} (../shared is absent)"
)


@pytest.fixture(scope="module")
def seed_raw() -> str:
    if not SEED.is_file():
        pytest.skip(f"the reference page is not available at {SEED} (../shared is absent)")
    return SEED.read_bytes().decode("utf-8")


@pytest.fixture(scope="module")
def seed_doc(seed_raw) -> Document:
    return read_page(SEED)


def source_lines(raw: str) -> list[str]:
    return raw.split("\n")


def next_content(lines: list[str], i: int) -> int:
    """Index of the first line at or after i with content."""
    while not lines[i].strip():
        i += 1
    return i


def source_definition(raw: str, term: str) -> str:
    """The definition line of ``term`` as the source has it: the first line with content after
    the second copy of the term line (the layout, read independently of the reader)."""
    lines = source_lines(raw)
    copies = [i for i, line in enumerate(lines) if line.strip() == term]
    return lines[next_content(lines, copies[1] + 1)].strip()


def seed_noise(raw: str) -> list[str]:
    """Lines of the page that belong to no glossary or article field: the chrome before the
    "In Focus" heading, the placeholder item and teaser, the domain line, and everything from
    "Comments" on (comment form, gallery, captions)."""
    lines = [line.strip() for line in source_lines(raw)]
    focus = lines.index("In Focus")
    chrome = [line for line in lines[: focus + 1] if line]
    new_node = lines.index("New node")
    teaser = lines[next_content(lines, lines.index("New node", new_node + 1) + 1)]
    tail = [line for line in lines[lines.index("Comments"):] if line]
    return chrome + ["New node", teaser, "alwaght.net"] + tail


@needs_seed
def test_seed_is_sniffed_as_saved_page(seed_raw):
    assert looks_like_saved_page(seed_raw)


@needs_seed
def test_seed_glossary_has_exactly_the_ten_terms_in_order(seed_doc):
    assert [e.term for e in seed_doc.glossary] == SEED_TERMS


@needs_seed
def test_seed_definitions_are_the_source_lines_with_only_the_letter_spacing_repaired(seed_doc, seed_raw):
    changed = []
    for entry in seed_doc.glossary:
        source = source_definition(seed_raw, entry.term)
        expected = source.replace("u n i o n", "union")
        assert entry.definition == expected, entry.term
        if expected != source:
            changed.append(entry.term)
    assert changed == ["Persian Gulf Cooperation Council"]
    pgcc = seed_doc.glossary[3].definition
    assert " union " in pgcc and "u n i o n" not in pgcc


@needs_seed
def test_seed_document_text_differs_from_the_source_only_by_the_repair(seed_doc, seed_raw):
    expected = unicodedata.normalize("NFC", seed_raw).replace("u n i o n", "union")
    assert seed_doc.text == expected
    assert any("u n i o n" in n and "'union'" in n for n in seed_doc.notes)


@needs_seed
def test_seed_definitions_keep_the_publishers_characters(seed_doc):
    for entry in seed_doc.glossary:
        assert entry.definition == entry.definition.strip()
        assert not entry.definition.endswith(NBSP)
        assert "\n" not in entry.definition
    # Leading spaces of a term line are not part of the term.
    assert seed_doc.glossary[5].term == "Wahhabism & Extremism"


@needs_seed
def test_seed_noise_appears_in_no_field(seed_doc, seed_raw):
    noise = seed_noise(seed_raw)
    assert "Name :" in noise and "Gallery" in noise and "Most Viewed" in noise
    a = seed_doc.article
    fields = (
        [e.term for e in seed_doc.glossary]
        + [e.definition for e in seed_doc.glossary]
        + [p.text for p in a.paragraphs]
        + [p.subheading for p in a.paragraphs if p.subheading]
        + list(a.tags)
        + list(a.related_headlines)
        + [a.title, a.section]
    )
    for value in fields:
        for junk in noise:
            assert value != junk, (value, junk)
        assert not value.startswith("Map of"), value
    for junk in ("New node", "Editor's Choice", "Most Viewed", "Day Week Month", "alwaght.net"):
        assert all(junk not in p.text for p in a.paragraphs)
        assert all(junk not in e.definition for e in seed_doc.glossary)


@needs_seed
def test_seed_article_header(seed_doc):
    a = seed_doc.article
    assert a.title == "Russia-Armenia Relations Hit by Differences over Karabakh Dispute"
    assert a.published == date(2023, 9, 11)
    assert a.section == "Analysis"
    assert seed_doc.publisher == "Alwaght"
    assert seed_doc.publisher_site == "alwaght.net"
    assert seed_doc.reader == "saved-page"
    assert seed_doc.content_hash == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert seed_doc.source == str(SEED)


@needs_seed
def test_seed_tags_and_related_headlines(seed_doc, seed_raw):
    a = seed_doc.article
    assert a.tags == ("Russia", "Armenia", "Karabakh", "War", "West", "Ukraine")
    assert len(a.related_headlines) == 2
    lines = [line.strip() for line in source_lines(seed_raw)]
    related = lines.index("Related Content")
    positions = [lines.index(h) for h in a.related_headlines]
    assert related < positions[0] < positions[1]
    assert all(not h.startswith("Alwaght") for h in a.related_headlines)


@needs_seed
def test_seed_lead_and_paragraph_boundaries(seed_doc, seed_raw):
    a = seed_doc.article
    assert a.lead is not None and a.lead.text.startswith("Alwaght- ")
    assert a.paragraphs[0] == a.lead
    lines = [line.strip() for line in source_lines(seed_raw)]
    tags = lines.index("Tags :")
    before_tags = [line for line in lines[:tags] if line][-1]
    assert a.paragraphs[-1].text == before_tags
    assert len(a.paragraphs) == 19
    for p in a.paragraphs:
        assert p.text == p.text.strip() and not p.text.endswith(NBSP)
        assert p.text not in ("Comments", "Send", "Gallery", "Photo", "Film")


@needs_seed
def test_seed_subheadings_are_attached_to_the_paragraphs_under_them(seed_doc, seed_raw):
    a = seed_doc.article
    heads = ["Divisions between traditional allies", "US fishing in troubled waters"]
    texts = [p.text for p in a.paragraphs]
    assert not set(heads) & set(texts), "subheadings are not paragraphs"
    assert [p.subheading for p in a.paragraphs if p.subheading] and {
        p.subheading for p in a.paragraphs if p.subheading
    } == set(heads)

    lines = [line.strip() for line in source_lines(seed_raw)]
    first_under = {}
    for head in heads:
        i = next(n for n, line in enumerate(lines) if line == head)
        first_under[head] = lines[next_content(lines, i + 1)]
    starts = [texts.index(first_under[h]) for h in heads]
    assert 0 < starts[0] < starts[1]
    for n, p in enumerate(a.paragraphs):
        want = None if n < starts[0] else heads[0] if n < starts[1] else heads[1]
        assert p.subheading == want, (n, p.text[:40])
    # The paragraph before each subheading in the source sits under the previous heading.
    assert a.paragraphs[starts[0] - 1].subheading is None
    assert a.paragraphs[starts[1] - 1].subheading == heads[0]


@needs_seed
def test_seed_every_span_points_at_its_text(seed_doc):
    assert_spans_point_at_text(seed_doc)
    assert sum(1 for _ in all_spans(seed_doc)) == 10 * 2 + 1 + 1 + 19


# --- the example page ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_doc() -> Document:
    return read_page(EXAMPLE)


def test_example_page_glossary(example_doc):
    assert [e.term for e in example_doc.glossary] == ["ASEAN", "African Union", "Druze", "Rohingya"]
    asean = example_doc.glossary[0].definition
    assert "intergovernmental organisation of ten" in asean
    assert "o r g a n" not in example_doc.text
    assert all("New node" not in e.term and "Map" not in e.definition for e in example_doc.glossary)


def test_example_page_article(example_doc):
    d = example_doc
    a = d.article
    assert d.publisher == "Example Monitor"
    assert d.publisher_site == "example-monitor.org"
    assert a.title == "ASEAN Ministers Press Myanmar Junta at Jakarta Meeting"
    assert a.published == date(2024, 5, 14)
    assert a.section == "Analysis"
    assert a.tags == ("ASEAN", "Myanmar", "Indonesia", "Rohingya", "Diplomacy")
    assert len(a.related_headlines) == 2
    assert a.lead.text.startswith("Example Monitor- ") and "Jakarta" in a.lead.text
    assert len(a.paragraphs) == 5
    assert [p.subheading for p in a.paragraphs] == [None] * 3 + ["Pressure from neighbours"] * 2
    assert a.paragraphs[-1].text.startswith("Analysts in Bangkok")
    for p in a.paragraphs:
        for junk in ("Name :", "Email :", "Gallery", "Send", "Fishing Boats"):
            assert junk not in p.text


def test_example_page_spans(example_doc):
    assert_spans_point_at_text(example_doc)
    assert looks_like_saved_page(example_doc.text)


# --- pages of this layout the reader has never seen -----------------------------------------

ENTRIES = [
    ("Blue Lantern Accord", "A trade pact among harbour cities of the northern coast, signed in 1988."),
    ("Valley Farmers League", "a cooperative movement of smallholders that campaigns for water rights."),
    ("Orrin People", "The Orrin are a highland people who speak a language of their own and live in three states."),
    ("Coastal Defence Pact", "An alliance of four coastal states formed in 2001 to patrol shared waters."),
    ("Grey Cloak Brigade", "An armed group active along the eastern frontier since the civil war of 1999."),
    ("Union of Free Ports", "An intergovernmental body of port states with its seat in Lisport."),
    ("River Assembly", "A parliament shared by the two river provinces, founded in 1950."),
]


def glossary_block(entries, *, placeholder=True, indent_second=False) -> str:
    out = ["In Focus", ""]
    for n, (term, definition) in enumerate(entries):
        term_line = ("   " + term) if (indent_second and n == 1) else term
        out += [term_line, "", term, "", definition]
    if placeholder:
        out += ["New node", "", "New node", "", "Interactive Map of Harbour Closures Along the Coast Since"]
    return "\n".join(out) + "\n"


CHROME = "Harbour Review | Politics and Trade\n\nHome\n\nOpinion\n\nLatest\n\n"
ARTICLE = (
    "harbour-review.example\n"
    "Analysis\n"
    "\n"
    "Port Cities Sign New Customs Deal\n"
    "\n"
    "Friday 3 March 2023\n"
    "Port Cities Sign New Customs Deal\n"
    "\n"
    "Related Content\n"
    "\n"
    "Lisport Mayor Visits Northern Harbours\n"
    "\n"
    "Harbour Review- Delegates of six port cities signed a customs agreement in Lisport on Thursday, ending a dispute that had lasted three years."
    + NBSP + "\n"
    "\n"
    "The deal cuts fees on grain and timber and sets up a joint office to settle claims."
    + NBSP + "\n"
    "\n"
    "Doubts in the capital" + NBSP + "\n"
    "\n"
    "Officials in the capital said they had not been consulted and would study the text before the assembly votes next month."
    + NBSP + "\n"
    "\n"
    "Tags :\n"
    "\n"
    "Customs Lisport Trade\n"
    "\n"
    "Comments\n"
    "Name :\n"
    "Email :\n"
    "* Text :\n"
    "Send\n"
    "\n"
    "Gallery\n"
    "\n"
    "Photo\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def check_page(doc: Document, entries) -> None:
    assert [e.term for e in doc.glossary] == [t for t, _ in entries]
    assert [e.definition for e in doc.glossary] == [d for _, d in entries]
    assert_spans_point_at_text(doc)


def test_full_unseen_page(tmp_path):
    doc = read_page(write(tmp_path, "page.txt", CHROME + glossary_block(ENTRIES[:4]) + ARTICLE))
    check_page(doc, ENTRIES[:4])
    a = doc.article
    assert doc.publisher == "Harbour Review" and doc.publisher_site == "harbour-review.example"
    assert a.title == "Port Cities Sign New Customs Deal"
    assert a.published == date(2023, 3, 3) and a.section == "Analysis"
    assert a.related_headlines == ("Lisport Mayor Visits Northern Harbours",)
    assert a.tags == ("Customs", "Lisport", "Trade")
    assert [p.subheading for p in a.paragraphs] == [None, None, "Doubts in the capital"]
    assert a.lead.text.startswith("Harbour Review- ")


def test_glossary_only_page(tmp_path):
    doc = read_page(write(tmp_path, "glossary.txt", CHROME + glossary_block(ENTRIES[:3], placeholder=False)))
    check_page(doc, ENTRIES[:3])
    assert doc.article is None
    assert doc.publisher == "Harbour Review"


def test_article_only_page(tmp_path):
    doc = read_page(write(tmp_path, "article.txt", CHROME + ARTICLE))
    assert doc.glossary == ()
    assert doc.article.title == "Port Cities Sign New Customs Deal"
    assert len(doc.article.paragraphs) == 3
    assert_spans_point_at_text(doc)


@pytest.mark.parametrize("count", [1, 2, 7])
def test_glossary_with_a_different_number_of_entries(tmp_path, count):
    entries = ENTRIES[:count]
    doc = read_page(write(tmp_path, f"g{count}.txt", CHROME + glossary_block(entries, indent_second=True) + ARTICLE))
    check_page(doc, entries)
    assert doc.article.published == date(2023, 3, 3)


def test_crlf_line_endings(tmp_path):
    text = CHROME + glossary_block(ENTRIES[:4]) + ARTICLE
    doc = read_page(write(tmp_path, "crlf.txt", text.replace("\n", "\r\n")))
    assert "\r" not in doc.text
    check_page(doc, ENTRIES[:4])
    assert doc.article.tags == ("Customs", "Lisport", "Trade")


def test_old_mac_line_endings(tmp_path):
    text = CHROME + glossary_block(ENTRIES[:2]) + ARTICLE
    doc = read_page(write(tmp_path, "cr.txt", text.replace("\n", "\r")))
    check_page(doc, ENTRIES[:2])


def test_utf8_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + (CHROME + glossary_block(ENTRIES[:4]) + ARTICLE).encode("utf-8"))
    doc = read_page(path)
    assert not doc.text.startswith("\ufeff")
    assert doc.publisher == "Harbour Review"
    check_page(doc, ENTRIES[:4])


def test_utf16_with_bom(tmp_path):
    doc = read_page(write(tmp_path, "u16.txt", CHROME + glossary_block(ENTRIES[:2]) + ARTICLE, "utf-16"))
    check_page(doc, ENTRIES[:2])
    assert doc.article.published == date(2023, 3, 3)


@needs_seed
def test_seed_variants_crlf_bom_and_fewer_entries(tmp_path, seed_raw):
    crlf = tmp_path / "seed-crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbf" + seed_raw.replace("\n", "\r\n").encode("utf-8"))
    doc = read_page(crlf)
    assert [e.term for e in doc.glossary] == SEED_TERMS
    assert doc.article.published == date(2023, 9, 11)
    assert_spans_point_at_text(doc)

    # Drop the Taliban and Kurds items: a glossary of eight the reader never saw.
    lines = seed_raw.split("\n")
    keep = []
    i = 0
    while i < len(lines):
        if lines[i].strip() in ("Taliban", "Kurds") and i + 2 < len(lines) and lines[i + 2].strip() == lines[i].strip():
            i += 5
            continue
        keep.append(lines[i])
        i += 1
    fewer = write(tmp_path, "seed-8.txt", "\n".join(keep))
    doc = read_page(fewer)
    assert [e.term for e in doc.glossary] == [t for t in SEED_TERMS if t not in ("Taliban", "Kurds")]
    assert len(doc.article.paragraphs) == 19


def test_item_without_definition_ends_the_glossary(tmp_path):
    block = glossary_block(ENTRIES[:2], placeholder=False)
    block += "Lost Entry\n\nLost Entry\n\n" + ENTRIES[2][0] + "\n\n" + ENTRIES[2][0] + "\n\n" + ENTRIES[2][1] + "\n"
    doc = read_page(write(tmp_path, "gap.txt", CHROME + block + ARTICLE))
    check_page(doc, ENTRIES[:2])
    assert any("Lost Entry" in n for n in doc.notes)


def test_teaser_after_an_unnamed_item_is_not_a_definition(tmp_path):
    # Not the usual "New node" title: the Title Case teaser still is no definition.
    block = glossary_block(ENTRIES[:3]).replace("New node", "Latest Maps")
    doc = read_page(write(tmp_path, "teaser.txt", CHROME + block + ARTICLE))
    check_page(doc, ENTRIES[:3])


def test_last_definition_directly_before_the_article_header(tmp_path):
    doc = read_page(write(tmp_path, "direct.txt", CHROME + glossary_block(ENTRIES[:3], placeholder=False) + ARTICLE))
    check_page(doc, ENTRIES[:3])
    assert doc.article.section == "Analysis"


@pytest.mark.parametrize(
    "date_line", ["3 March 2023", "March 3, 2023", "2023-03-03", "Fri, 3 Mar 2023"]
)
def test_other_date_forms_in_a_page(tmp_path, date_line):
    text = CHROME + ARTICLE.replace("Friday 3 March 2023", date_line)
    doc = read_page(write(tmp_path, "date.txt", text))
    assert doc.article.published == date(2023, 3, 3)
    assert doc.article.title == "Port Cities Sign New Customs Deal"


def test_article_without_date_is_found_by_related_content(tmp_path):
    text = CHROME + ARTICLE.replace("Friday 3 March 2023\n", "")
    doc = read_page(write(tmp_path, "nodate.txt", text))
    a = doc.article
    assert a.published is None
    assert a.title == "Port Cities Sign New Customs Deal"
    assert a.section == "Analysis"
    assert len(a.related_headlines) == 1 and len(a.paragraphs) == 3
    assert_spans_point_at_text(doc)


def test_inline_tags_and_no_tags(tmp_path):
    inline = ARTICLE.replace("Tags :\n\nCustoms Lisport Trade\n", "Tags : Customs, Free Ports, Trade\n")
    doc = read_page(write(tmp_path, "inline.txt", CHROME + inline))
    assert doc.article.tags == ("Customs", "Free Ports", "Trade")
    none = ARTICLE.replace("Tags :\n\nCustoms Lisport Trade\n\n", "")
    doc = read_page(write(tmp_path, "none.txt", CHROME + none))
    assert doc.article.tags == ()
    assert len(doc.article.paragraphs) == 3
    assert all(p.text not in ("Comments", "Name :") for p in doc.article.paragraphs)


# --- letter spacing and dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    "given, expected",
    [
        ("a political u n i o n of states", "a political union of states"),
        ("a b are two letters", "a b are two letters"),
        ("I a m here", "I a m here"),
        ("points x y z on a line", "points x y z on a line"),
        ("A B C stays", "A B C stays"),
        ("options a b c d remain", "options a b c d remain"),
        ("s k y", "sky"),
        ("form a u n i o n now; the union", "form a union now; the union"),
        ("u n i o n, and t r e a t y.", "union, and treaty."),
    ],
)
def test_letter_spacing_repair(given, expected):
    assert repair_letter_spacing(given)[0] == expected


def test_letter_spacing_repair_reports_lines():
    text, repairs = repair_letter_spacing("one\ntwo a l l i a n c e\n")
    assert text == "one\ntwo alliance\n"
    assert [(r.line, r.original, r.repaired) for r in repairs] == [(2, "a l l i a n c e", "alliance")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Monday 11 September 2023", date(2023, 9, 11)),
        ("11 September 2023", date(2023, 9, 11)),
        ("September 11, 2023", date(2023, 9, 11)),
        ("2023-09-11", date(2023, 9, 11)),
        ("Mon, 11 Sept 2023", date(2023, 9, 11)),
        ("Tuesday 14 May 2024", date(2024, 5, 14)),
        ("31 February 2023", None),
        ("Monday", None),
        ("The 11 September 2023 attack", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_sniff():
    assert looks_like_saved_page(CHROME + glossary_block(ENTRIES[:2], placeholder=False))
    assert looks_like_saved_page("Some title\n\nTags : one two\n")
    assert looks_like_saved_page("A title\n\n14 May 2024\n")
    assert not looks_like_saved_page("Just a paragraph of prose.\n\nAnd another one.\n")
    assert not looks_like_saved_page("In Focus\n\nOnly a heading\n")


# --- decoding and failures --------------------------------------------------------------------


def test_decode_normalises_newlines_and_nfc_and_keeps_the_rest():
    data = "Caf\u0065\u0301 \u201cquoted\u201d\u00a0end\r\nsecond\rthird\n".encode("utf-8")
    assert decode_text(data, "x.txt") == "Caf\u00e9 \u201cquoted\u201d\u00a0end\nsecond\nthird\n"


@pytest.mark.parametrize(
    "name, data, problem",
    [
        ("empty.txt", b"", "file is empty"),
        ("blank.txt", b"  \n\t\r\n   \n", "file is empty"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "file is empty"),
        ("nul.bin", b"In Focus\x00\x00\x01\x02 binary", "looks like binary data, not text"),
        ("controls.bin", bytes(range(1, 32)) * 20 + b"\xff\xfe\x80", "looks like binary data, not text"),
        ("latin1.txt", "In Focus\n\nCaf\u00e9\n".encode("latin-1"), "is not valid UTF-8 text (invalid byte at offset 13)"),
    ],
)
def test_unreadable_content_is_refused(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_page(path)
    assert err.value.problem == problem
    assert str(path) in str(err.value)


def test_random_bytes_are_binary(tmp_path):
    path = tmp_path / "random.bin"
    path.write_bytes(os.urandom(3000))
    with pytest.raises(InputError, match="binary data") as err:
        read_page(path)
    assert str(path) in str(err.value)


def test_invalid_utf8_offset_counts_the_bom(tmp_path):
    with pytest.raises(InputError, match=r"invalid byte at offset 5\)"):
        decode_text(b"\xef\xbb\xbfab\xc3(", "bom.txt")


def test_text_with_no_recognisable_structure(tmp_path):
    path = write(tmp_path, "prose.txt", "Dear diary,\n\nIt rained all day and the ferry was late.\n\nNothing else.\n")
    with pytest.raises(InputError) as err:
        read_page(path)
    assert err.value.problem == "no glossary or article recognised in this page"
    assert str(err.value).startswith(str(path))


def test_read_bytes_refuses_missing_directory_and_large_files(tmp_path):
    with pytest.raises(InputError, match="file not found") as err:
        read_bytes(tmp_path / "missing.txt")
    assert str(tmp_path / "missing.txt") in str(err.value)
    with pytest.raises(InputError, match="is a directory"):
        read_bytes(tmp_path)
    big = write(tmp_path, "big.txt", "x" * 2000)
    with pytest.raises(InputError, match=re.escape("the limit is 1,000 bytes")):
        read_bytes(big, max_bytes=1000)
    assert read_bytes(big, max_bytes=2000) == b"x" * 2000


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read any file")
def test_read_bytes_refuses_a_file_without_read_permission(tmp_path):
    path = write(tmp_path, "secret.txt", "In Focus\n")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="cannot be read") as err:
            read_bytes(path)
        assert str(path) in str(err.value)
    finally:
        path.chmod(0o600)


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_read_bytes_refuses_a_file_that_fails_to_read():
    # /proc/self/mem exists and opens, but reading it from offset 0 fails (even for root).
    with pytest.raises(InputError, match="cannot be read") as err:
        read_bytes(Path("/proc/self/mem"))
    assert "/proc/self/mem" in str(err.value)


def test_page_without_chrome_has_no_publisher(tmp_path):
    text = (
        "Ports - A Deal at Last\n\n3 March 2023\nPorts - A Deal at Last\n\n"
        "Delegates of six port cities signed a customs agreement on Thursday after three years of talks.\n"
    )
    doc = read_page(write(tmp_path, "bare.txt", text))
    assert doc.publisher is None and doc.publisher_site is None
    assert doc.article.title == "Ports - A Deal at Last"
    assert doc.article.section is None
    assert [p.text for p in doc.article.paragraphs] == [text.splitlines()[-1]]
    assert_spans_point_at_text(doc)


def test_definition_of_two_paragraphs_followed_by_another_item(tmp_path):
    second = "It was renewed in 2010 and now also covers fishing rights along the whole northern coast."
    block = glossary_block(ENTRIES[:3]).replace(ENTRIES[0][1] + "\n", ENTRIES[0][1] + "\n\n" + second + "\n")
    doc = read_page(write(tmp_path, "two.txt", CHROME + block + ARTICLE))
    assert [e.term for e in doc.glossary] == [t for t, _ in ENTRIES[:3]]
    assert doc.glossary[0].definition == ENTRIES[0][1] + "\n\n" + second
    assert_spans_point_at_text(doc)
