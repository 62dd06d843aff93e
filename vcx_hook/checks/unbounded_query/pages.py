"""ORM reads bounded in place but not in size: a page with an offset and no page size
(``findMany({ where, skip: (page - 1) * perPage })``: ``perPage`` never reaches the query), and a
Prisma ``groupBy`` ranked descending with no ``take`` (a top list that returns every group)."""
from __future__ import annotations

import re

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_OFFSETS = ('skip', 'offset')
_SIZES = ('take', 'limit', 'cursor', 'first', 'last')


def skipped_page(call: Node) -> tuple[str, str] | None:
    """``model.findMany({ skip })`` or ``Model.findAll({ offset })`` with no ``take``/``limit``."""
    options = _options(call)
    if options is None or not any(k in options for k in _OFFSETS) or any(k in options for k in _SIZES):
        return None
    segments = reads.receiver_segments(call)
    if not segments or (s.callee_name(call) in stores.FIND_MANY and len(segments) < 2):
        return None
    offset = next(k for k in _OFFSETS if k in options)
    size = 'take' if s.callee_name(call) in stores.FIND_MANY else 'limit'
    model = reads.entity(segments[-1])
    return model, (f'`{reads.label(call)}()` skips to a page (`{offset}`) but sets no page size (`{size}`), so it '
                   f'loads every `{model}` record after the offset into memory')


def skip_confidence(call: Node, file: File) -> str:
    """MEDIUM for an offset computed at run time (``skip: (page - 1) * perPage``: a page whose size was
    forgotten); LOW for a number (``skip: 1`` ordered newest first: every record but the latest, on
    purpose; nosgestesclimat's old poll answers of one user, judged not worth asking) and for rows read
    to be deleted (``skip: keepCount`` then ``deleteMany({ where: { id: { in: rows.map(...) } } })``:
    every version past the newest few, pruned; trycompai's credential versions, round 30, judged not),
    and for the rows of one user, a filter naming a user's key with the function's parameter
    (``where: { [Op.or]: [{ userId }, ...] }`` of ``alerts(userId, { offset })``: the reports one
    person writes or approves; Head-Start's activity report alerts, round 31, judged not)."""
    options = _options(call) or {}
    offset = next((options[k] for k in _OFFSETS if k in options), None)
    if offset is not None and s.unwrap(offset).type == 'number':
        return LOW
    return LOW if _deleted(call, file) or _one_users(options.get('where')) else MEDIUM


_USER_KEY = lazyre.compile(r'^\$?(?:user|author|owner|creator)_?id\$?$', re.I)


def _one_users(where: Node | None) -> bool:
    """``where`` (an object literal) holds, at any depth, a user's key whose value is a parameter of
    the function around it: ``{ userId }``, ``{ authorId: userId }``."""
    where = s.unwrap(where) if where is not None else None
    if where is None or where.type != 'object':
        return False
    stack = [where]
    while stack:
        node = stack.pop()
        if node.type == 'shorthand_property_identifier' and _USER_KEY.match(s.text(node)):
            value: Node | None = node
        elif node.type == 'pair' and _USER_KEY.match(s.text(node.child_by_field_name('key')).strip('\'"`')):
            value = s.unwrap(node.child_by_field_name('value'))
        else:
            stack.extend(c for c in node.named_children if c.type not in s.FUNCTION_TYPES)
            continue
        if value is not None and value.type in ('identifier', 'shorthand_property_identifier'):
            decl = s.declaration(value)
            if decl is not None and decl.type != 'variable_declarator':
                return True  # a parameter
    return False



def _deleted(call: Node, file: File) -> bool:
    """The rows of ``call`` are bound to a name that only a delete's arguments (``deleteMany``,
    ``destroy``...) and tests of the rows' count or emptiness read: the read lists what to prune."""
    decl = s.parent_of(s.outer_expression(s.chain_top(call)))
    name = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    if name is None or name.type != 'identifier':
        return False
    fl = flow.of(file, name)
    refs = [ref for binding in fl.bindings_of(name) for ref in fl.references(binding)]
    return any(_in_delete(ref) for ref in refs) and all(_in_delete(ref) or _counted(ref) for ref in refs)


def _in_delete(ref: Node) -> bool:
    node: Node | None = ref
    while node is not None and node.type not in ('statement_block', 'program'):
        args = node.child_by_field_name('arguments') if node.type == 'call_expression' else None
        if args is not None and s.callee_name(node) in stores.DELETES and args.start_byte <= ref.start_byte < args.end_byte:
            return True
        node = s.parent_of(node)
    return False


def _counted(ref: Node) -> bool:
    """``rows.length`` (``if (rows.length === 0) return``)."""
    up = s.parent_of(ref)
    return up is not None and up.type == 'member_expression' and s.text(up.child_by_field_name('property')) == 'length'


def ranked_groups(call: Node, small_tables: frozenset[str]) -> tuple[str, str] | None:
    """``prisma.payout.groupBy({ by, orderBy: { _sum: { amount: 'desc' } } })`` with no ``take``,
    grouped by more than a small dimension (``by: ['currency']`` has one group per currency)."""
    options = _options(call)
    segments = reads.receiver_segments(call)
    if options is None or len(segments) < 2 or 'by' not in options or any(k in options for k in _SIZES):
        return None
    order = options.get('orderBy')
    if order is None or "'desc'" not in s.text(order).replace('"', "'"):
        return None
    by = s.unwrap(options['by'])
    keys = [s.string_value(k) for k in by.named_children] if by.type == 'array' else [s.string_value(by)]
    if keys and all(keys) and reads.few_groups((k.lower() for k in keys if k), small_tables):
        return None
    model = reads.entity(segments[-1])
    return model, (f'`{reads.label(call)}()` ranks every group of `{model}` (`orderBy` descending) with no `take`: '
                   'a top list returns them all')


def groups_confidence(call: Node) -> str:
    """LOW for groups ordered by their latest or earliest value (``orderBy: { _max: { updatedAt: 'desc' } }``:
    the order work is done in, most recent activity first, as a newest-first read is, not a ranking of
    sizes; trycompai's organizations with legacy policies, every one migrated, round 30, judged not);
    MEDIUM for a ranking by a count, sum or average (dub's pending payouts by amount, a real bug)."""
    order = (_options(call) or {}).get('orderBy')
    order = s.unwrap(order) if order is not None else None
    keys = s.object_keys(order) if order is not None and order.type == 'object' else {}
    return LOW if keys and set(keys) <= {'_max', '_min'} else MEDIUM


def _options(call: Node) -> dict[str, Node] | None:
    """The keys of the call's options literal; ``None`` when it has none or spreads another object."""
    args = s.arguments(call)
    opts = s.unwrap(args[0]) if args else None
    if opts is None or opts.type != 'object' or s.has_spread(opts):
        return None
    return s.object_keys(opts)
