"""unbounded-query's pages cut in memory: the rows of a read (SQL run by a runner, an ORM's many-read)
are sliced to a page afterwards (``rows.slice(skip, skip + take)``, also after ``.map()`` or
``.filter()``): every page loads and maps every row the query finds, and the page size the caller
asked for bounds nothing in the database. The ``LIMIT``/``OFFSET`` (``take``/``skip``) belongs
in the query. Supabase's read (``const { data } = await supabase.from('t').select(cols)``) answers
its rows in ``data`` (peer-learning's recommended partners, holdout27).

Also the top of an ordered read cut in memory: a read ordered by the query (an ``order``/``orderBy``/
``sort`` option, a chained ``.orderBy()``/``.sort()``, SQL with ``ORDER BY``) whose rows are cut to
their first ones (``rows.slice(0, n)``): the database sorts and sends every row to keep a few; the
``n`` is a forgotten ``LIMIT`` (askgovsg's related posts, holdout9). Only when the rows are read
nowhere else: a top ten beside the sum of the others needs every row."""
from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator

from vcx_hook.checks.unbounded_query import reads
from vcx_hook.ecosystem import stores
from vcx_hook.lang import flow
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_SLICES = frozenset((b'slice',))
# Words of a slice bound that name a page: `skip`, `offset`, `page * pageSize`, `take`, `limit`.
_PAGE_WORDS = frozenset(('skip', 'offset', 'page', 'take', 'limit', 'per'))
_PAGE_PARTS = tuple(sorted(w.encode() for w in _PAGE_WORDS))
# Array methods that carry the rows on to their result.
_CARRIERS = frozenset(('map', 'filter', 'sort', 'reverse', 'flat', 'flatMap', 'concat', 'toSorted'))
_BOUNDS = frozenset(('limit', 'take', 'first', 'top', 'range'))
# Supabase's (PostgREST's) `from(table).select(columns)` answers `{ data, error }`: the rows are its `data`.
_ROWS_KEY = ('data',)
_POSTGREST_STEPS = (stores.TABLE_READS, stores.FIELD_READS)
_SQL_LIMIT = lazyre.compile(rb'(?i)\b(?:limit|top|fetch\s+first)\b')
_READS = stores.MANY_READS | stores.SQL_TAGS | frozenset(('toArray',))
_TOP = lazyre.compile(rb'\.slice\(\s*0\s*,')
_ORDER_KEYS = frozenset(('order', 'orderBy', 'sort'))
_ORDER_CALLS = frozenset(('order', 'orderBy', 'sort'))
_SQL_ORDER = lazyre.compile(rb'(?i)\border\s+by\b')


def possible(scope: Scope) -> bool:
    return scope.holds(b'slice') and b'.slice' in scope.text and (
        any(scope.holds(w) for w in _PAGE_PARTS) or _TOP.search(scope.text) is not None)


def find(scope: Scope, runners: frozenset[str]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(read, message, evidence: the slice) for each read whose rows are paged in memory."""
    if not possible(scope):
        return
    for name in scope.named(_SLICES):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier':
            continue
        paged = _paged(call)
        rows = s.receiver(call)
        if rows is None or not paged and not _top(call):
            continue
        fl = flow.of(scope.file, rows)
        if not paged and not _only_use(fl, rows):
            continue
        for origin in fl.origins(rows, follow_call=_carried):
            read = s.unwrap(origin.node)
            if read.type != 'call_expression':
                continue
            chain = s.chain_calls(read)
            if origin.path and not (origin.path == _ROWS_KEY and _postgrest(chain)):
                continue
            read = next((c for c in chain if _reads_rows(c, runners)), None)
            if read is None or any(s.callee_name(c) in _BOUNDS for c in chain) or _bounded(read):
                continue
            if not paged:
                if _ordered(read, chain):
                    yield read, (f'`{reads.label(read)}` sorts and sends every row, then the first are kept '
                                 f'(`{reads.short(call, 30)}`): the limit is not in the query'), (call,)
                continue
            yield read, (f'every row of `{reads.label(read)}` is read, then paged in memory '
                         f'(`{reads.short(call, 30)}`): the page bounds nothing in the query'), (call,)


def _paged(call: Node) -> bool:
    """``.slice(a, b)`` with a bound named for a page (``skip``, ``offset``, ``take``, ``limit``...)."""
    args = s.arguments(call)
    if not 1 <= len(args) <= 2:
        return False
    for arg in args:
        for word in _identifier_words(arg):
            if word in _PAGE_WORDS:
                return True
    return False


def _top(call: Node) -> bool:
    """``.slice(0, n)``: the first ``n`` rows."""
    args = s.arguments(call)
    return len(args) == 2 and s.text(args[0]) == '0'


def _only_use(fl: flow.Flow, rows: Node) -> bool:
    """``rows`` is a name read nowhere but here: the rest of the rows are not used (not counted, not
    summed as "others" by ``rows.slice(n)``), so only the first ones were needed."""
    if rows.type != 'identifier':
        return False
    uses = [ref for b in fl.bindings_of(rows) for ref in fl.references(b)]
    return len(uses) == 1


def _ordered(read: Node, chain: list[Node]) -> bool:
    """The read's query orders its rows: an ``order``/``orderBy``/``sort`` option, a chained
    ``.orderBy()``/``.sort()``, or SQL text with ``ORDER BY``."""
    if any(s.callee_name(c) in _ORDER_CALLS for c in chain):
        return True
    args = s.arguments(read)
    template = read.child_by_field_name('arguments')
    first = template if template is not None and template.type == 'template_string' else (
        s.unwrap(args[0]) if args else None)
    if first is None:
        return False
    if first.type == 'object':
        return not _ORDER_KEYS.isdisjoint(s.object_keys(first))
    return first.type in ('string', 'template_string') and _SQL_ORDER.search(s.text(first).encode()) is not None


def _identifier_words(node: Node) -> Iterable[str]:
    if node.type in ('identifier', 'property_identifier', 'shorthand_property_identifier'):
        yield from (w.lower() for w in s.name_words(s.text(node)))
    for child in node.named_children:
        yield from _identifier_words(child)


def _carried(call: Node) -> Iterable[Node]:
    """``rows.map(...)``: the rows go on in the receiver."""
    if s.callee_name(call) in _CARRIERS:
        recv = s.receiver(call)
        if recv is not None:
            return (recv,)
    return ()


def _reads_rows(call: Node, runners: frozenset[str]) -> bool:
    """A many-read (``findMany``, ``find().toArray()``...) or a SQL runner (``$queryRaw`...` ``,
    ``db.query(sql)``) on a receiver, not a helper of the project's own (``getUsers()``)."""
    name = s.callee_name(call)
    if name not in _READS and name not in runners:
        return False
    recv = s.receiver(call)
    if recv is None:
        return name in stores.SQL_TAGS
    return s.text(recv) not in stores.GLOBALS


def _bounded(read: Node) -> bool:
    """Options with a page size (``take``, ``limit``), SQL text with a ``LIMIT`` or ending in a piece
    built at run time (``${limit}``), or SQL the hook cannot read (a name, a call)."""
    args = s.arguments(read)
    template = read.child_by_field_name('arguments')
    if template is not None and template.type == 'template_string':
        sql: Node | None = template
    else:
        first = s.unwrap(args[0]) if args else None
        if first is not None and first.type == 'object':
            return not _BOUNDS.isdisjoint(s.object_keys(first))
        sql = first if first is not None and first.type in ('string', 'template_string') else None
        if sql is None:
            return bool(args) and s.callee_name(read) not in stores.MANY_READS
    text = s.text(sql).encode()
    tail = text.rstrip(b' \t\r\n;`\'"')
    return _SQL_LIMIT.search(text) is not None or tail.endswith(b'}')


def _postgrest(chain: list[Node]) -> bool:
    """``client.from('profiles').select('id, name')...``: a PostgREST read, whose rows come back in
    the answer's ``data``; a Knex or Drizzle chain (``db.select().from(t)``) answers the rows
    themselves and selects before it names the table."""
    chain = chain[::-1]  # innermost first: the table, then what reads it
    names = [s.callee_name(c) for c in chain]
    tables, fields = _POSTGREST_STEPS
    first = next((i for i, n in enumerate(names) if n in tables), None)
    if first is None or not any(n in fields for n in names[first + 1:]):
        return False
    args = s.arguments(chain[first])
    return bool(args) and s.unwrap(args[0]).type == 'string'
