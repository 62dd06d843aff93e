"""A native app's loopback redirect: `localhost` under a redirect key of an OAuth client's
registration or token request (``{ id, secret, scopes, redirectUrl: 'http://localhost:29355' }``,
``body['redirect_uri'] = 'http://localhost:1917'`` beside ``body['client_id']``). RFC 8252 has a
desktop or CLI app listen on the user's own machine for the authorization reply, on a port the app
fixes: the same on every deployment of the server, not an address an environment changes
(speckle's desktop connectors, round 25; joplin's OneDrive client: judged not worth asking,
``config:fixed-local-app-port``, ``shape:oauth-loopback-redirect-uri``)."""
from __future__ import annotations

import re

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.nodes import object_keys
from vcx_hook.lang.syntax import Node

_REDIRECT_KEY = lazyre.compile(r'(?i)^redirect_?ur[il]s?$')
# Keys only an OAuth client's registration or its token request holds beside the redirect.
_CLIENT_KEYS = frozenset((
    'scope', 'scopes', 'secret', 'client_id', 'clientId', 'client_secret', 'clientSecret', 'grant_type',
    'grantType', 'response_type', 'responseType', 'code_verifier', 'codeVerifier',
))
_FIELD = rb'\s*(?:\.\s*|\[\s*[\'"`])([\w$]+)'


def native_app_redirect(lit: Node) -> bool:
    """``lit`` (a `localhost` address) is the redirect of an OAuth client object: a literal's
    ``redirectUrl`` beside its ``scopes``, or ``body['redirect_uri'] = ...`` where the function sets
    ``body['client_id']`` too."""
    node, parent = lit, s.parent_of(lit)
    if parent is not None and parent.type == 'array':
        node, parent = parent, s.parent_of(parent)  # `redirectUris: ['http://localhost:29355']`
    if parent is not None and parent.type == 'pair' and parent.child_by_field_name('value') == node:
        key = s.text(parent.child_by_field_name('key')).strip('\'"`')
        return bool(_REDIRECT_KEY.match(key)) and not _CLIENT_KEYS.isdisjoint(object_keys(s.parent_of(parent)))
    if parent is not None and parent.type == 'assignment_expression' and parent.child_by_field_name('right') == node:
        return _assigned_client_field(parent.child_by_field_name('left'))
    return False


def _assigned_client_field(left: Node | None) -> bool:
    """``body['redirect_uri']`` (or ``body.redirect_uri``), where the function assigns ``body`` a
    client field too (``body['client_id'] = this.clientId()``)."""
    if left is None or left.type not in ('subscript_expression', 'member_expression'):
        return False
    field = left.child_by_field_name('index') or left.child_by_field_name('property')
    target = left.child_by_field_name('object')
    if field is None or target is None or target.type != 'identifier':
        return False
    if not _REDIRECT_KEY.match(s.text(field).strip('\'"`')):
        return False
    holder = s.enclosing_function(left) or left
    fields = re.findall(rb'(?<![\w$.])' + re.escape(s.text(target).encode()) + _FIELD, holder.text or b'')
    return not _CLIENT_KEYS.isdisjoint(f.decode() for f in fields)
