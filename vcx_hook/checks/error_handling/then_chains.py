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
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope


def findings(scope: Scope, names: Names, facts: Facts, reported: set[int]) -> Iterator[Finding]:
    """Floating chains, but those of a network call already in ``reported``."""
    for top in scope.captures('error-handling.then'):
        if top.start_byte in reported or catches(top) or network_chain(top, names, facts):
            continue
        if runtime.is_browser(scope.file) or s.enclosing_function(top) is None or dynamic_import(top):
            continue
        yield scope.finding(
            top, ID,
            f'`{short(top)}` is neither awaited nor returned and has no `.catch()`: a rejection goes unhandled',
            QUESTION, evidence=links(top), confidence=LOW,
        )


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
