"""The store patterns searched with ``needs`` (``lazyre.compile``): each alternative is still found."""
from __future__ import annotations

import re

import pytest

from vcx_hook.checks.race_condition import calls
from vcx_hook.checks.race_condition import instance_state
from vcx_hook.ecosystem import stores


@pytest.mark.parametrize('pattern, text', [
    *(pytest.param(stores.SERIALIZES, t, id=f'serializes-{t.decode()}') for t in (
        b'SELECT 1 FOR  UPDATE', b'q.forUpdate()', b'serializable', b'Serializable', b'SERIALIZABLE',
        b'pessimistic_write', b'LOCK.UPDATE', b'{ lock:  true }', b".for( 'update')", b'.for(`no key update`)',
        b'm.runExclusive', b'sem.acquire()', b'lock()', b'Lock()', b'withLock', b'redlock', b'mutex', b'Mutex',
        b'advisory_lock', b'advisory_xlock', b'setIfNotExists', b'r.setnx(k)', b'r.setNX(k)')),
    *(pytest.param(stores.UNIQUE_SETTLED, t, id=f'unique-{t.decode()}') for t in (
        b'P2002', b'E11000', b'11000', b'23505', b'ER_DUP_ENTRY', b'UniqueConstraintError', b'UniqueViolation',
        b'onConflict', b'ON CONFLICT', b'skipDuplicates', b'ignoreDuplicates', b'upsert', b'$setOnInsert',
        b"'NX'", b'{ nx:  true }', b'attribute_not_exists')),
    *(pytest.param(calls._DUPLICATE_ERROR, t, id=f'duplicate-{t.decode()}') for t in (
        b'duplicate key', b'Duplicate_entry', b"'duplicate'", b'isDuplicate(e)', b'onDuplicate')),
    *(pytest.param(instance_state._PENDING, t, id=f'pending-{t.decode()}') for t in (
        b'this.#loadPromise = p', b'this.pending[k] = p', b'this.inflight = p', b'this.isLoading = true')),
])
def test_each_alternative_is_found_past_its_needs(pattern, text):
    assert pattern.search(text) is not None
    assert re.compile(pattern.pattern, pattern.flags).search(text) is not None


@pytest.mark.parametrize('pattern', [stores.SERIALIZES, stores.UNIQUE_SETTLED, calls._DUPLICATE_ERROR, instance_state._PENDING])
def test_a_text_without_its_needs_is_not_searched(pattern):
    assert pattern.search(b'const x = await db.user.findMany()') is None
