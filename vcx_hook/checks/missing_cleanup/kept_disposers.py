"""A disposer kept and never called: ``this.stopListeningFonts = openmct.objects.observe(obj, key, fn)``
(or a class field, ``private unsubscribe = store.subscribe(fn)``) where nothing else in the file
names ``stopListeningFonts``: the author kept the function that undoes the registration, so it
needs undoing, and no teardown calls it; the observer, and the component it closes over, stays."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Names that say the value is the function undoing a registration (`stopWatching`, `unsubscribe`,
# `unlistenResize`, `disposeReaction`, `offChange`); not `cancel`/`remove`/`destroy`, which name
# buttons and flags as often.
_DISPOSER = lazyre.compile(
    r'^_?(?:stop|unsubscribe|unsub|unlisten|unwatch|unobserve|unregister|unbind|dispose|disposer|cleanup|cleanUp'
    r'|teardown|tearDown|detach|off)(?:[A-Z_$][\w$]*)?$')
# What a disposer's name starts with: most words are told apart by one `startswith`, not the pattern.
_DISPOSER_STARTS = tuple(u + stem for stem in (
    b'stop', b'unsub', b'unlisten', b'unwatch', b'unobserve', b'unregister', b'unbind', b'dispose', b'cleanup',
    b'cleanUp', b'teardown', b'tearDown', b'detach', b'off') for u in (b'', b'_'))
_WORD = re.compile(rb'[A-Za-z_$][\w$]*')
_IDENTIFIERS = frozenset(('property_identifier', 'identifier', 'shorthand_property_identifier',
                          'private_property_identifier'))
# Calls that make no registration: a DOM lookup or construction, a function bound or built.
_NOT_REGISTRATIONS = frozenset((
    'bind', 'querySelector', 'getElementById', 'createElement', 'find', 'closest', 'get', 'debounce', 'throttle',
    'Symbol', 'require', 'ref', 'useRef', 'signal', 'createSignal'))
_EMPTY = frozenset(('null', 'undefined', 'false'))


def possible(scope: Scope) -> bool:
    return bool(scope.file.fact(_disposer_names))


def _disposer_names(file: File) -> frozenset[bytes]:
    """The file's words that name a disposer (asked by every scope's gate: once a file)."""
    return frozenset(w for w in file.words if w.startswith(_DISPOSER_STARTS) and _DISPOSER.match(w.decode(errors='replace')))


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(assignment, message, evidence) for each kept disposer no other code of the file names."""
    names = scope.file.fact(_disposer_names)
    if not names:
        return
    everywhere = scope.file.named(names, ((0, len(scope.file.source)),), _IDENTIFIERS)
    by_name: dict[str, list[Node]] = {}
    for node in everywhere:
        by_name.setdefault(s.text(node), []).append(node)
    source = scope.file.source
    for name, nodes in by_name.items():
        kept = [k for k in (_kept(n) for n in nodes) if k is not None]
        if not kept or any(_used(n) for n in nodes):
            continue
        if len(re.findall(rb'(?<![\w$])' + re.escape(name.encode()) + rb'(?![\w$])', source)) > len(nodes):
            continue  # also in a string or a comment (`this[name]`, a note): not sure it is never called
        for where, call in kept:
            if scope.contains(where):
                yield where, (f'`{s.normalized(call, 50)}` hands back the function that undoes it, kept in `{name}`, '
                              'and nothing in the file ever calls it: what it registered stays'), ()


def _kept(name: Node) -> tuple[Node, Node] | None:
    """(the assignment, the registering call) where ``name`` is ``this.name = call(...)`` or a class
    field ``name = call(...)``."""
    parent = s.parent_of(name)
    if parent is None:
        return None
    if parent.type == 'member_expression' and s.text(parent.child_by_field_name('object')) == 'this':
        holder = s.parent_of(parent)
        if holder is None or holder.type != 'assignment_expression' or holder.child_by_field_name('left') != parent:
            return None
        value = holder.child_by_field_name('right')
    elif _field_name(parent) == name:
        holder, value = parent, parent.child_by_field_name('value')
    else:
        return None
    call = _registering_call(value)
    return (holder, call) if call is not None else None


def _registering_call(value: Node | None) -> Node | None:
    if value is None:
        return None
    value = s.unwrap(value)
    if value.type == 'await_expression' and value.named_children:
        value = s.unwrap(value.named_children[0])
    if value.type != 'call_expression' or s.callee_name(value) in _NOT_REGISTRATIONS:
        return None
    return value


def _used(name: Node) -> bool:
    """Any mention but an assignment of the name (``this.stop = ...``) or a declaration of it as
    empty (``stop: null`` in Vue's ``data()``, ``private stop?: () => void``)."""
    if _kept(name) is not None:
        return False
    parent = s.parent_of(name)
    if parent is None:
        return True
    if parent.type == 'member_expression':
        holder = s.parent_of(parent)
        if holder is not None and holder.type == 'assignment_expression' and holder.child_by_field_name('left') == parent:
            return s.text(s.unwrap(holder.child_by_field_name('right'))) not in _EMPTY \
                if holder.child_by_field_name('right') is not None else False
        return True
    if parent.type == 'pair' and parent.child_by_field_name('key') == name:
        value = parent.child_by_field_name('value')
        return value is None or s.text(value) not in _EMPTY
    if _field_name(parent) == name:
        value = parent.child_by_field_name('value')
        return value is not None and s.text(value) not in _EMPTY
    return True


def _field_name(node: Node) -> Node | None:
    """The name a class field declares (``name`` in TypeScript's tree, ``property`` in JavaScript's)."""
    if node.type not in ('public_field_definition', 'field_definition'):
        return None
    return node.child_by_field_name('name') or node.child_by_field_name('property')
