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
        pytest.param("export function opts(q) {\n  return { limit: Number(q.limit) };\n}\n", id='page-size key'),
        pytest.param("export function getPageSize(raw) {\n  const n = parseInt(raw, 10);\n  return n;\n}\n",
                     id='returned by a function named for one'),
    ),
)
def test_a_parsed_page_size_with_no_cap_is_asked_low(src):
    assert findings(src) == [(2, 'low')]


@pytest.mark.parametrize(
    'src',
    (
        pytest.param("export function opts(q) {\n  return { limit: Math.min(Number(q.limit), 100) };\n}\n", id='clamped'),
        pytest.param("export function opts(q) {\n  const n = Number(q.limit);\n  if (n > 100) throw new Error('x');\n"
                     "  return { limit: Number(q.limit) };\n}\n", id='compared'),
        pytest.param("export function opts(q) {\n  return { port: Number(q.port), limit: Number('20') };\n}\n",
                     id='not a page size, or a literal'),
        pytest.param("export function getVersion(raw) {\n  return parseInt(raw, 10);\n}\n", id='a function named for another number'),
    ),
)
def test_capped_literal_or_other_numbers_are_not(src):
    assert findings(src) == []



def test_ui_code_is_not_asked():
    src = ("import { useState } from 'react';\nexport function usePager(q) {\n  const [p] = useState(0);\n"
           "  return { page: p, limit: Number(q.limit) };\n}\n")
    assert findings(src, 'src/components/usePager.tsx') == []
