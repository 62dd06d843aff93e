"""A format checked with a regular expression that is not anchored: ``if (!/[a-z0-9]+/.test(id))
return ...``, ``if (args.id.match(/tt\\d+/)) { ... args.id.split(':') ... }``, ``ids.filter((id) =>
ROOM_ID.exec(id))``. Without ``^`` and ``$`` the pattern matches anywhere in the value, so an id with
a quote, a path or a second id around a well-formed part passes the check meant to keep it out
(torrentio's movie ids, matrix-appservice-discord's room ids before SQL: real bugs of holdout17 and
holdout15).

Asked where the match lets the value through: an ``if`` that stops or records an error when it
fails, one whose block goes on with the value, a ternary that keeps it, or a ``filter``/``every``/
``some``/``find`` callback that keeps it. The value is named for an identifier (``id``, ``uuid``,
``slug``, ``name``, ``version``, ``email``...): a format is what those have, where a line, a message
or a text is searched for one (a ``key`` or a ``code`` was most often a path or a program's text
classified by a pattern). The pattern is a format (a class, an
escape or a group repeated: ``\\d+``, ``[a-f0-9]{8}``), with no ``^``/``$`` anywhere, no
alternation at its top level (``/logo|header/`` is a search) and no ``g``/``y`` flag. A test
whose match rejects the value (``if (/\\.+/.test(id)) return error``) is a deny-list, rightly
unanchored. Not in browser code.

Low confidence (not listed unless ``show = "low"``): a new shape. Over 136 mirrors of the realbugs
corpus it asked 3 times besides its cases: a course's rubric from a form (worth asking), the same
unanchored id check elsewhere in torrentio (worth asking), a setup script's console UUID
(borderline)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CALL = lazyre.compile(rb'\.\s*(test|exec|match)\s*\(')
# A repeated class, escape, group or any-character: the part of a format that takes a value's text.
_REPEATED = re.compile(r'(?:\\[dwsDWS]|\]|\)|(?<!\\)\.)(?:[+*]|\{\d)')
# Words of names that hold an identifier or a code: the values a format describes.
# (`id`, `ids`, `uid`, `uuid`, `guid` by one pattern.)
_IDS = re.compile(r'^(?:[gu]?u?id|ids)$')
_ID_WORDS = frozenset((
    'slug', 'name', 'username', 'handle', 'version', 'hash',
    'sha', 'ref', 'token', 'email', 'phone', 'zip', 'postcode', 'isbn', 'iban',
))
# Callbacks whose truthy result keeps (or accepts) the element.
_KEEPING = frozenset(('filter', 'every', 'some', 'find', 'findIndex'))
_FALSE_EXIT = lazyre.compile(r'\b(?:return|throw|continue|break|next|reject|flash)\b|[eE]rror|\bfalse\b')
_CHAIN = frozenset(('parenthesized_expression', 'binary_expression', 'unary_expression'))


# The end of a regex literal that repeats something (`\\d+/`, `]{8}/i`): looked for in the file, where a
# `const` may hold the pattern the scope tests.
_REPEAT_END = lazyre.compile(rb'[+*}]\)?/[imsu]*[.)\s,;]')


def possible(scope: Scope) -> bool:
    return _CALL.search(scope.text) is not None and _REPEAT_END.search(scope.file.source) is not None


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    if not possible(scope) or runtime.is_browser(scope.file) or s.is_ui_file(scope.file):
        return
    source = scope.file.source
    seen: set[int] = set()
    for start, end in scope.ranges:
        for m in _CALL.finditer(source, start, end):
            prop = s.descendant(scope.root, m.start(1), m.end(1))
            member = s.parent_of(prop) if prop is not None and prop.type == 'property_identifier' else None
            call = s.parent_of(member) if member is not None else None
            if call is None or call.type != 'call_expression' or call.start_byte in seen:
                continue
            seen.add(call.start_byte)
            pair = _pattern_and_value(call, s.text(prop))
            if pair is None:
                continue
            regex, value = pair
            if _format(regex) and _identifier(value) and _lets_through(call, s.text(value)):
                yield scope.finding(
                    call, check_id, f'`{s.normalized(regex, 40)}` has no `^` and `$`: it matches anywhere in '
                    f'`{s.normalized(value, 30)}`, so a value with anything around a well-formed part passes; '
                    'anchor it if it checks the whole value', question, confidence=LOW)


def _pattern_and_value(call: Node, method: str) -> tuple[Node, Node] | None:
    """``re.test(v)``/``re.exec(v)``: the regex and ``v``; ``v.match(re)``: the same."""
    fn = s.unwrap(call.child_by_field_name('function'))
    args = s.arguments(call)
    if fn.type != 'member_expression' or len(args) != 1:
        return None
    obj = fn.child_by_field_name('object')
    if obj is None:
        return None
    regex, value = (args[0], obj) if method == 'match' else (obj, args[0])
    regex = _regex(regex)
    value = s.unwrap(value)
    if regex is None or value.type not in ('identifier', 'member_expression'):
        return None
    return regex, value


def _regex(node: Node) -> Node | None:
    """A regex literal, written there or the value of the ``const`` the name was declared with."""
    node = s.unwrap(node)
    if node.type == 'identifier':
        value = s.initializer(node)
        node = s.unwrap(value) if value is not None else node
    return node if node.type == 'regex' else None


def _format(regex: Node) -> bool:
    pattern = regex.child_by_field_name('pattern')
    flags = regex.child_by_field_name('flags')
    if pattern is None or flags is not None and ('g' in s.text(flags) or 'y' in s.text(flags)):
        return False
    text = s.text(pattern)
    bare = _outside_classes(text)
    return '^' not in bare and '$' not in bare and not _top_level_alternation(bare) \
        and _REPEATED.search(text) is not None


def _outside_classes(pattern: str) -> str:
    """The pattern with escapes and character classes blanked: what is left holds its anchors and
    alternations."""
    out = []
    i, in_class = 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == '\\':
            out.append('__')
            i += 2
            continue
        if in_class:
            in_class = c != ']'
            out.append('_')
        else:
            in_class = c == '['
            out.append('_' if in_class else c)
        i += 1
    return ''.join(out)


def _top_level_alternation(bare: str) -> bool:
    depth = 0
    for c in bare:
        depth += (c == '(') - (c == ')')
        if c == '|' and depth == 0:
            return True
    return False


def _identifier(value: Node) -> bool:
    last = s.text(value).rsplit('.', 1)[-1]
    return any(w in _ID_WORDS or _IDS.match(w) for w in s.name_words(last))


def _lets_through(call: Node, value: str) -> bool:
    """The match is where the value is accepted: an ``if`` that stops when it fails or goes on with
    the value when it holds, a ternary that keeps it, a keeping callback's result."""
    node, negated = s.outer_expression(call), False
    parent = s.parent_of(node)
    while parent is not None and parent.type in _CHAIN:
        if parent.type == 'unary_expression':
            if s.text(parent.child_by_field_name('operator')) != '!':
                return False
            negated = not negated
        elif parent.type == 'binary_expression' and s.text(parent.child_by_field_name('operator')) not in ('&&', '||'):
            return False
        node, parent = parent, s.parent_of(parent)
    if parent is None:
        return False
    if parent.type == 'if_statement' and parent.child_by_field_name('condition') == node:
        taken = s.text(parent.child_by_field_name('consequence'))
        return _FALSE_EXIT.search(taken) is not None if negated else value in taken
    if parent.type == 'ternary_expression' and parent.child_by_field_name('condition') == node:
        kept = parent.child_by_field_name('alternative' if negated else 'consequence')
        return kept is not None and value in s.text(kept)
    if negated:
        return False
    fn = parent if parent.type in s.FUNCTION_TYPES else None
    if parent.type == 'return_statement':
        fn = s.enclosing_function(parent)
    outer = s.parent_of(fn) if fn is not None else None
    caller = s.parent_of(outer) if outer is not None and outer.type == 'arguments' else None
    return caller is not None and caller.type == 'call_expression' and s.callee_name(caller) in _KEEPING
