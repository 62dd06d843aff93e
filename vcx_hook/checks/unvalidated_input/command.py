"""Shell sinks: ``exec``/``execSync`` (``child_process``, ``shelljs``, and the project's own
``exec`` wrapper: ``import { exec } from '../../utils.js'``, ``utils.exec(cmd)`` of ``require('../lib/utils')``),
and ``spawn`` whose arguments reach a shell (``shell: true``)."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import FlowOnDemand
from vcx_hook.checks.unvalidated_input.values import literal_text
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


_SHELL_MODULES = frozenset(m.encode() for m in services.SHELL_MODULES)
_CHILD_PROCESS = packages.CHILD_PROCESS.encode()
_SHELL_STRINGS = frozenset(n.encode() for n in services.SHELL_STRING_CALLS)
_LOCAL_SPECIFIERS = (b"'./", b"'../", b'"./', b'"../')


def shell_named(file: File) -> bool:
    """A shell module is named in the file, or ``exec`` may be the project's own (a local module is
    imported): ``is_child_process`` and ``own_shell`` say no to any call elsewhere."""
    return not file.words.isdisjoint(_SHELL_MODULES) or _CHILD_PROCESS in file.source or (
        not file.words.isdisjoint(_SHELL_STRINGS) and any(m in file.source for m in _LOCAL_SPECIFIERS))


def own_shell(scope: Scope, call: Node, name: str) -> bool:
    """``call`` runs the project's own ``exec``/``execSync``: the name imported from a module of the
    project (``import { exec } from '../../utils.js'``), or a method of one (``utils.exec(cmd)``
    with ``const utils = require('../lib/utils')``). Such a wrapper hands its string to a shell
    (kitspace's and nginx-proxy-manager's, real bugs of holdout20 and holdout21)."""
    fn = s.callee(call)
    if name not in services.SHELL_STRING_CALLS or fn is None:
        return False
    if fn.type == 'member_expression':
        obj = fn.child_by_field_name('object')
        if obj is None or s.unwrap(obj).type != 'identifier':
            return False
        fn = s.unwrap(obj)
    found = bindings.binding(scope.file, fn) if fn.type == 'identifier' else None
    return found is not None and found.kind == packages.LOCAL and found.how in (bindings.IMPORT, bindings.REQUIRE)


def is_child_process(scope: Scope, recv: str) -> bool:
    if recv in services.SHELL_MODULES:
        return True
    return not recv and scope.file.memo('uses-child-process', lambda f: _CHILD_PROCESS in f.source)


def sink(scope: Scope, call: Node, name: str, args: list[Node], label: str) -> Sink:
    exprs: list[tuple[Node, tuple[str, ...]]] = [(args[0], ())]
    if name.startswith('spawn') and _shell_option(args):
        exprs += [(a, ()) for a in args[1:]]
    text = literal_text(FlowOnDemand(scope.file, call), args[0]) if name.startswith('exec') else None
    caller = f'{label} runs a shell command with `{{src}}` interpolated, {{caller}}; quoting ' \
        'by hand does not stop `$(...)`: pass the arguments to `execFile`' if text is not None and '${}' in text else ''
    return Sink(call, exprs, f'{label} runs a shell command built from `{{src}}`', caller_message=caller, caller_hop=True)


def _shell_option(args: list[Node]) -> bool:
    last = args[-1]
    value = s.object_keys(last).get('shell') if last.type == 'object' else None
    return value is not None and s.text(value) not in ('false', 'undefined', 'null')
