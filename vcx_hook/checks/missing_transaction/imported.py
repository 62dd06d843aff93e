"""Writes through the project's own function in another file: a helper the function imports
(``resolveInPlaceEdit({ db, ... })`` of ``./inPlaceUpdateUtils``, ``new Ledger(db).post(entry)``,
``this.products.retire(id)`` of an injected service) whose body writes the store, read one hop away
(``ecosystem.helper_effects``). Its name says nothing (`resolve`, `handle`, `activate`), so the
family's lists of write names never see it; autumn's in-place plan edit retires the plan's price rows
through one such helper and inserts their replacements through another, with no transaction around
the two (a real bug of holdout14).

Not a helper whose body only reads, nor one whose every write is an upsert (a retry redoes it and
goes on), nor writes to what is not the store (``not_stores``: a cache, a log, a queue), nor a call
handed a transaction (``{ db: trx }``, ``helper(tx, ...)``: the caller's transaction spans it).

A helper the lists already take for a write by its name (``updateBalance()``) whose body is seen to
write the store is no longer known by its name only: two such in sequence are asked.

Low confidence (``half_made.listed``): the helper may open a transaction of its own, or write what a
retry repairs, out of this file's sight; the shape is not judged on held-out code."""
from __future__ import annotations

from collections.abc import Mapping

from vcx_hook.checks.missing_transaction.candidates import climb_to_executed
from vcx_hook.checks.missing_transaction.handles import HANDLES
from vcx_hook.checks.missing_transaction.handles import handed_transaction
from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import helper_effects
from vcx_hook.ecosystem import stores
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Not judged on held-out code: found for recall (issue 18: helpers of another file, one hop).
CONFIDENCE = LOW


def possible(scope: Scope, table: helper_effects.Table) -> bool:
    """The scope names something bound to an import of a module one of whose functions writes."""
    return bool(table) and bool(scope.named(_words(scope.file, table)))


def writes(scope: Scope, table: helper_effects.Table, names: Names, known: set[int]) -> list[Write]:
    """The executed calls of the scope (not among ``known``, the start bytes of the writes found by
    their names) that reach an imported function whose body writes the store."""
    out: dict[int, Write] = {}
    for name in scope.named(_words(scope.file, table)):
        call = _call_of(name)
        if call is None or not scope.contains(call):
            continue
        top = climb_to_executed(call)
        if top is None or top.start_byte in known or top.start_byte in out:
            continue
        effect, found = _writes(scope.file, call, table, names)
        if effect is None or found is None or _handed(call, names):
            continue
        method = s.callee_name(call)
        path = s.callee_path(call)
        labels = _store_writes(found, names)
        out[top.start_byte] = Write(
            top, f'{path if len(path) <= 40 else method}()', method=method, idempotent=_upserts_only(found, names),
            creates=any(_method_of(w) in _MAKES for w in labels), via=f'{found.path}:{effect.line}', via_label=effect.label,
            via_writes=labels)
    return sorted(out.values(), key=lambda w: w.node.start_byte)


def confirmed(write: Write, file: File, table: helper_effects.Table, names: Names) -> Write:
    """``write``, a call the lists take for a write by its name (``updateBalance()``,
    ``this.columns.updateColumns()``), seen to write the store by its body."""
    if not table:
        return write
    effect, found = _writes(file, s.chain_calls(write.node)[-1], table, names)
    if effect is None or found is None:
        return write
    return write._replace(via=f'{found.path}:{effect.line}', via_label=effect.label, body_writes=True,
                          via_writes=_store_writes(found, names))


def only_through_helper(write: Write) -> bool:
    """A write known only because the body of the helper it calls writes (not by its name)."""
    return bool(write.via) and not write.body_writes


def replaces_across(first: Write, second: Write) -> bool:
    """The first helper retires or deletes rows that the second inserts again, through the same
    receiver (``EntitlementService.update()`` then ``EntitlementService.insert()``): a set replaced
    in two calls, which a failure between leaves with the old rows retired and no new ones (autumn's
    in-place plan edit, a real bug of holdout14)."""
    retired = {_receiver_of(w) for w in first.via_writes if _method_of(w) in stores.UPDATES | stores.DELETES
               or s.name_words(_method_of(w))[:1] in (['update'], ['delete'], ['remove'])}
    made = {_receiver_of(w) for w in second.via_writes if _method_of(w) in _MAKES}
    return bool(retired & made - {''})


def where_written(*pair: Write) -> str:
    """What the message adds for a write through an imported helper: where its body writes."""
    shown = [f'`{w.label}` writes through `{w.via_label}`, {w.via}' for w in pair if w.via]
    return f' ({"; ".join(shown)})' if shown else ''


def replacing(writes: list[Write], file: File, table: helper_effects.Table, names: Names) -> tuple[Write, str] | None:
    """The first write through an imported helper whose body deletes a set and then writes it again
    (``this.delete({ session })``, then ``this.save(column)`` per column; retro-board's session
    columns, a real bug of holdout17), and the message: a failure after the delete leaves the set
    empty, and the caller holds no transaction that would undo it. Not writes on a handle a callback
    of the helper was handed (``withFolderCacheLock(key, async (tx) => { await tx.delete(t); await
    tx.insert(t) })``, whose runner opens ``db.transaction`` and hands over its client)."""
    for write in writes:
        if not write.via:
            continue
        found = helper_effects.effects_of(file, s.chain_calls(write.node)[-1], table)
        stored = [e for e in found.effects if e.kind == helper_effects.WRITE and _to_store(e, names) and not e.handed] \
            if found else []
        deleted = next((i for i, e in enumerate(stored) if _method(e) in stores.DELETES), None)
        made = next((e for e in stored[deleted + 1:] if _method(e) in _MAKES), None) \
            if deleted is not None else None
        if found is None or deleted is None or made is None:
            continue
        return write, (f'`{write.label}` deletes with `{stored[deleted].label}` and then writes with `{made.label}` '
                       f'({found.path}:{stored[deleted].line}, {made.line}) with no transaction around it: a failure '
                       'after the delete leaves nothing in place')
    return None


def _method(effect: helper_effects.Effect) -> str:
    return _method_of(effect.label)


def _method_of(label: str) -> str:
    return label.rstrip('()').rpartition('.')[2]


def _receiver_of(label: str) -> str:
    return label.rstrip('()').rpartition('.')[0]


_MAKES = stores.CREATES | stores.INSERT_METHODS


def _store_writes(found: helper_effects.Effects, names: Names) -> tuple[str, ...]:
    return tuple(e.label for e in found.effects if e.kind == helper_effects.WRITE and _to_store(e, names))


def _writes(file: File, call: Node, table: helper_effects.Table, names: Names) \
        -> tuple[helper_effects.Effect | None, helper_effects.Effects | None]:
    found = helper_effects.effects_of(file, call, table)
    if found is None:
        return None, None
    stored = [e for e in found.effects if e.kind == helper_effects.WRITE and _to_store(e, names)]
    return (stored[0], found) if stored else (None, None)


def _to_store(effect: helper_effects.Effect, names: Names) -> bool:
    return names['not_stores'].isdisjoint(w for part in effect.label.split('.') for w in s.name_words(part.rstrip('()')))


def _upserts_only(found: helper_effects.Effects, names: Names) -> bool:
    """Every store write of the helper is an upsert: running it again finds its rows done."""
    methods = [_method(e) for e in found.effects
               if e.kind == helper_effects.WRITE and _to_store(e, names)]
    return bool(methods) and all(s.name_words(m)[:1] and s.name_words(m)[0] in stores.IDEMPOTENT_WRITES for m in methods)


def _handed(call: Node, names: Names) -> bool:
    """The call hands the helper a transaction: ``helper(trx, ...)``, ``helper({ db: trx })``."""
    for arg in s.arguments(call):
        arg = s.unwrap(arg)
        if arg.type == 'identifier' and s.text(arg) in HANDLES:  # not `session`: as often a login
            return True
        if arg.type == 'object' and handed_transaction(arg):
            return True
    return False


def _call_of(name: Node) -> Node | None:
    """The call ``name`` is the callee of (``fn()``), or the receiver of (``svc.fn()``,
    ``this.svc.fn()``)."""
    direct = s.called_by(name)
    if direct is not None:
        return direct
    member = s.parent_of(name)
    if member is None or member.type != 'member_expression':
        return None
    if name.type == 'identifier' and member.child_by_field_name('object') == name:
        prop = member.child_by_field_name('property')
    elif name.type == 'property_identifier' and member.child_by_field_name('property') == name:
        outer = s.parent_of(member)
        if outer is None or outer.type != 'member_expression' or outer.child_by_field_name('object') != member:
            return None
        prop = outer.child_by_field_name('property')
    else:
        return None
    return s.called_by(prop) if prop is not None else None


def _words(file: File, table: helper_effects.Table) -> frozenset[bytes]:
    return file.memo('missing-transaction:imported', lambda f: _names_reaching_writes(f, table))


def _names_reaching_writes(file: File, table: helper_effects.Table) -> frozenset[bytes]:
    """The names through which the file calls an imported function that writes: the import's own
    name, an instance built from it (``const ledger = new Ledger(db)``), a field it is injected as
    (``private readonly products: ProductService``)."""
    imported = helper_effects.imports(file)
    writing = {local for local, (spec, name) in imported.items() if _module_writes(table.get((file.path, spec), {}), name)}
    if not writing:
        return frozenset()
    out = {w.encode() for w in writing}
    for node in file.named(frozenset(out), ((0, len(file.source)),), frozenset(('identifier', 'type_identifier'))):
        holder = helper_effects.instance_name(node)
        if holder:
            out.add(holder.encode())
    return frozenset(out)


def _module_writes(exports: Mapping[str, helper_effects.Effects], name: str) -> bool:
    """A function the import reaches (the name, or a method of it) writes."""
    wanted = 'default' if name == '*' else name
    return any((name == '*' or key == wanted or key.startswith(f'{wanted}.'))
               and any(e.kind == helper_effects.WRITE for e in found.effects)
               for key, found in exports.items())
