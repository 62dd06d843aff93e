"""A-Frame components: what `init`/`play` registers on something that outlives the entity, undone
in `remove`/`pause`."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')


def component(body: str, register: str = 'AFRAME.registerComponent') -> str:
    return f"{register}('media-video', {{\n{body}\n}});\n"


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        component("  init() { window.APP.store.addEventListener('statechanged', () => this.setupAudio()); },\n"
                  "  remove() { this.el.removeEventListener('video-loaded', this.onLoaded); },"),
        ["x.js:2 `window.APP.store.addEventListener('statec...` in A-Frame component `media-video`'s `init` "
         'adds a listener per entity; `remove` does not undo it'],
        id='store listener, remove undoes something else'),
    pytest.param(
        component("  init: function () { this.el.sceneEl.addEventListener('rotateX', this.onRotate); },"),
        ["x.js:2 `this.el.sceneEl.addEventListener('rotateX...` in A-Frame component `media-video`'s `init` "
         'adds a listener per entity; the component has no `remove`'],
        id='scene listener, no remove'),
    pytest.param(
        "import AFRAME from 'aframe';\n" + component("  play() { APP.dialog.on('mic', this.onMic); },\n  pause() {},"),
        ["x.js:3 `APP.dialog.on('mic', this.onMic)` in A-Frame component `media-video`'s `play` "
         'adds a listener per entity; `pause` does not undo it'],
        id='imported AFRAME, play and pause'),
    pytest.param(
        component("  init() { window.APP.store.addEventListener('statechanged', this.onPref); },\n"
                  "  remove() { window.APP.store.removeEventListener('statechanged', this.onPref); },"),
        [], id='removed in remove'),
    pytest.param(
        component("  init() { this.el.addEventListener('video-loaded', this.onLoaded); this.el.object3D.addEventListener('interact', this.f); },"),
        [], id="the entity's own"),
    pytest.param(
        component("  init() { window.addEventListener('blur', this.onBlur); },", 'AFRAME.registerSystem'),
        [], id='a system, made once per scene'),
    pytest.param(
        'const AFRAME = makeRegistry();\n' + component("  init() { window.addEventListener('blur', this.onBlur); },"),
        [], id='another registry'),
])
def test_aframe_components(src, expected):
    assert [f.removesuffix(' (low)') for f in findings(src)] == expected


def test_an_edit_of_remove_raises_what_init_registers():
    src = component("  init() { window.APP.store.addEventListener('statechanged', this.onPref); },\n"
                    "  remove() {\n    this.el.removeEventListener('video-loaded', this.onLoaded);\n  },")
    assert [f.split(' ')[0] for f in findings(src, rows=[3])] == ['x.js:2']
