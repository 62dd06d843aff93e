"""No timeout, in server code: a call with no ``signal``/``timeout`` (on the call, its instance or the
client's defaults) holds the request and its socket for minutes when the other side stalls; and
``fetch(url, { timeout })``, an option the WHATWG fetch ignores."""
from __future__ import annotations

import re

from vcx_hook.checks.error_handling.clients import client as client_of
from vcx_hook.checks.error_handling.facts import Facts
from vcx_hook.checks.error_handling.facts import Gap
from vcx_hook.checks.error_handling.facts import Names
from vcx_hook.checks.error_handling.fetch_status import after
from vcx_hook.checks.error_handling.fetch_status import bound_name
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem.http import Client
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def missing_timeout(scope: Scope, call: Node, client: Client, facts: Facts) -> Gap | None:
    """What the message says about the call's timeout, or None when it has one or needs none."""
    if not has_timeout(call, client, facts) and _server_call(scope, call):
        return Gap('no timeout')
    if _ignored_timeout(call, client, scope) and _server_call(scope, call):
        return Gap('no working timeout (fetch ignores `timeout`; pass `signal: AbortSignal.timeout(ms)`)')
    return None


def file_sets_timeouts(scope: Scope, client: Client, names: Names, facts: Facts) -> bool:
    """The file gives another call of ``client`` a timeout of its own (``signal``, ``timeout``),
    written where it can be read: a call without one leaves out the file's convention.  Options
    out of sight (``fetch(url, fetchOptions)`` with a parameter, a spread) give the call itself the
    benefit of the doubt but are no convention (bench/judged ``handled:status-checked-timeout-only``:
    hackathon-starter's api.js, whose only such call is a helper passing its parameter on)."""
    if scope.file.words.isdisjoint(_TIMEOUT_WORDS):
        return False
    return client.name in scope.file.memo('error-handling.timed-clients', lambda f: _timed_clients(f, names, facts))


_TIMEOUT_WORDS = frozenset((b'signal', b'timeout', b'setTimeout'))


def _timed_clients(file: File, names: Names, facts: Facts) -> frozenset[str]:
    calls = file.captures(file.queries.get('error-handling', ''), ((0, len(file.source)),)).get('error-handling.call', [])
    timed = set()
    for call in calls:
        found = client_of(call, names, facts)
        if found is not None and found.name not in http.DEFAULT_TIMEOUT and has_timeout(call, found, facts, seen=True):
            timed.add(found.name)
    return frozenset(timed)


def has_timeout(call: Node, client: Client, facts: Facts, seen: bool = False) -> bool:
    """The call has a timeout (on itself, its instance or the client's defaults); ``seen``: only one
    written in sight counts, not options built out of sight."""
    if client.name in http.DEFAULT_TIMEOUT:
        return True
    if client.instance and (facts.instances[client.instance][1] or client.instance in facts.default_timeout):
        return True
    if client.name in facts.default_timeout:
        return True
    if any(s.callee_name(c) == 'setTimeout' for c in s.chain_calls(s.chain_top(call))):
        return True  # http.get(...).setTimeout(5000); superagent(...).timeout(5000) below
    keys = ('signal', 'timeout') if client.kind != http.CALLBACKS else ('timeout', 'signal')
    options = _options(call, client)
    if any(http.sets_option(o, keys, unknown=not seen, spread=not seen) for o in options) and not (
            seen and all(_handed_in_signal(o) for o in options if http.sets_option(o, keys))):
        return True
    if client.kind == http.CALLBACKS:
        var = bound_name(call)
        return var is not None and re.search(rf'\b{var}\s*\.\s*setTimeout\s*\('.encode(), after(call)) is not None
    if _timed_later(call):
        return True
    return client.name in http.LAZY_REQUESTS and _sent_by_callers(call)


def _handed_in_signal(options: Node) -> bool:
    """Options whose only bound is a ``signal`` some caller handed in: the incoming request's
    (``signal: c.req.raw.signal``, ``req.signal``) or a parameter's (``signal: opts.signal``). It
    cancels the call with that request, no deadline of the file's own, so it is no convention the
    file keeps (supermemory's MCP worker, round 26, judged not worth asking:
    ``handled:status-checked-timeout-only``)."""
    node = s.unwrap(options)
    if node.type == 'identifier':
        value = s.initializer(node)
        node = s.unwrap(value) if value is not None else node
    keys = s.object_keys(node)
    signal = keys.get('signal')
    if 'timeout' in keys or signal is None:
        return False
    signal = s.unwrap(signal)
    if signal.type != 'member_expression' or s.text(signal.child_by_field_name('property')) != 'signal':
        return False
    root = s.field_root(signal)
    declared = s.declaration(root) if root.type == 'identifier' else None
    return declared is not None and declared.type != 'variable_declarator'


def _timed_later(call: Node) -> bool:
    """A timeout chained on the call (``x().type('json').timeout(ms)``) or on the variable it is
    kept in (``const s = put ? superagent.put(u) : superagent.post(u)``, then ``s.type(...).timeout(ms)``)."""
    if any(s.callee_name(c) == 'timeout' for c in s.chain_calls(s.chain_top(call))):
        return True
    var = _kept_in(call)
    return var is not None and re.search(rb'(?<![\w$.])' + re.escape(var.encode()) + _CHAIN_TO_TIMEOUT, after(call)) is not None


def _sent_by_callers(call: Node) -> bool:
    """A request built and returned unsent (``createRequest(method, path) { return superagent.post(u) }``)
    is sent where it is awaited: the timeout question belongs there, and it is answered when every
    call of the function in the file chains ``.timeout()`` on what it returns, one hop
    (hmpps-temporary-accommodation-ui's restClient, round 19, judged not worth asking:
    ``handled:timeout-set-by-caller-chain``)."""
    fn = s.enclosing_function(call)
    top = s.chain_top(call)
    parent = s.parent_of(top)
    if fn is None or parent is None or not (parent.type == 'return_statement' or parent == fn):
        return False  # an `await`, a `.then()` or `.end()` on it sends it here
    name = (s.function_name(fn) or '').rsplit('.', 1)[-1]
    if not name.isidentifier():
        return False
    root = s.chain_top(fn)
    while s.parent_of(root) is not None:
        root = s.parent_of(root)
    callers = [c for c in _calls_of(root, name) if not (fn.start_byte <= c.start_byte < fn.end_byte)]
    return bool(callers) and all(_timed_later(c) for c in callers)


def _calls_of(root: Node, name: str) -> list[Node]:
    """The calls of ``name`` (``name(...)``, ``this.name(...)``) in the file under ``root``."""
    out = []
    for match in re.finditer(rb'(?<![\w$])' + re.escape(name.encode()) + rb'\s*\(', root.text):
        node = s.descendant(root, root.start_byte + match.start(), root.start_byte + match.start() + len(name))
        callee = s.parent_of(node) if node is not None and node.type == 'property_identifier' else node
        call = s.parent_of(callee) if callee is not None else None
        if call is not None and call.type == 'call_expression' and call.child_by_field_name('function') == callee:
            out.append(call)
    return out


# Method calls chained on a name (one level of parentheses inside each) up to a `.timeout(`.
_CHAIN_TO_TIMEOUT = rb'(?:\s*\.\s*[\w$]+\s*\((?:[^()]|\([^()]*\))*\))*\s*\.\s*timeout\s*\('


def _kept_in(call: Node) -> str | None:
    """The variable a request is kept in before its options are chained on, through a ternary
    choosing the method (``const s = isPut ? superagent.put(u) : superagent.post(u)``)."""
    node = s.outer_expression(call)
    parent = s.parent_of(node)
    while parent is not None and parent.type in ('ternary_expression', 'parenthesized_expression') \
            and parent.child_by_field_name('condition') != node:
        node, parent = parent, s.parent_of(parent)
    if parent is None or parent.type != 'variable_declarator' or parent.child_by_field_name('value') != node:
        return None
    name = parent.child_by_field_name('name')
    return s.text(name) if name is not None and name.type == 'identifier' else None


def _server_call(scope: Scope, call: Node) -> bool:
    """Server code, where a hung call holds a request: browsers show their own spinner and cancel."""
    if not runtime.is_server(scope.file):
        return False
    args = s.arguments(call)
    url = s.string_like_text(args[0]) if args else None
    return url is None or not url.startswith('/')  # fetch('/api/x') runs in a browser


def _options(call: Node, client: Client) -> list[Node]:
    args = s.arguments(call)
    if not args:
        return []
    if client.kind == http.CALLBACKS:  # http.get(url, [options], callback) or http.get(options, callback)
        first, second = args[0], args[1:2]
        return [first] * _options_object(first) + [a for a in second if a.type in ('object', 'identifier')]
    if args[0].type == 'object':
        return args
    index = http.options_index(client, s.callee_name(call))
    return args[index:index + 1]


def _options_object(node: Node) -> bool:
    """An options object, written there or held in a name (``const requestOptions = { host, timeout }``
    then ``http.request(requestOptions, cb)``); not a URL, nor a name whose value is not in sight."""
    node = s.unwrap(node)
    if node.type == 'identifier':
        value = s.initializer(node)
        node = s.unwrap(value) if value is not None else node
    return node.type == 'object'


def _ignored_timeout(call: Node, client: Client, scope: Scope) -> bool:
    """``fetch(url, { timeout })``: the WHATWG fetch has no such option (node-fetch v2 had one)."""
    if client.kind != http.FETCH or client.name != http.WHATWG_FETCH or http.timeout_option_honoured(scope.file):
        return False
    options = _options(call, client)
    return any(http.sets_option(o, ('timeout',)) for o in options) and not any(
        http.sets_option(o, ('signal',)) for o in options)

