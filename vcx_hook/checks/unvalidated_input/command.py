"""Shell sinks: ``exec``/``execSync`` (``child_process``, ``shelljs``), and ``spawn`` whose
arguments reach a shell (``shell: true``)."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import FlowOnDemand
from vcx_hook.checks.unvalidated_input.values import literal_text
from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


_SHELL_MODULES = frozenset(m.encode() for m in services.SHELL_MODULES)
_CHILD_PROCESS = packages.CHILD_PROCESS.encode()


def shell_named(file: File) -> bool:
    """A shell module is named in the file: ``is_child_process`` says no to any call elsewhere."""
    return not file.words.isdisjoint(_SHELL_MODULES) or _CHILD_PROCESS in file.source


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
