"""Scheduled entry points: functions a timer or a cron library runs on its own, in every process
of the service (``new CronJob('0 * * * *', onTick)`` of ``cron``, ``cron.schedule(spec, fn)`` of
``node-cron``, ``schedule.scheduleJob(spec, fn)`` of ``node-schedule``, ``new Cron(spec, fn)`` of
``croner``, ``setInterval(fn, ms)``, and a poll that sets its own next run, ``setTimeout(start,
ms)`` inside ``start``).  Decided by what the scheduler's name is bound to (its import), not by
the function's name."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.lang import scope as s
from vcx_hook.lang.source import File
from vcx_hook.lang.syntax import Node

# Package -> the constructions (`new CronJob(spec, fn)`) and the methods (`cron.schedule(spec, fn)`)
# that run a function on a schedule.
_CONSTRUCTED = {'cron': frozenset(('CronJob',)), 'croner': frozenset(('Cron',))}
_METHODS = {'node-cron': frozenset(('schedule',)), 'node-schedule': frozenset(('scheduleJob',)),
            'cron': frozenset(('from',))}
_WORDS = frozenset(n.encode() for n in ('CronJob', 'Cron', 'schedule', 'scheduleJob', 'from', 'setInterval', 'setTimeout'))


def scheduled(file: File) -> dict[int, tuple[Node, Node]]:
    """The file's functions a scheduler runs, by start byte: (the function, the call scheduling it)."""
    return file.fact(_scheduled)


def _scheduled(file: File) -> dict[int, tuple[Node, Node]]:
    out: dict[int, tuple[Node, Node]] = {}
    if file.words.isdisjoint(_WORDS):
        return out
    for name in file.named(_WORDS, ((0, len(file.source)),)):
        call = s.called_by(name, 'new_expression') or s.called_by(name)
        if call is None:
            continue
        for fn in _run_by(file, call, name.text.decode()):
            out.setdefault(fn.start_byte, (fn, call))
    return out


def _run_by(file: File, call: Node, word: str) -> list[Node]:
    args = s.arguments(call)
    if call.type == 'new_expression':
        b = bindings.binding(file, call.child_by_field_name('constructor') or call)
        if b is None or word not in _CONSTRUCTED.get(b.library, frozenset()):
            return []
        return [f for a in args[1:2] if (f := _function(file, a)) is not None]
    if word in ('setInterval', 'setTimeout'):
        if s.callee_path(call) not in (word, f'global.{word}', f'window.{word}') or not args:
            return []
        fn = _function(file, args[0])
        if fn is None:
            return []
        if word == 'setTimeout':  # a poll that sets its own next run: `setTimeout(start, ms)` inside `start`
            return [fn] if any(a.start_byte == fn.start_byte for a in s.ancestors(call)) else []
        return [fn]
    receiver = s.receiver(call)
    b = bindings.binding(file, receiver) if receiver is not None else None
    if b is None or word not in _METHODS.get(b.library, frozenset()):
        return []
    if word == 'from':  # `CronJob.from({ cronTime, onTick })`
        if s.receiver_name(call) != 'CronJob' or not args or args[0].type != 'object':
            return []
        tick = s.object_keys(args[0]).get('onTick')
        return [f for f in (_function(file, tick),) if f is not None] if tick is not None else []
    return [f for a in args[1:] if (f := _function(file, a)) is not None][:1]


def _function(file: File, arg: Node) -> Node | None:
    """The function ``arg`` is: a function literal, or a name the file declares at its top level."""
    arg = s.unwrap(arg)
    if arg.type in s.FUNCTION_TYPES:
        return arg
    if arg.type != 'identifier':
        return None
    return _top_functions(file).get(arg.text)


def _top_functions(file: File) -> dict[bytes, Node]:
    return file.fact(_declared_functions)


def _declared_functions(file: File) -> dict[bytes, Node]:
    out: dict[bytes, Node] = {}
    for node in s.top_level(file.tree.root):
        if node.type in ('function_declaration', 'generator_function_declaration'):
            name = node.child_by_field_name('name')
            if name is not None:
                out[name.text] = node
        elif node.type in ('lexical_declaration', 'variable_declaration'):
            for d in node.named_children:
                value = d.child_by_field_name('value')
                name = d.child_by_field_name('name')
                if name is not None and value is not None and s.unwrap(value).type in s.FUNCTION_TYPES:
                    out[name.text] = s.unwrap(value)
    return out
