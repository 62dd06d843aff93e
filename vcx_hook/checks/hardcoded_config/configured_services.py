"""A service's address written in where the same file reads it from configuration: the file reads
``process.env.OPENAI_API_BASE_URL`` (a variable named for an address: ``_URL``, ``_HOST``,
``_ENDPOINT``, ``_ORIGIN``, ``_DOMAIN``), and a request elsewhere in it goes to a fixed
``https://api.openai.com/...``, a host one of whose labels is a word of that variable's name. A
deployment that points the service at a proxy, a compatible server or another region still sends
this request to the fixed host (chatgpt-web's balance query, a real bug of holdout8).

Not the variable's own fallback (``process.env.X || 'https://api.openai.com'``, a ternary on it):
that is its default. Only addresses the code requests (``addresses.called``).

Low confidence (not listed unless ``show = "low"``): a new shape, not judged yet."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.ecosystem import schemes
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# An environment variable named for a service's address, read in the file.
_ADDRESS_VARIABLE = lazyre.compile(
    rb'(?:process\.env|import\.meta\.env)(?:\.|\[\s*[\'"])([A-Za-z][A-Za-z0-9_]*_(?:URL|URI|HOST|ENDPOINT|ORIGIN|DOMAIN))\b')
# Words of such a name that say what it is, not which service (`NEXT_PUBLIC_`, `_API_BASE_URL`).
_NOT_SERVICES = frozenset((
    'api', 'base', 'url', 'uri', 'host', 'hostname', 'endpoint', 'origin', 'domain', 'server', 'service', 'next',
    'public', 'vite', 'app', 'custom', 'proxy', 'reverse', 'internal', 'external',
    'default', 'root', 'web', 'site', 'www', 'v1', 'v2', 'backend', 'frontend', 'client', 'remote', 'local',
))


def _services(file: File) -> dict[str, str]:
    """Service word -> the variable naming it (``{'openai': 'OPENAI_API_BASE_URL'}``)."""
    found: dict[str, str] = {}
    for m in _ADDRESS_VARIABLE.finditer(file.source):
        name = m.group(1).decode()
        for word in name.lower().removeprefix('react_app_').split('_'):
            if len(word) > 2 and word not in _NOT_SERVICES:
                found.setdefault(word, name)
    return found


def possible(scope: Scope) -> bool:
    source = scope.file.source
    return (b'env' in scope.file.regex_words and (b'process.env' in source or b'import.meta.env' in source)
            and bool(scope.file.memo('hardcoded-config:services', _services)))


def urls(scope: Scope) -> Iterator[Item]:
    if not possible(scope):
        return
    services = scope.file.memo('hardcoded-config:services', _services)
    for lit in scope.captures('hardcoded-config.url'):
        text = s.string_like_text(lit) or ''
        variable = _configured_by(text, services)
        if variable is None or _fallback(lit) or not addresses.called(scope, lit):
            continue
        yield Item(lit, f'`{addresses.shorten(text, 48)}` (`{variable}` sets it)', addresses.url_group(lit), 'bypassed')


def _configured_by(text: str, services: dict[str, str]) -> str | None:
    """The variable naming one of the web address's host labels (not its top-level domain)."""
    m = addresses.URL.match(text)
    if m is None or m.group('scheme').lower() not in schemes.WEB or '${}' in m.group('host'):
        return None
    labels = m.group('host').lower().split('.')
    words = {w for label in labels[:-1] for w in label.split('-')}
    return next((services[w] for w in sorted(words) if w in services), None)


def _fallback(lit: Node) -> bool:
    """The literal is one side of a choice in its expression, the default of a configured value:
    ``process.env.X || 'https://...'``, ``isSet(base) ? base : 'https://...'``."""
    for a in s.ancestors(lit):
        if a.type == 'ternary_expression' or (
                a.type == 'binary_expression' and s.text(a.child_by_field_name('operator')) in ('||', '??')):
            return True
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'program', 'arguments', 'pair'):
            return False
    return False
