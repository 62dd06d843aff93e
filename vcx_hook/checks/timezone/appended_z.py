"""A local time's text labelled UTC by hand: a `Z` appended to what a `datetime-local` input holds
(``e.target.value + ':00Z'``) or to a date library's text in its own zone (Luxon's
``dt.toISO().split('.')[0] + 'Z'``, ``` `${moment(d).format('YYYY-MM-DDTHH:mm')}Z` ```). The digits are
the user's (or the server's) wall-clock time, the `Z` says UTC: whoever reads the string is off by
the offset, an hour in a British summer (klicker's micro-session dates and darts' transcript
times, real bugs of holdout18). Not a text already in UTC (``toISOString()``, ``toUTC()``,
``.utc()``), which is what the `Z` says."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.timezone.nodes import Asked
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import dates
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# A string that is a UTC label and nothing else (`'Z'`, `':00Z'`, `':00.000Z'`), or a template's tail.
_HINT = lazyre.compile(rb"""['"](?::00){0,2}(?:\.0{3})?Z['"]|\}(?::00){0,2}(?:\.0{3})?Z`""")
_HINT_ENDS = (b"Z'", b'Z"', b'Z`')  # how every text `_HINT` finds ends, looked for first
_LABEL = re.compile(r'^(?::00){0,2}(?:\.0{3})?Z$')
# Calls that cut a text (`split('.')[0]`, `slice(0, 19)`), left for what they cut.
_CUTS = frozenset(('split', 'slice', 'substring', 'substr', 'replace', 'toString'))
# Luxon's texts of a DateTime in its own zone (the process's, unless set).
_LUXON_TEXTS = frozenset(('toISO', 'toFormat', 'toISOTime'))
_TO_UTC = frozenset(('utc', 'toUTC', 'utcOffset'))
_LOCAL_INPUTS = frozenset(('datetime-local', 'time'))
_STRINGS = frozenset(('string', 'template_string'))


def possible(scope: Scope) -> bool:
    source = scope.file.source
    return any(end in source for end in _HINT_ENDS) and _HINT.search(source) is not None


def calls(scope: Scope) -> Iterator[Asked]:
    if not possible(scope):
        return
    seen: set[int] = set()
    for m in scope.matches(_HINT):
        labelled = _labelled(scope, m.start(), m.end())
        if labelled is None or labelled[0].start_byte in seen:
            continue
        node, text = labelled
        what = _local_text(scope, text)
        if what is not None:
            seen.add(node.start_byte)
            yield Asked(node, f'`{s.normalized(node, 60)}` writes a UTC `Z` after {what}: the string is off '
                              'by the offset; convert to UTC first (`toISOString()`, `toUTC()`)', confidence=LOW)


def _labelled(scope: Scope, start: int, end: int) -> tuple[Node, Node] | None:
    """(the expression, the text the `Z` is appended to): ``text + 'Z'`` or ``` `${text}Z` ```."""
    node: Node | None = s.descendant(scope.file.tree.root, start, end)
    while node is not None and node.type not in _STRINGS:
        node = s.parent_of(node)
    if node is None:
        return None
    if node.type == 'string':
        value = s.string_value(node)
        parent = s.parent_of(node)
        if value is None or not _LABEL.match(value) or parent is None or parent.type != 'binary_expression' \
                or parent.child_by_field_name('right') != node or s.text(parent.child_by_field_name('operator')) != '+':
            return None
        left = parent.child_by_field_name('left')
        return (parent, s.unwrap(left)) if left is not None else None
    parts = node.named_children
    subs = [p for p in parts if p.type == 'template_substitution']
    tail = s.text(node)[s.text(node).rfind('}') + 1:-1] if subs else ''
    if not subs or not _LABEL.match(tail) or not subs[-1].named_children:
        return None
    return node, s.unwrap(subs[-1].named_children[0])


def _local_text(scope: Scope, text: Node) -> str | None:
    """What local time ``text`` is, worded for the message, or ``None``."""
    node = _uncut(text)
    if _input_value(node):
        return 'a `datetime-local` input\'s value, the user\'s wall-clock time'
    if node.type != 'call_expression':
        return None
    links = s.chain_calls(node)
    if any(s.callee_name(c) in _TO_UTC or _zone_utc(c) for c in links):
        return None
    name = s.callee_name(node)
    if name in _LUXON_TEXTS:
        return f'Luxon\'s `{name}()` of a time in its own zone'
    root = s.callee(links[-1]) if links else None
    if name == 'format' and root is not None:
        found = bindings.binding(scope.file, root)
        if found is not None and found.library in dates.CHAINED:
            return f'a `{found.library}` time formatted in the local zone'
    return None


def _uncut(node: Node) -> Node:
    """``x`` of ``x.split('.')[0]``, ``x.slice(0, 19)``, ``x?.toISO()?.split('.')[0]``."""
    while True:
        node = s.unwrap(node)
        index = node.child_by_field_name('index') if node.type == 'subscript_expression' else None
        if index is not None and index.type == 'number':
            node = node.child_by_field_name('object') or node
            continue
        if node.type == 'call_expression' and s.callee_name(node) in _CUTS:
            recv = s.receiver(node)
            if recv is None:
                return node
            node = recv
            continue
        return node


def _zone_utc(call: Node) -> bool:
    """``setZone('utc')``, ``tz('UTC')``."""
    return s.callee_name(call) in ('setZone', 'tz') and any(
        (s.string_value(a) or '').lower() in ('utc', 'etc/utc', 'z', 'gmt') for a in s.arguments(call))


def _input_value(node: Node) -> bool:
    """``e.target.value`` (or ``e.target['value']``) in a handler on an ``<input type="datetime-local">``."""
    if node.type == 'member_expression':
        key = s.text(node.child_by_field_name('property'))
    elif node.type == 'subscript_expression':
        key = s.string_value(node.child_by_field_name('index')) or ''
    else:
        return False
    target = node.child_by_field_name('object')
    if key != 'value' or target is None or s.text(target).rsplit('.', 1)[-1].rstrip('?') not in ('target', 'currentTarget'):
        return False
    for a in s.ancestors(node):
        if a.type in ('jsx_opening_element', 'jsx_self_closing_element'):
            return any(_attribute(c, 'type') in _LOCAL_INPUTS for c in a.named_children if c.type == 'jsx_attribute')
    return False


def _attribute(attr: Node, name: str) -> str | None:
    parts = attr.named_children
    if len(parts) < 2 or s.text(parts[0]) != name:
        return None
    return s.string_value(parts[1])
