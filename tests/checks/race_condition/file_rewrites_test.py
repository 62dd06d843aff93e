from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')
about = helpers.bind(helpers.about, ID, 'x.js')


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        'function set(p, k, v) {\n'
        '  return loadFile(p + ".json").then(function (data) {\n'
        '    const obj = data ? JSON.parse(data) : {};\n'
        '    obj[k] = v;\n'
        '    return fs.outputFile(p + ".json", JSON.stringify(obj));\n'
        '  });\n'
        '}\n',
        ['x.js:5 `fs.outputFile()` writes back `p + ".json"`, read by the `loadFile()` on line 2; '
         'a concurrent change of the file is lost'],
        id='loaded, changed, written back'),
    pytest.param(
        'function set(p, k, v) {\n'
        '  queue = queue.then(() => readFile(p)).then((data) => writeFile(p, merge(data, k, v)));\n'
        '  return queue;\n'
        '}\n',
        [], id='chained on the previous write'),
    pytest.param(
        'function copy(p) {\n  return readFile(p).then((data) => writeFile(p + ".bak", data));\n}\n',
        [], id='another file'),
    pytest.param(
        "function reset(p) {\n  return readFile(p).then(() => writeFile(p, '{}'));\n}\n",
        [], id='what was read is not used'),
    pytest.param(
        'function set(p, k, v) {\n'
        '  return mutex.runExclusive(() => readFile(p).then((d) => writeFile(p, merge(d, k, v))));\n'
        '}\n',
        [], id='under a lock'),
])
def test_file_rewrites(src, expected):
    assert findings(src) == expected


def test_the_read_is_evidence():
    src = 'function set(p, v) {\n  return readFile(p).then((d) => writeFile(p, d + v));\n}\n'
    assert about(src) == [(2,)]
