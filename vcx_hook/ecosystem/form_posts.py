"""Handlers that answer a form's post rather than a link: a route registered for a write verb in
the file (``router.post('/x', (req, res) => ...)``), a handler bound to a write verb's name (a
controller's ``POST = async (req, res) => ...``, Next.js's ``export async function POST``), or one
that reads the request's body (``req.body``, ``const { body } = req``, ``ctx.request.body``,
``await request.formData()``).  A link cannot make a browser post: what such a handler reads from
its own URL comes from the action of a form the site rendered."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_WRITE_VERBS = frozenset(('post', 'put', 'patch', 'delete'))
_KEYS = frozenset(('property_identifier', 'shorthand_property_identifier_pattern'))
# `await request.formData()`, `await request.json()`: the body, read through the Fetch API.
_BODY_READERS = frozenset(('json', 'formData', 'text', 'arrayBuffer', 'blob', 'parseBody'))


def answers_post(fn: Node, request: str) -> bool:
    """``fn``, whose parameter ``request`` is the request, answers a form's post (module doc)."""
    route = s.route_of(fn)
    if route is not None:
        return route[0].lower() in _WRITE_VERBS
    name = s.function_name(fn)
    if name is not None and name.rsplit('.', 1)[-1].lower() in _WRITE_VERBS:
        return True
    return reads_body(fn, request)


def reads_body(fn: Node, request: str) -> bool:
    """``fn`` reads the body of ``request``, its parameter's name: ``req.body``, ``ctx.request.body``,
    ``({ params, body }, res) =>``, ``const { body: { id } } = req``, ``await request.json()``."""
    for key in s.identifiers(fn, _KEYS):
        word = s.text(key)
        parent = s.parent_of(key)
        if parent is None:
            continue
        if parent.type == 'member_expression' and word in _BODY_READERS | {'body'}:
            obj = s.text(parent.child_by_field_name('object'))
            if obj in (request, f'{request}.request'):
                return True
        elif word == 'body' and parent.type in ('object_pattern', 'pair_pattern') and _destructures(parent, request):
            return True
    return False


def _destructures(pattern: Node, request: str) -> bool:
    """The pattern ``pattern`` (or the one it sits in) takes apart ``request``: a declaration's
    ``= req`` or the request parameter itself."""
    while pattern.type in ('object_pattern', 'pair_pattern'):
        parent = s.parent_of(pattern)
        if parent is None:
            return False
        if parent.type == 'variable_declarator':
            return s.text(parent.child_by_field_name('value')) == request
        if parent.type in ('formal_parameters', 'required_parameter', 'optional_parameter'):
            return True
        pattern = parent
    return False
