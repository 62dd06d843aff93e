"""What undoes a registration: Solid's onCleanup and Svelte's onDestroy beside the mount hook."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.tsx')


def component(mount: str, teardown: str) -> str:
    return (
        "import { onCleanup, onDestroy, onMount } from 'solid-js';\n"
        'export const Panel = (props) => {\n'
        '  const observer = new ResizeObserver(() => {});\n'
        f'  onMount(() => {{\n{mount}\n  }});\n'
        f'{teardown}\n'
        '  return null;\n'
        '};\n'
    )


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        component("    window.addEventListener('message', onMessage);\n    observer.observe(props.el);",
                  '  onCleanup(() => observer.disconnect());'),
        ["x.tsx:5 `window.addEventListener('message', onMess...` runs in a `onMount` that returns no cleanup: "
         'every run adds another listener'],
        id='onCleanup undoes the observer, not the listener'),
    pytest.param(
        component("    window.addEventListener('message', onMessage);\n    observer.observe(props.el);",
                  "  onCleanup(() => {\n    window.removeEventListener('message', onMessage);\n    observer.disconnect();\n  });"),
        [], id='onCleanup undoes both'),
    pytest.param(
        component('    const id = setInterval(tick, 1000);\n    timers.id = id;',
                  '  onDestroy(() => clearInterval(timers.id));'),
        [], id='svelte onDestroy clears the kept timer'),
    pytest.param(
        component('    observer.observe(props.el);',
                  '  const later = () => onCleanup(() => observer.disconnect());'),
        ['x.tsx:5 `observer.observe(props.el)` runs in a `onMount` that returns no cleanup: every run adds another observer'],
        id='an onCleanup inside another function is not the component'),
])
def test_teardown_hooks_beside_the_mount(src, expected):
    assert findings(src) == expected


def effect(body: str) -> str:
    return f'useEffect(() => {{\n{body}\n}}, []);\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(effect("  window.addEventListener('load', onLoad);"), [], id='window load fires once'),
    pytest.param(effect("  document.addEventListener('DOMContentLoaded', onLoad);"), [], id='DOMContentLoaded'),
    pytest.param(effect("  selection.on('dblclick.zoom', null);"), [], id='d3 removal'),
    pytest.param(effect("  img.on('load', null);\n  bus.on('load', onLoad);"),
                 ["x.tsx:3 `bus.on('load', onLoad)` runs in a `useEffect` that returns no cleanup: every run adds another listener"],
                 id='load on an emitter is an ordinary event'),
])
def test_nothing_to_pile_up(src, expected):
    assert findings(src) == expected
