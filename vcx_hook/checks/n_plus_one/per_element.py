"""The rule: a store queried with the element, once per element of a loop or callback around it
(``for (const p of posts) await db.user.findUnique({ where: { id: p.authorId } })``)."""
from __future__ import annotations

import re
from collections.abc import Callable

from vcx_hook.checks.n_plus_one.data_calls import DataCall
from vcx_hook.checks.n_plus_one.data_calls import data_call
from vcx_hook.checks.n_plus_one.data_calls import elsewhere
from vcx_hook.checks.n_plus_one.distinct import over_distinct_references
from vcx_hook.checks.n_plus_one.external import external_work
from vcx_hook.checks.n_plus_one.elements import element_in
from vcx_hook.checks.n_plus_one.elements import id_argument
from vcx_hook.checks.n_plus_one.elements import mentions
from vcx_hook.checks.n_plus_one.elements import per_table
from vcx_hook.checks.n_plus_one.elements import result_used
from vcx_hook.checks.n_plus_one.elements import update_data
from vcx_hook.checks.n_plus_one.iterations import Iteration
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.iterations import iterations_around
from vcx_hook.checks.n_plus_one.rows import over_a_page
from vcx_hook.checks.n_plus_one.rows import CONFIDENCE as ROWS_CONFIDENCE
from vcx_hook.checks.n_plus_one.rows import over_rows
from vcx_hook.checks.n_plus_one.rows import visible_query
from vcx_hook.checks.n_plus_one.data_calls import reads
from vcx_hook.checks.n_plus_one.data_calls import changes_one_record
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang import expressions
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# A batch of statements sent as one (`prisma.$transaction(queries)`, a bulk write).
_TRANSACTION = re.compile(rb'\$transaction\(|bulkWrite\(')


def per_element(scope: Scope, call: Node, names: Names) -> tuple[str, Node, str] | None:
    """The message, the iteration's head and the confidence when ``call`` queries a store once
    per element of an iteration around it: low, over the rows of a read too (``rows.CONFIDENCE``)."""
    used = _use(call)
    if used is None:
        return None
    chain = s.chain_calls(call)
    data = data_call(chain, names, scope.file)
    if data is None:
        return None
    if handlers.in_registered_migration(call):
        return None  # runs once, as a migration file does
    iterations = iterations_around(call, names, scope.file)
    if used == 'returned':
        # A returned promise runs per element only as a gathered callback's result.
        first = next(iterations, None)
        if first is None or not first.gathers or s.enclosing_function(call) != first.body:
            return None
        iterations = iter((first,))
    for it in iterations:
        element = element_in(chain, it, call) if data.kind not in ('getter', 'saved') else _getter_of(data.link, it)
        if element is None or (it.tenant_ids and s.callee_name(data.link) not in stores.RECORD_LOOKUPS):
            continue
        catch = s.inside(call, ('catch_clause',))
        if catch is not None and catch.start_byte > it.body.start_byte:
            return None  # only when one element fails
        distinct = _distinct_update(data, chain, it, call)
        if distinct and used == 'awaited' and not s.is_awaited(call) and _TRANSACTION.search(scope.file.source):
            return None  # collected for one `$transaction([...])`: one round trip
        if (not distinct and not _batchable(data, chain, it, call, used)) or per_table(chain, it, call, names['builder_roots']):
            return None
        if external_work(it, call, lambda c: elsewhere(c, names, scope.file),
                         lambda c: element_in(s.chain_calls(c), it, c) is not None):
            return None  # one request to another service per element already
        line = it.node.start_point.row + 1
        of_rows = visible_query(data, scope.file) and over_rows(it, lambda c: reads(c, names, scope.file))
        # Not the rows' sub-shape: each element's own data (one statement needs a CASE, createMany or a
        # bulk write), the ids of a handful of tenants, an update or a delete of one record per row (the
        # state change the loop is for, over the rows a filter picked: bench/judged
        # n1:bounded-small-collection), and the other narrowings of the docstring.
        of_rows = of_rows and not (distinct or it.tenant_ids) and not (
            over_distinct_references(it.iterable) or _dwarfed(scope, call, it, names)
            or over_a_page(it, lambda c: reads(c, names, scope.file), scope.file) or changes_one_record(data, names))
        confidence = ROWS_CONFIDENCE if of_rows else LOW
        return f'`{data.label}` runs once per {element} of {it.where} on line {line}', it.node, confidence
    return None


def _dwarfed(scope: Scope, call: Node, it: Iteration, names: Names) -> bool:
    """An outer iteration awaits, for its own element, a request to another service (an LLM
    completion per prompt around a query per criterion): the inner queries are asked at low
    confidence, since each outer element already costs a slower round trip (bench/judged
    n1:small-collection-beside-llm-call)."""
    outside = False
    for outer in iterations_around(call, names, scope.file):
        if outside and external_work(outer, call, lambda c: elsewhere(c, names, scope.file), _taking(outer)):
            return True
        outside = outside or outer.node == it.node
    return False


def _taking(it: Iteration) -> Callable[[Node], bool]:
    """Whether a call takes ``it``'s element."""
    return lambda c: element_in(s.chain_calls(c), it, c) is not None


def _getter_of(call: Node, it: Iteration) -> str | None:
    """``user.getPosts()`` on the element: a lazy association load (Sequelize, TypeORM lazy relations);
    ``page.save()``: a loaded document saving itself (Mongoose), one update per element."""
    obj = s.receiver(call)
    if obj is None or s.unwrap(obj).type != 'identifier' or s.unwrap(obj).text not in it.elements:
        return None
    return f'`{s.text(obj)}`' if len(it.elements) == 1 else 'element'


def _batchable(data: DataCall, chain: list[Node], it: Iteration, call: Node, used: str) -> bool:
    """Whether one call could do the work of the per-element ones."""
    if data.kind == 'helper':
        return id_argument(data.link, it, call)
    if data.kind in ('create', 'update') and result_used(call, used, it):
        return False  # `createMany`/`updateMany` return no records to use afterwards
    if data.kind == 'update':
        # Different data per element is not one UPDATE (Prisma/Sequelize have no bulk form).
        return not any(mentions(n, it, call, 0, loose=True) for n in update_data(data.link, chain))
    return True


def _distinct_update(data: DataCall, chain: list[Node], it: Iteration, call: Node) -> bool:
    """An update or upsert per element with that element's data (``archivedRole.upsert({ where:
    { roleId: role.id }, create: { name: role.name } })``): asked at low confidence, since one
    statement needs a ``CASE``, a ``createMany``/``skipDuplicates`` or a bulk write to replace it."""
    return data.kind == 'update' and any(mentions(n, it, call, 0, loose=True) for n in update_data(data.link, chain))


def _use(call: Node) -> str | None:
    """How the promise of ``call`` is used: 'awaited' (or gathered), 'returned', or None."""
    parent = s.parent_of(s.outer_expression(call))
    if parent is None:
        return None
    if s.is_awaited(call) or parent.type == 'array':
        return 'awaited'
    if parent.type == 'arguments' and s.parent_of(parent) is not None and s.callee_name(s.parent_of(parent)) == 'push':
        return 'awaited'
    outer = expressions.through_branches(call)  # `return ok ? load(id) : null`: returned when taken
    parent = s.parent_of(outer)
    if parent is not None and (parent.type == 'return_statement' or (
            parent.type == 'arrow_function' and parent.child_by_field_name('body') == outer)):
        return 'returned'
    return None

