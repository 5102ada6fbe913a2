"""libyaml's and PyYAML's own sentences about a broken text, as `say` so that they are said in Chinese too.

The parser words its errors as a context ("while parsing a flow sequence") and a problem ("did
not find expected ',' or ']'"); each known sentence is one entry below. A sentence not listed
(another libyaml version) is printed as the parser wrote it.
"""

from __future__ import annotations

from rectify_cli.errors import say

SENTENCES = {said.template: said for said in (
    say("while parsing a block mapping"),
    say("while parsing a block collection"),
    say("while parsing a flow sequence"),
    say("while parsing a flow mapping"),
    say("while parsing a flow node"),
    say("while parsing a block node"),
    say("while parsing a node"),
    say("while parsing a tag"),
    say("while parsing a quoted scalar"),
    say("while parsing a block scalar"),
    say("while parsing a %TAG directive"),
    say("while parsing a directive"),
    say("while scanning a simple key"),
    say("while scanning a plain scalar"),
    say("while scanning a quoted scalar"),
    say("while scanning a double-quoted scalar"),
    say("while scanning a block scalar"),
    say("while scanning an anchor"),
    say("while scanning an alias"),
    say("while scanning a tag"),
    say("while scanning a directive"),
    say("while scanning for the next token"),
    say("while composing a mapping"),
    say("expected a single document in the stream"),
    say("but found another document"),
    say("did not find expected key"),
    say("did not find expected '-' indicator"),
    say("did not find expected ',' or ']'"),
    say("did not find expected ',' or '}}'"),
    say("did not find expected node content"),
    say("did not find expected <document start>"),
    say("did not find expected alphabetic or numeric character"),
    say("could not find expected ':'"),
    say("mapping values are not allowed in this context"),
    say("mapping values are not allowed here"),
    say("mapping keys are not allowed here"),
    say("block sequence entries are not allowed in this context"),
    say("sequence entries are not allowed here"),
    say("found character that cannot start any token"),
    say("found a tab character that violates indentation"),
    say("found a tab character where an indentation space is expected"),
    say("found unexpected end of stream"),
    say("found unexpected document indicator"),
    say("found unexpected document separator"),
    say("found unknown escape character"),
    say("found invalid Unicode character escape code"),
    say("found undefined tag handle"),
    say("found duplicate key"),
    say("found unexpected ':'"),
    say("found a document end indicator"),
    say("found an incorrect leading UTF-8 octet"),
    say("found an incorrect trailing UTF-8 octet"),
    say("control characters are not allowed"),
    say("second occurrence"),
)}


def parser_sentence(context: str, problem: str) -> str:
    """The parser's "context: problem" (or either alone), each part said by `say` when it is known."""
    context_said = SENTENCES.get(context.replace("{", "{{").replace("}", "}}"), context)
    problem_said = SENTENCES.get(problem.replace("{", "{{").replace("}", "}}"), problem)
    if context and problem:
        return say("{context}: {problem}", context=context_said, problem=problem_said)
    return context_said or problem_said
