"""missing-transaction's commit issued too early: ``BEGIN`` and ``COMMIT`` sent by hand, and a
statement run on the same connection after the ``COMMIT`` in the same block (``await
client.query('BEGIN'); ...; await client.query('COMMIT'); await client.query(insert)``): the
statement runs outside the transaction, and the ``ROLLBACK`` in the ``catch`` undoes nothing. Not a
read whose SQL is in sight (``SELECT ... FROM t WHERE id = $1`` re-reading what was committed, to
answer with it): nothing to undo (Worklenz's two, round 35, judged not worth asking)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction import unrolled
from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


# A statement after the commit, in the commit's own block, is outside the transaction on every path.
CONFIDENCE = MEDIUM


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, Node, Node]]:
    """(statement, begin, commit) for the first statement run after the commit of a transaction
    opened by hand, on the begin's connection, in the commit's block."""
    source = scope.file.source
    for begin in unrolled.begins(scope, names):
        owner = s.enclosing_function(begin)
        connection = s.receiver(begin)
        if owner is None or connection is None:
            continue
        match = unrolled.COMMIT.search(source, begin.end_byte, owner.end_byte)
        commit = _call_at(scope, match.start(), match.end()) if match is not None else None
        block = _block_of(commit) if commit is not None else None
        if commit is None or block is None or not _same(s.receiver(commit), connection):
            continue
        for call in _later_runs(block, commit, names):
            if _same(s.receiver(call), connection) and not unrolled.ends_or_opens(call, source) and not _reads(call):
                yield call, begin, commit
                break


def _call_at(scope: Scope, start: int, end: int) -> Node | None:
    node = s.descendant(scope.root, start, end)
    return next((a for a in (node, *s.ancestors(node)) if a.type == 'call_expression'), None) if node else None


def _block_of(call: Node) -> Node | None:
    """The statement block the call's statement sits in."""
    for a in s.ancestors(call):
        if a.type == 'statement_block':
            return a
        if a.type in s.FUNCTION_TYPES:
            return None
    return None


def _later_runs(block: Node, commit: Node, names: Names) -> Iterator[Node]:
    """The SQL runner calls of the block's statements after the commit's, in order."""
    for statement in block.named_children:
        if statement.start_byte <= commit.start_byte:
            continue
        stack = [statement]
        while stack:
            node = stack.pop()
            if node.type in s.FUNCTION_TYPES:
                continue
            if node.type == 'call_expression' and s.callee_name(node) in names['sql_runners']:
                yield node
            stack.extend(reversed(node.named_children))


def _reads(call: Node) -> bool:
    """The call runs a read whose text is a literal or a ``const`` of the function (``sql.reads_only``)."""
    args = s.arguments(call)
    arg = s.unwrap(args[0]) if args else None
    text = sql.const_sql(arg) if arg is not None and arg.type == 'identifier' else sql.sql_text(arg)
    return text is not None and sql.reads_only(text)


def _same(a: Node | None, b: Node | None) -> bool:
    return a is not None and b is not None and s.text(a) == s.text(b)
