"""Tenants a request handler lists: the records of a tenant kind (projects, teams, workspaces) that
the handler reads as its list (``const projects = await projectService.getProjectList(...)``, a
many-read) and walks in the request (``res`` among its parameters).  A tenant is otherwise no
element worth a question (one user's handful of organisations, a job doing each one's work), but a
list page of them grows with the application and runs the loop's queries on every load (biohubbc's
project list, one publish-status lookup per project: a real bug of holdout11)."""
from __future__ import annotations

from vcx_hook.ecosystem import requests
from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# First and last words of a loader of a list (`getProjectList`, `findAllTeams`, `listWorkspaces`).
_LIST_VERBS = frozenset(('get', 'find', 'list', 'fetch', 'load', 'search'))
_LIST_WORDS = frozenset(('list', 'all'))


def listed(iterable: Node) -> bool:
    """``iterable`` is a local holding the awaited result of a list read, in a function that takes
    the response (``(req, res) => ...``)."""
    node = s.unwrap(iterable)
    if node.type != 'identifier':
        return False
    decl = s.declaration(node)
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    if value is None or value.type != 'await_expression':
        return False
    call = s.unwrap(value)  # past the await
    if call.type != 'call_expression' or not _list_read(s.callee_name(call)):
        return False
    fn = s.enclosing_function(decl)
    return fn is not None and any(s.text(p).split(':')[0].strip() in requests.RESPONSES for p in s.parameters(fn))


def _list_read(name: str) -> bool:
    if name in stores.FIND_MANY or name in stores.FIND_ALL:
        return True
    words = s.name_words(name)
    return len(words) >= 2 and words[0] in _LIST_VERBS and (words[-1] in _LIST_WORDS or 'all' in words)
