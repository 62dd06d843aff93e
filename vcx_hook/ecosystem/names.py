"""The configuration's ``[names]`` table: one key per kind of name, extending at once every
family's list of that kind (a project's own database wrapper is added once, not per family)."""
from __future__ import annotations

from typing import NamedTuple


class Shared(NamedTuple):
    key: str  # the key in `[names]`
    meaning: str  # what a name added under it is
    lists: tuple[tuple[str, str], ...]  # the (check id, list name) pairs it extends


SHARED: tuple[Shared, ...] = (
    Shared('stores', 'a word of a receiver that reaches a database or store (`dal`, `warehouse`)', (
        ('n-plus-one', 'data_receivers'), ('missing-transaction', 'data_receivers'),
        ('race-condition', 'data_receivers'),
    )),
    Shared('store_reads', 'a method that reads records (`fetchRows`)', (
        ('n-plus-one', 'query_methods'), ('race-condition', 'read_methods'),
    )),
    Shared('store_writes', 'a method that writes records (`persist`)', (
        ('n-plus-one', 'query_methods'), ('missing-transaction', 'write_methods'),
        ('race-condition', 'write_methods'),
    )),
    Shared('sql_runners', 'a call that runs SQL text (`runSql`)', (
        ('n-plus-one', 'sql_runners'), ('missing-transaction', 'sql_runners'), ('unbounded-query', 'sql_runners'),
    )),
    Shared('query_builders', 'the root of a query builder called with a table name (`qb`)', (
        ('n-plus-one', 'builder_roots'), ('unbounded-query', 'builder_roots'),
    )),
    Shared('transactions', 'a call that opens a transaction (`withTx`)', (
        ('missing-transaction', 'transaction_calls'),
    )),
    Shared('http_clients', 'an HTTP client module (`wretch`)', (('error-handling', 'clients'),)),
    Shared('fetch_functions', 'a function with fetch\'s contract (`fetchWithAuth`)', (
        ('error-handling', 'fetch_functions'),
    )),
    Shared('limiters', 'a rate-limiting middleware or call (`apiLimiter`)', (('missing-rate-limit', 'limiters'),)),
    Shared('validators', 'a call that validates request data (`validateBody`)', (('unvalidated-input', 'validators'),)),
    Shared('mail_clients', 'a receiver whose `.send()` sends mail (`postman`)', (
        ('unvalidated-input', 'mail_clients'), ('missing-rate-limit', 'mail_clients'),
    )),
)
BY_KEY = {s.key: s for s in SHARED}
# A family's list -> the `[names]` keys that extend it (its per-family key still works).
KEYS_OF: dict[tuple[str, str], tuple[str, ...]] = {}
for _shared in SHARED:
    for _pair in _shared.lists:
        KEYS_OF[_pair] = (*KEYS_OF.get(_pair, ()), _shared.key)
