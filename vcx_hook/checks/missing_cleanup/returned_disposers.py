"""Whether a listener's or a subscription's disposer flows into the cleanup an effect returns:
returned itself (``return navigation.on('screenChange', f)``: an effect may only return a function,
so the registration hands back its remover), or carried there through variables, arrays and the
arguments of calls (``return combineCleanupFunctions(EventBus.subscribe(a, f), ...)``, ``const off
= bus.on(...); return combine(off)``).

Through a variable, the return must be on every path after the registration (the last statement of
the effect, no other return after the registration): a disposer returned only on some paths is
still asked.  ``addEventListener`` returns nothing, so returning it undoes nothing.  Kept in an
array, the registrations are undone by a returned cleanup that undoes each element
(``return () => subs.forEach((l) => l.remove())``).
"""
from __future__ import annotations

import re

from vcx_hook.checks.missing_cleanup.contexts import Context
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

_RETURNS_NOTHING = frozenset(('addEventListener',))
_RETURNS = frozenset(('return_statement',))
_MAX_HOPS = 4
_EACH = frozenset(('forEach', 'map'))
_CALLS = frozenset(('call_expression',))
_DISPOSES = re.compile(r'^(?:remove|unsub|dispose|off$|close|destroy|disconnect|cancel|abort|stop|clear)', re.I)


def into_cleanup(file: File, call: Node, kind: str, ctx: Context) -> bool:
    """``call``'s value reaches what the effect ``ctx`` returns, on every path that registers it."""
    if ctx.kind != 'effect' or kind not in ('listener', 'subscription'):
        return False
    if s.callee_name(call) in _RETURNS_NOTHING:
        return False
    return _reaches(file, call, call, ctx.fn, 0)


def _reaches(file: File, node: Node, call: Node, fn: Node, hops: int) -> bool:
    if hops > _MAX_HOPS:
        return False
    use = flow.use_of(node)
    if use is None:
        return False
    if use.role == 'returned':
        return _returned_always(use.target, call, fn)
    if use.role == 'argument':
        return use.target.type == 'call_expression' and _reaches(file, use.target, call, fn, hops + 1)
    if use.role == 'declared':
        name = use.target.child_by_field_name('name')
        if name is None or name.type != 'identifier':
            return False
        fl = flow.of(file, name)
        refs = [r for b in fl.bindings_of(name) if same(b.node, name) for r in fl.references(b)]
        value = use.target.child_by_field_name('value')
        listed = value is not None and s.unwrap(value).type == 'array'
        return any(_reaches(file, r, call, fn, hops + 1) or (listed and _each_undone(r, call, fn))
                   for r in refs if not same(r, name))
    return False


def _each_undone(ref: Node, call: Node, fn: Node) -> bool:
    """``return () => subs.forEach((l) => l.remove())``: a cleanup the effect returns undoes each
    element of the array the registration was kept in (calls it, or removes, unsubscribes,
    disposes... it)."""
    use = flow.use_of(ref)
    if use is None or use.role != 'receiver' or s.callee_name(use.target) not in _EACH:
        return False
    cleanup = s.enclosing_function(use.target)
    back = flow.use_of(cleanup) if cleanup is not None else None
    if back is None or back.role != 'returned' or not _returned_always(back.target, call, fn):
        return False
    each = next(iter(s.arguments(use.target)), None)
    params = each.child_by_field_name('parameters') if each is not None and each.type in s.FUNCTION_TYPES else None
    param = each.child_by_field_name('parameter') if each is not None and params is None else None
    first = param if param is not None else next(iter(params.named_children), None) if params is not None else None
    if first is not None and first.type in ('required_parameter', 'optional_parameter'):
        first = first.child_by_field_name('pattern')  # TypeScript
    if first is None or first.type != 'identifier':
        return False
    body = each.child_by_field_name('body') if each is not None else None
    element = s.text(first)
    calls = [body] if body is not None and body.type == 'call_expression' else []
    calls += s.own_nodes(body, _CALLS) if body is not None else []
    for undo in calls:
        callee = undo.child_by_field_name('function')
        if callee is not None and s.text(callee) == element:
            return True  # (off) => off()
        if s.text(s.receiver(undo)) == element and _DISPOSES.match(s.callee_name(undo)):
            return True
    return False


def _returned_always(ret: Node, call: Node, fn: Node) -> bool:
    """``ret`` returns from ``fn`` itself whenever ``call`` has run: it holds the call, or it is a
    statement of ``fn``'s body with no other return between the call and it."""
    if ret.type in s.FUNCTION_TYPES:  # an arrow's expression body
        return same(ret, fn)
    if not same(s.enclosing_function(ret), fn):
        return False
    if ret.start_byte <= call.start_byte and call.end_byte <= ret.end_byte:
        return True
    body = fn.child_by_field_name('body')
    if body is None or not same(s.parent_of(ret), body):
        return False
    return not any(call.end_byte <= r.start_byte < ret.start_byte for r in s.own_nodes(body, _RETURNS))
