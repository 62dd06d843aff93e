"""The unique keys a project's Liquibase changelogs declare (a ``databaseChangeLog`` in XML, YAML or
JSON, in a file whose path names a changelog or Liquibase): a ``createTable``'s or ``addColumn``'s
column whose ``constraints`` say ``unique`` or ``primaryKey``, an ``addUniqueConstraint``, an
``addPrimaryKey``, a ``createIndex`` with ``unique``, the SQL of a ``sql`` change (``ecosystem.ddl``),
less what a later ``dropUniqueConstraint``, ``dropIndex``, ``dropColumn`` or ``dropTable`` removes.
Keyed like ``ecosystem.ddl``: the table's name, lower-cased, without its schema.  A constraint's name
alone (``uniqueConstraintName`` without ``unique="true"``) makes no key.
aphw-ddi-api's ``court.name`` and ``insurance_company.company_name`` are unique only in its XML
changelogs: a second create of one fails before the audit event it would send twice (bench/judged,
``uq:court-name-ukey-backs-check``); its ``police_force.name``, named but not unique, stays asked."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import NamedTuple
from typing import TYPE_CHECKING

from vcx_hook.ecosystem import ddl
from vcx_hook.lang import lazyre

if TYPE_CHECKING:
    import xml.etree.ElementTree as ElementTree

SUFFIXES = ('.xml', '.yaml', '.yml', '.json')
_PATH = lazyre.compile(r'(?i)changelog|liquibase')
_MARK = b'databaseChangeLog'


class Change(NamedTuple):
    """A unique key a changelog adds to ``table``, or (``dropped``) what it removes: the keys named
    ``name``, else those holding one of ``columns``, else (neither) every key of the table."""
    table: str
    columns: frozenset[str]
    name: str
    dropped: bool = False


def named(path: str) -> bool:
    """A path that names a changelog (``db/changelog/db.changelog-1.2.xml``, ``liquibase/init.yaml``)."""
    return path.endswith(SUFFIXES) and _PATH.search(path) is not None


def changelog(path: str, data: bytes) -> bool:
    """A file a changelog's path names whose text is a Liquibase ``databaseChangeLog``."""
    return named(path) and _MARK in data


def changes(path: str, data: bytes) -> list[Change]:
    """The key changes of one changelog file, in its order (nothing for one that does not parse)."""
    text = data.decode('utf-8', 'replace')
    out: list[Change] = []
    if path.endswith('.xml'):
        import xml.etree.ElementTree as ElementTree  # 4 ms to import: only for a project with XML changelogs

        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError:
            return []
        _walk(_xml(root), out)
    elif path.endswith('.json'):
        try:
            _walk(json.loads(text), out)
        except ValueError:
            return []
    else:
        _walk(_yaml(text), out)
    return out


def order(path: str) -> str:
    """``db.changelog-1.16.xml`` after ``db.changelog-1.2.xml``: paths by their numbers' values."""
    return re.sub(r'\d+', lambda m: m.group().zfill(12), path)


def uniques(found: Iterable[Change]) -> ddl.Uniques:
    """``table -> unique key sets`` left after every change, applied in the order given."""
    keys: dict[str, list[tuple[frozenset[str], str]]] = {}
    for change in found:
        held = keys.setdefault(change.table, [])
        if not change.dropped:
            held.append((change.columns, change.name))
        else:
            held[:] = [(cols, name) for cols, name in held if not _removes(change, cols, name)]
    return {table: tuple(dict.fromkeys(cols for cols, _ in held)) for table, held in keys.items() if held}


def _removes(drop: Change, columns: frozenset[str], name: str) -> bool:
    if drop.name:
        return drop.name == name
    return not drop.columns or not drop.columns.isdisjoint(columns)


def _walk(node: object, out: list[Change]) -> None:
    """Every change below ``node`` (a ``rollback`` undoes, it declares nothing)."""
    if isinstance(node, list):
        for item in node:
            _walk(item, out)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == 'rollback':
                continue
            if key in _CHANGES and isinstance(value, dict):
                out.extend(_CHANGES[key](ddl.bare(str(value.get('tableName') or '')), value))
            elif key == 'sql' and isinstance(value, (str, dict)):
                sql = value if isinstance(value, str) else str(value.get('sql') or value.get('text') or '')
                out.extend(Change(t, k, '') for t, keys in ddl.sql_uniques(sql).items() for k in keys)
            else:
                _walk(value, out)


def _true(value: object) -> bool:
    return str(value).strip().lower() == 'true'


def _name(value: object) -> str:
    return str(value or '').strip().strip('"`').lower()


def _names(value: object) -> frozenset[str]:
    return frozenset(n for n in (_name(p) for p in str(value or '').split(',')) if n)


def _columns(change: dict[str, object]) -> list[dict[str, object]]:
    listed = change.get('columns')
    items = listed if isinstance(listed, list) else []
    return [c['column'] if isinstance(c.get('column'), dict) else c for c in items if isinstance(c, dict)]


def _column_keys(table: str, change: dict[str, object]) -> list[Change]:
    out = []
    for column in _columns(change):
        constraints = column.get('constraints')
        said = constraints if isinstance(constraints, dict) else {}
        name = _name(column.get('name'))
        if name and _true(said.get('unique')):
            out.append(Change(table, frozenset((name,)), _name(said.get('uniqueConstraintName'))))
        if name and _true(said.get('primaryKey')):
            out.append(Change(table, frozenset((name,)), _name(said.get('primaryKeyName'))))
    return out


def _constraint(table: str, change: dict[str, object]) -> list[Change]:
    cols = _names(change.get('columnNames'))
    return [Change(table, cols, _name(change.get('constraintName')))] if cols else []


def _index(table: str, change: dict[str, object]) -> list[Change]:
    cols = frozenset(n for n in (_name(c.get('name')) for c in _columns(change)) if n)
    return [Change(table, cols, _name(change.get('indexName')))] if cols and _true(change.get('unique')) else []


_CHANGES = {
    'createTable': _column_keys,
    'addColumn': _column_keys,
    'addUniqueConstraint': _constraint,
    'addPrimaryKey': _constraint,
    'createIndex': _index,
    'dropUniqueConstraint': lambda t, c: [Change(t, frozenset(), _name(c.get('constraintName')) or '?', True)],
    'dropIndex': lambda t, c: [Change(t, frozenset(), _name(c.get('indexName')) or '?', True)],
    'dropColumn': lambda t, c: [Change(t, _names(c.get('columnName')) | frozenset(
        n for n in (_name(x.get('name')) for x in _columns(c)) if n), '', True)],
    'dropTable': lambda t, c: [Change(t, frozenset(), '', True)],
}


def _xml(element: ElementTree.Element) -> object:
    """An XML changelog as the YAML and JSON forms write it: a change's attributes are its keys, its
    ``column`` children its ``columns`` (each ``{'column': {...}}``), a column's ``constraints`` child
    its ``constraints``, a ``sql`` element's text its ``sql``."""
    tag = element.tag.rsplit('}', 1)[-1]
    if tag == 'sql':
        return {'sql': element.text or ''}
    if tag in _CHANGES:
        return {tag: _xml_change(element)}
    return [_xml(child) for child in element if child.tag.rsplit('}', 1)[-1] != 'rollback']


def _xml_change(element: ElementTree.Element) -> dict[str, object]:
    out: dict[str, object] = dict(element.attrib)
    columns: list[object] = []
    for child in element:
        tag = child.tag.rsplit('}', 1)[-1] if isinstance(child.tag, str) else ''
        if tag == 'column':
            columns.append({'column': _xml_change(child)})
        elif tag == 'constraints':
            out['constraints'] = dict(child.attrib)
    if columns:
        out['columns'] = columns
    return out


_KEY = lazyre.compile(r'''^((?:"[^"]*"|'[^']*'|[^:#'"])+?)\s*:(?:\s+(.*))?$''')


def _yaml(text: str) -> object:
    """Block YAML as nested dicts, lists and strings: the subset changelogs are written in (flat flow
    mappings, no flow lists, anchors or tags; a block scalar, ``|``, is read as its lines joined)."""
    lines = []
    for raw in text.splitlines():
        line = _uncommented(raw).rstrip()
        if line.strip() and line.strip() != '---':
            lines.append((len(line) - len(line.lstrip()), line.strip()))
    value, _ = _block(lines, 0, lines[0][0] if lines else 0)
    return value


def _uncommented(line: str) -> str:
    """The line up to a ``#`` that opens a comment (at its start or after a space, outside quotes)."""
    quote = ''
    for i, c in enumerate(line):
        if quote:
            quote = '' if c == quote else quote
        elif c in '\'"' and (i == 0 or line[i - 1] in ' :-[{,'):
            quote = c
        elif c == '#' and (i == 0 or line[i - 1] in ' \t'):
            return line[:i]
    return line


def _block(lines: list[tuple[int, str]], i: int, indent: int) -> tuple[object, int]:
    if i < len(lines) and lines[i][1].startswith('-') and lines[i][1][1:2] in ('', ' '):
        return _sequence(lines, i, indent)
    out: dict[str, object] = {}
    while i < len(lines) and lines[i][0] == indent and not _item(lines[i]):
        m = _KEY.match(lines[i][1])
        i += 1
        if m is None:
            continue
        key, value = str(_scalar(m.group(1))), m.group(2)
        if value in ('|', '|-', '|+', '>', '>-', '>+'):
            scalar = []
            while i < len(lines) and lines[i][0] > indent:
                scalar.append(lines[i][1])
                i += 1
            out[key] = '\n'.join(scalar)
        elif value:
            out[key] = _scalar(value)
        elif i < len(lines) and (lines[i][0] > indent or (lines[i][0] == indent and _item(lines[i]))):
            out[key], i = _block(lines, i, lines[i][0])
        else:
            out[key] = ''
    return out, i


def _sequence(lines: list[tuple[int, str]], i: int, indent: int) -> tuple[object, int]:
    out: list[object] = []
    while i < len(lines) and lines[i][0] == indent and _item(lines[i]):
        rest = lines[i][1][1:].lstrip()
        if not rest:
            i += 1
            if i < len(lines) and lines[i][0] > indent:
                value, i = _block(lines, i, lines[i][0])
                out.append(value)
            continue
        if _KEY.match(rest) is None:
            out.append(_scalar(rest))
            i += 1
            continue
        inner = indent + len(lines[i][1]) - len(rest)
        lines[i] = (inner, rest)  # `- key: value` opens a mapping at the key's column
        value, i = _block(lines, i, inner)
        out.append(value)
    return out, i


def _item(line: tuple[int, str]) -> bool:
    text = line[1]
    return text.startswith('-') and text[1:2] in ('', ' ')


def _scalar(text: str) -> object:
    """A quoted or plain scalar, or a flat flow mapping (``{unique: true, nullable: false}``)."""
    text = text.strip()
    if text.startswith('{') and text.endswith('}') and '{' not in text[1:-1]:
        pairs = (_KEY.match(p.strip()) for p in text[1:-1].split(','))
        return {str(_scalar(m.group(1))): _scalar(m.group(2) or '') for m in pairs if m is not None}
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in '\'"' else text
