from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/api/pages.ts') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("export async function list(m, opts) {\n  const n = opts.limit ?? DEFAULT_LIMIT;\n"
                     "  return m.find({ a: 1 }).limit(n);\n}\n", id='nullish default'),
        pytest.param("export async function list(m, args) {\n  const first = args.first || 20;\n"
                     "  return m.findMany({ where: { a: 1 }, take: first });\n}\n", id='number default, take option'),
    ),
)
def test_a_page_size_defaulted_only_when_missing_is_asked_low(src):
    assert findings(src) == [(3, 'low')]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("export async function list(m, opts) {\n  const n = opts.limit ?? DEFAULT_LIMIT;\n"
                     "  if (n > 100) throw new Error('x');\n  return m.find({ a: 1 }).limit(n);\n}\n", id='compared with a bound'),
        pytest.param("export async function list(m, opts) {\n  const n = Math.min(opts.limit ?? 20, 100);\n"
                     "  return m.find({ a: 1 }).limit(n);\n}\n", id='clamped'),
        pytest.param("export async function list(m, args) {\n  const first = args.first || 10;\n  checkPageSize(first);\n"
                     "  return m.find({ a: 1 }).limit(first + 1);\n}\n", id='handed to a check'),
        pytest.param("export async function purge(m, opts) {\n  const n = opts.batchSize ?? BATCH;\n"
                     "  return m.findMany({ where: { a: 1 }, take: n });\n}\n", id='another size'),
        pytest.param("export async function list(m, opts) {\n  const n = opts.limit ?? other.limit;\n"
                     "  return m.find({ a: 1 }).limit(n);\n}\n", id='falls back to another value, not a constant'),
    ),
)
def test_capped_or_not_a_default_is_not(src):
    assert findings(src) == []


def test_ui_code_is_not_asked():
    src = ("import { useState } from 'react';\nexport function useList(m, opts) {\n  const [x] = useState(0);\n"
           "  const n = opts.limit ?? 20;\n  return m.find({ a: x }).limit(n);\n}\n")
    assert findings(src, 'src/components/useList.tsx') == []
