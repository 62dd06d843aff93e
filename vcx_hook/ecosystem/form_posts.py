"""Handlers that answer a form's post rather than a link: a route registered for a write verb in
the file (``router.post('/x', (req, res) => ...)``), a handler bound to a write verb's name (a
controller's ``POST = async (req, res) => ...``, Next.js's ``export async function POST``), or one
that reads the request's body (``req.body``, ``const { body } = req``, ``ctx.request.body``,
``await request.formData()``).  A link cannot make a browser post: what such a handler reads from
its own URL comes from the action of a form the site rendered.

Also the fields a route module's own page posts from its submit buttons (``button_field``): a
React Router or Remix module whose component renders ``<Button type="submit" name="redirectTo"
value={nextPath}>`` and whose action reads ``formData.get('redirectTo')`` gets the value the page
chose for the button pressed, not one a link or another page set."""
from __future__ import annotations

from vcx_hook.ecosystem import requests
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_WRITE_VERBS = frozenset(('post', 'put', 'patch', 'delete'))
_KEYS = frozenset(('property_identifier', 'shorthand_property_identifier_pattern'))
# `await request.formData()`, `await request.json()`: the body, read through the Fetch API.
_BODY_WORDS = requests.BODY_METHODS | {'body'}


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
        if parent.type == 'member_expression' and word in _BODY_WORDS:
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


_ELEMENTS = frozenset(('jsx_opening_element', 'jsx_self_closing_element'))


def button_field(file: File, get: Node) -> bool:
    """``get``, a ``form.get('redirectTo')`` of a form read from the request's body (``await
    request.formData()``), reads the field a button the same file renders posts: an element whose
    tag's last word is ``button`` (``<button>``, ``<Button>``, ``<SubmitButton>``) with ``name=
    "redirectTo"`` and a ``value``. A hidden input copying the page's query or ``Referer`` (a value
    a link chose) and a field of a form in another file are not."""
    if get.type != 'call_expression' or s.callee_name(get) != 'get':
        return False
    args = s.arguments(get)
    field = s.string_value(args[0]) if args else None
    form = s.callee(get)
    form = form.child_by_field_name('object') if form is not None and form.type == 'member_expression' else None
    decl = s.declaration(form) if form is not None and form.type == 'identifier' else None
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    if field is None or value is None or b'formData(' not in (value.text or b''):
        return False
    return field in _button_names(file)


def _button_names(file: File) -> frozenset[str]:
    return file.fact(_find_button_names)


def _find_button_names(file: File) -> frozenset[str]:
    names = set()
    for key in file.named(frozenset((b'name',)), ((0, len(file.source)),), frozenset(('property_identifier',))):
        attribute = s.parent_of(key)
        element = s.parent_of(attribute) if attribute is not None and attribute.type == 'jsx_attribute' else None
        if element is None or element.type not in _ELEMENTS or len(attribute.named_children) != 2:
            continue
        tag = s.text(element.child_by_field_name('name'))
        words = s.name_words(tag.rsplit('.', 1)[-1])
        attributes = {s.text(a.named_children[0]) for a in element.named_children if a.type == 'jsx_attribute' and a.named_children}
        field = s.string_value(attribute.named_children[1])
        if field and words and words[-1].lower() == 'button' and 'value' in attributes:
            names.add(field)
    return frozenset(names)
