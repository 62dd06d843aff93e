"""A listener added where it should be removed: a block that removes a target's listeners adds
one to it, for an event and a handler the file also adds elsewhere and never removes:

    if (!e) {
      this.dialogElement.removeEventListener('cancel', this.onDialogCancel)
      this.dialogElement.addEventListener('keydown', this.onKeyDown)   // removeEventListener meant
    } else {
      e.addEventListener('cancel', this.onDialogCancel)
      e.addEventListener('keydown', this.onKeyDown)
    }

The teardown path adds the listener a second time instead of removing it, so the detached node
keeps it (and what its handler holds). Not an add of an event the block also removes (swapping a
handler: remove the old, add the new), nor a handler the file removes anywhere."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.ecosystem import resources
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_REMOVE_NAMES = resources.LISTENER_REMOVE
_REMOVES = frozenset(n.encode() for n in _REMOVE_NAMES)
_ADDS = frozenset(n.encode() for n in resources.LISTEN)
# The removal each add is undone with, for the message.
_UNDO = {'addEventListener': 'removeEventListener', 'addListener': 'removeListener', 'on': 'off'}


def possible(scope: Scope) -> bool:
    return not scope.file.words.isdisjoint(_REMOVES) and not scope.file.words.isdisjoint(_ADDS)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(add, message, evidence: the removals beside it and the other add) for each such add."""
    if not possible(scope):
        return
    for name in scope.named(_ADDS):
        add = s.called_by(name)
        key = _listener(add) if add is not None and s.callee(add) == s.parent_of(name) else None
        if add is None or key is None:
            continue
        removals = _sibling_removals(add)
        if not removals or any(_event(r) == key[0] for r in removals):
            continue  # the same event removed and added: a handler swapped
        if _removes_itself(add, removals):
            continue  # a one-shot waiter that removes itself and listens for what it waited for
        adds, removed = _file_listeners(scope.file)
        if key in removed:
            continue
        elsewhere = [a for a in adds if a.start_byte != add.start_byte and _listener(a) == key]
        if not elsewhere:
            continue
        undo = _UNDO.get(s.callee_name(add), 'a removal')
        yield add, (f'`{s.normalized(add, 44)}` adds a listener among removals of that target\'s listeners, '
                    f'and nothing in the file removes it (`{undo}` meant?): it stays on the node being let go'), \
            (*removals, elsewhere[0])


def _listener(call: Node | None, removal: bool = False) -> tuple[str, str] | None:
    """(event, handler) of ``x.addEventListener('keydown', this.onKeyDown)``: a literal event and a
    named handler (a function written in place cannot be removed, and is not this shape)."""
    if call is None:
        return None
    names = _REMOVE_NAMES if removal else resources.LISTEN
    args = s.arguments(call)
    if s.callee_name(call) not in names or len(args) < 2 or s.receiver(call) is None:
        return None
    event = s.string_value(args[0])
    handler = s.unwrap(args[1])
    if event is None or handler.type not in ('identifier', 'member_expression'):
        return None
    return event, s.text(handler)


def _removes_itself(add: Node, removals: list[Node]) -> bool:
    """A removal of the function the block is in (``const wait = (e) => { el.removeEventListener('init',
    wait); el.addEventListener('change', handler) }``)."""
    fn = s.enclosing_function(add)
    name = (s.function_name(fn) or '') if fn is not None else ''
    return bool(name) and any(len(s.arguments(r)) > 1 and s.text(s.arguments(r)[1]).split('.')[-1] == name.split('.')[-1]
                              for r in removals)


def _event(call: Node) -> str | None:
    args = s.arguments(call)
    return s.string_value(args[0]) if args else None


def _sibling_removals(add: Node) -> list[Node]:
    """Removals on the add's target among the statements of its block."""
    statement = s.parent_of(add)
    block = s.parent_of(statement) if statement is not None and statement.type == 'expression_statement' else None
    if block is None or block.type != 'statement_block':
        return []
    target = s.text(s.receiver(add))
    out = []
    for other in block.named_children:
        call = other.named_children[0] if other.type == 'expression_statement' and other.named_children else None
        if call is not None and call.type == 'call_expression' and s.callee_name(call) in _REMOVE_NAMES \
                and s.receiver(call) is not None and s.text(s.receiver(call)) == target:
            out.append(call)
    return out


def _file_listeners(file: File) -> tuple[list[Node], set[tuple[str, str]]]:
    """The file's adds, and the (event, handler) pairs it removes anywhere (once per file)."""
    def collect(f: File) -> tuple[list[Node], set[tuple[str, str]]]:
        whole = ((0, len(f.source)),)
        adds = [c for c in (s.called_by(n) for n in f.named(_ADDS, whole)) if c is not None]
        removals = (s.called_by(n) for n in f.named(_REMOVES, whole))
        removed = {k for k in (_listener(r, removal=True) for r in removals) if k is not None}
        return adds, removed
    return file.memo('missing-cleanup:added-among-removals', collect)
