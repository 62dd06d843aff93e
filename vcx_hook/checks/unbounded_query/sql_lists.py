"""unbounded-query's SQL lists: a request handler that answers with every row a SQL read of one
parent's children finds (``db.query('SELECT u.id, u.name FROM "GroupMembers" gm JOIN "Users" u ...
WHERE gm."groupId" = :groupId')`` then ``res.ok({ rows: members })``), with no ``LIMIT``: the filter
picks a group, a project or a user, and the rows are however many members, files or entries it
has (citizenos' group members, a real bug of holdout23; the ORM form is ``route_lists``'). A parent's
key is a column named for another record's id (``groupId``, ``user_id``), compared with a value given
at run time; not a row's own ``id`` (one row), an aggregate, a grouped or limited read, a clause built
at run time after ``WHERE``, nor rows only counted or indexed (``rows[0]``). Low confidence."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import route_lists
from vcx_hook.checks.unbounded_query import sql_reads
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_PARTS = ('binary_expression', 'parenthesized_expression')


def find(scope: Scope, runners: frozenset[str]) -> Iterator[tuple[Node, str]]:
    """(runner call, message) for each such read whose rows the handler answers with."""
    for lit in scope.captures('unbounded-query.sql'):
        expr = lit
        while s.parent_of(expr) is not None and s.parent_of(expr).type in _PARTS:
            expr = s.parent_of(expr)
        call = sql_reads.runner_call(expr, runners)
        text = sql.sql_text(expr) if call is not None else None
        read = sql.children_read(text) if text is not None else None
        if call is None or read is None or not route_lists.answered(scope, call):
            continue
        table, key = read
        yield call, (f'`{s.callee_path(call)}()` reads every `{table}` row of one `{key}` with no LIMIT, and the '
                     'handler answers with them all: as many as that parent has')


def possible(scope: Scope, runners: frozenset[str]) -> bool:
    return b'select' in scope.file.lower and sql_reads.runner_named(scope.text, {'sql_runners': runners}) \
        and any(w in scope.text for w in (b'json', b'send', b'ok', b'pipe'))
