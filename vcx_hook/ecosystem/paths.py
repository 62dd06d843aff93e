"""What a file is for, from its path: code run by hand on data its author knows (seeds,
migrations, maintenance scripts), code that runs in a browser, code that runs on a server."""
from __future__ import annotations

import re

from vcx_hook.lang import lazyre

# Seed data, migrations and maintenance scripts run by hand, on data the author knows.
SETUP_PATH = re.compile(r'(?:^|[/_.-])(?:seeds?|seeders?|seeding|migrations?)(?:[/_.-]|$)|(?:^|/)scripts/', re.I)
# Folders and names of code shipped to browsers (static assets, client apps, service workers).
BROWSER_PATH = lazyre.compile(
    r'(?:^|/)(?:public|static|client|frontend|front)/|(?:^|/|-)(?:sw|service-?worker)\.[jt]s$', re.I)
# Folders and names of server code.
SERVER_PATH = lazyre.compile(
    r'(?:^|/)(?:server|backend|controllers?|services?|workers?|jobs|functions|lambdas?)/|(?:^|/)pages/api/'
    r'|\.server\.[jt]s$|(?:^|/)(?:route|server)\.[jt]sx?$')


def is_setup_path(path: str) -> bool:
    """``SETUP_PATH.search(path)``, ten times cheaper on the paths that hold none of its words."""
    if not path.isascii():  # under re.I, 'ſ' is an 's' and 'K' (Kelvin) a 'k'
        return SETUP_PATH.search(path) is not None
    low = path.lower()
    return ('seed' in low or 'migration' in low or 'scripts/' in low) and SETUP_PATH.search(path) is not None
