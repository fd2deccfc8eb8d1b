"""Opening a kg store, local or remote, with one call: :func:`open_store`. Every command that takes
``--store`` (or ``$KG_STORE``) and ``--endpoint`` opens its store through it."""
from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from kg.errors import UsageError
from kg.store.base import KgStore


class StoreChoiceError(UsageError):
    """Both a store directory and an endpoint were given: a command works on one store."""


def open_store(path: Path | str | None = None, endpoint: str | None = None, *, read_only: bool = False,
               wait: float = 0, update_url: str | None = None, graph_store_url: str | None = None,
               timeout: float | None = None, server_timeout: str | None = None,
               server_timeout_param: str = "timeout", union_param: str | None = None,
               environ: Mapping[str, str] | None = None) -> KgStore:
    """The store at ``path`` (default ``$KG_STORE``, else ``./.kg/store``) or, with ``endpoint`` (a
    SPARQL 1.1 query URL), the server there. Use it as a context manager.

    Local: ``read_only`` opens an existing store without the writer's lock (a missing one is a
    :class:`kg.errors.StoreError`); otherwise the store is made if need be, and ``wait`` is how
    many seconds to wait for another kg process writing to it (0: refuse at once).

    Remote: nothing is sent until the first request (``store.ping()`` checks the server answers).
    ``update_url``, ``graph_store_url``, ``timeout``, ``server_timeout`` and
    ``server_timeout_param`` are :class:`kg.store.remote.RemoteStore`'s; ``union_param`` is the
    text ``--union-param`` takes (``NAME=VALUE``, ``none``; None: Oxigraph's parameter);
    ``environ``: where credentials are read (default ``os.environ``). A URL that is not http(s)
    or a malformed ``union_param`` is a :class:`kg.errors.UsageError`.

    Both ``path`` and ``endpoint``: :class:`StoreChoiceError` (a UsageError). An empty ``endpoint``
    is an endpoint (and not an http(s) URL), not "no endpoint": pass None for that."""
    if path is not None and endpoint is not None:
        raise StoreChoiceError("give --store or --endpoint, not both")
    if endpoint is not None:
        from kg.store.remote import DEFAULT_TIMEOUT, RemoteStore, parse_union_param

        return RemoteStore(endpoint, update_url=update_url, graph_store_url=graph_store_url,
                           timeout=DEFAULT_TIMEOUT if timeout is None else timeout, server_timeout=server_timeout,
                           server_timeout_param=server_timeout_param, union_param=parse_union_param(union_param),
                           environ=environ)
    from kg.store.local import Store

    return Store(path, read_only=read_only, wait=wait)
