"""The loops over the rows a store read returned in the same function (``const users = await
User.find(...)``, then a query per user): the sub-shape n-plus-one listed (medium) until held-out
code judged it no better than the rest (``CONFIDENCE``); a loop over a request's array, a record's
parts or an API's answer was a handful of elements nearly every time (bench/judged,
n1:small-or-bounded-n)."""
from __future__ import annotations

import re
from collections.abc import Callable

from vcx_hook.checks.n_plus_one.data_calls import DataCall
from vcx_hook.checks.n_plus_one.data_calls import from_data_module
from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.checks.n_plus_one.iterations import PEOPLE
from vcx_hook.checks.n_plus_one.iterations import ROW_HOLDERS
from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Listed, the query per row of a read was worth asking 21% of 87 times on held-out code (11 worth,
# 14 borderline, 62 not; `bench/judged/shapes.py --held-out --check n-plus-one`): under
# docs/confidence.md's 40% over five, so low like every per-element query. MEDIUM again once a
# held-out round shows it at 40% or more.
CONFIDENCE = LOW
_DEPTH = 5  # values followed back (`const ids = rows.map(...)`, `const rows = await ...`)
# Calls that hand on the rows they are given first (`_.uniq(rows)`, `schema.safeParse(rows).data`);
# a method of the rows (`rows.filter(...)`) hands them on whatever its name.
_HANDING_ON = frozenset((
    'uniq', 'unique', 'uniqBy', 'uniqWith', 'sortBy', 'orderBy', 'compact', 'flatten', 'flattenDeep',
    'filter', 'reject', 'from', 'parse', 'safeParse', 'difference', 'differenceBy', 'without', 'shuffle',
    'take', 'values', 'keys', 'entries', 'all', 'allSettled',
))

# What sets a read's page size: an option's key, a method of its chain, a SQL clause.
_PAGE_KEYS = frozenset(('take', 'limit', 'first', 'last', 'pageSize', 'perPage'))
_PAGE_METHODS = frozenset(('limit', 'take', 'paginate'))
_NUMBER_PARSERS = frozenset(('Number', 'parseInt', 'parseFloat'))
_LIMIT = lazyre.compile(r'\b(?:LIMIT|FETCH\s+FIRST)\b\s*(\d)?', re.IGNORECASE)


def over_rows(it: Iteration, reads: Callable[[Node], bool]) -> bool:
    """Whether ``it`` walks the rows of a store read made in the function around it: its iterable
    is, through array methods, spreads, a row holder (``result.rows``) or a helper given it, the
    value of an awaited call ``reads`` says reaches a store."""
    return it.iterable is not None and rows_of_a_read(it.iterable, reads)


def rows_of_a_read(node: Node, reads: Callable[[Node], bool]) -> bool:
    """Whether ``node`` holds the rows of a store read made in the function (``over_rows``)."""
    return _from_read(node, reads, 0) is not None


def over_a_page(it: Iteration, reads: Callable[[Node], bool], file: File) -> bool:
    """Whether the read whose rows ``it`` walks sets a page size the code chose: an option (``take``,
    ``limit``, Mongoose's ``find(filter, {}, { skip, limit })``), a method of its chain
    (``.limit(20)``, ``.take(n)``, ``.paginate()``) or a ``LIMIT`` in its SQL, not one the client
    sends (``.limit(req.query.rowsPerPage)``: asked for a million, it walks them all). The loop
    walks one page, as many elements as the code chose (bench/judged n1:paged-background-cron)."""
    read = _from_read(it.iterable, reads, 0) if it.iterable is not None else None
    if read is None:
        return False
    sizes: list[Node] = []
    for call in s.chain_calls(s.chain_top(read)):
        args = [s.unwrap(a) for a in s.arguments(call)]
        if s.callee_name(call) in _PAGE_METHODS:
            sizes += args[:1]
        for arg in args:
            if arg.type == 'object':
                sizes += [v for k, v in s.object_keys(arg).items() if k in _PAGE_KEYS]
            elif arg.type in ('string', 'template_string') and (limit := _LIMIT.search(s.text(arg))) is not None:
                sizes.append(arg)  # `LIMIT 20`; `LIMIT $2` or `LIMIT ${n}`: the values it may take
                if not limit.group(1):
                    sizes += [a for a in args if a is not arg] + [c for c in arg.named_children if c.type == 'template_substitution']
    return bool(sizes) and not any(_from_request(file, size) for size in sizes)


def _from_request(file: File, node: Node) -> bool:
    """Whether ``node``'s value comes from the request (``req.query.limit``, ``Number(input.take)``)."""
    names = requests.DEFAULT_NAMES
    if not requests.in_reach(file, node, names):
        return False
    fl = flow.of(file, node)
    return any(requests.source(file, fl, o, _parsed, names) is not None for o in fl.origins(node, _parsed))


def _parsed(call: Node) -> list[Node]:
    """A number parsed from a value carries the value on (``Number(req.query.limit)``)."""
    return s.arguments(call)[:1] if s.receiver(call) is None and s.callee_name(call) in _NUMBER_PARSERS else []


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


def _from_read(node: Node, reads: Callable[[Node], bool], depth: int) -> Node | None:
    """The read whose rows ``node`` holds (``rows_of_a_read``), or None."""
    if depth > _DEPTH:
        return None
    node = s.unwrap(node)
    kind = node.type
    if kind == 'identifier':
        value = _value_of(node)
        return _from_read(value, reads, depth + 1) if value is not None else None
    if kind == 'member_expression':
        prop = s.text(node.child_by_field_name('property'))
        obj = node.child_by_field_name('object')
        return _from_read(obj, reads, depth + 1) if (prop in ROW_HOLDERS or prop in PEOPLE) and obj is not None else None
    if kind == 'array':
        spread = (c.named_children[0] for c in node.named_children if c.type == 'spread_element' and c.named_children)
        return next((r for r in (_from_read(c, reads, depth + 1) for c in spread) if r is not None), None)
    if kind != 'call_expression':
        return None
    if reads(node):
        return node
    receiver = s.receiver(node)
    found = _from_read(receiver, reads, depth + 1) if receiver is not None else None
    if found is not None:
        return found
    args = s.arguments(node)
    return _from_read(args[0], reads, depth + 1) if args and s.callee_name(node) in _HANDING_ON else None


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
