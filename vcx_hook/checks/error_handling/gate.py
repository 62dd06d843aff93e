"""The gate: where a candidate of the family's rules can be, found from the scope's bytes and
confirmed by the syntax tree only at the few places the bytes point to."""
from __future__ import annotations

import functools
import re
from typing import NamedTuple

from vcx_hook.checks.error_handling import callback_promises
from vcx_hook.checks.error_handling import cancel_rejections
from vcx_hook.checks.error_handling import child_stdin
from vcx_hook.checks.error_handling import piped_bodies
from vcx_hook.checks.error_handling import throwing_parses
from vcx_hook.checks.error_handling import effect_chains
from vcx_hook.checks.error_handling import error_sinks
from vcx_hook.checks.error_handling import handler_signatures
from vcx_hook.checks.error_handling import escaping_callbacks
from vcx_hook.checks.error_handling import instance_timeouts
from vcx_hook.checks.error_handling import floating_calls
from vcx_hook.checks.error_handling import limiter_stores
from vcx_hook.checks.error_handling import listeners
from vcx_hook.checks.error_handling import one_branch_promises
from vcx_hook.checks.error_handling import other_clients
from vcx_hook.checks.error_handling import own_wrappers
from vcx_hook.checks.error_handling import promise_objects
from vcx_hook.checks.error_handling import request_wrappers
from vcx_hook.checks.error_handling import returned_in_try
from vcx_hook.checks.error_handling import stopping_polls
from vcx_hook.checks.error_handling import subscription_callbacks
from vcx_hook.checks.error_handling import subprocess_promises
from vcx_hook.checks.error_handling import timers
from vcx_hook.checks.error_handling import unawaited_in_try
from vcx_hook.checks.error_handling import unawaited_sibling
from vcx_hook.checks.error_handling import unrejected_promises
from vcx_hook.checks.error_handling.express_async import unguarded_await_in
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.then_chains import floating_then
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

# Whitespace and comments between tokens.
_GAP = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*\n)*'
_CALL_TAIL = lazyre.compile(_GAP + rb'(?:\?\.' + _GAP + rb')?[(<`]')
_METHOD_TAIL = lazyre.compile(
    _GAP + rb'\??\.' + _GAP + rb'(?:' + b'|'.join(sorted(m.encode() for m in http.METHODS)) + rb')(?![\w$])')
_INSTANCE_CLIENTS = frozenset(c.encode() for c in http.INSTANCE_MAKERS)  # the names `http.INSTANCE` knows
_THEN_WORDS = frozenset((b'then', b'finally'))
# fetch called under another name: a class's field (`this._fetch(`) or an alternative it is chosen from.
_FETCH_ALIAS = lazyre.compile(rb'this\s*\.\s*[\w$]*[fF]etch[\w$]*\s*\(|(?:[?:]|\|\||\?\?)\s*fetch\s*(?:[;\n)]|$)')
_NOTICED = _INSTANCE_CLIENTS | _THEN_WORDS


def opens(scope: Scope, names: Names, facts: Facts) -> bool:
    """A network call of a listed client or of an instance made here, a statement's
    ``.then``/``.finally`` chain with no ``.catch`` in a function outside browser code, in a file
    that imports Express, an ``await`` an async ``(req, res)`` handler does not catch, an async
    EventEmitter listener that awaits, a ``setInterval`` in server code, or another client's call
    with no timeout."""
    seen = _scan(scope, _client_gate(names['fetch_functions'], names['clients']))
    if seen is None:
        return True
    # An instance's client is named in the file: in the scope, when the scope is the file.
    if (seen & _INSTANCE_CLIENTS or not scope.whole) and _instance_call(scope, facts):
        return True
    text = scope.text
    if scope.holds(b'etch') and _FETCH_ALIAS.search(text) is not None:
        return True  # `this._fetch(url)`, `let get = timeout ? fetchWithTimeout : fetch`: clients._fetch_alias
    if scope.holds(b'await') and handlers.names_express(scope.file) and scope.holds(b'async') and (
            unguarded_await_in(scope, names, facts)):
        return True
    # Byte tests first (timers, listeners, own wrappers, other clients, request modules).
    return (timers.possible(scope) or listeners.possible(scope) or subscription_callbacks.possible(scope)
            or any(own_wrappers.findings(scope, names, facts))
            or any(other_clients.findings(scope)) or any(request_wrappers.findings(scope))
            or any(callback_promises.findings(scope)) or any(one_branch_promises.findings(scope))
            or any(stopping_polls.findings(scope)) or any(child_stdin.findings(scope))
            or any(piped_bodies.findings(scope))
            or any(throwing_parses.findings(scope))
            or any(limiter_stores.findings(scope)) or any(floating_calls.findings(scope))
            or any(promise_objects.findings(scope)) or any(escaping_callbacks.findings(scope))
            or any(unawaited_in_try.findings(scope)) or any(instance_timeouts.findings(scope))
            or any(error_sinks.findings(scope)) or any(subprocess_promises.findings(scope))
            or any(cancel_rejections.findings(scope)) or any(unawaited_sibling.findings(scope))
            or any(effect_chains.findings(scope)) or any(returned_in_try.findings(scope))
            or any(unrejected_promises.findings(scope)) or any(handler_signatures.findings(scope)))


class _Gate(NamedTuple):
    keys: tuple[bytes, ...]  # every word below holds one of these
    called: frozenset[bytes]  # names whose calls are candidates: `fetch(url)`
    receivers: frozenset[bytes]  # names whose HTTP method calls are: `axios.get(url)`
    fetching: frozenset[bytes]  # those of fetch's kind, asked in browser code too (status checks)
    noticed: frozenset[bytes]  # other words the scan reports
    every: frozenset[bytes]  # called | receivers | noticed
    dollar: re.Pattern[bytes] | None  # `$` and a noticed word: one scan, where a search per word cost ten times more


@functools.lru_cache(maxsize=16)
def _client_gate(fetch_functions: frozenset[str], clients: frozenset[str]) -> _Gate:
    """The names ``clients.client`` accepts as a callee or as the receiver of an HTTP method;
    noticed: ``then``/``finally`` and the clients ``http.INSTANCE`` makes instances of."""
    called = frozenset(n.encode() for n in fetch_functions | (clients - http.NOT_CALLED))
    receivers = frozenset(n.encode() for n in clients)
    fetching = frozenset(n.encode() for n in fetch_functions | (clients & http.FETCH_MODULES))
    return _gate(called, receivers, fetching, _NOTICED)


@functools.lru_cache(maxsize=64)
def _gate(called: frozenset[bytes], receivers: frozenset[bytes], fetching: frozenset[bytes] = frozenset(),
          noticed: frozenset[bytes] = frozenset()) -> _Gate:
    dollar = re.compile(rb'\$(?:' + b'|'.join(re.escape(n) for n in sorted(noticed)) + rb')') if noticed else None
    return _Gate(_keys(called | receivers | noticed), called, receivers, fetching, noticed, called | receivers | noticed,
                 dollar)


def _keys(words: frozenset[bytes]) -> tuple[bytes, ...]:
    """Few parts, one of which every word holds (``etch`` for ``fetch`` and ``nodeFetch``): each
    is one more pass over the text."""
    keys = []
    left = set(words)
    while left:
        parts = {w[i:j] for w in left for i in range(len(w)) for j in range(i + min(3, len(w)), len(w) + 1)}
        best = max(sorted(parts), key=lambda p: (sum(p in w for w in left), len(p)))
        keys.append(best)
        left = {w for w in left if best not in w}
    return tuple(keys)


def _scan(scope: Scope, gate: _Gate) -> frozenset[bytes] | None:
    """None when the scope holds a candidate a rule may report: a call of a ``called`` name
    (``fetch(``, ``axios<T>(``, ``got?.(``), an HTTP method call on a ``receivers`` name
    (``axios.get(``, ``https .request(``), or a floating ``.then``; each confirmed by the syntax
    tree (not a word in a string or a comment, nor a property like ``x.fetch(``), and but for
    ``fetching`` names outside browser code.  Else the ``noticed`` words the scope holds (and,
    in a whole file, those after a ``$``)."""
    source = scope.file.source
    words = scope.file.words
    present = words & gate.every
    # `$axios.create()`: `http.INSTANCE` starts at a `\b`, and sees the name after the `$`.  Only
    # a whole file's are looked for: `opens` reads the words seen only there.
    # A `$` and the name are in one word: the words' text is searched, a fifth of the source.
    dollar = [n for n in gate.noticed if b'$' + n in source] if (
        scope.whole and gate.dollar is not None and gate.dollar.search(scope.file.word_text)) else []
    if not present and not dollar:
        return frozenset()  # none of the words the scan looks for (and the same words it would see)
    seen = {n for n in dollar if _ends_a_word(source, b'$' + n)}
    browser = None
    for word, first, last in s.word_spans(source, present, scope.ranges):
        if word in gate.noticed:
            seen.add(word)
        elif b'$' in word:  # `$axios.create()`: `http.INSTANCE` starts at a `\b`
            seen.add(word.rsplit(b'$', 1)[-1])
        if word in gate.called or word in gate.receivers:
            if first > 0 and source[first - 1] == 0x2E and source[first - 3:first] != b'...':
                continue  # a property: `x.fetch(` (but `...fetch(u)` spreads a call)
            if not (word in gate.called and _CALL_TAIL.match(source, last) and _callee_at(scope, first, last)
                    or word in gate.receivers and _METHOD_TAIL.match(source, last)
                    and _receiver_at(scope, first, last)):
                continue
            if word in gate.fetching:
                return None
            # Other clients throw on error statuses, and browser code is asked no timeout.
        elif not (word in _THEN_WORDS and s.after_dot(source, first) and floating_then(scope, first, last)):
            continue
        browser = runtime.is_browser(scope.file) if browser is None else browser
        if not browser:
            return None
    return frozenset(seen)


def _ends_a_word(source: bytes, part: bytes) -> bool:
    pos = source.find(part)
    while pos != -1:
        end = pos + len(part)
        if end >= len(source) or source[end] not in s.WORD_BYTES:
            return True
        pos = source.find(part, end)
    return False


def _callee_at(scope: Scope, start: int, end: int) -> bool:
    node = s.descendant(scope.root, start, end)
    parent = s.parent_of(node) if node is not None and node.type == 'identifier' else None
    return parent is not None and parent.type == 'call_expression' and parent.child_by_field_name('function') == node


def _receiver_at(scope: Scope, start: int, end: int) -> bool:
    node = s.descendant(scope.root, start, end)
    parent = s.parent_of(node) if node is not None and node.type == 'identifier' else None
    return (parent is not None and parent.type == 'member_expression' and parent.child_by_field_name('object') == node
            and s.parent_of(parent) is not None and s.parent_of(parent).type == 'call_expression')


def _instance_call(scope: Scope, facts: Facts) -> bool:
    """A method call on an ``axios.create()``-style instance this file makes."""
    if not http.makes_instances(scope.file):
        return False
    instances = facts.instances
    return bool(instances) and _scan(scope, _gate(frozenset(), frozenset(i.encode() for i in instances))) is None
