"""LDAP filters built by interpolation (``ldapjs``, ``ldapts``): ``(``, ``)``, ``*`` and ``\\`` in
a value change the filter (``(uid=${user})`` with ``user = '*)(uid=*'``); DN escaping
(``user.replace(/([,\\/#+<>;"= ])/g, ...)``) is not filter escaping."""
from __future__ import annotations

import re

from vcx_hook.checks.unvalidated_input.values import literal_text
from vcx_hook.checks.unvalidated_input.values import object_literal
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import services
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_LDAP_IMPORT = lazyre.compile(rb'''['"](?:''' + b'|'.join(re.escape(p.encode()) for p in sorted(services.LDAP_PACKAGES)) + rb''')['"]''')


def is_client(scope: Scope) -> bool:
    return imported(scope.file)


def imported(file: File) -> bool:
    """The file imports an LDAP client."""
    return file.memo('uses-ldap', lambda f: bool(_LDAP_IMPORT.search(f.source)))


def sink(scope: Scope, call: Node, options: Node, label: str) -> Sink | None:
    """``client.search(base, { filter: `(uid=${user})` })``: a filter with a computed part."""
    fl = flow.of(scope.file, call)
    obj = object_literal(fl, options)
    value = s.object_keys(obj).get('filter') if obj is not None else None
    text = literal_text(fl, value) if value is not None else None
    if text is None or '${}' not in text:
        return None
    return Sink(call, [(options, ('<field>', 'filter'))],
                f'{label} filters on `{{src}}` unescaped; `(`, `)` and `*` in it change the LDAP filter',
                caller_message=f'{label} filters on `{{src}}`, a value its caller passes, unescaped; `(`, `)` '
                               'and `*` in it change the LDAP filter')
