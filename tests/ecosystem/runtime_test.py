from __future__ import annotations

import pytest

from vcx_hook.ecosystem import runtime
from vcx_hook.lang import scope


def file_of(src: str, path: str) -> scope.File:
    return scope.File.unparsed(path, src.encode(), 'typescript')


@pytest.mark.parametrize(
    ('path', 'src', 'expected'),
    (
        pytest.param('src/server/mail.ts', 'export const x = 1\n', (False, True), id='server-folder'),
        pytest.param('lib/mail.ts', "import pg from 'pg'\n", (False, True), id='server-package'),
        pytest.param('lib/mail.ts', 'export const x = process.env.X\n', (False, True), id='environment'),
        pytest.param('public/app.js', "const x = require('x')\n", (True, False), id='static-asset'),
        pytest.param('src/sw.ts', 'self.addEventListener("fetch", f)\n', (True, False), id='service-worker'),
        pytest.param('lib/util.ts', 'export const add = (a, b) => a + b\n', (False, False), id='either'),
        pytest.param('client/electron/tunnel.ts', "import { powerMonitor, app as electronApp } from 'electron'\n",
                     (False, False), id='electron-main-in-a-client-folder'),
        pytest.param('client/electron/main.js', "const { BrowserWindow } = require('electron')\n", (False, True),
                     id='electron-main-required'),
        pytest.param('client/electron/ns.ts', "import * as electron from 'electron'\nelectron.ipcMain.handle('x', f)\n",
                     (False, False), id='electron-main-through-its-namespace'),
        pytest.param('client/electron/preload.ts', "import { contextBridge, ipcRenderer } from 'electron'\n",
                     (True, False), id='electron-preload-is-the-page'),
        pytest.param('client/electron/types.ts', "import type { BrowserWindow } from 'electron'\n", (True, False),
                     id='electron-type-only-import'),
    ),
)
def test_runtime(path: str, src: str, expected: tuple[bool, bool]) -> None:
    file = file_of(src, path)
    assert (runtime.is_browser(file), runtime.is_server(file)) == expected


def test_runtime_is_computed_once_per_file() -> None:
    file = file_of('export const x = process.env.X\n', 'lib/a.ts')
    assert runtime.is_server(file)
    file.source = b''  # a second question reads the cached answer, not the source
    assert runtime.is_server(file)
