"""The unique keys a Sequelize project declares: a model's attributes with ``unique: true`` (or a
name two of them share, ``unique: 'compositeIndex'``) or ``primaryKey: true`` and its options'
``indexes: [{ unique: true, fields: [...] }]``, in ``sequelize.define('court', {...}, {...})`` and
``Court.init({...}, { modelName, tableName })``; sequelize-typescript's ``@Unique``, ``@PrimaryKey``
and ``@Column({ unique: true })`` properties of a ``@Table`` class; and its migrations'
``queryInterface.createTable('courts', {...})``, ``addColumn``, ``addConstraint(t, { type: 'unique',
fields })`` and ``addIndex(t, fields, { unique: true })``.  Keyed like ``ecosystem.ddl``: the model's
and the table's names, lower-cased; attributes by the names the code writes (``companyName``)."""
from __future__ import annotations

import re

from vcx_hook.ecosystem import ddl
from vcx_hook.ecosystem import packages
from vcx_hook.lang import lazyre

# The packages of a Sequelize project (sequelize-typescript, @nestjs/sequelize): its models are read.
PACKAGES = frozenset(name for name, package in packages.BY_NAME.items() if package.library == packages.SEQUELIZE)

_NAME = r'''['"`](\w+)['"`]'''
_DEFINE = lazyre.compile(r'\.define\(\s*' + _NAME + r'\s*,\s*\{')
_INIT = lazyre.compile(r'\b([A-Z]\w*)\.init\(\s*\{')
_CREATE_TABLE = lazyre.compile(r'\.createTable\(\s*' + _NAME + r'\s*,\s*\{')
_ADD_COLUMN = lazyre.compile(r'\.addColumn\(\s*' + _NAME + r'\s*,\s*' + _NAME + r'\s*,\s*\{([^{}]*)\}')
_ADD_CONSTRAINT = lazyre.compile(r'\.addConstraint\(\s*' + _NAME + r'\s*,\s*(?:\[([^\]]*)\]\s*,\s*)?\{([^{}]*)\}')
_ADD_INDEX = lazyre.compile(r'\.addIndex\(\s*' + _NAME + r'\s*,\s*(?:\[([^\]]*)\]\s*,\s*)?\{([^{}]*)\}')
_ENTRY = lazyre.compile(r'''(?:^|[{,])\s*(\w+|'[^']*'|"[^"]*")\s*:\s*\{''')
_UNIQUE = lazyre.compile(r'''\bunique\s*:\s*(?:(true)|['"`]([^'"`]+)['"`]|\{)''')
_PRIMARY = lazyre.compile(r'\bprimaryKey\s*:\s*true')
_FIELDS = lazyre.compile(r'\bfields\s*:\s*\[([^\]]*)\]')
_OPTION = lazyre.compile(r'''\b(modelName|tableName)\s*:\s*['"`](\w+)['"`]''')
_INDEXES = lazyre.compile(r'\bindexes\s*:\s*\[')
_TABLE_CLASS = lazyre.compile(
    r'@Table\b(\([^)]*\))?\s*(?:@\w+(?:\([^)]*\))?\s*)*(?:export\s+)?(?:default\s+)?class\s+(\w+)')
_PROPERTY = lazyre.compile(
    r'((?:@\w+(?:\((?:[^()]|\([^()]*\))*\))?\s*)+)(?:declare\s+|readonly\s+|public\s+)*(\w+)\s*[?!]?\s*[:;=]')


def wanted(data: bytes) -> bool:
    """The file may declare a Sequelize model or migration with a key (worth parsing)."""
    return (b'define(' in data or b'.init(' in data or b'@Table' in data or b'queryInterface' in data
            or b'createTable(' in data) and (b'unique' in data or b'primaryKey' in data or b'@PrimaryKey' in data)


def uniques(text: str) -> ddl.Uniques:
    """``model or table (lower-cased) -> unique key sets`` of one file."""
    keys: dict[str, list[frozenset[str]]] = {}
    for m in _DEFINE.finditer(text):
        _model(text, m.end() - 1, [m.group(1)], keys)
    for m in _INIT.finditer(text):
        _model(text, m.end() - 1, [m.group(1)], keys)
    for m in _CREATE_TABLE.finditer(text):
        body = text[m.end() - 1:_end(text, m.end() - 1)]
        keys.setdefault(ddl.bare(m.group(1)), []).extend(_attribute_keys(body))
    for m in _ADD_COLUMN.finditer(text):
        if _UNIQUE.search(m.group(3)) or _PRIMARY.search(m.group(3)):
            keys.setdefault(ddl.bare(m.group(1)), []).append(frozenset((m.group(2),)))
    for m in (*_ADD_CONSTRAINT.finditer(text), *_ADD_INDEX.finditer(text)):
        options = m.group(3)
        if re.search(r'''\btype\s*:\s*['"`](?:unique|primary key)['"`]''', options, re.I) or re.search(
                r'\bunique\s*:\s*true', options):
            fields = _strings(m.group(2) or next((f.group(1) for f in _FIELDS.finditer(options)), ''))
            keys.setdefault(ddl.bare(m.group(1)), []).extend([fields] if fields else [])
    _decorated(text, keys)
    return {name: tuple(dict.fromkeys(k)) for name, k in keys.items() if k}


def _model(text: str, start: int, names: list[str], keys: dict[str, list[frozenset[str]]]) -> None:
    """The keys of a model whose attributes object opens at ``start``, under its name and the
    ``modelName``/``tableName`` of the options object after it."""
    end = _end(text, start)
    found = _attribute_keys(text[start:end])
    after = re.match(r'\s*,\s*\{', text[end:])
    if after is not None:
        options = text[end + after.end() - 1:_end(text, end + after.end() - 1)]
        depth_one = _top_level(options)
        names += [m.group(2) for m in _OPTION.finditer(depth_one)]
        for index in _INDEXES.finditer(options):
            listed = options[index.end() - 1:_end(text=options, start=index.end() - 1, pair='[]')]
            found += [f for f in (_strings(m.group(1)) for m in _unique_indexes(listed)) if f]
    for name in names:
        keys.setdefault(name.lower(), []).extend(found)


def _unique_indexes(listed: str) -> list[re.Match[str]]:
    return [f for obj in re.finditer(r'\{[^{}]*\}', listed) if re.search(r'\bunique\s*:\s*true', obj.group())
            for f in [_FIELDS.search(obj.group())] if f is not None]


def _attribute_keys(body: str) -> list[frozenset[str]]:
    """The keys of an attributes object: each top-level attribute whose own object says ``unique:
    true`` or ``primaryKey: true``, and the attributes one ``unique: 'name'`` joins."""
    out: list[frozenset[str]] = []
    named: dict[str, set[str]] = {}
    for entry in _ENTRY.finditer(body):
        if body.count('{', 0, entry.start() + 1) - body.count('}', 0, entry.start() + 1) != 1:
            continue  # not a top-level attribute
        name = entry.group(1).strip('\'"')
        value = _top_level(body[entry.end() - 1:_end(body, entry.end() - 1)])
        unique = _UNIQUE.search(value)
        if unique is not None and unique.group(2):
            named.setdefault(unique.group(2), set()).add(name)
        elif unique is not None or _PRIMARY.search(value):
            out.append(frozenset((name,)))
    return out + [frozenset(fields) for fields in named.values()]


def _decorated(text: str, keys: dict[str, list[frozenset[str]]]) -> None:
    """sequelize-typescript: a ``@Table`` class's ``@Unique``/``@PrimaryKey``/``@Column({ unique:
    true })`` properties (``@Unique('name')`` on several joins them), under the class's name and
    its ``tableName``."""
    classes = list(_TABLE_CLASS.finditer(text))
    for i, cls in enumerate(classes):
        body = text[cls.end():classes[i + 1].start() if i + 1 < len(classes) else len(text)]
        found: list[frozenset[str]] = []
        named: dict[str, set[str]] = {}
        for prop in _PROPERTY.finditer(body):
            decorators = prop.group(1)
            composite = re.search(r'''@Unique\(\s*['"`]([^'"`]+)['"`]''', decorators)
            if composite is not None:
                named.setdefault(composite.group(1), set()).add(prop.group(2))
            elif re.search(r'@(?:Unique|PrimaryKey)\b', decorators) or (
                    '@Column' in decorators and (_UNIQUE.search(decorators) or _PRIMARY.search(decorators))):
                found.append(frozenset((prop.group(2),)))
        found += [frozenset(f) for f in named.values()]
        table = _OPTION.search(cls.group(1) or '')
        for name in (cls.group(2), table.group(2) if table is not None else ''):
            if name:
                keys.setdefault(name.lower(), []).extend(found)


def _strings(text: str) -> frozenset[str]:
    return frozenset(re.findall(r'''['"`](\w+)['"`]''', text))


def _top_level(obj: str) -> str:
    """An object's text without what its nested objects and arrays hold."""
    out, depth = [], 0
    for c in obj:
        if c in '}]':
            depth -= 1
        if depth <= 1:
            out.append(c)
        if c in '{[':
            depth += 1
    return ''.join(out)


def _end(text: str, start: int, pair: str = '{}') -> int:
    """The index after the bracket closing the one opened at ``start`` (the end of ``text`` if none)."""
    depth = 0
    for i in range(start, len(text)):
        depth += {pair[0]: 1, pair[1]: -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    return len(text)
