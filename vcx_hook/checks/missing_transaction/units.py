"""A unit of work handed in: the function's writes go through repositories of one object a
parameter brings (``build(async ({ inputParams, uow }) => { await uow.conventionRepository.save(c);
await uow.outboxRepository.save(event) })``), an object that exposes several repositories. That is
the Unit of Work pattern: the code that hands it in (a performer) opens the transaction and builds
every repository on it, so the writes commit together. A plain parameter (``async (client) =>``) is
passed in and asked nothing (``writes._passed_in``); a destructured one, the shape of a use case
built by a framework of the project's own, was asked like a bare client.

Judged in round 18 (immersion-facile, every use case built with its ``useCaseBuilder`` and run by a
``PgUowPerformer`` inside ``db.transaction()``): not worth asking 8 of 8, six of them listed. Low,
not quiet: a performer may run some units outside a transaction, and the code does not show it."""
from __future__ import annotations

import re

from vcx_hook.checks.missing_transaction.transactions import from_parameter
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_ACCESSORS = (['repository'], ['repo'], ['dao'])


def handed_in(first: Write, second: Write) -> bool:
    """Both writes go through repositories of one object a parameter of their function brings, and
    the function names two or more of its repositories."""
    root = _unit_root(first.node)
    if not root or root != _unit_root(second.node):
        return False
    fn = s.enclosing_function(first.node)
    return fn is not None and fn == s.enclosing_function(second.node) and len(_repositories(fn, root)) >= 2


def _unit_root(call: Node) -> str:
    """``uow`` of ``uow.conventionRepository.save()``, when ``uow`` comes from a parameter."""
    recv = s.receiver(call)
    segments = s.path_segments(recv)
    if len(segments) < 2 or s.name_words(segments[1])[-1:] not in _ACCESSORS:
        return ''
    node = recv
    while node is not None and s.unwrap(node).type == 'member_expression':
        node = s.unwrap(node).child_by_field_name('object')
    fn = s.enclosing_function(call)
    if node is None or s.unwrap(node).type != 'identifier' or fn is None:
        return ''
    return segments[0] if from_parameter(s.unwrap(node), fn) else ''


def _repositories(fn: Node, root: str) -> set[bytes]:
    """The repositories of ``root`` the function names (``uow.agencyRepository``, ``uow.outboxRepository``)."""
    pattern = re.compile(rb'(?<![\w$.])' + re.escape(root.encode()) + rb'\s*\??\.\s*([A-Za-z_$][\w$]*)')
    found = pattern.findall(fn.text or b'')
    return {name for name in found if s.name_words(name.decode())[-1:] in _ACCESSORS}
