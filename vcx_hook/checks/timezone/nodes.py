"""What timezone's rules share: the question a rule asks (``Asked``), and the tree questions: is a
value a ``Date``, where was it declared, does a call pass a ``timeZone``, short texts for messages."""
from __future__ import annotations

from typing import NamedTuple

from vcx_hook.ecosystem import logs
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
    if opts.type == 'identifier':  # `const options = { month: 'long' }` in sight: its keys
        opts = s.initializer(opts) or opts
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


# The local getters that read back what the local constructor was given, and the local setters of
# a part (`dateCheck.setFullYear(year)`, years before 100 kept as given): what they write in the
# server's zone the getters read back in it.
_LOCAL_READS = frozenset((
    'getFullYear', 'getMonth', 'getDate', 'getDay', 'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds',
    'setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds'))


def read_back_locally(new: Node) -> bool:
    """``const date = new Date(y, m - 1, d)`` whose every use in its function is a local getter or
    setter (``date.getMonth() === m - 1``, ``date.setFullYear(y)``): built and read back in the same
    zone, the zone cancels out (a validity check, a day's weekday); any other use (``toISOString``, returned, stored, passed on)
    makes it an instant, and is asked."""
    decl = s.parent_of(s.outer_expression(new))
    if decl is None or decl.type != 'variable_declarator' or s.unwrap(decl.child_by_field_name('value')) != new:
        return False
    name = decl.child_by_field_name('name')
    if name is None or name.type != 'identifier' or s.text(s.parent_of(decl).child(0)) != 'const':
        return False
    body = s.enclosing_function(new)
    if body is None:
        return False
    uses = 0
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == 'identifier' and node.text == name.text and node != name:
            member = s.parent_of(node)
            call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
            if call is None or call.type != 'call_expression' or member.child_by_field_name('object') != node \
                    or s.text(member.child_by_field_name('property')) not in _LOCAL_READS:
                return False
            uses += 1
        stack.extend(node.named_children)
    return uses > 0


def built_locally(obj: Node) -> Node | None:
    """The ``new Date(y, m, d)`` the name ``obj`` was declared with, if any."""
    obj = s.unwrap(obj)
    value = s.initializer(obj) if obj.type == 'identifier' else None
    value = s.unwrap(value) if value is not None else None
    if value is None or value.type != 'new_expression' or s.text(value.child_by_field_name('constructor')) != 'Date':
        return None
    return value if len(s.arguments(value)) >= 2 else None


def logged(node: Node) -> bool:
    """``node`` only goes where the program's operators read it (``ecosystem.logs``): inside an
    argument of a log call (``console.info``, ``logger.error``) or a socket's close reason in its own
    statement (not past a function: a callback's dates are its own), or the value of a ``const``
    whose every use in its function is."""
    if _in_diagnostic(node):
        return True
    uses = value_uses(node, const=True)
    return bool(uses) and all(_in_diagnostic(n) for n in uses)


def value_uses(node: Node, const: bool = False) -> list[Node]:
    """The uses, in its function, of the variable whose whole value ``node`` is (``let x = node``;
    with ``const``, only a ``const``), nested functions included: none when it is no such value."""
    decl = s.parent_of(s.outer_expression(node))
    if decl is None or decl.type != 'variable_declarator' or s.unwrap(decl.child_by_field_name('value')) != node:
        return []
    name = decl.child_by_field_name('name')
    body = s.enclosing_function(node)
    if name is None or name.type != 'identifier' or body is None:
        return []
    if const and s.text(s.parent_of(decl).child(0)) != 'const':
        return []
    return [n for n in identifiers(body, name.text) if n != name]


def identifiers(body: Node, name: bytes | None) -> list[Node]:
    """The identifiers spelled ``name`` in ``body``, nested functions included."""
    found = []
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type in ('identifier', 'shorthand_property_identifier') and node.text == name:
            found.append(node)
        stack.extend(node.named_children)
    return found


def _in_diagnostic(node: Node) -> bool:
    below = node
    for up in s.ancestors(node):
        if up.type in s.FUNCTION_TYPES or up.type.endswith('statement') or up.type == 'statement_block':
            return False
        if up.type == 'call_expression' and below.type == 'arguments':
            arg = next((a for a in s.arguments(up) if within(node, a) or a == node), node)
            if logs.diagnostic(up, arg):
                return True
        below = up
    return False
