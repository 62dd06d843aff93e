"""Options half read from configuration: an object literal with two or more values read from the
environment (``process.env.POSTGRES_HOST``, ``String(process.env.POSTGRES_PORT)``,
``import.meta.env.X``, ``configService.get('X')``) beside a literal under a key that names where a
service is or who connects to it (``database: 'tipi'``, ``username: 'tipi'``, ``host``, ``port``,
``bucket``, ``region``...). The author moved this client's settings into configuration and left
these behind: a deployment whose database or user is named otherwise cannot connect. Not a
database schema (`schema: 'dbo'`, `schema: 'app_fom'`): its migrations create the tables in it and
its raw SQL names it, so it is the database's design, the same in every deployment (0 of 3 judged
worth asking on held-out code); nor Redis's default `db: 0` (0 of 1).

A value counts as read from configuration through the ``const`` it was kept in (``const redisHost =
config.get('session.redis.host')``, then ``host: redisHost``), and an object's nested options count
with it: ``createClient({ socket: { host: redisHost, port: 6380 }, password: config.get('key') })``
leaves the port behind (nfdiv-frontend's session store, a real bug of holdout13).

Medium confidence: the object itself shows that the deployment decides its siblings."""
from __future__ import annotations

import re
from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.checks.hardcoded_config.values import number
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# A value read from configuration: the environment, or a config service's getter.
_CONFIGURED = lazyre.compile(rb'\bprocess\.env\b|\bimport\.meta\.env\b|\bDeno\.env\.get\(|\b[cC]onfig(?:Service)?\.get(?:OrThrow)?\(')
# The words of each of its shapes, all of which `File.regex_words` holds where it finds that shape.
_SHAPES = tuple(frozenset(words) for words in (
    (b'process', b'env'), (b'import', b'meta', b'env'), (b'Deno', b'env', b'get'),
    *((c, g) for c in (b'config', b'Config', b'configService', b'ConfigService') for g in (b'get', b'getOrThrow')),
))
# Keys naming a service's place or the identity a client connects with: what differs per deployment.
IDENTITY_KEYS = frozenset((
    'database', 'db', 'dbName', 'databaseName', 'database_name', 'user', 'username', 'userName', 'password',
    'host', 'hostname', 'port', 'bucket', 'region', 'vhost', 'virtualHost', 'authSource',
    'account', 'accountName', 'tenantId', 'projectId', 'namespace',
))
# Values that say what leaving the key out says: Redis's first database (`db: 0`).
_DEFAULTS = {'db': '0'}


def possible(scope: Scope) -> bool:
    words = scope.file.regex_words
    return any(shape <= words for shape in _SHAPES) and _CONFIGURED.search(scope.text) is not None


def pairs(scope: Scope) -> Iterator[Item]:
    """Each literal identity pair of an object whose other values are read from configuration."""
    if not possible(scope):
        return
    seen: set[int] = set()
    source = scope.file.source
    for start, end in scope.ranges:
        for m in _CONFIGURED.finditer(source, start, end):
            node = s.descendant(scope.root, m.start(), m.end())
            for obj in _objects_of(node):
                obj = _outermost(obj)
                if obj.start_byte in seen:
                    continue
                seen.add(obj.start_byte)
                yield from _left_behind(obj)


def _objects_of(node: Node | None) -> list[Node]:
    """The object literal whose pair's value holds ``node``, or, for a ``const`` that ``node`` is
    the value of, the objects whose pairs take that name as their value."""
    obj = _object_of(node)
    if obj is not None:
        return [obj]
    decl = _declarator_of(node)
    if decl is None:
        return []
    return [o for o in (_object_of(ref) for ref in _pair_uses(decl)) if o is not None]


def _declarator_of(node: Node | None) -> Node | None:
    """The ``const name = <value holding node>`` declarator, within one statement."""
    for a in s.ancestors(node) if node is not None else ():
        if a.type == 'variable_declarator':
            name = a.child_by_field_name('name')
            holder = s.parent_of(a)
            if name is None or name.type != 'identifier' or holder is None or s.text(holder).split(' ', 1)[0] != 'const':
                return None
            return a
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'object', 'program', 'pair'):
            return None
    return None


def _pair_uses(decl: Node) -> list[Node]:
    """The references to the declared name that are a pair's whole value (``host: redisHost``)."""
    name = decl.child_by_field_name('name')
    body = s.enclosing_function(decl) or [*s.ancestors(decl), decl][-1]
    if name is None:
        return []
    found = []
    for ref in s.identifiers(body):
        up = s.parent_of(ref)
        if ref.text != name.text:
            continue
        if ref != name and up is not None and up.type == 'pair' and up.child_by_field_name('value') == ref:
            found.append(ref)
    return found


def _outermost(obj: Node) -> Node:
    """The outermost object literal ``obj`` is nested in through pairs' values."""
    while True:
        pair = s.parent_of(obj)
        outer = s.parent_of(pair) if pair is not None and pair.type == 'pair' else None
        if outer is None or outer.type != 'object':
            return obj
        obj = outer


def _object_of(node: Node | None) -> Node | None:
    """The object literal whose pair's value holds ``node``."""
    for a in s.ancestors(node) if node is not None else ():
        if a.type == 'pair':
            obj = s.parent_of(a)
            return obj if obj is not None and obj.type == 'object' else None
        if a.type in s.FUNCTION_TYPES or a.type in ('statement_block', 'object', 'program'):
            return None
    return None


def _left_behind(obj: Node) -> Iterator[Item]:
    configured = 0
    literals: list[tuple[Node, str, Node]] = []
    for pair in _pairs(obj):
        key = pair.child_by_field_name('key')
        value = pair.child_by_field_name('value')
        if key is None or value is None:
            continue
        if _CONFIGURED.search(value.text or b'') or _kept_configured(value):
            configured += 1
        name = s.text(key).strip('\'"')
        if name in IDENTITY_KEYS and _written_in(value) and _DEFAULTS.get(name) != s.text(value):
            literals.append((pair, name, value))
    if configured < 2:
        return
    for pair, name, value in literals:
        yield Item(pair, f'`{name}: {s.normalized(value, 30)}`', obj, 'partial')


def _pairs(obj: Node) -> list[Node]:
    """The object's pairs and those of the objects its pairs hold (``socket: { host, port }``),
    not a nested object's that is itself read from configuration."""
    out = []
    for pair in obj.named_children:
        if pair.type != 'pair':
            continue
        value = pair.child_by_field_name('value')
        if value is not None and s.unwrap(value).type == 'object':
            out.extend(_pairs(s.unwrap(value)))
        else:
            out.append(pair)
    return out


def _kept_configured(value: Node) -> bool:
    """A name whose ``const`` holds a value read from configuration (``host: redisHost as string``)."""
    value = s.unwrap(value)
    if value.type != 'identifier':
        return False
    init = s.initializer(value)
    return init is not None and _CONFIGURED.search(init.text or b'') is not None


def _written_in(value: Node) -> bool:
    """A non-empty string or a number written in the code."""
    text = s.string_value(value)
    if text is not None:
        return bool(text.strip()) and not re.fullmatch(r'<[^>]*>|\*+|x+|changeme', text, re.I)
    return number(value) is not None
