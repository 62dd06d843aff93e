"""Whether the project wraps its Express handlers so that a rejection reaches ``next``
(``ecosystem/handlers.wraps_next``), read as the audited code sees the project."""
from __future__ import annotations

from collections.abc import Iterable

from vcx_hook.config import Config
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import roles
from vcx_hook.engine import git
from vcx_hook.engine import gitcli
from vcx_hook.engine.collect import Request
from vcx_hook.engine.project import SOURCES
from vcx_hook.engine.project import project_file
from vcx_hook.engine.target import Target

_ERRORS = 'error-handling'


def with_express_wrapper(
        config: Config, request: Request, repo: git.Repo | None, mode: str, cwd: str, targets: Iterable[object],
) -> Config:
    """``config`` knowing whether the project's production code wraps Express handlers so that a
    rejection reaches ``next`` (``handlers.wraps_next``: ``.catch(next)``): then a handler a file
    shapes but does not register is taken to be registered through the wrapper. Searched only when
    an audited file may hold such a handler (``handlers.may_shape_handlers``); git finds the few
    files holding the call, only those are read."""
    if repo is None or mode not in ('staged', 'range', 'all') or _ERRORS not in config.enabled:
        return config
    if mode != 'all' and not any(isinstance(t, Target) and handlers.may_shape_handlers(t.data) for t in targets):
        return config
    ref = (request.to_ref or 'HEAD') if mode == 'range' else ''
    proc = gitcli.start_grep(repo, handlers.WRAPS_NEXT_GREP.encode(), ref, mode == 'staged', SOURCES, extended=True)
    for path in gitcli.grep_result(proc, ref) or ():
        found = project_file(request, repo, mode, cwd, path)
        if found is not None and handlers.wraps_next(found[0]) and roles.role_of(path, found[0]) == roles.PRODUCTION:
            return config._replace(express_wrapped=True)
    return config
