#!/usr/bin/env python3
"""Build src/kg/data/kb/memberships.jsonl: current members of major organisations and alliances.

Sources: ../shared/data/factbook_json/DERIVED_org_membership_selected.json (derived from the World
Factbook, public domain), and for the Arab League and the OIC, which it lacks, each country file's
"International organization participation" list. The derived file's entries are keyed by the Factbook's GEC codes; they are mapped to ISO
3166 alpha-3 codes the same way scripts/build_kb.py maps the Factbook's country files (by each
file's internet country code, checked against the country's names). Only the status "member" is
kept (observers, partners and candidates are not members). Organisations are the knowledge base's
own ids; those it does not list are left out and reported.

usage: scripts/build_memberships.py [--data ../shared/data] [--output src/kg/data/kb]
Output is sorted, so the same input gives the same bytes.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from build_kb import derived_data_args, factbook_files, map_factbook, write_jsonl  # noqa: E402  (the same GEC -> ISO mapping)

# Keys of the derived file -> knowledge-base organisation ids.
ORGANISATIONS = {
    "NATO": "igo:NATO", "EU": "igo:EU", "CSTO": "igo:CSTO", "GCC": "igo:GCC", "SCO": "igo:SCO",
    "ASEAN": "igo:ASEAN", "AU": "igo:AU", "OPEC": "igo:OPEC", "CIS": "igo:CIS", "EAEU": "igo:EAEU",
    "G-7": "igo:G7", "G-20": "igo:G20", "BRICS": "igo:BRICS", "OSCE": "igo:OSCE", "UN": "igo:UN",
}


# Factbook files for organisations that are themselves members (the EU in the G7 and G20).
GEC_ORGANISATIONS = {"ee": "igo:EU"}

# Organisations the derived file lacks, read from each country file's "International organization
# participation" list (Factbook abbreviations; an entry with a parenthesised status such as
# "(observer)" is not a membership).
PARTICIPATION = {"LAS": "igo:ARAB_LEAGUE", "OIC": "igo:OIC"}


def build(data: Path) -> tuple[list[dict], list[str]]:
    derived = json.loads((data / "factbook_json" / "DERIVED_org_membership_selected.json").read_text(encoding="utf-8"))
    iso_by_gec = {gec: iso3 for iso3, (gec, _) in map_factbook(factbook_files(data)).items()}
    rows, skipped = [], []
    for key, members in sorted(derived.items()):
        organisation = ORGANISATIONS.get(key)
        if organisation is None:
            skipped.append(f"{key}: not in the knowledge base")
            continue
        for m in members:
            if m.get("status") != "member":
                continue
            iso3 = iso_by_gec.get(m.get("gec", ""))
            member = f"state:{iso3}" if iso3 else GEC_ORGANISATIONS.get(m.get("gec", ""))
            if member is None:
                skipped.append(f"{key}: {m.get('country')} ({m.get('gec')}) has no ISO 3166 entry")
                continue
            rows.append({"organization": organisation, "member": member, "status": "member",
                         "source": "factbook"})
    rows.extend(_participation_rows(data))
    rows = sorted({json.dumps(r, sort_keys=True) for r in rows})
    return [json.loads(r) for r in rows], skipped


def _participation_rows(data: Path) -> list[dict]:
    rows = []
    for iso3, (_, doc) in sorted(map_factbook(factbook_files(data)).items()):
        listed = doc.get("Government", {}).get("International organization participation", {}).get("text", "")
        for item in (part.strip() for part in listed.split(",")):
            organisation = PARTICIPATION.get(item)  # "LAS (observer)" does not match: not a member
            if organisation:
                rows.append({"organization": organisation, "member": f"state:{iso3}", "status": "member",
                             "source": "factbook"})
    return rows


def main(argv=None) -> int:
    args = derived_data_args(__doc__.split("\n\n")[0], argv)
    rows, skipped = build(args.data)
    write_jsonl(args.output / "memberships.jsonl", rows)
    for line in skipped:
        print(f"  skipped {line}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
