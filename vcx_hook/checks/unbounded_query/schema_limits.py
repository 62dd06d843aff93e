"""(low) A page size a request's schema takes with no maximum: ``limit: z.number().int().default(50)``
(zod, also ``z.coerce.number()``, joi's and yup's ``number()``) under a page-size key (``limit``,
``take``, ``pageSize``, ``perPage``...), or kept in a ``const`` of that name the schemas share (``const
limit = z.number().positive()``: near-explorer's validators, every list procedure's page size, a real
bug of holdout13), with no ``.max()`` (``.lte()``, ``.lt()``, or a
``.transform()``/``.refine()``/``.pipe()`` that may clamp it) on its chain: the schema is where a
request's bound belongs, and without one ``limit: 1000000`` passes validation and the query returns
every row it finds (unkey's runtime logs, a tRPC input passed to ClickHouse: a real bug of holdout2).
Server code only: a form's schema in UI code bounds nothing the server reads; not a schema of what the
server sends (``.output(...)``, a ``const`` named for a response, an output or a result)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import list_reads
from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_KEYS = list_reads.PAGE_SIZE_KEYS
WORDS = frozenset(k.encode() for k in _KEYS)
_NUMBER = packages.VALIDATION_NUMBER.encode()


def possible(scope: Scope) -> bool:
    return (not scope.file.words.isdisjoint(WORDS) and _NUMBER in scope.text
            and not s.is_ui_file(scope.file))


def find(scope: Scope) -> Iterator[tuple[Node, str]]:
    """(pair, message) for each page-size key whose schema is an unbounded number."""
    if not possible(scope):
        return
    for name in scope.named(WORDS):
        pair = s.parent_of(name)
        if pair is None or pair.type not in ('pair', 'variable_declarator') \
                or pair.child_by_field_name('key' if pair.type == 'pair' else 'name') != name:
            continue
        value = pair.child_by_field_name('value')
        if value is not None and _unbounded_number(scope, s.unwrap(value)) and not _sent(pair):
            yield pair, (f'`{s.normalized(pair, 60)}` takes the page size from the request with no maximum: '
                         'asked for a million rows, the query returns them all')


_SENT_NAME = lazyre.compile(r'(?i)response|output|result')


def _sent(pair: Node) -> bool:
    """The schema describes what is sent back: inside ``.output(...)`` or a declaration named for it."""
    for a in s.ancestors(pair):
        if a.type == 'arguments' and s.callee_name(s.parent_of(a)) in ('input', 'output'):
            return s.callee_name(s.parent_of(a)) == 'output'  # `.input(...).output(...)`: the chain holds both
        if a.type == 'variable_declarator':
            return _SENT_NAME.search(s.text(a.child_by_field_name('name'))) is not None
        if a.type in s.FUNCTION_TYPES:
            return False
    return False


def _unbounded_number(scope: Scope, value: Node) -> bool:
    """``z.number().int().default(50)``: a validation library's number schema with no bound."""
    calls = s.chain_calls(value)
    if not calls:
        return False
    innermost = calls[-1]
    callee = innermost.child_by_field_name('function')
    if callee is None or callee.type != 'member_expression' or s.callee_name(innermost) != packages.VALIDATION_NUMBER:
        return False
    if any(s.callee_name(c) in packages.VALIDATION_BOUNDS for c in calls):
        return False
    root = bindings.root(callee.child_by_field_name('object') or callee)
    bound = bindings.binding(scope.file, root) if root is not None else None
    return bound is not None and bound.library in packages.VALIDATION_LIBRARIES
