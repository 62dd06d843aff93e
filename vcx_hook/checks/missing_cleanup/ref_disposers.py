"""A remover kept in a React ref and never called (low): ``removeListenerRef.current =
router.addNavigationListener(fn)`` (a registration whose result is, by the API's convention, the
function undoing it: ``add...Listener``, ``subscribe``, ``listen``, ``observe``, ``watch``,
``onSnapshot``, ``onAuthStateChanged``) where nothing in the file calls ``removeListenerRef.current``
or hands it on: the cleanup only tests or empties the ref (``removeListenerRef.current = null``), so
the listener outlives the component (artsy/force's order app, holdout28). Any call of the ref's
value (``ref.current()``, ``ref.current?.()``), or the value read into anything else (an argument, a
return, another name), is taken for its use."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import react_state
from vcx_hook.ecosystem import resources
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Registrations whose result is the function that undoes them: the subscriptions `resources` knows
# (RxJS, stores, Firebase's `onSnapshot`), a history's `listen`, an observer's `observe`, and the
# API convention's families (`addNavigationListener`, `subscribeToChanges`, `watchQuery`).
_REGISTER_NAMES = resources.SUBSCRIBE | {'listen', 'observe'}
_REGISTER_FAMILIES = lazyre.compile(r'^(?:add\w*Listener|subscribe\w*|watch\w*)$')
# Where reading the ref's value uses it for nothing but a test.
_TESTS = frozenset(('if_statement', 'parenthesized_expression', 'unary_expression', 'binary_expression',
                    'ternary_expression', 'expression_statement'))


def possible(scope: Scope) -> bool:
    return b'useRef' in scope.file.words and b'current' in scope.file.words


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    for name, (assignment, call) in scope.file.fact(_kept_removers).items():
        if scope.contains(assignment):
            yield assignment, (f'`{s.normalized(call, 50)}` hands back the function that undoes it, kept in '
                               f'`{name}.current`, and nothing in the file ever calls it: the registration '
                               'outlives the component'), ()


def _kept_removers(file: File) -> dict[str, tuple[Node, Node]]:
    refs = _react_refs(file)
    if not refs:
        return {}
    mentions: dict[str, list[Node]] = {}
    for node in file.named(frozenset(r.encode() for r in refs), ((0, len(file.source)),)):
        mentions.setdefault(s.text(node), []).append(node)
    found: dict[str, tuple[Node, Node]] = {}
    for name, nodes in mentions.items():
        kept: tuple[Node, Node] | None = None
        used = False
        for node in nodes:
            role = _role(node)
            if role is None:
                continue
            if isinstance(role, tuple):
                kept = kept or role
            elif role == 'used':
                used = True
        if kept is not None and not used:
            found[name] = kept
    return found


def _react_refs(file: File) -> set[str]:
    """Names bound to React's ``useRef(...)``."""
    names: set[str] = set()
    for node in file.named(frozenset((b'useRef',)), ((0, len(file.source)),)):
        call = s.called_by(node)
        parent = s.parent_of(call) if call is not None else None
        if call is None or parent is None or parent.type != 'variable_declarator' or not react_state.from_react(file, call):
            continue
        target = parent.child_by_field_name('name')
        if target is not None and target.type == 'identifier':
            names.add(s.text(target))
    return names


def _role(ref: Node) -> tuple[Node, Node] | str | None:
    """What a mention of the ref does: keeps a remover (the assignment and the registering call),
    'used' (calls or hands on its value), or None (its declaration, a test, an emptying)."""
    parent = s.parent_of(ref)
    if parent is None or parent.type == 'variable_declarator':
        return None
    if parent.type != 'member_expression' or parent.child_by_field_name('object') != ref:
        return None if parent.type in _TESTS else 'used'
    if s.text(parent.child_by_field_name('property')) != 'current':
        return 'used'
    holder = s.parent_of(parent)
    if holder is not None and holder.type == 'assignment_expression' and holder.child_by_field_name('left') == parent:
        value = s.unwrap(holder.child_by_field_name('right') or parent)
        if value.type == 'call_expression' and _registers(s.callee_name(value) or ''):
            return holder, value
        return None
    return None if holder is not None and holder.type in _TESTS else 'used'


def _registers(name: str) -> bool:
    return name in _REGISTER_NAMES or _REGISTER_FAMILIES.match(name) is not None
