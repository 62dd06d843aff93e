"""Is there a transaction: a call that opens one in the function or around it as a callback,
``BEGIN`` in SQL text, or a transactional decorator on the method."""
from __future__ import annotations

import functools
import re

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_SQL_BEGIN = b'|'.join(re.escape(w).replace(r'\ ', r'\s+').encode() for w in stores.TRANSACTION_SQL)


@functools.lru_cache(maxsize=16)
def _transaction_pattern(calls: frozenset[str]) -> re.Pattern[bytes]:
    alternatives = b'|'.join(re.escape(c.encode()) for c in sorted(calls, key=len, reverse=True))
    return re.compile(
        rb'(?<![\w$])(?:' + alternatives + rb')\s*\(|[\'"`]\s*(?:' + _SQL_BEGIN + rb')\b|@Transactional\b',
        re.I,
    )


def transactional(scope: Scope, owner: Node | None, names: Names) -> bool:
    calls = names['transaction_calls']
    source = scope.file.source
    if owner is None:
        spans = scope.ranges
    else:
        spans = ((owner.start_byte, owner.end_byte),)
        if _decorated_transactional(owner):
            return True
    pattern = _transaction_pattern(calls)
    if any(not _in_comment(scope, m.start()) for start, end in spans for m in pattern.finditer(source, start, end)):
        return True
    fn = owner
    while fn is not None:
        args = s.parent_of(fn)
        if args is not None and args.type == 'arguments' and s.parent_of(args) is not None \
                and s.callee_name(s.parent_of(args)) in calls:
            return True
        fn = s.enclosing_function(fn)
    return False


def _in_comment(scope: Scope, at: int) -> bool:
    """``// no transaction (the caller owns it)`` opens none."""
    node = s.descendant(scope.root, at, at + 1)
    return node is not None and node.type == 'comment'


def covered(scope: Scope, owner: Node, names: Names) -> bool:
    """Whether all of ``owner`` runs in a transaction: a transactional decorator, a callback of a
    transaction call around it, or ``BEGIN`` in its SQL."""
    if _decorated_transactional(owner):
        return True
    calls = names['transaction_calls']
    fn: Node | None = owner
    while fn is not None:
        args = s.parent_of(fn)
        if args is not None and args.type == 'arguments' and s.parent_of(args) is not None \
                and s.callee_name(s.parent_of(args)) in calls:
            return True
        fn = s.enclosing_function(fn)
    return _BEGIN.search(scope.file.source, owner.start_byte, owner.end_byte) is not None


_BEGIN = lazyre.compile(rb'[\'"`]\s*(?:' + _SQL_BEGIN + rb')\b', re.I)


def _decorated_transactional(fn: Node) -> bool:
    sibling = fn.prev_named_sibling
    while sibling is not None and sibling.type in ('decorator', 'comment'):
        if b'Transaction' in sibling.text:
            return True
        sibling = sibling.prev_named_sibling
    return False

