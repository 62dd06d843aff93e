"""What is a write: an ORM or driver write on the data layer, a write on a record loaded or built in
the function, a SQL write, or a helper named for a write; not on a transaction object, a
connection the caller passed in, or a store whose partial write leaves the data consistent."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.checks.missing_transaction.handles import handed_transaction
from vcx_hook.ecosystem import data_access
from vcx_hook.ecosystem import entities
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import models
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

Names = Mapping[str, frozenset[str]]
_PASCAL = models.MODEL_NAME
_IDENTIFIER = lazyre.compile(r'[A-Za-z_$][\w$]*')
_SPACE = lazyre.compile(r'\s+')
_SQL_WRITE = lazyre.compile(r'^\s*(?:with\b.*?\)\s*)?(insert|update|delete|replace|merge|upsert)\b', re.I | re.S)

# The table a SQL write names first: `UPDATE sentry_pipeline_runs`, `INSERT INTO "public"."users"`.
_SQL_TABLE = lazyre.compile(r'^\s*(?:update|insert\s+into|delete\s+from|replace\s+into)\s+([\w$."`]+)', re.I)


class Write(NamedTuple):
    node: Node
    label: str
    record: str = ''  # the one record it writes, where the call says (`run`, `updateById(id)`)
    named_only: bool = False  # a helper known to write only by its name (`updateStatus()`)
    moves: bool = False  # its name moves money or stock (`updateBalance`, `insertLedgerEntry`)
    method: str = ''  # the write's method or helper name (`updateMany`, `upsert`, `updateBalance`)
    table: str = ''  # the receiver it writes through (`prisma.threadTracker`, `models.Posts`)
    idempotent: bool = False  # the same state however often it runs: an upsert, an insert on conflict
    creates: bool = False  # it makes a new record: `create`, `insert`, `INSERT`, `Model.save(data)`, `insertX()`
    target: str = ''  # the table it writes as the call names it: `prisma.user`, `db(users)`, `supabase.from('t')`
    quantity: bool = False  # it moves money or stock: `updateBalance()`, `{ stock: { decrement: 1 } }`
    remote: bool = False  # an injected provider's method that calls another service over HTTP
    via: str = ''  # where the project's imported function it calls writes: 'src/ledger.ts:14' (``imported``)
    via_label: str = ''  # that write: 'prisma.entry.create()'
    via_writes: tuple[str, ...] = ()  # every store write of that function, in order: ('PriceService.update()', ...)
    body_writes: bool = False  # a helper known by its name whose body is seen to write the store
    verb_only: bool = False  # a repository's or DAO's method known by a first word only (`walletDao.addTransaction()`)


def write_of(call: Node, names: Names, file: File) -> Write | None:
    """The write this executed call performs (looking down its method chain), if any."""
    chain = s.chain_calls(call)
    methods = [s.callee_name(c) for c in chain]
    if any(m in stores.ON_TRANSACTION_CHAIN for m in methods) or any(_runs_on_passed_in(c, names) for c in chain):
        return None
    for link in reversed(chain):
        write = write_label(link, names, file)
        if write is not None:
            name = s.callee_name(link)
            named_only = not (name in names['write_methods'] or name in names['record_write_methods']
                              or name in names['sql_runners'] or _of_repository(link) or on_data_layer(link, file))
            moves = not stores.QUANTITY_WORDS.isdisjoint(s.name_words(name))
            table = s.callee_path(link).rpartition('.')[0] if len(chain) == 1 else ''
            creates = _creates(link, name, names)
            return Write(call, write, _record(link, chain, names), named_only, moves, name, table,
                         _idempotent(link, methods) or (creates and _where_missing(call)), creates,
                         _target(link, chain), _quantity(call), verb_only=_verb_only(link, name, names, file))
    return None


def _verb_only(call: Node, name: str, names: Names, file: File) -> bool:
    """A repository's or a DAO's method whose first word alone says it writes (``create``, ``set``,
    ``add``, ``remove``): not the data layer's import, nor a known write or helper name."""
    return name not in names['write_methods'] and not helper_name(name, names) and layer_helper_name(name, names) \
        and not on_data_layer(call, file)


def _creates(call: Node, name: str, names: Names) -> bool:
    """A write that makes a new record: an ORM create or insert, ``Model.save(data)`` or ``save()`` of
    a record built by ``new``, a helper named ``insert...``, a SQL ``INSERT``."""
    if name in stores.INSERT_METHODS or s.name_words(name)[:1] == ['insert']:
        return True
    if s.name_words(name)[:1] == ['save'] and _of_repository(call) and _built_here(call):
        return True  # `this.orgRepository.saveOrg(org)` of `const org = Org.create({...})`
    if name == 'save':
        obj = s.receiver(call)
        value = s.initializer(s.unwrap(obj)) if obj is not None and s.unwrap(obj).type == 'identifier' else None
        return bool(s.arguments(call)) or (value is not None and s.unwrap(value).type == 'new_expression')
    if name not in names['sql_runners']:
        return False
    args = s.arguments(call)
    text = _statement(s.unwrap(args[0])) if args else None
    verb = _SQL_WRITE.match(text) if text is not None else None
    return verb is not None and verb.group(1).lower() == 'insert'


def _of_repository(call: Node) -> bool:
    """A method of a repository or a DAO (``this.orgRepository.saveOrg(org)``): whatever its name,
    it writes to the store the repository fronts, not to another service."""
    segments = s.path_segments(s.receiver(call))
    return bool(segments) and s.name_words(segments[-1])[-1:] in (['repository'], ['repo'], ['dao'])


def _built_here(call: Node) -> bool:
    """The call's first argument is a record the function builds: ``new Org(...)``, ``Org.create({...})``."""
    args = s.arguments(call)
    first = s.unwrap(args[0]) if args else None
    value = s.initializer(first) if first is not None and first.type == 'identifier' else None
    value = s.unwrap(value) if value is not None else None
    if value is None:
        return False
    if value.type == 'new_expression':
        ctor = value.child_by_field_name('constructor')
        return ctor is not None and bool(_PASCAL.match(s.text(ctor))) and s.text(ctor) not in stores.GLOBALS
    recv = s.receiver(value) if value.type == 'call_expression' else None
    return recv is not None and s.callee_name(value) in ('create', 'build') and bool(_PASCAL.match(s.text(recv))) \
        and s.text(recv) not in stores.GLOBALS


def _where_missing(call: Node) -> bool:
    """A create that runs only where a lookup found nothing: ``if (existing) await existing.update(r);
    else await Role.create(r)``, ``if (!member) await Member.create(m)``, or fills in the name it
    tested (``if (!event) event = await prisma.event.create(...)``). A retry finds what it made."""
    stmt = s.inside(call, ('if_statement',))
    cond = stmt.child_by_field_name('condition') if stmt is not None else None
    if cond is None:
        return False
    test, negated = s.unwrap(cond), False
    if test.type == 'unary_expression' and s.text(test).startswith('!'):
        argument = test.child_by_field_name('argument')
        test, negated = (s.unwrap(argument), True) if argument is not None else (test, False)
    if negated and test.type == 'identifier' and _assigned_to(call) == s.text(test):
        return True  # `if (!event) event = await prisma.event.create(...)`: whatever looked it up
    value = s.initializer(test) if test.type == 'identifier' else None
    value = s.unwrap(value) if value is not None else None
    if value is not None and value.type == 'await_expression' and value.named_children:
        value = s.unwrap(value.named_children[0])
    if stmt is None or value is None or value.type != 'call_expression' or s.callee_name(value) not in stores.SINGLE_READS:
        return False
    branch = stmt.child_by_field_name('consequence' if negated else 'alternative')
    return branch is not None and branch.start_byte <= call.start_byte < branch.end_byte


def _assigned_to(call: Node) -> str:
    """The name a call's result is assigned to (``event = await create(...)``), else ''."""
    holder = s.parent_of(s.outer_expression(call))
    left = holder.child_by_field_name('left') if holder is not None and holder.type == 'assignment_expression' else None
    return s.text(left) if left is not None and left.type == 'identifier' else ''


def _target(link: Node, chain: list[Node]) -> str:
    """The table a write goes to as the call names it: what it is called on (``prisma.user``,
    ``supabase.from('jobs')``, ``this.billModel().query()``), with the table a chained builder takes
    first (Drizzle's ``db.insert(users).values(v)`` and ``db.update(users).set(v)``: ``db(users)``)."""
    recv = s.receiver(link)
    path = s.text(recv) if recv is not None else s.callee_path(link)
    args = s.arguments(link)
    if link.end_byte != chain[0].end_byte and args and s.unwrap(args[0]).type in ('identifier', 'member_expression'):
        return f'{path}({s.text(args[0])})'
    return path


def target_of(call: Node) -> str:
    """The table ``call``, a link of a chain, writes as ``Write.target`` names it (``db(workflow)`` of
    ``db.delete(workflow).where(...)``)."""
    return _target(call, s.chain_calls(s.chain_top(call)))


def _quantity(call: Node) -> bool:
    """The write's names (its callee, its table, the fields it writes) name money or stock:
    ``updateBalance()``, ``prisma.payout.update()``, ``{ stock: { decrement: 1 } }``."""
    for word in _IDENTIFIER.findall(s.text(call)):
        words = set(s.name_words(word))
        if words & stores.QUANTITY_NAMES and not words & stores.NOT_QUANTITY_WORDS:
            return True
    return False


def _idempotent(call: Node, methods: list[str]) -> bool:
    """An upsert, or an insert that settles a conflict: on its chain, in its options, in its SQL."""
    if not stores.IDEMPOTENT_WRITES.isdisjoint(s.name_words(s.callee_name(call))[:1]) \
            or not stores.CONFLICT_CHAIN.isdisjoint(methods):
        return True
    args = s.arguments(call)
    if args and args[-1].type == 'object':
        options = s.object_keys(args[-1])
        if any(s.text(options[k]) == 'true' for k in stores.CONFLICT_OPTIONS & set(options)):
            return True
    text = _statement(s.unwrap(args[0])) if args else None
    if text is None and call.child_by_field_name('arguments') is not None:
        arguments = call.child_by_field_name('arguments')
        text = sql.sql_text(arguments) if arguments.type == 'template_string' else None
    return text is not None and bool(stores.CONFLICT_SQL.search(text))


def _record(call: Node, chain: list[Node], names: Names) -> str:
    """The record a write names, to tell two writes of one record (a status set before some work
    and after it) from writes of two: the receiver of ``run.update()`` on a loaded record; the
    ``where`` of ``prisma.job.update({ where })``; the id of ``updateJobById(id, ...)`` or
    ``Job.findByIdAndUpdate(id, ...)``; the table and filters of a filtered update chain
    (``supabase.from('jobs').update(v).eq('id', id)``); '' where the call does not say (a create)."""
    if len(chain) > 1:
        return _chain_record(call, chain)
    name = s.callee_name(call)
    segments = s.path_segments(s.receiver(call))
    if name in names['record_write_methods'] and len(segments) == 1 and _is_record(call, names):
        return segments[0]
    args = s.arguments(call)
    if not args:
        return ''
    first = s.unwrap(args[0])
    if first.type == 'object':
        where = s.object_keys(first).get('where')
        return f'{s.callee_path(call)}({_SPACE.sub("", s.text(where))})' if where is not None else ''
    if first.type in ('identifier', 'member_expression'):
        return f'{s.callee_path(call)}({s.text(first)})'
    return ''


def _chain_record(write: Node, chain: list[Node]) -> str:
    """An update or delete chain with a row filter on it names its rows by the chain less the values
    it writes: ``supabase.from('jobs').update(v).eq('id', id)`` twice with the same ``eq`` is one
    record's status set twice (the filters compared without their spacing: the two may be indented
    apart). '' for a chain with no filter (every row) or another write."""
    if s.callee_name(write) not in stores.FILTERED_CHAIN_WRITES:
        return ''
    parts = []
    filtered = False
    at = (write.start_byte, write.end_byte)
    for link in reversed(chain):
        name = s.callee_name(link)
        is_write = (link.start_byte, link.end_byte) == at
        values_only = is_write or name in stores.CHAIN_VALUES
        if link.start_byte == chain[-1].start_byte and link.end_byte == chain[-1].end_byte and not is_write:
            name = s.callee_path(link)
        filtered = filtered or name in stores.ROW_FILTERS
        arguments = link.child_by_field_name('arguments')
        parts.append(name if values_only or arguments is None else f'{name}{_SPACE.sub("", s.text(arguments))}')
    return '.'.join(parts) if filtered else ''


def write_label(call: Node, names: Names, file: File) -> str | None:
    """A label for ``call`` when it writes to the data store, else ``None``."""
    name = s.callee_name(call)
    fn = s.callee(call)
    if not name or fn is None:
        return None
    runs_sql = name in names['sql_runners']
    orm = name in names['write_methods'] or name in names['record_write_methods']
    helper = helper_name(name, names)
    layer = not helper and layer_helper_name(name, names) and (on_data_layer(call, file) or _of_repository(call) and not (
        s.parent_of(call) is not None and s.parent_of(call).type == 'member_expression'))  # not `createQueryBuilder().update()`
    if not (runs_sql or orm or helper or layer):
        return None
    args = s.arguments(call)
    if args and args[-1].type == 'object' and handed_transaction(args[-1]):
        return None
    segments = s.path_segments(s.receiver(call))
    record = len(segments) == 1 and _is_record(call, names)
    if any(w in names['not_stores'] for seg in segments for w in s.name_words(seg)) and not _job_table(segments, names) \
            and not record:
        return None
    if name in stores.POOL_CLOSES and not args and segments and not _is_record(call, names):
        return None  # `AppDataSource.destroy()`, `knex.destroy()`: a pool closed, no row written
    if entities.builds_only(call, file):
        return None  # TypeORM's `this.repo.create(data)`: an entity made for a later save
    # `const session = await Session.findById(id)`: a record named like a transaction (or a cookie session) is one.
    if segments and (segments[0] in names['transaction_names'] and not record
                     or _passed_in(call, segments[0]) or _from_transaction(call, names)):
        return None
    fn = s.unwrap(fn)
    if runs_sql and fn.type == 'identifier' and _tag_passed_in(fn):
        return None
    if runs_sql and args and _is_sql_write(args[0]):
        return _label(call)
    if fn.type == 'identifier':
        return f'{name}()' if helper else None
    if fn.type != 'member_expression' or not (layer or _member_write(call, name, segments, helper, names)
                                               or helper and on_data_layer(call, file)):
        return None
    # A store by its name but not by its binding: `const db = new Map()`, `import { set } from 'lodash'`.
    return _label(call) if stores.bound_store(file, s.receiver(call)) is not False else None


def _member_write(call: Node, name: str, segments: list[str], helper: bool, names: Names) -> bool:
    if name in names['write_methods'] and (_is_store(segments, names) or _on_prisma_parameter(call, segments)):
        return True
    if name in names['write_methods'] and segments[-1:] and segments[-1] in stores.RECORD_QUERIES | {stores.OBJECTION_RELATED}:
        return True  # objection's `step.$query().delete()`, `step.$relatedQuery('children').delete()`: a model's query
    if name in stores.INSERT_METHODS and segments and set(s.name_words(segments[-1])) & stores.WRITE_HELPER_RECEIVERS:
        return True  # `this.experimentService.create(e)`: a service's create makes a record
    if name in names['record_write_methods'] and len(segments) == 1 and _is_record(call, names):
        return True
    return bool(helper and (not segments or set(s.name_words(segments[-1])) & stores.WRITE_HELPER_RECEIVERS))


def _runs_on_passed_in(link: Node, names: Names) -> bool:
    """A query run on a connection the caller passed in (evershop's ``insert('t').given(d)
    .execute(connection)`` in ``insertCategoryData(data, connection)``): the caller owns the transaction."""
    fn = s.enclosing_function(link)
    if fn is None:
        return False
    params = s.parameter_names(fn)
    for arg in s.arguments(link):
        arg = s.unwrap(arg)
        name = s.text(arg)
        if arg.type == 'identifier' and name in params and (
                name in names['transaction_names'] or s.name_words(name)[-1:] in (['connection'], ['conn'], ['client'])):
            return True
    return False


def _from_transaction(call: Node, names: Names) -> bool:
    """A write on something the transaction handed out: ``const repo = tx.getRepository(Label)``."""
    root = s.receiver(call)
    while root is not None and s.unwrap(root).type == 'member_expression':
        root = s.unwrap(root).child_by_field_name('object')
    value = s.initializer(s.unwrap(root)) if root is not None and s.unwrap(root).type == 'identifier' else None
    value = s.unwrap(value) if value is not None else None
    if value is None or value.type != 'call_expression':
        return False
    source = s.path_segments(s.callee(value))
    return bool(source) and source[0] in names['transaction_names']


def _passed_in(call: Node, root: str) -> bool:
    """A write on a connection or client the caller passed in: the caller owns the transaction. Not
    a parameter declared as the whole Prisma client (``client: PrismaClient``, a project's
    ``ExtendedPrismaClient``): Prisma's transaction client lacks ``$transaction`` and cannot be
    passed as one, so no caller's transaction reaches these writes (managed-care-review's
    insertRateQuestionResponse, a real bug of holdout8)."""
    if not root[:1].islower() or root in ('req', 'request', 'ctx', 'context'):
        return False
    fn = s.enclosing_function(call)
    return fn is not None and root in s.parameter_names(fn) and not _whole_prisma_client(fn, root)


def _tag_passed_in(tag: Node) -> bool:
    """A SQL tag the caller handed in, as postgres.js's client is (`` sql`UPDATE ...` `` in
    ``updateBond(sql: PgSqlClient, ...)``, or in a closure of it: ``q.enqueue(async () => sql`...`)``):
    the caller's connection, and its transaction (stacks-blockchain-api's block writes, each run with
    the ``sql`` of ``sqlWriteTransaction(async (sql) => ...)``: round 25, five not worth asking)."""
    decl = s.declaration(tag)
    holder = s.parent_of(decl) if decl is not None else None
    return holder is not None and holder.type == 'formal_parameters'


def _job_table(segments: list[str], names: Names) -> bool:
    """``prisma.repoIndexingJob``, ``this.db.job``: a model of the database client named for jobs is a
    table whose rows hold the job's state (sourcebot's index job set COMPLETED apart from its repo's
    indexedAt), not a queue that another system runs."""
    path = [seg for seg in segments if seg != 'this']
    if len(path) != 2 or path[0] not in stores.MODEL_CLIENTS:
        return False
    other = {w for seg in path for w in s.name_words(seg) if w in names['not_stores']}
    return other <= {'job', 'jobs'}


def _on_prisma_parameter(call: Node, segments: list[str]) -> bool:
    """``client.rateQuestion.update()`` on a parameter typed as the whole Prisma client."""
    fn = s.enclosing_function(call)
    return len(segments) == 2 and fn is not None and _whole_prisma_client(fn, segments[0])


def _whole_prisma_client(fn: Node, name: str) -> bool:
    """The parameter ``name`` of ``fn`` is typed as Prisma's client class or a project's alias of it
    (a type whose name ends in ``PrismaClient``), not as a transaction client."""
    node = s.parameter_type(fn, name)
    return node is not None and node.type == 'type_identifier' \
        and tuple(s.name_words(s.text(node))[-2:]) == packages.PRISMA_CLIENT_TYPE


def helper_name(name: str, names: Names) -> bool:
    """``updateBalance``, ``saveOrder``: a first word that writes; not a store's name for what it
    writes to (``logAudit``), nor a table's accessor (``this.creditNoteModel()``: `credit` is a noun)."""
    words = s.name_words(name)
    return bool(words) and words[0] in names['write_helpers'] and words[-1] not in stores.TABLE_ACCESSORS \
        and not any(w in names['not_stores'] for w in words[1:])


def layer_helper_name(name: str, names: Names) -> bool:
    """``createAdminAction``, ``setUserAdminRole``: a first word that writes when the method is the
    data layer's (``on_data_layer``), not a store's name for what it writes to."""
    words = s.name_words(name)
    return len(words) > 1 and words[0] in names['data_layer_helpers'] \
        and not any(w in names['not_stores'] for w in words[1:])


def on_data_layer(call: Node, file: File) -> bool:
    """A method of an object the project's data layer exports (``dbAdapter.setUserAdminRole()`` with
    ``import { dbAdapter } from '../models'``): it writes the store that layer fronts."""
    recv = s.receiver(call)
    recv = s.unwrap(recv) if recv is not None else None
    return recv is not None and data_access.data_layer_import(recv, file)


def _is_store(segments: list[str], names: Names) -> bool:
    receivers = names['data_receivers']
    for seg in segments:
        if (_PASCAL.match(seg) and seg not in stores.GLOBALS) or any(w in receivers for w in s.name_words(seg)):
            return True
    return False


def _is_sql_write(arg: Node) -> bool:
    arg = s.unwrap(arg)
    text = sql.const_sql(arg) if arg.type == 'identifier' else _statement(arg)
    return text is not None and bool(_SQL_WRITE.match(text))


def _statement(arg: Node) -> str | None:
    """The SQL of a runner's argument: a literal, or a statement built by a SQL tag
    (`` pool.query(sql`INSERT ...`) `` in slonik, `` db.execute(sql`...`) `` in Drizzle)."""
    if arg.type == 'call_expression' and s.callee_name(arg) in stores.SQL_TAGS:
        template = arg.child_by_field_name('arguments')
        return sql.sql_text(template) if template is not None and template.type == 'template_string' else None
    return sql.sql_text(arg)


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
    text = _statement(s.unwrap(args[0])) if args else None
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



def one_table(first: Write, second: Write) -> bool:
    """The two writes go to one table: the same target, or a model's write and a SQL statement on the
    table its ORM names for it (``SentryPipelineRun.create()``, then ``sequelize.query('UPDATE
    sentry_pipeline_runs ...')``: Sequelize's table is the model's name pluralized, snake_case where the
    schema says so, as Prisma's ``@@map`` and TypeORM's naming strategies most often make it)."""
    if first.target and first.target == second.target:
        return True
    return any(_names_table(a.target, sql_table(b)) for a, b in ((first, second), (second, first)))


def sql_table(write: Write) -> str:
    """The table a SQL write's statement names, without its schema or quotes ('' for another write)."""
    args = s.arguments(write.node)
    text = _statement(s.unwrap(args[0])) if args else None
    found = _SQL_TABLE.match(text) if text is not None else None
    return found.group(1).replace('"', '').replace('`', '').rpartition('.')[2] if found else ''


def _names_table(target: str, table: str) -> bool:
    """``SentryPipelineRun`` (or ``models.SentryPipelineRun``, ``prisma.sentryPipelineRun``) names
    ``sentry_pipeline_runs``: the same words, the table's last one plural or not."""
    model = re.sub(r'[^a-z0-9]', '', target.rpartition('.')[2].lower())
    name = re.sub(r'[^a-z0-9]', '', table.lower())
    if not model or not name:
        return False
    return name in (model, model + 's', model + 'es') or (model.endswith('y') and name == model[:-1] + 'ies')
