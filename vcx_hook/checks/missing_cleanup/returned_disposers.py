"""Whether a listener's or a subscription's disposer flows into the cleanup an effect returns:
returned itself (``return navigation.on('screenChange', f)``: an effect may only return a function,
so the registration hands back its remover), or carried there through variables, arrays and the
arguments of calls (``return combineCleanupFunctions(EventBus.subscribe(a, f), ...)``, ``const off
= bus.on(...); return combine(off)``).

Through a variable, the return must be on every path after the registration (the last statement of
the effect, no other return after the registration): a disposer returned only on some paths is
still asked.  ``addEventListener`` returns nothing, so returning it undoes nothing.
"""
from __future__ import annotations

from vcx_hook.checks.missing_cleanup.contexts import Context
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang.uses import same

_RETURNS_NOTHING = frozenset(('addEventListener',))
_RETURNS = frozenset(('return_statement',))
_MAX_HOPS = 4


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
        return any(_reaches(file, r, call, fn, hops + 1) for r in refs if not same(r, name))
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
