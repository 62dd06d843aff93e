"""What every rule of the family asks of a file: is it Express with no async safety, does it make
its router, which clients are wrapped or made here (each computed on first use)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from vcx_hook.config import Config
from vcx_hook.config import packages_near
from vcx_hook.ecosystem import handlers
from vcx_hook.ecosystem import helper_effects
from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import runtime
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

Names = Mapping[str, frozenset[str]]
ID = 'error-handling'
QUESTION = 'What happens when this call fails, hangs, or gets an error status?'


class Gap(NamedTuple):
    """One thing a call lacks: what the message names, the other nodes it is about, and the
    confidence of a question that names this gap alone ('' for the family's)."""

    text: str
    evidence: tuple[Node, ...] = ()
    alone: str = ''


class Facts:
    """File-level facts, each computed on first use (most files never need most of them)."""

    def __init__(self, file: File, names: Names, config: Config | None = None) -> None:
        self.file = file
        self.names = names
        self._config = config
        self._packages: Mapping[str, str] | None = None
        self._express: bool | None = None
        self._routes: bool | None = None

    @property
    def packages(self) -> Mapping[str, str]:
        """The packages declared for the file: the nearest ``package.json``'s over the root's."""
        if self._packages is None:
            self._packages = packages_near(self._config, self.file.path) if self._config is not None else {}
        return self._packages

    @property
    def express(self) -> bool:
        """Express routes live here and nothing makes async handlers safe."""
        if self._express is None:
            self._express = handlers.express_unsafe(self.file, self.names['async_safe_modules'], self.packages)
        return self._express

    @property
    def routes(self) -> bool:
        """This file makes the Express app or router its handlers are registered on."""
        if self._routes is None:
            self._routes = self.express and handlers.makes_express_router(self.file)
        return self._routes

    @property
    def helper_effects(self) -> helper_effects.Table:
        """What the functions the file imports from the project's own modules do (one hop)."""
        return self._config.helper_effects if self._config is not None else {}

    @property
    def wrapped(self) -> frozenset[str]:
        """Client names imported from a local module (a wrapper, not the library)."""
        return http.wrapped(self.file)

    @property
    def instances(self) -> Mapping[str, tuple[str, bool]]:
        """``name -> (client, has a timeout)`` for ``const api = axios.create({...})``."""
        return http.instances(self.file)

    @property
    def default_timeout(self) -> frozenset[str]:
        """Clients and instances given ``x.defaults.timeout = ...``."""
        return http.default_timeouts(self.file)

    @property
    def rejections_logged(self) -> bool:
        """The project (``Config.rejections_logged``) or the file installs a process-wide handler that
        logs unhandled rejections and keeps the process up: a dropped promise's failure is a log line."""
        return not runtime.is_browser(self.file) and (
            (self._config is not None and self._config.rejections_logged) or runtime.logs_unhandled_rejections(self.file))

    def express_handler(self, fn: Node) -> bool:
        """An async Express handler whose rejection nothing forwards to ``next`` (no wrapper)."""
        return self.express and handlers.express_handler(fn, self.routes)

    def made_express_handler(self, fn: Node) -> bool:
        """An async function shaped as an Express handler, registered out of sight (a factory's
        returned function, a field typed ``RequestHandler``), in a project that shows no wrapper
        handing rejections to ``next``."""
        wrapped = self._config is not None and self._config.express_wrapped
        return self.express and not wrapped and not handlers.wraps_next(self.file.source) \
            and handlers.made_express_handler(fn, self.file)


def short(node: Node, limit: int = 44) -> str:
    """The node's code on one line, cut to ``limit`` characters."""
    text = s.normalized(node, limit + 8)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def caught_in(node: Node, fn: Node) -> bool:
    """Whether a ``try`` with a ``catch`` inside ``fn`` holds ``node`` in its body."""
    return try_body(node, fn) is not None


def try_body(node: Node, fn: Node) -> Node | None:
    """The body of the innermost ``try`` with a ``catch`` inside ``fn`` whose body holds ``node``."""
    child = node
    for up in s.ancestors(node):
        if up == fn:
            return None
        if up.type == 'try_statement' and up.child_by_field_name('handler') is not None \
                and up.child_by_field_name('body') == child:
            return child
        child = up
    return None
