"""What every unbounded-query rule asks of a read: is it run here (awaited, returned, given a
callback) or streamed, which model its receiver names, whether its options bound it, and how
the call is shown in a message."""
from __future__ import annotations

import re
from collections.abc import Iterable

from vcx_hook.ecosystem import models
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.syntax import Node

# Grouped columns with few values whatever the data (besides `small_tables`): a ranking by them is short.
_DIMENSIONS = frozenset((
    'channel', 'browser', 'os', 'device', 'type', 'kind', 'hour', 'day', 'week', 'month', 'year', 'date',
    'weekday', 'continent', 'source', 'medium',
))


def few_groups(columns: Iterable[str], small_tables: frozenset[str]) -> bool:
    """Every grouped column (an empty one: unknown) has few values whatever the data: one group per
    country, currency, status or day, so a ranking of them is short."""
    return all(c and (sql.is_small_table(c, small_tables) or c in _DIMENSIONS) for c in columns)


def executed(top: Node) -> bool:
    """Awaited, returned, yielded, or given a callback: the rows are actually fetched here."""
    if s.is_awaited(top):
        return True
    parent = s.parent_of(top)
    if parent is None:
        return False
    if parent.type in ('return_statement', 'yield_expression'):
        return True
    if parent.type == 'array' and _awaited_together(parent):
        return True
    if parent.type == 'arrow_function' and parent.child_by_field_name('body') == top:
        return True
    args = s.arguments(top)  # Model.find({}, (err, docs) => ...)
    return bool(args) and node_callback(args[-1])


def _awaited_together(array: Node) -> bool:
    """``await Promise.all([a, b])``: each element is run (and its rows fetched) here."""
    args = s.parent_of(array)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return call is not None and s.callee_path(call) in ('Promise.all', 'Promise.allSettled') and (
        s.is_awaited(call) or s.parent_of(call) is not None and s.parent_of(call).type == 'return_statement')


_CALLBACKS = frozenset(('arrow_function', 'function_expression', 'function'))


def node_callback(node: Node) -> bool:
    """A Node-style ``(err, result) => ...`` callback (not an ``Array.find`` predicate)."""
    return node.type in _CALLBACKS and s.parameter_names(node)[:1] in (['err'], ['error'])


def streamed(top: Node) -> bool:
    parent = s.parent_of(s.outer_expression(top))
    return parent is not None and parent.type == 'for_in_statement' and any(c.type == 'await' for c in parent.children)


def short(node: Node, limit: int = 40) -> str:
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def label(call: Node) -> str:
    path = s.callee_path(call) or short(call)
    return path if len(path) <= 40 else '...' + path[-37:]


def receiver_segments(call: Node) -> list[str]:
    obj = s.receiver(call)
    return [p for p in (s.dotted(obj) if obj is not None else '').split('.') if p and p != 'this']


def unbounded_options(opts: Node | None, bounding: tuple[str, ...]) -> bool:
    """No options, or an options literal with none of ``bounding`` (an empty ``where: {}`` is none)."""
    if opts is None:
        return True
    opts = s.unwrap(opts)
    if opts.type != 'object' or s.has_spread(opts):
        return False
    keys = s.object_keys(opts)
    for key in bounding:
        value = keys.get(key)
        if value is not None and not (value.type == 'object' and not value.named_children):
            return False
    return True


_MODEL_WORDS = lazyre.compile(r'(?:^|[a-z0-9_])(?:Model|Repository|Repo|Collection)$|^(?:model|repository|repo|collection)$')
PASCAL = models.MODEL_NAME


def entity(segment: str) -> str:
    """``user`` for ``userRepository``/``userModel``/``usersCollection``; the segment otherwise."""
    return re.sub(r'(?<=[a-z0-9])(?:Model|Repository|Repo|Collection)$', '', segment)


def is_model(segment: str) -> bool:
    return (bool(PASCAL.match(segment)) and segment not in stores.GLOBALS) or bool(_MODEL_WORDS.search(segment))


def consumer(top: Node) -> Node | None:
    """Where the rows are used: the first later mention of the name they are bound to
    (``const rows = await db.query(...)`` ... ``rows.map(...)``), in the same function."""
    outer = s.outer_expression(top)
    decl = s.parent_of(outer)
    if decl is None or decl.type != 'variable_declarator' or decl.child_by_field_name('value') != outer:
        return None
    name = decl.child_by_field_name('name')
    if name is None or name.type != 'identifier':
        return None
    body = s.enclosing_function(decl)
    body = s.function_body(body) if body is not None else None
    if body is None:
        return None
    wanted = name.text
    stack = [body]
    found: Node | None = None
    while stack:
        node = stack.pop()
        if node.end_byte <= decl.end_byte or (found is not None and node.start_byte >= found.start_byte):
            continue
        if node.type == 'identifier' and node.start_byte >= decl.end_byte and node.text == wanted:
            found = node
            continue
        stack.extend(node.children)
    return found
