"""The HTML reader on real files written to tmp_path: encodings (windows-1256, UTF-16, declared,
detected), metadata (JSON-LD, OpenGraph, <meta>), glossaries (<dl>, heading blocks, profiles),
site profiles, gzipped pages, bad input, and `kg build` over a directory of pages."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import run_kg
from kg.documents import Document
from kg.errors import InputError
from kg.readers import bundled_profiles, load_profile, profile_for, profiles_digest, read_document, read_html
from kg.readers.html.boilerplate import is_boilerplate
from kg.readers.html.decode import decode_html
from kg.extraction.coding import Coder
from kg.readers.language import guess_language
from kg.readers.html.profiles import parse_profile

# Text written for these tests (the publisher "Example Monitor" is invented).
PARAGRAPHS = [
    "Delegations from Iran and the European Union resumed talks in Geneva on Monday, the first "
    "meeting since the negotiations stalled in the spring, officials from both sides said.",
    "The talks are expected to last three days and will focus on sanctions relief, inspections and "
    "the timetable for any agreement, according to a statement from the Swiss foreign ministry.",
    "Diplomats cautioned that the gaps between the two sides remain wide, and that no breakthrough "
    "should be expected this week, although both delegations described the mood as constructive.",
    "Russia and China, which took part in earlier rounds, said they would send observers to Geneva "
    "and urged all parties to show flexibility in the days ahead.",
]
ARABIC = [
    "استأنفت الوفود المحادثات في جنيف يوم الاثنين بعد توقف دام عدة أشهر، وقال المسؤولون إن الأجواء كانت إيجابية.",
    "ومن المتوقع أن تستمر المحادثات ثلاثة أيام وأن تركز على رفع العقوبات وجدول زمني لأي اتفاق محتمل بين الطرفين.",
    "وحذر دبلوماسيون من أن الفجوات بين الجانبين لا تزال واسعة وأنه لا ينبغي توقع اختراق كبير هذا الأسبوع.",
]


def page(title: str = "Talks Resume in Geneva", paragraphs=PARAGRAPHS, *, head: str = "", lang: str | None = "en",
         charset: str | None = "utf-8", before: str = "", after: str = "") -> str:
    lang_attr = f' lang="{lang}"' if lang else ""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html>\n<html{lang_attr}><head>{meta}<title>{title} | Example Monitor</title>{head}</head>"
            f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>{before}"
            f"<article><h1>{title}</h1>{body}</article>{after}"
            "<footer><p>Example Monitor, 12 Sample Street</p></footer></body></html>")


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def spans_hold(doc: Document) -> None:
    if doc.article:
        assert doc.article.title_span.of(doc.text) == doc.article.title
        for p in doc.article.paragraphs:
            assert p.span.of(doc.text) == p.text
    for e in doc.glossary:
        assert e.term_span.of(doc.text) == e.term
        assert e.definition_span.of(doc.text) == e.definition


# --- encodings -----------------------------------------------------------------------------


def test_windows_1256_page_declared_in_meta(tmp_path):
    path = write(tmp_path / "ar.html", page("محادثات جنيف", ARABIC, lang="ar", charset="windows-1256"), "cp1256")
    doc = read_document(path)
    assert doc.article.title == "محادثات جنيف"
    assert [p.text for p in doc.article.paragraphs] == ARABIC
    assert doc.language == "ar"
    assert "decoded as cp1256 (meta)" in doc.notes
    spans_hold(doc)


def test_windows_1256_page_declared_with_http_equiv(tmp_path):
    head = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
    path = write(tmp_path / "ar.htm", page("محادثات جنيف", ARABIC, lang=None, charset=None, head=head), "cp1256")
    doc = read_document(path)
    assert [p.text for p in doc.article.paragraphs] == ARABIC
    assert doc.language == "ar"  # undeclared: guessed from the script, and said so
    assert any("guessed" in n for n in doc.notes)


def test_windows_1256_page_without_declaration_is_detected(tmp_path):
    data = page("محادثات جنيف", ARABIC, lang="ar", charset=None).encode("cp1256")
    decoded = decode_html(data, "ar.html")
    assert decoded.how == "detected"
    assert ARABIC[0] in decoded.text


def test_http_charset_comes_before_meta(tmp_path):
    data = page("محادثات جنيف", ARABIC, lang="ar", charset="utf-8").encode("cp1256")
    doc = read_html(data, "https://example.org/ar", "x", http_charset="windows-1256")
    assert [p.text for p in doc.article.paragraphs] == ARABIC
    assert "decoded as cp1256 (http)" in doc.notes


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("utf-16-le", b""), ("utf-16-be", b"")])
def test_utf16_pages(tmp_path, encoding, bom):
    text = page(charset="utf-16", paragraphs=PARAGRAPHS[:2] + ["Ça coûte 5 € — «naïve» café."] + PARAGRAPHS[2:])
    path = tmp_path / "utf16.html"
    path.write_bytes(bom + text.encode(encoding))
    doc = read_document(path)
    assert doc.article.title == "Talks Resume in Geneva"
    assert "Ça coûte 5 € — «naïve» café." in [p.text for p in doc.article.paragraphs]
    assert doc.language == "en"
    spans_hold(doc)


def test_a_wrong_declaration_falls_back_to_detection(tmp_path):
    text = page(paragraphs=PARAGRAPHS + ["The café’s owner said the “talks” were welcome."])
    data = text.encode("cp1252")  # but the page says utf-8
    decoded = decode_html(data, "p.html")
    assert "The café’s owner said the “talks” were welcome." in decoded.text
    assert any("does not decode" in n for n in decoded.notes)


def test_meta_charset_utf16_on_ascii_bytes_means_utf8(tmp_path):
    data = page(charset="utf-16", paragraphs=PARAGRAPHS + ["Zürich hosted the previous round."]).encode("utf-8")
    assert "Zürich hosted the previous round." in decode_html(data, "p.html").text


def test_non_english_language_is_stored(tmp_path):
    german = ["Die Delegationen haben am Montag in Genf ihre Gespräche wieder aufgenommen, wie beide Seiten mitteilten.",
              "Die Gespräche sollen drei Tage dauern und sich auf die Aufhebung der Sanktionen konzentrieren."]
    doc = read_document(write(tmp_path / "de.html", page("Gespräche in Genf", german, lang="de-DE")))
    assert doc.language == "de-DE" and not Coder.reads_language(doc.language)
    assert Coder.reads_language("en-GB") and Coder.reads_language(None)
    assert guess_language(" ".join(PARAGRAPHS)) == "en"
    assert guess_language("گفتگوها در ژنو از سر گرفته شد و هیئت‌ها گفتند که فضای مذاکرات مثبت بوده است") == "fa"
    assert guess_language(" ".join(ARABIC)) == "ar"


# --- metadata ------------------------------------------------------------------------------


def test_json_ld_news_article(tmp_path):
    ld = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Example Monitor"},
        {"@type": ["NewsArticle"], "headline": "Talks Resume in Geneva", "datePublished": "2024-03-04T23:10:00-05:00",
         "author": [{"@type": "Person", "name": "Ann Writer"}, {"@type": "Person", "name": "Bo Reporter"}],
         "articleSection": ["World", "Diplomacy"], "keywords": "Iran, European Union, Geneva",
         "inLanguage": "en-GB", "publisher": {"@type": "Organization", "name": "Example Monitor"},
         "mainEntityOfPage": {"@id": "https://www.example-monitor.org/world/talks"}}]}
    head = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    doc = read_document(write(tmp_path / "a.html", page(head=head, lang=None)))
    a = doc.article
    assert (a.title, a.published.isoformat(), a.section, a.tags, a.authors) == (
        "Talks Resume in Geneva", "2024-03-04", "World", ("Iran", "European Union", "Geneva"), ("Ann Writer", "Bo Reporter"))
    assert (doc.publisher, doc.publisher_site, doc.language) == ("Example Monitor", "example-monitor.org", "en-GB")
    assert doc.url == "https://www.example-monitor.org/world/talks"
    assert a.lead.text == PARAGRAPHS[0]
    spans_hold(doc)


def test_opengraph_and_meta_tags(tmp_path):
    head = ('<link rel="canonical" href="/world/talks-resume">'
            '<meta property="og:site_name" content="Example Monitor">'
            '<meta property="og:title" content="Talks resume: what to expect">'
            '<meta property="og:url" content="https://example-monitor.org/world/talks-resume">'
            '<meta property="og:locale" content="en_US">'
            '<meta property="article:published_time" content="2024-03-04">'
            '<meta property="article:section" content="World">'
            '<meta property="article:tag" content="Iran"><meta property="article:tag" content="Geneva">'
            '<meta name="author" content="Ann Writer">')
    doc = read_html(page(head=head, lang=None).encode(), "saved/a.html", "x", url="https://example-monitor.org/world/x")
    a = doc.article
    assert a.title == "Talks Resume in Geneva"  # the <h1>, which the <title> confirms
    assert (a.published.isoformat(), a.section, a.tags, a.authors) == ("2024-03-04", "World", ("Iran", "Geneva"), ("Ann Writer",))
    assert doc.url == "https://example-monitor.org/world/talks-resume"  # relative canonical made absolute
    assert (doc.language, doc.source) == ("en-US", "saved/a.html")


def test_date_found_by_htmldate_when_no_metadata_has_it(tmp_path):
    before = '<div class="byline">Published on March 4, 2024</div>'
    doc = read_document(write(tmp_path / "a.html", page(before=before)))
    assert doc.article.published.isoformat() == "2024-03-04"


def test_utc_timestamp_read_as_the_page_local_date(tmp_path):
    head = '<meta property="article:published_time" content="2024-03-05T04:30:00Z">'
    before = '<time datetime="2024-03-04 23:30:00">March 4, 2024 at 11:30 p.m.</time>'
    doc = read_document(write(tmp_path / "a.html", page(head=head, before=before)))
    assert doc.article.published.isoformat() == "2024-03-04"


def test_boilerplate_paragraphs_are_left_out(tmp_path):
    noise = ["Sign up for our newsletter and never miss a story.",
             "© 2024 Example Monitor. All rights reserved.", "(Photo: Example Monitor / File)"]
    doc = read_document(write(tmp_path / "a.html", page(paragraphs=PARAGRAPHS[:2] + noise + PARAGRAPHS[2:])))
    assert [p.text for p in doc.article.paragraphs] == PARAGRAPHS
    assert any("boilerplate" in n for n in doc.notes)
    assert not is_boilerplate(PARAGRAPHS[0])
    assert not is_boilerplate("Subscribers to the agency's service were told on Monday that the talks had resumed "
                              "in Geneva after a pause of several months, and that both sides had agreed to meet "
                              "again next week to discuss the remaining issues in detail with their advisers.")


# --- what the main text keeps (issue 20, item 8: at least what trafilatura finds) ------------

def article_page(inner: str, title: str = "Talks Resume in Geneva") -> str:
    """A page whose <article> holds ``inner`` (any HTML) after its headline."""
    return (f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>{title} | Example Monitor</title>"
            f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{inner}</article>"
            "<footer><p>Example Monitor, 12 Sample Street</p></footer></body></html>")


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.article.paragraphs]


def test_wrapper_elements_in_trafilatura_output_keep_their_paragraphs_apart():
    # trafilatura's fallback extraction can leave HTML wrappers (div) in its body: every block
    # inside stays a paragraph of its own, text between blocks too (a tail), words never glued
    import lxml.etree

    from kg.readers.html.article import _blocks

    body = lxml.etree.fromstring(
        "<body><div><div><p>The first paragraph.</p></div><div><head rend='h2'>In pictures</head>Show all 12</div>"
        "<div><p>The second <hi>paragraph</hi>.</p></div><list><item>An item</item></list></div>"
        "<p>Closing words.</p>A loose line<lb/>after a break<table><row><cell>Ann Berg<p>Carl Dahl</p></cell></row>"
        "<row><cell>one</cell><cell>two <p>three</p></cell></row><row><cell>four</cell><cell>five<lb/>six</cell></row>"
        "</table></body>")
    assert [(b.kind, b.text) for b in _blocks(body)] == [
        ("paragraph", "The first paragraph."), ("subheading", "In pictures"), ("paragraph", "Show all 12"),
        ("paragraph", "The second paragraph."), ("paragraph", "An item"), ("paragraph", "Closing words."),
        ("paragraph", "A loose line"), ("paragraph", "after a break"), ("paragraph", "Ann Berg"),
        ("paragraph", "Carl Dahl"), ("paragraph", "one"), ("paragraph", "two"), ("paragraph", "three"),
        ("paragraph", "four | five six")]


def test_a_layout_table_cell_with_paragraphs_is_not_glued_into_one_line(tmp_path):
    table = ("<table><tr><td>Anna Berg<p>Carl Dahl, Example University</p><p>Eva Falk, writer</p></td>"
             "<td>Gus Holm<p>Ida Jung, poet</p></td></tr></table>")
    doc = read_document(write(tmp_path / "a.html", article_page("".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
                                                                + table + f"<p>{PARAGRAPHS[2]}</p>")))
    assert texts(doc) == PARAGRAPHS[:2] + ["Anna Berg", "Carl Dahl, Example University", "Eva Falk, writer",
                                           "Gus Holm", "Ida Jung, poet", PARAGRAPHS[2]]
    spans_hold(doc)


def test_text_after_an_html_comment_is_kept(tmp_path):
    quote = "Both sides agreed that the next round of talks would take place in Vienna before the end of the month."
    inner = (f"<p>{PARAGRAPHS[0]}</p><blockquote><!-- pull quote -->{quote}<!-- end --></blockquote>"
             + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:3]))
    doc = read_document(write(tmp_path / "a.html", article_page(inner)))
    assert texts(doc) == [PARAGRAPHS[0], quote] + PARAGRAPHS[1:3]


def test_a_line_introducing_a_list_or_quote_is_no_label(tmp_path):
    items = ["Talks could collapse if no progress is made on inspections by Friday.",
             "Sanctions relief would come in stages over two years."]
    inner = (f"<p>{PARAGRAPHS[0]}</p><p>The statement warned:</p><ul>" + "".join(f"<li>{i}</li>" for i in items)
             + "</ul>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:3]))
    doc = read_document(write(tmp_path / "a.html", article_page(inner)))
    assert texts(doc) == [PARAGRAPHS[0], "The statement warned:"] + items + PARAGRAPHS[1:3]
    for lead_in in ("He said:", "She told reporters:", "Officials added:", "The key points include:"):
        assert not is_boilerplate(lead_in), lead_in
    for label in ("Tagged:", "Read more:", "Also read:", "Release Date:", "Filed under:", "Follow us:"):
        assert is_boilerplate(label), label


def test_subheadings_in_a_row_are_all_kept(tmp_path):
    inner = (f"<p>{PARAGRAPHS[0]}</p><h2>Monday evening</h2><h3>Delegates leave the hall</h3><h3>Observers arrive</h3>"
             + "".join(f"<p>{p}</p>" for p in PARAGRAPHS[1:3]) + "<h3>More from Example Monitor</h3>")
    doc = read_document(write(tmp_path / "a.html", article_page(inner)))
    body = doc.text[doc.article.title_span.end:]
    assert body.split("\n\n") == ["", PARAGRAPHS[0], "Monday evening", "Delegates leave the hall",
                                   "Observers arrive"] + PARAGRAPHS[1:3]
    assert [p.subheading for p in doc.article.paragraphs] == [None, "Observers arrive", "Observers arrive"]
    spans_hold(doc)


def test_teasers_cut_off_with_an_ellipsis_are_left_out(tmp_path):
    teasers = ["Election officials in the northern province said turnout was lower than expected because of the...",
               "Example Monitor – The new port authority met for the first time since the... more",
               "A new study looks at what happens to the river when the dam is opened for […]"]
    doc = read_document(write(tmp_path / "a.html", page(paragraphs=PARAGRAPHS[:3] + teasers)))
    assert texts(doc) == PARAGRAPHS[:3]
    assert not is_boilerplate('He paused and said that they would have to wait and see what happens next week..."')
    assert not is_boilerplate("Wait...")


def test_reporting_that_mentions_newsletters_or_copyright_is_no_boilerplate(tmp_path):
    reported = ["The ministry said in its weekly newsletter that exports rose by four percent in March.",
                "Copyright lawyers for the broadcaster said the footage had been used without a licence.",
                "Thirty countries have signed up to the pact, and five more are expected to sign up by June.",
                "Users must subscribe to the service before they can read the reports, the company said."]
    doc = read_document(write(tmp_path / "a.html", page(paragraphs=PARAGRAPHS[:1] + reported + PARAGRAPHS[1:3])))
    assert texts(doc) == PARAGRAPHS[:1] + reported + PARAGRAPHS[1:3]
    for prompt in ("Subscribe now to our print edition for the full story.", "Copyright 2024 Example Monitor",
                   "Do you want to hear from us? Sign up here", "Never miss a story: get the newsletter!"):
        assert is_boilerplate(prompt), prompt


# --- glossaries ----------------------------------------------------------------------------

GLOSSARY = [("NATO", "The North Atlantic Treaty Organization is a military alliance of European and North American states."),
            ("CSTO", "The Collective Security Treaty Organization is a military alliance of six post-Soviet states."),
            ("Axis", "A term for an informal alliance of states and movements that oppose the same rivals.")]


def test_definition_list_glossary_page(tmp_path):
    dl = "<dl>" + "".join(f"<dt>{t}</dt><dd>{d}</dd>" for t, d in GLOSSARY) + "</dl>"
    html = (f"<!DOCTYPE html><html lang='en'><head><title>Glossary | Example Monitor</title></head>"
            f"<body><h1>Glossary</h1>{dl}</body></html>")
    doc = read_document(write(tmp_path / "glossary.html", html))
    assert [(e.term, e.definition) for e in doc.glossary] == GLOSSARY
    assert doc.article is None
    spans_hold(doc)


def test_a_metadata_dl_is_no_glossary(tmp_path):
    dl = "<dl><dt>Published</dt><dd>4 March</dd><dt>Updated</dt><dd>5 March</dd></dl>"
    doc = read_document(write(tmp_path / "a.html", page(before=dl)))
    assert doc.glossary == ()


def test_heading_blocks_glossary_beside_an_article(tmp_path):
    blocks = "".join(f"<h3>{t}</h3><p>{d}</p>" for t, d in GLOSSARY)
    after = f"<aside><h2>Key terms</h2>{blocks}</aside>"
    doc = read_document(write(tmp_path / "a.html", page(after=after)))
    assert [(e.term, e.definition) for e in doc.glossary] == GLOSSARY
    assert [p.text for p in doc.article.paragraphs] == PARAGRAPHS
    spans_hold(doc)


def test_article_sections_are_no_glossary(tmp_path):
    sections = PARAGRAPHS[:1] + [f"<h2>Part {i}</h2><p>{p}</p><p>{p}</p>" for i, p in enumerate(PARAGRAPHS[1:])]
    html = page(paragraphs=sections).replace("<p><h2>", "<h2>").replace("</p></p>", "</p>")
    doc = read_document(write(tmp_path / "a.html", html))
    assert doc.glossary == ()


# --- site profiles -------------------------------------------------------------------------

CUSTOM = """<!DOCTYPE html><html lang="en"><head><title>Who is who | Example Monitor</title>
<link rel="canonical" href="https://news.example-monitor.org/who"></head><body>
<div class="wrap"><div class="gl"><span class="t">{0}</span><span class="d">{1}</span></div>
<div class="gl"><span class="t">{2}</span><span class="d">{3}</span></div>
<div class="gl"><span class="t">Empty</span></div></div>
<div class="story"><span class="when">2024-03-04</span><div class="para">{4}</div><div class="para">{5}</div></div>
</body></html>"""

PROFILE = """name = "Example Monitor"
hosts = ["example-monitor.org"]
publisher = "Example Monitor"
[article]
body = ".story"
paragraphs = ".para"
date = ".when"
title = "title"
[glossary]
items = ".gl"
term = ".t"
definition = ".d"
"""


def test_user_profile_reads_a_layout_the_heuristics_miss(tmp_path):
    path = write(tmp_path / "who.html", CUSTOM.format(*GLOSSARY[0], *GLOSSARY[1], *PARAGRAPHS[:2]))
    without = read_document(path)
    assert without.glossary == ()
    profile = write(tmp_path / "monitor.toml", PROFILE)
    doc = read_document(path, profiles=[profile])
    assert [(e.term, e.definition) for e in doc.glossary] == GLOSSARY[:2]
    assert any("'Empty' has no definition" in n for n in doc.notes)
    assert [p.text for p in doc.article.paragraphs] == PARAGRAPHS[:2]
    assert doc.article.published.isoformat() == "2024-03-04"
    assert doc.article.title == "Who is who | Example Monitor"
    assert doc.publisher == "Example Monitor"
    spans_hold(doc)


def test_profile_matching():
    mine = parse_profile('name = "mine"\nhosts = ["alwaght.net"]\n', "mine.toml")
    anything = parse_profile('hosts = ["*"]\n', "any.toml")
    assert profile_for("www.alwaght.net").name == "Alwaght"  # bundled
    assert profile_for("en.alwaght.net").name == "Alwaght"
    assert profile_for("notalwaght.net") is None
    assert profile_for("alwaght.net", [mine]).name == "mine"  # the caller's first
    assert profile_for("example.org", [mine, anything]).name == "any"
    assert profile_for(None, [anything]).name == "any"
    assert profile_for("alwaght.net", [anything, mine]).name == "mine"  # the more specific
    assert [p.name for p in bundled_profiles()] == ["Alwaght"]
    # a build fingerprints the user's profiles by their text
    edited = parse_profile('name = "mine"\nhosts = ["alwaght.net", "alwaght.com"]\n', "mine.toml")
    assert profiles_digest([mine, anything]) == profiles_digest([anything, mine]) != profiles_digest([edited, anything])


@pytest.mark.parametrize("text,problem", [
    ("hosts = [", "is not a valid TOML profile"),
    ('name = "x"\n', 'a profile needs "hosts"'),
    ('hosts = ["a.org"]\ncolour = "red"\n', "unknown key 'colour'"),
    ('hosts = ["a.org"]\n[article]\nbody = "div[["\n', "[article] body: bad CSS selector"),
    ('hosts = ["a.org"]\n[article]\nbodies = "div"\n', "unknown key 'bodies' in [article]"),
    ('hosts = ["a.org"]\n[glossary]\nitems = "li"\n', "[glossary] needs items, term and definition"),
])
def test_bad_profiles_are_refused_in_one_line(tmp_path, text, problem):
    path = write(tmp_path / "bad.toml", text)
    with pytest.raises(InputError) as caught:
        load_profile(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message and "\n" not in message


# --- files and bad input -------------------------------------------------------------------


def test_gzipped_page(tmp_path):
    path = tmp_path / "a.html.gz"
    path.write_bytes(gzip.compress(page().encode()))
    doc = read_document(path)
    assert [p.text for p in doc.article.paragraphs] == PARAGRAPHS


def test_a_file_that_starts_like_html_is_read_as_html(tmp_path):
    doc = read_document(write(tmp_path / "page", page()))
    assert doc.reader == "html"


@pytest.mark.parametrize("name,data,problem", [
    ("empty.html", b"  \n", "file is empty"),
    ("binary.html", bytes(range(256)) * 20, "binary"),
    ("nobody.html", b"<!DOCTYPE html><html><head><title>Gallery</title></head><body><nav><a href='/'>Home</a></nav></body></html>",
     "no article text or glossary found in this page"),
    ("cut.html.gz", gzip.compress(page().encode())[:-40], "the gzip file is truncated"),
    ("plain.html.gz", page().encode(), "is not a readable gzip file"),
])
def test_bad_pages_are_refused_naming_the_file(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and problem in message and "\n" not in message


def test_build_a_directory_of_pages(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    write(pages / "geneva.html", page())
    (pages / "sub").mkdir()
    (pages / "sub" / "arabic.htm.gz").write_bytes(gzip.compress(page("محادثات جنيف", ARABIC, lang="ar").encode()))
    store = tmp_path / "store"
    result = run_kg("build", pages, "--store", store)
    assert result.exit_code == 0, result.output
    assert "2 built, 0 unchanged, 0 skipped, 0 failed" in result.output
    again = run_kg("build", pages, "--store", store)
    assert "0 built, 2 unchanged" in again.output

    write(pages / "nobody.html", "<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>")
    (pages / "cut.html.gz").write_bytes(gzip.compress(page("Another").encode())[:-30])
    write(pages / "more.html", page("Talks Continue in Geneva"))
    result = run_kg("build", pages, "--store", store)
    assert result.exit_code == 2, result.output  # an input could not be read
    assert "1 built, 2 unchanged, 0 skipped, 2 failed" in result.output
    assert f"{pages / 'nobody.html'}: no article text or glossary found in this page" in result.output
    assert f"{pages / 'cut.html.gz'}: the gzip file is truncated" in result.output
    listed = run_kg("query", "articles", "--store", store, "--format", "csv")
    assert listed.exit_code == 0
    for headline in ("Talks Resume in Geneva", "محادثات جنيف", "Talks Continue in Geneva"):
        assert headline in listed.stdout


def test_reading_never_touches_the_network(tmp_path, monkeypatch):
    """A remote JSON-LD context, a canonical URL and a page URL are only read, never fetched,
    by kg, trafilatura or htmldate (also on the profile path, where htmldate runs itself)."""
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the HTML reader tried to reach the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    ld = {"@context": "https://schema.org/docs/jsonldcontext.json", "@type": "NewsArticle",
          "headline": "Talks Resume in Geneva", "image": "https://example-monitor.org/a.jpg"}
    head = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
            '<link rel="canonical" href="https://example-monitor.org/world/talks">')
    url = "https://example-monitor.org/2024/03/04/talks"
    doc = read_html(page(head=head).encode(), url, "x", url=url)
    assert doc.article.published.isoformat() == "2024-03-04"  # htmldate, from the URL as text
    profile = parse_profile('hosts = ["example-monitor.org"]\n[article]\nbody = "article"\n', "p.toml")
    doc = read_html(page(head=head).encode(), url, "x", url=url, profiles=[profile])
    assert doc.article.published.isoformat() == "2024-03-04"
    assert [p.text for p in doc.article.paragraphs] == PARAGRAPHS


def test_a_page_with_no_headline_takes_its_opening_sentence(tmp_path):
    html = ("<!DOCTYPE html><html lang='en'><head></head><body><div class='x'>"
            + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</div></body></html>")
    doc = read_document(write(tmp_path / "a.html", html))
    a = doc.article
    assert a.title == "Delegations from Iran and the European Union resumed talks in Geneva on Monday, the first " \
                      "meeting since the negotiations stalled in the spring, officials from both sides said."
    assert a.title_span.start == a.lead.span.start
    spans_hold(doc)


def test_a_page_declared_english_but_written_in_arabic(tmp_path):
    doc = read_document(write(tmp_path / "ar.html", page("محادثات جنيف", ARABIC, lang="en")))
    assert doc.language == "ar"
    assert any("declares 'en'" in n for n in doc.notes)


def test_definitional_heading_blocks_without_a_glossary_heading(tmp_path):
    blocks = "".join(f"<h4>{t}</h4><p>{d}</p>" for t, d in GLOSSARY)
    doc = read_document(write(tmp_path / "a.html", page(after=f"<section>{blocks}</section>")))
    assert [e.term for e in doc.glossary] == [t for t, _ in GLOSSARY]
