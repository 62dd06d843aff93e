"""race-condition's check-then-insert in SQL text: a single-row read of a table (``SELECT id FROM
integrations WHERE ... LIMIT 1`` run by ``db.oneOrNone``) tested in an ``if``, then an ``INSERT
INTO integrations`` run by a SQL runner (``db.none``, ``db.query``, ``pool.query``...).  The
table named in the two statements is the store: an insert into another table (an audit row, a
log) is no create of the record checked."""
from __future__ import annotations

import re

from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.candidates import returned_calls
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_INSERT = lazyre.compile(r'^\s*insert\s+(?:ignore\s+)?into\s+([\w."]+)', re.I)
_SELECT_FROM = lazyre.compile(r'^\s*select\b[^;]*?\bfrom\s+([\w."]+)', re.I | re.S)
_SETTLED = lazyre.compile(r'\bon\s+(?:conflict|duplicate\s+key)\b|\binsert\s+ignore\b|\bwhere\s+not\s+exists\b', re.I)


def _text(call: Node) -> str | None:
    args = s.arguments(call)
    if not args or s.callee_name(call) not in stores.WRITE_SQL_RUNNERS | stores.READ_SQL_RUNNERS | stores.LOOP_SQL_RUNNERS:
        return None
    return sql.sql_text(args[0])


def _table(match: str) -> str:
    return match.replace('"', '').rsplit('.', 1)[-1].lower()


def inserted(call: Node) -> str | None:
    """The table an ``INSERT`` run by ``call`` adds a row to, unless the statement settles a
    duplicate itself (``ON CONFLICT``, ``INSERT IGNORE``, ``WHERE NOT EXISTS``)."""
    text = _text(call)
    found = _INSERT.match(text) if text is not None else None
    return _table(found.group(1)) if found is not None and not _SETTLED.search(text or '') else None


def selected(call: Node) -> str | None:
    """The table a ``SELECT`` run by ``call`` reads (its first ``FROM``)."""
    text = _text(call)
    found = _SELECT_FROM.match(text) if text is not None else None
    return _table(found.group(1)) if found is not None else None


def inserts(scope: Scope) -> list[Node]:
    """SQL runs of an ``INSERT`` in the scope, awaited or returned from an async function."""
    awaited = [next((c for c in a.named_children if c.type == 'call_expression'), None) for a in awaits(scope)]
    return [c for c in (*awaited, *returned_calls(scope)) if c is not None and inserted(c) is not None]
