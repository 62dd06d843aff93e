from __future__ import annotations

import pytest

from vcx_hook.ecosystem import metrics

from tests.ecosystem.bindings_test import asked
from tests.ecosystem.bindings_test import file_of


@pytest.mark.parametrize(('src', 'expression', 'expected'), (
    pytest.param("import client from 'prom-client';\nclient.register.metrics();", 'client.register.metrics()', True,
                 id='prom-client-default-registry'),
    pytest.param("const { Registry } = require('prom-client');\nconst r = new Registry();\nr.getMetricsAsJSON();",
                 'r.getMetricsAsJSON()', True, id='constructed-registry'),
    pytest.param("import { createTestMetricsComponent } from '@well-known-components/metrics';\n"
                 'const register = createTestMetricsComponent({}).register;\nregister.metrics();',
                 'register.metrics()', True, id='component-registry'),
    pytest.param("import { stats } from './stats';\nstats.metrics();", 'stats.metrics()', False, id='own-module'),
    pytest.param("import client from 'prom-client';\nclient.register.resetMetrics();", 'client.register.resetMetrics()',
                 False, id='not-an-exposition'),
))
def test_exposition(src: str, expression: str, expected: bool) -> None:
    file = file_of(src)
    assert metrics.exposition(file, asked(file, expression)) is expected
