"""``kg code``: code plain sentences (JSONL in, JSONL out) without a store.

Input records: ``{"id": ..., "text": ..., "date": "YYYY-MM-DD"}`` (date optional). Output records:
``{"id": ..., "events": [{"source", "source_label", "type", "cameo", "target", "target_label",
"date", "evidence", "confidence", "factuality"}]}``. Actor codes: ISO 3166 alpha-3 for states; the
state's code plus a CAMEO agent suffix for its government bodies and office holders ("ARMGOV");
the CAMEO-style code of the knowledge base for organisations; null for actors it lacks.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from kg.extraction.coding import Coder, default_coder
from kg.extraction.events import CodedEvent
from kg.extraction.gazetteer import Actor


@dataclass(frozen=True)
class BadRecord:
    line: int
    problem: str


def actor_code(actor: Actor | None, on: date | None, coder: Coder) -> str | None:
    if actor is None:
        return None
    if actor.iso3:
        return actor.iso3
    part_of = getattr(actor, "part_of", None)
    if part_of is not None and not isinstance(part_of, str):
        if part_of.iso3:
            return part_of.iso3 + "GOV"
        return actor_code(part_of, on, coder)
    if actor.cls == "Person":
        state = coder.gazetteer.state_of(actor, on) or coder.gazetteer.state_of(actor, None)
        roles = getattr(actor, "roles", ())
        for role in roles:
            if state is not None and getattr(role, "cameo", None) and role.cameo.startswith(state.iso3 or "?"):
                return role.cameo
        if state is not None and state.iso3:
            return state.iso3 + "GOV"
        # an official of an organisation ("U.N. Secretary-General"): the role's own code
        return next((role.cameo for role in roles if getattr(role, "cameo", None)), None)
    if actor.id.startswith("local:"):
        return None
    return getattr(actor, "cameo", None) or actor.id.split(":", 1)[1].upper()


def event_record(event: CodedEvent, text_date: date | None, coder: Coder, text: str) -> dict:
    on = event.time.latest if event.time else text_date
    start, end = event.sentence
    return {
        "source": actor_code(event.source, on, coder),
        "source_label": event.source.label,
        "type": event.entry.plover,
        "cameo": event.entry.cameo,
        "target": actor_code(event.target, on, coder),
        "target_label": event.target.label if event.target else None,
        "date": event.time.edtf if event.time else None,
        "evidence": text[start:end],
        "confidence": event.confidence,
        "factuality": event.factuality,
        "historical": event.historical,
        "trigger": event.trigger,
    }


def parse_records(lines: Iterable[str]) -> Iterator[tuple[int, dict | BadRecord]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, BadRecord(number, f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield number, BadRecord(number, 'a record needs a "text" string')
            continue
        raw_date = record.get("date")
        if raw_date not in (None, ""):
            try:
                date.fromisoformat(str(raw_date)[:10])
            except ValueError:
                yield number, BadRecord(number, f'"date" is not YYYY-MM-DD: {raw_date!r}')
                continue
        yield number, record


def code_records(lines: Iterable[str], coder: Coder | None = None,
                 include_all: bool = False) -> Iterator[dict | BadRecord]:
    """One output record (or a BadRecord) per input line with content."""
    coder = coder or default_coder()
    pending: list[dict | BadRecord] = []

    def flush():
        good = [(r["text"], _date_of(r)) for r in pending if not isinstance(r, BadRecord)]
        coded = iter(coder.code_texts(good))
        for r in pending:
            if isinstance(r, BadRecord):
                yield r
                continue
            on = _date_of(r)
            events = [e for e in next(coded).events if include_all or e.factuality == "asserted"]
            yield {"id": r.get("id"), "events": [event_record(e, on, coder, r["text"]) for e in events]}
        pending.clear()

    # Records are parsed in batches (fast), and written in input order.
    for _, record in parse_records(lines):
        pending.append(record)
        if len(pending) >= 64:
            yield from flush()
    yield from flush()


def _date_of(record: dict) -> date | None:
    raw = record.get("date")
    return date.fromisoformat(str(raw)[:10]) if raw else None
