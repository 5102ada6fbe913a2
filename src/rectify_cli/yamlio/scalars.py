"""Scalars YAML would build but a ledger never means: a tag whose text does not fit it, a 400-digit number.

PyYAML's constructors assume the text matched their resolver, so an explicit tag on text that does
not fit crashed them (`!!int ''`, `!!int +`, `!!timestamp x`) or read it silently (`!!bool maybe` as
false, `!!null x` as nothing). Python cannot print an integer of 4,301 digits, and a sum of two counts
of 4,300 crashed validation. `misfit` says what is wrong, as a message and a hint; the reader turns
it into a finding at the scalar's place.
"""

from __future__ import annotations

import re

import yaml

from rectify_cli.errors import say

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"

# No count, round, score or sum of money in a ledger has 19 digits; Excel keeps 15.
MAX_INTEGER_DIGITS = 18

# What a scalar must look like to be read under an explicit tag (`!!int 12`).
FITS_TAG = {
    INT_TAG: re.compile(r"[-+]?[0-9][0-9_]*"),
    FLOAT_TAG: re.compile(r"[-+]?(?=\.?[0-9])[0-9_]*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
                          r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*"),  # and YAML 1.1's base 60, as its resolver
    BOOL_TAG: re.compile(r"true|True|TRUE|false|False|FALSE"),
    NULL_TAG: re.compile(r"~|null|Null|NULL|"),
    TIMESTAMP_TAG: yaml.constructor.SafeConstructor.timestamp_regexp,
}
TAG_WORDS = {INT_TAG: say("a whole number"), FLOAT_TAG: say("a number"), BOOL_TAG: say("true or false"),
             NULL_TAG: say("nothing (~)"), TIMESTAMP_TAG: say("a date such as 2026-07-01")}


def misfit(tag: str, value: str, explicit: bool) -> tuple[str, str] | None:
    """(message, hint) when the scalar `value` read as `tag` is not something a ledger can hold, else None.

    `explicit`: the tag was written before the value (an implicit tag fits its text by construction).
    """
    if explicit:
        pattern = FITS_TAG.get(tag)
        if pattern is not None and not pattern.fullmatch(value):
            shown = repr(value) if len(value) <= 40 else say("{start!r}... ({count:,} characters)", start=value[:20], count=len(value))
            name = tag.rsplit(":", 1)[-1]
            return (say("{shown} does not fit the tag !!{name} written before it", shown=shown, name=name),
                    say("remove `!!{name}`, or write {words}", name=name, words=TAG_WORDS[tag]))
    if tag == INT_TAG and len(value) > MAX_INTEGER_DIGITS:  # the length first: most scalars are short
        digits = sum(1 for char in value if char.isdigit())
        if digits > MAX_INTEGER_DIGITS:
            shown = value if len(value) <= 24 else f"{value[:12]}…"
            return (say("the number {shown} has {digits:,} digits: no count, round, score or amount in a ledger "
                        "has more than {limit}", shown=shown, digits=digits, limit=MAX_INTEGER_DIGITS),
                    say("check the value; an amount of money is written as text, such as \"1500.50\""))
    return None
