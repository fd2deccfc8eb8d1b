"""From work items to document graphs: read, extract, map — in this process or in N workers.

With ``jobs`` > 1, each worker process loads the pipeline and the knowledge base once (in its
initializer) and turns batches of items into N-Quads; the parent, the single writer, parses them
back. At most ``2 × jobs`` batches are in flight, so memory is bounded by the batch size, not by
the corpus. Results come back in input order, and a document's quads do not depend on which
process made them, so ``--jobs 2`` writes exactly what ``--jobs 1`` writes.
"""
from __future__ import annotations

import io
import os
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyoxigraph

from kg.build.inputs import WorkItem
from kg.errors import InputError, shown_name, unexpected


@dataclass
class DocumentResult:
    """``quads`` of the document's graph ``graph`` and the ``reference`` quads (shared actors
    graph) describing what it names, or the ``error`` that stopped it."""

    item: WorkItem
    graph: pyoxigraph.NamedNode | None = None
    quads: list[pyoxigraph.Quad] | None = None
    error: str | None = None
    input_error: bool = False
    reference: list[pyoxigraph.Quad] = field(default_factory=list)
    uncoded_language: str | None = None  # events not coded: the pipeline does not read this language


@dataclass(frozen=True)
class Stamp:
    """What every document of one build is stamped with: the build time, and what it was
    extracted with (kg, pipeline, knowledge-base files, site profiles)."""

    built_at: datetime
    fingerprint: str


def extract_item(item: WorkItem, coder, stamp: Stamp) -> DocumentResult:
    """One item through reader, extractor and mapping; a failure is the result, not an exception."""
    from kg.extraction.extract import extract
    from kg.mapping.document_graph import document_quads

    try:
        document = item.document()
        extraction = extract(document, coder)
        graph, quads, reference = document_quads(document, extraction, item.key, stamp.built_at,
                                                 fingerprint=stamp.fingerprint)
        return DocumentResult(item, graph, quads, reference=reference,
                              uncoded_language=extraction.uncoded_language)
    except InputError as exc:
        return DocumentResult(item, error=str(exc), input_error=True)
    except Exception as exc:  # one document's failure must not stop the others
        where = shown_name(item.source) + (f":{item.record.line}" if item.record is not None else "")
        return DocumentResult(item, error=f"{where}: {unexpected(exc)}")


class SerialExtractor:
    """Extraction in this process (``--jobs 1``)."""

    def __init__(self, coder, stamp: Stamp):
        self.coder, self.stamp = coder, stamp

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[list[DocumentResult]]:
        for batch in batches:
            yield [extract_item(item, self.coder, self.stamp) for item in batch]

    def close(self) -> None:
        pass


# -- worker processes ------------------------------------------------------------------------------

_worker_coder = None


def _exit_with_parent(interval: float = 1.0, parent: int | None = None) -> None:
    """End this worker when the build that started it (``parent``, its process id) is gone. A
    parent killed with SIGKILL (or aborted) cannot shut its pool down, and orphaned workers would
    go on extracting, or wait, for nobody. The id is the one the build gave: a build killed while
    this worker was still starting has already left it to another parent."""
    import os
    import threading
    import time

    parent = parent or os.getppid()
    if os.getppid() != parent:
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent:  # re-parented: the build process has died
                os._exit(1)

    threading.Thread(target=watch, name="kg-parent-watch", daemon=True).start()


def _init_worker(kb_files: tuple[str, ...], parent: int | None = None) -> None:
    global _worker_coder
    import signal

    from kg.extraction.coding import coder_with
    from kg.mapping.kb_files import load_kb_files

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the pool
    _exit_with_parent(parent=parent)
    from kg.errors import show_kg_warnings_as_lines

    show_kg_warnings_as_lines()  # "kg: warning: FILE: ..." as the parent shows its own

    _worker_coder = coder_with(load_kb_files(kb_files))


def _extract_batch(batch: list[WorkItem], stamp: Stamp) -> list[tuple]:
    """In a worker: each item's graph as N-Quads bytes (pyoxigraph terms do not pickle)."""
    return _encode(batch, _worker_coder, stamp)


def extract_batch_nquads(batch: list[WorkItem], stamp: Stamp, kb_files: tuple[str, ...] = ()) -> list[tuple]:
    """In any worker process (a pool's or a cluster's): the batch's graphs as N-Quads, with this
    process's coder, loaded on first use and kept for later batches."""
    global _worker_coder
    if _worker_coder is None:
        from kg.extraction.coding import coder_with
        from kg.mapping.kb_files import load_kb_files

        _worker_coder = coder_with(load_kb_files(kb_files))
    return _encode(batch, _worker_coder, stamp)


def _encode(batch: list[WorkItem], coder, stamp: Stamp) -> list[tuple]:
    """(graph IRI, N-Quads bytes, error, input_error, uncoded language) for each item of ``batch``."""
    out = []
    for item in batch:
        result = extract_item(item, coder, stamp)
        if result.error is not None:
            out.append((None, None, result.error, result.input_error, None))
            continue
        buffer = io.BytesIO()
        pyoxigraph.serialize(result.quads + result.reference, buffer, format=pyoxigraph.RdfFormat.N_QUADS)
        out.append((result.graph.value, buffer.getvalue(), None, False, result.uncoded_language))
    return out


class ParallelExtractor:
    """Extraction in ``jobs`` worker processes, started with "spawn" (a fork would copy the
    parent's open store and its threads)."""

    def __init__(self, jobs: int, kb_files: Iterable[Path], stamp: Stamp):
        self.jobs, self.stamp = jobs, stamp
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                                        initargs=(tuple(str(p) for p in kb_files), os.getpid()))

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[list[DocumentResult]]:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, self.pool.submit(_extract_batch, batch, self.stamp)))
            if len(pending) >= 2 * self.jobs:
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    @staticmethod
    def _collect(batch: list[WorkItem], future) -> list[DocumentResult]:
        return collect_batch(batch, future.result())

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def collect_batch(batch: list[WorkItem], encoded: list[tuple]) -> list[DocumentResult]:
    """The results a worker sent back as N-Quads, parsed again (in input order)."""
    results = []
    for item, (graph, data, error, input_error, uncoded) in zip(batch, encoded):
        if error is not None:
            results.append(DocumentResult(item, error=error, input_error=input_error))
            continue
        graph = pyoxigraph.NamedNode(graph)
        quads, reference = [], []
        for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_QUADS):
            (quads if quad.graph_name == graph else reference).append(quad)
        results.append(DocumentResult(item, graph, quads, reference=reference, uncoded_language=uncoded))
    return results
