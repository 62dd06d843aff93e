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
# Folders and names of server code.
SERVER_PATH = lazyre.compile(
    r'(?:^|/)(?:server|backend|controllers?|services?|workers?|jobs|functions|lambdas?)/|(?:^|/)pages/api/'
    r'|\.server\.[jt]s$|(?:^|/)(?:route|server)\.[jt]sx?$')


def browser_folder(path: str) -> bool:
    """``BROWSER_PATH`` finds something in ``path``: an ASCII path without one of its parts is not
    searched (the case-blind pattern tries every character: 14 µs a path)."""
    if path.isascii() and 'use' not in path:
        lower = path.lower()
        if not any(part in lower for part in _BROWSER_PARTS):
            return False
    return BROWSER_PATH.search(path) is not None
