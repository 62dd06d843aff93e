"""Late markup writes into a ref's node from an effect with no cleanup."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.tsx')
about = helpers.bind(helpers.about, ID, 'x.tsx')


def effect(body: str, cleanup: str = '') -> str:
    return f'useEffect(() => {{\n{body}\n{cleanup}}}, [items]);\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        effect('  (async () => {\n    const svg = await render(items);\n    ref.current.innerHTML = svg;\n  })();'),
        ['x.tsx:4 `ref.current.innerHTML = svg` writes into the node after `await render(items)` on line 3 in a '
         '`useEffect` that returns no cleanup: after unmount or a newer run it writes into a stale node'],
        id='async IIFE'),
    pytest.param(
        effect('  render(items).then((html) => { box.current.innerHTML = html; });'),
        ['x.tsx:2 `box.current.innerHTML = html` writes into the node after `render(items).then((html) => { box.curren...` '
         'on line 2 in a `useEffect` that returns no cleanup: after unmount or a newer run it writes into a stale node'],
        id='then callback'),
    pytest.param(
        effect('  (async () => {\n    const svg = await render(items);\n    ref.current.innerHTML = svg;\n  })();',
               "  return () => { ref.current.innerHTML = ''; };\n"),
        [], id='cleanup returned'),
    pytest.param(effect("  ref.current.innerHTML = '<p>loading</p>';"), [], id='nothing awaited'),
    pytest.param(
        effect('  (async () => {\n    const svg = await render(items);\n    el.innerHTML = svg;\n  })();'),
        [], id='not a ref'),
    pytest.param(
        'async function paint(ref) {\n  const svg = await render();\n  ref.current.innerHTML = svg;\n}\n',
        [], id='not in an effect'),
])
def test_late_markup_writes(src, expected):
    assert findings(src) == expected


def test_the_await_is_evidence():
    src = effect('  (async () => {\n    const svg = await render(items);\n    ref.current.innerHTML = svg;\n  })();')
    assert about(src) == [(3, 4)]
