"""Reads of a list by a store's query chain (unbounded-query's newest-first lists): where a chain
starts reading, what orders it, what runs it, and what pages, bounds or ends it, from the names
``stores`` holds (Objection, Prisma, Sequelize, Mongoose, TypeORM, Knex, Kysely) and Supabase's and
Firebase's pages."""
from __future__ import annotations

from vcx_hook.ecosystem import stores

# Calls that start a store's read in a chain (`Model.query()`, `db.collection('c').where()`, Kysely's
# `db.selectFrom('t')`), chained calls that order it, and the calls that run it (`.get()`, `.exec()`).
STARTS = stores.OBJECTION_QUERIES | stores.RECORD_QUERIES | stores.FIND_MANY | stores.FIND_ALL | stores.FINDS \
    | stores.MODEL_FACTORIES | stores.TABLE_BUILDERS | stores.BUILDER_READS | frozenset((stores.QUERY_BUILDER, 'where'))
ORDER_CALLS = frozenset(('orderBy', 'order', 'sort'))
RUNS = stores.QUERY_RUNS | stores.QUERY_BUILDER_READS | frozenset(('get', 'all'))
# Chained calls that page, bound, count, stream or aggregate a list, cut it to one row, or make it a
# write or text (not `.get()`, which runs it, a modifier's `.modify()`, which filters it, nor the
# `prepare()` of SQL text).
STOPS = (stores.FIND_STOPS - {'where'}) | (stores.SINGLE_READS - {'get'}) | (stores.BUILDER_STOPS - {'get', 'modify', 'as', 'prepare'}) \
    | stores.ENTITY_READS | frozenset(m for m in stores.QUERY_METHODS if m.endswith('One')) | frozenset((
        'take', 'page', 'range', 'single', 'maybeSingle', 'limitToLast', 'limitToFirst', 'iterate', 'skip', 'offset',
        'pluck', 'aggregate',
    ))
# The keys a query API or a list endpoint takes a page size by (`{ take }`, `?limit=`, `perPage`).
PAGE_SIZE_KEYS = frozenset(('limit', 'take', 'pageSize', 'page_size', 'perPage', 'per_page'))
