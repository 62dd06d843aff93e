"""A page size the client picks, with no cap: the request's ``limit`` (``searchParams.get('limit')``,
``req.query.limit``, ``parseInt``/``Number`` of it) goes into the query's ``LIMIT ?``/``LIMIT ${n}``
parameter, a ``take``/``limit`` option or ``.limit(n)`` as it came, so ``?limit=1000000`` (or ``-1``,
no limit in SQLite) returns the whole table in one response.  Not when it passes through anything
else on the way (``Math.min(n, 200)``, a schema's ``parse``), nor when the function compares it
(``if (limit > MAX)``) or the file declares a maximum (``maximum:``, ``.max(``, express-validator's
``isInt({ max: 200 })``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

# Option keys and builder methods that take a page size.
_KEYS = frozenset(('take', 'limit'))
WORDS = frozenset((b'take', b'limit', b'LIMIT'))
# Calls that carry a value on unchanged for this question: a number parsed from the text.
_PARSERS = frozenset(('parseInt', 'parseFloat', 'Number', 'Number.parseInt', 'Number.parseFloat'))
# Steps of a query chain beside its `.limit(n)` (not a rate limiter's `ratelimit(...).limit(ip)`).
_QUERY_STEPS = stores.MANY_READS | frozenset(('select', 'from', 'where', 'orderBy', 'sort', 'skip', 'offset'))
# Calls a SQL text's parameters are handed to.
_PARAMETER_CALLS = stores.READ_SQL_RUNNERS | frozenset(('push', 'get', 'run'))
# A bound placeholder after LIMIT (`LIMIT ?`, `LIMIT $3`, `LIMIT :limit`, `LIMIT @limit`).
_LIMIT_PLACEHOLDER = lazyre.compile(rb'(?i)\blimit\s+(?:\?|\$\d+|[:@]\w+)')
_LIMIT_TEMPLATE = lazyre.compile(rb'(?i)\blimit\s*\$\{')
_SELECT = lazyre.compile(rb'(?is)\bselect\b.*\bfrom\b')
# A maximum declared in the file (a JSON schema's `maximum`, zod/joi/yup `.max(`).
_LAST_WORD = lazyre.compile(r'(\w+)\W*$')
# ... or express-validator's bound on a number (`check('limit').isInt({ min: 1, max: 200 })`).
_MAXIMUM = lazyre.compile(rb'\bmaximum\s*:|\.max\(|\bclamp\w*\(|\.is(?:Int|Float|Numeric)\(\s*\{[^}]*\bmax\s*:')
_MAXIMUM_PARTS = (b'maximum', b'.max(', b'clamp', b'.isInt(', b'.isFloat(', b'.isNumeric(')  # one is in every match: searched first


def possible(scope: Scope) -> bool:
    return possible_anywhere(scope) and requests.request_words(scope.file)


def possible_anywhere(scope: Scope) -> bool:
    """A page-size word in the file, wherever its value comes from."""
    return not scope.file.words.isdisjoint(WORDS)


def file_caps(scope: Scope) -> bool:
    """The file declares a maximum (``maximum:``, ``.max(``, ``isInt({ max: 200 })``)."""
    source = scope.file.source
    return any(p in source for p in _MAXIMUM_PARTS) and _MAXIMUM.search(source) is not None


def has_placeholder(scope: Scope) -> bool:
    """A bound placeholder after ``LIMIT`` in the scope (``LIMIT ?``, ``LIMIT $3``)."""
    return _LIMIT_PLACEHOLDER.search(scope.text) is not None


def _through(call: Node) -> list[Node]:
    if call.type == 'new_expression':  # `new URL(request.url)`: its searchParams are the request's
        return s.arguments(call)[:1] if s.text(call.child_by_field_name('constructor')) == 'URL' else []
    if s.callee_path(call) in _PARSERS or (s.receiver(call) is None and s.callee_name(call) in _PARSERS):
        return s.arguments(call)[:1]
    return []


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(value, message) for each page size read from the request and used with no cap."""
    if not possible(scope) or file_caps(scope):
        return
    names = requests.DEFAULT_NAMES
    for value in page_sizes(scope, has_placeholder(scope)):
        if not requests.in_reach(scope.file, value, names):
            continue
        fl = flow.of(scope.file, value)
        for origin in fl.origins(value, _through):
            src = requests.source(scope.file, fl, origin, _through, names)
            if src is None or _compared(scope, value, origin, src.name):
                continue
            yield value, (f'the client picks this page size (`{src.name}`) and nothing caps it: asked for a '
                          'million rows, it returns them all')
            break


def page_sizes(scope: Scope, placeholder: bool) -> Iterator[Node]:
    """The values handed to a query as its page size."""
    for name in scope.named(WORDS):
        parent = s.parent_of(name)
        if parent is None:
            continue
        if parent.type == 'pair' and name.type == 'property_identifier' and s.text(name) in _KEYS \
                and _read_option(s.parent_of(parent)):
            value = parent.child_by_field_name('value')
            if value is not None:
                yield value
        elif name.type == 'property_identifier' and s.text(name) in _KEYS:
            call = s.called_by(name)
            if call is not None and s.receiver(call) is not None and s.arguments(call)[:1] \
                    and not _QUERY_STEPS.isdisjoint(s.callee_name(c) for c in s.chain_calls(call)):
                yield s.arguments(call)[0]
        elif name.type == 'identifier' and placeholder and _bound_parameter(parent):
            yield name  # `params.push(limit, offset)` / `[id, limit]` beside a `LIMIT ?`
    for sub in _template_limits(scope):
        yield sub


def _template_limits(scope: Scope) -> Iterator[Node]:
    """``${expr}`` right after ``LIMIT`` in a template string that reads as SQL (``_sql_template``)."""
    for start, end in scope.ranges:
        for m in _LIMIT_TEMPLATE.finditer(scope.file.source, start, end):
            node = s.descendant(scope.file.tree.root, m.end() - 2, m.end())
            while node is not None and node.type != 'template_substitution':
                node = s.parent_of(node)
            if node is not None and node.named_children and _sql_template(s.parent_of(node), m.group(0)):
                yield node.named_children[0]


def _sql_template(template: Node | None, keyword: bytes) -> bool:
    """A tagged template (``SQL`... LIMIT ${n}` ``, ``sql`...` ``), ``LIMIT`` in capitals, or a
    ``SELECT ... FROM``: not a message that names the page size (`` `Error retrieving eservices,
    offset ${offset}, limit ${limit}` `` handed to an error helper: round 26's interop-be-monorepo
    routers, not worth asking)."""
    if template is None or template.type != 'template_string':
        return False
    parent = s.parent_of(template)
    if parent is not None and parent.type == 'call_expression':
        return True
    return keyword.startswith(b'LIMIT') or _SELECT.search(template.text) is not None


def _read_option(obj: Node | None) -> bool:
    """The options object is (within) the argument of a library's many-read (``findMany({ where,
    take })``, ``Model.find(q, null, { limit })``): not a response's body nor the project's own
    helper, which may cap what it is handed."""
    node = obj
    for _ in range(4):
        if node is None:
            return False
        if node.type == 'arguments':
            call = s.parent_of(node)
            return call is not None and s.receiver(call) is not None and s.callee_name(call) in stores.MANY_READS
        node = s.parent_of(node)
    return False


def _bound_parameter(parent: Node) -> bool:
    """A bound parameter of SQL text: pushed onto the parameters (``params.push(limit, offset)``),
    an element of an array, or an argument of a SQL runner (``stmt.all(id, limit)``)."""
    if parent.type == 'array':
        return True
    call = s.parent_of(parent) if parent.type == 'arguments' else None
    return call is not None and s.callee_name(call) in _PARAMETER_CALLS


def _compared(scope: Scope, value: Node, origin: flow.Origin, shown: str) -> bool:
    """The function compares the value or the request field it came from (``if (limit > 100)``)."""
    names = {s.text(value)} if value.type == 'identifier' else set()
    if origin.path:
        names.add(origin.path[-1])
    last = _LAST_WORD.search(shown)
    if last is not None:
        names.add(last.group(1))
    for name in names:
        word = lazyre.compile(rf'(?:\b{name}\s*[<>]=?[^=>]|[<>]=?\s*{name}\b)'.encode())
        if any(word.search(scope.file.source, a, b) for a, b in scope.ranges):
            return True
    return False
