"""Which person a name in a document is: the evidence a link to a knowledge-base person needs, the
same person named again in the document, and offices resolved to who held them on the article's date.

A knowledge base of tens of thousands of people shares surnames and given names with every news
text: "Gates" is a former US defence secretary and a gate, "The Hague" a town and a British foreign
secretary, "Baker" in "Dusty Baker" a baseball manager. So a name links to a knowledge-base person
only on evidence beyond the shared word:

- the full name ("Robert Gates"); or
- the surname, when the document named that person in full before ("President Donald Trump" …
  "Trump", "Mr. Trump"), or with a title or honorific ("Secretary Gates", "Mr. Pompeo") or alone,
  when the person was in office around the article's date (a role that had begun, and had not ended
  more than :data:`RECENT_YEARS` years before) and no other person of that surname fits; never when
  a capitalised word or "the" precedes it ("Dusty Baker", "The Hague", "Najaf Gates"). A text with
  no date (a sentence given to ``kg code`` alone) cannot say who was in office: there a surname is
  the one person the knowledge base knows by it (a head of state or government first).

Offices ("the American president", "Israel's prime minister", "North Korean leader") resolve to the
person who held that office in that state on the article's date when the knowledge base knows it;
"the president" later in the document is the last such office holder it named.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.lang.en.stop_words import STOP_WORDS

from kg.kb.actors import Actor

RECENT_YEARS = 3  # a politician is still named by surname alone this long after leaving office
_RECENT = timedelta(days=365 * RECENT_YEARS)
_AHEAD = timedelta(days=183)  # named shortly before taking office (an elected leader)

# Words that make the capitalised word after them a person's surname.
HONORIFICS = ("Mr", "Mrs", "Ms", "Miss", "Dr", "Mister", "Madam")
TITLES = ("President", "Vice President", "Prime Minister", "Premier", "Chancellor", "Secretary", "Minister",
          "Senator", "Sen", "Rep", "Representative", "Governor", "Gov", "General", "Gen", "Lt", "Col",
          "Adm", "Admiral", "King", "Queen", "Prince", "Emir", "Sheikh", "Ambassador", "Judge", "Justice",
          "Director", "Chairman", "Speaker", "Mayor", "Leader", "Supreme Leader", "Attorney General",
          "Counsel", "Special Counsel", "Deputy", "Pope", "Commander", "Marshal", "Ayatollah", "PM", "FM",
          "Pres", "Maj", "Capt", "Sgt", "Col")
_TITLE_WORDS = {w.lower() for t in TITLES + HONORIFICS for w in t.split()}
TITLE_WORDS = frozenset(_TITLE_WORDS)
TITLED_NAME = re.compile(
    r"\b(?P<title>" + "|".join(sorted((re.escape(t) for t in TITLES + HONORIFICS), key=len, reverse=True))
    + r")\.?\s+(?P<name>[A-Z][\w'’-]*\w)(?P<next>\s+[A-Z][\w'-]*)?")

# An office named by a common noun, and how to recognise the knowledge base's roles for it.
OFFICES = {
    "president": ("president",),
    "vice president": ("vice president",),
    "prime minister": ("prime minister", "premier"),
    "premier": ("premier", "prime minister"),
    "chancellor": ("chancellor",),
    "king": ("king",), "queen": ("queen",), "emir": ("emir",),
    "supreme leader": ("supreme leader",),
    "leader": ("chief of state",),  # "North Korean leader": the head of state
    "dictator": ("chief of state",),
}
_HEAD_ROLES = {"chief of state", "head of government"}
_CALENDAR_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                   "february", "march", "april", "may", "june", "july", "august", "september", "october",
                   "november", "december", "yesterday", "today", "tomorrow", "tonight"}
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_REGNAL = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"}


@dataclass(frozen=True)
class Holder:
    actor: Actor
    title: str  # the office as the knowledge base names it


def fold(name: str) -> str:
    """A name compared as people read it: no accents, no case, no possessive, hyphens and spaces
    alike, "al-" dropped ("Moqtada al-Sadr's" and "Moqtada al Sadr" fold alike)."""
    name = re.sub(r"['’]s$", "", name.strip())
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).casefold()
    name = re.sub(r"\b(?:al|el|ad|as|ash|an|ar)[- ]", "", name)
    return " ".join(re.findall(r"\w+", name))


def name_keys(name: str) -> tuple[str, ...]:
    """The words a person may later be named by: the last word (the surname in most of the world),
    and the first word (the family name in "Kim Jong Un", "Moon Jae-in"); a one-word name has none."""
    words = fold(name).split()
    if len(words) == 2 and words[-1] in _REGNAL:
        return (words[0],)  # "Hassan II", "Abdullah II": "King Hassan"
    while len(words) > 2 and words[-1] in _SUFFIXES:
        words.pop()  # "Robert S. Mueller III" is Mr. Mueller
    if len(words) < 2:
        return ()
    return tuple(dict.fromkeys((words[-1], words[0])))


def active(actor: Actor, day: date | None) -> bool:
    """Whether ``actor`` held an office around ``day`` (begun by then, or within half a year; not
    ended more than :data:`RECENT_YEARS` years before)."""
    if day is None:
        return False
    for role in actor.roles:
        start, end = role.start_date, role.end_date
        if start is None and end is None:
            continue
        if (start is None or start <= day + _AHEAD) and (end is None or day <= end + _RECENT):
            return True
    return False


def preceded_by_name_word(text: str, start: int) -> bool:
    """Whether a capitalised word (not a title, not the first word of a sentence) or "the" stands
    right before ``start``: "Dusty Baker", "Najaf Gates", "The Hague" are not the surnames they contain."""
    before = re.search(r"([\w'’.-]+)\s+$", text[max(0, start - 40):start])
    if before is None:
        return False
    word = before.group(1).rstrip(".")
    if word.lower() == "the":
        return True
    # a title, a lower-case word, or a capitalised common word ("But Trump said", "On Monday Gates
    # said") is no part of the name
    return word[:1].isupper() and word.lower() not in _TITLE_WORDS and word.lower() not in STOP_WORDS \
        and word.lower() not in _CALENDAR_WORDS


_TITLE_BEFORE = re.compile(r"(?:^|(?<=\s))(" + "|".join(re.escape(t) for t in sorted(TITLES + HONORIFICS, key=len, reverse=True))
                           + r")\.?\s+$")


def titled(text: str, start: int) -> str | None:
    """The title or honorific right before ``start`` ("President", "Mr"), else None."""
    m = _TITLE_BEFORE.search(text[max(0, start - 40):start])
    return m.group(1) if m else None


# A nationality before a title ("French President", "South Korean Prime Minister", "U.S. Secretary"):
# a capitalised word with a demonym's ending, or an abbreviation in capitals.
_NATIONALITY = r"(?:(?:[A-Z][a-z]+\s+)?[A-Z][a-z]+(?:an|ese|ish|i|ch)|[A-Z]\.(?:[A-Z]\.)+|[A-Z]{2,3})\s+"
_TITLE_WITH_NATIONALITY = re.compile(r"(?:^|(?<=\s))(?:" + _NATIONALITY + r")?(?:"
                                     + "|".join(re.escape(t) for t in sorted(TITLES + HONORIFICS, key=len, reverse=True))
                                     + r")\.?\s+$")
# What a state is called through its apparatus or people: "the Syrian regime", "North Korea's
# government", "U.S. officials". Which of these an outlet writes is its word choice.
_STATE_HEAD = re.compile(r"^(?:['’]s)?\s+(?:regime|government|officials|authorities|forces|troops|military|"
                         r"leaders|leadership|administration|diplomats|negotiators|representatives|envoys)\b")


def written_form(text: str, start: int, end: int, cls: str = "Person") -> str:
    """An actor's name as the document writes it at a mention: a person's with the title (and the
    nationality before it) or honorific before the name ("Mr. Trump", "President Trump", "French
    President Emmanuel Macron"); a state's with the noun of its apparatus after it ("Syrian regime",
    "U.S. officials"). The mention itself is the name; which of these forms an outlet uses is its
    word choice."""
    first, last = start, end
    if cls == "Person":
        base = max(0, start - 60)
        m = _TITLE_WITH_NATIONALITY.search(text[base:start])
        if m:
            first = base + m.start()
    elif cls == "State":
        m = _STATE_HEAD.match(text[end:end + 40])
        if m:
            last = end + m.end()
    return " ".join(text[first:last].split())


class PersonIndex:
    """The knowledge base's people by the words they are named by, and its offices by state."""

    def __init__(self, actors: Iterable[Actor]):
        by_key: dict[str, list[Actor]] = {}
        offices: dict[str, list[tuple[Actor, object]]] = {}
        self.states: dict[str, Actor] = {}  # ISO alpha-3 -> the state (offices are held in states)
        for actor in actors:
            if actor.cls == "State" and actor.iso3 and actor.id == f"state:{actor.iso3}":
                self.states[actor.iso3] = actor
            if actor.cls != "Person":
                continue
            keys = {name_keys(name)[0] for name in (actor.label, *actor.aliases) if name_keys(name)}
            for key in keys:
                by_key.setdefault(key, []).append(actor)
            for role in actor.roles:
                if role.state:
                    offices.setdefault(role.state, []).append((actor, role))
        self.by_key = by_key
        self.offices = offices

    def by_surname(self, word: str, day: date | None, title: str | None = None,
                   states: frozenset[str] = frozenset()) -> Actor | None:
        """The one knowledge-base person named ``word`` who was in office around ``day`` (of
        several: the one whose office the ``title`` names, then the one who held office in one of
        the ``states`` the text names: "King Hassan of Morocco"); None if none or several fit."""
        candidates = list(self.by_key.get(fold(word), ()))
        if day is not None:
            candidates = [a for a in candidates if active(a, day)]
        if len(candidates) > 1 and title:
            wanted = title.lower()
            fitting = [a for a in candidates if any(wanted in (r.title or "").lower() for r in a.roles)]
            candidates = fitting or candidates
        if len(candidates) > 1 and states:
            fitting = [a for a in candidates if any(r.state in states for r in a.roles)]
            candidates = fitting or candidates
        if len(candidates) > 1 and day is None:
            # no date to tell them apart: a head of state or government over other namesakes
            heads = [a for a in candidates if any(r.role in _HEAD_ROLES for r in a.roles)]
            candidates = heads or candidates
        if len(candidates) > 1 and day is None:
            # then the one the knowledge base lists under that very word ("Obama" is an alias of
            # Barack Obama, not of Francisco Pascual Obama Asue, known as "Obama Asue")
            known_so = [a for a in candidates if any(fold(alias) == fold(word) for alias in a.aliases)]
            candidates = known_so if len(known_so) == 1 else candidates
        return candidates[0] if len(candidates) == 1 else None

    def holder(self, iso3: str, office: str, day: date | None) -> Holder | None:
        """Who held ``office`` (a key of :data:`OFFICES`) in the state ``iso3`` on ``day``; None if
        the knowledge base does not say, or names several."""
        if day is None or office not in OFFICES:
            return None
        wanted = OFFICES[office]
        found: dict[str, Holder] = {}
        for actor, role in self.offices.get(iso3, ()):
            if not role.holds_on(day) or role.start_date is None:
                continue
            title = (role.title or "").lower()
            names = title if title else (role.role or "")
            if "chief of state" in wanted:
                fits = role.role == "chief of state"
            else:
                fits = any(w in names for w in wanted) and not (
                    "vice" in names and "vice" not in office) and role.role in _HEAD_ROLES | {"vice president"}
            if fits:
                found.setdefault(actor.id, Holder(actor, role.title or role.role or office))
        if len(found) != 1:
            return None
        return next(iter(found.values()))


class DocumentPeople:
    """The people a document has named so far, by the words it may name them by again, the offices
    they held on the article's date ``day``, and the states it named. A coder keeps one per
    document and adds each paragraph's mentions (:meth:`note`), so that the document's earlier
    paragraphs cost nothing to consult again."""

    def __init__(self, mentions: Sequence = (), day: date | None = None):
        self.day = day
        self.by_key: dict[str, list[Actor]] = {}  # latest last
        self.surnames: set[str] = set()  # the keys that are last words ("Gates"; not "Rick")
        self.count: dict[str, int] = {}  # mentions per actor id
        self.offices: dict[tuple[str, str], tuple[int, Actor]] = {}  # (title, actor id) -> (last seen, holder)
        self.states: set[str] = set()  # ISO alpha-3 of the states named
        self._seen = 0
        self.note(mentions)

    def copy(self) -> "DocumentPeople":
        """A copy to work on while reading one paragraph (its size is the people, not the mentions)."""
        other = DocumentPeople(day=self.day)
        other.by_key = {k: list(v) for k, v in self.by_key.items()}
        other.surnames, other.count = set(self.surnames), dict(self.count)
        other.offices, other.states, other._seen = dict(self.offices), set(self.states), self._seen
        return other

    def note(self, mentions: Sequence) -> None:
        """Add a paragraph's final mentions: its people and its states."""
        for m in mentions:
            if m.actor.cls == "State" and m.actor.iso3:
                self.states.add(m.actor.iso3)
            self.add(m.surface, m.actor)

    def add(self, surface: str, actor: Actor, office: str | None = None) -> None:
        if actor.cls != "Person":
            return
        self.count[actor.id] = self.count.get(actor.id, 0) + 1
        keys = name_keys(surface) or name_keys(actor.label)
        if keys:
            self.surnames.add(keys[0])
        for key in keys:
            same = self.by_key.setdefault(key, [])
            if actor in same:
                same.remove(actor)
            same.append(actor)
        titles = [office.lower()] if office else [r.title.lower() for r in actor.roles if self.day is not None
                                                  and r.title and r.holds_on(self.day)]
        for title in titles:
            self._seen += 1
            self.offices[(title, actor.id)] = (self._seen, actor)

    def named(self, word: str) -> Actor | None:
        """The person the document named before whom ``word`` names: of several ("Melania Trump",
        "Donald Trump"), one in office on the article's date, else the one named last."""
        named = self.by_key.get(fold(word))
        if not named:
            return None
        in_office = [a for a in named if self.day is not None and any(r.holds_on(self.day) for r in a.roles
                                                                        if r.start_date is not None)]
        return (in_office or named)[-1]

    def is_surname(self, word: str) -> bool:
        return fold(word) in self.surnames

    def known(self, actor: Actor) -> bool:
        return any(actor in named for named in self.by_key.values())

    def last_holder(self, office: str) -> Actor | None:
        """Whom "the president" names: of the holders of ``office`` the document named, the one it
        named most (the story's president, not the visitor's), the later one on a tie."""
        office = office.lower()
        holders = sorted((seen, actor) for (title, _), (seen, actor) in self.offices.items()
                         if title == office or title.endswith(" " + office) and "vice" not in title)
        if not holders:
            return None
        ordered = [actor for _, actor in holders]
        return max(reversed(ordered), key=lambda a: self.count.get(a.id, 0))

    def leading(self, states: dict[str, Actor]) -> Actor | None:
        """The state whose head of state or government the document names most (its leader's
        "administration"), if it named one in office on the article's date."""
        if self.day is None:
            return None
        best, most = None, 0
        for actor_id, count in sorted(self.count.items()):
            actor = next((a for named in self.by_key.values() for a in named if a.id == actor_id), None)
            if actor is None or count <= most:
                continue
            heads = [r for r in actor.roles if r.state and r.role in _HEAD_ROLES and r.holds_on(self.day)]
            if heads and heads[0].state in states:
                best, most = states[heads[0].state], count
        return best
