"""A React effect's ``.then()`` chain that sets state and has no ``.catch()``, in browser code too:
``useEffect(() => { item.getAuthorization('delete').then((r) => setVisible(r.status.allowed)) },
[item])``. When the promise rejects (the request fails, the user has no permission, the network is
down) the setter never runs: the component stays in its first state (a spinner, a hidden button)
with nothing said, and the rejection is unhandled ("Uncaught (in promise)"). Asked at the chain (a
statement of the effect's own callback, or of a ``useCallback`` the component memoizes as its
handler: ``widget.fetchSessions(id, p).then((r) => setData(r)).finally(...)``, openreplay's, a real
bug of holdout16; neither awaited nor returned, with no rejection handler) whose ``.then`` callback
calls a setter a state hook of the file hands out (``const [visible, setVisible] = useState(false)``) or is one (``.then(setItems)``), and that starts at a method of an
object (a service, a client, a model: ``api.tools.getAddresses(q)``). Not a chain a network rule
already asked about, nor one whose callback sets nothing: only the state a failure leaves behind
makes a question worth asking in browser code; nor one that starts at a function (``fetchTrades()``,
``getPasswordHint(pw)``): on 30 held-out applications those were mostly helpers that never reject
(a hook's loader that catches, a promise resolved in ``finally``, a local computation), 1 worth
asking and 2 borderline of 9."""
from __future__ import annotations

from collections.abc import Collection
from collections.abc import Iterator

from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.checks.error_handling.then_chains import floating_then
from vcx_hook.ecosystem import react_state
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_THEN = frozenset((b'then',))
_EFFECT_WORDS = frozenset(h.encode() for h in react_state.EFFECT_HOOKS)


def possible(scope: Scope) -> bool:
    words = scope.file.words
    return b'then' in words and not words.isdisjoint(_EFFECT_WORDS) and bool(react_state.setters(scope.file))


def findings(scope: Scope, reported: Collection[int] = ()) -> Iterator[Finding]:
    if not possible(scope):
        return
    source = scope.file.source
    setters = react_state.setters(scope.file)
    seen: set[int] = set()
    for _word, first, last in s.word_spans(source, _THEN, scope.ranges):
        if not s.after_dot(source, first) or not floating_then(scope, first, last):
            continue
        call = s.parent_of(s.parent_of(s.descendant(scope.root, first, last)))
        top = s.chain_top(call)
        if top.start_byte in reported or top.start_byte in seen:
            continue
        fn = s.enclosing_function(top)
        if fn is None or not (react_state.effect_callback(fn) or react_state.memoized_callback(fn)) or not _method_head(top):
            continue
        set_call = _state_set(top, setters)
        if set_call is None:
            continue
        seen.add(top.start_byte)
        yield scope.finding(
            top, ID,
            f'`{short(top)}` has no `.catch()`: when the promise rejects `{s.normalized(set_call, 30)}` never runs, '
            'the component stays as it was with nothing shown, and the rejection goes unhandled',
            QUESTION, evidence=(set_call,), confidence=LOW)


def _method_head(top: Node) -> bool:
    """The chain starts at a method of an object (``configService.isNewReleaseAvailable()``,
    ``api.tools.getAddresses(q)``): a request through a service, a client or a model, not a helper
    of the page's own, which more often settles whatever happens."""
    head = s.chain_calls(top)[-1]
    fn = s.callee(head)
    return fn is not None and s.unwrap(fn).type == 'member_expression'


def _state_set(top: Node, setters: frozenset[str]) -> Node | None:
    """The setter a ``.then`` of the chain hands the result to: ``.then(setItems)`` or a call of it
    in the callback (``.then((r) => { if (r.ok) setVisible(true) })``)."""
    for call in s.chain_calls(top):
        if s.callee_name(call) != 'then' or not s.arguments(call):
            continue
        handler = s.unwrap(s.arguments(call)[0])
        if handler.type == 'identifier' and s.text(handler) in setters:
            return handler
        if handler.type not in s.FUNCTION_TYPES:
            continue
        stack = [handler]
        while stack:
            node = stack.pop()
            if node.type == 'call_expression':
                fn = s.callee(node)
                if fn is not None and fn.type == 'identifier' and s.text(fn) in setters:
                    return node
            stack.extend(reversed(node.named_children))
    return None
