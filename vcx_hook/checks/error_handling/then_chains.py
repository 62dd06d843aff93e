"""A ``.then()`` chain used as a statement, neither awaited nor returned, with no ``.catch()`` or
rejection handler, in server code (browsers log it; at startup it stops the process loudly).

Low confidence: judged, none of 12 was worth asking (29%, borderline half): fire-and-forget
touches of a timestamp, shutdown paths, callees that catch everything themselves, and builders whose
``then`` is not a promise's (bench/judged ``handled:fire-and-forget-minor-write``,
``handled:callee-catches``, ``shape:name-means-something-else``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.clients import dynamic_import
from vcx_hook.checks.error_handling.clients import network_chain
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.network_calls import links
from vcx_hook.checks.error_handling.rejections import catches
from vcx_hook.checks.error_handling.timers import catches_all
from vcx_hook.checks.error_handling.timers import catches_itself
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def findings(scope: Scope, names: Names, facts: Facts, reported: set[int]) -> Iterator[Finding]:
    """Floating chains, but those of a network call already in ``reported``."""
    for top in scope.captures('error-handling.then'):
        if top.start_byte in reported or catches(top) or network_chain(top, names, facts):
            continue
        if runtime.is_browser(scope.file) or s.enclosing_function(top) is None or dynamic_import(top) \
                or _cannot_reject(top):
            continue
        yield scope.finding(
            top, ID,
            f'`{short(top)}` is neither awaited nor returned and has no `.catch()`: a rejection goes unhandled',
            QUESTION, evidence=links(top), confidence=LOW,
        )


def _cannot_reject(top: Node) -> bool:
    """The chain starts from a promise that cannot reject (``Promise.resolve()``, or a call of the
    file's own async function that catches its own: ``timers.catches_itself``) and hands ``then``/
    ``finally`` only async functions whose body is one try/catch that awaits and throws nothing
    outside it (``Promise.resolve().then(async () => { try { ... } catch {} })``): nothing in it can
    reject (shelve's fire-and-forget stats increment, round 27, judged not worth asking:
    handled:callee-catches)."""
    calls = s.chain_calls(top)
    head, links = calls[-1], calls[:-1]
    if not links or not ((s.callee_path(head) == 'Promise.resolve' and not s.arguments(head))
                         or catches_itself(s.callee(head))):
        return False
    return all(s.callee_name(link) in ('then', 'finally') and all(
        _one_guarded_try(s.unwrap(arg)) for arg in s.arguments(link)) for link in links)


def _one_guarded_try(fn: Node) -> bool:
    """An async function literal whose body is a try with a catch and nothing else, catching all."""
    body = fn.child_by_field_name('body') if fn.type in s.FUNCTION_TYPES else None
    statements = [c for c in body.named_children if c.type != 'comment'] if body is not None and body.type == 'statement_block' else []
    return len(statements) == 1 and statements[0].type == 'try_statement' \
        and statements[0].child_by_field_name('handler') is not None and catches_all(fn)


def floating_then(scope: Scope, start: int, end: int) -> bool:
    """The property ``then``/``finally`` there ends the chain of a statement, in a function, with
    no ``.catch``: what ``findings`` asks of its candidates (browser aside)."""
    node = s.descendant(scope.root, start, end)
    member = s.parent_of(node) if node is not None and node.type == 'property_identifier' else None
    call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
    if call is None or call.type != 'call_expression' or call.child_by_field_name('function') != member:
        return False
    top = s.chain_top(call)
    if s.parent_of(top) is None or s.parent_of(top).type != 'expression_statement' or not scope.contains(top):
        return False
    return (s.callee_name(top) in ('then', 'finally') and not catches(top)
            and s.enclosing_function(top) is not None and not dynamic_import(top))
