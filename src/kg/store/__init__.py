"""Where the graphs live. What every kg store does: :mod:`kg.store.base` (:class:`KgStore`); opening
one: :func:`open_store` (:mod:`kg.store.opener`). The embedded Oxigraph store on disk
(:mod:`kg.store.local`), or any SPARQL 1.1 server (:mod:`kg.store.remote`, with
:mod:`kg.store.credentials`, :mod:`kg.store.sparql_results` and :mod:`kg.store.remote_errors`);
SPARQL Update text for both (:mod:`kg.store.sparql_update`)."""
from __future__ import annotations

_PUBLIC = {"KgStore": "kg.store.base", "open_store": "kg.store.opener", "StoreChoiceError": "kg.store.opener",
           "Store": "kg.store.local", "default_store_path": "kg.store.local", "DEFAULT_STORE": "kg.store.local",
           "RemoteStore": "kg.store.remote", "RemoteError": "kg.store.remote_errors"}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        import importlib
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
