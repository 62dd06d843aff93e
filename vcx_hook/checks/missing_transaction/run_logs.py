"""A run log around a batch: a record made when the run starts (``const run = await
prisma.batchExecution.create({ data: { key, startedAt } })``) and written again by its own key when
it ends (``prisma.batchExecution.update({ where: { id: run.id }, data: { finishedAt } })``), with the
batch's own writes between, which never use it. The log is meant to keep the start of a run that
failed, and the batch between often sends something no transaction takes back (a file to an FTP
server, then its rows marked sent); a transaction over both would erase the trace of the failure.
reva's payment batches (round 20: batchExecution made, payment rows marked sent after the upload,
listed for the payment in their table's name, not worth asking twice, tx:execution-log). The record's
key may also be one the code made before the create and wrote into it (``const importId = new
ObjectId()``, ``insertOne({ _id: importId, status: 'pending' })`` ... ``updateOne({ _id: importId },
{ $set: { status: 'done' } })``), or the record the create was handed (``insertOne(importMeta)`` ...
``updateOne({ _id: importMeta._id })``): an importer's status record, pending, then done or failed,
which the next run reads to know the last good import (api-apprentissage's commune and referentiel
importers, round 21, not worth asking twice, tx:status-record-idempotent-upserts,
tx:versioned-by-import-date). The pair of the log and a write that uses it (``runId: run.id``, its
organisme importer's ``updateHistoricalOrganismes(importMeta)``, judged worth asking) is still asked."""
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
    keys = {f'{name}.{k}' for name in bound for k in stores.RECORD_KEYS}
    given, record = _given_key(first)
    bound |= set(given) | set(record)
    keys |= set(given) | {f'{name}.{k}' for name in record for k in stores.RECORD_KEYS}
    if not keys or bound & {v.split('.')[0] for v in feeds.values_of(second.node)}:
        return False
    fn = owner_of(first.node)
    return fn is not None and any(_closes(call, first, keys) for call in _calls_after(fn, second.node))


def closes(first: Write, second: Write) -> bool:
    """``second`` closes by its key a run's record made before ``first`` (``prisma.batchExecution
    .update({ where: { id: run.id } })``, ``updateOne({ _id: importId })`` of an ``insertOne({ _id:
    importId })``), and ``first`` does not use it: the batch's last write, then the end of its run's log."""
    if second.creates or second.method not in stores.RECORD_UPDATES or not second.target \
            or first.target == second.target:
        return False
    name, _, key = feeds.record_key(second.node).partition('.')
    if not name or (key and key not in stores.RECORD_KEYS) or name in {v.split('.')[0] for v in feeds.values_of(first.node)}:
        return False
    fn = owner_of(first.node)
    if key:
        ident = next((n for n in feeds.walk(second.node) if n.type == 'identifier' and s.text(n) == name), None)
        made = s.initializer(ident) if ident is not None else None
        made = s.unwrap(made) if made is not None else None
        if made is not None and made.type == 'call_expression' and made.start_byte < first.node.start_byte:
            receiver = s.receiver(made)
            return s.callee_name(made) in stores.INSERT_METHODS and receiver is not None and s.text(receiver) == second.target
    return fn is not None and any(_made_with(call, second.target, name, bool(key)) for call in _calls_before(fn, first.node))


def _given_key(write: Write) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The key a create writes into its record, when the code made it before (``insertOne({ _id:
    importId, ... })``, Prisma's ``create({ data: { id: runId } })``), and the record it was handed
    whole (``insertOne(importMeta)``), for a create whose result is not kept."""
    link = next((c for c in s.chain_calls(write.node) if s.callee_name(c) == write.method), None)
    if not write.creates or link is None or write.method not in stores.INSERT_METHODS:
        return (), ()
    args = s.arguments(link)
    value = s.unwrap(args[0]) if args else None
    if value is None:
        return (), ()
    if value.type == 'identifier':
        return (), (s.text(value),)
    fields = s.object_keys(value)
    data = fields.get('data')
    fields = s.object_keys(s.unwrap(data)) if data is not None else fields
    return tuple(s.text(v) for k, v in fields.items() if k in stores.RECORD_KEYS
                 and s.unwrap(v).type in ('identifier', 'shorthand_property_identifier')), ()


def _made_with(call: Node, target: str, name: str, whole: bool) -> bool:
    """``call`` inserts into ``target`` the record ``name`` (``insertOne(importMeta)``, closed by
    ``importMeta._id``: ``whole``) or one whose key is ``name`` (``insertOne({ _id: importId })``)."""
    receiver = s.receiver(call)
    if s.callee_name(call) not in stores.INSERT_METHODS or receiver is None or s.text(receiver) != target:
        return False
    given, record = _given_key(Write(call, '', method=s.callee_name(call), creates=True))
    return name in (record if whole else given)


def _calls_before(fn: Node, before: Node) -> list[Node]:
    return [n for n in feeds.walk(fn) if n.type == 'call_expression' and n.end_byte <= before.start_byte]


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
