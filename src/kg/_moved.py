"""Module paths that moved when kg's modules were put into floors (issue 18), kept importable for
one release: ``import kg.query`` still works, gives :mod:`kg.services.query` itself, and warns
(DeprecationWarning) with the new path. Nothing inside kg uses an old path."""
from __future__ import annotations

import importlib
import sys
from importlib.machinery import ModuleSpec

MOVED = {
    "kg.build_inputs": "kg.build.inputs",
    "kg.pipeline": "kg.build.pipeline",
    "kg.distributed": "kg.build.distributed",
    "kg.actors_graph": "kg.build.actors_graph",
    "kg.alignment": "kg.build.alignment",
    "kg.topic_labels": "kg.build.topic_labels",
    "kg.shared_nodes": "kg.build.shared_nodes",
    "kg.sparql_update": "kg.store.sparql_update",
    "kg.remote": "kg.store.remote",
    "kg.validate": "kg.services.validate",
    "kg.validate_parallel": "kg.services.validate.parallel",
    "kg.shapes_sparql": "kg.services.validate.shapes_sparql",
    "kg.query": "kg.services.query",
    "kg.results": "kg.services.results",
    "kg.export": "kg.services.export",
    "kg.ontology": "kg.services.ontology",
    "kg.sentence_coding": "kg.services.coding",
    "kg.serve": "kg.web.serve",
    "kg.cli_common": "kg.cli.common",
    "kg.cli_plot": "kg.cli.plot",
    "kg.extraction.reference_data": "kg.kb.reference",
    "kg.readers.html_page": "kg.readers.html.page",
    "kg.readers.html_article": "kg.readers.html.article",
    "kg.readers.html_boilerplate": "kg.readers.html.boilerplate",
    "kg.readers.html_decode": "kg.readers.html.decode",
    "kg.readers.html_glossary": "kg.readers.html.glossary",
    "kg.readers.html_meta": "kg.readers.html.meta",
    "kg.readers.html_tree": "kg.readers.html.tree",
    "kg.readers.profiles": "kg.readers.html.profiles",
}


class _Alias:
    """A finder and loader (the import system's protocols, without importlib.abc: ``import kg``
    stays light): finds an old module path, once no file answers to it, and hands out the new
    module."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED:
            return None
        return ModuleSpec(fullname, self)

    def create_module(self, spec):
        import warnings

        new = MOVED[spec.name]
        warnings.warn(f"{spec.name} is now {new}; the old path goes in the next release of kg",
                      DeprecationWarning, stacklevel=3)
        return importlib.import_module(new)

    def exec_module(self, module) -> None:
        pass  # the new module is already executed


def install() -> None:
    if not any(isinstance(finder, _Alias) for finder in sys.meta_path):
        sys.meta_path.append(_Alias())  # last: a real module of that name always wins
