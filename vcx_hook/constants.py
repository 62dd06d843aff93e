"""Exit codes and the version: what the commands and the error boundary in ``main`` share."""
from __future__ import annotations

EXIT_CLEAN = 0
EXIT_OPEN = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

ISSUES_URL = 'https://github.com/vcx-hook/vcx_hook/issues'


def version() -> str:
    from importlib.metadata import PackageNotFoundError  # slow to import: only when asked
    from importlib.metadata import version as dist_version

    try:
        return dist_version('vcx_hook')
    except PackageNotFoundError:
        return '0+unknown'
