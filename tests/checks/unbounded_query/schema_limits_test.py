from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/server/logs.ts')
ZOD = "import { z } from 'zod';\n"


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        ZOD + 'export const input = z.object({ limit: z.number().int().default(50) });\n',
        ['src/server/logs.ts:2 `limit: z.number().int().default(50)` takes the page size from the request with no '
         'maximum: asked for a million rows, the query returns them all'],
        id='zod number with a default'),
    pytest.param(
        "const Joi = require('joi');\nconst q = Joi.object({ per_page: Joi.number().integer().min(1) });\n",
        ['src/server/logs.ts:2 `per_page: Joi.number().integer().min(1)` takes the page size from the request with '
         'no maximum: asked for a million rows, the query returns them all'],
        id='joi, a minimum only'),
    pytest.param(ZOD + 'const i = z.object({ take: z.number().max(100) });\n', [], id='a maximum'),
    pytest.param(ZOD + 'const i = z.object({ take: z.coerce.number().lte(100) });\n', [], id='lte'),
    pytest.param(ZOD + 'const i = z.object({ take: z.number().transform((n) => Math.min(n, 50)) });\n', [], id='clamped'),
    pytest.param(ZOD + 'const i = z.object({ page: z.number().int() });\n', [], id='not a page size'),
    pytest.param('const i = s.object({ limit: s.number() });\n', [], id='not a validation library'),
    pytest.param(
        ZOD + 'export const p = procedure.input(z.object({ limit: z.number() })).output(z.object({ n: z.number() }));\n',
        ['src/server/logs.ts:2 `limit: z.number()` takes the page size from the request with no maximum: asked for a '
         'million rows, the query returns them all'],
        id='an input beside an output in one chain'),
    pytest.param(ZOD + 'export const p = procedure.output(z.object({ limit: z.number() }));\n', [], id='an output'),
    pytest.param(ZOD + 'const ListResponse = z.object({ meta: z.object({ limit: z.number() }) });\n', [], id='a response'),
])
def test_schema_limits(src, expected):
    assert findings(src) == expected


def test_ui_schema_is_not_asked():
    src = ZOD + 'export const form = z.object({ limit: z.number().int() });\n'
    assert helpers.findings(ID, 'src/components/Filter.tsx', src) == []
