"""What timezone's rules share: the question a rule asks (``Asked``), and the tree questions: is a
value a ``Date``, where was it declared, does a call pass a ``timeZone``, short texts for messages."""
from __future__ import annotations

from typing import NamedTuple

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


class Asked(NamedTuple):
    """A rule's question before it becomes a Finding: the node it is about, the message, the other
    nodes it is about, and its confidence ('' for the family's)."""
    node: Node
    message: str
    evidence: tuple[Node, ...] = ()
    confidence: str = ''


FORMATTERS = frozenset(('toLocaleString', 'toLocaleDateString', 'toLocaleTimeString'))
_DATEISH = lazyre.compile(r'(?:^|[a-z])(Date|At|Time|Day|Deadline|Expiry|Expires|Midnight|On)$')


def is_date(node: Node, names: frozenset[str], strict: bool = False) -> bool:
    """Whether ``node`` is evidently a Date value (constructed, annotated, or date-named)."""
    node = s.unwrap(node)
    if node.type == 'new_expression':
        ctor = node.child_by_field_name('constructor')
        return s.text(ctor) == 'Date'
    if node.type == 'identifier':
        value = s.initializer(node)
        if value is not None:
            return is_date(value, frozenset(), strict=True)
        if s.type_annotation(node) in ('Date', 'Date | null', 'Date | undefined'):
            return True
        if strict:
            return False
        name = s.text(node)
        return name in names or bool(_DATEISH.search(name))
    if node.type == 'member_expression' and not strict:
        prop = s.text(node.child_by_field_name('property'))
        return prop in names or bool(_DATEISH.search(prop))
    return False


def source(obj: Node) -> tuple[Node, ...]:
    """Where the date a method is called on comes from: its declaration (``const d = new Date()``,
    a parameter ``d: Date``), when the receiver is a name declared in sight."""
    obj = s.unwrap(obj)
    decl = s.declaration(obj) if obj.type == 'identifier' else None
    return (decl,) if decl is not None else ()


def has_time_zone_option(call: Node, index: int) -> bool:
    args = s.arguments(call)
    if len(args) <= index:
        return False
    opts = args[index]
    if opts.type != 'object':
        return True  # options built elsewhere: assume the caller chose a zone
    return 'timeZone' in s.object_keys(opts) or s.has_spread(opts)


def within(node: Node, outer: Node) -> bool:
    """Whether ``node`` lies inside ``outer`` and is not ``outer`` itself."""
    return outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte \
        and (outer.start_byte, outer.end_byte) != (node.start_byte, node.end_byte)


def short(node: Node) -> str:
    text = s.normalized(node, 48)
    return text if len(text) < 48 else text[:45] + '...'
