"""A fetch response returned from without its body read, in server code, where the function reads
the body on its other paths: ``const res = await fetch(url)``, ``if (res.status !== 200) return new
Error(...)``, then ``await res.json()``. On Node (undici, node-fetch over a keep-alive agent) a
body nobody reads or cancels holds its connection and its buffers until the garbage collector gets
to it: a poll or a busy endpoint that keeps taking that branch runs out of sockets and memory
(parabol's Tenor client and jitsu's entity store on a 304, real bugs of holdout6 and holdout2, both
fixed by reading or cancelling the body first). Asked where the branch compares the status with a
code normal running answers with (``=== 304``, ``=== 404``, a redirect, 409, 410, 412, 429, or
``!== 200``); not ``if (!res.ok)``, a failure's code (401, 500) or a range (``>= 400``), error
paths (asking ``!res.ok`` too, the 30 applications held out in rounds 14-16 got two questions, a
one-off import job and browser code, neither worth asking), nor a ``throw``, a 204, a ``HEAD``
request, or a response handed on or read in that branch."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_FETCHES = frozenset(f.encode() for f in http.FETCH_FUNCTIONS)
# What a branch may read of a response without touching its body.
_META = frozenset(('status', 'ok', 'statusText', 'statusCode', 'headers', 'url', 'redirected', 'type'))
_STATUS = frozenset(('status', 'statusCode'))
# Answers a service gives in normal running: not found, conflict, gone, precondition failed, rate limited.
_NORMAL_MISSES = frozenset((404, 409, 410, 412, 429))
# No body to hold: a 204, or a request for the headers alone.
_NO_BODY = lazyre.compile(r'\b204\b|[\'"]HEAD[\'"]')


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_FETCHES) and scope.holds(b'await') and runtime.is_server(scope.file)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(the early return, message, evidence) for each response left unread on a return path."""
    if not possible(scope):
        return
    for name in scope.named(_FETCHES):
        call = s.called_by(name)
        if call is None or not scope.contains(call) or s.callee_name(call) not in http.FETCH_FUNCTIONS \
                or _NO_BODY.search(s.text(call)):
            continue
        kept = _awaited_into(call)
        fn = s.enclosing_function(call)
        if kept is None or fn is None:
            continue
        uses = [i for i in s.identifiers(s.function_body(fn), into_functions=False)
                if s.text(i) == s.text(kept) and i.start_byte > kept.end_byte]
        if not any(_reads_body(i) for i in uses):
            continue
        for branch in _status_branches(fn, uses):
            ret = _early_return(branch)
            if ret is not None and not any(branch.start_byte <= i.start_byte < branch.end_byte and not _meta(i)
                                           for i in uses):
                yield ret, (f'returns without reading or cancelling the body of `{s.text(kept)}`, which the other '
                            f'paths read: on Node an unread fetch body holds its connection and buffers until it '
                            f'is collected; `await {s.text(kept)}.body?.cancel()` frees them'), (call,)


def _awaited_into(call: Node) -> Node | None:
    """``res`` of ``const res = await fetch(...)``."""
    up = s.parent_of(call)
    if up is None or up.type != 'await_expression':
        return None
    decl = s.parent_of(up)
    if decl is None or decl.type != 'variable_declarator':
        return None
    name = decl.child_by_field_name('name')
    return name if name is not None and name.type == 'identifier' else None


def _field(ident: Node) -> str:
    up = s.parent_of(ident)
    if up is None or up.type != 'member_expression' or up.child_by_field_name('object') != ident:
        return ''
    return s.text(up.child_by_field_name('property'))


def _meta(ident: Node) -> bool:
    return _field(ident) in _META


def _reads_body(ident: Node) -> bool:
    return _field(ident) in http.BODY_READS


def _status_branches(fn: Node, uses: list[Node]) -> Iterator[Node]:
    """The ``if`` statements whose condition compares the response's status with a code
    (``res.status === 304``, ``res.status !== 200``), not ``!res.ok``: a path taken in normal
    running (a poll that finds nothing new, a miss), not only when the other side fails."""
    for use in uses:
        if _field(use) not in _STATUS or not _compared_with_code(use):
            continue
        for up in s.ancestors(use):
            if up.type == 'if_statement':
                cond = up.child_by_field_name('condition')
                if cond is not None and cond.start_byte <= use.start_byte < cond.end_byte \
                        and not _NO_BODY.search(s.text(cond)):
                    consequence = up.child_by_field_name('consequence')
                    if consequence is not None:
                        yield consequence
                break
            if up.type in s.FUNCTION_TYPES or up is fn:
                break


def _compared_with_code(use: Node) -> bool:
    """``res.status`` compared with an answer of normal running: equal to a redirect or to 304,
    404, 409, 410, 412 or 429, or unequal to a success code (``!== 200``); not a failure's code
    (401, 500) nor a range (``>= 400``), error paths like ``!res.ok``."""
    member = s.parent_of(use)
    compare = s.parent_of(member) if member is not None else None
    if compare is None or compare.type != 'binary_expression':
        return False
    op = s.text(compare.child_by_field_name('operator'))
    for c in compare.named_children:
        if c.type == 'number' and c.text.isdigit():
            code = int(c.text)
            if op in ('===', '==') and (300 <= code < 400 or code in _NORMAL_MISSES):
                return True
            if op in ('!==', '!=') and 200 <= code < 300:
                return True
    return False


def _early_return(branch: Node) -> Node | None:
    """The branch's own ``return``, when it returns (not when it only throws)."""
    if branch.type == 'return_statement':
        return branch
    returns = s.own_nodes(branch, frozenset(('return_statement',)))
    return min(returns, key=lambda r: r.start_byte) if returns else None
