"""Links between the topics of one glossary (skos:related): which other terms a definition names.

kg searched every definition once per other term with a freshly compiled expression, so a
glossary of N terms cost N² searches (issue 21: 1,000 terms took 122 s). The terms are now one
matcher per glossary and each definition is scanned once. These tests hold the new code to the
old one's results, re-implemented here as it was, on generated glossaries and on every real
glossary at hand, and count the matchers built and the scans made.
"""
from __future__ import annotations

import re
import sys
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, SHARED, SEED
from kg.documents import GlossaryEntry, Span
from kg.errors import KgError
from kg.extraction import definitions, term_links
from kg.extraction.definitions import Fact, _Context, _related, _topic_names
from kg.extraction.extract import known_thing, topic_facts
from kg.extraction.gazetteer import default_gazetteer
from kg.extraction.term_links import TermMatcher
from kg.readers import read_document

WIKI = SHARED / "data" / "wikipedia_geopolitics_glossary" / "glossary.jsonl"
FACTBOOK = SHARED / "data" / "factbook_json"
EXAMPLE = REPO / "examples" / "sample-page.txt"


def old_related(ctx: _Context, other_terms) -> list[Fact]:
    """kg's linking before issue 21, as it was, but for one thing: two forms of one length were
    tried in the order of a set (so by the process's string hashing); here alphabetically, as now."""
    out = []
    own = ctx.entry.term.casefold()
    for term in sorted(set(other_terms)):
        if term.casefold() == own:
            continue
        forms = {term} | {p.strip() for p in re.split(r"\s*&\s*", term) if len(p.strip()) > 3}
        for form in sorted(sorted(forms), key=len, reverse=True):
            m = re.search(rf"(?<![\w-]){re.escape(form)}(?:s|es)?(?![\w-])", ctx.text, re.IGNORECASE)
            if m and not ctx.names_topic(m.group(0)):
                out.append(Fact("related", ctx.span(m.start(), m.end()), text=term))
                break
    return out


def context(entry: GlossaryEntry) -> _Context:
    """The entry as definition_facts reads it: with the actor its term names, if any."""
    gazetteer = default_gazetteer()
    itself = known_thing(entry.term, gazetteer)
    return _Context(entry, gazetteer, itself, _topic_names(entry, itself))


def entry(term: str, definition: str, at: int = 0) -> GlossaryEntry:
    return GlossaryEntry(term, definition, Span(at, at + len(term)), Span(at + len(term) + 1,
                                                                         at + len(term) + 1 + len(definition)))


def assert_same_links(entries, terms) -> int:
    """The new linking gives the old one's facts for every entry; returns how many links."""
    links = 0
    for e in entries:
        ctx = context(e)
        new, old = list(_related(ctx, terms)), old_related(ctx, terms)
        assert new == old, (e.term, new, old)
        links += len(new)
    return links


# ---- the same facts as before, on the real glossaries -------------------------------------------------

def real_glossary(path):
    if not path.is_file():
        pytest.skip(f"{path} is not in ../shared")
    document = read_document(path)
    return document.glossary, [e.term for e in document.glossary]


@pytest.mark.parametrize("path, links", [(EXAMPLE, 0), (SEED, 1), (WIKI, 1)],
                         ids=["example-page", "reference-page", "wikipedia"])
def test_real_glossaries_link_the_same_topics_as_before(path, links):
    glossary, terms = real_glossary(path)
    assert assert_same_links(glossary, terms) >= links  # the example's four terms name none of the others


@pytest.mark.slow
def test_factbook_links_the_same_topics_as_before():
    """Each Factbook country file is a glossary of one entry; linked here across all of them too,
    a glossary of 261 long definitions."""
    if not FACTBOOK.is_dir():
        pytest.skip("../shared/data is not beside the checkout")
    entries = []
    for path in sorted(FACTBOOK.glob("*/*.json")):
        try:
            entries += read_document(path).glossary
        except KgError:  # the files that are not country files (kg build refuses them by name)
            continue
    assert len(entries) > 200
    terms = [e.term for e in entries]
    assert assert_same_links(entries, terms) > 0
    for e in entries[:20]:  # and as kg builds them: one file, one entry, nothing to link
        assert list(_related(context(e), [e.term])) == []


# ---- the same facts as before, on generated glossaries ---------------------------------------------

# Pieces that try the rules' corners: nested and overlapping terms, plural endings, hyphens and
# underscores at a term's edges, "&" terms, and the characters re.IGNORECASE treats specially
# (dotless and dotted i, long s, sharp s, the Kelvin sign, final sigma).
PIECES = ["Iran", "Iraq", "iran", "IRAN", "Shia", "Shia Islam", "Islam", "islamic", "Sunni", "Kurd", "Kurds",
          "kurdes", "NATO", "Nato", "Taliban", "Axis", "axis of", "the ",
          "I", "i", "ı", "İ", "S", "s", "ss", "ſ", "ß", "ẞ", "k", "K", "\u212a", "Σ", "ς", "σ",
          "-", " & ", "&", "es", "e", ".", ",", " ", "  ", "(", ")", "_", "1"]
TERM = st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join)


@st.composite
def glossaries(draw):
    terms = draw(st.lists(TERM, min_size=1, max_size=8))
    pieces = PIECES + terms + [t.upper() for t in terms] + [t.lower() for t in terms]
    entries, at = [], 0
    for term in terms:
        definition = draw(st.lists(st.sampled_from(pieces), min_size=0, max_size=12).map("".join))
        entries.append(entry(term, definition, at))
        at += len(term) + len(definition) + 2
    return entries, terms


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glossaries())
def test_generated_glossaries_link_the_same_topics_as_before(glossary):
    entries, terms = glossary
    assert_same_links(entries, terms)


def test_nested_terms_are_each_linked_where_they_first_occur():
    """A definition naming "Shia Islam" names "Islam" too, inside it, as before."""
    e = entry("Zaidiyyah", "A school of Shia Islam, close to Sunni Islam and to Islamic law.")
    ctx = context(e)
    found = {f.text: f.span for f in _related(ctx, ["Zaidiyyah", "Shia Islam", "Islam", "Sunni Islam"])}
    text = e.definition
    assert {t: text[s.start - e.definition_span.start:s.end - e.definition_span.start] for t, s in found.items()} \
        == {"Shia Islam": "Shia Islam", "Islam": "Islam", "Sunni Islam": "Sunni Islam"}
    assert found["Islam"].start == found["Shia Islam"].start + len("Shia ")


def test_matcher_reads_case_plural_and_word_edges_as_re_did():
    matcher = TermMatcher(["Kurd", "Iraq", "NATO", "Shia Islam", "Islam", "iraq"])
    text = "Kurdes and KURDS; anti-NATO, Natos, IRAQ_x, İraq Shia islam."
    found = matcher.first_occurrences(text)
    assert found == {"Kurd": (0, 6), "NATO": (29, 34), "iraq": (44, 48), "Iraq": (44, 48), "Shia Islam": (49, 59),
                     "Islam": (54, 59)}
    for form in matcher.forms:  # each as the old per-term expression found it
        m = re.search(rf"(?<![\w-]){re.escape(form)}(?:s|es)?(?![\w-])", text, re.IGNORECASE)
        assert found.get(form) == (m and m.span())


# ---- the matcher's character keys: equal exactly when re.IGNORECASE matches -------------------------

@pytest.fixture(scope="module")
def keys() -> dict[int, str]:
    """The matcher's key of every character but the surrogates (which are no text)."""
    key = term_links._key.__wrapped__  # not through its cache: a million entries
    return {code: key(chr(code)) for code in range(sys.maxunicode + 1) if not 0xD800 <= code < 0xE000}


def test_matcher_keys_join_every_pair_of_characters_re_ignorecase_matches(keys):
    """Every pair of characters re.IGNORECASE takes for one another (read from re's own tables,
    which a sample checks against re) shares the matcher's key, so no occurrence is missed."""
    _sre = pytest.importorskip("_sre")
    try:
        from re._casefix import _EXTRA_CASES as extra
    except ImportError:  # Python < 3.11
        from sre_compile import _ignorecase_fixes as extra  # type: ignore[no-redef]
    by_lower = defaultdict(list)
    for code in keys:
        by_lower[_sre.unicode_tolower(code)].append(code)
    pairs = 0
    for code in keys:
        if not _sre.unicode_iscased(code):
            continue
        lower = _sre.unicode_tolower(code)
        for other_lower in (lower, *extra.get(lower, ())):
            for other in by_lower[other_lower]:
                pairs += 1
                assert keys[code] == keys[other], (hex(code), hex(other))
    assert pairs > 5000
    for a, b in [("ı", "I"), ("i", "İ"), ("ſ", "S"), ("k", "\u212a"), ("ß", "ẞ"), ("ς", "Σ"), ("µ", "Μ")]:
        assert re.fullmatch(re.escape(a), b, re.IGNORECASE) and term_links._key(a) == term_links._key(b)


def test_matcher_keys_join_no_pair_of_characters_re_ignorecase_tells_apart(keys):
    """Characters that share a key are taken for one another by re.IGNORECASE (asked of re itself,
    for every character of every key that more than one character has), so nothing is found that
    the per-term expressions did not find."""
    by_key = defaultdict(list)
    for code, key in keys.items():
        by_key[key].append(chr(code))
    shared = [chars for chars in by_key.values() if len(chars) > 1]
    assert len(shared) > 1000
    for chars in shared:
        for a in chars:
            for b in chars:
                assert re.fullmatch(re.escape(a), b, re.IGNORECASE), (hex(ord(a)), hex(ord(b)))


# ---- the bug: linking was quadratic in the glossary's size -----------------------------------------

def generated_glossary(n: int) -> tuple[list[GlossaryEntry], list[str]]:
    """``n`` terms, each definition naming three others (in the plural or lower case at times)."""
    kinds = ["Front", "Council", "Accord", "Alliance", "Movement", "Treaty", "Party", "Union", "League", "Pact"]
    terms = [f"{word} {kinds[i % len(kinds)]}" for i, word in
             enumerate(f"{a}{b}" for a in ("North", "South", "East", "West", "Red", "Blue", "Iron", "Gold")
                       for b in ("ern", "ia", "land", "mark", "stan", "ora", "ica", "ovia", "aria", "enia",
                                 "ista", "onia", "esia", "ador", "ania", "ibia", "ocia", "uria", "ilia", "asia",
                                 "ovo", "ino", "ura", "emia", "alia", "ivia", "ogia", "ethia", "amia", "ydia",
                                 "ovar", "ynth", "ask", "ond", "ith", "ulf", "arn", "orm", "ax", "ez",
                                 "ulm", "ost", "ard", "ent", "ack", "ing", "ult", "ask2", "ell", "iva"))][:n]
    assert len(set(terms)) == n
    entries, at = [], 0
    for i, term in enumerate(terms):
        a, b, c = terms[(i * 7 + 1) % n], terms[(i * 13 + 2) % n], terms[(i * 31 + 3) % n]
        definition = (f"The {term} is a movement founded in 1990 in Yemen. It works with the {a}s and "
                      f"opposes the {b.lower()}; its leaders met the {c} in Geneva.")
        entries.append(entry(term, definition, at))
        at += len(term) + len(definition) + 2
    return entries, terms


def count_linking_work(monkeypatch, n: int) -> dict:
    """Runs topic_facts on every entry of a generated glossary of ``n`` terms, as kg's extraction
    does, counting matchers built, definitions scanned and calls of re's module functions."""
    counts = defaultdict(int)

    def counting(name, original):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return original(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(TermMatcher, "__init__", counting("matchers", TermMatcher.__init__))
    monkeypatch.setattr(TermMatcher, "first_occurrences", counting("scans", TermMatcher.first_occurrences))
    for name in ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "compile"):
        monkeypatch.setattr(re, name, counting("re", getattr(re, name)))
    definitions._last_glossary = None
    entries, terms = generated_glossary(n)
    gazetteer = default_gazetteer()
    links = sum(len(topic_facts(e, gazetteer, terms).of("related")) for e in entries)
    monkeypatch.undo()
    return {**counts, "links": links}


def test_linking_a_glossary_builds_one_matcher_and_scans_each_definition_once(monkeypatch):
    """The regression test of issue 21's quadratic glossary: one matcher per glossary, one scan per
    definition, and calls of re's functions that grow with the glossary, not with its square
    (before: a search and a split per term for every definition, 250,500 searches for 500 terms)."""
    small = count_linking_work(monkeypatch, 100)
    large = count_linking_work(monkeypatch, 400)
    assert (small["matchers"], small["scans"]) == (1, 100)
    assert (large["matchers"], large["scans"]) == (1, 400)
    assert small["links"] >= 250 and large["links"] >= 1000  # the definitions do name other terms
    # per definition, the same work in either glossary (quadratic linking made it four times more)
    assert large["re"] / 400 < 1.25 * small["re"] / 100, (small, large)


def test_a_term_list_changed_in_place_is_prepared_again():
    """The prepared terms are reused while the same terms come, not while the same list does."""
    e = entry("Houthis", "The Houthis fight the Saudi-led coalition and are backed by Iran.")
    terms = ["Houthis", "Iraq", "Hezbollah"]
    assert list(_related(context(e), terms)) == []
    terms[1] = "Iran"  # same list, same length, another term
    assert [f.text for f in _related(context(e), terms)] == ["Iran"]
    assert [f.text for f in _related(context(e), tuple(terms))] == ["Iran"]
