"""The functions a module exports, by the name an importer reaches them with: ``getUser`` (a
function, or a property of ``module.exports`` or ``exports``), ``userService.getUser`` (a function of
an exported object, a method of an exported class or of an exported instance, ``export const users =
new Users()``), ``default`` and ``default.getUser`` (the default export, also ``module.exports``
read through an ES default import). Read for ``ecosystem.helper_effects``."""
from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

CLASS_TYPES = frozenset(('class_declaration', 'class', 'abstract_class_declaration'))


def functions(file: File) -> Iterator[tuple[str, Node]]:
    top_values = _top_level_values(file)
    classes = {s.text(c.child_by_field_name('name')): c for c in _top_level(file, CLASS_TYPES)
               if c.child_by_field_name('name') is not None}
    for top in file.tree.root.named_children:
        if top.type == 'export_statement':
            default = any(c.type == 'default' for c in top.children)
            decl = top.child_by_field_name('declaration') or top.child_by_field_name('value')
            if decl is not None:
                for name, value in _declared(decl):
                    yield from _exported_value('default' if default else name, value, top_values, classes)
                    if default and name != 'default':
                        yield from _exported_value(name, value, top_values, classes)
                continue
            clause = next((c for c in top.named_children if c.type == 'export_clause'), None)
            if clause is None or top.child_by_field_name('source') is not None:
                continue
            for spec in clause.named_children:
                name = spec.child_by_field_name('name')
                alias = spec.child_by_field_name('alias') or name
                value = top_values.get(s.text(name)) if name is not None else None
                if value is not None and alias is not None:
                    yield from _exported_value(s.text(alias), value, top_values, classes)
        elif top.type == 'expression_statement':
            yield from _common_js(top, top_values, classes)


class ReExport(NamedTuple):
    specifier: str  # the module re-exported from: './SubscriptionRepository'
    name: str  # its export: 'default', 'activate'; '*' for all of them
    exported: str  # the name this module gives it ('*' for all, under their own names)


def re_exports(file: File) -> list[ReExport]:
    """``export { default as SubscriptionRepository } from './SubscriptionRepository'``,
    ``export * from './users'``: what a barrel module (an ``index.ts``) hands on from another."""
    out = []
    for top in file.tree.root.named_children:
        source = top.child_by_field_name('source') if top.type == 'export_statement' else None
        spec = s.string_value(source) if source is not None else None
        if spec is None:
            continue
        clause = next((c for c in top.named_children if c.type == 'export_clause'), None)
        if clause is None:
            if not any(c.type == 'namespace_export' for c in top.named_children):
                out.append(ReExport(spec, '*', '*'))
            continue
        for item in clause.named_children:
            name = item.child_by_field_name('name')
            alias = item.child_by_field_name('alias') or name
            if name is not None and alias is not None:
                out.append(ReExport(spec, s.text(name), s.text(alias)))
    return out


def _common_js(top: Node, values: dict[str, Node], classes: dict[str, Node]) -> Iterator[tuple[str, Node]]:
    """``module.exports = {...}``, ``module.exports = fn``, ``exports.f = fn``, ``module.exports.f = fn``."""
    expr = top.named_children[0] if top.named_children else None
    if expr is None or expr.type != 'assignment_expression':
        return
    left, right = expr.child_by_field_name('left'), expr.child_by_field_name('right')
    if left is None or right is None:
        return
    path = s.dotted(left)
    if path == 'module.exports':
        value = s.unwrap(right)
        if value.type == 'object':
            for name, v in _members(value):
                yield from _exported_value(name, v, values, classes)
                yield from _exported_value(f'default.{name}', v, values, classes)
        else:
            yield from _exported_value('default', value, values, classes)
            for name, v in _instance_methods(value, values, classes):
                yield name, v
    elif path.startswith(('exports.', 'module.exports.')) and path.count('.') == path.startswith('module.') + 1:
        yield from _exported_value(path.rsplit('.', 1)[1], s.unwrap(right), values, classes)


def _exported_value(name: str, value: Node, values: dict[str, Node], classes: dict[str, Node]) -> Iterator[tuple[str, Node]]:
    value = s.unwrap(value)
    if value.type in ('identifier', 'shorthand_property_identifier') and s.text(value) in values:
        target = values[s.text(value)]
        if target.type in CLASS_TYPES:
            yield from class_methods(name, target)
            return
        value = s.unwrap(target)
    if value.type in s.FUNCTION_TYPES or value.type == 'function_declaration':
        yield name, value
    elif value.type in CLASS_TYPES:
        yield from class_methods(name, value)
    elif value.type == 'object':
        for key, v in _members(value):
            v = s.unwrap(v)
            if v.type in ('identifier', 'shorthand_property_identifier') and s.text(v) in values:
                v = s.unwrap(values[s.text(v)])
            if v.type in s.FUNCTION_TYPES or v.type in ('function_declaration', 'method_definition'):
                yield f'{name}.{key}', v
    elif value.type == 'new_expression':
        for method, fn in _instance_methods(value, values, classes):
            yield f'{name}.{method}', fn


def _instance_methods(value: Node, values: dict[str, Node], classes: dict[str, Node]) -> Iterator[tuple[str, Node]]:
    """The methods of ``new C()`` for a class ``C`` of the module."""
    if value.type != 'new_expression':
        return
    ctor = value.child_by_field_name('constructor')
    cls = classes.get(s.text(ctor)) if ctor is not None else None
    if cls is not None:
        for name, fn in class_methods('', cls):
            yield name.lstrip('.'), fn


def class_methods(name: str, cls: Node) -> Iterator[tuple[str, Node]]:
    body = cls.child_by_field_name('body')
    for member in body.named_children if body is not None else ():
        if member.type == 'method_definition':
            method = s.text(member.child_by_field_name('name'))
            if method != 'constructor':
                yield f'{name}.{method}', member


def _members(obj: Node) -> Iterator[tuple[str, Node]]:
    for member in obj.named_children:
        if member.type == 'shorthand_property_identifier':
            yield s.text(member), member
        elif member.type == 'pair':
            key, value = member.child_by_field_name('key'), member.child_by_field_name('value')
            if key is not None and value is not None and key.type in ('property_identifier', 'string'):
                yield (s.string_value(key) or '') if key.type == 'string' else s.text(key), value
        elif member.type == 'method_definition':
            yield s.text(member.child_by_field_name('name')), member


def _declared(decl: Node) -> Iterator[tuple[str, Node]]:
    """The names an exported declaration binds and their values (``export const a = ...``,
    ``export function f``, ``export class C``, ``export default <expression>``)."""
    if decl.type in ('lexical_declaration', 'variable_declaration'):
        for d in decl.named_children:
            name, value = d.child_by_field_name('name'), d.child_by_field_name('value')
            if d.type == 'variable_declarator' and name is not None and value is not None and name.type == 'identifier':
                yield s.text(name), value
    elif decl.type in ('function_declaration', 'generator_function_declaration', *CLASS_TYPES):
        name = decl.child_by_field_name('name')
        yield (s.text(name) if name is not None else 'default'), decl
    else:
        yield 'default', decl


def _top_level(file: File, types: frozenset[str]) -> Iterator[Node]:
    for node in s.top_level(file.tree.root):
        if node.type in types:
            yield node


def _top_level_values(file: File) -> dict[str, Node]:
    """Name -> the function, class or value a top-level declaration binds."""
    out: dict[str, Node] = {}
    for node in s.top_level(file.tree.root):
        for name, value in _declared(node) if node.type != 'expression_statement' else ():
            if name != 'default':
                out.setdefault(name, value)
    return out


def top_level_functions(file: File) -> dict[str, Node]:
    return {name: s.unwrap(v) for name, v in _top_level_values(file).items()
            if s.unwrap(v).type in s.FUNCTION_TYPES or s.unwrap(v).type == 'function_declaration'}
