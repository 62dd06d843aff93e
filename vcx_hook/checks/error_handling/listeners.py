"""An async function registered as an EventEmitter listener (``bus.on('x', async (e) => { await
... })``) that awaits outside try/catch, in server code, at low confidence: the emitter ignores the
promise it returns, so a rejection is unhandled and, since Node 15, ends the process.  Asked once, at
the listener; network calls inside it are asked on their own.

Low everywhere: judged on held-out code it was worth asking 3 times in 15 (bench/judged
``worth:async-listener-rejection-unhandled``). The rest: processes that log unhandled rejections in
the file or in a bootstrap module every worker imports (saltcorn, classroomio's BullMQ
``worker.on('failed')``), emitters that await their listeners (NocoBase's hook events with
``emitAsync``, Emittery, SignalR), and listeners whose awaits cannot reject.  Not asked at all when
the listener awaits only a method of its class or a function of its file whose body catches what it
awaits and throws nothing (``handled:callee-catches-all-returns-error``: worker message handlers
that return an error result)."""
from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterator

from vcx_hook.checks.error_handling.clients import client
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.rejections import catches
from vcx_hook.checks.error_handling.timers import catches_itself
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

WORDS = frozenset(r.encode() for r in handlers.EMITTER_REGISTRATIONS)
# `.on('event', async`: where `possible` looks in the tree.
_ASYNC_LISTENER = lazyre.compile(
    rb'''\.\s*(?:on|once|addListener|prependListener|prependOnceListener)\s*\(\s*[^,()]{1,120},\s*async\b''')


def findings(scope: Scope, names: Names, facts: Facts) -> Iterator[Finding]:
    if runtime.is_browser(scope.file) or scope.file.words.isdisjoint(WORDS):
        return
    for fn, registration, aw in unguarded_callbacks(scope, _registration, names, facts):
        event = short(s.arguments(registration)[0], 32)
        yield scope.finding(
            fn, ID,
            f"`{short(s.callee(registration) or registration, 32)}({event})` ignores the promise of its async "
            f'listener: a rejection of `{short(s.unwrap(aw), 32)}` is unhandled',
            QUESTION, evidence=(registration, aw),
            confidence=LOW,
        )


def unguarded_callbacks(scope: Scope, registration_of: Callable[[Node], Node | None], names: Names,
                        facts: Facts) -> Iterator[tuple[Node, Node, Node]]:
    """(callback, registration, await) for the first ``unguarded`` await of each async callback that
    ``registration_of`` says something calls and drops the promise of."""
    seen: set[int] = set()
    for aw in scope.captures('error-handling.await'):
        fn = s.enclosing_function(aw)
        if fn is None or fn.start_byte in seen:
            continue
        registration = registration_of(fn)
        if registration is None or not unguarded(aw, fn, names, facts):
            continue
        seen.add(fn.start_byte)
        yield fn, registration, aw


def _registration(fn: Node) -> Node | None:
    """``emitter.on('event', fn)`` when ``fn`` is an async listener."""
    return handlers.emitter_registration(fn) if s.is_async(fn) else None


def unguarded(aw: Node, fn: Node, names: Names, facts: Facts) -> bool:
    """``aw`` throws out of the listener ``fn`` (no try/catch around it in ``fn``), and is not a
    network call (asked on its own), an error tuple (``const [, error] = await safely(job)``: the
    helper resolves with the error, as await-to-js's ``to`` does) nor a job handed to a queue whose
    own awaits are all guarded (``await queue.add(async () => { ... })`` settles as the job does)."""
    inner = s.unwrap(aw)
    if inner.type == 'call_expression' and (catches(s.chain_top(inner)) or client(inner, names, facts) is not None):
        return False
    if inner.type == 'call_expression' and catches_itself(s.callee(inner)):
        return False  # `await this.process(msg)`, whose body catches every error it can meet
    if _error_tuple(aw):
        return False
    job = _job(inner)
    if job is not None:
        return any(unguarded(a, job, names, facts) for a in s.own_nodes(job, _AWAITS))
    child = aw
    for a in s.ancestors(aw):
        if a == fn:
            return True
        if a.type == 'try_statement' and child == a.child_by_field_name('body') and (
                a.child_by_field_name('handler') is not None):
            return False
        child = a
    return False


_ERROR_NAME = lazyre.compile(r'^(?:e|err|error|\w*Error)$')


def _error_tuple(aw: Node) -> bool:
    """``const [, error] = await safely(...)``, ``const [err, user] = await to(promise)``."""
    decl = s.parent_of(s.outer_expression(aw))
    pattern = decl.child_by_field_name('name') if decl is not None and decl.type == 'variable_declarator' else None
    return pattern is not None and pattern.type == 'array_pattern' and any(
        c.type == 'identifier' and _ERROR_NAME.match(s.text(c)) for c in pattern.named_children)


def _job(call: Node) -> Node | None:
    """The async function literal a call is handed as its only function (``queue.add(async () => ...)``)."""
    if call.type != 'call_expression':
        return None
    jobs = [a for a in map(s.unwrap, s.arguments(call)) if a.type in s.FUNCTION_TYPES]
    return jobs[0] if len(jobs) == 1 and s.is_async(jobs[0]) else None


_AWAITS = frozenset(('await_expression',))


def possible(scope: Scope) -> bool:
    """The gate's look: an async function literal registered with ``on``/``once``... that awaits."""
    text = scope.text
    if not scope.holds(b'await') or not scope.holds(b'async') or not _ASYNC_LISTENER.search(text) \
            or runtime.is_browser(scope.file):
        return False
    for name in scope.named(WORDS):
        member = s.parent_of(name)
        call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
        if call is None or call.type != 'call_expression' or s.callee(call) != member:
            continue
        for arg in s.arguments(call)[1:2]:
            fn = s.unwrap(arg)
            if fn.type in s.FUNCTION_TYPES and b'await' in fn.text and _registration(fn) is not None:
                return True
    return False
