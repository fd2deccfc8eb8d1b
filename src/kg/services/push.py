"""``kg push``: copy every named graph of one kg store (a local one) to a SPARQL server, each
replacing the graph of the same name there, so pushing twice changes nothing.

A service, not a store: it reads one store and writes another, through the store contract
(:class:`kg.store.base.KgStore`), and decides what a failed upload means (try again, report it
and go on, or stop) from :class:`kg.store.remote_errors.RemoteError`.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from pyoxigraph import NamedNode, Quad

from kg.store.base import KgStore
from kg.store.remote import RemoteStore
from kg.store.remote_errors import RemoteError


def local_graph_quads(store: KgStore, graph: NamedNode) -> list[Quad]:
    """Every quad of ``graph`` in ``store``, as one list (what one upload sends)."""
    return list(store.graph_quads(graph))


@dataclass
class PushSummary:
    """What ``push`` did: the graphs and quads sent, and the graphs that failed (with why)."""

    url: str
    graphs: int = 0
    quads: int = 0
    failed: list[tuple[NamedNode, str]] = field(default_factory=list)

    def line(self) -> str:
        return (f"{self.graphs} graph{'s' if self.graphs != 1 else ''} ({self.quads} quads) -> {self.url}, "
                f"{len(self.failed)} failed")

    @property
    def exit_status(self) -> int:
        return 1 if self.failed else 0


def push(store: KgStore, remote: RemoteStore, *, tries: int = 3, backoff: float = 1.0,
         progress: Callable[[str, NamedNode, str], None] | None = None) -> PushSummary:
    """Upload every named graph of ``store`` to ``remote``, replacing what the server holds under
    the same names (so pushing twice changes nothing). Graphs only on the server are left alone.

    A graph whose upload fails for a reason that may pass (no connection, timeout, 5xx) is tried
    up to ``tries`` times, waiting ``backoff``, then twice that, … seconds in between; one that
    still fails, or that the server rejects, is counted in ``failed`` and the others go on.
    Raises :class:`RemoteError` at once if the server cannot be reached at all or refuses the
    credentials (nothing else could succeed). ``progress(event, graph, detail)`` is called with
    ``"pushed"`` (detail: quad count), ``"retry"`` and ``"failed"`` (detail: the reason)."""
    remote.ping()
    summary = PushSummary(remote.query_url)
    for graph in store.graphs():
        quads = local_graph_quads(store, graph)
        for attempt in range(1, max(1, tries) + 1):
            try:
                count = remote.replace_graph(graph, quads)
            except RemoteError as exc:
                if exc.kind == "auth":
                    raise
                if exc.transient and attempt < tries:
                    if progress:
                        progress("retry", graph, f"{exc} (try {attempt + 1} of {tries})")
                    time.sleep(backoff * 2 ** (attempt - 1))
                    continue
                if exc.kind == "unreachable":
                    raise  # the server is gone: every other graph would fail the same way
                summary.failed.append((graph, str(exc)))
                if progress:
                    progress("failed", graph, str(exc))
            else:
                summary.graphs += 1
                summary.quads += count
                if progress:
                    progress("pushed", graph, str(count))
            break
    return summary
