"""missing-cleanup's registrations: the listeners, timers, subscriptions, observers, watchers and
connections a scope adds, found by name (``File.named``), not by walking the tree; what kind each
is; and, for an edit of an effect's cleanup or a teardown method, the registrations it pairs with."""
from __future__ import annotations

import re
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup import contexts
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import resources
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_REGISTER_WORDS = frozenset(n.encode() for n in resources.REGISTER_NAMES - {'on', 'io'})
_REGISTER_CALLS = frozenset(n.encode() for n in resources.REGISTER_NAMES - resources.CONNECTIONS)
_REGISTER_BYTES = frozenset(n.encode() for n in resources.REGISTER_NAMES)
# `on(` or `io (`, not the end of `function(`: the lookbehind after the name keeps the engine's scan for it.
_SHORT_CALL = lazyre.compile(rb'(?:on(?<![\w$]on)|io(?<![\w$]io))\s*(?:<[^<>()]*>\s*)?(?:\?\.\s*)?\(')
# The same for `on(` alone: a literal first, which the engine scans for several times faster.
_ON_CALL = lazyre.compile(rb'on(?<![\w$]on)\s*(?:<[^<>()]*>\s*)?(?:\?\.\s*)?\(')


def possible(file: File) -> bool:
    """A registration by its callee's name somewhere in the file.  ``on`` and ``io`` are English
    words too: for them the file must hold a call."""
    words = file.words
    if not words.isdisjoint(_REGISTER_WORDS):
        return True
    if b'io' in words:
        return _SHORT_CALL.search(file.source) is not None
    return b'on' in words and _ON_CALL.search(file.source) is not None


def kind(call: Node, file: File) -> str | None:
    """'listener', 'subscription', 'timer', 'observer', 'watcher' or 'connection'; ``None`` when
    the call is not one (a local ``setInterval``, Vue's ``watch``, a listener with no callback)."""
    if call.type == 'new_expression':
        return 'connection'
    name = s.callee_name(call)
    recv = s.receiver(call)
    fn = s.callee(call)
    if recv is None and fn is not None and fn.type == 'identifier' and s.declaration(fn) is not None:
        return None  # `const [interval, setInterval] = useState()`: a local, not the global
    if name in resources.LISTEN:
        args = s.arguments(call)
        if recv is None or len(args) < 2 or s.text(args[1]) in ('null', 'undefined'):
            return None  # d3/jQuery `selection.on('dblclick.zoom', null)` removes a listener
        return 'listener'
    if name in resources.SUBSCRIBE:
        if recv is None and not any(_may_be_callback(a) for a in s.arguments(call)):
            return None  # `await subscribe(user.email)`: a mailing list, not an event source
        if recv is not None and _own_method(file, recv, name):
            return None  # `self.subscribe(socket, msg)`: the module's own function of that name
        return 'subscription'
    if name in resources.TIMERS:
        return 'timer'
    if name in resources.HISTORY:
        if recv is None or not s.arguments(call):
            return None
        return 'subscription' if _router_history(file, recv) or store_listen(call) else None
    if name == 'observe':
        return 'observer' if recv is not None and _is_observer(recv) else None
    if name in resources.WATCH:
        if recv is None:  # `import { watch } from 'node:fs'`, not Vue's watch()
            return 'watcher' if resources.watches_files(file) else None
        return 'watcher' if s.receiver_name(call) in resources.WATCH_RECEIVERS else None
    if name == resources.SOCKET_IO:
        return 'connection' if resources.socket_io_client(file) and s.arguments(call) else None
    return None


def store_listen(call: Node) -> bool:
    """``assetStore.listen(this.onAssetChange, this)``, ``actions.load.completed.listen(this.onLoad.bind(this))``:
    a store's or an action's ``listen`` handed a method of the class around it (Reflux, Alt, nanostores
    return the unsubscribe), its result dropped; not a server's ``listen(this.port)``."""
    parent = s.parent_of(call)
    if parent is None or parent.type != 'expression_statement' or s.callee_name(call) != 'listen':
        return False
    first = s.unwrap(s.arguments(call)[0])
    if first.type == 'call_expression' and s.callee_name(first) == 'bind':
        first = s.unwrap(s.receiver(first)) if s.receiver(first) is not None else first
    if first.type in s.FUNCTION_TYPES:
        return True
    if first.type != 'member_expression' or s.unwrap(first.child_by_field_name('object')).type != 'this':
        return False
    body = next((a for a in s.ancestors(call) if a.type == 'class_body'), None)
    method = s.text(first.child_by_field_name('property'))
    return body is not None and any(
        m.type == 'method_definition' and s.text(m.child_by_field_name('name')) == method
        or m.type in ('public_field_definition', 'field_definition') and _holds_function(m, method)
        for m in body.named_children)


def _holds_function(field: Node, name: str) -> bool:
    """A class field ``name = (...) => ...`` (or a function expression)."""
    key = field.child_by_field_name('name') or field.child_by_field_name('property')
    value = field.child_by_field_name('value')
    return key is not None and s.text(key) == name and value is not None and s.unwrap(value).type in s.FUNCTION_TYPES


def router_history(file: File, call: Node) -> bool:
    """``call`` is made on a router's history (``_router_history``)."""
    recv = s.receiver(call)
    return recv is not None and _router_history(file, recv)


def _router_history(file: File, recv: Node) -> bool:
    """``this.props.history``, ``history``: a receiver named for a router's history in a file that
    imports React Router or the ``history`` package (``bindings``)."""
    if s.dotted(recv).rsplit('.', 1)[-1] != 'history':
        return False
    return any(b.library in resources.HISTORY_PACKAGES for b in bindings.imports(file).values())


def _may_be_callback(arg: Node) -> bool:
    """A function, an observer object, or a name that may hold one; not a plain value
    (``user.email``, ``'news'``, a local string)."""
    arg = s.unwrap(arg)
    if arg.type in s.FUNCTION_TYPES or arg.type == 'object':
        return True
    if arg.type != 'identifier':
        return False
    decl = s.declaration(arg)
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    return value is None or s.unwrap(value).type in s.FUNCTION_TYPES or s.unwrap(value).type == 'call_expression'


def _own_method(file: File, recv: Node, name: str) -> bool:
    """``recv.name`` is a function the file defines on that receiver (``self.subscribe = function
    subscribe(socket, message) {...}``, ``this.subscribe = async (...) =>``) or, on ``this``, a
    method of the enclosing class: the project's own code, which the check reads where it is
    defined, not a library's event source (nightscout's socket authorisation, judged not worth
    asking: ``shape:own-method-named-subscribe``)."""
    recv = s.unwrap(recv)
    if recv.type == 'this':
        body = next((a for a in s.ancestors(recv) if a.type == 'class_body'), None)
        if body is not None and any(m.type == 'method_definition' and s.text(m.child_by_field_name('name')) == name
                                    for m in body.named_children):
            return True
    if recv.type not in ('this', 'identifier'):
        return False
    defined = re.compile(rb'(?<![\w$.])' + re.escape(s.text(recv).encode()) + rb'\.' + re.escape(name.encode())
                         + rb'\s*=\s*(?:async\s+)?(?:function\b|\([^()]*\)\s*=>|[\w$]+\s*=>)')
    return defined.search(file.source) is not None


def _is_observer(recv: Node) -> bool:
    recv = s.unwrap(recv)
    if recv.type == 'new_expression':
        return bool(resources.OBSERVER.search(s.text(recv.child_by_field_name('constructor'))))
    text = s.dotted(recv)
    if resources.OBSERVER.search(text.rsplit('.', 1)[-1]):
        return True
    if recv.type == 'identifier':
        value = s.initializer(recv)
        return value is not None and value.type == 'new_expression' and bool(
            resources.OBSERVER.search(s.text(value.child_by_field_name('constructor'))))
    return False


def paired(scope: Scope, names: Mapping[str, frozenset[str]]) -> list[Node]:
    """An edit inside an effect's cleanup (or a callback of the effect), or inside a teardown
    method, raises the registrations it pairs with."""
    if scope.kind != 'function' or scope.node is None:
        return []
    for fn in (scope.node, *s.ancestors(scope.node)):
        if fn.type == 'method_definition':
            name = s.text(fn.child_by_field_name('name'))
            holder = s.parent_of(fn)
            if holder is not None and (name in names['teardown_methods'] or _aframe_teardown(scope.file, name, holder)):
                return _registrations_in(scope, holder)
            return []
        if fn.type in s.FUNCTION_TYPES:
            hook = s.calling(fn)
            if hook is not None and s.callee_name(hook) in names['effect_hooks']:
                return _registrations_in(scope, fn) if fn != scope.node else []
    return []


def _aframe_teardown(file: File, name: str, holder: Node) -> bool:
    """``remove``/``pause`` of an A-Frame component's definition: an edit there raises what its
    ``init``/``play`` registers."""
    mounts = [m for m, undo in resources.AFRAME_TEARDOWN_OF.items() if undo == name]
    return bool(mounts) and holder.type == 'object' and contexts.aframe_context(holder, mounts[0], holder, file) is not None


def _registrations_in(scope: Scope, region: Node) -> list[Node]:
    found = scope.file.memo(f'missing-cleanup:registrations:{region.start_byte}:{region.end_byte}',
                            lambda f: registrations(f, ((region.start_byte, region.end_byte),)))
    return [n for n in found if not scope.contains(n)]


def registrations(file: File, ranges: tuple[tuple[int, int], ...]) -> list[Node]:
    """The registrations that start inside ``ranges``, in document order: calls of a
    ``REGISTER_NAMES`` function or method, and ``new WebSocket()``-like connections; found by
    name (``File.named``), not by walking the tree."""
    out = []
    for name in file.named(_REGISTER_BYTES, ranges):
        found = s.called_by(name) if name.text in _REGISTER_CALLS else (
            s.called_by(name, 'new_expression') if name.type == 'identifier' else None)
        if found is not None and any(a <= found.start_byte < b for a, b in ranges):
            out.append(found)
    return sorted(out, key=s.document_order)
