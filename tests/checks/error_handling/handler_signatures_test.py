from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/app.js', src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings
            if f.check_id == ID and ('three parameters' in f.message or 'does not declare' in f.message)]


APP = "const express = require('express');\nconst app = express();\n"


@pytest.mark.parametrize('handler, expected', (
    pytest.param('(err, req, res) => { res.status(500).end(); }', [(3, 'low')], id='three-parameters'),
    pytest.param('function (error, request, response) { response.end(); }', [(3, 'low')], id='function-expression'),
    pytest.param('(err, req, res, next) => { res.status(500).end(); }', [], id='four-parameters'),
    pytest.param('(req, res, next) => { next(); }', [], id='a-middleware'),
    pytest.param('(ctx, req, res) => { res.end(); }', [], id='first-not-an-error'),
))
def test_error_handler_arity(handler, expected):
    assert findings(f'{APP}app.use({handler});\n') == expected


@pytest.mark.parametrize('src, expected', (
    pytest.param("app.get('/', async (req, res) => {\n  try { res.send(await load()); } catch (e) { next(e); }\n});\n",
                 [(4, 'low')], id='undeclared'),
    pytest.param("app.get('/', async (req, res, next) => {\n  try { res.send(await load()); } catch (e) { next(e); }\n});\n",
                 [], id='declared'),
    pytest.param("const { next } = require('./flow');\napp.get('/', (req, res) => {\n  next(res);\n});\n",
                 [], id='required'),
    pytest.param("function next(e) { throw e; }\napp.get('/', (req, res) => {\n  next(res);\n});\n",
                 [], id='declared-function'),
    pytest.param("helper('/', (req, res) => {\n  next(res);\n});\n", [], id='not-a-registration'),
))
def test_undeclared_next(src, expected):
    assert findings(APP + src) == expected
