"""race-condition's check-then-insert through a query builder: rows of a table selected by a
builder chain (Drizzle's ``db.select().from(volunteers).where(...).limit(1)``, Kysely's
``db.selectFrom('volunteers')...``), found empty in an ``if`` (``if (rows.length > 0) return
rows[0]``, ``if (!row) { ... }``), then a row inserted into that table by the same client
(``db.insert(volunteers).values(...)``, ``db.insertInto('volunteers')``) where none was found: two
requests both find none and both insert (talawa-api's createEventVolunteer, a real bug of holdout8).

Not asked for an insert that settles its conflict (``onConflictDoNothing()``...), in a
transaction's callback or on a transaction, under a lock, or with a unique violation handled; nor
for one whose values set a unique key of the table its migrations declare (``.values({ link })`` of
a column Kysely's ``.addColumn('link', 'text', (col) => col.unique())`` made: the database refuses
the second; round 26's oyster opportunities, race:unique-constraint).
Low confidence: a unique index the tool cannot see settles many of them (check_then_act's figures)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition.calls import in_transaction
from vcx_hook.checks.race_condition.calls import serialized
from vcx_hook.checks.race_condition.calls import settled_in
from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.nodes import acts_after
from vcx_hook.checks.race_condition.nodes import if_testing
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.checks.race_condition.nodes import short
from vcx_hook.ecosystem import ddl
from vcx_hook.ecosystem import schemas
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW
# The links of the builders' chains that name their table (stores.TABLE_BUILDERS): a select's
# (Drizzle `from(t)` after `select()`, Kysely `selectFrom(t)`) and an insert's (`insert(t)`, `insertInto(t)`).
_SELECTS = frozenset(n for n in stores.TABLE_BUILDERS if s.name_words(n)[-1:] == ['from'] and s.name_words(n)[0] != 'delete')
_INSERTS = frozenset(n for n in stores.TABLE_BUILDERS if s.name_words(n)[0] == 'insert')


def find(scope: Scope, uniques: schemas.Uniques = {}) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:  # noqa: B006
    selects: list[tuple[Node, str, str]] = []
    inserts: list[tuple[Node, str, str]] = []
    for a in awaits(scope):
        call = next((c for c in a.named_children if c.type == 'call_expression'), None)
        chain = s.chain_calls(call) if call is not None else []
        if len(chain) < 2:
            continue
        names = [s.callee_name(c) for c in chain]
        client = s.dotted(s.receiver(chain[-1])) if s.receiver(chain[-1]) is not None else ''
        for link, name in zip(chain, names):
            args = s.arguments(link)
            if not args or not client:
                continue
            if name in _SELECTS and any(s.name_words(n)[:1] == ['select'] for n in names):
                selects.append((call, client, s.text(args[0])))
            elif name in _INSERTS and stores.CONFLICT_CHAIN.isdisjoint(names):
                inserts.append((call, client, s.text(args[0])))
    for read, client, table in selects:
        if in_transaction(read) or serialized(scope, read) or settled_in(flow.root_of(read, scope.file.tree.root)):
            continue
        for stmt, absent in _tests(scope, read):
            insert = next((i for i, c, t in inserts if (c, t) == (client, table) and not in_transaction(i)
                           and same(s.enclosing_function(i), s.enclosing_function(read))
                           and _where_absent(stmt, absent, i) and not _refused_twice(i, table, uniques)), None)
            if insert is not None:
                yield insert, (
                    f'`{short(s.callee_path(insert))}()` inserts into `{table}` where the select on line '
                    f'{read.start_point.row + 1} found no row; two requests can both find none and both insert'
                ), (read, stmt)
                break


def _tests(scope: Scope, read: Node) -> Iterator[tuple[Node, bool]]:
    """The ``if`` statements testing the rows ``read`` bound, and whether each tests their absence."""
    fl = flow.of(scope.file, read)
    holder = s.parent_of(s.outer_expression(read))
    if holder is None or holder.type != 'variable_declarator':
        return
    pattern = holder.child_by_field_name('name')
    idents = [pattern] if pattern is not None and pattern.type == 'identifier' else [
        c for c in (pattern.named_children if pattern is not None and pattern.type == 'array_pattern' else [])
        if c.type == 'identifier'][:1]
    for ident in idents:
        for b in fl.bindings_of(ident):
            for ref in fl.references(b):
                stmt = if_testing(ref)
                cond = stmt.child_by_field_name('condition') if stmt is not None else None
                if stmt is not None and cond is not None:
                    absent = _absent(s.unwrap(cond))
                    if absent is not None:
                        yield stmt, absent


def _absent(cond: Node) -> bool | None:
    """Whether a test of rows reads as 'none found': ``!row``, ``rows.length === 0``,
    ``!rows.length``; False for ``row``, ``rows.length > 0``, ``rows[0]``; None otherwise."""
    if cond.type == 'unary_expression' and s.text(cond).startswith('!'):
        inner = _absent(s.unwrap(cond.child_by_field_name('argument') or cond))
        return None if inner is None else not inner
    if cond.type in ('identifier', 'subscript_expression') or (
            cond.type == 'member_expression' and s.text(cond.child_by_field_name('property')) == 'length'):
        return False
    if cond.type == 'binary_expression':
        op = s.text(cond.child_by_field_name('operator'))
        right = s.text(cond.child_by_field_name('right'))
        if right in ('0', 'null', 'undefined'):
            return {'===': True, '==': True, '<=': True, '!==': False, '!=': False, '>': False}.get(op)
    return None


def _where_absent(stmt: Node, absent: bool, insert: Node) -> bool:
    """The insert runs where the test found no row: in the branch of an absence test, in the
    ``else`` of a presence test, or after a presence test whose branch returns or throws."""
    block = s.parent_of(stmt)
    if not acts_after(stmt, insert) or block is None or not block.start_byte <= insert.start_byte < block.end_byte:
        return False  # after the `if`, in the block that holds it: not in a later branch of an outer one
    consequence = stmt.child_by_field_name('consequence')
    inside = consequence is not None and consequence.start_byte <= insert.start_byte < consequence.end_byte
    return inside == absent


def _refused_twice(insert: Node, table: str, uniques: schemas.Uniques) -> bool:
    """The insert's values set every column of a unique key of ``table`` other than a primary key
    (``id``, made anew by each request)."""
    keys = ddl.table_keys(table.strip('\'"`'), uniques) if uniques else ()
    if not keys:
        return False
    values = next((c for c in s.chain_calls(insert) if s.callee_name(c) == 'values'), None)
    data = next((s.unwrap(a) for a in s.arguments(values) if s.unwrap(a).type == 'object'), None) if values is not None else None
    given = {f.replace('_', '').lower() for f in s.object_keys(data)} if data is not None else set()
    return any(key <= given and key.isdisjoint(stores.PRIMARY_KEYS) for key in keys)
