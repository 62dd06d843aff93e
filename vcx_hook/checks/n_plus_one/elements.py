"""Whether a call takes the element: its arguments use the element (or a name computed from it in
the body), a loader is given the element's id, and what an update writes or a create returns."""
from __future__ import annotations

import re

from vcx_hook.checks.n_plus_one.data_calls import sql_of
from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.checks.n_plus_one.iterations import chunks
from vcx_hook.checks.n_plus_one.iterations import declared
from vcx_hook.checks.n_plus_one.wording import short
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

ID_LIKE = lazyre.compile(r'^_?(?:id|key|slug|uuid|email|username)s?$|[a-z0-9](?:Id|ID|Key|Slug|Uuid|UUID|Email)s?$'
                     r'|_(?:id|key|slug|uuid)s?$')
BY = lazyre.compile(r'By[A-Z]|For[A-Z]')
_SQL_SET = lazyre.compile(r'\bset\b(.*?)(?:\bwhere\b|$)', re.I | re.S)
_PLACEHOLDER = lazyre.compile(r'\$\d|\?|\$\{\}|:\w')


def element_in(chain: list[Node], it: Iteration, call: Node) -> str | None:
    """The element expression the call's arguments use (``post``, ``users[i]``), if any."""
    for link in chain:
        for arg in s.arguments(link):
            found = mentions(arg, it, call, 0)
            if found is not None:
                return found
    return None


def mentions(node: Node, it: Iteration, call: Node, depth: int, loose: bool = False) -> str | None:
    """The element ``node`` uses (directly or through names derived from it in the body); with
    ``loose``, any name declared in the body counts (it may differ for every element)."""
    stack = [node]
    while stack:
        n = stack.pop()
        kind = n.type
        if kind in ('identifier', 'shorthand_property_identifier'):
            if n.text in it.elements:
                return f'`{s.text(n)}`' if len(it.elements) == 1 else 'element'
            if depth < 3:
                found = _derived(n, it, call, depth, loose)
                if found is not None:
                    return found
        elif kind == 'subscript_expression' and it.counters:
            index = n.child_by_field_name('index')
            if index is not None and s.unwrap(index).type == 'identifier' and s.unwrap(index).text in it.counters:
                if chunks(n.child_by_field_name('object')):
                    return None
                return f'`{short(n, 24)}`'
            stack.extend(n.named_children)
        elif kind in ('member_expression', 'subscript_expression'):
            obj = n.child_by_field_name('object')
            if obj is not None:
                stack.append(obj)
            index = n.child_by_field_name('index')
            if index is not None:
                stack.append(index)
        elif kind not in ('string', 'number', 'property_identifier', 'comment'):
            stack.extend(n.named_children)
    return None


def _derived(ident: Node, it: Iteration, call: Node, depth: int, loose: bool) -> str | None:
    """The element a name declared in the loop body before ``call`` was computed from."""
    if ident.text not in declared(it.file, it.body):
        return None  # most names (`prisma`, tables, helpers) are not declared in the body
    decl = s.declaration(ident)
    if decl is None or decl.type != 'variable_declarator':
        return None
    if not (it.body.start_byte <= decl.start_byte < call.start_byte):
        return None
    if loose:
        return s.text(ident)
    value = decl.child_by_field_name('value')
    found = mentions(value, it, call, depth + 1) if value is not None else None
    return found if found is not None else _filled(ident, decl, it, call, depth)


def _filled(ident: Node, decl: Node, it: Iteration, call: Node, depth: int) -> str | None:
    """The element a field of the local was set from, between its declaration and ``call``
    (``const where = getDataFilter(event); where.paymentRequestNumber = i; findOne({ where })``:
    a filter made per element, ffc-pay-tracking's checkDAXPRN, a real bug of holdout12)."""
    body = it.body.child_by_field_name('body') if it.body.type in s.FUNCTION_TYPES else it.body
    for assign in s.own_nodes(body or it.body, _ASSIGNMENTS):
        left, right = assign.child_by_field_name('left'), assign.child_by_field_name('right')
        if left is None or right is None or left.type not in ('member_expression', 'subscript_expression') \
                or not (decl.end_byte <= assign.start_byte and assign.end_byte <= call.start_byte):
            continue
        target = left.child_by_field_name('object')
        if target is not None and target.type == 'identifier' and target.text == ident.text:
            found = mentions(right, it, call, depth + 1)
            if found is not None:
                return found
    return None


_ASSIGNMENTS = frozenset(('assignment_expression',))


def per_table(chain: list[Node], it: Iteration, call: Node, roots: frozenset[str]) -> bool:
    """``tx.insert(table).values(rows)`` with the table taken from the element: one statement per
    table is the point of such a loop (``chain`` is outermost first; the builder is below it).
    Also a write on a Knex builder of a table the element names (``tx(tableOf(list.id)).del()``,
    one table per list): each table needs its own statement, where reads of them could be one
    ``UNION ALL`` (bench/judged: mailtrain's per-list delete 'not', its per-list probe worth asking)."""
    for link in chain[1:]:
        name = s.callee_name(link)
        if name in roots and link == chain[-1] and _writes(chain):
            if any(mentions(arg, it, call, 0) is not None for arg in s.arguments(link)[:1]):
                return True
        if name not in stores.TABLE_BUILDERS:
            continue
        for arg in s.arguments(link):
            if s.unwrap(arg).type in _TABLE_EXPRESSIONS and mentions(arg, it, call, 0) is not None:
                return True
    return False


def _writes(chain: list[Node]) -> bool:
    return any(s.callee_name(link) in stores.WRITE_METHODS or s.callee_name(link) in stores.DELETES for link in chain)


_TABLE_EXPRESSIONS = frozenset(('identifier', 'member_expression', 'subscript_expression'))


def id_argument(helper: Node, it: Iteration, call: Node) -> bool:
    """A loader helper is asked when named ``...ById``/``...ForX`` or given the element's id,
    key or slug (``getProfile(u.id)``, ``fetchUser({ userId })``)."""
    if BY.search(s.callee_name(helper)):
        return True
    for arg in s.arguments(helper):
        pairs = list(s.object_keys(arg).items()) if arg.type == 'object' else [('', arg)]
        for key, value in pairs:
            if not (ID_LIKE.search(key) or ID_LIKE.search(tail(value))):
                continue
            if mentions(value, it, call, 0) is not None:
                return True
    return False


def tail(node: Node) -> str:
    node = s.unwrap(node)
    if node.type == 'member_expression':
        return s.text(node.child_by_field_name('property'))
    return s.text(node) if node.type in ('identifier', 'shorthand_property_identifier') else ''


def update_data(link: Node, chain: list[Node]) -> list[Node]:
    """The values an update writes (not its filter): Prisma ``data``/``create``/``update``,
    Mongoose/TypeORM ``(filter, update)``, Sequelize ``(values, { where })``, ``.set(values)``."""
    args = s.arguments(link)
    out = [a for c in chain if s.callee_name(c) in stores.VALUE_METHODS for a in s.arguments(c)]
    text = sql_of(args[0]) if args else None
    if text is not None:
        m = _SQL_SET.search(text)
        return args if m is None or _PLACEHOLDER.search(m.group(1)) else []
    if len(args) == 1 and args[0].type == 'object' and 'where' in s.object_keys(args[0]):
        return out + [v for k, v in s.object_keys(args[0]).items() if k not in stores.QUERY_OPTION_KEYS]
    if len(args) >= 2:
        second = args[1]
        if second.type == 'object' and 'where' in s.object_keys(second):
            return out + args[:1]
        return out + args[1:]
    return out + args


def result_used(call: Node, used: str, it: Iteration) -> bool:
    """Whether the records a per-element create returns are used (a bulk insert returns none)."""
    if used == 'returned':
        node = s.outer_expression(it.node)
        while s.parent_of(node) is not None and s.parent_of(node).type in ('arguments', 'spread_element', 'array'):
            node = s.parent_of(node)
            if node.type == 'arguments' and s.parent_of(node) is not None:
                node = s.outer_expression(s.parent_of(node))
    else:
        node = s.outer_expression(call)
    parent = s.parent_of(node)
    return parent is not None and parent.type not in ('expression_statement', 'arguments', 'array')

