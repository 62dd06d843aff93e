from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/services/events.js', src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'uses only the first' in f.message]


def lookup(read: str, use: str = 'return rows[0];') -> str:
    return f"async function lookup(id) {{\n  const rows = await {read};\n  {use}\n}}\n"


@pytest.mark.parametrize(
    'read',
    (
        pytest.param("db.manyOrNone('SELECT * FROM events WHERE ts = $1', [id])", id='pg-promise'),
        pytest.param("prisma.event.findMany({ where: { ts: id } })", id='prisma'),
        pytest.param("db.collection('events').find({ ts: id }).toArray()", id='mongodb'),
    ),
)
def test_first_row_of_every_match(read):
    assert findings(lookup(read)) == [(2, 'low')]


@pytest.mark.parametrize(
    'read, use',
    (
        pytest.param("prisma.event.findMany({ where: { ts: id }, take: 1 })", 'return rows[0];', id='take'),
        pytest.param("db.manyOrNone('SELECT * FROM events WHERE ts = $1 LIMIT 1', [id])", 'return rows[0];',
                     id='sql limit'),
        pytest.param("prisma.event.findMany({ where: { ts: id } })", 'return rows.map(String);', id='every row'),
        pytest.param("pool.query('SELECT * FROM events WHERE id = $1', [id])", 'return rows[0];', id='pg query'),
        pytest.param("Promise.any([a(id), b(id)])", 'return rows[0];', id='not a read'),
    ),
)
def test_not_asked(read, use):
    assert findings(lookup(read, use)) == []
