from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'src/plugin.ts')

CLASS = '''export class Sync {{
  load() {{
    this.a = setInterval(() => this.flush(), 1000);
    this.b = setInterval(() => this.prune(), 60000);
  }}
  {teardown}() {{
    clearInterval(this.a);{more}
  }}
}}
'''
MESSAGE = ('src/plugin.ts:{line} `{teardown}` clears `this.a` but not `this.b`: its `setInterval` (line 4) keeps '
           'firing after every teardown')


@pytest.mark.parametrize('teardown', ('onUnload', 'destroy', 'stopSync', 'componentWillUnmount'))
def test_teardown_leaves_one_interval_running(teardown):
    assert findings(CLASS.format(teardown=teardown, more='')) == [MESSAGE.format(line=6, teardown=teardown)]


def test_only_the_method_starting_the_timer_touched():
    src = CLASS.format(teardown='onUnload', more='') + 'export function other() {\n  return 1;\n}\n'
    assert findings(src, rows=[3]) == [MESSAGE.format(line=4, teardown='onUnload')]
    assert findings(src, rows=[10]) == []


@pytest.mark.parametrize(
    ('teardown', 'more'),
    (
        pytest.param('onUnload', '\n    clearInterval(this.b);', id='all cleared'),
        pytest.param('refresh', '', id='not a teardown'),
        pytest.param('onUnload', '\n    this.timers.forEach((t) => clearInterval(t));', id='cleared by a local'),
    ),
)
def test_not_asked(teardown, more):
    assert findings(CLASS.format(teardown=teardown, more=more)) == []


def test_timers_a_constructor_starts_are_the_registrations_rule():
    src = ('class Sync {\n  constructor() {\n    this.a = setInterval(f, 1);\n    this.b = setInterval(g, 2);\n  }\n'
           '  destroy() {\n    clearInterval(this.a);\n  }\n}\n')
    assert [m for m in findings(src) if 'but not' in m] == []
