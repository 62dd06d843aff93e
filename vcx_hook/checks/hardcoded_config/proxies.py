"""(low) How many proxies to trust, fixed in code: Express's ``app.set('trust proxy', 1)`` (a hop count,
or ``true``) in a server file that reads its other settings from configuration (``process.env``, an
import of a ``config``/``settings`` module, or a config object it is handed). How many proxies stand
in front of the app is the deployment's: behind an ingress and a load balancer ``req.ip`` is the
ingress's for every caller, so a per-IP rate limiter shares one counter among all of them, and with
fewer proxies than trusted a client picks its own IP with ``X-Forwarded-For`` (ihub-apps' auth rate
limiter, a real bug of holdout14). Not a list of addresses or subnets (``'loopback'``, ``'10.0.0.0/8'``),
nor a value read from configuration."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.hardcoded_config import tunables
from vcx_hook.checks.hardcoded_config.values import Item
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_SETTING = 'trust proxy'
# A parameter of the function that carries configuration (`setupMiddleware(app, platformConfig)`).
_CONFIG_PARAMETER = lazyre.compile(r'(?i)config|settings|options|opts|env')


def possible(scope: Scope) -> bool:
    return _SETTING.encode() in scope.text


def calls(scope: Scope) -> Iterator[Item]:
    if not possible(scope) or s.is_ui_file(scope.file):
        return
    for name in scope.named(frozenset((b'set',))):
        call = s.called_by(name)
        if call is None or not scope.contains(call) or s.callee_name(call) != 'set' or s.receiver(call) is None:
            continue
        args = s.arguments(call)
        if len(args) != 2 or s.string_value(s.unwrap(args[0])) != _SETTING:
            continue
        value = s.unwrap(args[1])
        if value.type not in ('number', 'true'):
            continue
        if tunables.reads_config(scope.file) or _handed_config(call):
            yield Item(call, f"`'{_SETTING}', {s.text(value)}`", call, 'proxy')


def _handed_config(call: Node) -> bool:
    fn = s.enclosing_function(call)
    return fn is not None and any(_CONFIG_PARAMETER.search(p or '') for p in s.parameter_names(fn))
