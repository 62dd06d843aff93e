"""How two writes are tied by data flow: the second uses what the first returned (``const [org] =
await db.insert(orgs)...returning()`` then ``db.insert(members).values({ orgId: org.id })``); the
second rewrites the rows that hang on the record the first changed by its key (a webhook updated
``where id = webhookId``, then its events deleted ``where webhookId``); or the second inserts again
the set the first deleted by a key (a document's values deleted, then the new values inserted with
its ``documentId``). A failure between such writes leaves the first's record without what it needs."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_KEY = '|'.join(re.escape(k) for k in stores.RECORD_KEYS)
_VALUE = r'([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)'
_RECORD_KEY = lazyre.compile(
    rf'\bwhere\s*:\s*\{{\s*(?:{_KEY})\s*(?::\s*{_VALUE})?\s*[,}}]'  # where: { id: x } / { id }
    rf'|\(\s*\{{\s*(?:{_KEY})\s*:\s*{_VALUE}\s*[,}}]'  # Mongo updateOne({ _id: x })
    rf'|\beq\(\s*[\w$.]+\.(?:{_KEY})\s*,\s*{_VALUE}\s*\)'  # Drizzle eq(t.id, x)
    rf"|\.(?:eq|where)\(\s*['\"](?:{_KEY})['\"]\s*,\s*{_VALUE}\s*\)",  # supabase/knex .eq('id', x)
)
_NAMES = frozenset(('identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern'))
_BINDS = frozenset(('identifier', 'shorthand_property_identifier_pattern'))


def tied(first: Write, second: Write) -> bool:
    return uses_result(first, second) or rewrites_children(first, second) or replaces_set(first, second)


def uses_result(first: Write, second: Write) -> bool:
    """The first makes a record and the second reads the name its result is declared into (``const
    d = await repo.insert(dir)`` then ``saveMedia(d.identifiers[0].id)``): the second needs it. Not
    a record that existed before (an update's result, a name assigned again), nor a change of the
    made record's own table (``db.import.update({ where: { id: imp.id } })``: one record's states)."""
    bound = declared(first.node)
    if not first.creates or not bound or not any(s.text(n) in bound for n in _names(second.node)):
        return False
    return not (first.target == second.target and not second.creates)


def rewrites_children(first: Write, second: Write) -> bool:
    """The first updates one record by its key, the second deletes rows of another table filtered by
    that key or by the key of the record it returned (``newPage.id``): the record's children rewritten
    after it (``webhooks`` then ``webhook_events``, a page then its components). A field of the
    returned record (``invitation.token``) is read, not the rows hanging on it."""
    if s.name_words(first.method)[:1] != ['update'] or second.method not in stores.DELETES \
            or first.named_only or second.named_only or second.target == first.target:
        return False
    key, bound = record_key(first.node), declared(first.node)
    values = values_of(second.node)
    returned = {f'{name}.{k}' for name in bound for k in stores.RECORD_KEYS}
    return bool(key) and key in values or bool(returned & values)


def replaces_set(first: Write, second: Write) -> bool:
    """A set of rows deleted by a key, then the new set inserted into the same table with that key:
    a failure between leaves the record with none (a diff, deleting some rows by id and inserting
    others, shares no key and converges on a retry)."""
    if first.method not in stores.DELETES or not second.creates or not first.target or first.target != second.target:
        return False
    if not (second.method in stores.BULK_WRITES or _many(second.node)):
        return False
    tables = set(re.findall(r'[\w$]+', first.target))
    return bool((values_of(first.node) & values_of(second.node)) - tables)


def record_key(call: Node) -> str:
    """The value a write names its one record by: ``where: { id: x }``, ``eq(t.id, x)``..."""
    match = _RECORD_KEY.search(s.text(call))
    if match is None:
        return ''
    return next((g for g in match.groups() if g), 'id')


def declared(call: Node) -> set[str]:
    outer = s.outer_expression(call)
    holder = s.parent_of(outer)
    if holder is None or holder.type != 'variable_declarator':
        return set()
    pattern = holder.child_by_field_name('name')
    if pattern is None:
        return set()
    return {s.text(n) for n in walk(pattern) if n.type in _BINDS}


def _names(node: Node) -> Iterator[Node]:
    for n in walk(node):
        if n.type in _NAMES:
            yield n


def values_of(node: Node) -> set[str]:
    """Names and member paths the write reads as values (``webhookId``, ``user.id``), not callees."""
    out = set()
    for n in walk(node):
        parent = s.parent_of(n)
        if n.type not in ('identifier', 'shorthand_property_identifier', 'member_expression'):
            continue
        if parent is not None and (parent.type == 'member_expression'
                                   or (parent.type == 'call_expression' and parent.child_by_field_name('function') == n)):
            continue
        out.add(s.text(n))
    return out


def _many(call: Node) -> bool:
    """An insert of a set: an array or a ``.map(...)`` handed to it (``values(events.map(...))``)."""
    for link in s.chain_calls(call):
        for arg in s.arguments(link):
            arg = s.unwrap(arg)
            if arg.type == 'array' or (arg.type == 'call_expression' and s.callee_name(arg) == 'map'):
                return True
    return False


def walk(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(reversed(n.named_children))
