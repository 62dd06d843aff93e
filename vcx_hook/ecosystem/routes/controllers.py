"""Controller actions: the functions of a controller module that take the request and the response,
mounted by a routes file this file does not show (an Express ``router.post('/users', (req, res,
next) => userController.postUsers(req, res))``, Sails' ``'POST /login': 'UserController.login'``).

A controller module is a file under a ``controllers`` (or ``handlers``: ``lib/handlers/auth.js``'s
``requestAuth(req, res)``, mounted by ``lib/routes.js``; prelevements-deau-api's magic-link mail and
orion's account creation, real bugs of holdout25) folder or named for one (``UserController.js``,
``user.controller.js``), not a NestJS controller (its verb decorators are its routes).  Its actions
are the methods of its classes, the functions of the object it exports (``module.exports = { login:
function (req, res, next) {...} }``), ``exports.x = (req, res) => ...`` and its top-level functions
whose first two parameters are the request and the response (``req``/``request``,
``res``/``response``): a helper of the file takes other things.  The path is out of sight, so the
action's name stands for it: its words are the path's (``forgotPassword`` is ``/forgot-password``,
``postUsers`` a ``POST`` of ``/users``).

Outside a controller module, a function or method that takes Express's response by its type (``res:
Response`` of ``import { Response } from 'express'``) answers a request too, whatever else it takes:
a service method a route hands the response to (``userService.handleSendTokenEmail(email,
commitment, force, res)``: zupass' login-code mail, a real bug of holdout13)."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem.routes.route import CONTROLLER
from vcx_hook.ecosystem.routes.route import Route
from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

_FOLDERS = frozenset(('controllers', 'controller', 'handlers'))
_FILE_NAME = lazyre.compile(r'(?i)[._-]?controllers?\.[cm]?[jt]s$')
_REQ = frozenset(('req', 'request', '_req'))
_RES = frozenset(('res', 'response', '_res'))
_VERBS = frozenset(('get', 'post', 'put', 'patch', 'delete'))
_NEST_CONTROLLER = lazyre.compile(rb'@Controller\s*\(')
_RESPONSE = lazyre.compile(r'^(?:Response|\w*Response)$')


def possible(file: File) -> bool:
    return file.memo('routes:controller-file', _possible) or file.memo('routes:response-file', _response_file)


def _possible(file: File) -> bool:
    if b'req' not in file.words and b'request' not in file.words:
        return False
    *folders, name = file.path.split('/')
    if _FOLDERS.isdisjoint(f.lower() for f in folders) and not _FILE_NAME.search(name):
        return False
    return _NEST_CONTROLLER.search(file.source) is None


def _response_file(file: File) -> bool:
    """The file imports Express's ``Response`` type (not a NestJS controller's)."""
    return b'Response' in file.words and packages.EXPRESS.encode() in file.words and bool(_response_types(file)) \
        and _NEST_CONTROLLER.search(file.source) is None


def _response_types(file: File) -> frozenset[str]:
    """The local names of Express's ``Response`` type (``import { Response as ExpressResponse } from 'express'``)."""
    return frozenset(name for name, b in bindings.imports(file).items()
                     if b.library == packages.EXPRESS and b.how == bindings.IMPORT and _RESPONSE.match(name))


def routes(file: File) -> list[Route]:
    return file.fact(_find_routes) if possible(file) else []


def _find_routes(file: File) -> list[Route]:
    found = []
    controller = file.memo('routes:controller-file', _possible)
    responses = frozenset() if controller else _response_types(file)
    for fn in _top_level_functions(file.tree.root):
        params = s.parameter_names(fn)
        name = _name(fn)
        if not name:
            continue
        if controller and (len(params) < 2 or params[0] not in _REQ or params[1] not in _RES):
            continue
        if not controller and not _takes(fn, responses):
            continue
        words = s.name_words(name)
        method = words[0].upper() if words and words[0] in _VERBS else ''
        rest = words[1:] if method else words
        found.append(Route(_where(fn), method, '/' + '-'.join(rest), (fn,), (), '', CONTROLLER))
    return found


def _takes(fn: Node, types: frozenset[str]) -> bool:
    """A parameter of ``fn`` is annotated with one of ``types`` (``res: Response``)."""
    for p in s.parameters(fn):
        annotation = p.child_by_field_name('type') if p.type in ('required_parameter', 'optional_parameter') else None
        named = annotation.named_children[0] if annotation is not None and annotation.named_children else None
        if named is not None and named.type == 'type_identifier' and s.text(named) in types:
            return True
    return False


def _top_level_functions(root: Node) -> list[Node]:
    """The functions the module defines at its top level: declared, bound to a name or an export,
    methods of its classes, values of the objects it binds or exports."""
    out: list[Node] = []
    for stmt in root.named_children:
        if stmt.type == 'export_statement':
            stmt = stmt.child_by_field_name('declaration') or stmt.child_by_field_name('value') or stmt
        values: list[Node] = []
        if stmt.type in ('lexical_declaration', 'variable_declaration'):
            values = [v for d in stmt.named_children if d.type == 'variable_declarator'
                      for v in (d.child_by_field_name('value'),) if v is not None]
        elif stmt.type == 'expression_statement' and stmt.named_children \
                and stmt.named_children[0].type == 'assignment_expression':
            right = stmt.named_children[0].child_by_field_name('right')
            values = [right] if right is not None else []
        else:
            values = [stmt]
        for value in values:
            value = s.unwrap(value)
            if value.type in s.FUNCTION_TYPES or value.type == 'function_declaration':
                out.append(value)
            elif value.type in ('class_declaration', 'class'):
                body = value.child_by_field_name('body')
                out.extend(m for m in (body.named_children if body is not None else ()) if m.type == 'method_definition')
            elif value.type == 'object':
                out.extend(m for m in value.named_children if m.type == 'method_definition')
                out.extend(s.unwrap(v) for p in value.named_children if p.type == 'pair'
                           for v in (p.child_by_field_name('value'),) if v is not None and s.unwrap(v).type in s.FUNCTION_TYPES)
    return out


def _holder(fn: Node) -> Node | None:
    parent = s.parent_of(fn)
    while parent is not None and parent.type in ('parenthesized_expression', 'as_expression', 'satisfies_expression'):
        parent = s.parent_of(parent)
    return parent


def _name(fn: Node) -> str:
    name = s.function_name(fn) or ''
    return name.rsplit('.', 1)[-1]


def _where(fn: Node) -> Node:
    """Where the question goes: the method, the ``key: function`` pair, the assignment or declaration."""
    holder = _holder(fn)
    if holder is not None and holder.type in ('pair', 'assignment_expression', 'variable_declarator'):
        return holder
    return fn
