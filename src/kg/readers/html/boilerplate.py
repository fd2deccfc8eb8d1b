"""Boilerplate that main-text extraction lets through inside an article body: subscription and
newsletter prompts, "follow us" and app-download lines, copyright and reprint notices,
advertiser disclosures, photo credits, spam written in look-alike letters, and lone labels.

Only short paragraphs (at most ``MAX_WORDS`` words) are judged by their wording, so a long
paragraph of reporting that happens to say "subscribe" stays.
"""
from __future__ import annotations

import re

MAX_WORDS = 45
_PROMPT = re.compile(
    r"\bsubscribe\b|\balready a subscriber\b|\bsubscribers (?:also )?(?:get|receive)\b"
    r"|\bsign(?:ing)?[ -]up\b|\bnewsletters?\b|\bnever miss\b"
    r"|\bfollow (?:us|[A-Z][\w.]*(?: [\w.@]+){0,3}) on (?:twitter|facebook|instagram|x|tiktok|linkedin|telegram|whatsapp|youtube)\b"
    r"|\bdownload (?:the|our) .{0,40}\bapps?\b"
    r"|\bcopyright(?:ed)? (?:property|material)\b|\ball rights reserved\b|\bwritten permission\b"
    r"|\breprint(?:ing|ed)?\b.{0,40}\bwithout\b|\bwithout (?:prior )?(?:written )?permission\b"
    r"|\bletters? to the editor\b|\bwe want to hear (?:from you|what you think)\b"
    r"|\b(?:this|the) (?:post|article|page|story) (?:contains|may contain|includes) (?:references|affiliate|links|sponsored)"
    r"|\badvertis(?:er|ing) disclosure\b|\bwe may (?:receive|earn) (?:a )?(?:compensation|commission)\b"
    r"|\btrust principles\b|\bclick here\b|\blog ?in for (?:immediate )?access\b"
    r"|\bsend us a message\b|\b(?:e-?mail|contact) us at\b",
    re.I)
_COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)\s*\d{4}|copyright\b)", re.I)
_CREDIT = re.compile(r"^\W*(?:photos?|images?|pictures?|credits?|photo credit|file photo|source|video)\s*:", re.I)
_LABEL = re.compile(r"^[\w .'’-]{1,30}:$")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _lookalike_words(text: str) -> int:
    """Words mixing Latin and Cyrillic letters: spam written to get past filters."""
    return sum(1 for w in text.split() if _LATIN.search(w) and _CYRILLIC.search(w))


def is_boilerplate(text: str) -> bool:
    words = len(text.split())
    if _lookalike_words(text) >= 3:
        return True
    if words > MAX_WORDS:
        return False
    if _PROMPT.search(text) or _COPYRIGHT.search(text):
        return True
    if words <= 20 and _CREDIT.search(text):
        return True
    return words <= 4 and bool(_LABEL.match(text) or _DOMAIN.match(text))
