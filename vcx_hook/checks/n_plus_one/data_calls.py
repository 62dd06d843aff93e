"""Whether a call reaches a data store, and what it does there (read, create, update, a loader
helper, an association getter), from the ecosystem's store names; HTTP and batching are not."""
from __future__ import annotations

import re
from typing import NamedTuple

from vcx_hook.checks.n_plus_one import helpers
from vcx_hook.checks.n_plus_one.helpers import defined_here
from vcx_hook.checks.n_plus_one.helpers import does_something_else
from vcx_hook.checks.n_plus_one.iterations import Names
from vcx_hook.checks.n_plus_one.wording import call_label
from vcx_hook.checks.n_plus_one.wording import short
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.ecosystem import data_access
from vcx_hook.ecosystem import entities
from vcx_hook.ecosystem import models
from vcx_hook.ecosystem import pgtyped
from vcx_hook.ecosystem import stores
from vcx_hook.ecosystem.search_engines import searched
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

_PASCAL = models.MODEL_NAME
_COUNT = lazyre.compile(r'count[A-Z]')
_SQL = lazyre.compile(r'^\s*(?:select|insert|update|delete|with|replace|merge)\b', re.I)
_REDIS_IMPORT = lazyre.compile(rb'''['"](?:''' + '|'.join(map(re.escape, stores.REDIS_PACKAGES)).encode() + rb''')['"]''')
# A SQL runner's variants on a database client (`database.queryWithValues(sql)`, `db.queryOne(sql)`:
# catalyst's content files, one INSERT per entry, a real bug of holdout7).
_RUNNER_VARIANT = lazyre.compile(r'^(?:query|execute)(?:With|One|All|Rows|Raw|Values|Many|First)')
_NOT_NOUNS = frozenset(('id', 'ids', 'key', 'keys', 'name', 'names', 'label', 'title'))


class DataCall(NamedTuple):
    label: str
    link: Node  # the call of the chain that reaches the store
    kind: str  # 'read' | 'create' | 'update' | 'helper' | 'getter' | 'saved' | '' (batching, HTTP: not asked)


def data_call(chain: list[Node], names: Names, file: File) -> DataCall | None:
    """The store call in a method chain (outermost first), or ``None`` for HTTP, batching, other."""
    root = chain[-1]
    root_name = s.receiver_name(root) or s.callee_name(root)
    if root_name in http.LOOP_CLIENTS:
        return None
    found = [f for f in (_store_link(link, names, file) for link in chain) if f is not None]
    if not found or any(not f.kind for f in found):
        return None
    if any(entities.builds_only(f.link, file) for f in found):
        return None  # TypeORM's `this.tagRepository.create({ name })`: an entity made in memory, no query
    receiver = s.receiver(root)
    if len(found) == 1 and found[0].link == root and pgtyped.run_sql(file, root) is not None:
        return found[0]  # a query PgTyped's `sql` tag made, bound as a value
    if receiver is not None and stores.bound_store(file, receiver) is False:
        return None  # `const repository = rows.slice()`: a store by its name, not by its binding
    if receiver is not None and _page_request(receiver, file):
        return None
    # Name the query itself: `User.findById()` of `.findById().select().lean()`, not a helper
    # that builds the receiver (`getRepository(User)`) or the builder root (`knex('users')`).
    methods = [f for f in found if f.kind != 'helper' and not _builder_root(f.link, names)]
    if methods:
        return methods[-1]
    helper = defined_here(found[0].link) if found[0].kind == 'helper' else None
    if helper is not None and does_something_else(helper, file, lambda c: _does(c, names, file)):
        return None  # the file shows what the helper does, and it is no query
    return found[0]


def _page_request(receiver: Node, file: File) -> bool:
    """In browser code, a call on a service, an API module or a helper object: a request to the
    app's own API, not a query, whatever its method is called (``suggestionService.update(...)``);
    a database client (``db.``, ``prisma.``, one bound to Supabase or Firestore) is still one
    (bench/judged food-oasis n1:bounded-user-edited-items)."""
    if not runtime.is_browser(file) or runtime.is_server_component(file):
        return False
    return stores.bound_store(file, receiver) is not True and not _database_path(s.path_segments(receiver))


def built_query(run: Node, built: list[Node], names: Names, file: File) -> DataCall | None:
    """``await qb.getMany()`` where ``qb`` holds ``built`` (``Model.createQueryBuilder('m')...``,
    ``knex('users').where(...)``): the query the builder makes when ``run`` runs it."""
    name = s.callee_name(run)
    root = built[-1]
    if name not in names['query_methods']:
        return None
    segments = s.path_segments(s.receiver(root))
    words = {w for seg in segments for w in s.name_words(seg)}
    if not (_builder_root(root, names) or segments and _is_store(segments, words, names)):
        return None
    return DataCall(f'{short(root, 30)}...{name}()', run, _method_kind(name))


def reads(call: Node, names: Names, file: File) -> bool:
    """Whether awaited ``call`` (the top of its chain) reads records: a store's read (``await
    User.find(...)``, a service's loader ``await this.userService.findAll()``, a loader of the
    project's data module ``await getUsers(ids)``), or any method of a store receiver (``await
    DocumentVectors.where(...)``, ``await this.caseModel.list(id)``)."""
    if not s.is_awaited(call):
        return False
    chain = s.chain_calls(call)
    found = data_call(chain, names, file)
    if found is not None:
        if found.kind == 'helper':  # the project's own helper may call an HTTP API
            return from_data_module(found.link, file)
        return found.kind in ('read', 'getter')
    fn = s.callee(chain[-1])
    if fn is None or s.unwrap(fn).type != 'member_expression' or s.is_ui_file(file):
        return False
    segments = s.path_segments(s.receiver(chain[-1]))
    words = {w for seg in segments for w in s.name_words(seg)}
    if words & names['not_stores'] and not _database_path(segments):
        return False
    return _is_store(segments, words, names) or _database_path(segments)


def from_data_module(call: Node, file: File) -> bool:
    """``getUsers(ids)`` with ``getUsers`` imported or required from the project's data layer
    (``'../lib/db'``, ``'./models'``: ``stores.DATA_MODULES``)."""
    fn = s.callee(call)
    return fn is not None and data_module_name(s.unwrap(fn), file)


def data_module_name(name: Node, file: File) -> bool:
    """Whether identifier ``name`` is bound to an import or require of the project's data layer."""
    return data_access.data_layer_import(name, file)


def elsewhere(call: Node, names: Names, file: File) -> bool:
    """A call to another service: an HTTP client (``fetch(url)``, ``axios.get``) or a receiver the
    family knows is no database (mail, queues, storage, API clients)."""
    return _does(call, names, file) == helpers.OTHER or _not_a_store(call, names)


def _not_a_store(call: Node, names: Names) -> bool:
    fn = s.callee(call)
    if fn is None or s.unwrap(fn).type != 'member_expression':
        return False
    segments = s.path_segments(s.receiver(call))
    words = {w for seg in segments for w in s.name_words(seg)}
    return bool(words & names['not_stores']) and not words & stores.REDIS_WORDS and not _database_path(segments)


def _does(call: Node, names: Names, file: File) -> str | None:
    """What a call in a helper's body does (``helpers.STORE``, ``OTHER``, ``HELPER``), if it says."""
    if s.callee_name(call) in http.LOOP_CLIENTS and s.unwrap(s.callee(call)).type == 'identifier':
        return helpers.OTHER  # fetch(url), axios(config)
    link = _store_link(call, names, file)
    if link is None:
        return None
    if not link.kind:
        return helpers.OTHER if s.receiver_name(call) in http.LOOP_CLIENTS else None
    return helpers.HELPER if link.kind == 'helper' else helpers.STORE


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
    if name in names['sql_runners'] and (_fragment(fn, file) or _clause_argument(call)):
        return None  # Prisma.sql`...`, drizzle's sql`...`, `.select([knex.raw('? AS list', [id])])`: run elsewhere
    if fn.type == 'identifier':
        if name in names['builder_roots'] and args and args[0].type == 'string':
            return DataCall(call_label(call), call, 'read')
        if name in names['sql_runners'] and args and _is_sql(args[0]):
            return DataCall(call_label(call), call, _sql_kind(args[0]))
        if loader_name(name, names) and not s.is_ui_file(file):
            return DataCall(f'{name}()', call, 'helper')
        return None
    if fn.type != 'member_expression':
        return None
    pg = pgtyped.run_sql(file, call)
    if pg is not None:  # PgTyped's `getUsers.run({ ids }, db)`
        word = pg.split(None, 1)[0].lower() if pg.strip() else ''
        return DataCall(call_label(call), call, {'insert': 'create', 'update': 'update'}.get(word, 'read'))
    segments = s.path_segments(s.receiver(call))
    words = {w for seg in segments for w in s.name_words(seg)}
    if args and _store_verb(name) and (_data_access(segments, words, names) or _layer_object(call, file)
                                       or _typed_access(call, file, names)) and not s.is_ui_file(file):
        return DataCall(call_label(call), call, _access_kind(name))
    if args and data_access.on_connection(file, s.receiver(call)) and not s.is_ui_file(file):
        return DataCall(call_label(call), call, _access_kind(name))  # `new ProjectService(connection)`'s methods
    if searched(call, file):
        return DataCall(call_label(call), call, 'read')  # `esClient.search({ query })`
    if words & names['not_stores'] and not words & stores.REDIS_WORDS and not _database_path(segments):
        return DataCall('', call, '')
    if name in names['query_methods'] and (_is_store(segments, words, names) or _in_transaction(call)):
        return DataCall(call_label(call), call, _method_kind(name))
    if (name in names['sql_runners'] or _RUNNER_VARIANT.match(name)) and args and (_is_sql(args[0]) or (
            words & names['data_receivers'] or words & stores.SQL_CLIENTS) and not _graphql(args[0])):
        return DataCall(call_label(call), call, _sql_kind(args[0]))
    if name in names['redis_methods'] and (words & stores.REDIS_WORDS or (
            _imports_redis(file) and segments[-1:] != [] and segments[-1] in stores.KV_CLIENTS)):
        return DataCall(call_label(call), call, 'read')
    if name in names['builder_roots'] and not segments and args and args[0].type == 'string':
        return DataCall(call_label(call), call, 'read')  # this.knex('users')
    if name == 'table' and args and args[0].type == 'string' and segments \
            and segments[-1].lower() in names['builder_roots']:
        return DataCall(call_label(call), call, 'read')  # Knex's `db.table('albums').where(...)`, awaited as is
    if s.is_ui_file(file):
        return None
    if name in stores.STATIC_LOADERS and any(_model(seg) for seg in segments):
        return DataCall(call_label(call), call, 'read')  # `Job.fromId(queue, id)`
    loader = loader_name(name, names)
    if loader and (not segments or words & stores.LOADER_RECEIVERS):
        return DataCall(call_label(call), call, 'read' if segments else 'helper')
    # Sequelize association methods on a record: post.getComments(), tag.countArticles({ ... }).
    obj = s.unwrap(fn.child_by_field_name('object'))
    if ((loader and name.startswith('get')) or _COUNT.match(name)) and len(segments) == 1 \
            and obj.type == 'identifier' and (not args or (len(args) == 1 and args[0].type == 'object')):
        return DataCall(call_label(call), call, 'getter')  # asked only on the element itself
    if name == 'save' and len(segments) == 1 and obj.type == 'identifier' and len(args) <= 1 \
            and all(a.type in ('object', 'arrow_function', 'function_expression') for a in args):
        return DataCall(call_label(call), call, 'saved')  # `childPage.save()`: the element saves itself
    return None


def _data_access(segments: list[str], words: set[str], names: Names) -> bool:
    """``BlocksRepository``, ``this.jeuneGateway``, ``userDao``: a data access object, whose methods
    named for a store operation go to the store whatever the rest of their name is (mempool's
    ``$saveFirstSeenTime(block.hash)``, service-national-universel's ``countAffectedByLigneDeBus(ligne.id)``);
    not one named for another service (``paymentGateway``, ``smsGateway``, ``apiRepository``)."""
    last = s.name_words(segments[-1]) if segments else []
    return bool(last) and last[-1] in data_access.WORDS \
        and not (words - data_access.WORDS) & (names['not_stores'] | data_access.OTHERS)


def _layer_object(call: Node, file: File) -> bool:
    """``dbAdapter.createEvent(...)`` with ``dbAdapter`` imported from the project's data layer
    (``import { dbAdapter } from '../models'``): an object fronting the store, as a DAO does
    (FreeFeed's mention events, a real bug of holdout6)."""
    receiver = s.receiver(call)
    receiver = s.unwrap(receiver) if receiver is not None else None
    return receiver is not None and receiver.type == 'identifier' and data_module_name(receiver, file)


def _typed_access(call: Node, file: File, names: Names) -> bool:
    """``meta.listMemberships(ws.id)`` with ``meta: MetaStore`` (or destructured from a value whose
    declared type has that field), ``this.reader.readPostById(id)`` with the class's
    ``reader: CommunityPostReaderPort``: a data access object by its declared type, in server code."""
    receiver = s.receiver(call)
    return receiver is not None and (s.unwrap(receiver).type == 'identifier' or s.dotted(receiver).startswith('this.')) \
        and not runtime.is_browser(file) and data_access.typed_access(file, receiver, names['not_stores'])


def _store_verb(name: str) -> bool:
    words = s.name_words(name.lstrip('$_'))
    return bool(words) and words[0] in data_access.VERBS


_UPDATE_VERBS = frozenset(('save', 'update', 'set', 'mark', 'upsert'))


def _access_kind(name: str) -> str:
    words = s.name_words(name.lstrip('$_'))
    return 'update' if words and words[0] in _UPDATE_VERBS else _method_kind(name)


def _fragment(fn: Node, file: File) -> bool:
    """A tag or call of a library whose SQL tags build a fragment (``stores.SQL_FRAGMENT_LIBRARIES``):
    ``Prisma.sql`` with ``Prisma`` from '@prisma/client', ``sql`` from 'drizzle-orm'."""
    bound = bindings.binding(file, fn)
    return bound is not None and bound.how == bindings.IMPORT and bound.library in stores.SQL_FRAGMENT_LIBRARIES


def _clause_argument(call: Node) -> bool:
    """A raw expression handed to a clause of another query (``.select([knex.raw('? AS x', [v])])``,
    ``.where(db.raw('lower(name) = ?', [n]))``), within arrays and objects: a piece of that query."""
    if s.callee_name(call) not in stores.RAW_EXPRESSIONS:
        return False
    args = s.parent_of(call)
    while args is not None and args.type in ('array', 'pair', 'object', 'parenthesized_expression'):
        args = s.parent_of(args)
    outer = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    return outer is not None and outer.type == 'call_expression' and s.callee_name(outer) in stores.BUILDER_CLAUSES


def _method_kind(name: str) -> str:
    if name in stores.UPDATES:
        return 'update'
    if name in stores.CREATES:
        return 'create'
    if name in stores.BULK_WRITES:
        return ''
    return 'read'


def changes_one_record(data: DataCall, names: Names) -> bool:
    """Whether ``data`` updates or deletes one record: an update, a delete by its method
    (``repo.delete(id)``, ``knex('queued').where({ id }).del()``) or by its SQL (``DELETE FROM ...``);
    not a set operation (``deleteMany``, ``updateMany``), whose batched form is the same call with
    ``{ in: ids }``."""
    name = s.callee_name(data.link)
    if name.endswith('Many'):
        return False
    if data.kind in ('update', 'saved') or name in stores.DELETES:
        return True
    args = s.arguments(data.link)
    text = sql_of(args[0]) if name in names['sql_runners'] and args else None
    return bool(text and text.split(None, 1)[0].lower() == 'delete')


def _sql_kind(arg: Node) -> str:
    text = sql_of(arg)
    word = text.split(None, 1)[0].lower() if text and text.strip() else ''
    return {'insert': 'create', 'update': 'update'}.get(word, 'read')


def sql_of(arg: Node) -> str | None:
    arg = s.unwrap(arg)
    return sql.const_sql(arg) if arg.type == 'identifier' else sql.sql_text(arg)


def _database_path(segments: list[str]) -> bool:
    """``prisma.sentEmail``, ``ctx.db.auditLog``, ``this.emailRepository``: a table whose name
    happens to say mail or log is still a table."""
    if any(seg.lower() in stores.DATABASE_ROOTS for seg in segments):
        return True
    last = s.name_words(segments[-1]) if segments else []
    return bool(last) and last[-1] in stores.TABLE_ACCESSORS


def _is_store(segments: list[str], words: set[str], names: Names) -> bool:
    if words & names['data_receivers']:
        return True
    return any(_model(seg) for seg in segments)


def _model(segment: str) -> bool:
    """``User``, ``Job``: a class named like a model, not a global such as ``Promise``."""
    return bool(_PASCAL.match(segment)) and segment not in stores.GLOBALS


def _in_transaction(call: Node) -> bool:
    """A call on the parameter of a callback that opens a transaction (``db.transaction(async (tx)
    => ...)``, whatever the parameter is called): that parameter is the store."""
    root = s.receiver(call)
    while root is not None and s.unwrap(root).type == 'member_expression':
        root = s.unwrap(root).child_by_field_name('object')
    if root is None or s.unwrap(root).type != 'identifier':
        return False
    decl = s.declaration(s.unwrap(root))
    fn = s.enclosing_function(decl) if decl is not None and decl.type != 'variable_declarator' else None
    opener = s.calling(fn) if fn is not None and decl in s.parameters(fn) else None
    return opener is not None and s.callee_name(opener) in stores.TRANSACTION_CALLS


def _is_sql(arg: Node) -> bool:
    text = sql_of(arg)
    return text is not None and bool(_SQL.match(text))


def _graphql(arg: Node) -> bool:
    """``client.query({ query: GET_USER, variables })``: a GraphQL request, not a store query."""
    return arg.type == 'object' and 'query' in s.object_keys(arg)


def loader_name(name: str, names: Names) -> bool:
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

