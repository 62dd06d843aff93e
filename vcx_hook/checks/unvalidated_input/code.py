"""Code sinks: ``eval``, ``Function``/``new Function``, ``vm.run*``/``new vm.Script``, and
``setTimeout``/``setInterval`` given a string."""
from __future__ import annotations

from vcx_hook.checks.unvalidated_input.values import Sink
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node


def is_code_call(call: Node, name: str, recv: str, first: Node) -> bool:
    if name in ('setTimeout', 'setInterval'):
        return not recv and first.type in ('string', 'template_string', 'binary_expression')
    if name in ('eval', 'Function'):
        return not recv
    return recv in ('vm', '') or name == 'compileFunction'


def call_sink(call: Node, first: Node, label: str) -> Sink:
    return Sink(call, [(first, ())], f'{label} runs code built from `{{src}}`')


def new_sink(new: Node) -> Sink | None:
    """``new Function(body)``, ``new vm.Script(code)``."""
    ctor = s.dotted(new.child_by_field_name('constructor') or new)
    if ctor in ('Function', 'vm.Script'):
        return Sink(new, [(a, ()) for a in s.arguments(new)], f'`new {ctor}()` compiles code built from `{{src}}`')
    return None
