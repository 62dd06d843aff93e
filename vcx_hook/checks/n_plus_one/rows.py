"""Which loops n-plus-one lists: those over the rows a store read returned in the same function
(``const users = await User.find(...)``, then a query per user), the sub-shape that carried the
judged worth-asking findings; a loop over a request's array, a record's parts or an API's answer
was a handful of elements nearly every time (bench/judged, n1:small-or-bounded-n)."""
from __future__ import annotations

from collections.abc import Callable

from vcx_hook.checks.n_plus_one.data_calls import DataCall
from vcx_hook.checks.n_plus_one.data_calls import from_data_module
from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.checks.n_plus_one.iterations import PEOPLE
from vcx_hook.checks.n_plus_one.iterations import ROW_HOLDERS
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_DEPTH = 5  # values followed back (`const ids = rows.map(...)`, `const rows = await ...`)
# Calls that hand on the rows they are given first (`_.uniq(rows)`, `schema.safeParse(rows).data`);
# a method of the rows (`rows.filter(...)`) hands them on whatever its name.
_HANDING_ON = frozenset((
    'uniq', 'unique', 'uniqBy', 'uniqWith', 'sortBy', 'orderBy', 'compact', 'flatten', 'flattenDeep',
    'filter', 'reject', 'from', 'parse', 'safeParse', 'difference', 'differenceBy', 'without', 'shuffle',
    'take', 'values', 'keys', 'entries', 'all', 'allSettled',
))


def over_rows(it: Iteration, reads: Callable[[Node], bool]) -> bool:
    """Whether ``it`` walks the rows of a store read made in the function around it: its iterable
    is, through array methods, spreads, a row holder (``result.rows``) or a helper given it, the
    value of an awaited call ``reads`` says reaches a store."""
    return it.iterable is not None and rows_of_a_read(it.iterable, reads)


def rows_of_a_read(node: Node, reads: Callable[[Node], bool]) -> bool:
    """Whether ``node`` holds the rows of a store read made in the function (``over_rows``)."""
    return _from_read(node, reads, 0)


def visible_query(data: DataCall, file: File) -> bool:
    """Whether the per-element call is a query on a store the line shows, or a loader of the
    project's data module (``getProfile`` from ``'../lib/db'``); not another helper of the project's
    (``fetchDeployApiJobs(id)``) nor a service's method (``this.teamService.findAll(id)``), whose
    per-element work the judged loops needed (bench/judged, n1:per-item-work-inherent)."""
    if data.kind == 'helper':
        return from_data_module(data.link, file)
    segments = s.path_segments(s.receiver(data.link))
    words = s.name_words(segments[-1]) if segments else []
    return not (words and words[-1] in stores.SERVICE_WORDS)


def _from_read(node: Node, reads: Callable[[Node], bool], depth: int) -> bool:
    if depth > _DEPTH:
        return False
    node = s.unwrap(node)
    kind = node.type
    if kind == 'identifier':
        value = _value_of(node)
        return value is not None and _from_read(value, reads, depth + 1)
    if kind == 'member_expression':
        prop = s.text(node.child_by_field_name('property'))
        obj = node.child_by_field_name('object')
        return (prop in ROW_HOLDERS or prop in PEOPLE) and obj is not None and _from_read(obj, reads, depth + 1)
    if kind == 'array':
        return any(c.type == 'spread_element' and c.named_children and _from_read(c.named_children[0], reads, depth + 1)
                   for c in node.named_children)
    if kind != 'call_expression':
        return False
    if reads(node):
        return True
    receiver = s.receiver(node)
    if receiver is not None and _from_read(receiver, reads, depth + 1):
        return True
    args = s.arguments(node)
    return bool(args) and s.callee_name(node) in _HANDING_ON and _from_read(args[0], reads, depth + 1)


def _value_of(ident: Node) -> Node | None:
    """The value ``ident`` was declared with, also when destructured from the rows a read returned
    (``const { rows: invoices } = await pool.query(...)``, ``const [rows] = await conn.execute(...)``)."""
    decl = s.declaration(ident)
    return _bound_value(decl, ident.text) if decl is not None and decl.type == 'variable_declarator' else None


def _bound_value(decl: Node, name: bytes) -> Node | None:
    """The value ``decl`` gives ``name``: its whole value for ``const name = ...``, and the value
    for a name destructured as the first of an array or as a row holder (``{ rows: name }``)."""
    pattern = decl.child_by_field_name('name')
    value = decl.child_by_field_name('value')
    if pattern is None or value is None:
        return None
    if pattern.type == 'identifier':
        return value if pattern.text == name else None
    if pattern.type == 'array_pattern':
        first = pattern.named_children[:1]
        return value if first and first[0].type == 'identifier' and first[0].text == name else None
    if pattern.type != 'object_pattern':
        return None
    for prop in pattern.named_children:
        if prop.type == 'shorthand_property_identifier_pattern' and prop.text == name:
            key = s.text(prop)
        elif prop.type == 'pair_pattern' and _names(prop.child_by_field_name('value'), name):
            key = s.text(prop.child_by_field_name('key'))
        else:
            continue
        return value if key in ROW_HOLDERS or key in PEOPLE else None
    return None


def _names(node: Node | None, name: bytes) -> bool:
    return node is not None and node.type == 'identifier' and node.text == name
