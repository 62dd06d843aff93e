"""No timeout through the project's own request module, in server code: a call of a name imported
from a local module named for requests (``const request = require('./request')``;
``request.exec({ method: 'get', url: host + '/api/seed', auth })``) given one options object with a
``url`` and a ``method`` and no ``timeout``, ``signal`` or ``abort``; or, called the way ``fetch`` is, a name
imported from the project's own module and named for fetching (``httpFetch``, ``safeFetch`` of
``../utils/httpConfig.js``) given an absolute URL written in the call
(``httpFetch('https://api.github.com/...', { headers })``) and no ``timeout`` or ``signal``, its
response read as fetch's (``.ok``, ``.status``, ``.json()``). A server that never answers (or a
firewall that drops the packets) leaves the call, and whatever waits for it, hanging."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.error_handling import request_callbacks
from vcx_hook.checks.error_handling.facts import ID
from vcx_hook.checks.error_handling.facts import QUESTION
from vcx_hook.checks.error_handling.facts import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.finding import LOW
from vcx_hook.finding import Finding
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# The lookbehind after the name keeps the engine's scan for its first bytes (`ur`).
_URL_KEY = lazyre.compile(rb'ur[li](?<![\w$.]ur[li])\s*:')
# Words of a local module's binding that say it makes requests.
_REQUEST_WORDS = frozenset(('request', 'requests', 'fetch', 'fetcher', 'rest'))
_URL_KEYS = frozenset(('url', 'uri'))


def possible(scope: Scope) -> bool:
    return scope.holds(b'method') and _URL_KEY.search(scope.text) is not None and runtime.is_server(scope.file)


def findings(scope: Scope) -> Iterator[Finding]:
    yield from request_callbacks.findings(scope)
    yield from _fetch_wrappers(scope)
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _URL_KEY.finditer(source, start, end):
            key = s.descendant(scope.file.tree.root, m.start(), m.start() + len(m.group().split(b':')[0].strip()))
            pair = s.parent_of(key) if key is not None else None
            options = s.parent_of(pair) if pair is not None and pair.type == 'pair' else None
            call = _wrapper_call(scope, options)
            if call is not None and options is not None:
                yield scope.finding(
                    call, ID, f'`{short(call)}` has no timeout (the project\'s request module given a URL and '
                    'no `timeout` or `signal`)', QUESTION, evidence=(options,), confidence=LOW)


def _wrapper_call(scope: Scope, options: Node | None) -> Node | None:
    if options is None or options.type != 'object':
        return None
    args = s.parent_of(options)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    if call is None or call.type != 'call_expression' or s.arguments(call)[:1] != [options]:
        return None
    keys = http.option_keys(options)
    if keys is None or 'method' not in keys or _URL_KEYS.isdisjoint(keys) \
            or not keys.isdisjoint(http.WRAPPER_TIME_BOUNDS):
        return None
    url = next((v for k, v in s.object_keys(options).items() if k in _URL_KEYS), None)
    text = s.string_like_text(url) if url is not None else None
    if text is not None and text.startswith('/'):
        return None  # the app's own API, relative
    fn = s.callee(call)
    found = bindings.binding(scope.file, fn) if fn is not None else None
    if found is None or not found.library.startswith('.'):
        return None  # a library's client is the network calls' rule; a value or a global: unknown
    return call if not _REQUEST_WORDS.isdisjoint(s.name_words(found.name)) else None


# `httpFetch('https://...`: a call given an absolute URL literal.
_ABSOLUTE_URL_ARG = lazyre.compile(rb"""\(\s*['"`]https?://""")
# `httpFetch(` / `safeFetch(`: a call of a name holding the word.
_FETCH_NAMED_CALL = lazyre.compile(rb'(?<![\w$.])([\w$]*[fF]etch[\w$]*)\s*\(')
_RESPONSE_READS = frozenset(('ok', 'status', 'json', 'text'))


def _fetch_wrappers(scope: Scope) -> Iterator[Finding]:
    """The project's own fetch, named for it and imported, given an absolute URL and no time bound."""
    if b'etch' not in scope.text or _ABSOLUTE_URL_ARG.search(scope.text) is None or not runtime.is_server(scope.file):
        return
    words = frozenset(m.group(1) for m in _FETCH_NAMED_CALL.finditer(scope.text))
    for name in scope.named(words):
        call = s.called_by(name)
        if call is None or name.type != 'identifier' or 'fetch' not in s.name_words(s.text(name)):
            continue
        found = bindings.binding(scope.file, name)
        if found is None or not found.library.startswith('.'):
            continue
        args = s.arguments(call)
        url = s.string_like_text(args[0]) if args else None
        if url is None or not url.startswith(('http://', 'https://')):
            continue
        if len(args) > 1:
            keys = http.option_keys(args[1])
            if keys is None or not keys.isdisjoint(http.TIME_BOUNDS):
                continue
        if not _read_as_response(call):
            continue
        yield scope.finding(
            call, ID, f'`{short(call)}` has no timeout (`{s.text(name)}`, the project\'s own fetch, given '
            'no `signal` or `timeout`)', QUESTION, confidence=LOW)


def _read_as_response(call: Node) -> bool:
    """The call's result, or the local it is kept in, read as a fetch ``Response``."""
    kept = s.declared_into(call)
    fn = s.enclosing_function(call)
    if kept is None or fn is None:
        return False
    name = re.escape(s.text(kept).encode())
    pattern = rb'(?<![\w$.])' + name + rb'\s*\.\s*(?:' + b'|'.join(w.encode() for w in _RESPONSE_READS) + rb')\b'
    return re.search(pattern, fn.text[kept.end_byte - fn.start_byte:]) is not None
