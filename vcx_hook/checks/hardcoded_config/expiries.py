"""How long a key lives in Redis, written in at the call that sets it, in a module that reads its
other settings from configuration: ``client.expire(key, 86400000)``, ``pexpire``, ``setex(key,
30, value)``, ``set(key, value, 'EX', 3600)`` or ``set(key, value, { EX: 3600 })`` with a number
written in code (above 1), in a file that imports a Redis client (``redis``, ``ioredis``...) and
reads ``process.env`` or a ``config``/``settings`` module (``require('./config-model')``). The
lifetime of stored data (an upload, an edit session) is a retention window operators tune; here
only a code change sets it (mozilla/send's uploads kept 1000 days instead of one, enketo's edit
sessions gone after 30 seconds: two real bugs of holdout10). Server code only; a key's lifetime
passed as a variable or a constant is not asked (it has a name someone chose).

Low confidence (not listed unless ``show = "low"``): a TTL is often the code's design (a lock's
lease, a rate window), not a deployment's choice."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.checks.hardcoded_config.values import number
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_CALL = lazyre.compile(rb'\.(?:p?expire|p?setex|set)\s*\(')
_WORDS = frozenset((b'expire', b'pexpire', b'setex', b'psetex', b'EX', b'PX'))
# The argument holding the lifetime, by method (``set`` is looked at apart).
_TTL_AT = {'expire': 1, 'pexpire': 1, 'setex': 1, 'psetex': 1}
_REDIS_IMPORT = lazyre.compile(
    rb'''(?:\bfrom|\brequire\()\s*['"](?:''' + '|'.join(map(re.escape, stores.REDIS_PACKAGES)).encode() + rb''')['"]''')
# `process.env`, or an import/require of a module whose name starts with config, settings or env.
_READS_CONFIG = lazyre.compile(
    rb'\bprocess\.env\b|(?:\bfrom|\brequire\()\s*[\'"](?:[^\'"]*/)?(?:config|configs|settings|env|environment)'
    rb'(?:[-_.][\w.-]*)?[\'"]')


def possible(scope: Scope) -> bool:
    return (not _WORDS.isdisjoint(scope.file.regex_words) and _CALL.search(scope.text) is not None
            and scope.file.fact(_redis_with_config))


def _redis_with_config(file: s.File) -> bool:
    return (not s.is_ui_file(file) and _REDIS_IMPORT.search(file.source) is not None
            and _READS_CONFIG.search(file.source) is not None)


def calls(scope: Scope) -> Iterator[Item]:
    """Each Redis call in the scope's ranges that sets a key's lifetime to a number written in."""
    if not possible(scope):
        return
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _CALL.finditer(source, start, end):
            name = s.descendant(scope.root, m.start() + 1, m.start() + 2)
            member = s.parent_of(name) if name is not None else None
            call = s.parent_of(member) if member is not None else None
            if call is None or call.type != 'call_expression' or call.child_by_field_name('function') != member:
                continue
            ttl = _lifetime(call)
            if ttl is None or (number(ttl) or 0) <= 1:
                continue
            yield Item(call, f'`{s.normalized(call, 44)}`', call, 'ttl')


def _lifetime(call: Node) -> Node | None:
    method = s.callee_name(call)
    args = s.arguments(call)
    at = _TTL_AT.get(method)
    if at is not None:
        return args[at] if len(args) > at else None
    if method != 'set' or len(args) < 3:
        return None
    rest = args[2:]
    for i, arg in enumerate(rest[:-1]):
        if (s.string_value(arg) or '').upper() in ('EX', 'PX'):
            return rest[i + 1]
    options = s.unwrap(rest[0])
    if options.type == 'object':
        keys = s.object_keys(options)
        return keys.get('EX') or keys.get('PX')
    return None
