"""unbounded-query: a read that loads a whole table or collection into memory.

With ten rows in development nobody notices; with ten million in production the process runs
out of memory or the request times out.  Asked for SQL ``SELECT ... FROM t`` with neither
``WHERE`` nor ``LIMIT``/``TOP``/``FETCH FIRST``, Prisma/Drizzle ``findMany()`` with neither
``take``/``limit`` nor ``where``, Sequelize ``findAll()`` with neither ``limit`` nor ``where``,
Mongoose/MongoDB ``find()``/``find({})`` with no ``limit``, TypeORM ``find()``/``getMany()``
with neither ``take`` nor ``where``, and Knex/Drizzle selects with neither ``.where()`` nor
``.limit()``.  Aggregates, streams, cursors, ``for await`` iteration and small lookup tables
(``countries``, ``roles``...; the ``small_tables`` names) are not asked.

Bad::

    async function exportData() {
      const records = await db.query('SELECT * FROM events');
      return records.map(formatRecord);
    }

Good::

    async function* exportData() {
      for await (const row of db.query('SELECT * FROM events').stream()) {
        yield formatRecord(row);
      }
    }
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook import scope as s
from vcx_hook.checks.common import load_query
from vcx_hook.config import Config
from vcx_hook.finding import Finding
from vcx_hook.scope import Scope
from vcx_hook.syntax import Node

Names = Mapping[str, frozenset[str]]
ID = 'unbounded-query'
QUESTION = 'What happens when this returns ten million rows?'
SUMMARY = 'a read with no filter and no limit loads a whole table into memory'
QUERY = load_query(__file__)
NAMES = {
    # Calls that run SQL text and return every row (`db.query(sql)`, `` sql`...` ``, `prepare(sql).all()`).
    'sql_runners': frozenset((
        'query', 'execute', 'raw', 'rawQuery', 'queryRaw', '$queryRaw', '$queryRawUnsafe', 'unsafe',
        'many', 'manyOrNone', 'any', 'all', 'sql', 'SQL', 'prepare', 'runQuery', 'executeQuery',
    )),
    # Roots of Knex/Drizzle builder chains (`knex('users').select()`, `db.select().from(users)`).
    'builder_roots': frozenset((
        'knex', 'db', 'database', 'trx', 'tx', 'drizzle', 'orm', 'pg', 'mysql', 'sqlite',
    )),
    # Lookup tables that are small by construction (singular, lower case, no separators).
    'small_tables': frozenset((
        'country', 'currency', 'language', 'locale', 'timezone', 'role', 'permission', 'setting',
        'config', 'configuration', 'featureflag', 'plan', 'migration', 'knexmigration', 'status',
        'province', 'region', 'category', 'dual',
    )),
}

# Seed data, migrations and maintenance scripts run by hand, on data the author knows.
SETUP_PATH = re.compile(r'(?:^|[/_.-])(?:seeds?|seeders?|seeding|migrations?)(?:[/_.-]|$)|(?:^|/)scripts/', re.I)

# --- SQL --------------------------------------------------------------------------------------

_SQL_NOISE = re.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.S)
_SQL_TOKEN = re.compile(r'\$\{\}|"[^"]*"|`[^`]*`|\[[^\]]*\]|[\w$.]+|\S')
_AGGREGATES = frozenset((
    'count', 'sum', 'avg', 'min', 'max', 'stddev', 'variance', 'bool_and', 'bool_or', 'every',
    'uniq', 'uniqexact',
))
_WRAPPERS = frozenset((
    'coalesce', 'ifnull', 'isnull', 'nvl', 'cast', 'round', 'floor', 'ceil', 'abs', 'nullif', 'to_char',
))
_LIMITS = frozenset(('limit', 'top', 'fetch', 'rownum', 'into'))
_FILTERS = frozenset(('where', 'prewhere', 'limit', 'top', 'rownum'))
_GROUP_BY = re.compile(r'\bgroup\s+by\b', re.I)
_SYSTEM_SCHEMAS = frozenset(('information_schema', 'pg_catalog', 'sys', 'performance_schema', 'mysql'))


def sql_text(node: Node | None) -> str | None:
    """SQL text of a literal, template or ``+`` concatenation; other parts show as ``${}``."""
    if node is None:
        return None
    node = s.unwrap(node)
    if node.type in ('string', 'template_string'):
        return s.string_like_text(node)
    if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        left = sql_text(node.child_by_field_name('left'))
        right = sql_text(node.child_by_field_name('right'))
        if left is None and right is None:
            return None
        return (left if left is not None else '${}') + (right if right is not None else '${}')
    return None


def const_sql(ident: Node) -> str | None:
    """The SQL a ``const`` name was declared with (``let`` may be appended to later)."""
    decl = s.declaration(ident)
    if decl is None or decl.type != 'variable_declarator' or decl.parent is None:
        return None
    keyword = decl.parent.children[0].type if decl.parent.children else ''
    if keyword != 'const':
        return None
    return sql_text(decl.child_by_field_name('value'))


def _tokens(sql: str) -> list[tuple[int, str]]:
    """(depth, token) pairs of the first statement, comments and string literals dropped."""
    out = []
    depth = 0
    for tok in _SQL_TOKEN.findall(_SQL_NOISE.sub(' ? ', sql)):
        if tok == ';' and depth == 0:
            break
        if tok == ')':
            depth = max(depth - 1, 0)
        out.append((depth, tok))
        if tok == '(':
            depth += 1
    return out


def unbounded_table(sql: str, ctes: dict[str, str] | None = None) -> str | None:
    """The table a SELECT reads whole (``''`` when it is a dynamic name), or ``None`` when the
    statement is not a SELECT, or is filtered, limited, aggregated or built dynamically."""
    toks = _tokens(sql)
    if not toks or toks[0][1].lower() not in ('select', 'with'):
        return None
    base = toks[0][0]
    starts = [i for i, (d, t) in enumerate(toks) if d == base and t.lower() == 'select']
    if not starts:
        return None
    ctes = {**(ctes or {}), **_ctes(toks[:starts[0]], base)}
    main = toks[starts[0]:]
    if any(d == base and t.lower() in _LIMITS for d, t in main):
        return None
    branches: list[list[tuple[int, str]]] = [[]]
    for d, t in main:
        if d == base and t.lower() in ('union', 'intersect', 'except'):
            branches.append([])
        else:
            branches[-1].append((d, t))
    for branch in branches:
        table = _unbounded_branch(branch, base, ctes)
        if table is not None:
            return table
    return None


def _ctes(toks: list[tuple[int, str]], base: int) -> dict[str, str]:
    """``WITH name AS (body), ...``: each common table expression's body by lower-case name."""
    out = {}
    for i, (d, t) in enumerate(toks):
        if d == base and t == '(' and i >= 2 and toks[i - 1][1].lower() in ('as', 'materialized'):
            j = i - 1
            while j > 0 and toks[j][1].lower() in ('as', 'not', 'materialized'):
                j -= 1
            if toks[j][1] == ')':  # name(col, ...) AS (...)
                j = max(k for k in range(j) if toks[k] == (base, '(')) - 1
            end = next((k for k in range(i + 1, len(toks)) if toks[k] == (base, ')')), len(toks))
            out[toks[j][1].strip('"`').lower()] = ' '.join(t for _, t in toks[i + 1:end])
    return out


def _source(toks: list[tuple[int, str]], at: int, base: int, ctes: dict[str, str]) -> tuple[str | None, int]:
    """What the table reference at ``toks[at]`` reads whole (``None`` if bounded), and where it ends."""
    tok = toks[at][1]
    if tok == '(':
        end = next((i for i in range(at + 1, len(toks)) if toks[i] == (base, ')')), len(toks))
        return unbounded_table(' '.join(t for _, t in toks[at + 1:end]), ctes), end + 1
    if at + 1 < len(toks) and toks[at + 1][1] == '(':
        return None, at + 1  # a table function: generate_series(...), unnest($1)
    name = tok.strip('"`[]')
    if name.lower() in ctes:
        rest = {k: v for k, v in ctes.items() if k != name.lower()}
        return unbounded_table(ctes[name.lower()], rest), at + 1
    return ('' if name == '${}' else name), at + 1


def _unbounded_branch(toks: list[tuple[int, str]], base: int, ctes: dict[str, str]) -> str | None:
    top = [i for i, (d, _) in enumerate(toks) if d == base]
    words = [toks[i][1].lower() for i in top]
    if 'from' not in words or any(w in _FILTERS for w in words):
        return None
    from_at = top[words.index('from')]
    if 'group' not in words and _aggregate_only(toks[1:from_at], base):
        return None
    if from_at + 1 >= len(toks):
        return None
    table, after = _source(toks, from_at + 1, base, ctes)
    if table is None:
        return None
    for i in range(after, len(toks)):
        d, t = toks[i]
        if d != base:
            continue
        if t == '${}':
            return None  # a clause built at run time may hold the WHERE or LIMIT
        if t.lower() == 'join' and i + 1 < len(toks) and not _outer_join(toks, i):
            joined, _ = _source(toks, i + 1, base, ctes)
            if joined is None:
                return None  # an inner join with a filtered set filters this one too
    return table


def _outer_join(toks: list[tuple[int, str]], join_at: int) -> bool:
    before = {toks[k][1].lower() for k in range(max(join_at - 2, 0), join_at)}
    return bool(before & {'left', 'right', 'full', 'cross'})


def _aggregate_only(items: list[tuple[int, str]], base: int) -> bool:
    """Whether a select list has only aggregates (one row), e.g. ``COUNT(*), SUM(x) AS total``."""
    parts: list[list[str]] = [[]]
    for d, t in items:
        if d == base and t == ',':
            parts.append([])
        else:
            parts[-1].append(t.lower())
    for part in parts:
        while part and part[0] in ('distinct', 'all'):
            part = part[1:]
        while len(part) > 1 and part[0] in _WRAPPERS and part[1] == '(':
            part = part[2:]
        if 'over' in part:
            return False
        if len(part) > 1 and part[0] in _AGGREGATES and part[1] == '(':
            continue
        if len(part) == 1 and (part[0] == '?' or part[0].isdigit()):
            continue
        return False
    return True


def is_small_table(name: str, small: frozenset[str]) -> bool:
    """Whether ``name`` (SQL table, model, entity or collection name) is a small lookup table."""
    schema, _, table = name.rpartition('.')
    if schema.strip('"`[]').lower() in _SYSTEM_SCHEMAS:
        return True
    if table.lower().startswith(('pg_', 'sqlite_')):
        return True
    key = re.sub(r'[^a-z0-9]', '', table.lower())
    for singular in (key, key[:-3] + 'y' if key.endswith('ies') else key,
                     key[:-2] if key.endswith(('ses', 'xes')) else key, key[:-1] if key.endswith('s') else key):
        if singular in small:
            return True
    return False


# --- shared shapes ----------------------------------------------------------------------------

def chain_top(call: Node) -> Node:
    """The outermost call of a method chain starting at ``call`` (``a.b().c()`` for ``a.b()``)."""
    node = call
    while True:
        parent = node.parent
        if parent is None or parent.type != 'member_expression' or parent.child_by_field_name('object') != node:
            return node
        grand = parent.parent
        if grand is None or grand.type != 'call_expression':
            return node
        node = grand


def chain_calls(top: Node) -> list[Node]:
    """Calls of a chain from the outermost down to the innermost."""
    out = []
    node: Node | None = top
    while node is not None and node.type == 'call_expression':
        out.append(node)
        fn = s.unwrap(s.callee(node)) if s.callee(node) is not None else None
        node = s.unwrap(fn.child_by_field_name('object')) if fn is not None and fn.type == 'member_expression' else None
    return out


def _executed(top: Node) -> bool:
    """Awaited, returned, yielded, or given a callback: the rows are actually fetched here."""
    if s.is_awaited(top):
        return True
    parent = top.parent
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
    parent = s.outer_expression(top).parent
    return parent is not None and parent.type == 'for_in_statement' and any(c.type == 'await' for c in parent.children)


def _short(node: Node, limit: int = 40) -> str:
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def _path(call: Node) -> str:
    path = s.callee_path(call) or _short(call)
    return path if len(path) <= 40 else '...' + path[-37:]


# --- checks -----------------------------------------------------------------------------------

def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if SETUP_PATH.search(scope.path):
        return
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
            yield from _judge_sql(tagged[0], tagged[1], sql_text(lit), names)
            continue
        expr = lit
        while expr.parent is not None and expr.parent.type in ('binary_expression', 'parenthesized_expression'):
            expr = expr.parent
        call = _runner_call(expr, runners)
        if call is not None:
            label = f'{_path(call)}().all()' if s.callee_name(call) == 'prepare' else f'{_path(call)}()'
            yield from _judge_sql(call, label, sql_text(expr), names)
    for call in scope.captures('unbounded-query.sqlvar'):
        if s.callee_name(call) in runners:
            yield from _judge_sql(call, f'{_path(call)}()', const_sql(s.arguments(call)[0]), names)


def _tagged_runner(template: Node, runners: frozenset[str]) -> tuple[Node, str] | None:
    """``sql`...` ``, ``prisma.$queryRaw`...` `` and the generic ``$queryRaw<T[]>`...` `` (which
    tree-sitter-typescript parses as an instantiation or as two comparisons)."""
    parent = template.parent
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
    parent = expr.parent
    if parent is None:
        return None
    if parent.type == 'pair' and s.text(parent.child_by_field_name('key')) == 'text' and parent.parent is not None:
        parent = parent.parent.parent
        expr = expr.parent.parent
        if parent is None:
            return None
    if parent.type != 'arguments' or parent.parent is None or s.arguments(parent.parent)[:1] != [expr]:
        return None
    call = parent.parent
    return call if call is not None and s.callee_name(call) in runners else None


def _judge_sql(
        call: Node, runner: str, sql: str | None, names: Names,
) -> Iterator[tuple[Node, str]]:
    if sql is None:
        return
    table = unbounded_table(sql)
    if table is None or (table and is_small_table(table, names['small_tables'])):
        return
    top = chain_top(call)
    methods = [s.callee_name(c) for c in chain_calls(top)[:-1]]
    if s.callee_name(call) == 'prepare':
        if methods[-1:] != ['all']:
            return  # .get() reads one row, .iterate() streams
    elif any(m in ('stream', 'cursor', 'iterate', 'each', 'pipe', 'values') for m in methods) or _streamed(top):
        return
    statement = ' '.join(sql.split())
    statement = statement if len(statement) <= 40 else statement[:37] + '...'
    table = table if len(table) <= 30 else table[:27] + '...'
    if _GROUP_BY.search(sql):
        what = f'one row per group of `{table}`' if table else 'one row per group'
    else:
        what = f'every row of `{table}`' if table else 'every row'
    yield call, f'`{runner}` runs {statement!r} with no WHERE or LIMIT: it loads {what} into memory'


_CALLBACKS = frozenset(('arrow_function', 'function_expression', 'function'))
_TYPEORM_OPTIONS = frozenset((
    'where', 'take', 'skip', 'order', 'relations', 'select', 'cache', 'withDeleted', 'loadEagerRelations',
    'relationLoadStrategy', 'lock', 'comment', 'transaction', 'loadRelationIds',
))
_MODEL_WORDS = re.compile(r'(?:^|[a-z0-9_])(?:Model|Repository|Repo|Collection)$|^(?:model|repository|repo|collection)$')
_PASCAL = re.compile(r'^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$')
_NOT_MODELS = frozenset(('Object', 'Array', 'Promise', 'JSON', 'Math', 'Reflect', 'Map', 'Set', 'Date', 'Intl'))
_STOPS = frozenset(('limit', 'cursor', 'stream', 'eachAsync', 'where', 'countDocuments', 'count',
                    'estimatedDocumentCount', 'distinct', 'explain', 'next', 'hasNext', 'forEach', 'batchSize'))


def _orm_findings(scope: Scope, names: Names) -> Iterator[tuple[Node, str]]:
    small = names['small_tables']
    tops: set[int] = set()
    for call in scope.captures('unbounded-query.call'):
        method = s.callee_name(call)
        if method in ('select', 'from'):
            top = chain_top(call)
            if top.start_byte * 7 + top.end_byte in tops:
                continue
            tops.add(top.start_byte * 7 + top.end_byte)
            yield from _builder(call, top, names)
            continue
        top = chain_top(call)
        if not _executed(top) and not any(
                s.callee_name(c) in ('then', 'exec', 'toArray') for c in chain_calls(top)):
            continue
        if _streamed(top):
            continue
        if method in ('getMany', 'getRawMany', 'getManyAndCount'):
            result = _query_builder(call)
        elif method == 'findMany':
            result = _find_many(call)
        elif method in ('findAll', 'findAndCountAll'):
            result = _find_all(call)
        else:
            result = _find(call, top)
        if result is not None and not (result[0] and is_small_table(result[0], small)):
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
    if any(s.callee_name(c) in _STOPS for c in chain_calls(top)):
        return None
    if not args:
        return model, f'`{_path(call)}()` has no filter or limit, so it loads every `{model}` record into memory'
    first = s.unwrap(args[0])
    if first.type != 'object' or s.has_spread(first):
        return None
    keys = s.object_keys(first)
    if keys and not set(keys) <= _TYPEORM_OPTIONS:
        return None  # a Mongo filter
    if keys and not _unbounded_options(first, ('where', 'take')):
        return None
    for extra in args[1:]:
        extra = s.unwrap(extra)
        if extra.type != 'object' or s.has_spread(extra) or 'limit' in s.object_keys(extra):
            return None
    shown = '{}' if not keys else '...'
    return model, f'`{_path(call)}({shown})` has no filter or limit, so it loads every `{model}` record into memory'


def _query_builder(call: Node) -> tuple[str, str] | None:
    calls = chain_calls(call)
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
    calls = chain_calls(top)
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
    if not table or is_small_table(table, names['small_tables']):
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
    return text is not None and _aggregate_only(_tokens(text), 0)
