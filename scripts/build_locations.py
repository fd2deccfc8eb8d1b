#!/usr/bin/env python3
"""Build src/kg/data/kb/locations.jsonl: where each state lies, in the World Factbook's words.

Source: the "Geography -> Location" field of each country file under ../shared/data/factbook_json/
(public domain), e.g. "Middle East, bordering the Persian Gulf, between Iraq and Saudi Arabia". Files
are mapped to ISO 3166 alpha-3 codes as scripts/build_kb.py maps them. kg uses the field to resolve
groups a definition names by description ("Arab states of the Persian Gulf").

usage: scripts/build_locations.py [--data ../shared/data] [--output src/kg/data/kb]
Output is sorted, so the same input gives the same bytes.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_kb import clean, derived_data_args, factbook_files, map_factbook, write_jsonl  # noqa: E402  (the same GEC -> ISO mapping)


def build(data: Path) -> list[dict]:
    rows = []
    for iso3, (_, doc) in sorted(map_factbook(factbook_files(data)).items()):
        location = clean(doc.get("Geography", {}).get("Location", {}).get("text"))
        if location:
            rows.append({"state": f"state:{iso3}", "location": location})
    return rows


def main(argv=None) -> int:
    args = derived_data_args(__doc__.split("\n\n")[0], argv)
    write_jsonl(args.output / "locations.jsonl", build(args.data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
