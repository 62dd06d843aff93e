"""A call the try around it cannot catch, awaited everywhere else in that try: ``try { await
X.go(a); await Y.go(b); messages.push(Z.go(c)) } catch (err) { notify(err) }``. Written like its
siblings but with no ``await``, the call returns a pending promise at once: when it rejects, the
catch written for the step's failure never runs, the rejection is unhandled, and the function goes
on (and its job completes) before the step is done. Asked at the call, a statement of its own or
the right side of an assignment in the body of a try with a catch, in an async function whose same
try awaits a call of the same method name. Low: a step left running on purpose looks the same.

Also outside a try, a call statement of a method awaited (on any receiver) in one of the next two
statements of the same block of an async function: ``Store.DeleteAll(); await
Legacy.DeleteAll(); location.reload();`` reloads before the first delete is done, and its
rejection goes unhandled (improved-initiative's local data reset, holdout27).

Found on real bugs: a nightly import's per-licence returns step (``processMessages =
LicenceReturnsImportProcess.go(licence)`` after four awaited ``.go()`` steps), a queue worker's
final ``updateStatus(job, DELIVERED)`` after two awaited ones."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.facts import try_body
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Methods awaited for a value that are just as often called for none (`await res.json()`), and
# names any function takes (a React ref's `fnRef.current()`, `f.call()`): not steps of one kind.
_SYNC_TOO = frozenset((
    'current', 'call', 'apply', 'bind', 'push', 'log', 'info', 'warn', 'error', 'debug', 'emit', 'set', 'get',
    'add', 'delete', 'resolve', 'reject', 'then', 'catch', 'finally', 'all', 'allSettled', 'send', 'end',
    'write', 'next', 'json', 'status', 'close', 'release', 'destroy', 'abort'))
# The keyword, found from the source's words (the family's query walks the whole tree).
_AWAIT = frozenset((b'await',))
_AWAIT_TYPES = frozenset(('await',))


def findings(scope: Scope) -> Iterator[Finding]:
    if not (scope.holds(b'async') and scope.holds(b'await')):
        return
    yield from _in_blocks(scope)
    if not scope.holds(b'try'):
        return
    seen: set[int] = set()
    for keyword in scope.file.named(_AWAIT, scope.ranges, types=_AWAIT_TYPES):
        aw = s.parent_of(keyword)
        if aw is None or aw.type != 'await_expression':
            continue
        call = s.unwrap(aw)
        name = s.callee_name(call) if call.type == 'call_expression' else None
        fn = s.enclosing_function(aw)
        body = try_body(aw, fn) if fn is not None and s.is_async(fn) else None
        if name is None or name in _SYNC_TOO or body is None:
            continue
        for other in scope.file.named(frozenset((name.encode(),)), ((body.start_byte, body.end_byte),)):
            bare = s.called_by(other)
            if bare is None or bare.start_byte in seen or not _dropped(bare) \
                    or s.enclosing_function(bare) != fn or try_body(bare, fn) != body:
                continue
            seen.add(bare.start_byte)
            yield scope.finding(
                bare, ID,
                f'`{short(bare, 40)}` is not awaited, unlike `{short(call, 32)}` (line {call.start_point.row + 1}) '
                'in the same try: when it rejects, the catch never runs and the rejection goes unhandled',
                QUESTION, evidence=(call,), confidence=LOW)




def _in_blocks(scope: Scope) -> Iterator[Finding]:
    """Outside a try: ``Store.DeleteAll(); await Legacy.DeleteAll(); location.reload();`` in an async
    function: the same operation awaited in the next statements of the block, not this one."""
    for keyword in scope.file.named(_AWAIT, scope.ranges, types=_AWAIT_TYPES):
        aw = s.parent_of(keyword)
        statement = s.parent_of(aw) if aw is not None and aw.type == 'await_expression' else None
        call = s.unwrap(aw) if aw is not None else None
        name = s.callee_name(call) if call is not None and call.type == 'call_expression' else None
        block = s.parent_of(statement) if statement is not None and statement.type == 'expression_statement' else None
        fn = s.enclosing_function(aw) if aw is not None else None
        if name is None or name in _SYNC_TOO or block is None or block.type != 'statement_block' or fn is None \
                or aw is None or call is None or statement is None or not s.is_async(fn) \
                or try_body(aw, fn) is not None or s.receiver(call) is None:
            continue
        before = [c for c in block.named_children if c.end_byte <= statement.start_byte][-2:]
        for stmt in before:
            bare = stmt.named_children[0] if stmt.type == 'expression_statement' and stmt.named_children else None
            if bare is None or bare.type != 'call_expression' or s.callee_name(bare) != name or s.receiver(bare) is None:
                continue
            yield scope.finding(
                bare, ID,
                f'`{short(bare, 40)}` is not awaited, unlike `{short(call, 32)}` (line {call.start_point.row + 1}) '
                'after it: the function goes on before it is done, and its rejection goes unhandled',
                QUESTION, evidence=(call,), confidence=LOW)


def _dropped(call: Node) -> bool:
    """A call statement, or the right side of an assignment statement: nothing awaits or chains it."""
    parent = s.parent_of(call)
    if parent is not None and parent.type == 'assignment_expression' and parent.child_by_field_name('right') == call:
        parent = s.parent_of(parent)
    return parent is not None and parent.type == 'expression_statement'
