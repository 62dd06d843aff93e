"""Calls that return a plain value and never a promise, by what their callee is bound to: the
built-in namespaces and functions (``crypto.randomUUID()``, ``Math.max()``, ``JSON.parse()``,
``parseInt()``), Node's modules of pure functions (``path.join()``, ``os.hostname()``) and
well-known packages that return values (``uuid()``, lodash, date libraries), and ``*Sync`` calls.
A name the file declares or imports from elsewhere is not known here (``const crypto =
makeCrypto()``). Not ``crypto.subtle``, whose methods resolve promises.
"""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import nodes
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

# Global namespaces and Node modules (global `crypto` since Node 19) whose functions return values.
_NAMESPACES = frozenset((
    'Math', 'JSON', 'Date', 'Object', 'Number', 'String', 'Array', 'Buffer', 'Intl', 'Symbol', 'Reflect',
    'URL', 'crypto', 'path', 'url', 'querystring', 'os',
))
# Global functions that return values.
_FUNCTIONS = frozenset((
    'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'encodeURI', 'decodeURI',
    'structuredClone', 'isNaN', 'isFinite', 'String', 'Number', 'Boolean', 'Symbol',
))
# Packages whose exports return values (`import { v4 as uuid } from 'uuid'`).
_PACKAGES = frozenset((*packages.VALUE_LIBRARIES, *packages.DATE_LIBRARIES, 'crypto', 'path', 'url', 'querystring', 'os'))
# Parts of those that resolve promises (`crypto.subtle.digest()`, `fs.promises`).
_PROMISED = frozenset(('subtle', 'webcrypto', 'promises'))
_SYNC = 'Sync'


def plain(call: Node, file: File) -> bool:
    """``call`` returns a value, never a promise (see the module docstring)."""
    if call.type != 'call_expression':
        return False
    fn = nodes.callee(call)
    if fn is None:
        return False
    path = nodes.dotted(fn).split('.')
    if _PROMISED & set(path):
        return False
    if nodes.callee_name(call).endswith(_SYNC):
        return True
    root = bindings.root(fn)
    if root is None or root.type != 'identifier':
        return False
    found = bindings.binding(file, fn)
    if found is None:
        if nodes.declaration(root) is not None:
            return False
        name = nodes.text(root)
        return name in _NAMESPACES if nodes.unwrap(fn).type == 'member_expression' else name in _FUNCTIONS
    return found.how in (bindings.IMPORT, bindings.REQUIRE) and found.library in _PACKAGES
