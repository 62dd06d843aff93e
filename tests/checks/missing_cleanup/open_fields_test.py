"""missing-cleanup: a teardown that leaves open a client or server its class holds."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'server/driver.ts')

HEAD = "import { Pool } from 'pg';\nimport { Kafka, Producer } from 'kafkajs';\n"


@pytest.mark.parametrize(('cls', 'expected'), [
    pytest.param('class A {\n  private pool: Pool;\n  start() { this.pool = new Pool(); }\n  stop() {}\n}\n',
                 ['server/driver.ts:6 `stop()` never closes `this.pool` (pg), which the class makes: its connections '
                  'stay open after it'], id='made in start, a no-op stop'),
    pytest.param('class A {\n  constructor(private producer: Producer, private pool: Pool) {}\n'
                 '  async close() { await this.producer.disconnect(); }\n}\n',
                 ['server/driver.ts:5 `close()` never closes `this.pool` (pg), which the class is handed and owns: '
                  'its connections stay open after it'], id='handed beside a client it shuts'),
    pytest.param('class A {\n  private pool: Pool;\n  start() { this.pool = new Pool(); }\n'
                 '  async stop() { await this.pool.end(); }\n}\n', [], id='closed'),
    pytest.param('class A {\n  constructor(private pool: Pool) {}\n  stop() {}\n}\n', [], id='handed and only used'),
    pytest.param('class A {\n  private pool = new Pool();\n  get db() { return this.pool; }\n  stop() {}\n}\n', [],
                 id='handed on'),
])
def test_open_fields(cls, expected):
    assert findings(HEAD + cls) == expected
