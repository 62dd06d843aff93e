"""A project whose production code wraps Express handlers so that a rejection reaches ``next``
(``.catch(next)``): a handler a file shapes for Express but does not register (a factory's returned
function) is taken to be registered through the wrapper and not asked
(hmpps-welcome-people-into-prison-ui's route builder, asked 35 times before)."""
from __future__ import annotations

import json

import pytest

from vcx_hook.ecosystem.handlers import wraps_next
from vcx_hook.main import main

from tests.helpers import git
from tests.helpers import project

CONTROLLER = ("import { RequestHandler } from 'express';\n"
              "export default class Controller {\n"
              "  view(): RequestHandler {\n"
              "    return async (req, res) => {\n"
              "      res.render('page', await this.service.load(req.params.id));\n"
              "    };\n"
              "  }\n"
              "}\n")
WRAPPER = ("export default function asyncMiddleware(fn) {\n"
           "  return (req, res, next) => Promise.resolve(fn(req, res, next)).catch((e) => next(e));\n"
           "}\n")


@pytest.fixture
def repo(tmp_path, monkeypatch):
    return project(tmp_path, monkeypatch, {
        'server/routes/controller.ts': CONTROLLER, '.vcx.toml': 'enable = ["error-handling"]\n'})


def _lines(capsys) -> list[int]:
    return [f['line'] for f in json.loads(capsys.readouterr().out)['findings']]


@pytest.mark.parametrize(('path', 'asked'), [
    ('server/middleware/asyncMiddleware.ts', False),
    ('test/asyncMiddleware.ts', True),  # a test's wrapper says nothing of the app
])
def test_a_project_wrapper_takes_out_of_sight_handlers(repo, capsys, path, asked):
    main(['audit', '--all', '--format', 'json', '--show', 'low'])
    assert _lines(capsys) == [4]
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(WRAPPER)
    git(repo, 'add', '.')
    main(['audit', '--all', '--format', 'json', '--show', 'low'])
    assert _lines(capsys) == ([4] if asked else [])


def test_wraps_next():
    assert wraps_next(b'Promise.resolve(fn(req, res, next)).catch(next)')
    assert wraps_next(b'fn(req, res, next).catch((err) => next(err))')
    assert wraps_next(b'handler(req, res).catch(e => next(e))')
    assert not wraps_next(b'fetch(url).catch((e) => log(e))')
    assert not wraps_next(b'p.catch(nextTick)')
