"""Name lists several families share.  Each family copies what it uses into its own ``NAMES``,
which is the one place the configuration file extends (``[tool.vcx.names.<check-id>]``)."""
from __future__ import annotations

import functools
import re

# Receivers whose method calls reach a database or a remote store.
DATA_RECEIVERS = frozenset((
    'prisma', 'db', 'database', 'knex', 'sequelize', 'mongoose', 'mongo', 'client', 'pool',
    'pg', 'mysql', 'conn', 'connection', 'redis', 'cache', 'repo', 'repository', 'manager',
    'entityManager', 'dataSource', 'model', 'collection', 'sql', 'drizzle', 'orm', 'supabase',
    'firestore', 'dynamo', 'dynamodb', 'ddb', 'trx', 'tx', 'session',
))
# Method names that read records.
READ_METHODS = frozenset((
    'findUnique', 'findUniqueOrThrow', 'findFirst', 'findFirstOrThrow', 'findMany', 'findOne',
    'findByPk', 'findById', 'findAll', 'findOneBy', 'findBy', 'findOneOrFail', 'findOneByOrFail',
    'find', 'count', 'aggregate', 'query', 'execute', 'raw', 'get', 'hget', 'hgetall', 'mget',
    'select', 'first', 'getOne', 'getMany', 'getRawOne', 'getRawMany', 'exists', 'doc', 'scan',
    'lean', 'exec', 'one', 'oneOrNone', 'any', 'many', 'manyOrNone', 'queryRaw', '$queryRaw',
    '$queryRawUnsafe', 'getItem', 'batchGet',
))
# Method names that write records.
WRITE_METHODS = frozenset((
    'create', 'createMany', 'update', 'updateMany', 'upsert', 'delete', 'deleteMany', 'save',
    'insert', 'insertOne', 'insertMany', 'updateOne', 'deleteOne', 'replaceOne', 'findOneAndUpdate',
    'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'increment', 'decrement',
    'destroy', 'bulkCreate', 'remove', 'softDelete', 'restore', 'set', 'putItem', 'put',
    'updateItem', 'deleteItem', 'bulkWrite', '$executeRaw', '$executeRawUnsafe',
))
HTTP_CLIENTS = frozenset((
    'fetch', 'axios', 'got', 'ky', 'superagent', 'request', 'needle', 'undici', 'ofetch', '$fetch',
    'nodeFetch',
))


@functools.lru_cache(maxsize=64)
def encoded(words: frozenset[str]) -> tuple[bytes, ...]:
    """A name list as bytes, sorted, once per list (gates test source bytes)."""
    return tuple(w.encode() for w in sorted(words))


def load_query(module_file: str, part: str = '') -> str:
    """The sibling ``.scm`` file of a check module (``timezone.py`` -> ``timezone.scm``), or one
    of its parts (``unvalidated_input.py``, ``'guards'`` -> ``unvalidated_input_guards.scm``)."""
    import os.path

    path = os.path.splitext(module_file)[0] + (f'_{part}' if part else '') + '.scm'
    with open(path, encoding='utf-8') as f:
        return f.read()

# Seed data, migrations and maintenance scripts run by hand, on data the author knows.
SETUP_PATH = re.compile(r'(?:^|[/_.-])(?:seeds?|seeders?|seeding|migrations?)(?:[/_.-]|$)|(?:^|/)scripts/', re.I)


def is_setup_path(path: str) -> bool:
    """``SETUP_PATH.search(path)``, ten times cheaper on the paths that hold none of its words."""
    if not path.isascii():  # under re.I, 'ſ' is an 's' and 'K' (Kelvin) a 'k'
        return SETUP_PATH.search(path) is not None
    low = path.lower()
    return ('seed' in low or 'migration' in low or 'scripts/' in low) and SETUP_PATH.search(path) is not None
