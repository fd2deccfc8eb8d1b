"""``kg code``: code plain sentences (JSONL in, JSONL out) without a store.

Input records: ``{"id": ..., "text": ..., "date": "YYYY-MM-DD"}`` (date optional). Output records:
``{"id": ..., "events": [{"source", "source_label", "type", "cameo", "target", "target_label",
"date", "evidence", "confidence", "factuality", …, "rule"}]}`` (every field: ``kg code --help``). Actor codes: ISO 3166 alpha-3 for states; the
state's code plus a CAMEO agent suffix for its government bodies and office holders ("ARMGOV");
the CAMEO-style code of the knowledge base for organisations; null for actors it lacks.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from kg.errors import one_line, unexpected
from kg.extraction.coding import Coder, CodedText, default_coder
from kg.extraction.events import CodedEvent
from kg.extraction.lexicon import goldstein
from kg.kb.actors import Actor


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
        # an actor named only by its kind carries its CAMEO agent code ("COP", "OPP"), as GDELT
        # codes an actor whose country is unknown; other actors the knowledge base lacks have none
        return actor.cameo if actor.cls == "UnnamedAgent" else None
    return getattr(actor, "cameo", None) or actor.id.split(":", 1)[1].upper()


def _words(role: str, words: tuple[int, int, str] | None, text: str) -> dict:
    """``{role}_text``, ``{role}_start``, ``{role}_end``: the words an actor was read from (None
    when it was inferred)."""
    if words is None:
        return {f"{role}_text": None, f"{role}_start": None, f"{role}_end": None}
    start, end, _ = words
    return {f"{role}_text": text[start:end], f"{role}_start": start, f"{role}_end": end}


def event_record(event: CodedEvent, text_date: date | None, coder: Coder, text: str) -> dict:
    on = event.time.latest if event.time else text_date
    start, end = event.sentence
    return {
        "source": actor_code(event.source, on, coder),
        "source_label": event.source.label,
        "type": event.entry.plover,
        "cameo": event.entry.cameo,
        "goldstein": goldstein(event.entry.cameo),
        "target": actor_code(event.target, on, coder),
        "target_label": event.target.label if event.target else None,
        **_words("source", event.source_words, text), **_words("target", event.target_words, text),
        "date": event.time.edtf if event.time else None,
        "evidence": text[start:end],
        "confidence": event.confidence,
        "factuality": event.factuality,
        "historical": event.historical,
        "trigger": event.trigger,
        "rule": event.rule,
    }


class _LongLine(str):
    """A line cut off at the limit: its length so far is known, its text is not kept."""


def bounded_lines(stream, cap: int | None = None) -> Iterator[str]:
    """The lines of a text stream, each read with a bound (``kg.limits``' ``max_line_chars``, as for
    corpora): a longer line is read on in pieces and given as an empty :class:`_LongLine`, never
    held whole (a 200 MB line costs at most ``cap`` characters of memory)."""
    from kg import limits

    cap = cap or limits.current().max_line_chars
    while True:
        line = stream.readline(cap + 1)
        if not line:
            return
        if len(line) <= cap or line.endswith("\n"):
            yield line
            continue
        while line and not line.endswith("\n"):  # skip the rest of the long line
            line = stream.readline(1 << 20)
        yield _LongLine()


def parse_records(lines: Iterable[str]) -> Iterator[tuple[int, dict | BadRecord]]:
    from kg import limits

    for number, line in enumerate(lines, 1):
        if isinstance(line, _LongLine):
            yield number, BadRecord(number, limits.exceeded("max_line_chars", "a line longer than the limit",
                                                            unit="characters"))
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, BadRecord(number, f"not valid JSON ({exc.msg})")
            continue
        except RecursionError:
            yield number, BadRecord(number, "not a record: JSON nested too deeply to read")
            continue
        except ValueError as exc:  # an integer longer than Python reads (4,300 digits)
            yield number, BadRecord(number, f"not a record kg can read ({_number_problem(exc)})")
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            yield number, BadRecord(number, 'a record needs a "text" string')
            continue
        raw_date = record.get("date")
        if raw_date not in (None, ""):
            try:
                _date_of(record)
            except ValueError:
                yield number, BadRecord(number, f'"date" is not YYYY-MM-DD: {_shown(raw_date)}')
                continue
        yield number, record


def code_records(lines: Iterable[str], coder: Coder | None = None,
                 include_all: bool = False) -> Iterator[dict | BadRecord]:
    """One output record (or a BadRecord) per input line with content. A record whose coding
    fails for a reason nobody foresaw is a BadRecord too (KG_DEBUG=1 shows the traceback): the
    records after it are still coded."""
    coder = coder or default_coder()
    pending: list[tuple[int, dict | BadRecord]] = []

    def flush():
        good = [(n, r) for n, r in pending if not isinstance(r, BadRecord)]
        coded = dict(zip((n for n, _ in good), _coded(coder, good)))
        for number, r in pending:
            result = r if isinstance(r, BadRecord) else coded[number]
            if isinstance(result, BadRecord):
                yield result
                continue
            try:
                on = _date_of(r)
                events = [e for e in result.events if include_all or e.factuality == "asserted"]
                yield {"id": r.get("id"), "events": [event_record(e, on, coder, r["text"]) for e in events]}
            except Exception as exc:
                yield BadRecord(number, f"cannot be coded: {unexpected(exc)}")
        pending.clear()

    # Records are parsed in batches (fast), and written in input order.
    for number, record in parse_records(lines):
        pending.append((number, record))
        if len(pending) >= 64:
            yield from flush()
    yield from flush()


def _coded(coder: Coder, records: list[tuple[int, dict]]) -> list[CodedText | BadRecord]:
    """The records coded together; when that fails, one by one, so that only the record that
    fails is lost."""
    try:
        return list(coder.code_texts([(r["text"], _date_of(r)) for _, r in records]))
    except Exception as exc:
        if len(records) == 1:
            return [BadRecord(records[0][0], f"cannot be coded: {unexpected(exc)}")]
        return [result for one in records for result in _coded(coder, [one])]


def _number_problem(exc: ValueError) -> str:
    if "integer string conversion" in str(exc):
        return "it holds an integer longer than 4,300 digits"
    return one_line(exc)


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _date_of(record: dict) -> date | None:
    raw = record.get("date")
    return date.fromisoformat(str(raw)[:10]) if raw not in (None, "") else None


def code_stream(lines: Iterable[str], write: Callable[[str], object], coder: Coder | None = None,
                include_all: bool = False, bad: Callable[[BadRecord], object] | None = None) -> tuple[int, int]:
    """``kg code`` as a library call: each line of ``lines`` (read with :func:`bounded_lines` by the
    caller) coded, one JSON line per record handed to ``write``, each bad record to ``bad``.
    Returns (records coded, records refused)."""
    coded = refused = 0
    for record in code_records(lines, coder, include_all=include_all):
        if isinstance(record, BadRecord):
            refused += 1
            if bad is not None:
                bad(record)
            continue
        coded += 1
        write(json.dumps(record, ensure_ascii=False) + "\n")
    return coded, refused
