"""The rule: one SQL write run for each table of a list the code names (``['sessionTokens',
'authTokens', 'accounts'].forEach((table) => query('DELETE FROM ' + table + ' WHERE uid = ?'))``):
several tables written one statement at a time with no transaction around them, so a failure
midway leaves the rows of some tables written and the others not."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.common import encoded
from vcx_hook.checks.missing_transaction.transactions import transactional
from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Mostly deletes of one record's rows across tables (a retry finishes them): not yet judged.
CONFIDENCE = LOW
_SQL_WRITE = lazyre.compile(r'^\s*(insert|update|delete|replace)\b', re.I)
_ITERATIONS = frozenset(('forEach', 'map', 'reduce', 'mapSeries', 'eachSeries', 'each'))


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, str, Node]]:
    """(write, the list's text, the loop) for a SQL write per table of a literal list of names."""
    runners = names['sql_runners']
    for name in scope.named(frozenset(encoded(runners))):
        call = s.called_by(name)
        args = s.arguments(call) if call is not None and s.callee_name(call) in runners else []
        if not args:
            continue
        statement = _sql(args[0])
        if statement is None or not _SQL_WRITE.match(sql.sql_text(statement) or ''):
            continue
        loop = _table_loop(call, statement)
        if loop is None:
            continue
        head, tables = loop
        owner = s.enclosing_function(head)
        if transactional(scope, owner, names):
            continue
        yield call, tables, head


def _sql(arg: Node) -> Node | None:
    """The SQL expression: the argument, or what the local it names was declared with."""
    arg = s.unwrap(arg)
    if arg.type == 'identifier':
        value = s.initializer(arg)
        return s.unwrap(value) if value is not None else None
    return arg


def _table_loop(call: Node, statement: Node) -> tuple[Node, str] | None:
    """The loop around ``call`` over a literal list of two or more names whose element the SQL
    splices in: ``tables.forEach(function (table) {...})`` or ``for (const table of tables)``."""
    for node in s.ancestors(call):
        element, items = None, None
        if node.type in s.FUNCTION_TYPES:
            args = s.parent_of(_bound(node))
            loop = s.parent_of(args) if args is not None and args.type == 'arguments' else None
            if loop is None or s.callee_name(loop) not in _ITERATIONS or s.receiver(loop) is None:
                continue
            params = s.parameter_names(node)
            element, items, head = (params[0] if params else ''), s.receiver(loop), loop
        elif node.type == 'for_in_statement':
            left, right = node.child_by_field_name('left'), node.child_by_field_name('right')
            element, items, head = (s.text(left) if left is not None and left.type == 'identifier' else ''), right, node
        else:
            continue
        names = _names(items) if items is not None else None
        if element and names is not None and element.encode() in _identifiers(statement):
            return head, names
    return None


def _bound(fn: Node) -> Node:
    """``function (table) {...}.bind(this)`` as the argument it is."""
    member = s.parent_of(fn)
    call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
    return call if call is not None and call.type == 'call_expression' and s.callee_name(call) == 'bind' else fn


def _names(items: Node) -> str | None:
    """The list's name (``tables``, or ``['sessionTokens', ...]`` inline) when it is an array of two
    or more strings."""
    items = s.unwrap(items)
    label = s.text(items) if items.type == 'identifier' else ''
    if items.type == 'identifier':
        value = s.initializer(items)
        items = s.unwrap(value) if value is not None else items
    if items.type != 'array' or len(items.named_children) < 2 or any(c.type != 'string' for c in items.named_children):
        return None
    return label or f'[{s.text(items.named_children[0])}, ...]'


def _identifiers(node: Node) -> set[bytes]:
    found = {node.text} if node.type == 'identifier' else set()
    for child in node.named_children:
        found |= _identifiers(child)
    return found
