"""kg serve's guard held against Oxigraph's own parser (issue 21, item 1).

pyoxigraph is the same engine and SPARQL parser as the `oxigraph` server kg serve runs (kg checks
that the versions match), and it follows SERVICE clauses and LOAD with a real HTTP client. So the
judge here is Oxigraph itself: a listener on 127.0.0.1 (the canary) counts the connections Oxigraph
makes while it runs a text. The property every test checks: whatever the guard lets through, the
text it sends on never makes Oxigraph connect anywhere.
"""
from __future__ import annotations

import os
import unicodedata

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Canary, record_figures
from kg.web import guard
from kg.web.sparql_lexer import LexError, lex


@pytest.fixture(scope="module")
def canary():
    c = Canary()
    yield c
    c.close()


@pytest.fixture(scope="module")
def oxigraph():
    store = ox.Store()  # one triple, so that the patterns before a SERVICE clause match and it is reached
    s, p = ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p")
    for o in (ox.NamedNode("http://e/o"), ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
              ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))):
        store.add(ox.Quad(s, p, o))
    return store


def follows(store: ox.Store, canary: Canary, text: str, update: bool = False) -> bool:
    """Whether Oxigraph, running ``text``, connects to the canary."""
    before = canary.hits
    try:
        if update:
            store.update(text)
        else:
            result = store.query(text, use_default_graph_as_union=True)
            if not isinstance(result, ox.QueryBoolean):
                for _ in result:
                    pass
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass
    # no wait needed: the canary counts a connection before closing it, and Oxigraph returns only
    # once it has seen that close (or an answer)
    return canary.hits != before


def assert_safe(store, canary, text: str, tally: dict | None = None, **options) -> guard.Verdict:
    """The property: either refused, or the text sent on reaches nothing. ``tally`` counts texts
    tried, refused, forwarded, and how many of them Oxigraph itself would follow (real attacks)."""
    verdict = guard.check_query(text, **options)
    reached = False
    if verdict.refusal is None:
        reached = follows(store, canary, verdict.text)
    if tally is not None:
        tally["texts"] = tally.get("texts", 0) + 1
        tally["refused"] = tally.get("refused", 0) + (verdict.refusal is not None)
        tally["forwarded_reaching_a_listener"] = tally.get("forwarded_reaching_a_listener", 0) + reached
        tally["real_attacks"] = tally.get("real_attacks", 0) + follows(store, canary, text)
    assert not reached, f"the guard let through {text!r} as {verdict.text!r}"
    return verdict


# -- the bypass of issue 21 and its family -------------------------------------------------------------------
def attacks(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ BIND(1 AS ?z) # x\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",  # the reported bypass
        f"SELECT * WHERE {{ BIND(1 AS ?z) #\x00\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
        f"SELECT * WHERE {{ OPTIONAL {{ # x\r SERVICE <{url}> {{ ?a ?b ?c }} }} \n }}",
        f"ASK {{ # x\rSERVICE <{url}> {{ ?a ?b ?c }}\n }}",
        f"PREFIX ex: <{url}#> SELECT * WHERE {{ SERVICEex:x {{ ?a ?b ?c }} }}",  # keywords have no word boundary
        f"PREFIX : <{url}#> SELECT * WHERE {{ SERVICE:x {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ SERVICESILENT<{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p trueSERVICE<{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p 1SERVICE<{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ ?s ?p ?o . BIND(1 AS ?n) ?s ?p ?o.SERVICE<{url}> {{ ?a ?b ?c }} }}",
        f"select * where {{ service <{url}> {{ ?a ?b ?c }} }}",
        f"SELECT * WHERE {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }}",
        f"PREFIX service: <{url}#> SELECT * WHERE {{ SERVICE service:x {{ ?a ?b ?c }} }}",
    ]


def test_the_carriage_return_bypass_and_glued_keywords_are_refused(oxigraph, canary):
    tally: dict = {}
    for text in attacks(canary.url):
        assert follows(oxigraph, canary, text), f"not an attack on this Oxigraph: {text!r}"  # the test's premise
        verdict = assert_safe(oxigraph, canary, text, tally)
        assert verdict.refusal is not None and verdict.refusal.status == 403, text
        assert guard.check_query(text, allow_service=True).refusal is None  # --allow-service lets it through
    record_figures("guard-known-attacks", **tally)


def test_comments_end_at_exactly_cr_and_lf_as_in_oxigraph(oxigraph):
    """Oxigraph's rule, checked on Oxigraph, and the lexer's."""
    ends = []
    for char in _special_characters():
        text = f"SELECT ?y WHERE {{ #x{char}BIND(2 AS ?y) \n}}"
        if next(iter(oxigraph.query(text)))["y"] is not None:
            ends.append(char)
        assert [t.kind for t in lex(text)].count("comment") == 1
    assert ends == ["\n", "\r"]
    assert lex("#x\rBIND")[1].text == "\r" and lex("#x\u2028BIND")[0].text == "#x\u2028BIND"
    record_figures("guard-comment-ends", characters=len(_special_characters()),
                   ending_a_comment=[f"U+{ord(c):04X}" for c in ends])


def test_whitespace_is_exactly_space_tab_cr_lf_as_in_oxigraph(oxigraph):
    spaces = []
    for char in _special_characters():
        text = f"SELECT{char}?y{char}WHERE{char}{{{char}BIND(2{char}AS{char}?y){char}}}"
        try:
            list(oxigraph.query(text))
            spaces.append(char)
        except SyntaxError:
            with pytest.raises(LexError):
                lex(text)
    assert sorted(spaces) == sorted(" \t\r\n")
    record_figures("guard-whitespace", characters=len(_special_characters()),
                   whitespace=[f"U+{ord(c):04X}" for c in sorted(spaces)])


def _special_characters() -> list[str]:
    """Every control, format, separator and line-break character of Unicode (247 of them)."""
    return [chr(i) for i in range(0x110000) if unicodedata.category(chr(i)) in ("Cc", "Cf", "Zs", "Zl", "Zp")]


AROUND_SERVICE = [
    "SELECT * WHERE {{ ?s ?p ?o # x{c} SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
    "SELECT * WHERE {{ ?s ?p ?o #{c}\r SERVICE <{url}> {{ ?a ?b ?c }} \n }}",
    "SELECT * WHERE {{ ?s ?p ?o{c}SERVICE{c}<{url}>{c}{{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p '{c}' . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * WHERE {{ ?s ?p ?o FILTER(?s<?o#{c}) SERVICE <{url}> {{ ?a ?b ?c }} }}",
]


def test_every_control_and_line_break_character_around_service(oxigraph, canary):
    tally: dict = {}
    characters = _special_characters() + ["\ufeff", "\ufffe", "\u0085"]
    for template in AROUND_SERVICE:
        for char in characters:
            assert_safe(oxigraph, canary, template.format(c=char, url=canary.url), tally)
    record_figures("guard-characters", characters=len(characters), templates=len(AROUND_SERVICE), **tally)


def test_a_less_than_that_oxigraph_reads_as_an_operator_hides_nothing(oxigraph, canary):
    """``<`` opens an IRI for the lexer but is less-than for Oxigraph here; the IRI's inside, written
    with ``'`` and ``#`` escaped, cannot open a string or comment that would hide SERVICE from the guard."""
    url = canary.url
    for text in [
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?s<'> ' ) SERVICE <{url}> {{ ?a ?b ?c }} FILTER(' ' ) }}",
        f"SELECT * WHERE {{ ?s ?p ?o FILTER(?s<?o#> \"\"\"\n) SERVICE <{url}> {{ ?a ?b ?c }} BIND(\"\"\" AS ?q) }}",
    ]:
        assert_safe(oxigraph, canary, text)


def test_escapes_are_not_expanded_outside_strings_and_iris(oxigraph, canary):
    text = f"SELECT * WHERE {{ \\u0053ERVICE <{canary.url}> {{ ?a ?b ?c }} }}"
    assert not follows(oxigraph, canary, text)  # Oxigraph: a syntax error
    assert guard.check_query(text).refusal.status == 400
    inside = 'SELECT ?x WHERE { BIND("\\u0022 SERVICE <http://127.0.0.1:9/> { } \\u0022" AS ?x) }'
    assert guard.check_query(inside).refusal is None  # inside a string it is text


# -- generated texts -------------------------------------------------------------------------------------------
# A SERVICE clause in its disguises, after what it can be glued to, behind what may hide it (a comment
# ended by any special character, a string): most of these are real attacks on Oxigraph, some are not.
_DISGUISES = ["SERVICE <U>", "service <U>", "SeRvIcE<U>", "SERVICE ex:c", "SERVICEex:c", "SERVICE:c",
              "SERVICE SILENT <U>", "SERVICESILENT<U>", "SERVICE\t<U>", "SERVICE\r<U>", "SERVICE\n:c"]
_AROUND = [("", ""), ("OPTIONAL { ", " }"), ("{ ", " }"), ("FILTER EXISTS { ", " }"), ("MINUS { ", " }"),
           ("?s ?p true", ""), ("?s ?p 1", ""), ("?s ?p ?o.", ""), ("BIND(1 AS ?z)", ""), ("{} UNION { ", " }"),
           ("FILTER(?s<?o) ", ""), ("?s <http://e/p#x> ?o . ", "")]
_HIDERS = ["", "# x{c}", "#{c}", "BIND('{c}' AS ?h) ", 'BIND("""{c}""" AS ?h) ', "FILTER(1<2#{c}) ",
           "BIND(<http://e/{c}> AS ?h) "]
_CHARACTERS = ["\r", "\n", "\u2028", "\u0085", "\x00", "\x0b", "\x0c", "\t", " ", "\ufeff", "x", "'", '"', ">"]


@st.composite
def disguised_service(draw) -> str:
    lead, close = draw(st.sampled_from(_AROUND))
    hider = draw(st.sampled_from(_HIDERS)).replace("{c}", draw(st.sampled_from(_CHARACTERS)))
    core = draw(st.sampled_from(_DISGUISES)) + " { ?a ?b ?c }"
    return f"{hider}{lead}{core}{close}"


# random pieces: noise that rarely parses, to reach what the structured texts do not
_PIECES = ["SERVICE", "service", "SeRvIcE", "SILENT", "<U>", "ex:c", ":c", "{ ?a ?b ?c }", "{", "}", "#",
           "\r", "\n", "\u2028", "\x00", "'", '"', "'" * 3, '"' * 3, "<", ">", "?s", "?o", "true", "1", ".", ";",
           "FILTER(", ")", "&&", "?s<?o", "<http://e/a#b>", "OPTIONAL", "EXISTS", "BIND(1 AS ?z)", " ", "\t",
           "\\u0053", "\\", "ex:o.", "UNION", "@en", "\\#", "_:b"]

# CI: 400 reproducible examples each; KG_FUZZ_PROFILE=thorough (scripts/robustness_report.py): 10,000 random ones
_THOROUGH = os.environ.get("KG_FUZZ_PROFILE") == "thorough"
_FUZZ = settings(max_examples=10_000 if _THOROUGH else 400, derandomize=not _THOROUGH, database=None,
                 deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _query(canary: Canary, body: str) -> str:
    body = body.replace("<U>", f"<{canary.url}>")
    return f"PREFIX ex: <{canary.url}#> PREFIX : <{canary.url}#> SELECT * WHERE {{ ?s ?p ?o . {body} \n}}"


@_FUZZ
@given(disguised_service())
def test_generated_service_clauses_never_make_oxigraph_connect(oxigraph, canary, generated_tally, body):
    assert_safe(oxigraph, canary, _query(canary, body), generated_tally)


@_FUZZ
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=16).map("".join))
def test_generated_noise_never_makes_oxigraph_connect(oxigraph, canary, noise_tally, body):
    assert_safe(oxigraph, canary, _query(canary, body), noise_tally)


@pytest.fixture(scope="module")
def generated_tally():
    tally: dict = {}
    yield tally
    record_figures("guard-generated", profile="thorough" if _THOROUGH else "ci", **tally)


@pytest.fixture(scope="module")
def noise_tally():
    tally: dict = {}
    yield tally
    record_figures("guard-noise", profile="thorough" if _THOROUGH else "ci", **tally)


# -- updates ---------------------------------------------------------------------------------------------------
def test_load_and_service_in_updates(oxigraph, canary):
    url = canary.url
    for text in [f"LOAD <{url}>", f"LOAD SILENT <{url}> INTO GRAPH <http://e/g>", f"PREFIX ex: <{url}#> LOADex:x",
                 f"# x\rLOAD <{url}>\n", f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                 f"INSERT DATA {{ <http://e/a> <http://e/b> 1 }} ; LOAD <{url}>"]:
        assert follows(ox.Store(), canary, text, update=True), text  # the premise: real on this Oxigraph
        verdict = guard.check_update(text)
        assert verdict.refusal is not None and verdict.refusal.status == 403, text
    assert guard.check_update("INSERT DATA { <http://e/s> <http://e/p> 'LOAD SERVICE' }").refusal is None
    assert guard.check_update(f"LOAD <{url}>", allow_service=True).refusal is None


@pytest.mark.parametrize("text, what", [
    ("LOAD <http://127.0.0.1:9/data.ttl>", "LOAD"),
    ("INSERT DATA { <http://e/s> <http://e/p> 1 }", "SPARQL Update"),
    ("PREFIX e: <http://e/> DELETE WHERE { ?s e:p ?o }", "SPARQL Update"),
    ("CLEAR ALL", "SPARQL Update"),
])
def test_the_guard_refuses_updates_on_the_query_endpoint(text, what):
    refusal = guard.check_query(text, allow_service=True).refusal
    assert refusal is not None and what in refusal.message and "/update" in refusal.message


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { ?s ?p 'SERVICE' } # SERVICE <http://x/> { }",
    "SELECT ?service WHERE { ?service ex:SERVICE ex:LOAD }",
    "PREFIX p: <http://e/> SELECT * WHERE { ?s p:serviceType <http://e/SERVICE> }",
    "SELECT * WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o FILTER(?o < 3 && ?o>1) }",
    "SELEC * WHERE { ?s ?p ?o }",  # Oxigraph will say what is wrong
])
def test_the_guard_passes_what_is_not_service(text):
    assert guard.check_query(text).refusal is None


def test_what_is_sent_on_has_no_comments_and_keeps_its_meaning(oxigraph):
    text = ("PREFIX e: <http://e/> # the prefix\r\nSELECT ?o # SERVICE here is a comment\r"
            "WHERE { e:s e:p ?o FILTER(?o != <http://e/x#y>) }")
    verdict = guard.check_query(text)
    assert verdict.refusal is None and "#" not in verdict.text.replace("\\u0023", "")
    assert [str(s["o"]) for s in oxigraph.query(verdict.text)] == [str(s["o"]) for s in oxigraph.query(text)]


# -- nesting ---------------------------------------------------------------------------------------------------
def test_the_nesting_attack_is_refused_before_oxigraph():
    text = "SELECT * WHERE { " + "{ " * 2500 + "}" * 2500 + " }"
    refusal = guard.check_query(text).refusal
    assert refusal.status == 400 and "nests" in refusal.message and "KG_MAX_QUERY_DEPTH" in refusal.message
    chain = "SELECT * WHERE { " + " ".join(["{ ?s ?p ?o }"] * 2048) + " }"  # flat, yet a 2,048-deep join
    assert guard.check_query(chain).refusal.status == 400


def test_the_bundled_queries_are_far_below_the_nesting_limit():
    from kg.services.query import bundled_queries
    from kg.web.sparql_lexer import significant

    for named in bundled_queries().values():
        assert guard.nesting(significant(lex(named.text))) < guard.DEFAULT_MAX_DEPTH / 10, named.name
        assert guard.check_query(named.text).refusal is None


def test_insert_data_is_flat_however_long():
    data = "INSERT DATA { " + " ".join(f"GRAPH <http://e/g{i}> {{ <http://e/s> <http://e/p> {i} }}"
                                       for i in range(5000)) + " }"
    assert guard.check_update(data).refusal is None
