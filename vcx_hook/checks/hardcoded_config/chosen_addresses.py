"""A service's address chosen by environment in code: a function that tests the environment
(``process.env.NODE_ENV``, a platform's variable such as ``process.env.VERCEL_URL``) and, for
production, returns or uses a web address written in (``if (process.env.HEROKU_APP_NAME) return
'https://governance.example.org/api/'``, ``return 'https://app.example.com/api'`` after ``if
(process.env.NODE_ENV === 'development') return 'http://localhost:3000/api'``, ``const url =
`https://app.example.com/?token=${token}``` inside ``if (process.env.NODE_ENV === 'production')``).
The author knew the address differs per deployment, yet every deployment that is not development
(staging, review apps, a self-hosted copy) gets production's, which only a code change moves. Low.

Not the fallback of a variable of the environment (``process.env.API_URL ?
process.env.API_URL : 'https://...'``, ``||``: a default), a host built from the environment
(``https://${process.env.VERCEL_URL}/api``), this machine, stand-ins and the addresses the other
rules of the family already ask (local, staging or one-label hosts); only an address the function
returns (its name says it gives an address: ``getUrl``, ``apiBase``) or keeps under an
address-like name."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config import environments
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.ecosystem import schemes
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope

_ENV = (b'process.env', b'import.meta.env')


def possible(scope: Scope) -> bool:
    text = scope.file.source
    return any(e in text for e in _ENV) and b'://' in scope.text


def urls(scope: Scope) -> Iterator[values.Item]:
    if not possible(scope):
        return
    for lit in scope.captures('hardcoded-config.url'):
        text = s.string_like_text(lit) or ''
        if not _production_host(text) or s.enclosing_function(lit) is None:
            continue
        if not addresses.used_as_address(lit):
            continue
        if environments.chosen_side(lit) != environments.PRODUCTION:
            continue
        yield values.Item(lit, f'`{addresses.shorten(text, 48)}`', addresses.url_group(lit), 'chosen')


def _production_host(text: str) -> bool:
    """A web address on a named host (``https://app.example.com/api``) the family's other rules do
    not ask about already: not local, staging or one-label, not built from a variable, no stand-in."""
    m = addresses.URL.match(text)
    if m is None or m.group('scheme').lower() not in schemes.WEB:
        return False
    host = m.group('host')
    if '.' not in host or '${}' in host or addresses.stand_in(text):
        return False
    return not addresses.environment_url(text) and not addresses.local_url(text)

