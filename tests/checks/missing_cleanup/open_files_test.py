from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SHOW_LOW = default_config()._replace(enabled=frozenset((ID,)))


def findings(head: str, body: str) -> list[tuple[int, str]]:
    src = f'{head}\nexport async function f(p) {{\n  {body}\n}}\n'
    result = audit.audit(Target('src/logs.ts', src.encode(), None), SHOW_LOW)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'file' in f.message]


@pytest.mark.parametrize(
    ('head', 'body'),
    (
        pytest.param("import fs from 'node:fs';", "await fs.promises.open(p, 'w');", id='fs.promises dropped'),
        pytest.param("import { open } from 'fs/promises';", "const h = await open(p);\n  return (await h.stat()).size;",
                     id='kept, never closed'),
        pytest.param("const fs = require('fs');", "fs.openSync(p, 'w');", id='openSync dropped'),
    ),
)
def test_never_closed(head, body):
    assert findings(head, body) == [(3, 'low')]


@pytest.mark.parametrize(
    ('head', 'body'),
    (
        pytest.param("import { open } from 'fs/promises';", 'const h = await open(p);\n  await h.close();', id='closed'),
        pytest.param("import { open } from 'fs/promises';", 'const h = await open(p);\n  return h;', id='returned'),
        pytest.param("import { open } from 'fs/promises';", 'const h = await open(p);\n  this.h = h;', id='kept on this'),
        pytest.param("import fs from 'fs';", "fs.open(p, 'r', (err, fd) => use(fd));", id='callback'),
        pytest.param("const fs = require('fs');", "const fd = fs.openSync(p, 'r');\n  fs.closeSync(fd);",
                     id='descriptor closed'),
        pytest.param("import open from 'open';", 'await open(p);', id='not fs'),
        pytest.param('', 'window.open(p);', id='a window'),
    ),
)
def test_not_asked(head, body):
    assert findings(head, body) == []


def test_handed_to_a_stream():
    assert findings("import fs from 'node:fs/promises';", 'const h = await fs.open(p);\n  return h.createReadStream();') == []
