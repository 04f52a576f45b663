"""Which way a piece of text reads (domain layer): the rule the screen and the documents share."""

from __future__ import annotations

import unicodedata


def right_to_left(text: str) -> bool:
    """The paragraph direction of the Unicode bidi algorithm (UAX #9, rules P2–P3): the
    direction of its first strong letter; Arabic and Hebrew (classes R, AL) read from the
    right, text with no strong letter from the left."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
