"""Where a file's code runs: in a browser (UI components, `'use client'`, static assets), on a
server (server folders, Node modules, server frameworks and drivers), or either."""
from __future__ import annotations

from vcx_hook.ecosystem import paths
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File

# Source that only runs on a server: the environment, CommonJS, Node's modules, server packages.
SERVER_MARKERS = lazyre.compile(
    rb'''process\.env|\brequire\(|['"](?:use server|server-only)['"]|from\s+['"](?:node:|fs['"/]|path['"]|'''
    rb'''https?['"]|express|fastify|koa|hono|next/server|@nestjs/|@prisma/client|mongoose|pg['"]|mysql2)''')


def is_browser(file: File) -> bool:
    return file.fact(_is_browser)


def is_server(file: File) -> bool:
    """Server code, not browser code: a server path or a server-only marker in the source."""
    return file.fact(_is_server)


def _is_browser(file: File) -> bool:
    return s.is_ui_file(file) or bool(paths.BROWSER_PATH.search(file.path))


def _is_server(file: File) -> bool:
    if is_browser(file):
        return False
    return bool(paths.SERVER_PATH.search(file.path)) or SERVER_MARKERS.search(file.source) is not None
