"""The gate: the candidates the rules report, read from the scope's bytes before any tree is
walked (most scopes have none)."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config import chosen_addresses
from vcx_hook.checks.hardcoded_config import configured_services
from vcx_hook.checks.hardcoded_config import credentials
from vcx_hook.checks.hardcoded_config import env_choices
from vcx_hook.checks.hardcoded_config import expiries
from vcx_hook.checks.hardcoded_config import fallbacks
from vcx_hook.checks.hardcoded_config import half_configured
from vcx_hook.checks.hardcoded_config import options
from vcx_hook.checks.hardcoded_config import proxies
from vcx_hook.checks.hardcoded_config import mail_logins
from vcx_hook.checks.hardcoded_config import senders
from vcx_hook.checks.hardcoded_config import server_lists
from vcx_hook.checks.hardcoded_config import token_budgets
from vcx_hook.checks.hardcoded_config import tunables
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import schemes
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

Names = Mapping[str, frozenset[str]]


def opens(scope: Scope, names: Names, own: frozenset[str] = frozenset()) -> bool:
    """Whether the text holds a candidate ``run`` could report: a URL or a local host (asked in UI
    files too), elsewhere a ``timeout`` key with a constant in a file naming ``child_process``, or a
    module constant chosen by ``NODE_ENV`` (``env_choices``).
    Keys precede their colon, so they are looked for in reversed text (with URLs, whose scheme
    precedes its colon too).
    (Searches rather than `finditer`: most texts have no match, and an iterator costs more.)"""
    text = scope.text
    if values.excluded_path(scope.path):
        return (not values.example_path(scope.path) and half_configured.possible(scope)
                and next(half_configured.pairs(scope), None) is not None)
    if tunables.possible(scope) and next(tunables.constants(scope), None) is not None:
        return True
    if expiries.possible(scope) and next(expiries.calls(scope), None) is not None:
        return True
    if proxies.possible(scope) and next(proxies.calls(scope), None) is not None:
        return True
    if credentials.possible(scope) and next(credentials.literals(scope), None) is not None:
        return True
    if b':' not in text:
        return False
    if env_choices.possible(text) and next(env_choices.constants(scope), None) is not None:
        return True
    if half_configured.possible(scope) and next(half_configured.pairs(scope), None) is not None:
        return True
    if token_budgets.possible(scope) and next(token_budgets.pairs(scope), None) is not None:
        return True
    if configured_services.possible(scope) and next(configured_services.urls(scope), None) is not None:
        return True
    if fallbacks.possible(scope) and next(fallbacks.pairs(scope), None) is not None:
        return True
    if server_lists.possible(scope) and next(server_lists.items(scope), None) is not None:
        return True
    if senders.possible(scope) and next(senders.pairs(scope), None) is not None:
        return True
    if chosen_addresses.possible(scope) and next(chosen_addresses.urls(scope), None) is not None:
        return True
    if mail_logins.possible(scope) and next(mail_logins.pairs(scope), None) is not None:
        return True
    reverse = text.lower()[::-1]  # a superset of the keys `options.pairs` takes, which are case-sensitive
    size = len(text)
    keys = _gate_keys(names['host_keys'])
    m = keys.search(reverse)
    while m is not None:
        value = size - m.start()  # just after the colon
        if m.start('url') >= 0:
            if _gate_url(text, value + 2, own):
                return True
        elif m.start('timeout') >= 0:
            if ((scope.file.fact(_mentions_child_process) or scope.file.fact(_imports_http_client))
                    and _GATE_ABOVE_1.match(text, value) and not s.is_ui_file(scope.file)):
                return True
        elif _gate_host(text, value):
            return True
        m = keys.search(reverse, m.end())
    return False


# Whitespace and comments between two tokens; and read backwards, where `// c\n` shows as `\n c //`.
_WS = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|//[^\n]*(?![^\n]))*'
_WS_BACK = rb'(?:\s|/\*(?:[^*]|\*(?!/))*\*/|\n[^\n]*?//)*'
# Where `values.number` can find a constant: 5000, .5, (5000), <number>5000, await 5000.
_NUMERIC = rb'(?:\d|\.\d|<|await(?![\w$])|\(' + _WS + rb'(?:\d|\.\d|[(<]|await(?![\w$])))'
# Above 1, as durations, counts and sizes must be: not a pair's lone `0`, `1` or `0.5`.
_GATE_ABOVE_1 = lazyre.compile(_WS + rb'(?!(?:0(?:\.\d*)?|1(?:\.0*)?)(?![\w$.])' + _WS + rb'[,}])' + _NUMERIC)
_GATE_STRING = lazyre.compile(_WS + rb'[\'"`]')
_GATE_SUBSTITUTION = lazyre.compile(rb'\$\{[^{}`\'"\\/]*\}')
# `const NAME = ` (or `: Type =`) just before a literal: a constant `addresses.own_service` may ask.
_GATE_CONST = lazyre.compile(rb'\bconst\s+([\w$]+)\s*(?::[^=;]{0,60})?=\s*$')


@functools.lru_cache(maxsize=8)
def _gate_keys(host_keys: frozenset[str]) -> re.Pattern[bytes]:
    """In reversed lowercased text: a colon, then (backwards) a host key, the key ``timeout``, or
    (`://` reversed) a scheme of the query's opening a literal: where a URL opens."""
    words = {n.encode().lower()[::-1] for n in host_keys if n}
    reversed_schemes = {scheme.encode()[::-1] for scheme in schemes.SERVICES | schemes.WEB}
    return re.compile(
        b':(?:(?<=//:)(?P<url>' + _alternation(reversed_schemes) + rb')[\'"`]|' + _WS_BACK + rb'[\'"]*(?:(?P<timeout>tuoemit)'
        + rb'|' + _alternation(words) + rb')(?![\w$]))')


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


def _gate_url(text: bytes, pos: int, own: frozenset[str] = frozenset()) -> bool:
    """The URL literal whose `://` ends at ``pos``: could `addresses.urls` report it?"""
    quote = max(text.rfind(q, max(pos - 16, 0), pos) for q in (b'"', b"'", b'`'))
    value = _gate_literal(text, quote)
    if value is None or addresses.environment_url(value) or addresses.own_domain(value, own):
        return True
    if text[max(quote - 12, 0):quote].rstrip().endswith((b'io(', b'connect(')):
        return True  # `io('https://...')`: maybe socket.io-client's (`addresses.socket_server`)
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


_CHILD_PROCESS = packages.CHILD_PROCESS.encode()


def _mentions_child_process(file: s.File) -> bool:
    return _CHILD_PROCESS in file.source


_HTTP_IMPORT = lazyre.compile(
    rb'''(?:\bfrom|\brequire\()\s*['"](?:''' + b'|'.join(re.escape(name.encode()) for name in sorted(
        n for n, p in packages.BY_NAME.items() if p.kind == packages.HTTP)) + rb''')['"]''')


# The project's own request function imported from its modules (`import HttpRequest from '../lib/http-request'`).
_OWN_REQUEST_IMPORT = lazyre.compile(
    rb'(?:\bimport\s+|\b(?:const|let|var)\s+)' + options.REQUEST_HELPER_NAMES.encode()
    + rb'\s*(?:from\s*|=\s*require\(\s*)[\'"](?:\.|~/|@/)')


def _imports_http_client(file: s.File) -> bool:
    """An HTTP client package imported (``options._http_request`` binds the call to it), or the
    project's own request function."""
    return _HTTP_IMPORT.search(file.source) is not None or _OWN_REQUEST_IMPORT.search(file.source) is not None
