"""The rule: writes between a transaction opened by hand and its commit that are not handed it
(``const t = await sequelize.transaction()``, then ``await Note.destroy({ where })`` with no
``transaction: t``; a query runner's ``startTransaction()``, then ``this.tagsRepo.delete(id)``
through the default repository, not ``queryRunner.manager``). Each such write runs on its own
connection and commits at once: a failure later in the function rolls back the transaction and
leaves them written (OpenPrep-AI's subject cascade delete and marxan-cloud's feature tag, real bugs
of holdout24 and holdout21).

Only a handle the function itself ends (``t.commit()``, ``t.rollback()``,
``queryRunner.rollbackTransaction()``): that shows a transaction made by hand, not a callback's.

Low confidence: a transaction carried implicitly (Sequelize's continuation-local storage) joins
writes that do not name it; not judged on held-out code."""
from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW
# `sequelize.transaction()`, `knex.transaction()` kept in a name; `queryRunner.startTransaction()`.
_KEPT_OPENERS = frozenset(('transaction',))
_STARTERS = stores.TRANSACTION_STARTS
_ENDS = frozenset(('commit', 'rollback', 'commitTransaction', 'rollbackTransaction', 'abortTransaction'))
_COMMITS = frozenset(('commit', 'commitTransaction'))


def find(owner: Node | None, writes: Iterable[Write]) -> tuple[Write, Node, str, int] | None:
    """(first write not handed the transaction, the opening call, the handle, how many such writes)
    in ``owner``, for a transaction it opens by hand and ends."""
    if owner is None:
        return None
    opened = _opened(owner)
    if opened is None:
        return None
    call, handle = opened
    end = _first_commit(owner, handle, call.end_byte)
    pattern = re.compile(rb'(?<![\w$.])' + re.escape(handle.encode()) + rb'(?![\w$])')
    left = [w for w in sorted(writes, key=lambda w: w.node.start_byte)
            if call.end_byte <= w.node.start_byte < end and not _names(w.node, pattern)]
    return (left[0], call, handle, len(left)) if left else None


def _opened(owner: Node) -> tuple[Node, str] | None:
    for call in s.own_nodes(owner, frozenset(('call_expression',))):
        if any(a.type in s.FUNCTION_TYPES for a in s.arguments(call)):
            continue  # a managed transaction's callback
        name = s.callee_name(call)
        handle = ''
        if name in _KEPT_OPENERS and s.receiver(call) is not None:
            handle = _kept_in(call)
        elif name in _STARTERS and (recv := s.receiver(call)) is not None:
            handle = s.dotted(recv)
        if handle and _ended(owner, handle):
            return call, handle
    return None


def _kept_in(call: Node) -> str:
    """``t`` of ``const t = await sequelize.transaction()``."""
    up = s.parent_of(call)
    if up is not None and up.type == 'await_expression':
        up = s.parent_of(up)
    if up is None or up.type != 'variable_declarator':
        return ''
    name = up.child_by_field_name('name')
    return s.text(name) if name is not None and name.type == 'identifier' else ''


def _ends_of(owner: Node, handle: str, methods: frozenset[str]) -> Iterator[Node]:
    for call in s.own_nodes(owner, frozenset(('call_expression',))):
        recv = s.receiver(call)
        if s.callee_name(call) in methods and recv is not None and s.dotted(recv) == handle:
            yield call


def _ended(owner: Node, handle: str) -> bool:
    return next(_ends_of(owner, handle, _ENDS), None) is not None


def _first_commit(owner: Node, handle: str, after: int) -> int:
    """Where the first commit after ``after`` starts (the end of ``owner`` without one): a write past
    it is early_commit's question."""
    starts = [c.start_byte for c in _ends_of(owner, handle, _COMMITS) if c.start_byte >= after]
    return min(starts, default=owner.end_byte)


def _names(write: Node, pattern: re.Pattern[bytes]) -> bool:
    """The write's whole expression (receiver chain and arguments) names the handle."""
    top = s.chain_top(write)
    return pattern.search(top.text or b'') is not None


def message(write: Write, call: Node, handle: str, count: int) -> str:
    more = f' (and {count - 1} more)' if count > 1 else ''
    return (f'`{write.label}`{more} is not handed `{handle}`, the transaction opened on line '
            f'{call.start_point.row + 1}: it commits alone, a rollback leaves it')


def ask(scope: Scope, owner: Node | None, writes: Iterable[Write], check_id: str, question: str) -> Finding | None:
    """The question about ``owner``'s writes left out of its transaction, if any."""
    found = find(owner, writes)
    if found is None:
        return None
    write, call, handle, count = found
    return scope.finding(write.node, check_id, message(write, call, handle, count), question, evidence=(call,),
                         confidence=CONFIDENCE)
