"""unbounded-query: a read that loads a whole table or collection into memory.

A read with no filter and no limit loads a whole table into the process. With a thousand rows in
development it is instant; with ten million in production the request times out or the server runs
out of memory, and it gets worse every day the table grows. The fix is a `WHERE`, a page size, a
cursor or a stream.

Asked when a touched function runs:

- SQL `SELECT ... FROM t` with neither `WHERE` nor `LIMIT`/`TOP`/`FETCH FIRST`, passed to a runner
  (`db.query(...)`, `pool.query({ text })`, `` sql`...` ``, `` prisma.$queryRaw`...` ``,
  `db.prepare(...).all()`), as a literal, a template, a `+` concatenation or a `const` holding one.
  Only the outer statement's own clauses count: a `WHERE` inside a subquery, a CTE or a `LEFT JOIN`
  does not bound it, a filtered `FROM (subquery)`, CTE or inner join does. `GROUP BY` without a
  `LIMIT` is asked (one row per group can still be one row per user);
- Prisma `findMany()` and Drizzle `db.query.t.findMany()` with neither `where` (an empty `where: {}`
  is none) nor `take`/`limit`/`cursor`;
- Sequelize `findAll()`/`findAndCountAll()` with neither `where` nor `limit` (an `include` with a
  `where` filters too);
- Mongoose/MongoDB `find()`/`find({})` with no `.limit()`/`limit` option (also `.toArray()` on a
  collection);
- TypeORM `find()` or `manager.find(Entity)` with neither `where` nor `take`, and
  `createQueryBuilder(...)...getMany()` with no `.where()`/`.take()`;
- Knex `knex('t').select()` and Drizzle `db.select().from(t)` with neither `.where()` nor `.limit()`.

Not asked:

- aggregates that return one row (`COUNT`, `SUM`, `MAX`... without `GROUP BY`, Drizzle
  `select({ n: count() })`, Knex `.count()`), `LIMIT 1`, `findFirst`/`findUnique`/`.first()`;
- streams and cursors: `.stream()`, `.cursor()`, `.iterate()`, `for await (const row of ...)`;
- queries whose filter is built at run time (`` `SELECT * FROM t ${where}` ``, `'... ' + clause`,
  `let sql` appended to later, options passed as a variable or spread) — the hook cannot see the
  filter, and guessing would be crying wolf;
- a query builder assembled elsewhere (`qb.getMany()` on a `qb` built in steps), or a query not run
  here (`const q = User.find()` kept for later);
- `findMany`/`findAll` on services and one-name receivers (`userService.findAll()`): the query lives
  in the service, which is asked when it is touched;
- lookup tables that are small by construction (`small_tables`: countries, currencies, languages,
  locales, time zones, roles, permissions, settings, plans, statuses, categories...) and system
  catalogues (`information_schema`, `pg_catalog`, `sqlite_master`). Tags are not on the list: users
  create them;
- seed files, migrations and files under `scripts/`: run once, by hand, on data the author knows.

Bad:

```js
async function exportData() {
  const records = await db.query('SELECT * FROM events');
  return records.map(formatRecord);
}
```

Good:

```js
async function* exportData() {
  for await (const row of db.query('SELECT * FROM events').stream()) {
    yield formatRecord(row);
  }
}
```

Answer it in code when the read is bounded by something the hook cannot see:

```js
// vcx-ignore unbounded-query -- at most 50 plans, seeded from config
const plans = await prisma.plan.findMany();
```

Names the configuration can extend (`[checks.unbounded-query]`):

- `sql_runners`: calls that run SQL text and return its rows (`query`, `execute`, `rawQuery`, `sql`...);
- `builder_roots`: roots of Knex/Drizzle builder chains (`knex`, `db`, `trx`...);
- `small_tables`: lookup tables that are small by construction (singular, lower case, no separators:
  `featureflag` matches `feature_flags`).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.common import encoded
from vcx_hook.checks.common import load_query
from vcx_hook.config import Config
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
ID = 'unbounded-query'
QUESTION = 'What happens when this returns ten million rows?'
# Held-out precision 12% (12 judged findings, bench/judged): its questions are listed, not blocking,
# until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'a read with no filter and no limit loads a whole table into memory'
QUERY = load_query(__file__)
NAMES = {
    # Calls that run SQL text and return every row (`db.query(sql)`, `` sql`...` ``, `prepare(sql).all()`).
    'sql_runners': stores.READ_SQL_RUNNERS,
    # Roots of Knex/Drizzle builder chains (`knex('users').select()`, `db.select().from(users)`).
    'builder_roots': stores.READ_BUILDER_ROOTS,
    # Lookup tables that are small by construction (singular, lower case, no separators).
    'small_tables': frozenset((
        'country', 'currency', 'language', 'locale', 'timezone', 'role', 'permission', 'setting',
        'config', 'configuration', 'featureflag', 'plan', 'migration', 'knexmigration', 'status',
        'province', 'region', 'category', 'dual',
    )),
}
# The gate: strings that may start with SELECT or WITH (after whitespace, which for Python's str
# may be a non-ASCII character), in lower case; the methods of the `unbounded-query.call` pattern.
_SQL_START = lazyre.compile(rb'''['"`](?:\s|[\x1c-\x1f\x80-\xff])*(?:select|with)(?![\w$.])''')
_SQL_PARTS = frozenset((
    'binary_expression', 'parenthesized_expression', 'await_expression', 'as_expression', 'non_null_expression',
    'satisfies_expression', 'type_assertion',
))
_ORM_METHODS = frozenset((
    b'findMany', b'findAll', b'findAndCountAll', b'find', b'getMany', b'getRawMany', b'getManyAndCount', b'select',
    b'from',
))
# Each method starts with one of these keys; getMany... only come with createQueryBuilder.
_ORM_KEYS = (b'find', b'from', b'select')
_ORM_KEYS_BUT_SELECT = (b'find', b'from')
_QUERY_BUILDER_KEYS = (b'getMany', b'getRawMany')


def _executed(top: Node) -> bool:
    """Awaited, returned, yielded, or given a callback: the rows are actually fetched here."""
    if s.is_awaited(top):
        return True
    parent = s.parent_of(top)
    if parent is None:
        return False
    if parent.type in ('return_statement', 'yield_expression'):
        return True
    if parent.type == 'arrow_function' and parent.child_by_field_name('body') == top:
        return True
    args = s.arguments(top)  # Model.find({}, (err, docs) => ...)
    return bool(args) and _node_callback(args[-1])


def _node_callback(node: Node) -> bool:
    """A Node-style ``(err, result) => ...`` callback (not an ``Array.find`` predicate)."""
    return node.type in _CALLBACKS and s.parameter_names(node)[:1] in (['err'], ['error'])


def _streamed(top: Node) -> bool:
    parent = s.parent_of(s.outer_expression(top))
    return parent is not None and parent.type == 'for_in_statement' and any(c.type == 'await' for c in parent.children)


def _short(node: Node, limit: int = 40) -> str:
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def _path(call: Node) -> str:
    path = s.callee_path(call) or _short(call)
    return path if len(path) <= 40 else '...' + path[-37:]


# --- checks -----------------------------------------------------------------------------------

def relevant(scope: Scope, config: Config) -> bool:
    """SQL: a string in the file that starts with SELECT or WITH and reads a whole table (a
    ``const`` elsewhere may hold it), and a runner's name in the scope.  ORM: a method call of the
    ``unbounded-query.call`` pattern in the scope that ``_orm_call`` reports."""
    names = config.names[ID]
    sql_file = scope.file.memo('unbounded-query.sql', _sql_file)
    keys: tuple[bytes, ...]
    if sql_file is None:  # no `select` in any case: no SQL, and no `.select()`
        keys = _ORM_KEYS_BUT_SELECT
    elif sql_file and _runner_named(scope.text, names):
        return True
    else:
        keys = _ORM_KEYS
    if b'createQueryBuilder' in scope.text:
        keys += _QUERY_BUILDER_KEYS
    return _orm_possible(scope, names, keys)


def _runner_named(text: bytes, names: Names) -> bool:
    return any(r in text for r in encoded(names['sql_runners'])) or b'sql' in text.lower()  # `Sql`...`` tags too


def _sql_file(file: File) -> bool | None:
    """Whether a string or template starts with SELECT or WITH, alone or first in a ``+``
    concatenation, and ``sql.unbounded_table`` finds its SQL unbounded: what every SQL finding
    reads, in the scope or in a ``const`` elsewhere.  None when the file has no ``select`` at all."""
    low = file.lower
    if b'select' not in low:
        return None
    root = file.tree.root
    for m in _SQL_START.finditer(low):
        node = s.descendant(root, m.start(), m.start() + 1)
        while node is not None and node.start_byte == m.start() and node.type not in ('string', 'template_string'):
            node = s.parent_of(node)
        if node is None or node.start_byte != m.start() or node.type not in ('string', 'template_string'):
            continue
        while True:  # each expression holding the literal that sql_text reads: `'SELECT ' + cols + ' FROM t'`
            text = sql.sql_text(node)
            if text is not None and sql.unbounded_table(text) is not None:
                return True
            if s.parent_of(node) is None or s.parent_of(node).type not in _SQL_PARTS:
                break
            node = s.parent_of(node)
    return False


def _orm_possible(scope: Scope, names: Names, keys: tuple[bytes, ...]) -> bool:
    """A method call the query's ``unbounded-query.call`` pattern takes and ``_orm_call`` reports;
    each method name that may be a property (``x.find``) is looked up in the tree."""
    source = scope.file.source
    for _, first, last in s.word_spans(source, _methods_of(keys) & scope.file.words, scope.ranges):
        if not s.after_dot(source, first):
            continue
        node = s.descendant(scope.root, first, last)  # parses on first use
        member = s.parent_of(node) if node is not None and node.type == 'property_identifier' else None
        call = s.parent_of(member) if member is not None and member.type == 'member_expression' else None
        if call is None or call.type != 'call_expression' or call.child_by_field_name('function') != member:
            continue
        if scope.contains(call) and next(_orm_call(call, names, set()), None) is not None:
            return True
    return False


@functools.lru_cache(maxsize=8)
def _methods_of(keys: tuple[bytes, ...]) -> frozenset[bytes]:
    """The ORM methods that start with one of ``keys``: those the file's words are asked for."""
    return frozenset(m for m in _ORM_METHODS if m.startswith(keys))


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    seen: set[int] = set()
    for finding_node, message in (*_sql_findings(scope, names), *_orm_findings(scope, names)):
        key = finding_node.start_byte
        if key not in seen:
            seen.add(key)
            yield scope.finding(finding_node, ID, message, QUESTION)


def _sql_findings(scope: Scope, names: Names) -> Iterator[tuple[Node, str]]:
    runners = names['sql_runners']
    for lit in scope.captures('unbounded-query.sql'):
        tagged = _tagged_runner(lit, runners) if lit.type == 'template_string' else None
        if tagged is not None:
            yield from _judge_sql(tagged[0], tagged[1], sql.sql_text(lit), names)
            continue
        expr = lit
        while s.parent_of(expr) is not None and s.parent_of(expr).type in ('binary_expression', 'parenthesized_expression'):
            expr = s.parent_of(expr)
        call = _runner_call(expr, runners)
        if call is not None:
            label = f'{_path(call)}().all()' if s.callee_name(call) == 'prepare' else f'{_path(call)}()'
            yield from _judge_sql(call, label, sql.sql_text(expr), names)
    for call in scope.captures('unbounded-query.sqlvar'):
        if s.callee_name(call) in runners:
            yield from _judge_sql(call, f'{_path(call)}()', sql.const_sql(s.arguments(call)[0]), names)


def _tagged_runner(template: Node, runners: frozenset[str]) -> tuple[Node, str] | None:
    """``sql`...` ``, ``prisma.$queryRaw`...` `` and the generic ``$queryRaw<T[]>`...` `` (which
    tree-sitter-typescript parses as an instantiation or as two comparisons)."""
    parent = s.parent_of(template)
    tag = None
    if parent is not None and parent.type == 'call_expression' and parent.child_by_field_name('arguments') == template:
        tag = s.callee(parent)
    elif parent is not None and parent.type == 'binary_expression' and parent.child_by_field_name('right') == template:
        left = parent.child_by_field_name('left')
        if left is not None and left.type == 'binary_expression' and s.text(left.child_by_field_name('operator')) == '<':
            tag = left.child_by_field_name('left')
    while tag is not None and tag.type in ('non_null_expression', 'instantiation_expression', 'await_expression'):
        tag = tag.named_children[0] if tag.named_children else None
    if tag is None or parent is None or tag.type not in ('identifier', 'member_expression'):
        return None
    name = s.text(tag.child_by_field_name('property')) if tag.type == 'member_expression' else s.text(tag)
    if name not in runners and name.lower() != 'sql':
        return None
    return parent, s.dotted(tag)


def _runner_call(expr: Node, runners: frozenset[str]) -> Node | None:
    """The call that runs ``expr`` as SQL: ``db.query(expr)``, ``` sql`...` ```, ``query({ text: expr })``."""
    parent = s.parent_of(expr)
    if parent is None:
        return None
    if parent.type == 'pair' and s.text(parent.child_by_field_name('key')) == 'text' and s.parent_of(parent) is not None:
        parent = s.parent_of(s.parent_of(parent))
        expr = s.parent_of(s.parent_of(expr))
        if parent is None:
            return None
    if parent.type != 'arguments' or s.parent_of(parent) is None or s.arguments(s.parent_of(parent))[:1] != [expr]:
        return None
    call = s.parent_of(parent)
    return call if call is not None and s.callee_name(call) in runners else None


def _judge_sql(
        call: Node, runner: str, query: str | None, names: Names,
) -> Iterator[tuple[Node, str]]:
    if query is None:
        return
    table = sql.unbounded_table(query)
    if table is None or (table and sql.is_small_table(table, names['small_tables'])):
        return
    top = s.chain_top(call)
    methods = [s.callee_name(c) for c in s.chain_calls(top)[:-1]]
    if s.callee_name(call) == 'prepare':
        if methods[-1:] != ['all']:
            return  # .get() reads one row, .iterate() streams
    elif any(m in ('stream', 'cursor', 'iterate', 'each', 'pipe', 'values') for m in methods) or _streamed(top):
        return
    statement = ' '.join(query.split())
    statement = statement if len(statement) <= 40 else statement[:37] + '...'
    table = table if len(table) <= 30 else table[:27] + '...'
    if sql.has_group_by(query):
        what = f'one row per group of `{table}`' if table else 'one row per group'
    else:
        what = f'every row of `{table}`' if table else 'every row'
    yield call, f'`{runner}` runs {statement!r} with no WHERE or LIMIT: it loads {what} into memory'


_CALLBACKS = frozenset(('arrow_function', 'function_expression', 'function'))
_TYPEORM_OPTIONS = frozenset((
    'where', 'take', 'skip', 'order', 'relations', 'select', 'cache', 'withDeleted', 'loadEagerRelations',
    'relationLoadStrategy', 'lock', 'comment', 'transaction', 'loadRelationIds',
))
_MODEL_WORDS = lazyre.compile(r'(?:^|[a-z0-9_])(?:Model|Repository|Repo|Collection)$|^(?:model|repository|repo|collection)$')
_PASCAL = lazyre.compile(r'^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$')
_NOT_MODELS = frozenset(('Object', 'Array', 'Promise', 'JSON', 'Math', 'Reflect', 'Map', 'Set', 'Date', 'Intl'))
_STOPS = frozenset(('limit', 'cursor', 'stream', 'eachAsync', 'where', 'countDocuments', 'count',
                    'estimatedDocumentCount', 'distinct', 'explain', 'next', 'hasNext', 'forEach', 'batchSize'))


def _orm_findings(scope: Scope, names: Names) -> Iterator[tuple[Node, str]]:
    tops: set[int] = set()
    for call in scope.captures('unbounded-query.call'):
        yield from _orm_call(call, names, tops)


def _orm_call(call: Node, names: Names, tops: set[int]) -> Iterator[tuple[Node, str]]:
    """The finding for one ``unbounded-query.call`` candidate (``tops``: builder chains seen)."""
    method = s.callee_name(call)
    if method in ('select', 'from'):
        top = s.chain_top(call)
        if top.start_byte * 7 + top.end_byte in tops:
            return
        tops.add(top.start_byte * 7 + top.end_byte)
        yield from _builder(call, top, names)
        return
    top = s.chain_top(call)
    if not _executed(top) and not any(
            s.callee_name(c) in ('then', 'exec', 'toArray') for c in s.chain_calls(top)):
        return
    if _streamed(top):
        return
    if method in ('getMany', 'getRawMany', 'getManyAndCount'):
        result = _query_builder(call)
    elif method == 'findMany':
        result = _find_many(call)
    elif method in ('findAll', 'findAndCountAll'):
        result = _find_all(call)
    else:
        result = _find(call, top)
    if result is not None and not (result[0] and sql.is_small_table(result[0], names['small_tables'])):
        yield call, result[1]


def _receiver_segments(call: Node) -> list[str]:
    obj = s.receiver(call)
    return [p for p in (s.dotted(obj) if obj is not None else '').split('.') if p and p != 'this']


def _unbounded_options(opts: Node | None, bounding: tuple[str, ...]) -> bool:
    """No options, or an options literal with none of ``bounding`` (an empty ``where: {}`` is none)."""
    if opts is None:
        return True
    opts = s.unwrap(opts)
    if opts.type != 'object' or s.has_spread(opts):
        return False
    keys = s.object_keys(opts)
    for key in bounding:
        value = keys.get(key)
        if value is not None and not (value.type == 'object' and not value.named_children):
            return False
    return True


def _find_many(call: Node) -> tuple[str, str] | None:
    segments = _receiver_segments(call)  # prisma.user, db.query.users: a client, then a model
    if len(segments) < 2 or re.search(r'(?:Service|Controller|Api|Client|Resolver)$', segments[-1]):
        return None
    args = s.arguments(call)
    if not _unbounded_options(args[0] if args else None, ('take', 'where', 'cursor', 'limit')):
        return None
    model = _entity(segments[-1])
    return model, f'`{_path(call)}()` has no `where` or `take`, so it loads every `{model}` record into memory'


def _entity(segment: str) -> str:
    """``user`` for ``userRepository``/``userModel``/``usersCollection``; the segment otherwise."""
    return re.sub(r'(?<=[a-z0-9])(?:Model|Repository|Repo|Collection)$', '', segment)


def _is_model(segment: str) -> bool:
    return (bool(_PASCAL.match(segment)) and segment not in _NOT_MODELS) or bool(_MODEL_WORDS.search(segment))


def _find_all(call: Node) -> tuple[str, str] | None:
    segments = _receiver_segments(call)
    if not segments or not _is_model(segments[-1]):
        return None
    args = s.arguments(call)
    if not _unbounded_options(args[0] if args else None, ('where', 'limit')) or _filtered_include(args[0] if args else None):
        return None
    model = _entity(segments[-1])
    return model, f'`{_path(call)}()` has no `where` or `limit`, so it loads every `{model}` record into memory'


def _filtered_include(opts: Node | None) -> bool:
    """Sequelize ``include: [{ model, where }]``: an inner join on a filtered model filters."""
    include = s.object_keys(s.unwrap(opts)).get('include') if opts is not None else None
    return include is not None and include.type == 'array' and any(
        'where' in s.object_keys(item) for item in include.named_children
    )


def _find(call: Node, top: Node) -> tuple[str, str] | None:
    obj = s.receiver(call)
    if obj is None:
        return None
    obj = s.unwrap(obj)
    segments = _receiver_segments(call)
    args = [a for a in s.arguments(call) if not _node_callback(a)]  # Model.find({}, (err, docs) => ...)
    last = segments[-1] if segments else ''
    if last in ('manager', 'entityManager', 'em') or (last.endswith('Manager') and 'cache' not in last.lower()):
        if not args or not _PASCAL.match(s.text(args[0])):
            return None
        if not _unbounded_options(args[1] if len(args) > 1 else None, ('where', 'take')):
            return None
        model = s.text(args[0])
        return model, f'`{_path(call)}({model})` has no `where` or `take`, so it loads every `{model}` record into memory'
    if obj.type == 'call_expression':
        factory = s.callee_name(obj)
        if factory not in ('collection', 'getRepository', 'getMongoRepository', 'model'):
            return None
        factory_args = s.arguments(obj)
        model = (s.string_value(factory_args[0]) or s.text(factory_args[0])) if factory_args else ''
    elif last and _is_model(last):
        model = _entity(last)
    else:
        return None
    if any(s.callee_name(c) in _STOPS for c in s.chain_calls(top)):
        return None
    if not args:
        return model, f'`{_path(call)}()` has no filter or limit, so it loads every `{model}` record into memory'
    first = s.unwrap(args[0])
    if first.type != 'object' or s.has_spread(first):
        return None
    keys = s.object_keys(first)
    if keys and (not set(keys) <= _TYPEORM_OPTIONS or len(args) > 1 or _has_operator(keys.values())):
        return None  # a Mongo filter: field names, a projection after it, or `$` operators
    if keys and not _unbounded_options(first, ('where', 'take')):
        return None
    for extra in args[1:]:
        extra = s.unwrap(extra)
        if extra.type != 'object' or s.has_spread(extra) or 'limit' in s.object_keys(extra):
            return None
    shown = '{}' if not keys else '...'
    return model, f'`{_path(call)}({shown})` has no filter or limit, so it loads every `{model}` record into memory'


def _has_operator(values: Iterable[Node]) -> bool:
    """Whether a value of the object is a Mongo condition (``{ $regex: ... }``, ``{ $in: [...] }``):
    TypeORM's ``order``/``select`` values are field maps, never ``$`` operators."""
    return any(
        v is not None and s.unwrap(v).type == 'object' and any(k.startswith('$') for k in s.object_keys(s.unwrap(v)))
        for v in values
    )


def _query_builder(call: Node) -> tuple[str, str] | None:
    calls = s.chain_calls(call)
    methods = [s.callee_name(c) for c in calls]
    if 'createQueryBuilder' not in methods:
        return None  # a builder assembled elsewhere may be filtered there
    if any(m.startswith(('where', 'andWhere', 'orWhere')) or m in ('take', 'limit', 'stream') for m in methods):
        return None
    qb_args = s.arguments(calls[methods.index('createQueryBuilder')])
    entity = ''
    if qb_args:
        entity = s.string_value(qb_args[0]) or s.text(qb_args[0])
    for c in calls:
        if s.callee_name(c) == 'getRepository' and s.arguments(c):
            entity = s.text(s.arguments(c)[0])
    builder = calls[methods.index('createQueryBuilder')]
    shown = f'{s.callee_path(builder)}()...{s.callee_name(call)}()'
    return entity, f'`{shown}` has no `.where()` or `.take()`, so it loads every row into memory'


_BUILDER_STOPS = frozenset((
    'limit', 'first', 'paginate', 'stream', 'count', 'countDistinct', 'sum', 'avg', 'min', 'max',
    'modify', 'toString', 'toSQL', 'toQuery', 'toSql', '$dynamic', 'iterator', 'as', 'get', 'prepare',
    'insert', 'update', 'del', 'delete', 'findFirst', 'having', 'union',
))


def _builder(call: Node, top: Node, names: Names) -> Iterator[tuple[Node, str]]:
    """Knex ``knex('users').select()`` / Drizzle ``db.select().from(users)`` with no where/limit."""
    calls = s.chain_calls(top)
    methods = [s.callee_name(c) for c in calls]
    if not (_executed(top) or 'then' in methods) or _streamed(top):
        return
    if any(m.startswith(('where', 'andWhere', 'orWhere')) or m in _BUILDER_STOPS for m in methods):
        return
    root_call = calls[-1]
    fn = s.unwrap(s.callee(root_call)) if s.callee(root_call) is not None else None
    table = ''
    if fn is not None and fn.type == 'identifier':
        root = s.text(fn)  # knex('users')
        root_args = s.arguments(root_call)
        table = s.string_value(root_args[0]) or '' if root_args else ''
        if not table:
            return
    else:
        segments = _receiver_segments(root_call)
        root = segments[0] if len(segments) == 1 else ''
    if root not in names['builder_roots']:
        return
    for c in calls:
        if s.callee_name(c) == 'from' and s.arguments(c):
            table = s.string_value(s.arguments(c)[0]) or s.text(s.arguments(c)[0])
        if s.callee_name(c) == 'select' and _aggregate_fields(s.arguments(c)):
            return
    if not table or sql.is_small_table(table, names['small_tables']):
        return
    yield top, f'`{_short(top)}` has no `.where()` or `.limit()`, so it loads every row of `{table}` into memory'


def _aggregate_fields(args: list[Node]) -> bool:
    """Drizzle ``select({ n: count() })`` or ``select({ n: sql`count(*)` })``: one row."""
    if len(args) != 1 or args[0].type != 'object':
        return False
    values = list(s.object_keys(args[0]).values())
    return bool(values) and all(_aggregate_field(v) for v in values)


def _aggregate_field(value: Node) -> bool:
    template = None
    if value.type == 'call_expression':
        if s.callee_name(value) in ('count', 'countDistinct', 'sum', 'avg', 'min', 'max'):
            return True
        if s.callee_name(value) == 'sql':
            template = s.arguments(value)[0] if s.arguments(value) else None
    elif value.type == 'binary_expression' and s.text(value).startswith('sql<'):
        template = value.child_by_field_name('right')  # sql<number>`...` parses as comparisons in TS
    text = s.string_like_text(template)
    return text is not None and sql.aggregate_only(text)
