from __future__ import annotations

import pytest

from vcx_hook.ecosystem import isolation


@pytest.mark.parametrize('text', (
    b'SELECT id FROM poll WHERE id = $1 FOR UPDATE', b"knex('t').where({ id }).forUpdate()",
    b"repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } })", b"{ isolationLevel: 'Serializable' }",
    b'SELECT pg_advisory_xact_lock(hashtext($1))',
))
def test_locks_and_serializing_isolation_are_recognised(text):
    assert isolation.LOCKED.search(text) is not None


@pytest.mark.parametrize('text', (b'tx.user.findFirst({ where: { email } })', b'SELECT * FROM users WHERE updated_at > $1'))
def test_plain_reads_take_no_lock(text):
    assert isolation.LOCKED.search(text) is None
