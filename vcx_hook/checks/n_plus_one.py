"""n-plus-one: a query made once per element of a loop, where one batched query would do.

A query inside a loop costs one database round trip per element. With ten rows in development
nobody notices; with ten thousand in production the request makes ten thousand round trips, holds
a connection for all of them, and times out. One query with `IN (...)`, a join or an `include`
does the same work in one trip.

Asked when a touched function awaits a call to a data store, with an argument that comes from the
element (the loop variable, `xs[i]`, or a name computed from them in the body):

- in the body of a `for`, `for-of`, `for-in`, `while` or `do` loop;
- in a `forEach`/`map`/`flatMap`/`reduce` callback (`await` inside it), or returned from a `map`
  callback whose promises are gathered (`Promise.all(xs.map(x => ...))`, also when the
  `Promise.all` is returned or the mapped array is kept in a `const` first), `Promise.map`, `pMap`;
- pushed into an array of promises in the loop, or gathered in `Promise.all([...])` inside it;
- `Promise.all(userIds.map(getUser))`: a loader helper handed to `map` by name.

Data stores known by name: Prisma (`prisma.user.findUnique`, `db.user...`, `tx...`), Sequelize
(`User.findByPk`, association getters such as `post.getComments()` on the element), TypeORM
(repositories, `manager`, query builders), Mongoose and the MongoDB driver (`Model.findById`,
`db.collection('x').findOne`), Knex (`knex('users').where(...).first()`), node-postgres and mysql2
(`pool.query`, `conn.execute`, SQL runners), Drizzle (`db.select()...`, `db.insert(t).values()`,
`db.query.t.findFirst`), Redis (`redis.get`, or any `client` in a file importing a Redis client),
service and repository methods (`this.usersService.findById`), and helpers whose names say they
load a record (`getProfile`, `fetchUser`, `loadOrder`, `findXById`) when given the element's id,
key, slug or email.

Not asked:

- loops with no element: pagination (`do { ... cursor = page.next } while (cursor)`), retries
  (`for (let attempt = 0; ...)`), counters used only as numbers;
- `for await (const doc of cursor)`: reading a cursor or stream is already batched;
- calls whose arguments do not come from the element (the same query every time is a different
  smell, and usually cached);
- batching APIs: DataLoader `.load`, `createMany`/`insertMany`/`bulkCreate`/`bulkWrite`, and loops
  over chunks (`for (const batch of chunk(ids, 500))`, `batches[i]`) handed to a batch call;
- loops over a short literal list or a constant (`for (const role of ['admin', 'user'])`,
  `ROLES`), and over files, tables, schemas or migrations (the loop is about them, not records);
- updates whose values differ for every element (Prisma and Sequelize have no single statement
  for them), and creates or updates whose returned records are used (`createMany` returns none);
- a query in a `catch` block (it runs when one element fails) or returned from a loop (it runs
  once, for the first match), and promises that are never awaited;
- HTTP calls (`fetch`, `axios`, `api.*`), object storage and helpers named for something other
  than a record (`getSignedUrl`, `getFileSize`, `fetchAnalytics`), and loader helpers in browser
  code (there they are API requests);
- seed files, migrations and `scripts/`.

Bad:

```js
async function getPostsWithAuthors(postIds) {
  const posts = await db.posts.findMany({ where: { id: { in: postIds } } });
  for (const post of posts) {
    post.author = await db.users.findUnique({ where: { id: post.authorId } });
  }
  return posts;
}
```

Good:

```js
async function getPostsWithAuthors(postIds) {
  return db.posts.findMany({
    where: { id: { in: postIds } },
    include: { author: true },
  });
}
```

Answer it in code when the loop is bounded by something the hook cannot see:

```js
// vcx-ignore n-plus-one -- at most three payment providers per account
for (const provider of account.providers) {
  await db.providerStatus.findUnique({ where: { id: provider.id } });
}
```

Names the configuration can extend (`[checks.n-plus-one]`):

- `data_receivers`: words in a receiver path that mark the data layer (`prisma`, `db`, `repository`,
  `service`...);
- `query_methods`: ORM, driver and query-builder methods that read or write records;
- `sql_runners`: calls that run SQL text (`query`, `execute`, `$queryRaw`, `sql`...);
- `builder_roots`: roots of Knex builder chains called with a table name (`knex`, `db`, `trx`...);
- `redis_methods`: Redis commands asked on Redis clients;
- `not_stores`: words of receivers that are not a database (`api`, `mail`, `queue`, `storage`...),
  unless the path goes through one (`prisma.sentEmail` is a table);
- `loader_verbs`: first words of helpers that load one record (`get`, `fetch`, `load`, `find`...);
- `not_records`: words in helper names that are not records in a store (`url`, `file`, `response`...);
- `not_elements`: words of loop variables that are not records (`file`, `table`, `migration`...).
"""
from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from typing import Literal
from typing import NamedTuple

from vcx_hook.config import Config
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import stores
from vcx_hook.finding import Finding
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
ID = 'n-plus-one'
QUESTION = 'Could one batched query replace the query made for every element?'
# Held-out precision 32% (25 judged findings, bench/judged): its questions are listed, not blocking,
# until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'a query awaited once per element of a loop'
# Candidates are found from keywords, punctuation and names (`_iterations_in`, `_used_calls`).
QUERY = ''
NAMES = {
    # Words in a receiver path that mark the data layer (`prisma.user`, `this.userRepository`, `ctx.db`).
    'data_receivers': stores.LOOP_RECEIVERS,
    # ORM, driver and query-builder methods that read or write records.
    'query_methods': stores.QUERY_METHODS,
    # Calls that run SQL text (`pool.query(sql, [id])`, `` sql`... ${id}` ``).
    'sql_runners': stores.LOOP_SQL_RUNNERS,
    # Roots of Knex builder chains called with a table name (`knex('users')`, `trx('users')`).
    'builder_roots': stores.BUILDER_ROOTS,
    # Redis commands, asked on receivers named like Redis (or any client in a file importing one).
    'redis_methods': stores.REDIS_METHODS,
    # First words of helpers that load a record (`getProfile(u.id)`, `fetchUser(id)`).
    'loader_verbs': frozenset(('get', 'fetch', 'load', 'find', 'retrieve', 'lookup')),
    # Words of receivers that are not a database: HTTP clients, batching loaders, caches, mail,
    # queues, files (`api.users.get(id)`, `userLoader.load(id)`, `this.mailService.create(...)`).
    'not_stores': frozenset((
        'api', 'http', 'https', 'axios', 'loader', 'loaders', 'dataloader', 'cache', 'fs',
        'email', 'mail', 'mailer', 'sms', 'push', 'queue', 'webhook', 'slack', 'stripe', 'storage',
        's3', 'bucket', 'upload', 'logger', 'analytics', 'notifier', 'openai', 'github',
    )),
    # Words of loop variables that are not records: one statement per file or table is the point.
    'not_elements': frozenset((
        'file', 'files', 'path', 'paths', 'dir', 'directory', 'table', 'tablename', 'schema',
        'migration', 'locale', 'language', 'lang', 'attempt', 'retry',
    )),
    # Words in helper names that are not records in a store (`getSignedUrl`, `getFileSize`).
    'not_records': frozenset((
        'url', 'urls', 'uri', 'file', 'files', 'image', 'images', 'path', 'paths', 'config', 'env',
        'hash', 'icon', 'signed', 'html', 'text', 'content', 'contents', 'template', 'stream',
        'buffer', 'blob', 'size', 'width', 'height', 'color', 'style', 'locale', 'translation',
        'translations', 'element', 'node', 'dom', 'bounds', 'position', 'token', 'secret', 'env',
        'dir', 'directory', 'module', 'package', 'schema', 'type', 'time', 'date', 'avatar',
        'response', 'request', 'analytics', 'metric', 'metrics', 'preview', 'embedding', 'embeddings',
        'completion', 'screenshot', 'thumbnail', 'favicon', 'dns', 'weather',
    )),
}

_PASCAL = re.compile(r'^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$')
_CONSTANT = re.compile(r'^[A-Z][A-Z0-9_]*$')
_ID_LIKE = re.compile(r'^_?(?:id|key|slug|uuid|email|username)s?$|[a-z0-9](?:Id|ID|Key|Slug|Uuid|UUID|Email)s?$'
                      r'|_(?:id|key|slug|uuid)s?$')
_COUNT = re.compile(r'count[A-Z]')
_BY = re.compile(r'By[A-Z]|For[A-Z]')
_SQL = re.compile(r'^\s*(?:select|insert|update|delete|with|replace|merge)\b', re.I)
_CHUNK = re.compile(r'chunk|batch|slice|partition', re.I)
_CHUNKS = re.compile(r'(?:chunk|batche|slice|partition)s$', re.I)
_REDIS_IMPORT = re.compile(rb'''['"](?:''' + '|'.join(map(re.escape, stores.REDIS_PACKAGES)).encode() + rb''')['"]''')
_GATHERERS = frozenset(('all', 'allSettled'))
_EACH = frozenset(('map', 'forEach', 'flatMap', 'reduce', 'reduceRight'))
_PMAP = frozenset(('pMap', 'pMapSeries', 'pEachSeries'))
_PROMISE_LIBS = frozenset(('Promise', 'Bluebird', 'BPromise', 'P'))
_MAX_FIXED = 10
_NOT_DATA = frozenset(('where', 'select', 'include', 'omit', 'returning'))
_NOT_NOUNS = frozenset(('id', 'ids', 'key', 'keys', 'name', 'names', 'label', 'title'))
_DECLARATION = re.compile(rb'\b(?:const|let|var)\s+(\{[^}]*\}|\[[^\]]*\]|[\w$]+)')
_NAME = re.compile(rb'[\w$]+')
_SQL_SET = re.compile(r'\bset\b(.*?)(?:\bwhere\b|$)', re.I | re.S)
_PLACEHOLDER = re.compile(r'\$\d|\?|\$\{\}|:\w')


class Iteration(NamedTuple):
    node: Node  # the loop statement, or the call taking the per-element callback
    body: Node  # the loop body or the callback
    elements: frozenset[bytes]  # names bound to the element
    counters: frozenset[bytes]  # `xs[i]` with one of these as index is an element
    where: str  # 'the for-of loop over `posts`', '`users.map()`'
    gathers: bool  # a promise the callback returns is awaited (Promise.all(xs.map(...)), pMap)
    file: File  # where ``_declared`` reads the names declared in the body, when asked


class DataCall(NamedTuple):
    label: str
    link: Node  # the call of the chain that reaches the store
    kind: str  # 'read' | 'create' | 'update' | 'helper' | 'getter' | '' (batching, HTTP: not asked)


# --- checks -----------------------------------------------------------------------------------

def relevant(scope: Scope, config: Config) -> bool:
    """Every finding is a call inside an iteration the query takes (a ``for``/``while``/``do``
    loop, or a callback of one of ``ITERATION_WORDS``), or a function handed by name to
    ``map``/``flatMap``/``forEach``: the file must hold one of those words."""
    return not scope.file.words.isdisjoint(_ITERATION_WORDS)


# The loop keywords and the callback methods of the query (tests/n_plus_one_test.py holds them to the .scm).
ITERATION_WORDS = frozenset((
    'for', 'while', 'do', 'map', 'forEach', 'flatMap', 'reduce', 'reduceRight',
    'pMap', 'pMapSeries', 'pEachSeries', 'mapSeries', 'each',
))
_ITERATION_WORDS = frozenset(w.encode() for w in ITERATION_WORDS)


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    names = config.names[ID]
    bodies, refs = _iterations_in(scope)
    inside = _inside_any(bodies)
    if inside is not None:
        seen: set[tuple[int, int]] = set()
        # Only inside the iterations (an eighth of webpack's bytes).
        for call in _used_calls(scope.file, _outermost(bodies)):
            key = (call.start_byte, call.end_byte)
            if key in seen or not inside(call.start_byte):
                continue
            seen.add(key)
            found = _per_element(scope, call, names)
            if found is not None:
                message, loop = found
                yield scope.finding(call, ID, message, QUESTION, evidence=(loop,))
    for ref in refs:
        by_name = _per_reference(scope, ref, names)
        if by_name is not None:
            yield scope.finding(ref, ID, by_name, QUESTION)


_USE_KEYWORDS = frozenset((b'await', b'return'))
_USE_TYPES = frozenset(('await', 'return'))
# Punctuation that starts a use: an arrow's body (`x => load(x)`), an array's element (`[load(x)]`).
_USE_TOKENS = ((b'=>', 'arrow_function'), (b'[', 'array'))


def _used_calls(file: File, ranges: list[tuple[int, int]]) -> list[Node]:
    """The calls starting in ``ranges`` whose promise is used: awaited, returned, an arrow's body,
    an array's element, or pushed (``xs.push(load(x))``), in document order.  Found from the
    keywords, the punctuation and ``push``, each looked up in the tree."""
    found: dict[tuple[int, int], Node] = {}

    def add(node: Node | None) -> None:
        if node is not None and node.type == 'call_expression' and any(a <= node.start_byte < b for a, b in ranges):
            found.setdefault((node.start_byte, node.end_byte), node)

    for keyword in file.named(_USE_KEYWORDS, ranges, _USE_TYPES):
        parent = s.parent_of(keyword)
        if parent is not None and parent.type in ('await_expression', 'return_statement'):
            for child in parent.named_children:
                add(child)
    source = file.source
    lookup = functools.partial(s.descendant, file.tree.root)
    for token, kind in _USE_TOKENS:
        text = token.decode()
        for start, end in ranges:
            pos = source.find(token, start, end)
            while pos != -1:
                node = lookup(pos, pos + len(token))
                parent = s.parent_of(node) if node is not None and node.type == text else None
                if parent is not None and parent.type == kind:
                    if kind == 'arrow_function':
                        add(parent.child_by_field_name('body'))
                    else:
                        for child in parent.named_children:
                            add(child)
                pos = source.find(token, pos + len(token), end)
    for name in file.named(_PUSH, ranges):
        call = s.called_by(name) if name.type == 'property_identifier' else None
        args = call.child_by_field_name('arguments') if call is not None else None
        if args is not None and args.type == 'arguments':
            for child in args.named_children:
                add(child)
    return sorted(found.values(), key=s.document_order)


_PUSH = frozenset((b'push',))
_LOOP_KEYWORDS = frozenset((b'for', b'while', b'do'))
_KEYWORD_TYPES = frozenset(('for', 'while', 'do'))
_EACH_NAMES = frozenset((b'map', b'forEach', b'flatMap', b'reduce', b'reduceRight'))  # xs.map(fn)
_PMAP_NAMES = frozenset((b'pMap', b'pMapSeries', b'pEachSeries', b'map', b'mapSeries', b'each'))  # pMap(xs, fn)
_REF_NAMES = frozenset((b'map', b'flatMap', b'forEach'))  # xs.map(getUser)
_CALLBACK_NAMES = _EACH_NAMES | _PMAP_NAMES
_CALLBACK_TYPES = frozenset(('arrow_function', 'function_expression'))


def _iterations_in(scope: Scope) -> tuple[list[Node], list[Node]]:
    """The bodies of the loops and per-element callbacks that start in the scope, and the
    functions handed by name to ``map``/``flatMap``/``forEach``: found from their keywords and
    method names (``File.named``), not by walking the tree."""
    bodies: list[Node] = []
    refs: list[Node] = []
    for keyword in scope.file.named(_LOOP_KEYWORDS, scope.ranges, _KEYWORD_TYPES):
        loop = s.parent_of(keyword)
        body = loop.child_by_field_name('body') if loop is not None and loop.type in s.LOOP_TYPES else None
        if body is not None:
            bodies.append(body)
    for name in scope.named(_CALLBACK_NAMES):
        call = s.called_by(name)
        if call is None:
            continue
        args = s.arguments(call)
        word = name.text
        member = name.type == 'property_identifier'
        if member and word in _EACH_NAMES and args[:1] and args[0].type in _CALLBACK_TYPES:
            bodies.append(args[0])
        if word in _PMAP_NAMES and len(args) > 1 and args[1].type in _CALLBACK_TYPES:
            bodies.append(args[1])
        if member and word in _REF_NAMES and len(args) == 1 and args[0].type == 'identifier' and scope.contains(args[0]):
            refs.append(args[0])
    fn = scope.node
    if fn is not None and fn.type in _CALLBACK_TYPES and scope.contains(fn) and fn not in bodies:
        call = s.calling(fn)  # the touched function is itself a callback: its method is outside it
        name = s.callee(call) if call is not None else None
        name = name.child_by_field_name('property') if name is not None and name.type == 'member_expression' else name
        if name is not None and s.called_by(name) == call:
            args = s.arguments(call)
            word = name.text
            if (name.type == 'property_identifier' and word in _EACH_NAMES and args[:1] == [fn]) or (
                    word in _PMAP_NAMES and args[1:2] == [fn]):
                bodies.append(fn)
    bodies.sort(key=s.document_order)
    refs.sort(key=s.document_order)
    return bodies, refs


def _outermost(bodies: list[Node]) -> list[tuple[int, int]]:
    """The byte ranges of ``bodies`` (sorted by start) that no other one holds."""
    out: list[tuple[int, int]] = []
    for body in bodies:
        if out and body.start_byte < out[-1][1]:
            if body.end_byte > out[-1][1]:
                out[-1] = (out[-1][0], body.end_byte)
            continue
        out.append((body.start_byte, body.end_byte))
    return out


def _inside_any(bodies: list[Node]) -> Callable[[int], bool] | None:
    """A test for "this byte is inside one of ``bodies``" (``None`` when there are none)."""
    if not bodies:
        return None
    spans = sorted((b.start_byte, b.end_byte) for b in bodies)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))

    def test(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and reach[i] > pos
    return test


def _per_element(scope: Scope, call: Node, names: Names) -> tuple[str, Node] | None:
    """The message and the iteration's head when ``call`` queries a store once per element of
    an iteration around it."""
    used = _use(call)
    if used is None:
        return None
    chain = s.chain_calls(call)
    data = _data_call(chain, names, scope.file)
    if data is None:
        return None
    iterations = _iterations(call, names, scope.file)
    if used == 'returned':
        # A returned promise runs per element only as a gathered callback's result.
        first = next(iterations, None)
        if first is None or not first.gathers or s.enclosing_function(call) != first.body:
            return None
        iterations = iter((first,))
    for it in iterations:
        element = _element_in(chain, it, call) if data.kind != 'getter' else _getter_of(data.link, it)
        if element is None:
            continue
        catch = s.inside(call, ('catch_clause',))
        if catch is not None and catch.start_byte > it.body.start_byte:
            return None  # only when one element fails
        if not _batchable(data, chain, it, call, used):
            return None
        line = it.node.start_point.row + 1
        return f'`{data.label}` runs once per {element} of {it.where} on line {line}', it.node
    return None


def _getter_of(call: Node, it: Iteration) -> str | None:
    """``user.getPosts()`` on the element: a lazy association load (Sequelize, TypeORM lazy relations)."""
    obj = s.receiver(call)
    if obj is None or s.unwrap(obj).type != 'identifier' or s.unwrap(obj).text not in it.elements:
        return None
    return f'`{s.text(obj)}`' if len(it.elements) == 1 else 'element'


def _per_reference(scope: Scope, ref: Node, names: Names) -> str | None:
    """``Promise.all(userIds.map(getUser))``: a loader helper handed to ``map`` by name."""
    call = s.parent_of(s.parent_of(ref)) if s.parent_of(ref) is not None else None
    if call is None or call.type != 'call_expression' or s.is_ui_file(scope.file):
        return None
    name = s.text(ref)
    obj = s.receiver(call)
    method = s.callee_name(call)
    if obj is None or not _loader_name(name, names) or (method != 'forEach' and not _gathered(call)):
        return None
    if not (_BY.search(name) or _ID_LIKE.search(_tail(obj))) or _small_fixed(obj) or _chunks(obj):
        return None
    return f'`{name}()` runs once per element of `{_short(obj, 24)}.{method}()` on line {call.start_point.row + 1}'


def _batchable(data: DataCall, chain: list[Node], it: Iteration, call: Node, used: str) -> bool:
    """Whether one call could do the work of the per-element ones."""
    if data.kind == 'helper':
        return _id_argument(data.link, it, call)
    if data.kind in ('create', 'update') and _result_used(call, used, it):
        return False  # `createMany`/`updateMany` return no records to use afterwards
    if data.kind == 'update':
        # Different data per element is not one UPDATE (Prisma/Sequelize have no bulk form).
        return not any(_mentions(n, it, call, 0, loose=True) for n in _update_data(data.link, chain))
    return True


def _use(call: Node) -> str | None:
    """How the promise of ``call`` is used: 'awaited' (or gathered), 'returned', or None."""
    parent = s.parent_of(s.outer_expression(call))
    if parent is None:
        return None
    if s.is_awaited(call) or parent.type == 'array':
        return 'awaited'
    if parent.type == 'arguments' and s.parent_of(parent) is not None and s.callee_name(s.parent_of(parent)) == 'push':
        return 'awaited'
    if parent.type == 'return_statement' or (
            parent.type == 'arrow_function' and parent.child_by_field_name('body') == s.outer_expression(call)):
        return 'returned'
    return None


# --- iterations --------------------------------------------------------------------------------

def _iterations(call: Node, names: Names, file: File) -> Iterator[Iteration]:
    """Loops and per-element callbacks around ``call``, innermost first, up to the first function
    that is not a per-element callback (or a ``for await`` loop).  Found as they are asked for:
    the innermost usually answers, and each of a thousand nested loops has its own calls."""
    child = call
    for node in s.ancestors(call):
        if node.type in s.LOOP_TYPES:
            if node.child_by_field_name('body') == child:
                if node.type == 'for_in_statement' and any(c.type == 'await' for c in node.children):
                    return  # reading a cursor or stream
                it = _loop(node, child, names, file)
                if it is not None:
                    yield it
        elif node.type in s.FUNCTION_TYPES:
            callback = _callback(node, names, file)
            if callback is None:
                return
            if callback is not False:
                yield callback
        child = node


def _loop(loop: Node, body: Node, names: Names, file: File) -> Iteration | None:
    if loop.type == 'for_in_statement':
        left = loop.child_by_field_name('left')
        right = loop.child_by_field_name('right')
        if left is None or right is None or not _records(right, _bound(left), names):
            return None
        op = s.text(loop.child_by_field_name('operator')) or 'of'
        where = f'the for-{op} loop over `{_short(right, 24)}`'
        return Iteration(loop, body, _bound(left), frozenset(), where, False, file)
    if loop.type == 'for_statement':
        init = loop.child_by_field_name('initializer')
        counters = _bound(init) if init is not None else frozenset()
        return Iteration(loop, body, frozenset(), counters, 'the for loop', False, file) if counters else None
    cond = loop.child_by_field_name('condition')
    counters = frozenset(n.text for n in _identifiers(cond)) if cond is not None else frozenset()
    kind = 'while' if loop.type == 'while_statement' else 'do-while'
    return Iteration(loop, body, frozenset(), counters, f'the {kind} loop', False, file) if counters else None


def _callback(fn: Node, names: Names, file: File) -> Iteration | Literal[False] | None:
    """The iteration when ``fn`` is a per-element callback; ``False`` when it is one over a small
    fixed list (skipped, but the search goes on outside); ``None`` when it is no such callback."""
    args = s.parent_of(fn)
    if args is None or args.type != 'arguments' or s.parent_of(args) is None:
        return None
    call = s.parent_of(args)
    given = s.arguments(call)
    method = s.callee_name(call)
    target = s.callee(call)
    target = s.unwrap(target) if target is not None else None
    obj = s.receiver(call)
    if method in _EACH and obj is not None and given[:1] == [fn]:
        iterable = obj
        index = 1 if method.startswith('reduce') else 0
        gathers = method in ('map', 'flatMap') and _gathered(call)
        where = f'`{_short(obj, 24)}.{method}()`'
    elif len(given) >= 2 and given[1] == fn and target is not None and (
            (target.type == 'identifier' and method in _PMAP)
            or (obj is not None and s.text(obj) in _PROMISE_LIBS and method in ('map', 'mapSeries', 'each'))):
        iterable = given[0]
        index = 0
        gathers = True
        where = f'`{_short(target, 24)}()`'
    else:
        return None
    params = s.parameters(fn)
    elements = _bound(params[index]) if len(params) > index else frozenset()
    if not _records(iterable, elements, names):
        return False
    return Iteration(call, fn, elements, frozenset(), where, gathers, file)


def _gathered(map_call: Node) -> bool:
    """``Promise.all(xs.map(...))``, also through a spread or a ``const`` passed to it later."""
    node = s.outer_expression(map_call)
    while s.parent_of(node) is not None and s.parent_of(node).type in ('spread_element', 'array'):
        node = s.parent_of(node)
    parent = s.parent_of(node)
    if parent is not None and parent.type == 'arguments' and s.parent_of(parent) is not None:
        return s.callee_name(s.parent_of(parent)) in _GATHERERS
    if parent is not None and parent.type == 'variable_declarator':
        name = parent.child_by_field_name('name')
        fn = s.enclosing_function(parent)
        if name is None or name.type != 'identifier' or fn is None:
            return False
        pattern = rb'\.all(?:Settled)?\(\s*(?:\[\s*\.\.\.)?' + re.escape(name.text) + rb'\b'
        return re.compile(pattern).search(fn.text) is not None
    return False


def _declared(file: File, body: Node) -> frozenset[bytes]:
    """Names ``const``/``let``/``var`` declare in ``body``, read once per body from the source."""
    start, end = body.start_byte, body.end_byte

    def compute(f: File) -> frozenset[bytes]:
        return frozenset(
            name for m in _DECLARATION.finditer(f.source, start, end) for name in _NAME.findall(m.group(1))
        )
    return file.memo(f'n-plus-one.declared:{start}:{end}', compute)


def _bound(pattern: Node) -> frozenset[bytes]:
    """Names a declaration, parameter or loop head binds (destructuring included)."""
    out: set[bytes] = set()
    stack = [pattern]
    while stack:
        node = stack.pop()
        kind = node.type
        if kind in ('identifier', 'shorthand_property_identifier_pattern'):
            out.add(node.text)
        elif kind == 'pair_pattern':
            value = node.child_by_field_name('value')
            if value is not None:
                stack.append(value)
        elif kind in ('assignment_pattern', 'object_assignment_pattern'):
            left = node.child_by_field_name('left')
            if left is not None:
                stack.append(left)
        elif kind in ('required_parameter', 'optional_parameter'):
            inner = node.child_by_field_name('pattern')
            if inner is not None:
                stack.append(inner)
        elif kind == 'variable_declarator':
            name = node.child_by_field_name('name')
            if name is not None:
                stack.append(name)
        elif kind in ('object_pattern', 'array_pattern', 'rest_pattern', 'lexical_declaration',
                      'variable_declaration', 'sequence_expression'):
            stack.extend(node.named_children)
        elif kind == 'assignment_expression':
            left = node.child_by_field_name('left')
            if left is not None:
                stack.append(left)
    return frozenset(out)


def _records(iterable: Node, elements: frozenset[bytes], names: Names) -> bool:
    """Whether the elements are records worth one query each: not chunks handed to a batch call,
    not files or tables, not a short fixed list."""
    if not elements or _chunks(iterable):
        return False
    for name in elements:
        words = s.name_words(name.decode('utf-8', 'replace'))
        if any(w in names['not_elements'] or _CHUNK.match(w) for w in words):
            return False
    return not _small_fixed(iterable)


def _chunks(node: Node) -> bool:
    """``chunks``, ``batches``, ``chunk(ids, 100)``, ``_.chunk(...)``: each element is a batch."""
    node = s.unwrap(node)
    if node.type == 'call_expression':
        name = s.callee_name(node)
        if name in ('entries', 'values'):
            return False
        receiver = s.receiver(node)
        return bool(_CHUNK.match(name)) or (receiver is not None and _chunks(receiver))
    if node.type == 'member_expression':
        node = node.child_by_field_name('property')
    if node is None or node.type not in ('identifier', 'property_identifier'):
        return False
    return bool(_CHUNKS.search(s.text(node)))


def _small_fixed(node: Node) -> bool:
    """A short literal list or a constant: ``['a', 'b']``, ``ROLES``, ``Object.keys({ ... })``."""
    node = s.unwrap(node)
    if node.type == 'call_expression' and s.callee_path(node) in ('Object.keys', 'Object.values', 'Object.entries'):
        args = s.arguments(node)
        return bool(args) and _small_fixed(args[0])
    if node.type == 'identifier':
        if _CONSTANT.match(s.text(node)):
            return True
        value = s.initializer(node)
        if value is None:
            return False
        node = s.unwrap(value)
    if node.type == 'member_expression':
        return bool(_CONSTANT.match(s.text(node.child_by_field_name('property'))))
    if node.type in ('array', 'object'):
        items = [c for c in node.named_children if c.type != 'comment']
        return len(items) <= _MAX_FIXED and not any(c.type in ('spread_element', 'spread') for c in items)
    return False


# --- does the call take the element ------------------------------------------------------------

def _element_in(chain: list[Node], it: Iteration, call: Node) -> str | None:
    """The element expression the call's arguments use (``post``, ``users[i]``), if any."""
    for link in chain:
        for arg in s.arguments(link):
            found = _mentions(arg, it, call, 0)
            if found is not None:
                return found
    return None


def _mentions(node: Node, it: Iteration, call: Node, depth: int, loose: bool = False) -> str | None:
    """The element ``node`` uses (directly or through names derived from it in the body); with
    ``loose``, any name declared in the body counts (it may differ for every element)."""
    stack = [node]
    while stack:
        n = stack.pop()
        kind = n.type
        if kind in ('identifier', 'shorthand_property_identifier'):
            if n.text in it.elements:
                return f'`{s.text(n)}`' if len(it.elements) == 1 else 'element'
            if depth < 3:
                found = _derived(n, it, call, depth, loose)
                if found is not None:
                    return found
        elif kind == 'subscript_expression' and it.counters:
            index = n.child_by_field_name('index')
            if index is not None and s.unwrap(index).type == 'identifier' and s.unwrap(index).text in it.counters:
                if _chunks(n.child_by_field_name('object')):
                    return None
                return f'`{_short(n, 24)}`'
            stack.extend(n.named_children)
        elif kind in ('member_expression', 'subscript_expression'):
            obj = n.child_by_field_name('object')
            if obj is not None:
                stack.append(obj)
            index = n.child_by_field_name('index')
            if index is not None:
                stack.append(index)
        elif kind not in ('string', 'number', 'property_identifier', 'comment'):
            stack.extend(n.named_children)
    return None


def _derived(ident: Node, it: Iteration, call: Node, depth: int, loose: bool) -> str | None:
    """The element a name declared in the loop body before ``call`` was computed from."""
    if ident.text not in _declared(it.file, it.body):
        return None  # most names (`prisma`, tables, helpers) are not declared in the body
    decl = s.declaration(ident)
    if decl is None or decl.type != 'variable_declarator':
        return None
    if not (it.body.start_byte <= decl.start_byte < call.start_byte):
        return None
    if loose:
        return s.text(ident)
    value = decl.child_by_field_name('value')
    return _mentions(value, it, call, depth + 1) if value is not None else None


def _id_argument(helper: Node, it: Iteration, call: Node) -> bool:
    """A loader helper is asked when named ``...ById``/``...ForX`` or given the element's id,
    key or slug (``getProfile(u.id)``, ``fetchUser({ userId })``)."""
    if _BY.search(s.callee_name(helper)):
        return True
    for arg in s.arguments(helper):
        pairs = list(s.object_keys(arg).items()) if arg.type == 'object' else [('', arg)]
        for key, value in pairs:
            if not (_ID_LIKE.search(key) or _ID_LIKE.search(_tail(value))):
                continue
            if _mentions(value, it, call, 0) is not None:
                return True
    return False


def _tail(node: Node) -> str:
    node = s.unwrap(node)
    if node.type == 'member_expression':
        return s.text(node.child_by_field_name('property'))
    return s.text(node) if node.type in ('identifier', 'shorthand_property_identifier') else ''


def _update_data(link: Node, chain: list[Node]) -> list[Node]:
    """The values an update writes (not its filter): Prisma ``data``/``create``/``update``,
    Mongoose/TypeORM ``(filter, update)``, Sequelize ``(values, { where })``, ``.set(values)``."""
    args = s.arguments(link)
    out = [a for c in chain if s.callee_name(c) in ('set', 'values', 'merge') for a in s.arguments(c)]
    text = _sql_of(args[0]) if args else None
    if text is not None:
        m = _SQL_SET.search(text)
        return args if m is None or _PLACEHOLDER.search(m.group(1)) else []
    if len(args) == 1 and args[0].type == 'object' and 'where' in s.object_keys(args[0]):
        return out + [v for k, v in s.object_keys(args[0]).items() if k not in _NOT_DATA]
    if len(args) >= 2:
        second = args[1]
        if second.type == 'object' and 'where' in s.object_keys(second):
            return out + args[:1]
        return out + args[1:]
    return out + args


def _result_used(call: Node, used: str, it: Iteration) -> bool:
    """Whether the records a per-element create returns are used (a bulk insert returns none)."""
    if used == 'returned':
        node = s.outer_expression(it.node)
        while s.parent_of(node) is not None and s.parent_of(node).type in ('arguments', 'spread_element', 'array'):
            node = s.parent_of(node)
            if node.type == 'arguments' and s.parent_of(node) is not None:
                node = s.outer_expression(s.parent_of(node))
    else:
        node = s.outer_expression(call)
    parent = s.parent_of(node)
    return parent is not None and parent.type not in ('expression_statement', 'arguments', 'array')


# --- is it a data-store call -------------------------------------------------------------------

def _data_call(chain: list[Node], names: Names, file: File) -> DataCall | None:
    """The store call in a method chain (outermost first), or ``None`` for HTTP, batching, other."""
    root = chain[-1]
    root_name = s.receiver_name(root) or s.callee_name(root)
    if root_name in http.LOOP_CLIENTS:
        return None
    found = [f for f in (_store_link(link, names, file) for link in chain) if f is not None]
    if not found or any(not f.kind for f in found):
        return None
    # Name the query itself: `User.findById()` of `.findById().select().lean()`, not a helper
    # that builds the receiver (`getRepository(User)`) or the builder root (`knex('users')`).
    methods = [f for f in found if f.kind != 'helper' and not _builder_root(f.link, names)]
    return methods[-1] if methods else found[0]


def _builder_root(call: Node, names: Names) -> bool:
    args = s.arguments(call)
    return s.callee_name(call) in names['builder_roots'] and bool(args) and args[0].type == 'string'



def _store_link(call: Node, names: Names, file: File) -> DataCall | None:
    """What ``call`` does to a store; kind '' for a batching or HTTP receiver (stop looking)."""
    name = s.callee_name(call)
    fn = s.callee(call)
    if not name or fn is None:
        return None
    fn = s.unwrap(fn)
    args = s.arguments(call)
    if fn.type == 'identifier':
        if name in names['builder_roots'] and args and args[0].type == 'string':
            return DataCall(_label(call), call, 'read')
        if name in names['sql_runners'] and args and _is_sql(args[0]):
            return DataCall(_label(call), call, _sql_kind(args[0]))
        if _loader_name(name, names) and not s.is_ui_file(file):
            return DataCall(f'{name}()', call, 'helper')
        return None
    if fn.type != 'member_expression':
        return None
    segments = s.path_segments(s.receiver(call))
    words = {w for seg in segments for w in s.name_words(seg)}
    if words & names['not_stores'] and not words & stores.REDIS_WORDS and not _database_path(segments):
        return DataCall('', call, '')
    if name in names['query_methods'] and _is_store(segments, words, names):
        return DataCall(_label(call), call, _method_kind(name))
    if name in names['sql_runners'] and args and (_is_sql(args[0]) or (
            words & names['data_receivers'] or words & {'client', 'sql'}) and not _graphql(args[0])):
        return DataCall(_label(call), call, _sql_kind(args[0]))
    if name in names['redis_methods'] and (words & stores.REDIS_WORDS or (
            _imports_redis(file) and segments[-1:] in (['client'], ['store']))):
        return DataCall(_label(call), call, 'read')
    if name in names['builder_roots'] and not segments and args and args[0].type == 'string':
        return DataCall(_label(call), call, 'read')  # this.knex('users')
    if s.is_ui_file(file):
        return None
    loader = _loader_name(name, names)
    if loader and (not segments or words & {'service', 'services', 'repository', 'repo', 'dao', 'store', 'model'}):
        return DataCall(_label(call), call, 'read' if segments else 'helper')
    # Sequelize association methods on a record: post.getComments(), tag.countArticles({ ... }).
    obj = s.unwrap(fn.child_by_field_name('object'))
    if ((loader and name.startswith('get')) or _COUNT.match(name)) and len(segments) == 1 \
            and obj.type == 'identifier' and (not args or (len(args) == 1 and args[0].type == 'object')):
        return DataCall(_label(call), call, 'getter')  # asked only on the element itself
    return None


def _method_kind(name: str) -> str:
    if name in stores.UPDATES:
        return 'update'
    if name in stores.CREATES:
        return 'create'
    if name in stores.BULK_WRITES:
        return ''
    return 'read'


def _sql_kind(arg: Node) -> str:
    text = _sql_of(arg)
    word = text.split(None, 1)[0].lower() if text and text.strip() else ''
    return {'insert': 'create', 'update': 'update'}.get(word, 'read')


def _sql_of(arg: Node) -> str | None:
    arg = s.unwrap(arg)
    return sql.const_sql(arg) if arg.type == 'identifier' else sql.sql_text(arg)


def _database_path(segments: list[str]) -> bool:
    """``prisma.sentEmail``, ``ctx.db.auditLog``, ``this.emailRepository``: a table whose name
    happens to say mail or log is still a table."""
    if any(seg.lower() in stores.DATABASE_ROOTS for seg in segments):
        return True
    last = s.name_words(segments[-1]) if segments else []
    return bool(last) and last[-1] in ('repository', 'repo', 'repositories', 'model', 'dao')


def _is_store(segments: list[str], words: set[str], names: Names) -> bool:
    if words & names['data_receivers']:
        return True
    return any(_PASCAL.match(seg) and seg not in stores.GLOBALS for seg in segments)


def _is_sql(arg: Node) -> bool:
    text = _sql_of(arg)
    return text is not None and bool(_SQL.match(text))


def _graphql(arg: Node) -> bool:
    """``client.query({ query: GET_USER, variables })``: a GraphQL request, not a store query."""
    return arg.type == 'object' and 'query' in s.object_keys(arg)


def _loader_name(name: str, names: Names) -> bool:
    """``getProfile``, ``fetchUserById``, ``loadOrderForCart``: a verb, then the record loaded."""
    words = s.name_words(name)
    if len(words) < 2 or words[0] not in names['loader_verbs'] or not name[len(words[0]):][:1].isupper():
        return False
    noun = words[1:]
    for i, w in enumerate(noun):
        if w in ('by', 'for', 'from', 'of', 'with', 'in') and i:
            noun = noun[:i]
            break
    return noun[-1] not in _NOT_NOUNS and not any(w in names['not_records'] for w in noun)


def _imports_redis(file: File) -> bool:
    return file.memo('n-plus-one.redis', lambda f: _REDIS_IMPORT.search(f.source) is not None)


# --- wording -----------------------------------------------------------------------------------

def _identifiers(node: Node) -> Iterator[Node]:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == 'identifier':
            yield n
        elif n.type not in ('member_expression',):
            stack.extend(n.named_children)
        else:
            obj = n.child_by_field_name('object')
            if obj is not None:
                stack.append(obj)


def _short(node: Node, limit: int = 40) -> str:
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def _label(call: Node) -> str:
    path = s.callee_path(call)
    if '[]' in path:  # prisma[model].findUnique()
        path = s.normalized(s.callee(call), 60)
    label = f'{path}()'
    if '()' in path:  # knex('users').where(...).first(): name the table, skip the middle
        root = s.chain_calls(call)[-1]
        label = f'{_short(root, 30)}...{s.callee_name(call)}()'
    return label if len(label) <= 48 else '...' + label[-45:]
