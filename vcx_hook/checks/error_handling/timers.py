"""A timer that drops an async function's promise (medium confidence), in server code:
``setInterval(() => this.writeStats(), ms)`` or ``setInterval(this.sync.bind(this), ms)`` where the
method (or a function of the same file) is async and awaits outside try/catch, or
``setInterval(async () => { await flush() }, ms)``.  The timer ignores the promise, so when the store
is down the rejection is unhandled and, since Node 15, ends the process at every tick. Low where the
project logs unhandled rejections and stays up (``Facts.rejections_logged``).

Low (a new shape, judged on tuning code only): the same drop by a one-shot timer's async callback
written in place, ``setTimeout(async () => { await contractFacade.voteOnFlag(...) }, ms)`` (a named
poll that re-arms itself is stopping_polls'), or by a timer helper named as one
(``setAbortableTimeout``, ``setDelayedInterval``): the rejection is unhandled once (streamr's vote
on a flag, a real bug of holdout26)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.clients import client
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

WORDS = frozenset((b'setInterval',))
# `setTimeout`, and a helper named as a timer (`setAbortableTimeout`; not `setIntervalAsync`, which
# awaits its callback).
_TIMER = lazyre.compile(rb'\b(set\w*(?:Timeout|Interval))\s*\(')
_NESTED = frozenset(('function_expression', 'arrow_function', 'function_declaration', 'method_definition',
                     'generator_function_declaration', 'class_declaration', 'class'))


def possible(scope: Scope) -> bool:
    # Every finding is about an await of an async function (the callback or the one it calls).
    return (scope.holds(b'Interval') or scope.holds(b'Timeout')) and b'await' in scope.file.word_text \
        and not runtime.is_browser(scope.file)


def findings(scope: Scope, names: Names, facts: Facts) -> Iterator[Finding]:
    if not possible(scope):
        return
    timers = frozenset(m.group(1) for m in scope.matches(_TIMER))
    for name in scope.named(timers):
        call = s.called_by(name)
        timer = s.callee_name(call) if call is not None else ''
        if call is None or timer.encode() not in timers or not s.arguments(call):
            continue
        callback = s.unwrap(s.arguments(call)[0])
        dropped = _dropped(callback)
        if dropped is None or timer != 'setInterval' and dropped[0] is not callback:
            continue  # a one-shot timer re-armed by a named poll: stopping_polls asks it
        target, aw = dropped
        inner = s.unwrap(aw)
        if inner.type == 'call_expression' and client(inner, names, facts) is not None:
            continue  # a network call: asked on its own, with its missing catch
        if _exits_after(aw):
            continue  # `await driver.close(); process.exit(0)`: a rejection ends a process that was ending
        what = f'async `{s.function_name(target) or "callback"}`' if target is not callback else 'its async callback'
        every = timer == 'setInterval'
        yield scope.finding(
            call, ID,
            f'`{timer}` drops the promise of {what}: a rejection of `{short(inner, 32)}` '
            f'is unhandled{", at every tick" if every else ""}',
            QUESTION, evidence=(aw,), confidence=LOW if facts.rejections_logged or not every else MEDIUM,
        )


def _dropped(callback: Node) -> tuple[Node, Node] | None:
    """(async function, its unguarded await) whose promise the timer callback drops."""
    if callback.type in ('arrow_function', 'function_expression') and s.is_async(callback):
        aw = _unguarded_await(callback)
        return (callback, aw) if aw is not None else None
    if callback.type in ('arrow_function', 'function_expression'):
        body = callback.child_by_field_name('body')
        calls = [body] if body is not None and body.type == 'call_expression' else [
            st.named_children[0] for st in (body.named_children if body is not None else [])
            if st.type == 'expression_statement' and st.named_children
            and st.named_children[0].type == 'call_expression']
        for inner in calls:
            found = _async_target(s.callee(inner))
            if found is not None:
                return found
        return None
    if callback.type == 'call_expression' and s.callee_name(callback) == 'bind':
        return _async_target(s.receiver(callback))
    return _async_target(callback)


def _async_target(ref: Node | None) -> tuple[Node, Node] | None:
    """``this.m`` or ``m`` resolved to an async method of the enclosing class or a function of the
    file, with an await it does not catch."""
    if ref is None:
        return None
    ref = s.unwrap(ref)
    target = None
    if ref.type == 'member_expression' and s.unwrap(ref.child_by_field_name('object')).type == 'this':
        target = _method(ref, s.text(ref.child_by_field_name('property')))
    elif ref.type == 'identifier':
        target = _function(ref)
    if target is None or not s.is_async(target):
        return None
    aw = _unguarded_await(target)
    return (target, aw) if aw is not None else None


def _method(ref: Node, name: str) -> Node | None:
    body = next((a for a in s.ancestors(ref) if a.type == 'class_body'), None)
    if body is None:
        return None
    return next((m for m in body.named_children if m.type == 'method_definition'
                 and s.text(m.child_by_field_name('name')) == name), None)


def _function(ident: Node) -> Node | None:
    decl = s.declaration(ident)
    if decl is not None and decl.type == 'variable_declarator':
        value = decl.child_by_field_name('value')
        value = s.unwrap(value) if value is not None else None
        return value if value is not None and value.type in ('arrow_function', 'function_expression') else None
    root = next((a for a in s.ancestors(ident) if a.type == 'program'), None)
    if root is None:
        return None
    name = s.text(ident)
    for fn in s.top_level(root):
        if fn.type == 'function_declaration' and s.text(fn.child_by_field_name('name')) == name:
            return fn
    return None


def _unguarded_await(fn: Node) -> Node | None:
    """The first ``await`` of ``fn`` itself (not of a nested function) outside a try with a catch,
    leaving out an await of a same-file async function that catches its own (``await this.check()``)."""
    for aw in _unguarded_awaits(fn):
        inner = s.unwrap(aw)
        if inner.type == 'call_expression' and catches_itself(s.callee(inner)):
            continue
        return aw
    return None


def catches_itself(ref: Node | None) -> bool:
    """``this.check`` or ``check``: an async method of the class or function of the file that awaits
    only inside try/catch and throws nothing itself, so the promise it returns cannot reject."""
    ref = s.unwrap(ref) if ref is not None else None
    if ref is None:
        return False
    if ref.type == 'member_expression' and s.unwrap(ref.child_by_field_name('object')).type == 'this':
        target = _method(ref, s.text(ref.child_by_field_name('property')))
    elif ref.type == 'identifier':
        target = _function(ref)
    else:
        return False
    return target is not None and catches_all(target)


def catches_all(fn: Node) -> bool:
    """``fn`` is async, awaits only inside try/catch and throws nothing itself: its promise cannot reject."""
    return s.is_async(fn) and next(_unguarded_awaits(fn, throws=True), None) is None


def _unguarded_awaits(fn: Node, throws: bool = False) -> Iterator[Node]:
    """The awaits of ``fn`` itself (not of nested functions) outside a try with a catch, in order
    (and its throws, with ``throws``: a catch that rethrows counts)."""
    body = fn.child_by_field_name('body')
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        if node.type == 'await_expression':
            inner = s.unwrap(node)
            if not (inner.type == 'call_expression' and s.callee_name(inner) == 'catch'):
                yield node
        if throws and node.type == 'throw_statement':
            yield node
        if node.type in _NESTED:
            continue
        if node.type == 'try_statement' and node.child_by_field_name('handler') is not None:
            handler = node.child_by_field_name('handler')
            finalizer = node.child_by_field_name('finalizer')
            stack += [c for c in (finalizer, handler) if c is not None]
            continue
        stack += reversed(node.named_children)


def _exits_after(aw: Node) -> bool:
    """The statement after the await's own ends the process (``await driver.close(dbhan);
    process.exit(0);`` in an idle check): a rejection there crashes a process that was exiting
    anyway (dbgate's connection processes, round 35: four listed, judged not worth asking)."""
    statement = next((a for a in s.ancestors(aw) if s.parent_of(a) is not None
                      and s.parent_of(a).type == 'statement_block'), None)
    after = statement.next_named_sibling if statement is not None else None
    for _ in range(2):  # `if (dbhan) { await driver.close(dbhan); } process.exit(0);`: the next statement run
        block = s.parent_of(statement) if statement is not None and after is None else None
        outer = s.parent_of(block) if block is not None else None
        if outer is None or outer.type not in ('if_statement', 'else_clause'):
            break
        statement = outer if outer.type == 'if_statement' else s.parent_of(outer)
        after = statement.next_named_sibling if statement is not None else None
    call = after.named_children[0] if after is not None and after.type == 'expression_statement' \
        and after.named_children else None
    return call is not None and call.type == 'call_expression' and s.text(s.callee(call)) == 'process.exit'
