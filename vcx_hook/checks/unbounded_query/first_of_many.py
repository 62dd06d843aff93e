"""unbounded-query's first of many: a read of every matching row through a library's many-read
(Prisma ``findMany``, Sequelize ``findAll``, TypeORM ``getMany``, MongoDB ``find().toArray()``,
pg-promise ``manyOrNone``/``many``/``any``) whose rows are used only as the first one (``rows[0]``,
``const [first] = await ...``), with no page size: every match is fetched, sent and kept to use one.
Each of these libraries has a one-row read (``findFirst``, ``findOne``, ``oneOrNone`` with ``LIMIT
1``). Not the generic ``query()`` of pg and mysql nor a SQL tag, which have no one-row form."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_MANY = stores.FIND_MANY | stores.FIND_ALL | stores.QUERY_BUILDER_READS | stores.ROW_SET_READS
_WORDS = frozenset(m.encode() for m in _MANY)
_PAGES = frozenset(('take', 'limit', 'first', 'top', 'cursor'))
_LIMIT = lazyre.compile(rb'(?i)\blimit\b')


def possible(scope: Scope) -> bool:
    words = scope.file.words  # `[0]`: the word `0`
    return b'0' in words and b'[0]' in scope.text or not words.isdisjoint(_WORDS) and b'[' in scope.text


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(read, message, evidence: the first-row uses) for each many-read used only for its first row."""
    if not possible(scope):
        return
    for name in scope.named(_WORDS):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier' or not _many_read(call):
            continue
        top = s.chain_top(call)
        uses = _first_only(scope, top)
        if uses:
            yield call, (f'`{reads.label(call)}()` reads every matching row and the code uses only the first: '
                         'a one-row read (or a limit of 1) fetches one'), tuple(uses)


def _many_read(call: Node) -> bool:
    """A many-read on a receiver (not ``Promise.any``), with no page size in its options, its chain
    or its SQL text."""
    recv = s.receiver(call)
    if recv is None or s.text(recv) in stores.GLOBALS:
        return False
    if s.callee_name(call) == 'toArray' and 'find' not in [s.callee_name(c) for c in s.chain_calls(call)]:
        return False
    chain = s.chain_calls(s.chain_top(call))
    if any(s.callee_name(c) in _PAGES for c in chain):
        return False
    for c in chain:
        for arg in s.arguments(c):
            arg = s.unwrap(arg)
            if arg.type == 'object' and (s.has_spread(arg) or not _PAGES.isdisjoint(s.object_keys(arg))):
                return False
            if arg.type in ('string', 'template_string') and _LIMIT.search(s.text(arg).encode()):
                return False
    return True


def _first_only(scope: Scope, top: Node) -> list[Node]:
    """The uses of the rows when each is the first row: ``rows[0]`` (``rows.length`` allowed
    beside), or ``const [first] = ...``; [] when the rows are used any other way."""
    parent = s.parent_of(s.outer_expression(top))
    if parent is None or parent.type != 'variable_declarator':
        return []
    pattern = parent.child_by_field_name('name')
    if pattern is None:
        return []
    if pattern.type == 'array_pattern':
        elements = [c for c in pattern.named_children if c.type != 'comment']
        return [pattern] if len(elements) == 1 and elements[0].type == 'identifier' else []
    if pattern.type != 'identifier':
        return []
    fl = flow.of(scope.file, pattern)
    uses = []
    for binding in fl.bindings_of(pattern):
        for ref in fl.references(binding):
            up = s.parent_of(ref)
            if up is not None and up.type == 'subscript_expression' and s.text(up.child_by_field_name('index')) == '0':
                uses.append(up)
            elif not (up is not None and up.type == 'member_expression'
                      and s.text(up.child_by_field_name('property')) == 'length'):
                return []
    return uses
