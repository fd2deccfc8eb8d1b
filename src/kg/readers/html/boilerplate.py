"""Boilerplate that main-text extraction lets through inside an article body: subscription and
newsletter prompts, "follow us" and app-download lines, copyright and reprint notices,
advertiser disclosures, photo credits, spam written in look-alike letters, lone labels, and
teasers of other stories (an excerpt cut off with "..." or "[…]", often followed by "more").

Only short paragraphs (at most ``MAX_WORDS`` words) are judged by their wording, so a long
paragraph of reporting that happens to say "subscribe" stays; and words reporting uses too
("newsletter", "sign up", "subscribe") make a prompt only in a line that speaks to the reader
("you", "our", "please", an imperative opening). A line ending in a colon is a label unless it
introduces a quotation or a list ("The letter warned:").
"""
from __future__ import annotations

import re

MAX_WORDS = 45
# words reporting uses too ("the ministry's newsletter said", "countries that sign up to the
# deal", "copyright lawyers"): a prompt only when it speaks to the reader (_READER)
_PROMPT_WORDS = re.compile(
    r"\bsubscrib(?:e|ing)\b|\bsign(?:ing)?[ -]up\b|\bnewsletters?\b|\bnever miss\b"
    r"|\bwritten permission\b", re.I)
_READER = re.compile(r"\b(?:you|your|yours|our|us|please)\b|\bhere\b\W*$|!|^\W*(?:subscribe|sign[ -]?up|never miss"
                     r"|get|join|download|register|click|follow|don'?t miss)\b", re.I)
_PROMPT = re.compile(
    r"\balready a subscriber\b|\bsubscribers (?:also )?(?:get|receive)\b"
    r"|\bfollow (?:us|[A-Z][\w.]*(?: [\w.@]+){0,3}) on (?:twitter|facebook|instagram|x|tiktok|linkedin|telegram|whatsapp|youtube)\b"
    r"|\bdownload (?:the|our) .{0,40}\bapps?\b"
    r"|\bcopyright(?:ed)? (?:property|material)\b|\ball rights reserved\b"
    r"|\breprint(?:ing|ed)?\b.{0,40}\bwithout\b|\bwithout (?:prior )?(?:written )?permission\b"
    r"|\bletters? to the editor\b|\bwe want to hear (?:from you|what you think)\b"
    r"|\b(?:this|the) (?:post|article|page|story) (?:contains|may contain|includes) (?:references|affiliate|links|sponsored)"
    r"|\badvertis(?:er|ing) disclosure\b|\bwe may (?:receive|earn) (?:a )?(?:compensation|commission)\b"
    r"|\btrust principles\b|\bclick here\b|\blog ?in for (?:immediate )?access\b"
    r"|\bsend us a message\b|\b(?:e-?mail|contact) us at\b",
    re.I)
_COPYRIGHT = re.compile(r"^\W*(?:©|\(c\)\s*\d{4}|copyright\b\W*(?:©|\(c\)|\d{4}|by\b|notice\b|protected\b|$))", re.I)
_CREDIT = re.compile(r"^\W*(?:photos?|images?|pictures?|credits?|photo credit|file photo|source|video)\s*:", re.I)
_LABEL = re.compile(r"^[\w .'’-]{1,30}:$")
# a line that introduces a quotation or a list is no label: "The letter warned:", "He told reporters:"
_LEAD_IN = re.compile(
    r"^[A-Z][a-z'’]*(?: [a-z'’-]+)*? (?:said|says|told(?: [a-z'’-]+){0,2}|tells(?: [a-z'’-]+){0,2}|added|adds|warned|warns"
    r"|wrote|writes|stated|states|explained|explains|noted|notes|continued|continues|asked|asks|replied|replies"
    r"|responded|responds|argued|argues|declared|declares|announced|announces|concluded|insisted|insists"
    r"|commented|tweeted|recalled|recalls|reads|read as follows|as follows|include|includes|included)\s*:$")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)+/?$", re.I)
# an excerpt cut off mid-text: "... the teams in the..." / "... more" / "[…]" (no closing quote:
# a speaker trailing off ends '..."')
_TEASER = re.compile(r"(?:\w\.?(?:\.{3}|…)\s*(?:\[?(?:read )?more\]?|continue reading)?|\[(?:…|\.{3})\])\s*$", re.I)
_TEASER_MIN_WORDS = 8
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
    if _PROMPT.search(text) or _COPYRIGHT.search(text) or (_PROMPT_WORDS.search(text) and _READER.search(text)):
        return True
    if words >= _TEASER_MIN_WORDS and _TEASER.search(text):
        return True
    if words <= 20 and _CREDIT.search(text):
        return True
    if words <= 4 and _LABEL.match(text):
        return not _LEAD_IN.match(text)
    return words <= 4 and bool(_DOMAIN.match(text))
