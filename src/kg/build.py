"""``kg build``: read inputs, extract facts, map them to RDF and store one graph per document.

Incremental and idempotent: a document whose content hash is already recorded with its graph
is skipped; a changed one replaces its own graph in one transaction; a document that fails is
reported and the others go on.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph

from kg.alignment import align
from kg.errors import InputError
from kg.extraction.coding import Coder, default_coder
from kg.extraction.extract import extract
from kg.mapping import iris
from kg.mapping.document_graph import document_quads
from kg.mapping.reference_graph import MEMBERSHIPS_GRAPH, membership_quads
from kg.mapping.namespaces import KG, KGID
from kg.readers import content_hash, read_document
from kg.readers.text_input import read_bytes
from kg.resources import ontology_files
from kg.store import Store

ONTOLOGY_GRAPH = KGID["graph/ontology"]


@dataclass(frozen=True)
class Outcome:
    source: str
    key: str
    status: str  # "built", "unchanged" or "failed"
    message: str = ""
    quads: int = 0
    input_error: bool = False


@dataclass
class BuildSummary:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_status(self) -> int:
        """0 all good; 2 an input could not be read or recognised; 1 a document failed otherwise."""
        if any(o.input_error for o in self.failed):
            return 2
        return 1 if self.failed else 0

    def line(self) -> str:
        return (f"{self.count('built')} built, {self.count('unchanged')} unchanged, "
                f"{self.count('failed')} failed")


@dataclass(frozen=True)
class InputFile:
    path: Path
    key: str  # machine-independent identity of the document: its name or path under the root


def collect_inputs(paths: Iterable[Path]) -> tuple[list[InputFile], list[Outcome]]:
    """Files to read (directories walked in sorted order) and outcomes for paths that do not exist."""
    files, missing = [], []
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")):
                files.append(InputFile(child, child.relative_to(path).as_posix()))
        elif path.exists():
            files.append(InputFile(path, path.name))
        else:
            missing.append(Outcome(str(path), path.name, "failed", f"{path}: no such file or directory",
                                   input_error=True))
    return files, missing


def build_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set, so builds can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def _replace_if_changed(store: Store, graph, digest: str, make_quads: Callable[[], list]) -> bool:
    """Rewrite a bundled-data graph only when its source changed; True when it was (re)written."""
    if store.graph_hash(graph) == digest:
        return False
    quads = make_quads()
    quads.append(pyoxigraph.Quad(graph, KG.contentHash, pyoxigraph.Literal(digest), graph))
    store.replace_graph(graph, quads)
    return True


def ensure_ontology(store: Store) -> bool:
    """Keep the ontology and PLOVER scheme in their own graph."""
    files = ontology_files()

    def quads() -> list:
        # Blank nodes get fresh labels on every load; skolem IRIs numbered in parse order
        # (RDF 1.1 section 3.5) keep the stored ontology, and so every export, identical.
        labels: dict[pyoxigraph.BlankNode, pyoxigraph.NamedNode] = {}

        def stable(term):
            if isinstance(term, pyoxigraph.BlankNode):
                return labels.setdefault(term, KGID[f".well-known/genid/ontology-{len(labels)}"])
            return term

        out = []
        for path in files:
            with path.open("rb") as f:
                for t in pyoxigraph.parse(f, format=pyoxigraph.RdfFormat.TURTLE):
                    out.append(pyoxigraph.Quad(stable(t.subject), t.predicate, stable(t.object), ONTOLOGY_GRAPH))
        return out

    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()
    return _replace_if_changed(store, ONTOLOGY_GRAPH, digest, quads)


def ensure_reference_data(store: Store, coder: Coder) -> bool:
    """Keep the reference memberships (from the knowledge base) in their own graph."""
    from importlib import resources

    text = resources.files("kg").joinpath("data/kb/memberships.jsonl").read_text(encoding="utf-8")
    rows = lambda: [json.loads(line) for line in text.splitlines() if line.strip()]  # noqa: E731
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return _replace_if_changed(store, MEMBERSHIPS_GRAPH, digest,
                               lambda: membership_quads(rows(), coder.gazetteer))


def build(paths: Iterable[Path | str], store: Store, *, force: bool = False,
          progress: Callable[[Outcome], None] | None = None, coder: Coder | None = None) -> BuildSummary:
    """Build every input into ``store``; ``progress`` is called after each document. ``coder``
    carries the pipeline, knowledge base and lexicon (default: the bundled ones)."""
    summary = BuildSummary()
    files, missing = collect_inputs(Path(p) for p in paths)
    for outcome in missing:
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)
    if files:
        ensure_ontology(store)
        ensure_reference_data(store, coder or default_coder())
    built_at = build_time()
    for item in files:
        outcome = build_one(item, store, force=force, built_at=built_at, coder=coder)
        summary.outcomes.append(outcome)
        if progress:
            progress(outcome)
    if files:
        align(store)  # topics of different glossaries, linked again over what the store now holds
    store.flush()
    return summary


def build_one(item: InputFile, store: Store, *, force: bool, built_at: datetime,
              coder: Coder | None = None) -> Outcome:
    source = str(item.path)
    try:
        data = read_bytes(item.path)
        graph = iris.graph_iri(item.key)
        digest = content_hash(data)
        coder = coder or default_coder()
        if not force and store.graph_hash(graph) == digest and store.graph_fingerprint(graph) == coder.fingerprint:
            return Outcome(source, item.key, "unchanged")
        document = read_document(item.path, source, data)
        graph, quads = document_quads(document, extract(document, coder), item.key, built_at,
                                      fingerprint=coder.fingerprint)
        written = store.replace_graph(graph, quads)
        return Outcome(source, item.key, "built", quads=written)
    except InputError as exc:
        return Outcome(source, item.key, "failed", str(exc), input_error=True)
    except Exception as exc:  # one document's failure must not stop the others
        return Outcome(source, item.key, "failed", f"{source}: {type(exc).__name__}: {exc}")
