"""Where text goes only to the people who run the program: a log line (``console.error(...)``,
``logger.info(...)``, ``this.log.warn(...)``), a WebSocket's close reason (``ws.close(1011, reason)``),
and a project's logger module (``Logger.ts``, ``lib/logger/``), whose every line is a log line.

What is written there is read by the operators, in the server's zone and language, next to the
other lines of the same log."""
from __future__ import annotations

from vcx_hook.lang import lazyre
from vcx_hook.lang import modules
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# The methods of `console` and of the logging libraries (winston, pino, bunyan, log4js, NestJS's Logger).
LOG_METHODS = frozenset((
    'log', 'info', 'warn', 'warning', 'error', 'debug', 'trace', 'fatal', 'verbose', 'silly', 'notice', 'critical'))
# The object they are called on: `console`, `logger`, `this.logger`, `Logger`, `appLogger`, `log`.
_LOGGER = lazyre.compile(r'^(?:console|log|logging|[A-Za-z_$]*[lL]ogger)$')
# A logger module: a file or folder named for logging (`Logger.ts`, `lib/logger/render.js`, `log.js`).
_LOGGER_MODULE = lazyre.compile(r'(?i)(?:^|/)(?:loggers?|logging)(?:/|\.[cm]?[jt]sx?$)|(?:^|/)log\.[cm]?[jt]s$')
# `socket.close(code, reason)`, `ws.end(code, reason)`: the reason goes to the peer's diagnostics.
_CLOSES = frozenset(('close', 'end'))


def is_logger_module(path: str) -> bool:
    """The project's own logger: a file or a folder named ``logger``, ``loggers`` or ``logging``,
    or a ``log.js``."""
    return _LOGGER_MODULE.search(path) is not None


def imported_log_call(call: Node, root: Node) -> bool:
    """``consoleLog(...)``: a function ``root`` imports from the project's logger module
    (``import { consoleLog } from '@/utils/log'``), whose every call writes a log line."""
    callee = s.callee(call)
    if callee is None or callee.type != 'identifier':
        return False
    source = modules.imported_from(root, s.text(callee))
    return source is not None and source.startswith(('.', '@/', '~/', '#')) and (
        is_logger_module(source) or is_logger_module(source + '.js'))


def is_log_call(call: Node) -> bool:
    """``console.error(...)``, ``logger.info(...)``, ``this.logger.warn(...)``, ``Logger.debug(...)``."""
    callee = s.callee(call)
    if callee is None or callee.type != 'member_expression':
        return False
    if s.text(callee.child_by_field_name('property')) not in LOG_METHODS:
        return False
    obj = s.unwrap(callee.child_by_field_name('object'))
    if obj.type == 'member_expression':
        obj = obj.child_by_field_name('property')
    return _LOGGER.search(s.text(obj)) is not None


def is_close_reason(call: Node, arg: Node) -> bool:
    """``arg`` is the reason of ``socket.close(1011, reason)`` (a status code first)."""
    callee = s.callee(call)
    if callee is None or callee.type != 'member_expression' or s.text(callee.child_by_field_name('property')) not in _CLOSES:
        return False
    args = s.arguments(call)
    return len(args) == 2 and args[0].type == 'number' and args[1] == arg


def diagnostic(call: Node, arg: Node) -> bool:
    """``arg``, an argument of ``call``, is only read by the program's operators: a log line or a
    close reason."""
    return is_log_call(call) or is_close_reason(call, arg)
