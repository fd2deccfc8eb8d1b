#!/usr/bin/env bash
# The main job on the example page kg ships: build -> validate -> a bundled query.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
STORE=$(mktemp -d)/store
.venv/bin/kg build examples/sample-page.txt --store "$STORE"
.venv/bin/kg validate --store "$STORE"
.venv/bin/kg query topics --store "$STORE"
.venv/bin/kg query actors --store "$STORE"
