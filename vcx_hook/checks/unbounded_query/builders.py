"""Query builders run whole: TypeORM ``createQueryBuilder(...)...getMany()`` with no ``.where()``/
``.take()``, Knex ``knex('t').select()`` and Drizzle ``db.select().from(t)`` with no ``.where()``/
``.limit()`` (aggregates that return one row are not asked)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]


def query_builder(call: Node) -> tuple[str, str] | None:
    calls = s.chain_calls(call)
    methods = [s.callee_name(c) for c in calls]
    if stores.QUERY_BUILDER not in methods:
        return None  # a builder assembled elsewhere may be filtered there
    if any(m.startswith(stores.WHERE_PREFIXES) or m in stores.QUERY_BUILDER_STOPS for m in methods):
        return None
    qb_args = s.arguments(calls[methods.index(stores.QUERY_BUILDER)])
    entity = ''
    if qb_args:
        entity = s.string_value(qb_args[0]) or s.text(qb_args[0])
    for c in calls:
        if s.callee_name(c) == stores.REPOSITORY_FACTORY and s.arguments(c):
            entity = s.text(s.arguments(c)[0])
    builder = calls[methods.index(stores.QUERY_BUILDER)]
    shown = f'{s.callee_path(builder)}()...{s.callee_name(call)}()'
    return entity, f'`{shown}` has no `.where()` or `.take()`, so it loads every row into memory'


def builder(call: Node, top: Node, names: Names) -> Iterator[tuple[Node, str]]:
    """Knex ``knex('users').select()`` / Drizzle ``db.select().from(users)`` with no where/limit."""
    calls = s.chain_calls(top)
    methods = [s.callee_name(c) for c in calls]
    if not (reads.executed(top) or 'then' in methods) or reads.streamed(top):
        return
    if any(m.startswith(stores.WHERE_PREFIXES) or m in stores.BUILDER_STOPS for m in methods):
        return
    root_call = calls[-1]
    fn = s.unwrap(s.callee(root_call)) if s.callee(root_call) is not None else None
    table = ''
    if fn is not None and fn.type == 'identifier':
        root = s.text(fn)  # knex('users')
        root_args = s.arguments(root_call)
        table = s.string_value(root_args[0]) or '' if root_args else ''
        if not table:
            return
    else:
        segments = reads.receiver_segments(root_call)
        root = segments[0] if len(segments) == 1 else ''
    if root not in names['builder_roots']:
        return
    for c in calls:
        if s.callee_name(c) in stores.TABLE_READS and s.arguments(c):
            table = s.string_value(s.arguments(c)[0]) or s.text(s.arguments(c)[0])
        if s.callee_name(c) in stores.FIELD_READS and _aggregate_fields(s.arguments(c)):
            return
        if (s.callee_name(c) in stores.TABLE_READS or s.callee_name(c) in _INNER_JOINS) and s.arguments(c) \
                and _bounded_subquery(s.arguments(c)[0]):
            return
    if not table or sql.is_small_table(table, names['small_tables']):
        return
    yield top, f'`{reads.short(top)}` has no `.where()` or `.limit()`, so it loads every row of `{table}` into memory'


# Joins that keep only the rows matching the joined set (Drizzle `innerJoin`, Knex `join`).
_INNER_JOINS = frozenset(('innerJoin', 'join'))


def _bounded_subquery(source: Node) -> bool:
    """``.from(page)`` or ``.innerJoin(page, ...)`` where ``const page = db.select()...where(...)
    .limit(n).as('page')``: a subquery filtered or limited where it is built bounds the read."""
    source = s.unwrap(source)
    if source.type == 'identifier':
        decl = s.declaration(source)
        source = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    if source is None or source.type != 'call_expression':
        return False
    methods = [s.callee_name(c) for c in s.chain_calls(s.chain_top(source))]
    return 'as' in methods and any(
        m.startswith(stores.WHERE_PREFIXES) or m in ('limit', 'first') for m in methods)


def _aggregate_fields(args: list[Node]) -> bool:
    """Drizzle ``select({ n: count() })`` or ``select({ n: sql`count(*)` })``: one row."""
    if len(args) != 1 or args[0].type != 'object':
        return False
    values = list(s.object_keys(args[0]).values())
    return bool(values) and all(_aggregate_field(v) for v in values)


def _aggregate_field(value: Node) -> bool:
    template = None
    value = _unaliased(value)
    if value.type == 'call_expression':
        if s.callee_name(value) in stores.AGGREGATES:
            return True
        if s.callee_name(value) == stores.SQL_TAG:
            template = s.arguments(value)[0] if s.arguments(value) else None
    elif value.type == 'binary_expression' and s.text(value).startswith(f'{stores.SQL_TAG}<'):
        template = value.child_by_field_name('right')  # sql<number>`...` parses as comparisons in TS
        template = _unaliased(template) if template is not None else None
    text = s.string_like_text(template)
    return text is not None and sql.aggregate_only(text)


def _unaliased(value: Node) -> Node:
    """The field without its alias: ``sql`SUM(x)`.as('total')`` is ``sql`SUM(x)```."""
    if value.type == 'call_expression' and s.callee_name(value) == 'as' and s.receiver(value) is not None:
        return s.unwrap(s.receiver(value))
    return value
