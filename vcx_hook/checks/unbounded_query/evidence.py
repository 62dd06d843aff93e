"""When a whole-table ORM read is worth asking: a read with no filter and no limit is most often of a
table small by construction (a tenant's brands, boards, SSO providers, plans: bench/judged,
uq:small-table), so it is asked only where the code shows the table's size matters: the rows are
filtered, searched or deduplicated in memory after the read (the filter belongs in the query), or the
model names a table that grows with use (events, logs, messages, users...)."""
from __future__ import annotations

import re
from collections.abc import Mapping

from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
# Array methods that keep, find or test some of the rows: the read's filter, written in memory.
_NARROWING = frozenset(('filter', 'find', 'findIndex', 'findLast', 'some', 'every'))
# Last words that say what kind of class names the table, not what it holds.
_KINDS = frozenset(('entity', 'model', 'schema', 'table', 'record', 'doc', 'document'))
_WORDS = re.compile(r'[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])')


def worth_asking(call: Node, model: str, names: Names) -> bool:
    """Whether a read of every ``model`` record by ``call`` is asked: its rows are narrowed in
    memory, its options deduplicate in the client (Prisma ``distinct``), or ``model`` grows."""
    return grows(model, names['growing_tables']) or _distinct(call) or narrowed_in_memory(call)


def grows(model: str, growing: frozenset[str]) -> bool:
    """``auditLogs``, ``ErrorEvent``, ``user_sessions``: the last word of the name, singular."""
    words = _WORDS.findall(model.rpartition('.')[2])
    while len(words) > 1 and words[-1].lower() in _KINDS:
        words.pop()  # ArticleEntity, EventModel
    if not words:
        return False
    return sql.is_small_table(words[-1], growing)  # its singular forms, looked up in a set of names


def _distinct(call: Node) -> bool:
    args = s.arguments(call)
    opts = s.unwrap(args[0]) if args else None
    return opts is not None and opts.type == 'object' and 'distinct' in s.object_keys(opts)


def narrowed_in_memory(call: Node) -> bool:
    """``(await X.findMany()).filter(...)``, or the name the rows are bound to (``const rows = ...``,
    ``result = ...``) given to one of ``_NARROWING`` later in the function."""
    outer = s.outer_expression(s.chain_top(call))
    parent = s.parent_of(outer)
    if parent is None:
        return False
    if parent.type == 'member_expression' and s.text(parent.child_by_field_name('property')) in _NARROWING:
        return True
    if parent.type == 'variable_declarator' and parent.child_by_field_name('value') == outer:
        target = parent.child_by_field_name('name')
    elif parent.type == 'assignment_expression' and parent.child_by_field_name('right') == outer:
        target = parent.child_by_field_name('left')
    else:
        return False
    fn = s.enclosing_function(parent)
    if target is None or target.type != 'identifier' or fn is None:
        return False
    after = fn.text[parent.end_byte - fn.start_byte:]
    methods = '|'.join(sorted(_NARROWING))
    return re.search(rb'(?<![\w$.])' + re.escape(target.text) + rb'\s*\??\.\s*(?:' + methods.encode() + rb')\s*\(',
                     after) is not None
