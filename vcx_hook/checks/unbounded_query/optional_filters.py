"""Filters applied only sometimes: a Knex builder kept in a variable (``let q = knex('audit_log')``)
whose every ``.where()`` sits under a condition (``if (input.userId) q = q.where('usid',
input.userId)``), with no ``.limit()``, then run here (``await q``, ``query(pool, q.toString())``):
a call that meets none of the conditions reads every row of the table (lagoon's audit log and
Spoke's opt-out cache, real bugs of holdout20 and holdout15). A builder handed to another function
(which may page it) or returned is not asked."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import use_of

Names = Mapping[str, frozenset[str]]

_RENDERS = stores.BUILDER_RENDERS


def possible(scope: Scope, names: Names) -> bool:
    return scope.holds(b'where') and scope.holds(b'if') and any(scope.holds(r.encode()) for r in names['builder_roots'])


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, str]]:
    """(where the read runs, message) for each builder whose every filter is conditional."""
    if not possible(scope, names):
        return
    roots = frozenset(r.encode() for r in names['builder_roots'])
    for word in scope.named(roots):
        call = s.called_by(word)
        args = s.arguments(call) if call is not None and s.callee_name(call) == word.text.decode() else []
        table = s.string_value(args[0]) if args else None
        if call is None or not table or sql.is_small_table(table, names['small_tables']):
            continue
        found = _optional_filters(scope, call, table)
        if found is not None:
            yield found


def _optional_filters(scope: Scope, root_call: Node, table: str) -> tuple[Node, str] | None:
    top = s.chain_top(root_call)
    decl = s.parent_of(top)
    if decl is None or decl.type != 'variable_declarator' or decl.child_by_field_name('value') != top:
        return None
    name = decl.child_by_field_name('name')
    if name is None or name.type != 'identifier' or _bounded(s.chain_calls(top)) is not False:
        return None
    conditions: list[Node] = []
    run: Node | None = None
    for ref in scope.named(frozenset((name.text,))):
        if ref.type != 'identifier' or ref.start_byte <= name.start_byte or _assigned_to(ref):
            continue
        use = use_of(ref)
        if use is None:
            return None
        if use.role == 'receiver':
            calls = s.chain_calls(s.chain_top(use.target))
            bounded = _bounded(calls)
            if bounded is True:
                return None
            if bounded is None:
                condition = _condition(use.target, decl)
                if condition is None:
                    return None  # a filter every call applies
                conditions.append(condition)
            methods = {s.callee_name(c) for c in calls}
            if methods & _RENDERS or 'then' in methods:
                run = run or use.target
            elif s.is_awaited(s.chain_top(use.target)):
                run = run or s.chain_top(use.target)
        elif use.role == 'assigned' and use.target.type == 'assignment_expression':
            continue
        elif s.is_awaited(ref):
            run = run or ref
        else:
            return None  # handed on or returned: the other side may page or filter it
    if not conditions or run is None:
        return None
    shown = s.normalized(s.unwrap(conditions[0]), 30)
    return run, (f'`{table}` is filtered only under conditions (`{shown}`...) and nothing limits it: '
                 'a call that meets none reads every row')


def _bounded(calls: list[Node]) -> bool | None:
    """True when the chain limits, counts or writes (not a read of rows); None when it filters
    (``.where()``, ``.whereIn()``...); False otherwise."""
    methods = [s.callee_name(c) for c in calls]
    if any(m in stores.BUILDER_STOPS and m not in _RENDERS for m in methods):
        return True
    return None if any(m.startswith(stores.WHERE_PREFIXES) for m in methods) else False


def _assigned_to(ref: Node) -> bool:
    parent = s.parent_of(ref)
    return parent is not None and parent.type == 'assignment_expression' and parent.child_by_field_name('left') == ref


def _condition(node: Node, decl: Node) -> Node | None:
    """The condition the use depends on, between it and the builder's declaration: an ``if``'s
    test, a ternary's or ``&&``'s left side, a ``switch`` case."""
    child = node
    for above in s.ancestors(node):
        if above.start_byte <= decl.start_byte and above.end_byte >= decl.end_byte:
            return None
        if above.type in s.FUNCTION_TYPES:
            return None
        if above.type == 'if_statement' and child != above.child_by_field_name('condition'):
            return above.child_by_field_name('condition')
        if above.type == 'ternary_expression' and child != above.child_by_field_name('condition'):
            return above.child_by_field_name('condition')
        if above.type == 'binary_expression' and s.text(above.child_by_field_name('operator')) in ('&&', '||') \
                and child == above.child_by_field_name('right'):
            return above.child_by_field_name('left')
        if above.type == 'switch_case':
            return above
        child = above
    return None
