from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/api/compare.ts') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID]


_HEAD = "import { compare } from '../domain';\nexport async function handler(req, res) {\n  const { ids } = req.body;\n"


@pytest.mark.parametrize(
    'check',
    (
        pytest.param("  if (!ids || ids.length === 0) return res.json([]);\n", id='empty or missing'),
        pytest.param("  if (ids.length < 1) return res.json([]);\n", id='less than one'),
        pytest.param("  if (!ids.length) return res.json([]);\n", id='negated length'),
    ),
)
def test_a_request_list_checked_only_for_empty_is_asked_low(check):
    src = _HEAD + check + "  return res.json(await compare(ids));\n}\n"
    assert findings(src) == [(4, 'low')]


@pytest.mark.parametrize(
    'check',
    (
        pytest.param("  if (ids.length === 0 || ids.length > 100) return res.json([]);\n", id='capped'),
        pytest.param("  if (ids.length === 0 || MAX_IDS < ids.length) return res.json([]);\n", id='capped, flipped'),
        pytest.param("  if (ids.length === 0) return res.json([]);\n  const some = ids.slice(0, 50);\n", id='sliced'),
    ),
)
def test_a_capped_list_is_not_asked(check):
    src = _HEAD + check + "  return res.json(await compare(ids));\n}\n"
    assert findings(src) == []


def test_a_list_only_answered_is_not_asked():
    src = _HEAD + "  if (ids.length === 0) return res.status(400).json({});\n  return res.json({ n: ids.length });\n}\n"
    assert findings(src) == []


def test_uploaded_files_are_not_asked():
    src = ("import { upload } from '../files';\nexport default async (req, res) => {\n"
           "  if (!req.files || req.files.length === 0) return res.status(400).json({});\n"
           "  res.json(await upload(req.files));\n};\n")
    assert findings(src) == []


def test_browser_code_is_not_asked():
    src = ("import { useState } from 'react';\nexport function Picker({ query }) {\n"
           "  const ids = new URLSearchParams(location.search).getAll('id');\n"
           "  if (ids.length === 0) return null;\n  useState(0);\n  return load(ids);\n}\n")
    assert findings(src, 'src/components/Picker.tsx') == []
