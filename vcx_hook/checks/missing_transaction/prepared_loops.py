"""missing-transaction's prepared write run once per element: a statement prepared from SQL that
writes (``const stmt = await db.prepare('INSERT INTO document_vectors ...')``) and run in a loop
(``for (const v of vectors) stmt.run([...])``, ``items.forEach((i) => stmt.run(i))``) with no
transaction in the function: a failure midway leaves part of the rows written (and SQLite commits
each run on its own).  Mintplex-Labs' vector-admin DocumentVectors.createMany, a real bug of
holdout9; the fix runs the loop between ``BEGIN`` and ``COMMIT``."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.transactions import transactional
from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18).
CONFIDENCE = LOW
_PREPARE = frozenset((b'prepare',))
_RUNS = frozenset(('run', 'execute', 'exec'))
_SQL_WRITE = lazyre.compile(r'^\s*(insert|update|delete|replace)\b', re.I)
_LOOPS = frozenset(('for_in_statement', 'for_statement', 'while_statement', 'do_statement'))
_ITERATIONS = frozenset(('forEach', 'map', 'each'))
_AROUND = frozenset(('await_expression', 'parenthesized_expression', 'as_expression'))


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, Node, Node]]:
    """(run, loop, prepare) for each prepared write run in a loop of the function that prepared it."""
    for name in scope.named(_PREPARE):
        prepare = s.called_by(name)
        args = s.arguments(prepare) if prepare is not None else []
        text = sql.sql_text(args[0]) if args else None
        if prepare is None or text is None or not _SQL_WRITE.match(text):
            continue
        holder = _kept_in(prepare)
        owner = s.enclosing_function(prepare)
        body = s.function_body(owner) if owner is not None else None
        if holder is None or body is None or transactional(scope, owner, names):
            continue
        for call in s.calls_in(body):
            recv = s.receiver(call)
            if s.callee_name(call) in _RUNS and recv is not None and s.text(recv) == holder:
                loop = _loop_of(call, owner)
                if loop is not None:
                    yield call, loop, prepare
                    break


def _kept_in(prepare: Node) -> str | None:
    node, parent = prepare, s.parent_of(prepare)
    while parent is not None and parent.type in _AROUND:
        node, parent = parent, s.parent_of(parent)
    target = parent.child_by_field_name('name') if parent is not None and parent.type == 'variable_declarator' else None
    return s.text(target) if target is not None and target.type == 'identifier' else None


def _loop_of(call: Node, owner: Node) -> Node | None:
    """A loop statement of ``owner`` around ``call``, or an iteration call whose callback holds it."""
    for a in s.ancestors(call):
        if a == owner:
            return None
        if a.type in _LOOPS:
            return a
        if a.type in s.FUNCTION_TYPES:
            args = s.parent_of(a)
            iteration = s.parent_of(args) if args is not None and args.type == 'arguments' else None
            if iteration is None or iteration.type != 'call_expression' or s.callee_name(iteration) not in _ITERATIONS:
                return None
            return iteration
    return None
