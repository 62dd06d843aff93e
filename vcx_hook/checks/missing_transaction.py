"""missing-transaction: two related writes in sequence with no transaction around them.

Two writes that belong together commit separately without a transaction. When the second fails — a
constraint, a lock timeout, a deploy killing the process mid-request — the first has already
committed: money debited and never credited, an order without its invoice, a user without the
workspace every page expects. In development it almost never happens; under production load it
happens every week, and the half-written rows are found by customers.

Asked once per function, at the second write (the message names both writes and their lines), when a
touched function performs two or more data-store writes in sequence and nothing opens a transaction:

- ORM writes (`create`, `update`, `upsert`, `delete`, `save`, `insert`, `increment`, `destroy`,
  `bulkCreate`, Mongoose `findByIdAndUpdate`...) on the data layer: `prisma.x`, `db`, `knex('t')`,
  model classes (`User`, `models.User`), repositories (`this.userRepository`);
- `.save()`/`.update()`/`.destroy()` on a record loaded or built in the function
  (`const order = new Order(...)`, `const user = await User.findById(id)`) — two Mongoose documents
  saved one after the other count;
- SQL `INSERT`/`UPDATE`/`DELETE` run through `query`/`execute`/`$executeRaw`...;
- helpers whose names say they write: `updateBalance`, `debit`, `credit`, `insert*`, `save*`,
  `delete*`, `upsert*`... called bare, on `this`, or on a service/repository.

Not asked:

- a transaction anywhere in the function or around it: `prisma.$transaction`, `knex.transaction`,
  `sequelize.transaction`, `dataSource.transaction`/a query runner's `startTransaction`, Mongoose
  `startSession`/`withTransaction`, `db.transaction` (Drizzle), `BEGIN`/`START TRANSACTION`, a
  `@Transactional()` method;
- writes on a transaction object (`tx`, `trx`, `t`, `session`, `queryRunner`...), with
  `{ transaction: t }`/`{ session }` options or `.session(s)`/`.transacting(trx)` on the chain;
- writes on a client or connection the caller passed in (`async function move(client, ...)`): the
  caller owns the transaction;
- writes that cannot both run: the two sides of an `if`/`else`, a ternary or a `switch`, a `try` and
  its `catch`, a branch that returns or throws before the second write, and consecutive
  `if (x === 'a')`/`if (x === 'b')` blocks;
- writes to caches, logs and audit logs, queues and jobs, email and notifications, files and object
  storage, search indexes, cookies and sessions (`not_stores`): if one of those fails the data is
  still consistent;
- writes in different functions: each callback (`items.map(async (i) => ...)`) is its own function;
- UI code (components, `'use client'`, browser globals): each call is a request, and the server
  owns the transaction;
- seed files, migrations and files under `scripts/`.

Bad:

```js
async function transferMoney(from, to, amount) {
  await updateBalance(from, -amount);
  await updateBalance(to, amount);
}
```

Good:

```js
async function transferMoney(from, to, amount) {
  await prisma.$transaction(async (tx) => {
    await tx.account.update({ where: { id: from }, data: { balance: { decrement: amount } } });
    await tx.account.update({ where: { id: to }, data: { balance: { increment: amount } } });
  });
}
```

Answer it in code when a partial write is harmless or repaired elsewhere:

```js
// vcx-ignore missing-transaction -- the nightly reconcile job recomputes link counters
await prisma.link.update({ where: { id }, data: { sales: { increment: 1 } } });
```

Names the configuration can extend (`[checks.missing-transaction]`):

- `data_receivers`: words in a receiver path that mark the data layer (`prisma`, `db`, `repository`...);
- `write_methods`: ORM/driver methods that write;
- `record_write_methods`: methods that write a loaded or new record (`save`, `update`, `destroy`...);
- `write_helpers`: first words of helper names that say they write (`update`, `debit`, `credit`...);
- `not_stores`: words of receivers and helpers that are not the data store (`cache`, `log`, `queue`...);
- `transaction_calls`: calls that open a transaction (`$transaction`, `transaction`, `withTransaction`...);
- `transaction_names`: names of transaction objects (`tx`, `trx`, `session`...);
- `sql_runners`: calls that run SQL text (`query`, `execute`, `$executeRaw`...).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from collections.abc import Mapping
from typing import NamedTuple

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
ID = 'missing-transaction'
QUESTION = 'If the second write fails, what state is the data left in?'
# Held-out precision 42% (19 judged findings, bench/judged): its questions are listed, not blocking,
# until a shape is shown to be worth asking 80% of the time (docs/confidence.md).
CONFIDENCE = MEDIUM
SUMMARY = 'two related writes in sequence with no transaction around them'
# Executed calls are found from the names of writes (`_executed_calls`), not by a query walk.
QUERY = ''
NAMES = {
    # Words in a receiver path that mark the data layer (`prisma.user`, `this.userRepository`).
    'data_receivers': stores.WRITE_RECEIVERS,
    # ORM/driver methods that write.
    'write_methods': stores.WRITE_METHODS,
    # Methods that write a loaded or new record: `user.save()`, `order.destroy()`.
    'record_write_methods': stores.RECORD_WRITE_METHODS,
    # First words of helper names that say they write: `updateBalance`, `debit`, `saveOrder`.
    'write_helpers': frozenset((
        'update', 'insert', 'save', 'upsert', 'delete', 'destroy', 'debit', 'credit', 'deduct',
        'withdraw', 'deposit', 'increment', 'decrement', 'persist',
    )),
    # Words of receivers and helpers that are not the data store (a failed second write there
    # leaves the data consistent): caches, logs, queues, email, files, UI state.
    'not_stores': frozenset((
        'cache', 'cached', 'redis', 'memcached', 'log', 'logs', 'logger', 'logging', 'audit', 'queue',
        'queues', 'job', 'jobs', 'email', 'emails', 'mail', 'mailer', 'notification', 'notifications',
        'notify', 'metric', 'metrics', 'analytics', 'telemetry', 'stats', 'cookie', 'cookies',
        'session', 'sessions', 'storage', 'file', 'files', 'bucket', 's3', 'blob', 'upload', 'image',
        'images', 'avatar', 'search', 'index', 'webhook', 'state', 'ui', 'view', 'toast',
        'local', 'disk', 'lock', 'stripe',
    )),
    # Calls that open a transaction (anywhere in the function, or around it as a callback).
    'transaction_calls': stores.TRANSACTION_CALLS,
    # Names of transaction objects: writes on them are inside a transaction.
    'transaction_names': stores.TRANSACTION_NAMES,
    # Calls that run SQL text.
    'sql_runners': stores.WRITE_SQL_RUNNERS,
}

_PASCAL = re.compile(r'^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)*$')
_SQL_WRITE = re.compile(r'^\s*(?:with\b.*?\)\s*)?(insert|update|delete|replace|merge|upsert)\b', re.I | re.S)
_SERVICE_WORDS = frozenset(('service', 'repository', 'repo', 'dao', 'model', 'store', 'db'))


class Write(NamedTuple):
    node: Node
    label: str


def relevant(scope: Scope, config: Config) -> bool:
    """A call in the scope that ``_write_call`` takes for a write, found from the names of the
    three write lists (any case: helper names are split into lower-case words); or a SQL runner's
    name in the scope with a literal in the file that starts with a SQL write (the runner's
    argument may be a ``const`` held elsewhere)."""
    names = config.names[ID]
    runners = _runner_keys(names['sql_runners'])
    lower = scope.file.lower
    opened = (
        scope.file.memo(f'{ID}:sql-write', _sql_write_literal)
        and any(lower.find(r, a, b) != -1 for r in runners for a, b in scope.ranges)
    ) or _write_call_in(scope, names)
    return opened and not s.is_ui_file(scope.file)


# A write's literal holds its verb as a word (`WITH ... INSERT` too), in any case.
_SQL_VERB_WORD = lazyre.compile(rb' (?:insert|update|delete|replace|merge|upsert) ')  # in File.lower_word_text
# What `_SQL_WRITE` reads is a literal's text: a quote, then the verb (or a `WITH` before it).
_SQL_WRITE_LITERAL = lazyre.compile(rb'[\'"`]\s*(?:insert|update|delete|replace|merge|upsert|with)(?![\w$])')


@functools.lru_cache(maxsize=16)
def _runner_keys(runners: frozenset[str]) -> tuple[bytes, ...]:
    return tuple(sorted(n.lower().encode() for n in runners))


def _sql_write_literal(file: File) -> bool:
    return _SQL_VERB_WORD.search(file.lower_word_text) is not None and _SQL_WRITE_LITERAL.search(file.lower) is not None


def _write_call_in(scope: Scope, names: Names) -> bool:
    """Whether a call in the scope is a write ``_write_call`` accepts, asked of each word of the
    file that may name one: ``hash.update(x)`` is looked at, and refused.  A SQL runner writes
    only with a literal starting with a write verb, which ``relevant`` looks for first."""
    methods, helpers = _write_words(names['write_methods'] | names['record_write_methods'],
                                    names['write_helpers'])
    file = scope.file
    found = methods & file.words
    found |= _helper_words(file, helpers)
    if not found:
        return False
    for word, first, last in s.word_spans(scope.file.source, found, scope.ranges):
        name = word.decode()
        if name not in names['write_methods'] and name not in names['record_write_methods'] \
                and not _helper_name(name, names):
            continue  # `_write_call` asks these of the callee's name first (runners: above)
        node = s.descendant(scope.root, first, last)  # parses on first use
        if node is None or node.type not in ('identifier', 'property_identifier'):
            continue
        call = s.parent_of(node)
        if call is not None and call.type == 'member_expression' and node == call.child_by_field_name('property'):
            call = s.parent_of(call)
        if call is None or call.type != 'call_expression' or not scope.contains(call):
            continue
        if _write_call(call, names) is not None:
            return True
    return False


@functools.lru_cache(maxsize=16)
def _write_words(methods: frozenset[str], helpers: frozenset[str]) -> tuple[frozenset[bytes], re.Pattern[bytes]]:
    """The write methods, and a pattern finding in ``File.lower_word_text`` each word that starts
    with a helper's first words, after underscores (``_saveuser``, ``createorder``)."""
    starts = b'|'.join(re.escape(h.lower().encode()) for h in sorted(helpers, key=len, reverse=True))
    return frozenset(m.encode() for m in methods), re.compile(rb' _*(?:' + starts + rb')[^ ]*')


def _helper_words(file: File, helpers: re.Pattern[bytes]) -> frozenset[bytes]:
    """The words of the file (as written: ``CreateOrder``) that ``helpers`` finds in lower case."""
    text = file.word_text  # the lower-case text has the same offsets
    return frozenset(text[m.start() + 1:m.end()] for m in helpers.finditer(file.lower_word_text))


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    if s.is_ui_file(scope.file):
        return
    names = config.names[ID]
    by_owner: dict[int, tuple[Node | None, dict[int, Write]]] = {}
    for call in _executed_calls(scope, names):
        if s.parent_of(call) is not None and s.parent_of(call).type == 'array' and not _gathered(s.parent_of(call)):
            continue
        write = _write(call, names)
        if write is None:
            continue
        owner = s.enclosing_function(call)
        key = owner.start_byte if owner is not None else -1
        by_owner.setdefault(key, (owner, {}))[1].setdefault(write.node.start_byte, write)
    for owner, found in by_owner.values():
        if len(found) < 2 or _transactional(scope, owner, names):
            continue
        pair = _first_sequence(sorted(found.values(), key=lambda w: w.node.start_byte))
        if pair is not None:
            first, second = pair
            yield scope.finding(
                second.node, ID,
                f'`{first.label}` (line {first.node.start_point.row + 1}) and `{second.label}` '
                f'(line {second.node.start_point.row + 1}) write with no transaction around them',
                QUESTION, evidence=(first.node,),
            )


# What a call of a method chain may sit in, below the statement: `(await db.x.update()).y()`.
_CHAIN_PARTS = frozenset((
    'member_expression', 'call_expression', 'parenthesized_expression', 'await_expression', 'as_expression',
    'non_null_expression', 'satisfies_expression', 'type_assertion',
))


def _executed_calls(scope: Scope, names: Names) -> list[Node]:
    """The calls run as operations (awaited, returned, an arrow's body, or in an array) whose
    method chain holds a call named like a write, in document order.  Found from those names
    (``File.named``) and their chains, not by walking the tree: ``_write`` then decides."""
    methods, helpers = _write_words(names['write_methods'] | names['record_write_methods'],
                                    names['write_helpers'])
    file = scope.file
    words = (methods | _encoded(names['sql_runners'])) & file.words
    words |= _helper_words(file, helpers)
    tops: dict[tuple[int, int], Node] = {}
    for name in scope.named(words):
        link = s.called_by(name)
        node = link
        while node is not None:
            if node.type == 'call_expression' and _executed(node) and scope.contains(node) \
                    and (node.start_byte, node.end_byte) not in tops and link in s.chain_calls(node):
                tops[(node.start_byte, node.end_byte)] = node
            parent = s.parent_of(node)
            node = parent if parent is not None and parent.type in _CHAIN_PARTS else None
    return sorted(tops.values(), key=s.document_order)


def _executed(call: Node) -> bool:
    """Where the query this replaced took calls: ``await c()``, ``return c()``, ``() => c()``, ``[c()]``."""
    parent = s.parent_of(call)
    if parent is None:
        return False
    kind = parent.type
    if kind in ('await_expression', 'return_statement', 'array'):
        return True
    return kind == 'arrow_function' and parent.child_by_field_name('body') == call


@functools.lru_cache(maxsize=16)
def _encoded(words: frozenset[str]) -> frozenset[bytes]:
    return frozenset(w.encode() for w in words)


def _gathered(array: Node) -> bool:
    """An array literal passed to ``Promise.all``/``allSettled``: its calls run as operations."""
    args = s.parent_of(array)
    return args is not None and args.type == 'arguments' and s.parent_of(args) is not None and (
        s.callee_name(s.parent_of(args)) in ('all', 'allSettled')
    )


# --- what is a write ---------------------------------------------------------------------------

def _write(call: Node, names: Names) -> Write | None:
    """The write this executed call performs (looking down its method chain), if any."""
    chain = s.chain_calls(call)
    methods = [s.callee_name(c) for c in chain]
    if any(m in stores.ON_TRANSACTION_CHAIN for m in methods):
        return None
    for link in reversed(chain):
        write = _write_call(link, names)
        if write is not None:
            return Write(call, write)
    return None


def _write_call(call: Node, names: Names) -> str | None:
    """A label for ``call`` when it writes to the data store, else ``None``."""
    name = s.callee_name(call)
    fn = s.callee(call)
    if not name or fn is None:
        return None
    runs_sql = name in names['sql_runners']
    orm = name in names['write_methods'] or name in names['record_write_methods']
    helper = _helper_name(name, names)
    if not (runs_sql or orm or helper):
        return None
    args = s.arguments(call)
    if args and args[-1].type == 'object' and {'transaction', 'session', 'trx'} & set(s.object_keys(args[-1])):
        return None
    segments = s.path_segments(s.receiver(call))
    if any(w in names['not_stores'] for seg in segments for w in s.name_words(seg)):
        return None
    if segments and (segments[0] in names['transaction_names'] or _passed_in(call, segments[0])):
        return None
    if runs_sql and args and _is_sql_write(args[0]):
        return _label(call)
    fn = s.unwrap(fn)
    if fn.type == 'identifier':
        return f'{name}()' if helper else None
    if fn.type != 'member_expression':
        return None
    if name in names['write_methods'] and _is_store(segments, names):
        return _label(call)
    if name in names['record_write_methods'] and len(segments) == 1 and _is_record(call, names):
        return _label(call)
    if helper and (not segments or set(s.name_words(segments[-1])) & _SERVICE_WORDS):
        return _label(call)
    return None


def _passed_in(call: Node, root: str) -> bool:
    """A write on a connection or client the caller passed in: the caller owns the transaction."""
    if not root[:1].islower() or root in ('req', 'request', 'ctx', 'context'):
        return False
    fn = s.enclosing_function(call)
    return fn is not None and root in s.parameter_names(fn)


def _helper_name(name: str, names: Names) -> bool:
    words = s.name_words(name)
    return bool(words) and words[0] in names['write_helpers'] and not any(
        w in names['not_stores'] for w in words[1:]
    )


def _is_store(segments: list[str], names: Names) -> bool:
    receivers = names['data_receivers']
    for seg in segments:
        if (_PASCAL.match(seg) and seg not in stores.GLOBALS) or any(w in receivers for w in s.name_words(seg)):
            return True
    return False


def _is_sql_write(arg: Node) -> bool:
    arg = s.unwrap(arg)
    text = sql.const_sql(arg) if arg.type == 'identifier' else sql.sql_text(arg)
    return text is not None and bool(_SQL_WRITE.match(text))


def _is_record(call: Node, names: Names) -> bool:
    """``user.save()`` where ``user`` was loaded (``await User.findById()``) or built (``new User()``)."""
    obj = s.receiver(call)
    if obj is None or s.unwrap(obj).type != 'identifier':
        return False
    value = s.initializer(s.unwrap(obj))
    if value is None:
        return False
    value = s.unwrap(value)
    if value.type == 'new_expression':
        ctor = value.child_by_field_name('constructor')
        return ctor is not None and bool(_PASCAL.match(s.text(ctor))) and s.text(ctor) not in stores.GLOBALS
    return value.type == 'call_expression' and s.callee_name(value) in stores.RECORD_SOURCES and _is_store(
        s.path_segments(s.receiver(value)), names,
    )


def _label(call: Node) -> str:
    path = s.callee_path(call)
    args = s.arguments(call)
    text = sql.sql_text(args[0]) if args else None
    if text is not None and _SQL_WRITE.match(text):
        first = ' '.join(text.split()[:3])
        path = path if len(path) <= 20 else '.'.join(path.split('.')[-2:])
        tagged = call.child_by_field_name('arguments').type == 'template_string'
        return f'{path}`{first}...`' if tagged else f"{path}('{first}...')"
    label = f'{path}()'
    if '()' in path:  # knex('accounts').where(...).update(): name the table, skip the middle
        root = s.chain_calls(call)[-1]
        label = f'{s.normalized(root, 30)}...{s.callee_name(call)}()'
    return label if len(label) <= 44 else '...' + label[-41:]


# --- is there a transaction ------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def _transaction_pattern(calls: frozenset[str]) -> re.Pattern[bytes]:
    alternatives = b'|'.join(re.escape(c.encode()) for c in sorted(calls, key=len, reverse=True))
    return re.compile(
        rb'(?<![\w$])(?:' + alternatives + rb')\s*\(|[\'"`]\s*(?:BEGIN|START\s+TRANSACTION)\b|@Transactional\b',
        re.I,
    )


def _transactional(scope: Scope, owner: Node | None, names: Names) -> bool:
    calls = names['transaction_calls']
    source = scope.file.source
    if owner is None:
        spans = scope.ranges
    else:
        spans = ((owner.start_byte, owner.end_byte),)
        if _decorated_transactional(owner):
            return True
    pattern = _transaction_pattern(calls)
    if any(pattern.search(source, start, end) for start, end in spans):
        return True
    fn = owner
    while fn is not None:
        args = s.parent_of(fn)
        if args is not None and args.type == 'arguments' and s.parent_of(args) is not None \
                and s.callee_name(s.parent_of(args)) in calls:
            return True
        fn = s.enclosing_function(fn)
    return False


def _decorated_transactional(fn: Node) -> bool:
    sibling = fn.prev_named_sibling
    while sibling is not None and sibling.type in ('decorator', 'comment'):
        if b'Transaction' in sibling.text:
            return True
        sibling = sibling.prev_named_sibling
    return False


# --- are two writes in sequence --------------------------------------------------------------

def _first_sequence(writes: list[Write]) -> tuple[Write, Write] | None:
    for j, later in enumerate(writes):
        for earlier in writes[:j]:
            if _in_sequence(earlier.node, later.node):
                return earlier, later
    return None


def _in_sequence(a: Node, b: Node) -> bool:
    """Whether ``b`` can run after ``a`` on one path (not in exclusive branches, ``a`` not exiting)."""
    a_path = [a, *s.ancestors(a)]
    b_ids = {(n.start_byte, n.end_byte, n.type) for n in (b, *s.ancestors(b))}
    lca_at = next(i for i, n in enumerate(a_path) if (n.start_byte, n.end_byte, n.type) in b_ids)
    lca = a_path[lca_at]
    a_child = a_path[lca_at - 1] if lca_at > 0 else a
    b_child = next((n for n in (b, *s.ancestors(b)) if s.parent_of(n) is not None and _same(s.parent_of(n), lca)), b)
    if _exclusive(lca, a_child, b_child) or _exclusive_ifs(a_child, b_child, a, b):
        return False
    for node in a_path[:lca_at]:
        branch = node.type == 'switch_case' or (
            node.type == 'statement_block' and s.parent_of(node) is not None
            and s.parent_of(node).type in ('if_statement', 'else_clause')
        )
        last = node.named_children[-1] if branch and node.named_children else None
        if last is not None and last.type in ('return_statement', 'throw_statement'):
            return False  # the first write's branch leaves the function
    return True


def _same(x: Node, y: Node) -> bool:
    return (x.start_byte, x.end_byte, x.type) == (y.start_byte, y.end_byte, y.type)


def _exclusive_ifs(a_if: Node, b_if: Node, a: Node, b: Node) -> bool:
    """``if (kind === 'a') {...}`` then ``if (kind === 'b') {...}``: at most one of them runs."""
    if a_if.type != 'if_statement' or b_if.type != 'if_statement':
        return False
    for stmt, node in ((a_if, a), (b_if, b)):
        body = stmt.child_by_field_name('consequence')
        if body is None or not (body.start_byte <= node.start_byte < body.end_byte):
            return False
    a_cases = _equality_cases(a_if.child_by_field_name('condition'))
    b_cases = _equality_cases(b_if.child_by_field_name('condition'))
    return a_cases is not None and b_cases is not None and a_cases[0] == b_cases[0] and not a_cases[1] & b_cases[1]


def _equality_cases(cond: Node | None) -> tuple[str, frozenset[str]] | None:
    """``x === 'a' || x === 'b'`` -> ``('x', {'a', 'b'})``; ``None`` for any other condition."""
    if cond is None:
        return None
    cond = s.unwrap(cond)
    if cond.type != 'binary_expression':
        return None
    op = s.text(cond.child_by_field_name('operator'))
    left, right = cond.child_by_field_name('left'), cond.child_by_field_name('right')
    if op == '||':
        x, y = _equality_cases(left), _equality_cases(right)
        return (x[0], x[1] | y[1]) if x is not None and y is not None and x[0] == y[0] else None
    if op not in ('===', '=='):
        return None
    for subject, value in ((left, right), (right, left)):
        if value is not None and subject is not None and _constant(value) and not _constant(subject):
            return s.text(subject), frozenset((s.text(value),))
    return None


def _constant(node: Node) -> bool:
    return node.type in ('string', 'number', 'true', 'false', 'null') or (
        node.type == 'member_expression' and s.text(node).split('.')[0][:1].isupper()
    )


def _exclusive(lca: Node, a_child: Node, b_child: Node) -> bool:
    if lca.type in ('if_statement', 'ternary_expression'):
        cond = lca.child_by_field_name('condition')
        return not (cond is not None and (_same(cond, a_child) or _same(cond, b_child)))
    if lca.type == 'switch_body':
        return not _same(a_child, b_child)
    if lca.type == 'try_statement':
        kinds = {a_child.type, b_child.type}
        return 'catch_clause' in kinds and 'statement_block' in kinds
    return False
