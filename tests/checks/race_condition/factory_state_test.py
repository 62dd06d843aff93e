from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')
about = helpers.bind(helpers.about, ID, 'x.js')

READER = 'let allowed;\nfunction check(card) {\n  return allowed.includes(card);\n}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        READER + 'module.exports = function (cards) {\n  allowed = cards;\n  return { check };\n};\n',
        ['x.js:3 `allowed` is module state that `module.exports` (line 6) sets on every call, and the functions it '
         "returns read it (line 3): an object made by an earlier call sees the latest call's value (keep it in the "
         'closure?)'],
        id='a factory returning its reader'),
    pytest.param(
        READER + 'module.exports = function (cards) {\n  allowed = cards;\n  return { ok: true };\n};\n',
        [], id='nothing returned reads it'),
    pytest.param(
        READER + 'module.exports = function (cards) {\n  allowed = defaults;\n  return { check };\n};\n',
        [], id='not from a parameter'),
    pytest.param(
        READER + 'module.exports = function (cards) {\n  if (!allowed) allowed = cards;\n  return { check };\n};\n',
        [], id='set once'),
    pytest.param(
        'let allowed;\nfunction check(card, allowed) {\n  return allowed.includes(card);\n}\n'
        'module.exports = function (cards) {\n  allowed = cards;\n  return { check };\n};\n',
        [], id='the reader has its own'),
])
def test_factory_state(src, expected):
    assert findings(src) == expected


def test_the_assignment_is_evidence():
    src = READER + 'module.exports = function (cards) {\n  allowed = cards;\n  return { check };\n};\n'
    assert about(src) == [(3, 6)]
