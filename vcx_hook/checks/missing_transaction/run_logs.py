"""A run log around a batch: a record made when the run starts (``const run = await
prisma.batchExecution.create({ data: { key, startedAt } })``) and written again by its own key when
it ends (``prisma.batchExecution.update({ where: { id: run.id }, data: { finishedAt } })``), with the
batch's own writes between, which never use it. The log is meant to keep the start of a run that
failed, and the batch between often sends something no transaction takes back (a file to an FTP
server, then its rows marked sent); a transaction over both would erase the trace of the failure.
reva's payment batches (round 20: batchExecution made, payment rows marked sent after the upload,
listed for the payment in their table's name, not worth asking twice, tx:execution-log). The pair of
the log and a write that uses it (``runId: run.id``) is still asked."""
from __future__ import annotations

from vcx_hook.checks.missing_transaction import feeds
from vcx_hook.checks.missing_transaction.candidates import owner_of
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


def brackets(first: Write, second: Write) -> bool:
    """``first`` makes a run's record that a write after ``second`` closes by its key, and ``second``
    does not use it."""
    if not first.creates or not first.target or first.target == second.target:
        return False
    bound = feeds.declared(first.node)
    if not bound or bound & {v.split('.')[0] for v in feeds.values_of(second.node)}:
        return False
    keys = {f'{name}.{k}' for name in bound for k in stores.RECORD_KEYS}
    fn = owner_of(first.node)
    return fn is not None and any(_closes(call, first, keys) for call in _calls_after(fn, second.node))


def closes(first: Write, second: Write) -> bool:
    """``second`` closes by its key a run's record made before ``first`` (``prisma.batchExecution
    .update({ where: { id: run.id } })``), and ``first`` does not use it: the batch's last write, then
    the end of its run's log."""
    if second.creates or second.method not in stores.RECORD_UPDATES or not second.target \
            or first.target == second.target:
        return False
    name, _, key = feeds.record_key(second.node).partition('.')
    if not key or key not in stores.RECORD_KEYS or name in {v.split('.')[0] for v in feeds.values_of(first.node)}:
        return False
    ident = next((n for n in feeds.walk(second.node) if n.type == 'identifier' and s.text(n) == name), None)
    made = s.initializer(ident) if ident is not None else None
    made = s.unwrap(made) if made is not None else None
    if made is None or made.type != 'call_expression' or made.start_byte >= first.node.start_byte:
        return False
    receiver = s.receiver(made)
    return s.callee_name(made) in stores.INSERT_METHODS and receiver is not None and s.text(receiver) == second.target


def _closes(call: Node, first: Write, keys: set[str]) -> bool:
    if s.callee_name(call) not in stores.RECORD_UPDATES:
        return False
    receiver = s.receiver(call)
    return receiver is not None and s.text(receiver) == first.target and feeds.record_key(call) in keys


def _calls_after(fn: Node, after: Node) -> list[Node]:
    out = []
    stack = [fn]
    while stack:
        node = stack.pop()
        if node.end_byte <= after.end_byte and not node.start_byte <= after.start_byte < node.end_byte:
            continue
        if node.type == 'call_expression' and node.start_byte >= after.end_byte:
            out.append(node)
        stack.extend(node.named_children)
    return out
