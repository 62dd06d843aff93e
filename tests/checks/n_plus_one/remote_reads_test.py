"""n-plus-one/remote_reads: a GET of the app's API path built from the element, once per element."""
from __future__ import annotations

import pytest

from vcx_hook.checks.n_plus_one import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.ts')

_ASKED = ('x.ts:3 `fetch()` requests `/api/users/${id}` once per `id` of the for-of loop over `ids` on line 2: '
          'one round trip per element (an endpoint taking the list?)')


@pytest.mark.parametrize(('request_line', 'expected'), [
    pytest.param('const res = await fetch(`/api/users/${id}`);', [_ASKED], id='a GET of a path built from the element'),
    pytest.param("const res = await fetch(`/api/users/${id}`, { method: 'DELETE' });", [], id='a write: the loop\'s work'),
    pytest.param('const res = await fetch(`/avatars/${id}.png`);', [], id='a static file'),
    pytest.param('const res = await fetch(`https://api.example.com/users/${id}`);', [], id='a third party\'s host'),
    pytest.param('const res = await fetch(`${id}/status`);', [], id='the element picks the host'),
    pytest.param('const res = await fetch(`/api/users`);', [], id='not for the element'),
])
def test_reads_per_element(request_line, expected):
    src = f'async function f(ids) {{\n  for (const id of ids) {{\n    {request_line}\n    console.log(await res.json());\n  }}\n}}\n'
    assert findings(src) == expected
