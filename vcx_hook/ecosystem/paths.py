"""Where a file runs, from its path: code shipped to browsers, code that runs on a server.
(What a file is for, tests, seeds, migrations, scripts, ..., is its role: ecosystem/roles.py.)"""
from __future__ import annotations

import re

from vcx_hook.lang import lazyre

# Folders and names of code shipped to browsers (static assets, client apps and their next versions
# beside them (`client-v2/`), service workers, a UI's
# `components/` and its React hooks: `use-format-date.ts`, `useInterval.ts`).
BROWSER_PATH = lazyre.compile(
    r'(?:^|/)(?:public|static|client(?:-v\d+)?|frontend|front|components)/|(?:^|/|-)(?:sw|service-?worker)\.[jt]s$'
    r'|(?-i:(?:^|/)use(?:-[a-z]|[A-Z])[^/]*\.[cm]?[jt]sx?$)', re.I)
# Every path BROWSER_PATH finds holds one of these in lower case, or `use` as written.
_BROWSER_PARTS = ('public/', 'static/', 'client', 'front', 'components/', 'sw.', 'service')
# Folders that make what is inside them server code, whatever browser folder holds them.
SERVER_FOLDER = lazyre.compile(r'(?:^|/)(?:server|backend)/|(?:^|/)pages/api/')
# Folders and names of server code.
SERVER_PATH = lazyre.compile(
    r'(?:^|/)(?:server|backend|controllers?|services?|workers?|jobs|functions|lambdas?)/|(?:^|/)pages/api/'
    r'|\.server\.[jt]s$|(?:^|/)(?:route|server)\.[jt]sx?$')


# The component a framework renders once around every page and keeps mounted while the app runs:
# Next.js's custom App (`pages/_app.tsx`) and root layout (`app/layout.tsx`, not a segment's
# `app/settings/layout.tsx`), Remix's and React Router's `app/root.tsx`, Expo Router's `app/_layout.tsx`,
# Angular CLI's root component (`src/app/app.component.ts`, what `main.ts` bootstraps).
APP_ROOT = lazyre.compile(r'(?:^|/)(?:pages/_app|app/(?:layout|root|_layout))\.[cm]?[jt]sx?$|(?:^|/)src/app/app\.component\.ts$')


def app_root(path: str) -> bool:
    """The file holds the app's root component, mounted once for the app's life."""
    return ('_app' in path or 'app/' in path) and APP_ROOT.search(path) is not None


def browser_folder(path: str) -> bool:
    """``BROWSER_PATH`` finds something in ``path`` that no server folder inside it overrides: a
    monorepo's `components/server/` (gitpod), a Next.js app's `apps/client/pages/api/`, a server
    package's `packages/server/utils/useDisposeDataloader.ts` are server code; a browser folder
    inside a server's (`server/public/`) is still the browser's. An ASCII path without one of its
    parts is not searched (the case-blind pattern tries every character: 14 µs a path)."""
    if path.isascii() and 'use' not in path:
        lower = path.lower()
        if not any(part in lower for part in _BROWSER_PARTS):
            return False
    found = [m for m in BROWSER_PATH.finditer(path)]
    if not found:
        return False
    server = [m.end() for m in SERVER_FOLDER.finditer(path)]
    if not server:
        return True
    # A folder deeper than the last server folder; a hook's or worker's file name only outside one.
    return any(m.group().endswith('/') and m.start() >= server[-1] - 1 for m in found)
