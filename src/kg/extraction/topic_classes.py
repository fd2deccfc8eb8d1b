"""What a glossary definition says its topic is: a movement, an alliance, an ethnic group …

A definition usually names its topic's kind early ("A Zaidi Shiite movement …", "… is an
intergovernmental military alliance …"). The cue found earliest in the first sentence wins;
the result is the publisher's classification, not ours, and is recorded as such by mapping.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# (pattern, classes, formal alliance?) — classes are kg class names, most specific first.
_CUES: list[tuple[str, tuple[str, ...], bool | None]] = [
    (r"intergovernmental (?:[\w-]+ )*?alliance", ("Alliance", "IntergovernmentalOrganization"), True),
    (r"military alliance|defen[cs]e (?:pact|alliance)", ("Alliance",), True),
    (r"axis of \w+|coalition of|bloc of|(?:countries|states) and (?:[\w-]+ )*?(?:movements|groups)",
     ("Alliance",), False),
    (r"alliance", ("Alliance",), None),
    (r"intergovernmental organi[sz]ation|(?:political|economic|regional) (?:[\w-]+ )*?union"
     r"|(?:continental|regional) organi[sz]ation"
     r"|union of (?:\w+ )*?states|international organi[sz]ation",
     ("IntergovernmentalOrganization",), None),
    (r"ethnic group|ethnic minority|\bpeople\b|\btribe\b", ("EthnicGroup",), None),
    (r"denomination|\breligion\b|\bsect\b|religious (?:group|community|order)|branch of (?:islam|christianity|judaism)",
     ("ReligiousGroup",), None),
    (r"militant (?:[\w-]+ )*?(?:organi[sz]ation|group)|armed (?:[\w-]+ )*?group|militia|insurgent group"
     r"|terrorist (?:organi[sz]ation|group)|paramilitary", ("ArmedGroup",), None),
    (r"political party|\bparty\b", ("PoliticalParty",), None),
    (r"movement|revival|awakening|uprising", ("Movement",), None),
    (r"ideology|doctrine|school of thought|\w+ism\b", ("Ideology",), None),
    (r"ministry|government of|parliament|cabinet|(?:executive|legislative|judicial) branch", ("GovernmentBody",), None),
    (r"organi[sz]ation|group", ("Organization",), None),
]
_COMPILED = [(re.compile(p, re.IGNORECASE), classes, formal) for p, classes, formal in _CUES]
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# The predicate after the copula says what the topic is; the subject only as a fallback.
_COPULA = re.compile(r"\b(?:is|are|was|were|refers to|represents)\b", re.IGNORECASE)


@dataclass(frozen=True)
class TopicClass:
    classes: tuple[str, ...]
    formal: bool | None
    cue: str  # the words in the definition the class was read from
    cue_start: int  # offset of the cue inside the definition


def classify_definition(term: str, definition: str) -> TopicClass | None:
    """The kind of thing ``definition`` says ``term`` is, or None when it gives no cue."""
    first_sentence = _SENTENCE_END.split(definition, maxsplit=1)[0]
    copula = _COPULA.search(first_sentence)
    split = copula.end() if copula else 0
    return (_earliest_cue(term, first_sentence, split, len(first_sentence))
            or _earliest_cue(term, first_sentence, 0, split))


def _earliest_cue(term: str, text: str, start: int, end: int) -> TopicClass | None:
    best: tuple[int, int, re.Match, tuple[str, ...], bool | None] | None = None
    for rank, (pattern, classes, formal) in enumerate(_COMPILED):
        for match in pattern.finditer(text, start, end):
            if match.group(0).casefold() in term.casefold():
                continue  # "Wahhabism is …": the term itself is no cue
            key = (match.start(), rank)
            if best is None or key < best[:2]:
                best = (match.start(), rank, match, classes, formal)
            break
    if best is None:
        return None
    _, _, match, classes, formal = best
    return TopicClass(classes, formal, match.group(0), match.start())
