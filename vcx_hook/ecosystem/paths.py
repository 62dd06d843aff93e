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
# Folders and names of server code.
SERVER_PATH = lazyre.compile(
    r'(?:^|/)(?:server|backend|controllers?|services?|workers?|jobs|functions|lambdas?)/|(?:^|/)pages/api/'
    r'|\.server\.[jt]s$|(?:^|/)(?:route|server)\.[jt]sx?$')

