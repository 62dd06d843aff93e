"""The gate: the candidates the rules report, read from the scope's bytes before any tree is
walked (most scopes have none)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config import options
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.ecosystem import schemes
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

Names = Mapping[str, frozenset[str]]


def opens(scope: Scope, names: Names) -> bool:
    """Whether the text holds a candidate ``run`` could report: a URL or a local host (asked in UI
    files too), or elsewhere a listed option key with a constant, a duration, count or port call,
    or a timeout assignment.  Keys precede their colon, so they are looked for in reversed text
    (with URLs, whose scheme precedes its colon too).
    (Searches rather than `finditer`: most texts have no match, and an iterator costs more.)"""
    if values.excluded_path(scope.path):
        return False
    text = scope.text if scope.node is None else _gate_text(scope)
    lower = text.lower()  # `options.TIMEOUT_KEY` and the assignments' pattern ignore case
    ui: bool | None = None  # in UI files only addresses are asked: computed on the first other candidate
    if b':' in text:
        keys = _gate_keys(names['timeout_keys'], names['retry_keys'], names['pool_keys'], names['ttl_keys'],
                          names['host_keys'])
        reverse = lower[::-1]
        size = len(text)
        context: dict[bytes, bool] = {}
        m = keys.search(reverse)
        while m is not None:
            value = size - m.start()  # just after the colon
            if m.start('url') >= 0:
                if _gate_url(text, value + 2):
                    return True
                m = keys.search(reverse, m.end())
                continue
            start, end = m.span('key')
            kinds = ('timeout',) if start < 0 else _gate_kinds(
                text[size - end:size - start].decode('utf-8', 'replace'), names)
            for kind in kinds:
                if kind == 'host':
                    if _gate_host(text, value):
                        return True
                elif ui is None and _gate_value(kind, text, value, context):
                    ui = s.is_ui_file(scope.file)
                    if not ui:
                        return True
            m = keys.search(reverse, m.end())
    if ui:
        return False
    found = _gate_timeout(text, lower)
    m = None if found or scope.file.words.isdisjoint(_GATE_CALL_WORDS) else _GATE_CALLS.search(text)
    while m is not None and not found:
        found = m['abort'] is None or scope.file.fact(_mentions_set_timeout)  # `setTimeout(() => c.abort(), ms)`
        m = _GATE_CALLS.search(text, m.end())
    return found and not s.is_ui_file(scope.file)


# Whitespace and comments between two tokens; and read backwards, where `// c\n` shows as `\n c //`.
_WS = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*'
_WS_BACK = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|\n[^\n]*?//)*'
# Where `values.number` can find a constant: 5000, .5, (5000), <number>5000, await 5000.
_NUMERIC = rb'(?:\d|\.\d|<|await(?![\w$])|\(' + _WS + rb'(?:\d|\.\d|[(<]|await(?![\w$])))'
_GATE_NUMBER = lazyre.compile(_WS + _NUMERIC)
# Above 1, as durations, counts and sizes must be: not a pair's lone `0`, `1` or `0.5`.
_GATE_ABOVE_1 = lazyre.compile(_WS + rb'(?!(?:0(?:\.\d*)?|1(?:\.0*)?)(?![\w$.])' + _WS + rb'[,}])' + _NUMERIC)
_GATE_STRING = lazyre.compile(_WS + rb'[\'"`]')
_GATE_SUBSTITUTION = lazyre.compile(rb'\$\{[^{}`\'"\\/]*\}')
# Member calls `calls.calls` asks about (where it must be, the first argument a constant), but for
# `.timeout(ms)`/`.setTimeout(ms)`, which `_GATE_TIMEOUT` finds with the assignments.
_GATE_CALLS = lazyre.compile(
    rb'\.(?=[\s/rspela])' + _WS + rb'(?:retry' + _WS + rb'(?:\?\.' + _WS + rb')?(?:<|\(' + _WS + _NUMERIC
    + rb')|(?:setex|psetex|expire|pexpire|listen|(?P<abort>abort))' + _WS + rb'[(<?])')


# The names `_GATE_CALLS` takes, each a whole word: a file without one is not searched.
_GATE_CALL_WORDS = frozenset((b'retry', b'setex', b'psetex', b'expire', b'pexpire', b'listen', b'abort'))
# In lowercased text: an assignment to a property naming a timeout, `.timeout(ms)`, `.setTimeout(ms)`.
_GATE_TIMEOUT = lazyre.compile(
    rb'timeout[\w$\x80-\xff]*' + _WS + rb'(?:=(?![=>])' + _WS + _NUMERIC + rb'|(?:\?\.' + _WS + rb')?(?:<|\('
    + _WS + _NUMERIC + rb'))')
# `const NAME = ` (or `: Type =`) just before a literal: a constant `addresses.own_service` may ask.
_GATE_CONST = lazyre.compile(rb'\bconst\s+([\w$]+)\s*(?::[^=;]{0,60})?=\s*$')
_GATE_CONTEXT = {b'pool': lazyre.compile(rb'(?i)pool'), b'session': lazyre.compile(rb'(?i)session')}


@functools.lru_cache(maxsize=8)
def _gate_keys(*lists: frozenset[str]) -> re.Pattern[bytes]:
    """In reversed lowercased text: a colon, then (backwards) a listed key, any key `options.TIMEOUT_KEY`
    takes, or (`://` reversed) a scheme of the query's opening a literal: where a URL opens."""
    words = {n.encode().lower()[::-1] for names in lists for n in names if n} | {b'xam', b'nim', b'trop'}
    reversed_schemes = {scheme.encode()[::-1] for scheme in schemes.SERVICES | schemes.WEB}
    suffixes = b'|'.join(_caseless_reversed(w) for w in ('ms', 'millis', 'seconds'))
    return re.compile(
        b':(?:(?<=//:)(?P<url>' + _alternation(reversed_schemes) + rb')[\'"`]|' + _WS_BACK + rb'[\'"]*(?:(?:' + suffixes
        + rb')?' + _caseless_reversed('timeout') + rb'|(?P<key>' + _alternation(words) + rb')(?![\w$])))')


def _caseless_reversed(word: str) -> bytes:
    """``word`` backwards, in any case (as `(?i)` matches it in Python: `ı` and `İ` are `i`, `ſ` is `s`)."""
    other = {'i': rb'|[\xb0\xb1]\xc4', 's': rb'|\xbf\xc5'}  # UTF-8, backwards
    return b''.join(b'(?:[' + c.encode() + c.upper().encode() + b']' + other.get(c, b'') + b')'
                    for c in reversed(word.lower()))


def _alternation(words: Iterable[bytes]) -> bytes:
    """A regex for any of ``words``, as a trie: one branch per next byte, quick to reject."""
    trie: dict[int, dict] = {}
    for word in words:
        node = trie
        for byte in word:
            node = node.setdefault(byte, {})
        node[-1] = {}

    def emit(node: dict[int, dict]) -> bytes:
        branches = [re.escape(bytes((b,))) + emit(child) for b, child in sorted(node.items()) if b != -1]
        if not branches:
            return b''
        body = branches[0] if len(branches) == 1 else b'(?:' + b'|'.join(branches) + b')'
        return b'(?:' + body + b')?' if -1 in node else body

    return emit(trie)


def _gate_text(scope: Scope) -> bytes:
    """The scope's bytes; for a function, with the rest of an expression it opens (a capture that
    starts where the function does belongs to it: ``function () {}.timeout(5000)``)."""
    fn = scope.node
    if fn is None:
        return scope.text
    top = fn
    while s.parent_of(top) is not None and s.parent_of(top).start_byte == fn.start_byte and s.parent_of(top).type != 'program':
        top = s.parent_of(top)
    return scope.text if top.end_byte <= fn.end_byte else scope.file.source[fn.start_byte:top.end_byte]


def _gate_kinds(key: str, names: Names) -> tuple[str, ...]:
    """What `options.key_kind` can make of ``key``, whatever object it is in."""
    if key in names['timeout_keys'] or options.TIMEOUT_KEY.search(key):
        return ('timeout',)
    if key in names['retry_keys']:
        return ('retry',)
    if key in names['pool_keys']:
        return ('pool',)
    bound = ('pool bound',) if key in ('max', 'min') else ()  # a pool's, or on to the lists below
    if key in names['ttl_keys']:
        return (*bound, 'cookie' if key == 'maxAge' else 'ttl')
    if key in names['host_keys']:
        return (*bound, 'host')
    return (*bound, 'port') if key == 'port' else bound


def _gate_value(kind: str, text: bytes, pos: int, context: dict[bytes, bool]) -> bool:
    """Whether the value after a key's colon at ``pos`` can be one `options.pairs` reports for ``kind``."""
    need = {'pool bound': b'pool', 'cookie': b'session'}.get(kind)  # `options.pool_object`, `options.cookie_object`
    if need is not None:
        if need not in context:
            context[need] = bool(_GATE_CONTEXT[need].search(text))
        if not context[need]:
            return False
    if kind == 'port':
        return b'listen' in text and bool(_GATE_NUMBER.match(text, pos))  # `options.in_listen`, any number
    if kind in ('ttl', 'cookie') and _GATE_STRING.match(text, pos):
        return True
    return bool(_GATE_ABOVE_1.match(text, pos))


def _gate_timeout(text: bytes, lower: bytes) -> bool:
    """`calls.assignments` (a property that names a timeout in any case), or a `.timeout(ms)` call."""
    if b'\xc4' in text:
        lower = lower.replace(b'\xc4\xb0', b'i').replace(b'\xc4\xb1', b'i')  # `(?i)` takes `İ` and `ı` for `i`
    return b'timeout' in lower and bool(_GATE_TIMEOUT.search(lower))


def _gate_host(text: bytes, pos: int) -> bool:
    """Whether the value after a host key's colon at ``pos`` can be a local host (`options.pairs`)."""
    m = _GATE_STRING.match(text, pos)
    if m is None:
        return False
    value = _gate_literal(text, m.end() - 1)
    if value is None:
        return True
    # A template with a substitution has no `s.string_value`.
    return not (text[m.end() - 1] == 0x60 and '${}' in value) and addresses.local_host_value(value)


def _gate_url(text: bytes, pos: int) -> bool:
    """The URL literal whose `://` ends at ``pos``: could `addresses.urls` report it?"""
    quote = max(text.rfind(q, max(pos - 16, 0), pos) for q in (b'"', b"'", b'`'))
    value = _gate_literal(text, quote)
    if value is None or addresses.environment_url(value):
        return True
    declared = _GATE_CONST.search(text, max(quote - 160, 0), quote)  # `addresses.own_service`
    return declared is not None and bool(addresses.OWN_SERVICE_NAME.search(declared.group(1).decode('utf-8', 'replace')))


def _gate_literal(text: bytes, start: int) -> str | None:
    """`s.string_like_text` of the literal opening at ``start``; None where bytes alone cannot tell
    (escapes, JSX entities, substitutions with braces, quotes or slashes)."""
    quote = text[start:start + 1]
    end = text.find(quote, start + 1)
    if end < 0:
        return None
    raw = text[start + 1:end]
    if b'\\' in raw or b'&' in raw:
        return None
    if quote == b'`' and b'${' in raw:
        raw = _GATE_SUBSTITUTION.sub(b'${}', raw)
        if b'${' in raw.replace(b'${}', b''):
            return None
    return raw.decode('utf-8', 'replace')


def _mentions_set_timeout(file: s.File) -> bool:
    return b'setTimeout' in file.source
