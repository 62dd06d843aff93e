"""Data stores: the words that name them in a receiver path, and the methods that read or write them.

Receiver words are grouped by what they name; each family's list is a union of groups, and where
a family leaves a group's word out or adds one of its own, the difference is spelled out below
(the families' old lists disagreed; closing a difference changes what a family reports).
"""
from __future__ import annotations

import re

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import isolation
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# -- Receiver words, by what they name -----------------------------------------------------------
# ORMs, query builders and hosted databases (`prisma.user`, `ctx.db`, `knex('users')`).
ORMS = frozenset((
    packages.PRISMA, 'db', 'database', packages.KNEX, packages.SEQUELIZE, packages.MONGOOSE, 'mongo',
    packages.DRIZZLE, 'orm', packages.SUPABASE,
))
# Clients whose every property is a model (`prisma.user`, `db.post`): a path from one reaches a table.
MODEL_CLIENTS = frozenset((packages.PRISMA, 'db'))
# Document and key-value databases addressed by collection or table.
DOCUMENTS = frozenset((packages.FIRESTORE, 'dynamo', packages.DYNAMODB, 'ddb', 'collection'))
# Repositories, models and entity managers (`this.userRepository`, `em.persist`, `User.findOne`).
REPOSITORIES = frozenset(('repo', 'repository', 'manager', 'model'))
REPOSITORY_EXTRAS = frozenset(('models', 'dao', 'em'))
# SQL drivers and their connections (`pool.query`, `conn.execute`).
DRIVERS = frozenset(('pool', packages.PG, packages.MYSQL, 'conn', 'connection'))
# Transaction objects handed to callbacks (`prisma.$transaction(async (tx) => ...)`).
TRANSACTIONS = frozenset(('tx', 'trx'))
# Redis, key-value stores and caches.
KEY_VALUE = frozenset((packages.REDIS, 'kv', 'cache'))
# Files and browser storage.
FILES = frozenset((packages.FS, 'fsp', 'store', 'storage'))
# The names Node's fs module goes by (`fs`, `fsp`, `fsPromises` for fs/promises), and fs-extra's.
FS_NAMES = frozenset((packages.FS, 'fsp', 'fsPromises'))
FS_EXTRA_NAMES = frozenset(('fse', 'fsExtra'))

# What each family counts as a store in a receiver path.
# n-plus-one: also service layers (a service call per element is a query per element).
LOOP_RECEIVERS = ORMS | DOCUMENTS | REPOSITORIES | REPOSITORY_EXTRAS | DRIVERS | TRANSACTIONS | frozenset((
    packages.MONGODB, 'repositories', 'txn', 'service', 'services',
))
# missing-transaction: the record stores only (SQL runners and transaction objects are asked apart).
WRITE_RECEIVERS = ORMS | DOCUMENTS | REPOSITORIES | REPOSITORY_EXTRAS | frozenset(('entity',))
# race-condition: anything whose state two requests can both read and then write.
SHARED_STATE_RECEIVERS = ORMS | DOCUMENTS | REPOSITORIES | DRIVERS | TRANSACTIONS | KEY_VALUE | FILES | frozenset((
    'client', 'entityManager', 'dataSource', 'sql', 'session',
))
# n-plus-one: roots that make any path a database path, compared in lower case.
DATABASE_ROOTS = ORMS | DRIVERS | TRANSACTIONS | frozenset(('txn', 'em', 'entitymanager', 'models'))
# Words of Redis clients (`redis.get`, `kv.set`) and the packages that import one.
REDIS_WORDS = frozenset((packages.REDIS, 'kv', 'upstash', 'valkey', packages.IOREDIS))
REDIS_PACKAGES = tuple(sorted(name for name, p in packages.BY_NAME.items() if p.library == packages.REDIS))
# Globals that are PascalCase but not models (`Promise.all`, `JSON.parse`, `NextResponse.json`).
GLOBALS = bindings.BUILTINS | frozenset(('React', 'Vue', 'Atomics', 'Proxy', 'Response', 'NextResponse'))

# -- Methods -------------------------------------------------------------------------------------
# ORM, driver and query-builder methods that read or write records (n-plus-one).
QUERY_METHODS = frozenset((
    'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'findOne',
    'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findBy', 'findById', 'findByPk', 'findAll',
    'findAndCountAll', 'findAndCount', 'find', 'count', 'countDocuments', 'aggregate', 'exists',
    'distinct', 'groupBy', 'select', 'first', 'getOne', 'getMany', 'getRawOne', 'getRawMany',
    'getCount', 'getManyAndCount', 'create', 'createMany', 'insert', 'insertOne', 'insertMany',
    'update', 'updateOne', 'updateMany', 'upsert', 'delete', 'deleteOne', 'deleteMany', 'del',
    'save', 'remove', 'destroy', 'increment', 'decrement', 'findOneAndUpdate', 'findByIdAndUpdate',
    'findOneAndDelete', 'findByIdAndDelete', 'findOneAndReplace', 'replaceOne', 'bulkCreate',
    'bulkWrite', 'softDelete', 'restore', 'findOrCreate',
))
# Updates, creates and bulk writes among them (how n-plus-one words its suggestion).
UPDATES = frozenset((
    'update', 'updateOne', 'updateMany', 'upsert', 'findOneAndUpdate', 'findByIdAndUpdate', 'replaceOne',
    'findOneAndReplace', 'increment', 'decrement',
))
CREATES = frozenset(('create', 'insert', 'insertOne', 'save'))
BULK_WRITES = frozenset(('createMany', 'insertMany', 'bulkCreate', 'bulkWrite'))
# Bulk writes missing-rate-limit asks about (one request, many rows).
ROUTE_BULK_WRITES = BULK_WRITES | frozenset(('bulkInsert', 'batchWrite'))
# ORM/driver methods that write (missing-transaction).
WRITE_METHODS = frozenset((
    'create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'save',
    'insert', 'insertOne', 'insertMany', 'updateOne', 'deleteOne', 'replaceOne', 'findOneAndUpdate',
    'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'findOneAndReplace',
    'findByIdAndRemove', 'findOneAndRemove', 'increment', 'decrement', 'destroy', 'bulkCreate',
    'bulkWrite', 'remove', 'softDelete', 'restore', 'del', '$executeRaw', '$executeRawUnsafe',
    'putItem', 'updateItem', 'deleteItem',  # and MikroORM's native and flushing writes (Talo, holdout16):
    'nativeDelete', 'nativeUpdate', 'nativeInsert', 'removeAndFlush', 'persistAndFlush',
))
# A member call of one (`.save(`, `. update (`): in every write those methods' patterns find, and,
# starting with a literal, scanned for where theirs (a lookbehind, a `\b`) are tried at every byte.
MEMBER_WRITE = lazyre.compile(rb'\.\s*(?:' + '|'.join(sorted(m.replace('$', r'\$') for m in WRITE_METHODS)).encode() + rb')\s*\(')
# Methods that write a loaded or new record: `user.save()`, `order.destroy()`.
RECORD_WRITE_METHODS = frozenset((
    'save', 'update', 'destroy', 'remove', 'deleteOne', 'updateOne', 'increment', 'decrement',
    'restore', 'softRemove',
))
# Write methods that close a pool when called with no arguments (`knex.destroy()`, TypeORM's `AppDataSource
# .destroy()`; Sequelize's `Model.destroy()` needs a `where`): judged not worth asking (PIMS, nango).
POOL_CLOSES = frozenset(('destroy',))
# Writes of a query chain whose rows a filter on the chain picks (Supabase `.update(v).eq('id', id)`,
# Drizzle `db.update(t).set(v).where(...)`, Knex `knex('t').where({ id }).update(v)`).
FILTERED_CHAIN_WRITES = frozenset(('update', 'delete', 'del'))
# The links of such a chain that pick its rows, and the links that carry only the values written.
ROW_FILTERS = frozenset(('eq', 'match', 'where'))
CHAIN_VALUES = frozenset(('set',))
# Calls that load or build one record (`await User.findById(id)`, `Order.build(...)`).
RECORD_SOURCES = frozenset((
    'findOne', 'findById', 'findByPk', 'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow',
    'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'create', 'build', 'findOrCreate',
))
# Reads whose result can go stale (generic names such as `get` need a store receiver) (race-condition).
STALE_READS = frozenset((
    'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findOne', 'findById',
    'findByPk', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'find', 'findAll', 'findMany',
    'count', 'countDocuments', 'exists', 'get', 'hget', 'hgetall', 'getItem', 'readFile',
    'query', 'first', 'one', 'oneOrNone', 'select', 'execute', 'exec', 'lean',
))
# Writes that replace what such a read saw (race-condition).
STATE_WRITES = frozenset((
    'update', 'updateOne', 'updateMany', 'save', 'set', 'hset', 'put', 'putItem', 'updateItem',
    'findByIdAndUpdate', 'findOneAndUpdate', 'replaceOne', 'writeFile', 'setItem', 'query', 'execute',
    'patch',  # objection's update of the fields given
))
# Single-record reads whose absence (or a count) is checked before creating.
SINGLE_READS = frozenset((
    'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findOne', 'findById',
    'findByPk', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'exists', 'count', 'countDocuments',
    'get', 'hget', 'getItem', 'first', 'oneOrNone',
))
# Single-record lookups of a table (n-plus-one's free candidates): not a key-value get or a count.
RECORD_LOOKUPS = SINGLE_READS - frozenset(('get', 'hget', 'getItem', 'count'))
# Single-record reads by a key the database keeps unique (Prisma's `findUnique` takes only unique
# fields; `findById`/`findByPk` the primary key): a create after them either sets that key, and the
# database refuses the second, or makes another record than the one checked.
UNIQUE_KEY_READS = frozenset(('findUnique', 'findUniqueOrThrow', 'findById', 'findByPk'))
# Single-record reads by any filter, which the project's schema may show to be a unique key
# (ecosystem/schemas).
FIRST_READS = frozenset(('findFirst', 'findFirstOrThrow'))
# TypeORM EntityManager reads that take the entity class first (`manager.findOne(User, { where })`),
# whose filter the project's entity files may show to be a unique key (ecosystem/schemas).
ENTITY_READS = frozenset(('findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail'))
# Primary-key fields: a filter on them alone reads by a unique key (`findOne({ where: { id } })`).
PRIMARY_KEYS = frozenset(('id', '_id'))
# Writes that create a record (the "act" after an existence or count check).
# ORM/driver writes that make a new record (missing-transaction lists a record made, then another
# written: the first is left half-made when the second fails).
INSERT_METHODS = frozenset(('create', 'createOne', 'createMany', 'insert', 'insertOne', 'insertMany', 'bulkCreate'))
CREATE_METHODS = frozenset(('create', 'createOne', 'insert', 'insertOne', 'add', 'save', 'put', 'putItem', 'set', 'bulkCreate'))
# Redis commands that size a set, sorted set, list or hash (a count race-condition checks), and that add to one (its create).
REDIS_SIZES, REDIS_ADDS = frozenset(('scard', 'zcard', 'zcount', 'llen', 'hlen')), frozenset(('sadd', 'zadd', 'lpush', 'rpush'))
# Redis commands, asked on receivers named like Redis (or any client in a file importing one).
REDIS_METHODS = REDIS_SIZES | REDIS_ADDS | frozenset((
    'get', 'set', 'setex', 'getdel', 'del', 'exists', 'expire', 'incr', 'incrby', 'decr', 'hget',
    'hgetall', 'hset', 'hdel', 'hincrby', 'srem', 'smembers', 'sismember', 'zrem',
    'zscore', 'zrange', 'zrevrange', 'lrange', 'ttl',
))
# The names of an awaited call that may read or write a store (race-condition's candidates): store
# methods and helpers named like them (`findUser`, `loadCart`, `saveOrder`).
AWAITED_STORE_CALL = lazyre.compile(
    r'^(find\w*|get\w*|fetch[A-Z]\w*|load[A-Z]\w*|read\w*|count\w*|exists|select|first|one|oneOrNone|query'
    r'|execute|exec|lean|hget|hgetall|mget|aggregate|scan|zcount|zcard|scard|llen|hlen|zadd|sadd|lpush|rpush'
    r'|create\w*|update\w*|upsert|save\w*|insert\w*|put\w*'
    r'|set\w*|hset|delete\w*|remove|destroy|bulkCreate|add|write\w*|increment|decrement|incr|decr|patch|withGraph\w*)$')

# A read of the database's own catalog: its tables, collections, indexes, sessions
# (`SELECT tablename FROM pg_tables`, `db.listCollections()`). A loop over what it returns walks the
# database's objects, a handful, with one statement each by nature (`DROP TABLE`, a per-collection
# `deleteMany`, `pg_terminate_backend(pid)`): n-plus-one does not ask it.
CATALOG_READ = lazyre.compile(
    rb'\b(?:pg_(?:tables|views|matviews|indexes|class|namespace|catalog|database|roles|user|proc|type|attribute'
    rb'|constraint|locks|extension|sequences|stat_\w+|statio_\w+)|information_schema|sqlite_master|sqlite_schema'
    rb'|list(?:Collections|Indexes|SearchIndexes|Databases))\b|\bSHOW\s+(?:FULL\s+)?(?:TABLES|DATABASES|COLUMNS|INDEX(?:ES)?)\b',
    re.I)

# -- Serializing a read and its write, settling a duplicate (race-condition) --------------------
# Kept together, apart from the lists above: what makes a read and the write after it one step,
# and what lets the database decide between two requests creating the same record.
# Locks, `FOR UPDATE` and serializable isolation, searched in a function's bytes.
SERIALIZES = lazyre.compile(rb'FOR\s+UPDATE|forUpdate\(|[Ss]erializable|SERIALIZABLE|pessimistic_write|LOCK\.UPDATE|lock:\s*true'
    rb'''|\.for\(\s*['"`](?:update|no key update)'''  # Drizzle's row lock: `.select().from(t).for('update')`
    rb'|runExclusive|\.acquire\(|[lL]ock\(|withLock|redlock|[mM]utex|advisory_x?lock'
    rb'|setIfNotExists|\.setnx\(|\.setNX\(',  # a Redis SET NX taken as a lock around the step
    needs=tuple(b'FOR forUpdate( erializable SERIALIZABLE pessimistic_write LOCK.UPDATE lock: .for( runExclusive .acquire( '
                b'ock( withLock redlock utex advisory_ setIfNotExists .setnx( .setNX('.split()))
# A lock per key kept in a map (`writeFileLocks[path] = writeFileLocks[path].then(...)`).
KEYED_LOCKS = lazyre.compile(rb'[lL]ocks?\s*\[')
# Unique-violation codes (Prisma, MongoDB, Postgres, MySQL), upserts, `ON CONFLICT`, Redis `NX`,
# DynamoDB conditions: a handler for the violation is the answer to check-then-create (race_condition.calls).
UNIQUE_SETTLED = lazyre.compile(
    rb'P2002|E?11000|23505|ER_DUP_ENTRY|UniqueConstraint|UniqueViolation|onConflict|ON CONFLICT|skipDuplicates'
    rb'|ignoreDuplicates|upsert|\$setOnInsert|NX\b|nx:\s*true|attribute_not_exists',
    needs=tuple(b'P2002 11000 23505 DUP_ENTRY Unique onConflict CONFLICT Duplicates upsert setOnInsert NX nx: not_exists'.split()))
# Calls chained on a read that still run the same query (`User.findById(id).populate('x').lean()`).
QUERY_CHAIN = frozenset((
    'exec', 'lean', 'populate', 'select', 'sort', 'limit', 'skip', 'where', 'orFail',
    'withGraphFetched', 'withGraphJoined',  # objection's eager loading: the same query
))
# Fields an update filters on to fail when someone else wrote first (optimistic concurrency).
VERSION_FIELDS = frozenset(('version', '__v', 'updatedAt', 'updated_at', 'rev', 'revision', 'etag', 'lockVersion'))
# Deletes of records, and updates that change a set of rows selected earlier (race-condition).
DELETES = frozenset(('delete', 'deleteMany', 'deleteOne', 'destroy', 'remove', 'del', 'findOneAndDelete', 'findByIdAndDelete'))
SET_UPDATES = frozenset(('update', 'updateMany', 'updateOne'))
# The key a write names its one record by (Prisma/Sequelize/TypeORM `where: { id }`, Mongo `{ _id: id }`,
# Drizzle `eq(t.id, id)`, supabase/knex `.eq('id', id)`): a later write filtered by that value rewrites
# the rows that hang on the record (missing-transaction).
RECORD_KEYS = ('id', '_id')
# Updates of every row a filter selects (missing-transaction: two of one table are two sweeps).
SET_UPDATES_MANY = frozenset(('updateMany',))
# Writes that leave the same state however often they run (`prisma.member.upsert(...)`), and what
# makes an insert one: a conflict clause on its chain (Drizzle `.onConflictDoNothing()`, knex
# `.onConflict().merge()`), an option (`{ upsert: true }`, `{ skipDuplicates: true }`), or its SQL.
IDEMPOTENT_WRITES = frozenset(('upsert',))
CONFLICT_CHAIN = frozenset(('onConflictDoNothing', 'onConflictDoUpdate', 'onDuplicateKeyUpdate', 'onConflict'))
CONFLICT_OPTIONS = frozenset((
    'upsert', 'skipDuplicates', 'ignoreDuplicates', 'updateOnDuplicate', 'doNothingOnConflict', 'onConflictDoNothing',
))
CONFLICT_SQL = lazyre.compile(r'\bON\s+CONFLICT\b|\bON\s+DUPLICATE\s+KEY\b|^\s*INSERT\s+(?:OR\s+)?IGNORE\b|^\s*MERGE\b', re.I)
# File moves (`fs.rename(tmp, path)`) and the modules that make them (node:fs, fs/promises, fs-extra).
FILE_MOVES = frozenset(('rename', 'renameSync', 'move', 'moveSync'))
# Node's synchronous file calls: `fs.writeFileSync`, `fs.renameSync`, `fse.moveSync` (nothing runs between two).
SYNC_SUFFIX = 'Sync'
FILE_MODULES = FS_NAMES | FS_EXTRA_NAMES
FILE_MODULE_IMPORT = lazyre.compile(rb'''(?:from\s+|require\(\s*)['"](?:node:)?(?:'''
                                + '|'.join((packages.FS, packages.FS_PROMISES, packages.FS_EXTRA)).encode() + rb''')['"]''')
# Reads and writes of a whole file (`fs.readFile`, fs-extra `readJson`/`outputFile`, a `loadFile` helper).
FILE_READS = frozenset(f'{verb}{what}{sync}' for verb in ('read', 'load') for what in ('File', 'Json', 'JSON')
                       for sync in ('', 'Sync'))
FILE_WRITES = frozenset(f'{verb}{what}{sync}' for verb in ('write', 'output') for what in ('File', 'Json', 'JSON')
                        for sync in ('', 'Sync'))
# Key-value writes that fill a key read earlier (`redis.get(k)` ... `redis.set(k, value)`).
CACHE_SETS = frozenset(('set', 'setex', 'put', 'hset'))
CACHE_GETS = frozenset(('get', 'hget', 'getItem'))
# Writes of a loaded record's own fields (`user.update({...})`, objection's `this.$query().patch({...})`),
# and objection's query of one record (`record.$query()`).
SELF_UPDATES = frozenset(('update', 'patch', 'updateOne'))
RECORD_QUERIES = frozenset(('$query',))
# Objection (over Knex): its package, and the calls that start its queries (`Model.query()`,
# `record.$relatedQuery('pets')`); its `.first()` adds no LIMIT.
OBJECTION = packages.OBJECTION
OBJECTION_RELATED = '$relatedQuery'
OBJECTION_QUERIES = frozenset(('query', OBJECTION_RELATED))

# -- SQL text and builders -----------------------------------------------------------------------
# Calls that run SQL text (`pool.query(sql, [id])`, `` sql`... ${id}` ``), as each family asks them.
# Drizzle's and postgres.js's tag (`sql`...``), also Drizzle's `sql<number>`...`` in a select.
SQL_TAG = 'sql'
SQL_TAGS = frozenset((SQL_TAG, 'SQL', 'unsafe', '$queryRaw', '$queryRawUnsafe'))
LOOP_SQL_RUNNERS = SQL_TAGS | frozenset((
    'query', 'execute', 'raw', '$executeRaw', '$executeRawUnsafe', 'one', 'oneOrNone', 'many', 'manyOrNone',
    'any', 'none',
))
WRITE_SQL_RUNNERS = SQL_TAGS | frozenset((
    'query', 'execute', 'raw', 'none', 'one', 'many', 'any', 'result', 'run', 'exec', '$executeRaw',
    '$executeRawUnsafe',
))
READ_SQL_RUNNERS = SQL_TAGS | frozenset((
    'query', 'execute', 'raw', 'rawQuery', 'queryRaw', 'many', 'manyOrNone', 'any', 'all', 'prepare',
    'runQuery', 'executeQuery',
))
# Roots of Knex/Drizzle builder chains called with a table name (`knex('users')`, `trx('users')`).
BUILDER_ROOTS = frozenset((packages.KNEX, 'db', 'database', 'trx', 'tx', packages.PG, packages.MYSQL, packages.SQLITE))
READ_BUILDER_ROOTS = BUILDER_ROOTS | frozenset((packages.DRIZZLE, 'orm'))

# -- Transactions --------------------------------------------------------------------------------
# Calls that open a transaction (anywhere in the function, or around it as a callback).
# Calls that open a transaction by hand (TypeORM's query runner, MongoDB's session), and what
# commits or rolls it back (`endSession()` aborts a MongoDB session's open transaction).
TRANSACTION_STARTS = frozenset(('startTransaction', 'beginTransaction'))
TRANSACTION_COMMIT = lazyre.compile(rb'[\'"`]\s*commit\b|(?<![\w$])commit(?:Transaction)?\s*\(', re.I)
TRANSACTION_ROLLBACK = lazyre.compile(rb'rollback|abortTransaction|endSession', re.I)
# Prisma's interactive transaction: it keeps nothing in context, its callback reaches it only through
# the client it is handed.
PRISMA_TRANSACTION = '$transaction'
TRANSACTION_CALLS = TRANSACTION_STARTS | isolation.SERIALIZING_TRANSACTIONS | isolation.DOCUMENT_TRANSACTIONS | frozenset((
    PRISMA_TRANSACTION, 'transaction', 'runInTransaction', 'inTransaction', 'doInTransaction',
    'executeInTransaction', 'transacting', 'tx', 'batch', 'useTransaction', 'writeBatch', 'begin',
))
# Names of transaction objects: writes on them are inside a transaction.
TRANSACTION_NAMES = frozenset((
    'tx', 'trx', 'txn', 't', 'transaction', 'session', 'queryRunner', 'transactionalEntityManager',
    'transactionManager', 'batch', 'tm',
))
# Chained calls that put a query in a transaction (`.session(s)`, `.transacting(trx)`).
ON_TRANSACTION_CHAIN = frozenset(('session', 'transacting', 'useTransaction', 'setQueryRunner'))
# Option keys that put a call in a transaction (`{ transaction: t }`, `{ session }`).
TRANSACTION_OPTIONS = frozenset(('transaction', 'session', 'trx', 'tx', 'txn'))
# Statements that open a transaction in SQL text (`'BEGIN'`).
TRANSACTION_SQL = ('BEGIN', 'START TRANSACTION')

# -- Helpers and services ------------------------------------------------------------------------
# Last words of a receiver that is a service or repository layer (`this.usersService.findById`).
SERVICES = frozenset(('service', 'repository', 'repo', 'dao', 'store', 'model'))
# n-plus-one: a loader helper on a service reads records (`this.services.getUser(id)`).
LOADER_RECEIVERS = SERVICES | frozenset(('services',))
# n-plus-one: the last word of a service's receiver (`this.teamService`): its method is a unit of
# business logic, whose per-element work the loop usually needs (bench/judged, n1:per-item-work-inherent).
SERVICE_WORDS = frozenset(('service', 'services'))
# n-plus-one: the last part of a project module's path that holds its data layer (`../lib/db`,
# `./models`, `@/server/queries`): a loader helper imported from one reads records.
DATA_MODULES = frozenset(('db', 'database', packages.PRISMA, 'models', 'repository', 'repositories', 'dao', 'queries'))
# missing-transaction: a write helper on a service writes records (`db.saveOrder(o)`).
WRITE_HELPER_RECEIVERS = SERVICES | frozenset(('db',))
# The last word of a receiver that names a table's accessor whatever the table is called
# (`this.emailRepository`, `models.AuditLog`).
TABLE_ACCESSORS = frozenset(('repository', 'repo', 'repositories', 'model', 'dao'))
# First words of helpers that load one record (`getProfile(u.id)`, `fetchUser(id)`).
LOADER_VERBS = frozenset(('get', 'fetch', 'load', 'find', 'retrieve', 'lookup'))
# missing-transaction: first words of methods that write records when called on an object the
# project's data layer exports (`dbAdapter.setUserAdminRole()`, `db.createAdminAction()` with
# `import { dbAdapter } from '../models'`), beside WRITE_VERBS.
DATA_LAYER_VERBS = frozenset(('create', 'set', 'add', 'remove'))
# First words of helpers that write records (`updateBalance`, `debit`, `saveOrder`).
WRITE_VERBS = frozenset((
    'update', 'insert', 'save', 'upsert', 'delete', 'destroy', 'debit', 'credit', 'deduct',
    'withdraw', 'deposit', 'increment', 'decrement', 'persist',
))
# Words of a write helper's name that say it moves money or stock (`updateBalance`, `credit`,
# `insertLedgerEntry`): two such helpers in sequence are asked though neither shows its store.
QUANTITY_WORDS = frozenset((
    'balance', 'balances', 'credit', 'credits', 'debit', 'deduct', 'withdraw', 'deposit', 'ledger',
    'wallet', 'funds', 'fund', 'stock', 'inventory', 'quantity', 'points', 'amount', 'payment', 'payout',
    'refund', 'charge', 'transfer', 'coins', 'tokens', 'quota', 'seats',
))
# Words of a written field, table or helper that name an amount of money or stock (`balance`,
# `stock: { decrement: n }`, `wallets`): a half-applied move of one is asked at medium confidence.
QUANTITY_FIELDS = frozenset((
    'balance', 'balances', 'credits', 'debit', 'ledger', 'wallet', 'wallets', 'funds', 'stock', 'inventory',
    'quantity', 'points', 'amount', 'coins', 'quota', 'seats',
))
# Every word that names money or stock in a write (device and API `tokens` are no amount).
QUANTITY_NAMES = QUANTITY_FIELDS | (QUANTITY_WORDS - {'tokens'})
# Writes that change one record in place (two of them on two records of one table move something
# between the records: a debit and a credit, an ownership passed from one member to another).
RECORD_UPDATES = frozenset(('update', 'updateOne', 'findOneAndUpdate', 'findByIdAndUpdate', 'increment', 'decrement', 'updateItem'))
# ... unless the name is about the quantity (`paymentStatus`, `amountType`, `stockId`), or qualifies a setting
# (`PaymentPlanModel`: price options, not money; courselit round 22, courses/logic.ts:359, users/helpers.ts:173).
NOT_QUANTITY_WORDS = frozenset(('id', 'ids', 'status', 'state', 'type', 'method', 'currency', 'unit', 'format', 'plan', 'plans'))

# -- What is not a store -------------------------------------------------------------------------
# n-plus-one: receivers that are not a database (one call per element there is not a query):
# HTTP clients, batching loaders, caches, mail, queues, files (`api.users.get(id)`, `userLoader.load(id)`),
# and the clients of the services a request reaches (mail, SMS, payments, AI: ecosystem/services).
NOT_QUERIED = frozenset((
    'api', 'loader', 'loaders', 'dataloader', 'cache', packages.FS, 'email', 'push', 'queue', 'webhook', 'slack',
    'storage', 's3', 'bucket', 'upload', 'logger', 'analytics', 'notifier', 'github',
)) | http.CLIENTS | services.MAIL_CLIENTS | services.SMS_CLIENTS | services.PAYMENT_CLIENTS | services.AI_CLIENTS
# missing-transaction: receivers and helpers whose failed second write leaves the data consistent:
# caches, logs, queues, email, files, UI state.
NOT_TRANSACTIONAL = frozenset((
    'cache', 'cached', packages.REDIS, 'memcached', 'log', 'logs', 'logger', 'logging', 'audit', 'queue',
    'queues', 'job', 'jobs', 'email', 'notification', 'notifications',
    'notify', 'metric', 'metrics', 'analytics', 'telemetry', 'stats', 'cookie', 'cookies',
    'session', 'sessions', 'storage', 'file', 'files', 'bucket', 's3', 'blob', 'upload', 'image',
    'images', 'avatar', 'search', 'index', 'webhook', 'state', 'ui', 'view', 'toast',
    'local', 'disk', 'lock', 'pub', 'pubsub', 'realtime', 'socket', 'sockets', 'broadcast',
)) | services.MAIL_WORDS | {services.STRIPE}
# Words of a receiver that runs SQL text when the call's argument is not visibly SQL (`client.query(text)`).
SQL_CLIENTS = frozenset(('client', 'sql'))

# -- Arguments -----------------------------------------------------------------------------------
# Keys of a query's argument that are not the values it writes (Prisma `where`, `select`...).
QUERY_OPTION_KEYS = frozenset(('where', 'select', 'include', 'omit', 'returning'))
# Builder methods that carry the values an update writes (`.set(values)`, `.values(rows)`, `.merge(x)`).
VALUE_METHODS = frozenset(('set', 'values', 'merge'))
# Receivers that are the Redis client in a file importing one (`client.get(key)`, `store.set(k, v)`).
KV_CLIENTS = frozenset(('client', 'store'))

# -- Reads of many rows (unbounded-query) ------------------------------------------------------------
# Methods that may read every row: Prisma/Drizzle `findMany`, Sequelize `findAll`, Mongoose/TypeORM
# `find`, TypeORM query builders' `getMany`, Knex/Drizzle `select`/`from` chains, Prisma `groupBy`.
# Each group is read its own way: `findMany` is bounded by `take`, `findAll` by `limit`, a query
# builder by `.take()` after `createQueryBuilder`, a Knex/Drizzle chain by `.limit()`.
FIND_MANY = frozenset(('findMany',))  # Prisma, Drizzle's relational queries
FIND_ALL = frozenset(('findAll', 'findAndCountAll'))  # Sequelize
FINDS = frozenset(('find',))  # Mongoose, MongoDB, TypeORM
QUERY_BUILDER_READS = frozenset(('getMany', 'getRawMany', 'getManyAndCount'))  # TypeORM
# Reads that return every matching row as an array where the library also has a one-row read:
# pg-promise (`manyOrNone`, `many`, `any`; `oneOrNone`), MongoDB's `find().toArray()` (`findOne`).
ROW_SET_READS = frozenset(('manyOrNone', 'many', 'any', 'toArray'))
GROUP_READS = frozenset(('groupBy',))  # Prisma
FIELD_READS = frozenset(('select',))  # Knex, Drizzle: `.select(fields)`
TABLE_READS = frozenset(('from',))  # Drizzle: `.from(table)`
BUILDER_READS = FIELD_READS | TABLE_READS
MANY_READS = FIND_MANY | FIND_ALL | FINDS | QUERY_BUILDER_READS | GROUP_READS | BUILDER_READS
# TypeORM's query builder (`repo.createQueryBuilder('u')`), and where its reads are filtered.
QUERY_BUILDER = 'createQueryBuilder'
WHERE_PREFIXES = ('where', 'andWhere', 'orWhere')
QUERY_BUILDER_STOPS = frozenset(('take', 'limit', 'stream'))
# Calls that run a Mongoose query or a MongoDB cursor (`.exec()`, `.toArray()`) or a builder (`.then()`).
QUERY_RUNS = frozenset(('then', 'exec', 'toArray'))
# Calls that return a collection or repository to `find()` on (`db.collection('users').find()`).
REPOSITORY_FACTORY = 'getRepository'
MODEL_FACTORIES = frozenset(('collection', REPOSITORY_FACTORY, 'getMongoRepository', 'model'))
# Entity managers: `manager.find(User)` names the entity in its first argument (TypeORM, MikroORM).
ENTITY_MANAGERS = frozenset(('manager', 'entityManager', 'em'))
# Reads that count rows (Prisma, Sequelize, TypeORM, Mongoose, Knex): a counter written from one is
# recomputed from the table each time (missing-transaction's ``recounts``).
COUNTS = frozenset(('count', 'countBy', 'countDocuments', 'estimatedDocumentCount', 'countDistinct'))
# Drizzle's aggregate helpers in a `select({ n: count() })`: the query returns one row.
AGGREGATES = frozenset(('count', 'countDistinct', 'sum', 'avg', 'min', 'max'))
# TypeORM `find()` options (a Mongo filter names fields instead).
TYPEORM_FIND_OPTIONS = frozenset((
    'where', 'take', 'skip', 'order', 'relations', 'select', 'cache', 'withDeleted', 'loadEagerRelations',
    'relationLoadStrategy', 'lock', 'comment', 'transaction', 'loadRelationIds',
))
# Chained calls that bound, stream, count or page a Mongo `find()`.
# Libraries whose SQL tags and helpers build a fragment of a query, run by another call
# (`Prisma.sql`...`` inside `$queryRaw`, drizzle's `sql`...`` inside `db.execute`): no query runs there.
SQL_FRAGMENT_LIBRARIES = frozenset((packages.PRISMA, packages.DRIZZLE))
# A query builder's raw expression (Knex, Objection, Bookshelf: `knex.raw('? AS list', [id])`) handed to
# one of these clauses of another query is a piece of that query: it runs only when that query does.
RAW_EXPRESSIONS = frozenset(('raw',))
BUILDER_CLAUSES = frozenset((
    'select', 'column', 'columns', 'distinct', 'from', 'table', 'into', 'where', 'andWhere', 'orWhere', 'whereNot',
    'whereIn', 'whereNotIn', 'whereExists', 'whereBetween', 'having', 'orHaving', 'join', 'innerJoin', 'leftJoin',
    'leftOuterJoin', 'rightJoin', 'crossJoin', 'on', 'andOn', 'orOn', 'groupBy', 'orderBy', 'update', 'insert',
    'returning', 'onConflict', 'merge', 'with', 'union', 'unionAll', 'as', 'count', 'sum', 'min', 'max', 'avg',
))
FIND_STOPS = frozenset((
    'limit', 'cursor', 'stream', 'eachAsync', 'where', 'countDocuments', 'count', 'estimatedDocumentCount',
    'distinct', 'explain', 'next', 'hasNext', 'forEach', 'batchSize',
))
# Calls that turn a builder into its SQL for a runner (`query(pool, q.toString())`): the read is run with it.
BUILDER_RENDERS = frozenset(('toString', 'toSQL', 'toQuery', 'toSql'))
# Chained calls that bound, aggregate, stream or turn a Knex/Drizzle builder into a write or text.
BUILDER_STOPS = frozenset((
    'limit', 'first', 'paginate', 'stream', 'count', 'countDistinct', 'sum', 'avg', 'min', 'max',
    'modify', 'toString', 'toSQL', 'toQuery', 'toSql', '$dynamic', 'iterator', 'as', 'get', 'prepare',
    'insert', 'update', 'del', 'delete', 'findFirst', 'having', 'union',
))

# -- What a receiver is bound to -----------------------------------------------------------------
def bound_store(file: File, receiver: Node, files: bool = False) -> bool | None:
    """Whether ``receiver`` (what a method is called on) is bound to a data store (or, with
    ``files``, to the file system): False when it starts from an HTTP client, or is itself a name
    of a package known to hold no store (``import { map } from 'lodash'``) or a value made here (an
    array, a ``Map``); None where the file does not say (a local module, an unknown package, an
    untyped parameter, a property of a value: ``ctx.db``): judge it by its spelling."""
    found = bindings.binding(file, receiver)
    if found is None or found.kind in (bindings.LOCAL, bindings.MODULE):
        return None
    if found.kind in (bindings.PACKAGE, bindings.VALUE) and bindings.root(receiver) != s.unwrap(receiver):
        return None
    return found.kind == bindings.STORE or (files and found.kind == bindings.FILES)
# Static loaders of a model class by key (`Job.fromId(queue, id)`): one read each.
STATIC_LOADERS = frozenset(('fromId', 'fromKey', 'fromUuid', 'fromSlug'))
# Query builders' calls that take the table (Drizzle `insert(t)`, `from(t)`; Kysely `insertInto(t)`).
TABLE_BUILDERS = frozenset((
    'insert', 'update', 'delete', 'from', 'into', 'table', 'insertInto', 'selectFrom', 'updateTable',
    'deleteFrom',
))


# unvalidated-input: calls that run SQL text (a request value concatenated into it is injected).
SQL_TEXT_RUNNERS = frozenset((
    'query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'whereRaw', 'orWhereRaw',
    'havingRaw', 'orderByRaw', 'joinRaw', 'fromRaw', 'unsafe', 'prepare', 'exec', 'run',
))
# Of those, the generic names that run SQL only when their text reads as SQL (sqlite3's and
# better-sqlite3's `db.exec(sql)`/`db.run(sql)`, D1's `exec`); other `exec`s are shells or RegExps.
SQL_IF_TEXT = frozenset(('query', 'execute', 'exec', 'run'))
SQL_OR_OTHER = frozenset(('exec', 'run'))  # not SQL text: asked as what else they may be (a shell)
# unvalidated-input: MongoDB calls whose first argument is a filter (`{ $ne: null }` in it matches all).
MONGO_FILTER_METHODS = frozenset((
    'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove',
    'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne', 'countDocuments',
))
# Clients with methods of those names that take no Mongo filter (`prisma.updateMany` is on a model).
NOT_MONGO_CLIENTS = frozenset((packages.PRISMA,))
# Calls that start an SQL query builder whose `findOne({...})` binds values, not Mongo operators
# (Objection's `User.query().findOne({ token })`).
SQL_BUILDER_STARTS = frozenset(('query',))
# What strips Mongo operators from request data before any query (express-mongo-sanitize, Mongoose's
# `sanitizeFilter`, `trusted()`).
MONGO_SANITIZED = lazyre.compile(rb'mongo-sanitize|mongoSanitize|sanitizeFilter|trusted\(')
# unvalidated-input: Node `fs` calls whose first argument is a path, and the names `fs` goes by.
FS_PATH_METHODS = frozenset((
    'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync',
    'createReadStream', 'createWriteStream', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir',
    'rmdirSync', 'readdir', 'readdirSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync',
    # fs-extra's, on the same `fs`/`fse` names
    'remove', 'removeSync', 'outputFile', 'outputFileSync', 'readJson', 'readJsonSync', 'writeJson',
    'writeJsonSync', 'outputJson', 'outputJsonSync', 'emptyDir', 'emptyDirSync', 'move', 'moveSync',
))
FS_MODULES = FS_NAMES | {'fse', 'promises'}

# -- In-process caches (hardcoded-config) -----------------------------------------------------------
# Packages of caches that live in the process's memory (`new LRUCache({ max, ttl })`): their sizes and
# TTLs are how the code memoizes, not settings of a store an operator runs.
MEMORY_CACHE_PACKAGES = frozenset((
    'lru-cache', 'quick-lru', 'node-cache', '@isaacs/ttlcache', 'tiny-lru', 'lru.min', 'mnemonist', 'ttlcache',
))
