"""A credential written into server code: a random-looking literal kept under a name for a key,
secret or token (``engine: { apiKey: 'service:mosaic:hGCw...' }``, a request header
``'X-Tipimail-ApiKey': '8ff59cc5...'``, ``const DEFAULT_TINYFISH_KEY = 'sk-tinyfish-rZOu...'``
beside ``process.env.TINYFISH_API_KEY ||``). Everyone with the repository holds it, every
environment shares it, and rotating it takes a release (mosaic's Apollo key, holdout21; helios'
mail API keys, holdout20; career-pilot's scraping key, holdout24: real bugs of three repositories).

Only where the literal looks random: a run of 16 or more letters and digits, with both, spread
over many characters (not ``'user-preferences-v2'``, a cache key), not an address. A bare ``key``
(a map's or a template's as often) only where the constant stands in for ``process.env.X ||``. Not under a name for a public
key (``publicKey``, ``publishableKey``, ``siteKey``), nor in browser code, whose keys ship to
every visitor anyway (a Firebase web config). Low: not judged on held-out code."""
from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_NAME_WORDS = frozenset(('apikey', 'secret', 'token', 'password', 'passwd'))
# `key` alone names a map's or a template's key as often: only beside one of these (`apiKey`).
_KEY_WORDS = frozenset(('api', 'access', 'private', 'secret', 'auth', 'client', 'license', 'service', 'signing'))
_PUBLIC_WORDS = frozenset(('public', 'publishable', 'pub', 'site', 'sitekey', 'cache', 'storage', 'i18n',
                           'translation', 'query', 'route', 'event', 'header', 'field', 'name', 'id'))
# A name for a key, a secret or a token, then `:` or `=` and a quoted literal (the gate on bytes).
_CANDIDATE = lazyre.compile(
    rb'''(?i:key|secret|token|passw(?:or)?d)[\w$-]*['"]?\s*[:=]\s*['"`]([\w\-:.+/=]{16,200})['"`]''')
_RUN = lazyre.compile(r'[A-Za-z0-9_]{16,}')


def possible(scope: Scope) -> bool:
    return not s.is_ui_file(scope.file) and any(
        _CANDIDATE.search(scope.file.source, a, b) is not None for a, b in scope.ranges)


def literals(scope: Scope) -> Iterator[tuple[Node, str, str]]:
    """(where to ask, the name the literal is kept under, its value) for each credential written in the scope."""
    if not possible(scope):
        return
    file = scope.file
    for a, b in scope.ranges:
        for m in _CANDIDATE.finditer(file.source, a, b):
            node = s.descendant(file.tree.root, m.start(1), m.end(1))
            while node is not None and node.type not in ('string', 'template_string'):
                node = s.parent_of(node)
            name = _kept_under(node) if node is not None else ''
            value = m.group(1).decode('ascii', 'replace')
            if node is None or not name or '://' in value or not _random(value):
                continue
            fallback = _fallback_use(scope, node, name)
            if fallback is not None or _credential_name(name):
                yield fallback or node, name, s.string_value(node) or s.text(node)


def _fallback_use(scope: Scope, literal: Node, name: str) -> Node | None:
    """Where a constant holding the credential stands in for the environment's value
    (``process.env.TINYFISH_API_KEY || DEFAULT_TINYFISH_KEY``): the question belongs there."""
    if s.parent_of(literal).type != 'variable_declarator':
        return None
    for ref in scope.file.named(frozenset((name.encode(),)), ((0, len(scope.file.source)),)):
        up = s.parent_of(ref)
        if up is not None and up.type == 'binary_expression' and up.child_by_field_name('right') == ref:
            left = up.child_by_field_name('left')
            if left is not None and b'process.env' in (left.text or b''):
                return ref
    return None


def _kept_under(literal: Node) -> str:
    """The pair's key or the constant's name the literal is the value of, when it names a credential."""
    parent = s.parent_of(literal)
    if parent is None:
        return ''
    if parent.type == 'pair' and parent.child_by_field_name('value') == literal:
        key = parent.child_by_field_name('key')
        name = s.string_value(key) or s.text(key) if key is not None else ''
    elif parent.type == 'variable_declarator' and parent.child_by_field_name('value') == literal:
        key = parent.child_by_field_name('name')
        name = s.text(key) if key is not None else ''
    else:
        return ''
    words = set(s.name_words(name.replace('-', '_')))
    return name if (words & _NAME_WORDS or 'key' in words) and not words & _PUBLIC_WORDS else ''


def _credential_name(name: str) -> bool:
    words = set(s.name_words(name.replace('-', '_')))
    return bool(words & _NAME_WORDS or ('key' in words and words & _KEY_WORDS))


def _random(value: str) -> bool:
    """A run of 16+ letters, digits and underscores holding both, with the spread of a generated value."""
    for run in _RUN.findall(value):
        digits = sum(c.isdigit() for c in run)
        if digits >= 3 and len(run) - digits >= 3 and _entropy(run) >= 3.3:
            return True
    return False


def _entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def message(name: str, value: str) -> str:
    return (f'`{name}` holds a credential written into the code (`{value[:6]}…`): everyone with the repository '
            'has it, every environment shares it, and rotating it takes a release')
