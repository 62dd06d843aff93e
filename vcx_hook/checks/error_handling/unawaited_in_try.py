"""A promise the surrounding try cannot catch: ``try { navigator.clipboard.writeText(text) } catch {
fallbackCopy(text) }``. The browser API reports failure only by rejecting the promise it returns
(the clipboard is refused when the document has no focus); not awaited, the call returns at once,
the catch written for that failure never runs, its fallback never happens, and the rejection is
unhandled. Asked at the call, a statement of its own in the try's body, neither awaited nor given
a ``.then``/``.catch``."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import caught_in
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import dom
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(dom.PROMISE_API_WORDS) and scope.holds(b'try') and scope.holds(b'catch')


def findings(scope: Scope) -> Iterator[Finding]:
    if not possible(scope):
        return
    for name in scope.named(dom.PROMISE_API_WORDS):
        call = s.called_by(name)
        if call is None or not dom.promise_api(call):
            continue
        statement = s.parent_of(call)
        fn = s.enclosing_function(call)
        if statement is None or statement.type != 'expression_statement' or fn is None or not caught_in(call, fn):
            continue
        yield scope.finding(
            call, ID,
            f'`{short(call, 40)}` returns a promise nobody awaits: when it rejects, the `catch` around it never '
            'runs (its fallback neither) and the rejection goes unhandled',
            QUESTION)
