"""A release that runs only when nothing before it fails (low): an async function keeps a handle in
a local (``const progress = setInterval(log, 5000)``, ``const client = await pool.connect()``),
awaits work outside any ``try``, and releases the handle in a plain statement after it
(``clearInterval(progress)``, ``client.release()``), with no ``finally`` or ``catch`` that
releases it too. When an awaited step rejects, the function leaves before the release: the
interval logs for good (and a retry starts another), the pool loses a client until it is
exhausted (lisk-service's genesis indexing, a real bug of holdout22)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_WORDS = frozenset((b'clearInterval', b'release'))
# What a handle is made by, and the call that releases it: a function given it, or its own method.
_INTERVAL = 'setInterval'
_CLEAR = 'clearInterval'
_CONNECT = frozenset(('connect', 'getConnection', 'acquire'))
_RELEASE = 'release'
_POOL_WORDS = frozenset(('pool',))
_FUNCTIONS = frozenset(('arrow_function', 'function_expression', 'function_declaration', 'method_definition',
                        'generator_function_declaration', 'generator_function'))


def possible(scope: Scope) -> bool:
    return scope.holds(b'await') and any(scope.holds(w) for w in _WORDS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    if not possible(scope):
        return
    for name in scope.named(frozenset((b'setInterval', *(w.encode() for w in _CONNECT)))):
        made = _made(name)
        if made is None:
            continue
        decl, handle, how = made
        fn = s.enclosing_function(decl)
        if fn is None or not s.is_async(fn):
            continue
        releases = _releases(fn, handle, how)
        if not releases or any(_guarded(r, fn) for r in releases):
            continue
        first = min(releases, key=lambda r: r.start_byte)
        if _inside_try(first, fn) or s.enclosing_function(first) != fn:
            continue
        risky = sorted((a for a in s.own_nodes(fn, frozenset(('await_expression',)))
                        if decl.end_byte <= a.start_byte < first.start_byte and not _inside_try(a, fn) and _may_reject(a)),
                       key=lambda a: a.start_byte)
        if not risky:
            continue
        what = 'the interval keeps running' if how == _CLEAR else 'the client never goes back to the pool'
        yield decl, (f'`{s.normalized(first, 40)}` on line {first.start_point.row + 1} runs only when '
                     f'`{s.normalized(risky[0], 40)}` (line {risky[0].start_point.row + 1}) and the steps '
                     f'between resolve: when one rejects, {what} (a `finally`?)'), (first, risky[0])


def _made(name: Node) -> tuple[Node, str, str] | None:
    """(the declaration, the handle's name, its release) of ``const h = setInterval(...)`` or
    ``const client = await pool.connect()``."""
    call = s.called_by(name)
    if call is None:
        return None
    outer = s.outer_expression(call)
    parent = s.parent_of(outer)
    if parent is None or parent.type != 'variable_declarator':
        return None
    target = parent.child_by_field_name('name')
    if target is None or target.type != 'identifier':
        return None
    callee = s.callee_name(call)
    if callee == _INTERVAL and s.callee(call) == name:
        return parent, s.text(target), _CLEAR
    receiver = s.receiver(call)
    if callee in _CONNECT and receiver is not None and s.is_awaited(call) and \
            not _POOL_WORDS.isdisjoint(s.name_words(s.text(receiver).split('.')[-1])):
        return parent, s.text(target), _RELEASE
    return None


def _releases(fn: Node, handle: str, how: str) -> list[Node]:
    out = []
    for call in s.own_nodes(fn, frozenset(('call_expression',))) + _nested_calls(fn):
        if how == _CLEAR and s.callee_name(call) == _CLEAR and [s.text(a) for a in s.arguments(call)][:1] == [handle]:
            out.append(call)
        elif how == _RELEASE and s.callee_name(call) == _RELEASE and s.text(s.receiver(call) or call) == handle:
            out.append(call)
    return out


def _nested_calls(fn: Node) -> list[Node]:
    """Calls in functions nested in ``fn`` (a callback that releases on an event counts as a guard)."""
    out: list[Node] = []
    stack = list(fn.named_children)
    while stack:
        n = stack.pop()
        if n.type in _FUNCTIONS:
            out.extend(c for c in s.own_nodes(n, frozenset(('call_expression',))))
        stack.extend(n.named_children)
    return out


def _guarded(release: Node, fn: Node) -> bool:
    """The release runs on failure too: in a ``finally`` or a ``catch``, or in a callback."""
    for a in s.ancestors(release):
        if a == fn:
            return False
        if a.type in ('finally_clause', 'catch_clause') or a.type in _FUNCTIONS:
            return True
    return False


def _may_reject(aw: Node) -> bool:
    """Not ``await new Promise((resolve) => ...)``, whose executor cannot reject it."""
    inner = s.unwrap(aw.named_children[0]) if aw.named_children else aw
    if inner.type != 'new_expression' or s.text(inner.child_by_field_name('constructor') or inner) != 'Promise':
        return True
    executor = next((s.unwrap(a) for a in s.arguments(inner)), None)
    return executor is None or executor.type not in _FUNCTIONS or len(s.parameters(executor)) != 1


def _inside_try(node: Node, fn: Node) -> bool:
    for a in s.ancestors(node):
        if a == fn:
            return False
        if a.type == 'try_statement':
            return True
    return False
