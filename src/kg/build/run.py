"""``kg build``: read inputs, extract facts, map them to RDF and store one graph per document.

Incremental and idempotent: a document whose content hash (and extractor fingerprint) is already
recorded with its graph is skipped without being extracted; a changed one replaces its own graph;
a document that fails is reported and the others go on. Inputs stream through in batches: items
are read one at a time, extracted (in this process or in ``jobs`` workers), checked against the
shapes — alone, and together with what the store says of the nodes they share with other
documents (kg.build.shared_nodes) — and written one batch per transaction, so memory follows the batch
size, not the corpus. What many documents state about one topic, its label, is kept in a graph of
its own (kg.build.topic_labels), like the knowledge base's descriptions of actors (kg.build.actors_graph);
actors the knowledge base lacks are resolved across documents after the build (kg.build.actor_resolution).

Documents are keyed by their path (kg.build.inputs.input_key). A store built before that rule
(issue 21) holds documents keyed by their file name: when a document's new key is not stored yet
and the graph of its old key holds the same content, built by the earlier mapping, the new graph
replaces the old one (see ``_legacy_graph``).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph

from kg.build.actor_resolution import ActorResolver, drop as drop_actor_resolution
from kg.build.actors_graph import ActorsGraphWriter, prune
from kg.build.alignment import align
from kg.build.happenings import HappeningLinker, drop as drop_happenings
from kg.build.inputs import Problem, WorkItem, work_items
from kg.build.pipeline import DocumentResult, ParallelExtractor, SerialExtractor, Stamp
from kg.build.shared_nodes import SharedNodeCheck, shared_statements
from kg.errors import shown_name
from kg.extraction.coding import Coder
from kg.kb.reference import memberships_text
from kg.mapping import iris
from kg.mapping.namespaces import KG
from kg.mapping.ontology import ONTOLOGY_GRAPH, ontology_digest, ontology_quads
from kg.mapping.reference_graph import MEMBERSHIPS_GRAPH, membership_quads
from kg.mapping.writer import ACTORS_GRAPH
from kg.build.shared_statements import SharedStatementsWriter, split
from kg.readers.corpus import ColumnMap
from kg.build.topic_labels import (TOPICS_GRAPH, batch_labels, document_spellings, refresh as refresh_topic_labels,
                                   write_labels)
from kg.store.base import KgStore

DEFAULT_BATCH = 64
# What a document's graph is, for the same input and extractor, changes with the mapping: stored
# documents made by an earlier revision are rebuilt. 2 (issue 21): documents keyed by their path;
# a topic's prefLabel in the topics graph, each page's spelling its definition's dcterms:title.
# 3 (issues 17 and 16): document-scoped actors carry the kg:resolutionKey cross-document resolution
# reads; events carry their kg:goldstein value. 4 (issue 19): events carry the kg:happeningKey their
# reports are linked by; a person's mention keeps its title or honorific (kg:writtenAs).
MAPPING_REVISION = 4
_PATH_KEYS_SINCE = 2  # the first revision that keys documents by their path
_REVISION = re.compile(r"; mapping (\d+)")


UNCODED_FILES_KEPT = 100  # files named per language in the summary's note on uncoded languages, at most


@dataclass(frozen=True)
class Outcome:
    source: str
    key: str
    status: str  # "built", "unchanged", "skipped" or "failed"
    message: str = ""
    quads: int = 0
    input_error: bool = False
    uncoded_language: str | None = None  # built, but its events not coded (language unsupported)


@dataclass
class BuildSummary:
    """Counts of each status, and the outcomes that need a word (skipped and failed) in full:
    a build of a million documents does not keep a million outcomes."""

    counts: dict[str, int] = field(default_factory=lambda: {"built": 0, "unchanged": 0, "skipped": 0, "failed": 0})
    problems: list[Outcome] = field(default_factory=list)
    quads: int = 0
    uncoded: dict[str, int] = field(default_factory=dict)  # language -> documents whose events were not coded
    uncoded_files: dict[str, dict[str, int]] = field(default_factory=dict)  # language -> file -> documents
    timings: dict[str, float] = field(default_factory=dict)  # seconds of steps after extraction ("actor resolution")

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome.status] = self.counts.get(outcome.status, 0) + 1
        self.quads += outcome.quads
        if outcome.uncoded_language:
            self.uncoded[outcome.uncoded_language] = self.uncoded.get(outcome.uncoded_language, 0) + 1
            files = self.uncoded_files.setdefault(outcome.uncoded_language, {})
            if outcome.source in files or len(files) < UNCODED_FILES_KEPT:  # named in the summary line
                files[outcome.source] = files.get(outcome.source, 0) + 1
        if outcome.status in ("skipped", "failed"):
            self.problems.append(outcome)

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.problems if o.status == "failed"]

    @property
    def exit_status(self) -> int:
        """0 all good (skipped records included); 2 an input file could not be read or
        recognised; 1 a document failed otherwise."""
        if any(o.input_error for o in self.failed):
            return 2
        return 1 if self.failed else 0

    def line(self) -> str:
        line = (f"{self.count('built')} built, {self.count('unchanged')} unchanged, "
                f"{self.count('skipped')} skipped, {self.count('failed')} failed")
        if self.uncoded:
            languages = "; ".join(f"{lang} {n} in {self._uncoded_files(lang)}"
                                  for lang, n in sorted(self.uncoded.items()))
            line += (f"; events not coded in {sum(self.uncoded.values())} documents in languages the "
                     f"pipeline does not read ({languages}): their mentions and metadata are stored")
        return line

    def _uncoded_files(self, language: str, most: int = 3) -> str:
        """The files whose documents in ``language`` were not coded: the first few, with their counts."""
        files = self.uncoded_files.get(language, {})
        named = [shown_name(f) + (f" ({n})" if n > 1 else "") for f, n in sorted(files.items())[:most]]
        rest = self.uncoded[language] - sum(n for _, n in sorted(files.items())[:most])
        return ", ".join(named) + (f" and {rest} more document{'s' if rest != 1 else ''}" if rest > 0 else "")


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so builds can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def _replace_if_changed(store: KgStore, graph, digest: str, make_quads: Callable[[], list]) -> bool:
    """Rewrite a bundled-data graph only when its source changed; True when it was (re)written."""
    if store.graph_hash(graph) == digest:
        return False
    quads = make_quads()
    quads.append(pyoxigraph.Quad(graph, KG.contentHash, pyoxigraph.Literal(digest), graph))
    store.replace_graph(graph, quads)
    return True


def ensure_ontology(store: KgStore) -> bool:
    """Keep the ontology and PLOVER scheme in their own graph."""
    return _replace_if_changed(store, ONTOLOGY_GRAPH, ontology_digest(), ontology_quads)


def ensure_reference_data(store: KgStore, coder: Coder, actors: ActorsGraphWriter) -> bool:
    """Keep the reference memberships (from the knowledge base) in their own graph, and their
    organisations and members described in the shared actors graph."""
    text = memberships_text()
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    memberships, descriptions = membership_quads(rows, coder.gazetteer)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    actors.add(descriptions)  # before the graph that points to them
    return _replace_if_changed(store, MEMBERSHIPS_GRAPH, digest, lambda: memberships)


def build(paths: Iterable[Path | str], store: KgStore, *, force: bool = False,
          progress: Callable[[Outcome], None] | None = None, coder: Coder | None = None,
          jobs: int = 1, kb_files: Iterable[Path] = (), columns: ColumnMap | None = None,
          batch_size: int = DEFAULT_BATCH, check: bool = True, engine: str | None = None,
          shapes: Iterable[Path] = (), scheduler: str | None = None, shards: Path | None = None,
          profiles: Iterable = (), resolve_actors: bool = True, link_happenings: bool = True) -> BuildSummary:
    """Build every input into ``store``; ``progress`` is called after each document.

    ``coder`` carries the pipeline, knowledge base and lexicon (default: the bundled ones plus
    ``kb_files``); ``jobs`` > 1 extracts in that many worker processes; ``columns`` maps corpus
    fields to columns; ``check`` applies the shapes (the bundled ones and ``shapes`` files) to each
    document before it is stored, with ``engine``. ``scheduler``: extract on the Dask cluster at
    that address instead (``shards``: a directory to keep each batch's N-Quads in). ``profiles``:
    site profiles (files or ``kg.readers.SiteProfile``) for HTML pages, before the bundled ones.
    ``resolve_actors``: resolve the actors the knowledge base lacks across documents
    (kg.build.actor_resolution); off, the resolution graph is removed (the benchmark's baseline).
    ``link_happenings``: link the events of different documents that report one happening
    (kg.build.happenings); off, the happenings graph is removed."""
    from kg.readers import load_profiles, profiles_digest
    from kg.extraction.coding import coder_with
    from kg.mapping.kb_files import load_kb_files
    from kg.services.validate.core import DEFAULT_ENGINE, DocumentChecker

    kb_files = tuple(kb_files)
    profiles = load_profiles(profiles)
    summary = BuildSummary()
    coder = coder or coder_with(load_kb_files(kb_files))
    # pages read with other site profiles must not count as unchanged
    fingerprint = (f"{coder.fingerprint}; mapping {MAPPING_REVISION}"
                   + (f"; profiles {profiles_digest(profiles)}" if profiles else ""))
    stamp = Stamp(build_time(), fingerprint)
    if scheduler:
        from kg.build.distributed import DaskExtractor

        extractor = DaskExtractor(scheduler, kb_files, stamp, shards)
    elif jobs > 1:
        extractor = ParallelExtractor(jobs, kb_files, stamp)
    else:
        extractor = SerialExtractor(coder, stamp)
    checker = DocumentChecker(engine or DEFAULT_ENGINE, tuple(shapes)) if check else None
    shared = SharedNodeCheck(store, checker) if checker else None
    actors = ActorsGraphWriter(store)
    resolver = ActorResolver(store) if resolve_actors else None
    linker = HappeningLinker(store) if link_happenings else None
    statements_writer = SharedStatementsWriter(store)
    legacy: dict[str, pyoxigraph.NamedNode] = {}  # key -> the graph its input had under the old key
    started = False
    changed = False  # a stored document was replaced or removed, or reference data rewritten

    def report(outcome: Outcome) -> None:
        summary.add(outcome)
        if progress:
            progress(outcome)

    def batches() -> Iterator[list[WorkItem]]:
        nonlocal started, changed
        batch: list[WorkItem] = []
        for item in work_items(paths, columns, profiles):
            if isinstance(item, Problem):
                report(Outcome(item.source, item.key, item.status, item.message, input_error=item.input_error))
                continue
            if not started:  # the bundled graphs, once there is something to build
                ensure_ontology(store)
                changed |= ensure_reference_data(store, coder, actors)
                started = True
            graph = iris.graph_iri(item.key)
            stored = store.graph_hash(graph)
            old = _legacy_graph(store, item)
            if not force and stored == item.digest and store.graph_fingerprint(graph) == fingerprint:
                if old is not None:  # left by a build stopped between writing this and removing that
                    store.remove_graph(old)
                    changed = True
                report(Outcome(item.source, item.key, "unchanged"))
                continue
            changed |= stored is not None  # a stored document is rebuilt: prune after the build
            if old is not None:
                legacy[item.key] = old
            batch.append(item)
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch

    def stored_batch(results: list[DocumentResult]) -> None:
        nonlocal changed
        changed |= _store_batch(store, results, checker, shared, actors, legacy, report, resolver, linker,
                                statements_writer)

    try:
        for results in extractor.run(batches()):
            stored_batch(results)
    finally:
        extractor.close()
    if started:
        statements_writer.finish()  # nothing pending unless a batch failed half-way
        if changed:
            prune(store)  # descriptions only replaced documents pointed to
            refresh_topic_labels(store)  # spellings only replaced documents used
        if resolver:
            resolver.resolve()  # the names of the documents built or replaced, across the store
            summary.timings["actor resolution"] = resolver.seconds
        else:
            drop_actor_resolution(store)
        if linker:
            linker.link()  # the happenings of the events built or replaced, across the store
            summary.timings["happening linking"] = linker.seconds
        else:
            drop_happenings(store)
        align(store)  # topics of different glossaries, linked again over what the store now holds
    store.flush()
    return summary


def _legacy_graph(store: KgStore, item: WorkItem) -> pyoxigraph.NamedNode | None:
    """The graph this input was stored in under the key the rule before issue 21 gave it (its file
    name; its path under a directory given), when that graph holds the same content and was made
    by an earlier mapping: the same document, which the graph of its new key replaces. Never a
    document keyed by the current rule (which could share that name), never other content."""
    if not item.legacy_key or item.legacy_key == item.key:
        return None
    graph = iris.legacy_graph_iri(item.legacy_key)
    if store.graph_hash(graph) != item.digest:
        return None
    revision = _REVISION.search(store.graph_fingerprint(graph) or "")
    return graph if revision is None or int(revision.group(1)) < _PATH_KEYS_SINCE else None


def _store_batch(store: KgStore, results: list[DocumentResult], checker, shared: SharedNodeCheck | None,
                 actors: ActorsGraphWriter, legacy: dict, report, resolver: ActorResolver | None = None,
                 linker: HappeningLinker | None = None,
                 statements_writer: SharedStatementsWriter | None = None) -> bool:
    """Check a batch against the shapes and write what passes; True when a stored graph went
    (a document stored under its old key, now under its new one)."""
    statements_writer = statements_writer or SharedStatementsWriter(store)
    good = [r for r in results if r.error is None]
    statements = {r.item.key: shared_statements(r.quads) for r in good}  # about shared nodes
    spellings = {r.item.key: document_spellings(r.quads, statements[r.item.key]) for r in good}
    replaced = {legacy[r.item.key] for r in good if r.item.key in legacy}
    # the topics' labels, counted with the spellings of every stored document but the ones replaced
    labels = batch_labels(store, [(r.graph, spellings[r.item.key]) for r in good], replaced)
    by_topic: dict = {}
    for q in labels:
        by_topic.setdefault(q.subject, []).append(q)
    topic_labels = {key: [q for t in sorted(found, key=str) for q in by_topic.get(t, ())]
                    for key, found in spellings.items()}
    rejected: dict[str, str] = {}
    if checker:
        # each document is checked with the shared descriptions of what it names and its topics' labels
        rejected = checker.failures([(r.item.key, r.quads + r.reference + topic_labels[r.item.key]) for r in good])
        # and with what the store says of the nodes it shares with other documents
        rewritten = {ACTORS_GRAPH: {q.subject for r in good for q in r.reference},
                     TOPICS_GRAPH: set(by_topic)}
        rejected |= shared.failures(
            [(r.item.key, statements[r.item.key] + r.reference + topic_labels[r.item.key],
              {r.graph} | ({legacy[r.item.key]} if r.item.key in legacy else set()))
             for r in good if r.item.key not in rejected], rewritten)
    to_write = [r for r in good if r.item.key not in rejected]
    if len(to_write) < len(good):  # a rejected document's spellings must not choose a label
        replaced = {legacy[r.item.key] for r in to_write if r.item.key in legacy}
        labels = batch_labels(store, [(r.graph, spellings[r.item.key]) for r in to_write], replaced)
    written = {r.item.key: len(set(r.quads)) for r in to_write}
    # each document's graph keeps its own nodes; its statements about shared nodes go, once for the
    # store, into the shared statements graph (kg.build.shared_statements)
    parts = {r.item.key: split(r.graph, r.quads) for r in to_write}
    actors.add(q for r in to_write for q in r.reference)  # before the documents that point to them
    write_labels(store, labels)  # before the documents, so every stored topic has its label
    replaced_now = [legacy[r.item.key] for r in to_write if r.item.key in legacy]
    if resolver:  # the names these documents (and those they replace) hold, to be resolved after the build
        resolver.pending([(r.graph, r.quads) for r in to_write], replaced_now)
    if linker:  # likewise the happenings their events report
        linker.pending([(r.graph, r.quads) for r in to_write], replaced_now)
    again, marked = statements_writer.before([(r.graph, parts[r.item.key][0]) for r in to_write], replaced_now)
    store.write_graphs([(r.graph, parts[r.item.key][0]) for r in to_write])
    gone = False
    for r in to_write:
        if r.item.key in legacy:  # the same document, stored under its old key until now
            store.remove_graph(legacy.pop(r.item.key))
            gone = True
    statements_writer.after([t for r in to_write for t in parts[r.item.key][1]], again, marked)
    if shared:
        shared.written([statements[r.item.key] + r.reference for r in to_write])
    for r in results:
        source, key = r.item.source, r.item.key
        if r.error is not None:
            report(Outcome(source, key, "failed", r.error, input_error=r.input_error))
        elif key in rejected:
            report(Outcome(source, key, "failed", f"{source}: {rejected[key]}"))
        else:
            report(Outcome(source, key, "built", quads=written[key], uncoded_language=r.uncoded_language))
    return gone
