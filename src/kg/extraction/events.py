"""Who did what to whom: events coded from parsed sentences.

For each predicate the lexicon knows (a verb, or a noun such as "detention" or "exercises"), the
coder finds the source actor (the subject; the "by" agent of a passive; the actor inheriting
the subject of a coordinated or controlled verb), the target actors (object, prepositional
object, the subject of a passive), and codes one event per source–target pair. It marks what did
not happen or might (negation, modal verbs, conditions, plans), what is history, and keeps the
sentence as evidence with a confidence. Reported speech needs no special case: "say" has no
PLOVER type, and the verb of the reported clause is coded with its own subject.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from kg.kb.actors import Actor
from kg.extraction.confidence import calibrated, rule_of, source_of
from kg.extraction.conflicts import NamedConflict, named_conflict
from kg.extraction.lexicon import LexEntry, Lexicon
from kg.extraction.mentions import Mention
from kg.extraction.places import Place, find_area, find_city, find_event_city
from kg.extraction.timex import HISTORICAL_AFTER, TimeValue, find_times

# Prepositions whose object can be an event's target.
TARGET_PREPOSITIONS = {"against", "with", "to", "on", "at", "toward", "towards", "from", "over", "for",
                       "into", "upon", "about", "of", "between"}
# Prepositions of circumstance: what follows them is not whom the event is done to.
CIRCUMSTANCE_PREPOSITIONS = {"without", "despite", "after", "before", "because", "since", "until", "while",
                             "following", "amid", "during", "like", "unlike", "than"}
MODALS_HYPOTHETICAL = {"may", "might", "could", "would", "should", "can", "must"}
MODALS_PLANNED = {"will", "shall", "'ll"}
# Prepositions whose gerund is done by the clause's subject and did happen ("by holding", "after meeting").
GERUND_SHARED_SUBJECT = {"by", "after", "while", "upon"}
# Controlling verbs: "threatened to X", "refused to X" — the control verb is the event, X is not done.
CONTROL_HYPOTHETICAL = {"threaten", "plan", "want", "intend", "seek", "try", "hope", "vow", "pledge",
                        "promise", "refuse", "aim", "offer", "propose", "consider", "expect", "fail"}
# "began to X", "managed to X": the infinitive did happen.
COMPLETED_BY = {"begin", "start", "continue", "manage", "proceed", "go", "come", "decide", "agree"}
# Nouns named by where they are fought: "the Georgian war", "the Ukraine war" say where, and only a
# possessor or a "by" phrase says who fought ("Russia's Georgian war").
PLACE_NAMED = {"war", "battle"}
# Nouns for which "of X" names the one acted upon ("the detention of X"), not the actor.
PATIENT_OF = {"detention", "arrest", "expulsion", "invasion", "occupation", "condemnation", "bombing",
              "shelling", "killing", "capture", "recognition", "release", "isolation", "blockade"}
# Verbs so general that their dictionary default says little ("take", "go", "want"): coded only
# when one of their patterns matches ("take part in", "go to war").
GENERIC_VERBS = {"take", "go", "come", "think", "want", "hold", "have", "make", "get", "give", "put",
                 "keep", "run", "bear", "see", "find", "leave", "bring", "turn", "set", "stand", "join",
                 "do", "be", "become", "seem", "look", "use", "show", "move", "play", "pay", "hit",
                 # verbs whose subject undergoes: "the hospital suffered a shortage" hurts nobody
                 # by the hospital's hand, "X faces charges" is no meeting
                 "suffer", "face"}
# Nouns of activities done together: "joint exercises with X" is military cooperation with X.
JOINT_ACTIVITY = {"exercise", "drill", "manoeuvre", "maneuver", "patrol", "operation", "game", "wargame"}
# Verbs that only carry a nominal event: "hold exercises", "impose sanctions".
LIGHT_VERBS = {"hold", "conduct", "carry", "stage", "launch", "announce", "make", "take", "begin", "start",
               "open", "declare", "order", "mount", "organize", "organise", "call",
               "impose", "deliver", "send", "sign", "reach", "give", "provide", "issue", "have", "plan"}


PRONOUNS = {"it", "they", "he", "she", "we"}
POSSESSIVES = {"its", "their", "his", "her", "our"}
# People acting as a group, named by where they come from: "thousands of Nigerians", "rebels in X".
# Compared with the lemma, so plurals are included.
GROUP_NOUNS = {"thousand", "hundred", "ten", "dozen", "score", "million", "group", "demonstrator", "protester",
               "protestor", "rebel", "student", "worker", "activist", "militant", "guerrilla", "fighter", "force",
               "troop", "party", "officer", "soldier", "villager", "resident", "supporter", "crowd", "mob",
               "gunman", "insurgent", "separatist", "militia", "hacker", "lawmaker", "legislator"}
# Bodies of a state named by where they sit: "a court in Venezuela", "an Istanbul court", "police
# in Los Angeles" act for that state.
INSTITUTION_NOUNS = {"court", "police", "authority", "government", "army", "military", "navy", "judge",
                     "prosecutor", "official", "ministry", "parliament", "regime", "administration",
                     "tribunal", "council", "legislature", "guard", "policeman"}
DEMAND_VERBS = {"demand", "urge", "ask", "call", "insist", "press", "request", "appeal", "require"}
DEMAND_NOUNS = {"demand", "call", "appeal", "request", "ultimatum", "insistence"}
SPEECH_VERBS = {"say", "insist", "reiterate", "state", "tell", "declare", "announce", "stress", "warn",
                "add", "argue", "repeat", "emphasize", "emphasise", "demand", "urge"}
HARMFUL_TYPES = {"REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
# Purposes that make an action a protest: "blocked roads to protest", "shunned work to demand".
PROTEST_PURPOSES = {"protest", "demand", "press", "denounce", "show", "voice", "demonstrate", "condemn"}
INTENT_VERBS = {"agree", "promise", "offer", "pledge", "vow", "commit", "undertake", "volunteer",
                "plan", "intend", "swear", "consent", "resolve"}
# "refused to commit to …": what such a verb controls is not offered
REFUSALS = {"refuse", "fail", "decline", "reject", "deny"}
INTENT_ADJECTIVES = {"ready", "willing", "prepared", "determined", "committed", "eager"}


@dataclass
class CodedEvent:
    source: Actor
    target: Actor | None
    entry: LexEntry
    trigger: str
    trigger_start: int
    sentence: tuple[int, int]  # character offsets of the evidence sentence in the document text
    time: TimeValue | None
    place: Place | None
    factuality: str  # "asserted", "negated", "hypothetical" or "planned"
    historical: bool
    confidence: float
    evidence: list[tuple[int, int]] = field(default_factory=list)  # every sentence reporting it
    # the mention each actor was read from: (start, end, text) in the document, None when the actor
    # was inferred (a clause's subject, "Nigerians" as Nigeria, the actor before "joint exercises")
    source_words: tuple[int, int, str] | None = None
    target_words: tuple[int, int, str] | None = None
    rule: str = ""  # how it was read (kg.extraction.confidence.RULES): what its confidence rests on
    # where the text places it no closer than a state ("fighting in Ukraine"), when no city is named
    country: Actor | None = None

    def key(self) -> tuple:
        return (self.source.id, self.entry.plover, self.target.id if self.target else None,
                self.time.edtf if self.time else None, self.factuality)


NONE_ENTRY = LexEntry("", (), "", None, None, None, "")


class _Tokens(dict):
    """Token index -> the mention covering it, for one paragraph; ``offset`` is the paragraph's
    place in the document (mention offsets are document offsets)."""

    def __init__(self, offset: int):
        super().__init__()
        self.offset = offset


def _unique_mentions(mentions) -> list[Mention]:
    seen: dict[tuple[int, int], Mention] = {}
    for m in mentions:
        seen.setdefault((m.start, m.end), m)
    return list(seen.values())


@dataclass(frozen=True)
class _Intent:
    event: "CodedEvent"
    tokens: tuple[int, ...]  # the intent word and the intended verb: not coded again on their own


class EventCoder:
    def __init__(self, lexicon: Lexicon, states: dict[str, Actor] | None = None):
        self.lexicon = lexicon
        self.known_verbs = frozenset(e.lemma for e in lexicon.verb_entries if " " not in e.lemma)
        self.states = states or {}  # ISO alpha-3 -> state, to name where a city lies

    def code(self, doc: Doc, mentions: list[Mention], published: date | None, offset: int = 0) -> list[CodedEvent]:
        """Events in ``doc`` (one paragraph or sentence); mention offsets include ``offset``."""
        by_token = _Tokens(offset)
        for m in mentions:
            span = doc.char_span(m.start - offset, m.end - offset, alignment_mode="expand")
            if span is not None:
                for token in span:
                    by_token.setdefault(token.i, m)
        events: list[CodedEvent] = []
        for sent in doc.sents:
            events.extend(self._sentence(sent, by_token, published, offset))
        # the actors named only by their kind, read while coding, are words too
        mentions = mentions + _unique_mentions(m for m in by_token.values() if m.via == "agent")
        at = {t.idx + offset: t for t in doc}
        for event in events:
            if event.place is None and event.trigger_start in at:
                event.country = event.country or _place_state(at[event.trigger_start], by_token)
        for event in events:  # each actor traced to the words it was read from
            event.source_words = _words_of(event.source, event, mentions, before=True)
            event.target_words = _words_of(event.target, event, mentions, before=False)
            event.confidence = calibrated(event.rule, event.target is not None,
                                          source_of(event.source.cls, event.source_words is not None), event.confidence)
        return merge(events)

    # -- one sentence ------------------------------------------------------------------------
    def _sentence(self, sent: Span, by_token: dict[int, Mention], published: date | None,
                  offset: int) -> list[CodedEvent]:
        out: list[CodedEvent] = []
        coded_heads: set[int] = set()
        intents = self._intents(sent, by_token, published, offset) + self._demands(sent, by_token, published, offset)
        for intent in intents:
            coded_heads.update(intent.tokens)
        out.extend(e.event for e in intents)
        for token in sent:
            if token.i in coded_heads or (token.dep_ == "xcomp" and token.head.i in coded_heads):
                continue
            if token.pos_ in ("VERB", "AUX") and token.dep_ != "aux" and token.dep_ != "auxpass":
                lemma = lemma_of(token, self.known_verbs)
                entry = self.lexicon.verb(lemma, _following(token))
                if entry is not None and not entry.pattern and lemma in LIGHT_VERBS and any(
                        c.dep_ == "dobj" and (self._noun_entry(c) or NONE_ENTRY).plover
                        for c in token.children):
                    continue  # "organized a general strike": the noun, not the verb's default, says what
                if entry is None or not entry.plover or (lemma in GENERIC_VERBS and not entry.pattern):
                    continue
                produced = self._from_verb(token, entry, sent, by_token, published, offset)
                if produced:
                    coded_heads.add(token.i)
                out.extend(produced)
        for token in sent:
            # "the Afghanistan War": a war's name may be tagged a proper noun
            named_war = token.pos_ == "PROPN" and token.lower_ in PLACE_NAMED
            if (token.pos_ == "NOUN" or named_war) and _governing_verb(token).i not in coded_heads:
                entry = self._noun_entry(token)
                if entry is None or not entry.plover:
                    continue
                out.extend(self._from_noun(token, entry, sent, by_token, published, offset))
        return out

    def _noun_entry(self, noun: Token) -> LexEntry | None:
        """The lexicon's entry for a nominal trigger, the longest name first: a hyphenated word
        ("cease-fire", split by the tokenizer) or a compound ("hunger strike", "war games")."""
        lemma = noun.lemma_.lower()
        doc, i = noun.doc, noun.i
        if i >= 2 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_:
            word = doc[i - 2].lower_
            entry = self.lexicon.noun(word + lemma) or self.lexicon.noun(f"{word} {lemma}")
            if entry is not None:
                return entry
        for child in noun.children:
            if child.dep_ in ("compound", "amod") and child.i == i - 1:
                entry = self.lexicon.noun(f"{child.lemma_.lower()} {lemma}")
                if entry is not None:
                    return entry
        return self.lexicon.noun(lemma)

    def _from_verb(self, verb: Token, entry: LexEntry, sent: Span, by_token, published, offset):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) and not _stative(verb)
        sources, via_coref = self._subjects(verb, by_token, passive)
        if not sources:
            return []
        targets = self._objects(verb, by_token, passive, exclude=set()) or self._deep_target(verb, by_token, sources)
        if not targets and entry.plover == "REQUEST":
            # "demanded that Hamas renounce …": whom the demand is made of
            targets = [a for c in verb.children if c.dep_ == "ccomp"
                       for s_ in c.children if s_.dep_ in ("nsubj", "nsubjpass")
                       for a in _actors_at(s_, by_token, as_target=True)]
        if not targets:
            # "threatened to shell Iraqi towns", "refused to deploy peacekeepers in Iraq": the
            # controlled verb names whom the threat or refusal concerns
            for controlled in (c for c in verb.children if c.dep_ == "xcomp"):
                targets = (self._objects(controlled, by_token, False, set())
                           or self._deep_target(controlled, by_token, sources)
                           or (self._where(controlled, by_token) if not _intent(entry) else []))
                if targets:
                    break
        if not targets and entry.plover != "CONSULT" and not _intent(entry):
            # where a deed was done stands for whom it was done to; an intention ("announced plans
            # to build housing units in the West Bank") is nobody's agreement with the place
            targets = self._where(verb, by_token)
        if not targets and entry.plover in DOMESTIC_TYPES and (
                entry.plover == "PROTEST" or any(c.dep_ == "dobj" for c in verb.children)):
            # "Nigerian authorities jailed 52 members of …", "the government accepted demands from
            # rebels": acted on people or things of its own country, which event data codes as
            # the source's own state
            targets = _unique([st for st in (self._state_of(src) for src in sources) if st is not None])[:1]
        if entry.plover == "CONSULT" and not targets:
            # "arrived in Amman", "flew to Moscow": a visit's host is where the visitor went
            for child in verb.children:
                if child.dep_ == "prep" and child.lower_ in ("in", "to"):
                    targets += [a for a in _objects_of_prep(child, by_token) if a.id not in {s.id for s in sources}]
        purpose = next((c for c in verb.children if c.dep_ in ("advcl", "xcomp")
                        and lemma_of(c, self.known_verbs) in PROTEST_PURPOSES
                        and any(a.lower_ == "to" for a in c.children)), None)
        if entry.plover in ("COERCE", "REQUEST", "SUPPORT", "CONSULT", "REJECT") and purpose is not None:
            protest = self.lexicon.plover_of_cameo("140")
            if protest:
                entry = LexEntry(entry.lemma, entry.pattern, "140", protest, None, None, "action in protest")
                # whom the protest is against: what the purpose clause names
                targets = (self._objects(purpose, by_token, False, set())
                           or self._deep_target(purpose, by_token, sources) or targets)
        confidence = 0.55 + (0.15 if targets else 0) + (0.1 if entry.pattern else 0) - (0.15 if via_coref else 0)
        factuality = _factuality(verb)
        if factuality == "negated" and entry.cameo[:2] == "08" and _announced(verb):
            # "Israel will not release the prisoners": declining to yield is itself an event,
            # CAMEO 124x (decline to release, to ease sanctions, to de-escalate), not a negated 08x
            code = DECLINED.get(entry.cameo[:3], "124")
            entry = LexEntry(entry.lemma, entry.pattern, code, self.lexicon.plover_of_cameo(code) or "REJECT",
                             None, None, entry.source)
            factuality = "asserted"
        return self._events(sources, targets, entry, verb, sent, published, offset,
                            factuality, confidence, _place(verb))

    def _intents(self, sent: Span, by_token, published, offset) -> list["_Intent"]:
        """"agreed to X", "promised to X", "is ready to X", "will X": in PLOVER an expressed
        intention is itself an event, AGREE, with the targets of the intended action."""
        agree = self.lexicon.plover_of_cameo("030")
        if not agree:
            return []
        out = []
        for token in sent:
            if token.pos_ not in ("VERB", "AUX", "ADJ"):
                continue
            lemma = token.lemma_.lower()
            intended = None
            action = None  # what the intended verb would be, as an event type
            if lemma in INTENT_VERBS or (token.pos_ == "ADJ" and lemma in INTENT_ADJECTIVES):
                intended = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
                anchor = token if token.pos_ != "ADJ" else token.head
                if intended is not None:
                    action = self.lexicon.verb(lemma_of(intended, self.known_verbs), _following(intended))
                elif lemma in ("agree", "consent", "commit"):
                    # "agreed to US mediation": agreeing to a thing, the prepositional phrase
                    intended = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "to"), None)
            elif token.pos_ == "VERB" and _factuality(token) == "planned":
                entry = self.lexicon.verb(lemma, _following(token))
                if entry is not None and entry.plover and not (lemma in GENERIC_VERBS and not entry.pattern):
                    intended, anchor, action = token, token, entry
            if intended is None or _factuality(anchor) == "negated" or any(
                    c.dep_ == "aux" and c.lower_ in ("must", "should") for c in anchor.children) \
                    or (anchor.dep_ == "xcomp" and anchor.head.lemma_.lower() in REFUSALS):
                continue  # "the US must be ready to …" is asked of the US, not offered by it
            passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in anchor.children)
            sources, coref = self._subjects(anchor, by_token, passive)
            if not sources:
                continue
            exclude = {s.id for s in sources}
            if intended.dep_ == "prep":
                targets = [a for a in _objects_of_prep(intended, by_token, as_target=True) if a.id not in exclude]
            else:
                targets = (self._objects(intended, by_token, False, exclude)
                           or self._deep_target(intended, by_token, sources) or self._where(intended, by_token))
            # Announcing harm, or a deed made conditional ("will withdraw … unless"), is a threat;
            # announcing anything else is an agreement to do it.
            conditional = any(t.dep_ == "mark" and t.lower_ == "unless" for t in sent)
            harmful = action is not None and action.plover in HARMFUL_TYPES
            if (harmful or conditional) and self.lexicon.plover_of_cameo("130"):
                entry = LexEntry(lemma, (), "130", self.lexicon.plover_of_cameo("130"), None, None, "announced harm")
            else:
                entry = LexEntry(lemma, (), "030", agree, "intend", None, "expressed intent")
            for event in self._events(sources, targets, entry, token, sent, published, offset, "asserted",
                                      0.6 + (0.1 if targets else 0) - (0.15 if coref else 0), _place(intended)):
                out.append(_Intent(event, (token.i, anchor.i, intended.i)))
        return out

    def _demands(self, sent: Span, by_token, published, offset) -> list["_Intent"]:
        """"X said (that) Y must/should Z": X asks Y to do Z — a REQUEST from the speaker to Y.
        Also "X reiterated its demand that Y ease …": the demand's clause names whom X asks."""
        request = self.lexicon.plover_of_cameo("100")
        out = []
        for noun in sent:
            if noun.pos_ != "NOUN" or noun.lemma_.lower() not in DEMAND_NOUNS or not request:
                continue
            for clause in noun.children:
                if clause.dep_ not in ("acl", "ccomp", "relcl") or clause.pos_ not in ("VERB", "AUX") \
                        or not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                    continue
                addressees = [a for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")
                              for a in _actors_at(c, by_token, as_target=True)]
                holder = _governing_verb(noun)
                speakers, coref = (self._subjects(holder, by_token, False) if holder is not noun else ([], False))
                if speakers and addressees:
                    entry = LexEntry(noun.lemma_.lower(), ("that",), "100", request, None, None, "demand")
                    for event in self._events(speakers, addressees, entry, noun, sent, published, offset,
                                              "asserted", 0.55 - (0.15 if coref else 0), None):
                        out.append(_Intent(event, (noun.i, clause.i, holder.i)))
        for token in sent:
            if token.pos_ != "VERB" or token.lemma_.lower() not in SPEECH_VERBS:
                continue
            for clause in token.children:
                if clause.dep_ != "ccomp" or not any(
                        c.dep_ == "aux" and c.lower_ in ("must", "should") for c in clause.children):
                    continue
                speakers, coref = self._subjects(token, by_token, any(c.dep_ == "nsubjpass" for c in token.children))
                addressees = [a for s in clause.children if s.dep_ in ("nsubj", "nsubjpass")
                              for a in _actors_at(s, by_token, as_target=True)]
                if not speakers or not addressees or not request:
                    continue
                entry = LexEntry(token.lemma_.lower(), ("must",), "100", request, None, None, "demand in reported speech")
                for event in self._events(speakers, addressees, entry, token, sent, published, offset, "asserted",
                                          0.6 - (0.15 if coref else 0), None):
                    out.append(_Intent(event, (token.i, clause.i)))
        return out

    def _from_noun(self, noun: Token, entry: LexEntry, sent: Span, by_token, published, offset):
        sources: list[Actor] = []
        targets: list[Actor] = []
        # "Armenia delivery of the first humanitarian aid shipment to Ukraine": the trigger ("aid")
        # sits inside a larger noun phrase; its actors hang on the nouns above it.
        chain = _noun_chain(noun)
        for head in chain:
            for child in head.children:
                if child in chain:
                    continue
                if child.dep_ in ("compound", "amod", "nmod") and child.i < head.i \
                        and head.lemma_.lower() in PLACE_NAMED:
                    targets += _actors_at(child, by_token)  # "the Georgian war": where, not who
                elif child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < head.i:
                    sources += _actors_at(child, by_token)
                elif child.dep_ == "prep" and child.lower_ == "by":
                    sources += _objects_of_prep(child, by_token)
                elif child.dep_ == "prep" and child.lower_ == "of" and not any(c in chain for c in child.children):
                    (targets if head.lemma_.lower() in PATIENT_OF else sources).extend(
                        _objects_of_prep(child, by_token))
        top = chain[-1]
        holders = [top] + ([top.head] if lemma_of(top.head, self.known_verbs) in LIGHT_VERBS else [])
        with_targets: list[Actor] = []
        for holder in holders:
            for t in _own_phrase(holder):
                if t.dep_ == "prep" and t.lower_ in TARGET_PREPOSITIONS - {"of"} and t.head.i >= noun.i - 1:
                    found = _objects_of_prep(t, by_token)
                    targets += found
                    if t.lower_ == "with":
                        with_targets += found
        if not targets and top.dep_ == "nsubj" and top.head.pos_ == "VERB":
            # "US Predator attacks … have killed al-Qaeda leaders": the attacks' victims
            targets += self._objects(top.head, by_token, False, set())
        if not sources and lemma_of(top.head, self.known_verbs) in LIGHT_VERBS and top.dep_ in ("dobj", "attr"):
            sources, _ = self._subjects(top.head, by_token, passive=False)
        joint_word = any(c.lower_ in ("joint", "bilateral", "mutual", "combined") for c in noun.children)
        joint = noun.lemma_.lower() in JOINT_ACTIVITY and (joint_word or with_targets)
        if joint_word and not targets:
            # "joint exercises, codenamed …, will be held with the US": parses of such sentences are
            # unreliable, so take the first actor after "with" later in the sentence
            for t in sent:
                if t.i > noun.i and t.lower_ == "with":
                    after = [by_token[i].actor for i in range(t.i + 1, min(t.i + 5, sent.end)) if i in by_token]
                    if after:
                        targets = after[:1]
                        break
        fallback = False
        if not sources and joint and targets:
            # "joint exercises ... with the US": the other party is the actor named before it
            before = [m.actor for i, m in sorted(by_token.items())
                      if sent.start <= i < noun.i and m.actor not in targets]
            if before:
                sources, fallback = [before[-1]], True
        if joint:
            cooperation = self.lexicon.plover_of_cameo("062")
            if cooperation:
                entry = LexEntry(entry.lemma, ("with",), "062", cooperation, entry.mode, "military", "joint activity")
        known_time = None
        war_place: Place | None = None
        war_state: Actor | None = None
        if not sources and noun.lemma_.lower() in PLACE_NAMED:
            # "after the Ukraine war": the words name a war a reader knows, with its parties and dates
            conflict = named_conflict(_war_name(noun), published)
            if conflict and conflict.source in self.states and conflict.target in self.states:
                sources, targets = [self.states[conflict.source]], [self.states[conflict.target]]
                entry = replace(entry, source="named conflict")
                known_time = _conflict_time(conflict, noun, sent, published)
                # where it was fought, as the table says: an area ("Nagorno-Karabakh") or a state
                war_place = find_area(conflict.where) if conflict.where else None
                war_state = self.states.get(conflict.where) if conflict.where and war_place is None else None
        sources = _unique(sources)
        targets = [t for t in _unique(targets) if t.id not in {s.id for s in sources}]
        if not sources:
            return []
        confidence = 0.45 + (0.1 if targets else 0) - (0.15 if fallback else 0)
        verb = top.head if top.head.pos_ in ("VERB", "AUX") else top
        events = self._events(sources, targets, entry, noun, sent, published, offset,
                              _factuality(verb), confidence, war_place or _place(verb) or _place(top), known_time)
        for event in events:  # "the Ukraine war": in Ukraine, whatever else the sentence says
            event.country = war_state
        return events

    def _events(self, sources, targets, entry, trigger: Token, sent: Span, published, offset,
                factuality: str, confidence: float, place: Place | None,
                known_time: TimeValue | None = None) -> list[CodedEvent]:
        # found per trigger: the verb's tense decides whether "on Friday" is the last or the next
        clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
        time = known_time or _time_for(trigger, sent, find_times(sent.text, published, _tense(clause)))
        historical = bool(time and time.historical)
        events = []
        source_ids = {s.id for s in sources}
        for source in sources:
            for target in (targets or [None]):
                if target is not None and len(sources) > 1 and target.id in source_ids:
                    target = None  # "Israel and Lebanon renewed talks on an Israeli pullback"
                events.append(CodedEvent(
                    source, target, entry, trigger.text, trigger.idx + offset,
                    (sent.start_char + offset, sent.end_char + offset), time, place, factuality, historical,
                    round(max(0.05, min(0.95, confidence)), 2), rule=rule_of(entry, trigger)))
        return events

    # -- arguments ---------------------------------------------------------------------------
    def _subjects(self, verb: Token, by_token, passive: bool) -> tuple[list[Actor], bool]:
        if passive:
            agents = [c for c in verb.children if c.dep_ == "agent"]
            found = [a for agent in agents for a in _objects_of_prep(agent, by_token)]
            return _unique(found), False
        # "Israel is opposed to French mediation" parses as a passive: its subject is the one opposed
        stative = _stative(verb)
        subject_deps = ("nsubj", "csubj", "nsubjpass") if stative else ("nsubj", "csubj")
        subjects = [c for c in verb.children if c.dep_ in subject_deps] or [
            # "The United Kingdom and France however have opposed …": the parser may hang the
            # subject on the auxiliary instead of the verb
            s for aux in verb.children if aux.dep_ in (("aux", "auxpass") if stative else ("aux",)) and aux.i < verb.i
            for s in aux.children if s.dep_ == "nsubj"]
        if subjects:
            found = [a for s in subjects for a in _actors_at(s, by_token) or self._origin(s, by_token)]
            if not found:
                # "the police", "protesters", "a court": an actor named only by its kind
                found = [a for s in subjects for a in [self._unnamed_agent(s, by_token)] if a is not None]
            coref = any(by_token.get(s.i) and by_token[s.i].via == "coreference" for s in subjects)
            if not found and any(s.lower_ in PRONOUNS or any(c.dep_ == "poss" and c.lower_ in POSSESSIVES
                                                            for c in s.children) for s in subjects):
                # "it", or "their forces": the subject of the clause this one depends on
                found, coref = self._antecedent(verb, by_token), True
            return _unique(found), coref
        head = verb.head
        if verb.dep_ == "xcomp" and head is not verb:
            # "called on Iran to stop": the object of the controlling verb acts
            objects = self._objects(head, by_token, passive=False, exclude=set())
            if objects:
                return objects, False
        if verb.dep_ == "conj" and head is not verb:
            # "X called on A … and asked C …": a verb coordinated with nothing between it and an
            # earlier verb that has a subject shares that subject, even when the parse hangs it on a
            # verb further back ("NATO has been inching … the extent that X called on A and asked C")
            nearer = [t for t in verb.sent if head.i < t.i < verb.i and t.pos_ == "VERB"
                      and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)]
            if nearer and nearer[-1].dep_ != "conj":
                found, coref = self._subjects(nearer[-1], by_token, any(c.dep_ == "nsubjpass" for c in nearer[-1].children))
                if found:
                    return found, coref
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in GERUND_SHARED_SUBJECT \
                and head.head.pos_ in ("VERB", "AUX"):
            # "After meeting the Iranian president, Putin …", "by holding hostage the Lachin
            # Corridor, Azerbaijan …": such a gerund shares the clause's subject (not after "of":
            # "accused the rebels of violating" is done by the rebels; nor "before"/"without":
            # what follows them did not happen)
            main = head.head
            return self._subjects(main, by_token, any(c.dep_ == "nsubjpass" for c in main.children))
        if verb.dep_ in ("conj", "xcomp", "advcl") and head is not verb and head.pos_ in ("VERB", "AUX"):
            return self._subjects(head, by_token, any(c.dep_ == "nsubjpass" for c in head.children))
        return [], False

    def _origin(self, noun: Token, by_token) -> list[Actor]:
        """The actor a group or a state body stands for, named by where it comes from or sits:
        "thousands of Nigerians", "protesters in the Kosovan town of Gjilan", "a court in Bishkek",
        "an Istanbul court" (a city stands for its country's state)."""
        lemma = noun.lemma_.lower()
        if lemma not in GROUP_NOUNS and lemma not in INSTITUTION_NOUNS:
            return []
        found = _origin(noun, by_token)
        if found:
            return found
        places = [c for c in noun.children if c.dep_ in ("compound", "amod") and c.i < noun.i]
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("in", "from", "of")):
            places += [t for t in prep.subtree if t.pos_ == "PROPN"]
        for t in places:
            city = find_city(t.text) or (find_city(f"{t.text} {t.nbor().text}") if t.i + 1 < len(t.doc) else None)
            if city is not None and city.country_iso3 and self.states.get(city.country_iso3):
                return [self.states[city.country_iso3]]
        return []

    def _unnamed_agent(self, noun: Token, by_token: "_Tokens") -> Actor | None:
        """An actor the sentence names only by its kind ("the police", "protesters", "a court
        official"), with its CAMEO agent code from PETRARCH's agents dictionary: kg:UnnamedAgent,
        scoped to its document like every actor the knowledge base lacks. Its words are entered
        in ``by_token`` as a mention, so the event records them."""
        if noun.pos_ != "NOUN":
            return None
        lemma = noun.lemma_.lower()
        first = noun
        code = None
        before = noun.doc[noun.i - 1] if noun.i > 0 else None
        if before is not None and before.dep_ == "compound" and before.head.i == noun.i:
            code = self.lexicon.agent(f"{before.lemma_.lower()} {lemma}")
            first = before if code else noun
        code = code or self.lexicon.agent(lemma)
        if not code:
            return None
        label = " ".join(t.lemma_.lower() for t in noun.doc[first.i:noun.i + 1])
        actor = Actor(f"local:unnamedagent:{label}", "UnnamedAgent", label, cameo=code)
        start, end = first.idx + by_token.offset, noun.idx + len(noun.text) + by_token.offset
        mention = Mention(start, end, noun.doc.text[first.idx:noun.idx + len(noun.text)], actor, "agent")
        for i in range(first.i, noun.i + 1):
            by_token.setdefault(i, mention)
        return actor

    def _antecedent(self, verb: Token, by_token) -> list[Actor]:
        """"Iraq said it would allow …": a pronoun subject of a reported or dependent clause is
        the subject of the clause it depends on."""
        head = verb
        while head.dep_ not in ("ROOT",) and head.head is not head:
            head = head.head
            if head.pos_ in ("VERB", "AUX"):
                subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
                # "Communist rebels said that they will release …": the antecedent is read as
                # any subject is, down to an actor named only by its kind
                found = [a for s in subjects for a in _actors_at(s, by_token) or self._origin(s, by_token)
                         or [x for x in [self._unnamed_agent(s, by_token)] if x is not None]]
                if found:
                    return found
        return []

    def _objects(self, verb: Token, by_token, passive: bool, exclude: set[str]) -> list[Actor]:
        found: list[Actor] = []
        for child in verb.children:
            if child.dep_ in ("dobj", "dative", "attr", "oprd") or (passive and child.dep_ == "nsubjpass"):
                named = _actors_at(child, by_token, as_target=True)
                if not named and child.dep_ == "dobj":
                    # "stepped up their rhetoric against Russia", "imposed sanctions on Iran"
                    for prep in child.children:
                        if prep.dep_ == "prep" and prep.lower_ in TARGET_PREPOSITIONS - {"of"}:
                            named += _objects_of_prep(prep, by_token, as_target=True)
                found += named
            elif child.dep_ == "prep" and child.lower_ in TARGET_PREPOSITIONS:
                found += _objects_of_prep(child, by_token, as_target=True)
            elif child.dep_ == "prt":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        found += _actors_at(grandchild, by_token)
        return [a for a in _unique(found) if a.id not in exclude]

    def _deep_target(self, verb: Token, by_token, sources: list[Actor]) -> list[Actor]:
        """No object names an actor: the first actor named further down the verb's objects
        ("delivered goods to Baghdad University", "gave the Ivory Coast aid"), outside clauses
        of their own."""
        source_ids = {s.id for s in sources}
        for child in verb.children:
            if child.dep_ not in ("dobj", "dative", "prep", "attr", "oprd"):
                continue
            if child.dep_ == "prep" and child.lower_ in CIRCUMSTANCE_PREPOSITIONS:
                continue
            stack = [child]
            while stack:
                t = stack.pop(0)
                m = by_token.get(t.i)
                if m is not None and m.actor.id not in source_ids:
                    return [m.actor]
                stack.extend(c for c in t.children if c.dep_ not in ("relcl", "ccomp", "advcl", "acl", "punct")
                             and not (c.dep_ == "prep" and c.lower_ in CIRCUMSTANCE_PREPOSITIONS))
        return []

    def _where(self, verb: Token, by_token) -> list[Actor]:
        """The state where an event happened ("in Jericho", "in the town of Cizre in southeastern
        Turkey"): event coders code it as the target when the sentence names no other."""
        for prep in _own_phrase(verb):
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "near", "into") and prep.head.pos_ != "NOUN" \
                    or prep.dep_ == "prep" and prep.lower_ in ("in", "near") and prep.head.dep_ in ("pobj", "dobj"):
                states = [a for t in prep.subtree if t.i in by_token
                          for a in [by_token[t.i].actor] if a.cls == "State"]
                if states:
                    return states[:1]
                for t in prep.subtree:
                    city = find_city(t.text) if t.pos_ == "PROPN" else None
                    if city is not None and city.country_iso3 and self.states.get(city.country_iso3):
                        return [self.states[city.country_iso3]]
        place = _place(verb)
        if place is not None and place.country_iso3:
            state = self.gazetteer_state(place.country_iso3)
            return [state] if state else []
        return []

    def _state_of(self, actor: Actor) -> Actor | None:
        state = _state_of(actor)
        if state is None and actor.cls == "Person":
            # a known office holder: the state of the latest office with a state
            for role in sorted((r for r in getattr(actor, "roles", ()) if r.state),
                               key=lambda r: (r.end is None, r.end or "", r.start or ""), reverse=True):
                return self.states.get(role.state)
        return state

    def gazetteer_state(self, iso3: str) -> Actor | None:
        return self.states.get(iso3) if self.states else None


def _following(verb: Token) -> list[str]:
    """Lemmas of the words after the verb in its clause, for the lexicon's patterns."""
    words = []
    # the "by" agent of a passive and embedded clauses are not the verb's pattern words
    skipped = {d.i for c in verb.children if c.dep_ in ("agent", "advcl", "ccomp", "relcl") for d in c.subtree}
    for t in verb.subtree:
        if t.i <= verb.i or t.dep_ in ("punct", "det") or t.i in skipped:
            continue
        if t.pos_ == "VERB" and t.head.i != verb.i:
            break
        # "arms" are weapons in the dictionary's words ("send arms", "lay down arms"); the
        # lemmatiser makes them the limb ("arm")
        words.append("weapon" if t.lower_ == "arms" else t.lemma_.lower())
        if len(words) >= 6:
            break
    return words


def _own_phrase(head: Token) -> list[Token]:
    """``head``'s subtree without its coordinated siblings ("X, Y and Z": X's phrase is X's)."""
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if not (t is head and c.dep_ in ("conj", "cc", "appos", "punct")))
    return sorted(out, key=lambda t: t.i)


def _noun_chain(noun: Token) -> list[Token]:
    """The trigger noun and the nouns it modifies: "aid" → "shipment" → "delivery" (via "of")."""
    chain = [noun]
    while len(chain) < 4:
        top = chain[-1]
        if top.dep_ == "compound" and top.head.pos_ in ("NOUN", "PROPN"):
            chain.append(top.head)
        elif top.dep_ == "pobj" and top.head.lower_ == "of" and top.head.head.pos_ == "NOUN":
            chain.append(top.head.head)
        else:
            break
    return chain


NOT_AGENTS = {"language", "territory", "border", "borders", "soil", "land", "region", "city", "town",
              "village", "people", "citizen", "citizens", "national", "nationals", "worker", "workers",
              "refugee", "refugees", "civilian", "civilians", "detainee", "detainees", "prisoner", "prisoners",
              "interest", "interests", "economy",
              "market", "currency", "history", "culture", "role", "place", "presence",
              "lorry", "lorries", "plant", "airliner", "plane", "asset", "assets", "fund", "funds"}
NAMED_CLASSES_NOT_STATES = {"Person", "Organization", "ArmedGroup", "Movement", "PoliticalParty",
                            "IntergovernmentalOrganization", "Alliance", "GovernmentBody"}


# Nouns of office: a phrase headed by one and naming a person is that person.
TITLE_NOUNS = {"chair", "chairman", "chairwoman", "chairperson", "president", "head", "leader", "minister",
               "secretary", "director", "spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy",
               "governor", "mayor", "commander", "chief", "premier", "chancellor", "speaker", "adviser",
               "advisor", "representative", "coordinator", "official", "general"}


def _actors_at(token: Token, by_token, as_target: bool = False) -> list[Actor]:
    """Actors a noun phrase headed by ``token`` names: the head itself; an agent noun's modifier
    ("Armenian officials"); a named person or group in apposition ("blogger Mikael Badalyan");
    and coordinated heads ("Iran, Syria and Hamas")."""
    found: list[Actor] = []
    heads = [token] + [c for c in token.conjuncts if c.i > token.i]
    for head in heads:
        mention = by_token.get(head.i)
        if mention is not None:
            found.append(_where_they_live(head, mention, by_token) or mention.actor)
            continue
        # "Armenian officials", "a U.S. request", "North Korea's demand": a noun whose modifier names
        # an actor stands for that actor (or for what it did), unless the noun is a thing such as a
        # language or a territory
        agentive = as_target or head.lemma_.lower() not in NOT_AGENTS
        # "the Chair of the European Committee for NATO Enlargement Gunther Fehlinger called on…":
        # a title whose phrase names one person stands for that person, not for the bodies named
        # inside the title (the person acts for them through kg:partOf)
        if head.lemma_.lower() in TITLE_NOUNS:
            named = [by_token[d.i].actor for d in head.subtree if d.i in by_token]
            people = _unique([a for a in named if a.cls == "Person"])
            if len(people) == 1:
                person = people[0]
                states = [a for a in named if a.cls in ("State", "GovernmentBody")]
                if states and getattr(person, "part_of", None) is None:
                    # "Iran's religious leader Ayatollah Khomeini": the person, acting for Iran
                    person = replace(person, part_of=states[0])
                found.append(person)
                continue
        for child in head.children:
            if child.dep_ not in ("amod", "compound", "poss", "nmod", "appos"):
                continue
            for t in [child] + [c for c in child.conjuncts]:
                m = by_token.get(t.i)
                if m is not None and (agentive or m.actor.cls in NAMED_CLASSES_NOT_STATES):
                    found.append(m.actor)
                # "blogger Mikael Badalyan and Sputnik Armenia analyst Ashot Gevorkyan": names of
                # people and groups may sit lower in the phrase
                for d in t.subtree:
                    if d.i in by_token and d.dep_ in ("nmod", "appos", "compound", "conj") \
                            and by_token[d.i].actor.cls in NAMED_CLASSES_NOT_STATES:
                        found.append(by_token[d.i].actor)
    return _unique(found)


DOMESTIC_TYPES = {"COERCE", "CONCEDE", "ASSAULT", "PROTEST", "THREATEN", "REQUEST", "ACCUSE", "RETREAT"}


def _state_of(actor: Actor) -> Actor | None:
    """The state an actor stands for: itself, or the state its body or office belongs to."""
    if actor.cls == "State":
        return actor
    part_of = getattr(actor, "part_of", None)
    if part_of is not None and not isinstance(part_of, str):
        return _state_of(part_of)
    return None


def _governing_verb(noun: Token) -> Token:
    """The verb a noun phrase belongs to ("agreed to US mediation" → "agreed"), else the noun."""
    t = noun
    for _ in range(4):
        if t.head is t or t.head.pos_ in ("VERB", "AUX"):
            return t.head
        t = t.head
    return noun


def _where_they_live(head: Token, mention: Mention, by_token) -> Actor | None:
    """People named by a nationality and placed in another state are that state's, as event data
    codes them: "Bosnian Serbs" (Bosnia), "the Albanians of southern Serbia" (Serbia)."""
    if mention.actor.cls != "State" or head.pos_ not in ("PROPN", "NOUN") or head.tag_ not in ("NNPS", "NNS"):
        return None
    places = [c for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i]
    places += [o for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "in")
               for o in c.children if o.dep_ == "pobj"]
    for place in places:
        other = by_token.get(place.i)
        if other is not None and other is not mention and other.actor.cls == "State" and other.actor.id != mention.actor.id:
            return other.actor
    return None


def _origin(noun: Token, by_token) -> list[Actor]:
    """"Thousands of Nigerians", "demonstrators in Baghdad", "rebels in the Ivory Coast": a group
    named by where it comes from or acts."""
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_.lower() in ("base", "locate", "headquarter"):
            child = next((c for c in child.children if c.dep_ == "prep" and c.lower_ == "in"), child)
        if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "throughout", "across"):
            found = _objects_of_prep(child, by_token)
            if found:
                return found
            # "tens of thousands of students throughout Indonesia": follow the chain down
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                found = _origin(pobj, by_token)
                if found:
                    return found
    return []


def lemma_of(token: Token, known_verbs: frozenset[str] = frozenset()) -> str:
    """The verb's lemma, mending the small model's "staged" → "stag" when only the mended form
    is a verb the lexicon knows."""
    lemma = token.lemma_.lower()
    lower = token.lower_
    if token.tag_ in ("VBD", "VBN") and lower.endswith("ed") and lemma == lower[:-2] \
            and lemma not in known_verbs and lower[:-1] in known_verbs:
        return lower[:-1]
    return lemma


def _objects_of_prep(prep: Token, by_token, as_target: bool = False) -> list[Actor]:
    return [a for c in prep.children if c.dep_ == "pobj" for a in _actors_at(c, by_token, as_target)]


def _unique(actors: list[Actor]) -> list[Actor]:
    seen, out = set(), []
    for a in actors:
        if a.id not in seen:
            seen.add(a.id)
            out.append(a)
    return out


# CAMEO's "decline to yield" codes for the yields of root 08 (ease sanctions, release, de-escalate).
DECLINED = {"081": "1241", "082": "1242", "084": "1243", "085": "1244", "086": "1245", "087": "1246"}


def _stative(verb: Token) -> bool:
    """"is opposed to": a participle that reads as passive but states the subject's stance."""
    return verb.lemma_.lower() == "oppose" and any(c.dep_ == "auxpass" for c in verb.children) \
        and any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children) \
        and not any(c.dep_ == "agent" for c in verb.children)


def _intent(entry: LexEntry) -> bool:
    """CAMEO 03x: an expressed intention to do something."""
    return entry.cameo[:2] == "03"


def _announced(verb: Token) -> bool:
    """"will not", "won't", "would not", "shall not": a stated refusal, not a mere non-event."""
    return any(c.dep_ == "aux" and c.lower_ in MODALS_PLANNED | {"would", "wo"} for c in verb.children)


def _factuality(verb: Token) -> str:
    children = list(verb.children)
    if any(c.dep_ == "neg" for c in children):
        return "negated"
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children):
        return "hypothetical"
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in CONTROL_HYPOTHETICAL:
        return "hypothetical"
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() in DEMAND_VERBS \
            or verb.dep_ in ("acl", "ccomp") and verb.head.lemma_.lower() in DEMAND_NOUNS:
        return "hypothetical"  # "demanded that Hamas renounce …", "its demand that Israel ease …"
    if verb.dep_ in ("advcl", "acl", "relcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in children) \
            and verb.head.lemma_.lower() not in COMPLETED_BY:
        return "hypothetical"  # "spent billions to beat Russia": a purpose, not a deed
    auxes = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
    if "would" in auxes and verb.dep_ == "ccomp" and verb.head.lemma_.lower() in SPEECH_VERBS:
        return "planned"  # "Norway said it would send aid": a stated intention, not a guess
    if auxes & MODALS_HYPOTHETICAL:
        return "hypothetical"
    if auxes & MODALS_PLANNED:
        return "planned"
    return "asserted"


def _tense(verb: Token) -> str | None:
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & MODALS_PLANNED:
        return "future"
    if verb.tag_ in ("VBD", "VBN") or auxes & {"has", "have", "had", "was", "were"}:
        return "past"
    if verb.tag_ in ("VBZ", "VBP", "VBG"):
        return "present"
    return None


def _time_for(trigger: Token, sent: Span, times: list[TimeValue]) -> TimeValue | None:
    """The time expression that dates ``trigger``: one inside its clause, else the most specific
    one in the sentence."""
    times = [t for t in times if _nominal_head(t, sent) in (None, trigger)]
    if not times:
        return None
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    lo = min(t.idx for t in clause.subtree) - sent.start_char
    hi = max(t.idx + len(t) for t in clause.subtree) - sent.start_char
    inside = [t for t in times if lo <= t.start and t.end <= hi]
    rank = {"day": 0, "interval": 1, "month": 2, "year": 3, "approximate": 4, "upper-bound": 5}
    pool = inside or times
    return sorted(pool, key=lambda t: (rank.get(t.kind, 9), t.start))[0]


def _war_name(noun: Token) -> str:
    """The words that name a war: its modifiers in order ("second Karabakh", "Nagorno-Karabakh",
    "2020 Karabakh"), else the place after "in" ("the war in Ukraine")."""
    mods = [t for c in noun.children if c.i < noun.i and c.dep_ in ("compound", "amod", "nmod", "nummod")
            for t in c.subtree]
    if not mods:
        mods = [t for p in noun.children if p.dep_ == "prep" and p.lower_ == "in"
                for o in p.children if o.dep_ == "pobj" for t in o.subtree if t.dep_ != "det"]
    return "".join(t.text_with_ws for t in sorted(mods, key=lambda t: t.i)).strip()


def _conflict_time(conflict: NamedConflict, noun: Token, sent: Span, published: date | None) -> TimeValue:
    """A named war's time: a date the sentence gives the war itself ("the Georgian war in 2008"),
    else the war's own dates (to publication when it still goes on)."""
    lo = min(t.idx for t in noun.subtree) - sent.start_char
    hi = max(t.idx + len(t) for t in noun.subtree) - sent.start_char
    own = [t for t in find_times(sent.text, published, "past") if lo <= t.start and t.end <= hi]
    if own:
        return own[0]
    latest = conflict.end or published or conflict.start
    words = noun.left_edge.idx - sent.start_char, noun.idx + len(noun) - sent.start_char
    edtf = f"{conflict.start.isoformat()}/{conflict.end.isoformat() if conflict.end else '..'}"
    historical = published is not None and (published - latest) > HISTORICAL_AFTER
    return TimeValue(sent.text[words[0]:words[1]], words[0], words[1], edtf, conflict.start, max(latest, conflict.start),
                     "interval", historical)


def _nominal_head(time: TimeValue, sent: Span) -> Token | None:
    """The noun a time expression modifies inside a noun phrase ("the 1994 bombing": bombing), or
    None when it dates a clause. Such a time dates that noun's event only, not the sentence's
    ("acquitted in the 1994 bombing" did not happen in 1994)."""
    tokens = [t for t in sent if time.start <= t.idx - sent.start_char and
              t.idx - sent.start_char + len(t) <= time.end]
    if not tokens:
        return None
    outside = [t for t in tokens if t.head not in tokens]
    if len(outside) != 1:
        return None
    word = outside[0]
    if word.dep_ in ("nummod", "compound", "amod", "nmod") and word.head.pos_ in ("NOUN", "PROPN") \
            and word.head.i > word.i:
        return word.head
    return None


def _place_phrases(token: Token):
    """The place phrases ("in X", "at X", "near X") that can say where ``token``'s event happened:
    its own, then its object's ("visited Hamas in Addis Ababa": spaCy hangs the phrase from Hamas),
    then those inside a phrase of its own ("gathered outside buildings in Panama City")."""
    own = [c for c in token.children if c.dep_ == "prep"]
    objects = [c for c in token.children if c.dep_ in ("dobj", "attr")]
    inner = [q for p in own for o in p.children if o.dep_ == "pobj" for q in o.children if q.dep_ == "prep"]
    for child in own + [q for o in objects for q in o.children if q.dep_ == "prep"] + inner:
        if child.lower_ in _PLACE_PREPOSITIONS:
            yield child


def _place(token: Token) -> Place | None:
    """"in the city of Goris", "in Goris": a city named in a place phrase of ``token``."""
    for child in _place_phrases(token):
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            candidates = [pobj] + [g for p in pobj.children if p.dep_ == "prep" and p.lower_ == "of"
                                   for g in p.children if g.dep_ == "pobj"]
            for c in candidates:
                name = " ".join(t.text for t in c.subtree if t.pos_ == "PROPN") or c.text
                place = find_event_city(name) if c.pos_ == "PROPN" or c.text[:1].isupper() else None
                if place:
                    return place
    return None


_PLACE_PREPOSITIONS = ("in", "at", "near", "inside", "across", "throughout")


def _place_state(trigger: Token, by_token) -> Actor | None:
    """"fighting in Ukraine", "the exercises in Armenia": a state named in a place phrase of the
    trigger (or of the verb a trigger noun hangs from), where the event happened."""
    heads = [trigger] + ([trigger.head] if trigger.pos_ in ("NOUN", "PROPN") and trigger.head is not trigger else [])
    for head in heads:
        for child in _place_phrases(head):
            for pobj in child.children:
                mention = by_token.get(pobj.i) if pobj.dep_ == "pobj" else None
                if mention is not None and mention.actor.cls == "State":
                    return mention.actor
    return None


def _words_of(actor: Actor | None, event: CodedEvent, mentions: list[Mention],
              before: bool) -> tuple[int, int, str] | None:
    """The mention of ``actor`` in the event's sentence nearest its trigger (a source's before it
    first, a target's after it first), as (start, end, text); None when the sentence names the
    actor nowhere (the actor was inferred)."""
    if actor is None:
        return None
    start, end = event.sentence
    named = [m for m in mentions if m.actor.id == actor.id and start <= m.start and m.end <= end]
    if not named:
        return None
    trigger = event.trigger_start
    side = [m for m in named if (m.end <= trigger) == before] or named
    best = min(side, key=lambda m: (abs(m.start - trigger), m.start))
    return best.start, best.end, best.surface


def merge(events: list[CodedEvent]) -> list[CodedEvent]:
    """The same event reported twice is one event with two pieces of evidence."""
    merged: dict[tuple, CodedEvent] = {}
    for e in events:
        key = e.key()
        evidence = e.evidence or [e.sentence]
        if key in merged:
            kept = merged[key]
            kept.evidence += [s for s in evidence if s not in kept.evidence]
            kept.confidence = max(kept.confidence, e.confidence)
            kept.place = kept.place or e.place
            kept.country = kept.country or e.country
        else:
            e.evidence = list(evidence)
            merged[key] = e
    return list(merged.values())
