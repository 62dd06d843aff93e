"""The rule: a write in a transaction's callback left without the transaction its siblings are
handed. The callback passes its handle to a write (``findOrCreatePendingByEmail(email,
entityManager)``, ``classe.save({ session: transaction })``), then makes a write of the same kind
without it: the same method on another record (``planDeTransport.save({ fromUser })``), or another
method of the same repository (``this.usersRepository.findOrCreateByWalletAddress(address)``). That
write commits on its own, and a rollback of the others leaves it (safe-client-gateway's invites, a
real bug of holdout9; service-national-universel's bus line moved to another session, holdout11).

Low confidence: the method may open its own transaction, or carry the caller's implicitly
(continuation-local storage), which the call does not show."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

CONFIDENCE = LOW
# The names a call's arguments may use a handle by: `tx`, `{ tx }`, `{ session: transaction }`.
_NAMES = frozenset(('identifier', 'shorthand_property_identifier'))
# Words of a method name that say it makes or changes records (`findOrCreateByEmail`, `save`).
_WRITE_WORDS = frozenset((
    'create', 'save', 'update', 'insert', 'upsert', 'delete', 'remove', 'destroy', 'persist', 'increment',
    'decrement',
))
_CALLS = frozenset(('call_expression',))


def possible(scope: Scope, names: Names) -> bool:
    """The scope names a transaction call, where ``find`` starts (the family's gate)."""
    return bool(scope.named(frozenset(n.encode() for n in names['transaction_calls'])))


def find(scope: Scope, names: Names) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write left out, message, (the transaction call, a sibling handed it)) for each write in a
    transaction's callback made like a sibling that was handed the transaction, without it."""
    for name in scope.named(frozenset(n.encode() for n in names['transaction_calls'])):
        tx = s.called_by(name)
        if tx is None:
            continue
        callback = next((a for a in s.arguments(tx) if a.type in s.FUNCTION_TYPES), None)
        body = s.function_body(callback) if callback is not None else None
        handle = _handle(tx, callback) if callback is not None else None
        if body is None or handle is None:
            continue
        calls = sorted((c for c in s.own_nodes(body, _CALLS) if s.is_awaited(s.chain_top(c)) or _statement(c)),
                       key=lambda c: c.start_byte)
        handed = [c for c in calls if _mentions(c, handle)]
        for call in calls:
            if call in handed or not _writes(call, names) or s.dotted(s.receiver(call) or call).split('.')[0] == handle:
                continue
            twin = next((h for h in handed if _alike(h, call)), None)
            if twin is not None:
                yield call, (f'`{s.callee_name(call)}()` is not handed the transaction that `{s.callee_name(twin)}()` '
                             f'(line {twin.start_point.row + 1}) is: it commits alone, a rollback leaves it'), (tx, twin)


def _handle(tx: Node, callback: Node) -> str | None:
    """The callback's first parameter, or (a callback with none) the name handed to the transaction
    call beside it: ``withTransaction(session, async () => ...)``."""
    params = s.parameter_names(callback)
    if params and params[0]:
        return params[0]
    given = [a for a in s.arguments(tx) if a.type == 'identifier']
    return s.text(given[0]) if len(given) == 1 else None


def _mentions(call: Node, handle: str) -> bool:
    args = call.child_by_field_name('arguments')
    return args is not None and any(n.text == handle.encode() for n in s.identifiers(args, _NAMES))


def _statement(call: Node) -> bool:
    parent = s.parent_of(s.outer_expression(s.chain_top(call)))
    return parent is not None and parent.type == 'expression_statement'


def _writes(call: Node, names: Names) -> bool:
    """A method whose name says it makes or changes records, not on a cache, log, queue or mail."""
    name = s.callee_name(call)
    words = s.name_words(name)
    path = s.callee_path(call).lower()
    return s.receiver(call) is not None and not _WRITE_WORDS.isdisjoint(words) \
        and not any(w in path for w in names['not_stores'])


def _alike(handed: Node, call: Node) -> bool:
    """The same method (``save`` of two records), or a method of the same receiver
    (``this.usersRepository.findOrCreateX`` beside ``this.usersRepository.findOrCreateY``)."""
    if s.callee_name(handed) == s.callee_name(call):
        return True
    a, b = s.receiver(handed), s.receiver(call)
    return a is not None and b is not None and s.dotted(a) == s.dotted(b) and s.dotted(a) not in ('', 'this')
