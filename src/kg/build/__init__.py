"""``kg build``: inputs into documents, documents into their graphs, graphs into the store.

- :mod:`kg.build.inputs` turns paths into work items (files, corpus records, archived pages);
- :mod:`kg.build.pipeline` extracts and maps one item into its quads (in this process or in
  workers; :mod:`kg.build.distributed` on a Dask cluster);
- :mod:`kg.build.run` is the loop: batches, the per-document check, one transaction per batch;
- after each build the shared graphs are brought up to date: :mod:`kg.build.actors_graph`,
  :mod:`kg.build.topic_labels`, :mod:`kg.build.alignment`; :mod:`kg.build.shared_nodes` checks a
  batch against what the store already says of the nodes it shares.
"""
from __future__ import annotations

import sys
import types

_PUBLIC = {"build": "kg.build.run", "BuildSummary": "kg.build.run", "Outcome": "kg.build.run",
           "work_items": "kg.build.inputs", "input_key": "kg.build.inputs"}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    # imported when first asked for, so that importing one floor's module does not load the loop
    if name in _PUBLIC:
        import importlib
        return getattr(importlib.import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'kg.build' has no attribute {name!r}")


class _CallableBuild(types.ModuleType):
    """``kg.build`` is this package and, called, :func:`kg.build.run.build`: the package's name is the
    verb of the front door (``kg.build(paths, store)``), and Python names a package's attribute of
    its parent after the package once any of its modules is imported."""

    def __call__(self, *args, **kwargs):
        from kg.build.run import build
        return build(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableBuild
