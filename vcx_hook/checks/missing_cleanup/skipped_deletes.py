"""An entry a function adds to a long-lived map and deletes itself, with a ``return`` or ``throw``
between the two that skips the delete: ``pending[id] = {...}`` then, in the timer it starts, ``if
(!session) return;`` before ``delete pending[id]`` (jsbin's live-reload pings, holdout13);
``waits.set(payment.id, deferred)``, then ``throw new DeclinedError()`` before ``waits.delete(
payment.id)`` (rafiki's card payments, holdout15). The function means the entry to live as long as
its work; on the path that leaves early it stays in the map for the life of the process, one per
call.

The map is declared by the module (``{}``, ``new Map()``, ``new Set()``), imported or required from
the project, or an instance's field (``this.pending``). The key is the same expression at the add
(``map[key] = ...``, ``map.set(key, ...)``, ``map.add(key)``, a ``set...`` method of the map such as
``setWithExpiry``) and at the delete (``delete map[key]``, ``map.delete(key)``), not a literal. The
delete is in the function or in a callback it hands to something that runs it once (a timer,
``then``, ``catch``, ``finally``, ``once``): an ``on(...)`` listener's early ``return`` skips a
message that is not its own. The delete follows the add on its own path: not in the ``catch`` of
the add's ``try`` (a cache filled on success and emptied on error), nor the other branch of an
``if``. An exit is not a skip when a delete of the entry runs before it in a block around it, when
it is a ``throw`` inside a ``try`` whose ``catch`` or ``finally`` deletes the entry on every path, or
when it is taken because the entry is gone (``if (!pending[id]) return``). Nothing is asked when
any delete of the entry is in a ``finally`` or in a listener (``res.on('close', ...)``: the entry's
end is an event's, which the exits may count on).

Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from vcx_hook.ecosystem import bindings
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_DELETE = frozenset((b'delete',))
_KEYWORD = frozenset(('delete',))
_ADD_METHOD = re.compile(r'^(?:set|add|set[A-Z]\w*)$')
_MODULE_MAP = re.compile(r'^(?:\{\s*\}|new\s+(?:Map|Set|WeakMap)\s*\(\s*\)|Object\.create\(\s*null\s*\))$')
# Calls that run the callback handed to them once: a delete there is the function's own.
_ONCE = frozenset(('setTimeout', 'setImmediate', 'nextTick', 'queueMicrotask', 'then', 'catch', 'finally', 'once'))
_EXITS = frozenset(('return_statement', 'throw_statement'))
_LITERALS = frozenset(('string', 'number', 'template_string', 'true', 'false', 'null'))


class _Entry(NamedTuple):
    node: Node  # the statement's expression: the add, or the delete
    target: str
    key: str


def possible(scope: Scope) -> bool:
    return b'delete' in scope.text


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(the add, message, evidence: the exit that skips the delete, and the delete)."""
    if not possible(scope):
        return
    done: set[int] = set()
    for delete in _deletes(scope.file, scope.ranges):
        home = s.enclosing_function(delete.node)
        owner = home
        while owner is not None:
            found = _skipped(scope, owner, home, delete) if owner.start_byte not in done else None
            if found is not None:
                done.add(owner.start_byte)
                add, exit_ = found
                kind = 'throw' if exit_.type == 'throw_statement' else 'return'
                yield add.node, (f'`{add.target}` gets an entry for `{add.key}` here that the function deletes '
                                 f'later (line {delete.node.start_point[0] + 1}), but the `{kind}` on line '
                                 f'{exit_.start_point[0] + 1} leaves before it: one entry stays for good per call '
                                 'that leaves there; delete it on that path too (or in a `finally`)'), (exit_, delete.node)
                break
            owner = _once_caller(owner)


def _skipped(scope: Scope, owner: Node, home: Node, delete: _Entry) -> tuple[_Entry, Node] | None:
    """The add in ``owner`` of the entry ``delete`` removes in ``home``, and an exit of ``home``
    between them that no delete covers."""
    for add in _adds(owner):
        if add.target != delete.target or add.key != delete.key or add.node.end_byte >= delete.node.start_byte:
            continue
        everywhere = [d for d in _deletes(scope.file, ((owner.start_byte, owner.end_byte),))
                      if d.target == add.target and d.key == add.key]
        if not _long_lived(scope, add) or any(_in_finally(d.node, owner) or _in_listener(d.node, owner)
                                              for d in everywhere) or not _follows(delete.node, add.node):
            return None
        for exit_ in _exits(home, add.node.end_byte, delete.node.start_byte):
            if not _covered(exit_, everywhere, add) and not _entry_gone(exit_, add):
                return add, exit_
    return None


def _follows(delete: Node, add: Node) -> bool:
    """The delete runs after the add on the add's own path: not in the ``catch`` of a ``try`` whose
    block holds the add (an error's cleanup), nor in the other branch of an ``if``."""
    for a in s.ancestors(delete):
        if a.start_byte <= add.start_byte < a.end_byte:
            return True
        above = s.parent_of(a)
        if above is None:
            return True
        if a.type == 'catch_clause' and above.type == 'try_statement':
            body = above.child_by_field_name('body')
            if body is not None and body.start_byte <= add.start_byte < body.end_byte:
                return False
        if above.type == 'if_statement' and above.start_byte <= add.start_byte < above.end_byte:
            return False  # the add is in the condition or the other branch
    return True


def _in_listener(delete: Node, owner: Node) -> bool:
    """The delete is in a callback of ``owner`` that does not run once (``res.on('close', ...)``): the
    entry's end is an event's, which the exits may wait for."""
    inner = s.enclosing_function(delete)
    while inner is not None and inner != owner:
        caller = _once_caller(inner)
        if caller is None:
            return True
        inner = caller
    return False


def _entry_gone(exit_: Node, add: _Entry) -> bool:
    """The exit is taken when the entry is not there (``if (!pending[id]) return;``)."""
    above = s.parent_of(exit_)
    if above is not None and above.type == 'statement_block':
        above = s.parent_of(above)
    cond = above.child_by_field_name('condition') if above is not None and above.type == 'if_statement' else None
    text = s.text(cond) if cond is not None else ''
    return f'{add.target}[{add.key}]' in text or f'{add.target}.has({add.key})' in text \
        or f'{add.target}.get({add.key})' in text


def _adds(fn: Node) -> Iterator[_Entry]:
    stack = [fn.child_by_field_name('body')]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == 'assignment_expression':
            left = s.unwrap(node.child_by_field_name('left'))
            if left.type == 'subscript_expression':
                entry = _entry(node, left.child_by_field_name('object'), left.child_by_field_name('index'))
                if entry is not None:
                    yield entry
        elif node.type == 'call_expression':
            fn_node = s.unwrap(node.child_by_field_name('function'))
            args = s.arguments(node)
            if fn_node.type == 'member_expression' and args and _ADD_METHOD.match(s.callee_name(node) or ''):
                entry = _entry(node, fn_node.child_by_field_name('object'), args[0])
                if entry is not None:
                    yield entry
        stack.extend(reversed(node.named_children))


def _entry(node: Node, target: Node | None, key: Node | None) -> _Entry | None:
    if target is None or key is None:
        return None
    key = s.unwrap(key)
    if key.type in _LITERALS or target.type not in ('identifier', 'member_expression'):
        return None
    return _Entry(node, s.text(target), s.text(key))


def _deletes(file: File, ranges: tuple[tuple[int, int], ...]) -> list[_Entry]:
    """``delete map[key]`` and ``map.delete(key)`` inside the byte ranges."""
    out = []
    for kw in file.named(_DELETE, ranges, types=_KEYWORD):
        unary = s.parent_of(kw)
        arg = unary.child_by_field_name('argument') if unary is not None else None
        arg = s.unwrap(arg) if arg is not None else None
        if unary is not None and arg is not None and arg.type == 'subscript_expression':
            entry = _entry(unary, arg.child_by_field_name('object'), arg.child_by_field_name('index'))
            if entry is not None:
                out.append(entry)
    for prop in file.named(_DELETE, ranges):
        call = s.called_by(prop)
        recv = s.receiver(call) if call is not None else None
        args = s.arguments(call) if call is not None else []
        if call is not None and recv is not None and prop.type == 'property_identifier' and args:
            entry = _entry(call, recv, args[0])
            if entry is not None:
                out.append(entry)
    return out


def _long_lived(scope: Scope, add: _Entry) -> bool:
    """``this.x``, a name the module declares as an empty object, map or set, or one the file imports
    from the project (``import { waits } from './waits'``)."""
    if re.fullmatch(r'this\.[\w$]+', add.target):
        return True
    if not re.fullmatch(r'[\w$]+', add.target):
        return False
    target = s.unwrap(add.node.child_by_field_name('left') or add.node.child_by_field_name('function'))
    target = target.child_by_field_name('object') if target is not None else None
    if target is None or target.type != 'identifier':
        return False
    bound = bindings.binding(scope.file, target)
    if bound is not None and bound.how in (bindings.IMPORT, bindings.REQUIRE):
        return True
    decl = s.declaration(target)
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    return value is not None and s.enclosing_function(decl) is None and _MODULE_MAP.match(s.text(value)) is not None


def _once_caller(inner: Node) -> Node | None:
    """The function that hands ``inner`` to a call that runs it once (a timer, a promise's)."""
    args = s.parent_of(s.outer_expression(inner))
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or s.callee_name(call) not in _ONCE:
        return None
    return s.enclosing_function(call)


def _exits(home: Node, start: int, end: int) -> Iterator[Node]:
    """``return``/``throw`` of ``home`` itself (not of a function inside it) between the bytes."""
    stack = [home.child_by_field_name('body')]
    while stack:
        node = stack.pop()
        if node is None or node.end_byte <= start or node.start_byte >= end:
            continue
        if node.type in _EXITS and node.start_byte > start:
            yield node
            continue
        stack.extend(c for c in reversed(node.named_children) if c.type not in s.FUNCTION_TYPES)


def _covered(exit_: Node, deletes: list[_Entry], add: _Entry) -> bool:
    """A delete runs before the exit in a block around it, or a ``throw`` is caught by a ``try``
    whose ``catch`` or ``finally`` deletes the entry outside any condition."""
    for d in deletes:
        statement = _statement(d.node)
        block = s.parent_of(statement) if statement is not None else None
        if block is not None and add.node.end_byte < d.node.start_byte < exit_.start_byte \
                and block.start_byte <= exit_.start_byte < block.end_byte:
            return True
    if exit_.type != 'throw_statement':
        return False
    for a in s.ancestors(exit_):
        if a.type in s.FUNCTION_TYPES:
            return False
        if a.type == 'try_statement' and a.child_by_field_name('body') is not None \
                and a.child_by_field_name('body').start_byte <= exit_.start_byte < a.child_by_field_name('body').end_byte:
            for part in ('handler', 'finalizer'):
                clause = a.child_by_field_name(part)
                body = clause.child_by_field_name('body') if clause is not None else None
                if body is not None and any(
                        _statement(d.node) is not None and s.parent_of(_statement(d.node)) == body for d in deletes):
                    return True
    return False


def _statement(node: Node) -> Node | None:
    return next((a for a in (node, *s.ancestors(node)) if a.type == 'expression_statement'), None)


def _in_finally(node: Node, fn: Node) -> bool:
    for a in s.ancestors(node):
        if a == fn:
            return False
        if a.type == 'finally_clause':
            return True
    return False
