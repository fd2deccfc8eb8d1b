"""Issue 19: one happening, many reports. Events of different documents that report the same
happening are linked (kg.build.happenings), incrementally and whatever the order of the builds; the
bundled queries show every report side by side, who reported what, and the names each outlet uses.
Real builds, the real store, the real CLI."""
from __future__ import annotations

import json
import math
import random
from datetime import date
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from conftest import build_store, query_rows, run_kg
from kg.build import happenings
from kg.build.happenings import HAPPENINGS_GRAPH, HappeningLinker, Report, compare, links
from kg.extraction.person_names import written_form
from kg.mapping.namespaces import KG, RDF
from kg.services.word_choice import distinctive_names, log_odds
from kg.store.local import Store

# Three outlets on one summoning (one says it did not happen), one on another summoning months
# earlier, and one on something else.
NEWS = {
    "a": {"id": "a", "publisher": "Outlet A", "published": "2023-09-11", "title": "Envoy summoned",
          "text": "Russia summoned Armenia's ambassador on Friday over the planned drills."},
    "b": {"id": "b", "publisher": "Outlet B", "published": "2023-09-10", "title": "Moscow protests",
          "text": "Moscow summoned the Armenian ambassador on Friday, President Putin's spokesman said."},
    "c": {"id": "c", "publisher": "Outlet C", "published": "2023-09-12", "title": "Denial",
          "text": "Russia did not summon Armenia's ambassador on Friday, Mr. Putin said."},
    "e": {"id": "e", "publisher": "Outlet A", "published": "2023-09-11", "title": "Earlier",
          "text": "Russia summoned Armenia's ambassador in March over a border incident."},
    "d": {"id": "d", "publisher": "Outlet D", "published": "2023-09-12", "title": "Elsewhere",
          "text": "Chile accused Peru of spying on Monday."},
}


def write(path: Path, *keys: str) -> Path:
    path.write_text("".join(json.dumps(NEWS[k]) + "\n" for k in keys), encoding="utf-8")
    return path


build, query = build_store, query_rows


def graph(store: Path) -> list[str]:
    """The happenings graph, as sorted N-Quads lines."""
    with Store(store, read_only=True) as s:
        return sorted(str(q) for q in s.quads_for_pattern(None, None, None, HAPPENINGS_GRAPH))


def reports_of(store: Path) -> dict[str, set[str]]:
    """Each happening -> the documents (ids) of its reports."""
    rows = query(store, "event-reports")
    out: dict[str, set[str]] = {}
    for r in rows:
        out.setdefault(r["happening"], set()).add(r["document"].rsplit("-", 2)[-2])
    return out


@pytest.fixture(scope="module")
def news_store(tmp_path_factory) -> Path:
    where = tmp_path_factory.mktemp("happenings")
    store = where / "store"
    build(store, write(where / "news.jsonl", *NEWS))
    return store


# -- the reports linked ----------------------------------------------------------------------------
def test_three_outlets_reporting_one_summoning_are_one_happening(news_store):
    rows = query(news_store, "event-reports")
    happening = {r["happening"] for r in rows if r["type"] == "ACCUSE" and r["source_label"] == "Russia"}
    assert len(happening) == 1, rows  # the March summoning and Chile's accusation are reported once only
    reports = [r for r in rows if r["happening"] in happening]
    assert sorted(r["publisher"] for r in reports) == ["Outlet A", "Outlet B", "Outlet C"]
    # each report keeps its own words, date and factuality: the denial stays visible
    assert {r["factuality"] for r in reports} == {"asserted", "negated"}
    assert {r["date"] for r in reports} == {"2023-09-08"}
    assert any("Moscow summoned" in r["evidence"] for r in reports)
    # the same list from one of the events, or from the happening
    one = reports[0]
    assert {r["event"] for r in query(news_store, "event-reports", f"event={one['event']}")} == {
        r["event"] for r in reports}
    assert {r["event"] for r in query(news_store, "event-reports", f"happening={one['happening']}")} == {
        r["event"] for r in reports}


def test_a_link_keeps_why_it_was_made(news_store):
    with Store(news_store, read_only=True) as s:
        records = {q.subject for q in s.quads_for_pattern(None, RDF.type, KG.HappeningLink, HAPPENINGS_GRAPH)}
        assert len(records) == 3  # A-B, A-C, B-C
        for record in records:
            features = {q.object.value for q in s.quads_for_pattern(record, KG.matchedFeature, None, HAPPENINGS_GRAPH)}
            assert {"type", "time"} <= features
            [score] = [float(q.object.value) for q in s.quads_for_pattern(record, KG.linkScore, None, HAPPENINGS_GRAPH)]
            assert happenings.THRESHOLD <= score <= 1
    assert run_kg("validate", "--store", news_store).exit_code == 0


def test_coverage_says_which_outlets_reported_it_and_which_did_not(news_store):
    rows = query(news_store, "coverage", "actor=https://w3id.org/kg/id/actor/state/ARM", "since=2023-09-01")
    summoning = [r for r in rows if r["type"] == "ACCUSE"]
    assert {r["publisher"]: r["reported"] for r in summoning} == {
        "Outlet A": "true", "Outlet B": "true", "Outlet C": "true", "Outlet D": "false"}
    assert all(r["source_label"] == "Russia" and r["target_label"] == "Armenia" for r in summoning)
    everything = query(news_store, "coverage")
    assert {r["happening"] for r in everything} > {r["happening"] for r in rows}  # Chile's, March's
    assert not query(news_store, "coverage", "actor=https://w3id.org/kg/id/actor/state/ARM", "until=2023-01-01")


# -- incremental and order-free --------------------------------------------------------------------
def test_the_happenings_depend_on_the_documents_stored_not_on_the_order_they_came_in(tmp_path):
    ab, c = write(tmp_path / "ab.jsonl", "a", "b", "e"), write(tmp_path / "c.jsonl", "c", "d")
    build(tmp_path / "one", ab)
    build(tmp_path / "one", c)
    build(tmp_path / "two", c)
    build(tmp_path / "two", ab)
    build(tmp_path / "both", ab, c)
    assert graph(tmp_path / "one") == graph(tmp_path / "two") == graph(tmp_path / "both")
    assert not any("linkPending" in line for line in graph(tmp_path / "one"))


def test_a_changed_document_takes_its_reports_with_it(tmp_path):
    news = write(tmp_path / "news.jsonl", "a", "b")
    store = tmp_path / "store"
    build(store, news)
    assert sorted(map(sorted, reports_of(store).values())) == [["a", "b"]]
    changed = dict(NEWS["b"], text="Chile accused Peru of spying on Monday.")
    news.write_text(json.dumps(NEWS["a"]) + "\n" + json.dumps(changed) + "\n", encoding="utf-8")
    assert "1 built, 1 unchanged" in build(store, news).stderr
    assert reports_of(store) == {}  # no happening has two reports any more
    fresh = tmp_path / "fresh"
    build(fresh, news)
    assert graph(store) == graph(fresh)


def test_a_build_stopped_before_linking_is_linked_by_the_next(tmp_path, monkeypatch):
    write(tmp_path / "a.jsonl", "a")
    write(tmp_path / "b.jsonl", "b")
    store = tmp_path / "store"
    build(store, tmp_path / "a.jsonl")

    def stopped(self):
        raise KeyboardInterrupt  # as if killed after the documents were written

    with monkeypatch.context() as m:
        m.setattr(HappeningLinker, "_link", stopped)
        assert run_kg("build", tmp_path / "b.jsonl", "--store", store).exit_code == 130
    with Store(store, read_only=True) as s:
        assert list(s.quads_for_pattern(HAPPENINGS_GRAPH, KG.linkPending, None, HAPPENINGS_GRAPH))
    assert "0 built, 2 unchanged" in build(store, tmp_path / "a.jsonl", tmp_path / "b.jsonl").stderr
    fresh = tmp_path / "fresh"
    build(fresh, tmp_path / "a.jsonl", tmp_path / "b.jsonl")
    assert graph(store) == graph(fresh)


def test_the_graph_dropped_or_turned_off_is_made_again_in_full(tmp_path):
    import kg

    news = write(tmp_path / "news.jsonl", "a", "b", "c")
    store = tmp_path / "store"
    build(store, news)
    reference = graph(store)
    with Store(store) as s:
        s.remove_graph(HAPPENINGS_GRAPH)
    build(store, news)
    assert graph(store) == reference
    with kg.open_store(store) as s:
        summary = kg.build([news], s, link_happenings=False)
        assert summary.count("unchanged") == 3 and "happening linking" not in summary.timings
        assert not list(s.quads_for_pattern(None, None, None, HAPPENINGS_GRAPH))
    build(store, news)
    assert graph(store) == reference


# -- the comparison --------------------------------------------------------------------------------
def report(event: str, graph: str = "g1", type_: str = "ACCUSE", quad: str | None = "3",
           actors=("state:RUS", "state:ARM"), days=(8, 8), stated: bool = True, words=("summoned", "ambassador"),
           place=None, state=None, side: str = "state:RUS") -> Report:
    earliest, latest = (date(2023, 9, d) if d else None for d in days)
    return Report(NamedNode(f"https://example.org/{event}"), "state:ARM + state:RUS", side,
                  NamedNode(f"https://example.org/{graph}"), type_, quad, tuple(actors), earliest, latest, stated,
                  place, state, frozenset(words))


def test_what_a_link_needs():
    a = report("a")
    assert compare(a, report("b", graph="g2")).features == ("type", "actors", "time", "evidence")
    assert compare(a, report("b")) is None  # one document's events are merged by the coder, never linked
    assert compare(a, report("b", graph="g2", type_="REJECT", quad="2")) is None  # other quad class
    assert compare(a, report("b", graph="g2", type_="PROTEST", quad="3")).features[0] == "quad class"
    assert compare(a, report("b", graph="g2", days=(10, 12))) is None  # another time
    # the sides agree ("Moscow", "Russia") but not the actors: enough with a stated time and words
    assert "sides" in compare(a, report("b", graph="g2", actors=("person:putin", "state:ARM"))).features
    # with one side unknown, the actors themselves must agree
    assert compare(report("a", actors=("person:putin", "-")), report("b", graph="g2", actors=("state:RUS", "-"))) is None
    # without a time, only a pair whose other features make up for it
    undated = report("b", graph="g2", days=(None, None), stated=False)
    assert compare(a, undated) is not None
    assert compare(a, report("b", graph="g2", days=(None, None), stated=False, words=("other",))) is None
    # told the other way round: "Armenia accused Russia" is another happening, "Armenia met Russia" the same
    assert compare(a, report("b", graph="g2", side="state:ARM")) is None
    assert compare(report("a", type_="CONSULT", quad="1"), report("b", graph="g2", type_="AGREE", quad="1",
                                                                  side="state:ARM")) is not None
    # two places in different states are two happenings
    here, there = NamedNode("https://example.org/goris"), NamedNode("https://example.org/paris")
    assert compare(report("a", place=here, state=NamedNode("s:ARM")),
                   report("b", graph="g2", place=there, state=NamedNode("s:FRA"))) is None


def test_the_sweep_finds_every_link_comparing_all_pairs_would():
    """Blocking by time must not lose links: on random blocks the sweep's links are those of all pairs."""
    rng = random.Random(19)
    for _ in range(30):
        block = []
        for i in range(25):
            start = rng.randint(1, 25)
            dated = rng.random() > 0.1
            block.append(report(f"e{i:02d}", graph=f"g{rng.randint(0, 6)}", type_=rng.choice(["ACCUSE", "PROTEST", "AID"]),
                                quad=None, actors=rng.choice([("x", "y"), ("z", "y")]),
                                days=(start, min(28, start + rng.randint(0, 5))) if dated else (None, None),
                                stated=dated, words=rng.sample(["a1", "b1", "c1", "d1"], 2)))
        everything = sorted(((l.a.event.value, l.b.event.value) for x in block for y in block
                             if x.event.value < y.event.value and (l := compare(x, y))))
        assert [(l.a.event.value, l.b.event.value) for l in links(block)] == everything


# -- names by outlet -------------------------------------------------------------------------------
def test_a_persons_title_or_honorific_is_part_of_how_it_is_written():
    text = "When President Trump met French President Emmanuel Macron, Mr. Abe said the Syrian regime spoke."
    at = lambda words: (text.index(words), text.index(words) + len(words))  # noqa: E731
    assert written_form(text, *at("Trump")) == "President Trump"
    assert written_form(text, *at("Emmanuel Macron")) == "French President Emmanuel Macron"
    assert written_form(text, *at("Abe")) == "Mr. Abe"
    assert written_form(text, *at("Syrian"), cls="State") == "Syrian regime"
    assert written_form(text, *at("spoke")) == "spoke"  # nothing before it


def test_actor_names_lists_each_outlets_words_for_an_actor(news_store):
    rows = query(news_store, "actor-names", "actor=https://w3id.org/kg/id/actor/state/RUS")
    names = {(r["publisher"], r["name"]): int(r["mentions"]) for r in rows}
    # Outlet B names Moscow in its headline and its sentence; Outlet A says Russia in two articles
    assert names[("Outlet B", "Moscow")] == 2 and names[("Outlet A", "Russia")] == 2
    assert ("Outlet B", "Russia") not in names
    putin = query(news_store, "actor-names", "publisher=outlet c")
    assert {r["publisher"] for r in putin} == {"Outlet C"}
    assert "Mr. Putin" in {r["name"] for r in putin}


def test_the_weighted_log_odds_with_an_informative_prior():
    """Monroe, Colaresi and Quinn (2008), eq. 16 and 17, by hand for one cell."""
    counts = {("A", "Moscow"): 8, ("A", "Russia"): 2, ("B", "Russia"): 10}
    scores = log_odds(counts, prior_weight=10)
    a_w = 10 * 8 / 20  # Moscow's share of all mentions times the prior's weight
    delta = math.log((8 + a_w) / (10 + 10 - 8 - a_w)) - math.log((0 + a_w) / (10 + 10 - 0 - a_w))
    z = delta / math.sqrt(1 / (8 + a_w) + 1 / (0 + a_w))
    assert scores[("A", "Moscow")] == pytest.approx((delta, z))
    assert scores[("B", "Moscow")][1] < 0 < scores[("A", "Moscow")][1]  # B never says "Moscow"
    assert log_odds({("A", "x"): 3}) == {}  # one publisher: nothing to compare with
    rows = distinctive_names([{"actor": "urn:x:RUS", "actor_label": "Russia", "publisher": p, "name": n, "mentions": k}
                              for (p, n), k in {("A", "Moscow"): 40, ("A", "Russia"): 10, ("B", "Russia"): 50}.items()])
    marks = {(r[2], r[3]): r[8] for r in rows}
    assert marks[("A", "Moscow")] == "more" and marks[("B", "Moscow")] == "less"


def test_distinctive_names_through_the_query(news_store):
    rows = query(news_store, "distinctive-names", "actor=https://w3id.org/kg/id/actor/state/RUS")
    assert rows and {r["publisher"] for r in rows} >= {"Outlet A", "Outlet B"}
    moscow = {r["publisher"]: float(r["z"]) for r in rows if r["name"] == "Moscow"}
    assert moscow["Outlet B"] > 0 > moscow["Outlet A"]
    assert all(r["distinctive"] in ("", "more", "less") for r in rows)


def test_one_name_for_an_actor_has_no_distinctive_score_regression(tmp_path):
    """Two glossaries that both call NATO "NATO": every outlet uses the one name, the odds of any
    other name are nothing, and the statistic divided by zero."""
    assert log_odds({("A", "NATO"): 8, ("B", "NATO"): 1}) == {}
    assert distinctive_names([{"actor": "urn:x:nato", "actor_label": "NATO", "publisher": p, "name": "NATO",
                               "mentions": k} for p, k in (("A", 8), ("B", 1))]) == []


def test_glossaries_that_define_one_actor_are_compared_by_their_terms(tmp_path):
    """Item 5: a glossary's term is its publisher's name for what the topic denotes."""
    (tmp_path / "x.jsonl").write_text(json.dumps(
        {"term": "Hezbollah", "definition": "Hezbollah is a Shia political party and militant group based in Lebanon.",
         "publisher": "Outlet X"}) + "\n", encoding="utf-8")
    (tmp_path / "y.jsonl").write_text(json.dumps(
        {"term": "Hizballah", "definition": "Hizballah is a Lebanese militant group and political party.",
         "publisher": "Outlet Y"}) + "\n", encoding="utf-8")
    store = tmp_path / "store"
    build(store, tmp_path / "x.jsonl", tmp_path / "y.jsonl")
    hezbollah = "actor=https://w3id.org/kg/id/actor/armed-group/hezbollah"
    assert {(r["publisher"], r["name"]) for r in query(store, "actor-names", hezbollah)} == {
        ("Outlet X", "Hezbollah"), ("Outlet Y", "Hizballah")}
    scores = {(r["publisher"], r["name"]): float(r["z"]) for r in query(store, "distinctive-names", hezbollah)}
    assert scores[("Outlet X", "Hezbollah")] > 0 > scores[("Outlet Y", "Hezbollah")]
    assert {r["publisher"] for r in query(store, "topic-sources", "term=Hezbollah")} == {"Outlet X", "Outlet Y"}


def test_an_event_without_a_place_has_none_regression(tmp_path):
    """The reports query looked up a place's state outside the place's optional group: an event
    with no place matched every place in the store, took one at random, and was then kept apart
    from reports whose place lay in another state."""
    (tmp_path / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in (
        dict(NEWS["a"], text="Russia summoned Armenia's ambassador on Friday."),
        dict(NEWS["b"], text="In Yerevan, Armenia accused Russia of meddling on Thursday."))), encoding="utf-8")
    store = tmp_path / "store"
    build(store, tmp_path / "news.jsonl")
    with Store(store, read_only=True) as s:
        found = happenings.reports(s)
    summoning = [r for r in found if "summoned" in r.words]
    meddling = [r for r in found if "meddling" in r.words]
    assert summoning and all(r.place is None and r.state is None for r in summoning)
    assert meddling and all(r.place is not None and r.state is not None for r in meddling)  # Yerevan, Armenia
