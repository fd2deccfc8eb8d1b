"""Extraction on a Dask cluster: the map over documents runs on the cluster's workers.

Dask (``distributed``) is what many researchers already run, from a laptop's LocalCluster to
Slurm/PBS (dask-jobqueue) and Kubernetes, and it ships plain Python functions without a JVM;
see docs/distributed-builds.md for the choice. The build stays what it is locally: inputs are read
here and sent to the workers in batches; each worker loads the pipeline and the knowledge base
once and sends back each document's graph as N-Quads; this process, the single writer, checks
and stores them batch by batch (so a killed build is restartable, as locally) and, with
``shards``, also keeps each batch as an N-Quads shard file. The quads are the ones a local build
writes: a document's graph depends only on the document and the build time.

The workers need kg (the same version) and its English pipeline installed.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.build.inputs import WorkItem
from kg.errors import UsageError
from kg.build.pipeline import DocumentResult, Stamp, collect_batch, extract_batch_nquads


def _extract_on_worker(batch: list[WorkItem], stamp: Stamp, kb_files: tuple[str, ...]) -> list[tuple]:
    """A task: the batch's graphs as N-Quads, with the worker's coder (loaded on first use)."""
    return extract_batch_nquads(batch, stamp, kb_files)


class DaskExtractor:
    """Extraction on the Dask cluster whose scheduler is at ``scheduler`` (e.g.
    ``tcp://10.0.0.5:8786``); at most two batches per worker thread are in flight."""

    def __init__(self, scheduler: str, kb_files: Iterable[Path], stamp: Stamp,
                 shards: Path | None = None, timeout: float = 10):
        try:
            from distributed import Client
        except ImportError as exc:  # an optional dependency
            raise UsageError("--executor dask needs Dask's distributed scheduler: "
                             "pip install 'kg[distributed]'") from exc
        try:
            self.client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise UsageError(f"{scheduler}: cannot reach the Dask scheduler: {exc}") from exc
        self.stamp = stamp
        self.kb_files = tuple(str(p) for p in kb_files)
        self.in_flight = 2 * max(1, sum(self.client.nthreads().values()))
        self.shards = shards
        self.shard_count = 0
        if shards is not None:
            shards.mkdir(parents=True, exist_ok=True)

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[list[DocumentResult]]:
        pending: deque = deque()
        for batch in batches:
            future = self.client.submit(_extract_on_worker, batch, self.stamp, self.kb_files, pure=False)
            pending.append((batch, future))
            if len(pending) >= self.in_flight:
                yield self._collect(*pending.popleft())
        while pending:
            yield self._collect(*pending.popleft())

    def _collect(self, batch: list[WorkItem], future) -> list[DocumentResult]:
        encoded = future.result()
        if self.shards is not None:
            self._write_shard(encoded)
        return collect_batch(batch, encoded)

    def _write_shard(self, encoded: list[tuple]) -> None:
        path = self.shards / f"shard-{self.shard_count:06d}.nq"
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as f:
            for _graph, data, error, _input_error, _uncoded in encoded:
                if error is None:
                    f.write(data)
        partial.replace(path)  # a shard is whole or absent
        self.shard_count += 1

    def close(self) -> None:
        self.client.close()
