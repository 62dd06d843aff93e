"""An execa subprocess used as a child process and never awaited or caught."""
from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str, path: str = 'src/lib/run.js') -> list[tuple[int, str]]:
    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'child process' in f.message]


def run(use: str, make: str = "execa(cmd, args, { timeout: 1000 })", imported: str = "import { execa } from 'execa';") -> str:
    return f"{imported}\nexport function run(cmd, args) {{\n  const cp = {make};\n  {use}\n}}\n"


def test_listened_to_and_never_caught():
    assert findings(run("cp.on('exit', (code) => done(code));")) == [(3, 'low')]


def test_a_helper_that_handles_nothing_does_not_count():
    src = run("listen(cp);\n  cp.on('exit', done);") + 'function listen(p) { p.stdout.on("data", log); }\n'
    assert findings(src) == [(3, 'low')]


def test_default_export_command():
    src = run("cp.stdout.on('data', log);", make="execa.command(cmd)", imported="const execa = require('execa');")
    assert findings(src) == [(3, 'low')]


@pytest.mark.parametrize('use, make', (
    pytest.param("cp.on('exit', done);\n  cp.catch(() => {});", 'execa(cmd, args)', id='caught'),
    pytest.param("cp.stdout.pipe(out);\n  await cp;", 'execa(cmd, args)', id='awaited'),
    pytest.param("cp.on('exit', done);\n  return cp;", 'execa(cmd, args)', id='returned'),
    pytest.param("cp.on('exit', done);\n  return { cp };", 'execa(cmd, args)', id='returned in an object'),
    pytest.param("cp.on('exit', done);\n  jobs.push(track(cp));", 'execa(cmd, args)', id='handed to a call'),
    pytest.param("cp.on('exit', done);", "execa(cmd, args, { reject: false })", id='reject false'),
    pytest.param('log(1);', 'execa(cmd, args)', id='not used as a process'),
))
def test_not_asked(use, make):
    assert findings(run(use, make)) == []


def test_not_execa():
    assert findings(run("cp.on('exit', done);", imported="import { execa } from './shell';")) == []


def test_not_in_browser_code():
    assert findings(run("cp.on('exit', done);"), path='src/components/Run.tsx') == []
