"""The reference page as HTML: an Alwaght-style page rendered (in the test, from the text reader's
Document of ../shared/seeds/000_5acde872f18f0611.txt) builds through the real CLI into the same
topics and article metadata as the saved text — once through the bundled alwaght.net profile,
once through the heuristics alone (a page that names no host)."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from conftest import run_kg
from kg.documents import Document
from kg.readers import read_document

CANONICAL = "https://alwaght.net/en/News/412345/Russia-Armenia-Relations-Hit-by-Differences-over-Karabakh-Dispute"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def render_reference_page(doc: Document, *, canonical: str | None = CANONICAL, charset: str = "utf-8",
                          meta_charset: bool = True) -> str:
    """An HTML rendering of a saved-page Document in the markup the bundled profile expects: site
    chrome, the "In Focus" box (term, term again on the hover card, definition; a "New node"
    placeholder), a teaser, the article (section, <h1>, <time>, related content, body with <h3>
    subheadings, tags), JSON-LD NewsArticle and OpenGraph, a comment form and a gallery."""
    article = doc.article
    assert article is not None
    items = []
    for entry in doc.glossary:
        items.append(
            f'<div class="views-row focus-item">'
            f'<div class="focus-image"><a href="/en/tags/{_e(entry.term)}"><img alt="" src="/img/{len(items)}.jpg"></a></div>'
            f'<h3 class="focus-title"><a href="/en/tags/{_e(entry.term)}">{_e(entry.term)}</a></h3>'
            f'<div class="focus-hover"><h4 class="focus-hover-title">{_e(entry.term)}</h4>'
            f'<div class="focus-body">{_e(entry.definition)}</div></div></div>')
    items.append('<div class="views-row focus-item"><h3 class="focus-title"><a href="/en/node/1">New node</a></h3>'
                 '<div class="focus-hover"><h4 class="focus-hover-title">New node</h4></div></div>')
    body, current = [], None
    for paragraph in article.paragraphs:
        if paragraph.subheading and paragraph.subheading != current:
            body.append(f"<h3>{_e(paragraph.subheading)}</h3>")
            current = paragraph.subheading
        body.append(f"<p>{_e(paragraph.text)}</p>")
    related = "".join(f'<li><a href="/en/News/{i}">{_e(h)}</a></li>' for i, h in enumerate(article.related_headlines))
    tags = " ".join(f'<a href="/en/tags/{_e(t)}" rel="tag">{_e(t)}</a>' for t in article.tags)
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
          "datePublished": f"{article.published.isoformat()}T10:30:00+03:30", "articleSection": article.section,
          "keywords": list(article.tags), "inLanguage": "en",
          "publisher": {"@type": "NewsMediaOrganization", "name": doc.publisher}}
    if canonical:
        ld["url"] = canonical
    head = [f'<meta charset="{charset}">' if meta_charset else "",
            f"<title>{_e(article.title)} | {_e(doc.publisher)}</title>",
            f'<meta property="og:site_name" content="{_e(doc.publisher)}">',
            f'<meta property="og:title" content="{_e(article.title)}">',
            '<meta property="og:type" content="article">',
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>']
    if canonical:
        head += [f'<link rel="canonical" href="{canonical}">', f'<meta property="og:url" content="{canonical}">']
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
{chr(10).join(head)}
</head>
<body>
<header id="header"><div class="site-name"><a href="/en">{_e(doc.publisher)}</a> | News &amp; Analysis Website</div>
<nav><ul><li><a href="/en/choice">Editor's Choice</a></li><li><a href="/en/news">News</a></li>
<li><a href="/en/most-viewed">Most Viewed</a></li></ul><div class="tabs">Day Week Month</div></nav></header>
<aside id="block-infocus" class="block block-infocus"><h2 class="block-title">In Focus</h2>
<div class="view-content">{''.join(items)}</div></aside>
<aside class="teasers"><div class="teaser"><a href="/en/map">Map of Latest Battlefield Developments in Syria and Iraq on</a></div></aside>
<main id="main">
<article class="node node-news">
<div class="news-section"><a href="/en/analysis">{_e(article.section)}</a></div>
<h1 class="news-title">{_e(article.title)}</h1>
<time class="news-date" datetime="{article.published.isoformat()}">{article.published.strftime('%A %d %B %Y')}</time>
<div class="related-content"><h2>Related Content</h2><ul>{related}</ul></div>
<div class="news-body field-body">
{chr(10).join(body)}
</div>
<div class="news-tags"><span>Tags :</span> {tags}</div>
</article>
</main>
<section id="comments"><h2>Comments</h2><form class="comment-form"><label>Name :</label><input name="name">
<label>Email :</label><input name="mail"><label>* Text :</label><textarea></textarea><button>Send</button></form></section>
<section class="gallery"><h2>Gallery</h2><div>Photo</div><div>Film</div>
<a href="/en/News/99">Courages Individiuals like Sinvar are on the Rise</a></section>
<footer><p>All rights reserved for Alwaght.</p></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def text_doc(seed_path) -> Document:
    return read_document(seed_path)


def _rows(store: Path, query: str) -> list[dict]:
    result = run_kg("query", query, "--store", store, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return [{k: v["value"] for k, v in b.items()} for b in data["results"]["bindings"]]


def _topics(store: Path) -> set[tuple[str, str, str]]:
    return {(r["topic"], r["label"], r["definition"]) for r in _rows(store, "topics")}


def _articles(store: Path) -> list[tuple]:
    return sorted((r["headline"], r.get("published"), r.get("section"), r.get("publisher"),
                   tuple(sorted(r.get("tags", "").split(", ")))) for r in _rows(store, "articles"))


@pytest.fixture(scope="module")
def text_store(tmp_path_factory, seed_path) -> Path:
    store = tmp_path_factory.mktemp("text") / "store"
    result = run_kg("build", seed_path, "--store", store)
    assert result.exit_code == 0, result.output
    return store


def test_reader_reads_the_rendered_page_like_the_text(text_doc, tmp_path):
    page = tmp_path / "reference.html"
    page.write_text(render_reference_page(text_doc), encoding="utf-8")
    doc = read_document(page)
    assert any("site profile 'Alwaght'" in n for n in doc.notes)
    assert [(e.term, e.definition) for e in doc.glossary] == [(e.term, e.definition) for e in text_doc.glossary]
    a, t = doc.article, text_doc.article
    assert (a.title, a.published, a.section, a.tags, a.related_headlines) == \
        (t.title, t.published, t.section, t.tags, t.related_headlines)
    assert [(p.text, p.subheading) for p in a.paragraphs] == [(p.text, p.subheading) for p in t.paragraphs]
    assert a.lead.text == t.lead.text
    assert (doc.publisher, doc.publisher_site, doc.language, doc.url) == ("Alwaght", "alwaght.net", "en", CANONICAL)
    # every span points at its text
    assert a.title_span.of(doc.text) == a.title
    for e in doc.glossary:
        assert e.term_span.of(doc.text) == e.term and e.definition_span.of(doc.text) == e.definition
    for p in a.paragraphs:
        assert p.span.of(doc.text) == p.text
    for noise in ("New node", "Map of Latest", "Courages", "Email :", "All rights reserved", "Editor's Choice"):
        assert noise not in doc.text


def test_heuristics_alone_read_the_same_glossary_and_metadata(text_doc, tmp_path):
    """No canonical URL, so no profile: the glossary comes from the term/term/definition layout,
    the body from trafilatura, the metadata from JSON-LD."""
    page = tmp_path / "reference.html"
    page.write_text(render_reference_page(text_doc, canonical=None), encoding="utf-8")
    doc = read_document(page)
    assert not any("site profile" in n for n in doc.notes)
    assert any("term, term again, definition" in n for n in doc.notes)
    assert [(e.term, e.definition) for e in doc.glossary] == [(e.term, e.definition) for e in text_doc.glossary]
    a, t = doc.article, text_doc.article
    assert (a.title, a.published, a.section, a.tags) == (t.title, t.published, t.section, t.tags)
    # trafilatura finds the body and its subheadings; the glossary stays out of it
    assert [(p.text, p.subheading) for p in a.paragraphs] == [(p.text, p.subheading) for p in t.paragraphs]
    assert (doc.publisher, doc.publisher_site, doc.url) == ("Alwaght", None, None)


@pytest.mark.parametrize("canonical", [CANONICAL, None], ids=["profile", "heuristics"])
def test_cli_builds_the_same_topics_and_article(text_doc, text_store, tmp_path, canonical):
    page = tmp_path / "reference.html"
    page.write_text(render_reference_page(text_doc, canonical=canonical), encoding="utf-8")
    store = tmp_path / "store"
    result = run_kg("build", page, "--store", store)
    assert result.exit_code == 0, result.output
    assert "1 built" in result.output
    if canonical is None:
        # no host on the page: the publisher's name keys its glossary, so compare labels
        assert {(l, d) for _, l, d in _topics(store)} == {(l, d) for _, l, d in _topics(text_store)}
    else:
        assert _topics(store) == _topics(text_store)
    assert len(_topics(store)) == len(text_doc.glossary)
    assert _articles(store) == _articles(text_store)


def test_a_glossary_page_without_its_article(text_doc, tmp_path):
    """The page's chrome is no article: with the article gone only the glossary is read, and with
    the glossary gone too the page is refused, naming the file."""
    import re

    from kg.errors import InputError

    rendered = re.sub(r'<main id="main">.*</main>', "", render_reference_page(text_doc, canonical=None), flags=re.S)
    page = tmp_path / "focus.html"
    page.write_text(rendered, encoding="utf-8")
    doc = read_document(page)
    assert doc.article is None
    assert [(e.term, e.definition) for e in doc.glossary] == [(e.term, e.definition) for e in text_doc.glossary]
    assert any("no paragraph of prose" in n for n in doc.notes)

    page.write_text(re.sub(r'<aside id="block-infocus".*?</aside>', "", rendered, flags=re.S), encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{page}: no article text or glossary found in this page")):
        read_document(page)
