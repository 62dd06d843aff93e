"""A function whose first statement ends it in production (a development tool beside the product)
is not asked about its network calls; one whose guard ends it anywhere else, or comes later, is."""
from __future__ import annotations

import pytest

from tests.helpers import findings

CALL = "  const r = await fetch(`https://render.example.com/${q}`);\n  return r.text();\n"
HEAD = "import fs from 'fs';\n"


@pytest.mark.parametrize(('guard', 'asked'), [
    pytest.param('  throw404OnProduction();\n', False, id='a helper named for production'),
    pytest.param('  await assertDevelopment();\n', False, id='an awaited assert'),
    pytest.param('  devOnly();\n', False, id='dev only'),
    pytest.param("  if (process.env.NODE_ENV === 'production') throw new Error('dev tool');\n", False, id='NODE_ENV'),
    pytest.param("  if (config.isProduction) {\n    return null;\n  }\n", False, id='a flag'),
    pytest.param("  if (process.env.NODE_ENV !== 'production') return null;\n", True, id='refused elsewhere'),
    pytest.param("  if (process.env.NODE_ENV === 'production') log('prod');\n", True, id='not ended'),
    pytest.param('  checkDevices();\n', True, id='a device check'),
    pytest.param('  throw404OnProduction(req);\n', True, id='a helper given arguments'),
    pytest.param('', True, id='no guard'),
])
def test_a_function_refused_in_production_is_not_asked(guard, asked):
    src = HEAD + 'export async function loader(q) {\n' + guard + CALL + '}\n'
    assert bool(findings('error-handling', src, 'app/routes/tool.ts')) == asked


def test_a_guard_after_the_call_does_not_count():
    src = HEAD + 'export async function loader(q) {\n' + CALL.replace('return r.text();\n', '') \
        + '  throw404OnProduction();\n  return r.text();\n}\n'
    assert findings('error-handling', src, 'app/routes/tool.ts')
