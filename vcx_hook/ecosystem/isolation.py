"""What a transaction does about two requests that read the same rows before either writes.

A database transaction under its default isolation (read committed in Postgres, and in MySQL's
repeatable read a plain ``SELECT`` is a snapshot) takes no lock for a read: two transactions both find
no row and both insert one, or both read a state and both write from it. A lock (``SELECT ... FOR
UPDATE``, Knex's ``forUpdate()``, TypeORM's ``lock: { mode: 'pessimistic_write' }``, an advisory
lock) or a serializable isolation level makes the second wait or fail. Firestore's and Spanner's
``runTransaction`` retry when a document read changed. Mongo's transactions (``session
.withTransaction``) conflict on a document both write, not on two inserts of one key.
"""
from __future__ import annotations

from vcx_hook.lang import lazyre

SERIALIZING_TRANSACTIONS = frozenset(('runTransaction',))
DOCUMENT_TRANSACTIONS = frozenset(('withTransaction', 'startSession'))
# A lock or an isolation level that serializes, written in the transaction or the read.
LOCKED = lazyre.compile(
    rb'(?i)for\s+(?:no\s+key\s+)?update|forUpdate|for\(\s*[\'"](?:no key )?update|for\s+share|forShare|\block\s*:'
    rb'|lockMode|pessimistic|serializable|isolationLevel|advisory|\.lock\(|withLock|runExclusive|mutex')
