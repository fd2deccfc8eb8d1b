"""Where the graphs live: the embedded Oxigraph store on disk (:mod:`kg.store.local`), or any
SPARQL 1.1 server (:mod:`kg.store.remote`); SPARQL Update text for both (:mod:`kg.store.sparql_update`)."""
from __future__ import annotations

_PUBLIC = {"Store": "kg.store.local", "default_store_path": "kg.store.local", "DEFAULT_STORE": "kg.store.local",
           "RemoteStore": "kg.store.remote"}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    if name in _PUBLIC:
        import importlib
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")
