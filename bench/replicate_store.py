"""A store N times the size of a built one, for timing validation and queries at scale without
hours of extraction: every document graph is copied N times, each copy's document, article,
build and graph IRIs given their own prefix; the reference graphs (ontology, actors, alignment…)
are kept once, as a build would share them.

    python bench/replicate_store.py --store /tmp/kg-bench/stores/synthetic-1250 --copies 5 --output /tmp/kg-5x

The copies are real kg graphs (each one validates as its original does), but five copies of one
corpus are more alike than five corpora: the figures are for the engines, not for extraction.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

import pyoxigraph

ID = "https://w3id.org/kg/id/"
# the kinds of IRI a document graph owns (everything else it points to is shared)
OWNED = re.compile(re.escape(ID) + r"(doc|article|build|graph)/")


def replicate(source: Path, copies: int, output: Path) -> int:
    src = pyoxigraph.Store.read_only(str(source))
    if output.exists():
        sys.exit(f"{output}: exists; give a new directory")
    dst = pyoxigraph.Store(str(output))
    total = 0
    for graph in [pyoxigraph.DefaultGraph(), *src.named_graphs()]:
        quads = src.dump(format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8")
        owned = (isinstance(graph, pyoxigraph.NamedNode) and OWNED.match(graph.value)
                 and not graph.value.startswith((f"{ID}graph/reference/", f"{ID}graph/ontology", f"{ID}graph/alignment")))
        for k in range(copies if owned else 1):
            name = graph
            body = quads
            if owned and k:
                body = OWNED.sub(lambda m: f"{ID}{m.group(1)}/copy{k}-", quads)
                name = pyoxigraph.NamedNode(OWNED.sub(lambda m: f"{ID}{m.group(1)}/copy{k}-", graph.value))
            dst.bulk_load(body.encode("utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES,
                          to_graph=name if isinstance(name, pyoxigraph.NamedNode) else pyoxigraph.DefaultGraph())
            total += body.count("\n")
    dst.flush()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True, help="a kg store to copy from")
    parser.add_argument("--copies", type=int, required=True, help="copies of each document graph")
    parser.add_argument("--output", type=Path, required=True, help="a new store directory")
    args = parser.parse_args()
    started = time.perf_counter()
    n = replicate(args.store, args.copies, args.output)
    print(f"{n:,} quads -> {args.output} in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
