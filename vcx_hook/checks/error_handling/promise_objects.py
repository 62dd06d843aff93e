"""Promises hidden in objects handed to ``Promise.all``: ``Promise.all(rows.map((r) => ({ url: r.url,
config: r.response.json() })))``, or ``promises.push({ client, message: client.send(text) })`` and
then ``await Promise.all(promises)``. ``Promise.all`` waits only for elements that are promises
themselves; a plain object resolves at once, so the promise in its field is never awaited: its
rejection escapes the surrounding try/catch as an unhandled one, and the field read later is a
pending promise, not its value (work the caller thinks finished, a client destroyed under its request)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_COMBINATORS = frozenset((b'all', b'allSettled', b'race', b'any'))
_ITERATING = frozenset(('map', 'flatMap'))
_IDENTIFIERS = frozenset(('identifier',))


def possible(scope: Scope) -> bool:
    return b'Promise' in scope.file.words and scope.holds(b'Promise')


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for name in scope.named(_COMBINATORS):
        call = s.called_by(name)
        if call is None or s.callee_path(call) != f'Promise.{s.text(name)}':
            continue
        args = s.arguments(call)
        objects = _objects(scope, s.unwrap(args[0])) if args else []
        hidden = next((v for o in objects for v in _call_values(o)), None)
        if hidden is None:
            continue
        yield scope.finding(
            call, ID,
            f'`Promise.{s.text(name)}()` is given objects, not promises: `{short(hidden, 40)}` in them is never '
            'awaited, so its rejection is unhandled and the field holds a pending promise',
            QUESTION, evidence=(hidden,))


def _objects(scope: Scope, arg: Node) -> list[Node]:
    """The object literals ``arg`` is made of, when every element it is seen to hold is one: an
    array literal, a non-async ``map`` callback's returned values, or an array the function fills
    with ``push({...})``."""
    if arg.type == 'array':
        elements = [s.unwrap(e) for e in arg.named_children if e.type != 'comment']
        return elements if elements and all(e.type == 'object' for e in elements) else []
    if arg.type == 'call_expression' and s.callee_name(arg) in _ITERATING:
        callback = next((a for a in s.arguments(arg) if a.type in ('arrow_function', 'function_expression',
                                                                    'function')), None)
        return _returned_objects(callback) if callback is not None and not s.is_async(callback) else []
    if arg.type == 'identifier':
        return _pushed_objects(scope, arg)
    return []


def _returned_objects(fn: Node) -> list[Node]:
    body = s.function_body(fn)
    if body is None:
        return []
    if body.type != 'statement_block':
        values = [s.unwrap(body)]
    else:
        returns = s.own_nodes(body, frozenset(('return_statement',)))
        values = [s.unwrap(r.named_children[0]) for r in returns if r.named_children]
        if len(values) != len(returns):
            return []
    return values if values and all(v.type == 'object' for v in values) else []


def _pushed_objects(scope: Scope, ident: Node) -> list[Node]:
    """``const promises = []`` in the enclosing function, filled only by ``promises.push({...})``."""
    declarator = s.declaration(ident)
    if declarator is None or declarator.type != 'variable_declarator':
        return []
    value = declarator.child_by_field_name('value')
    fn = s.enclosing_function(ident)
    if value is None or s.unwrap(value).type != 'array' or s.unwrap(value).named_children or fn is None \
            or not fn.start_byte <= declarator.start_byte < fn.end_byte:
        return []
    pushed: list[Node] = []
    for use in _uses(scope, fn, s.text(ident)):
        member = s.parent_of(use)
        call = s.parent_of(member) if member is not None else None
        if member is None or member.type != 'member_expression' or call is None or call.type != 'call_expression':
            continue
        method = s.text(member.child_by_field_name('property'))
        if method != 'push':
            return []  # filled some other way (`concat`, `unshift`, an index)
        pushed.extend(s.unwrap(a) for a in s.arguments(call))
    return pushed if pushed and all(p.type == 'object' for p in pushed) else []


def _uses(scope: Scope, fn: Node, name: str) -> list[Node]:
    """The identifiers spelled ``name`` in ``fn``."""
    return scope.file.named(frozenset((name.encode(),)), ((fn.start_byte, fn.end_byte),), _IDENTIFIERS)


def _call_values(obj: Node) -> Iterator[Node]:
    """The fields of an object literal whose value is a call left unawaited: ``{ config: res.json() }``."""
    for child in obj.named_children:
        if child.type != 'pair':
            continue
        value = child.child_by_field_name('value')
        if value is not None and value.type == 'call_expression':
            yield value
