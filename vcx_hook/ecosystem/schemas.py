"""The unique keys a project's database schema declares, read from its Prisma schema files
(``*.prisma``: each model's ``@id`` and ``@unique`` fields and its ``@@id([...])`` and
``@@unique([...])`` field lists) and its TypeORM entity files (``*.entity.ts``: a class's
``@Unique([...])`` and ``@Index([...], { unique: true })``, its ``@PrimaryColumn``,
``@PrimaryGeneratedColumn`` and ``@Column({ unique: true })`` properties) and its Mongoose models
(a file importing ``mongoose``: a schema's ``{ type: String, unique: true }`` fields and its
``schema.index({ ... }, { unique: true })`` keys, under the name ``mongoose.model('User', schema)``
gives them).  The engine reads the files as the audited code sees them (the
index in hook mode) and hands the keys to the rules in ``Config.uniques``: a check-then-create on
a unique key is settled by the database (bench/judged ``race:unique-constraint``).  The other
sources: SQL files and Knex migrations (``ecosystem.ddl``), Liquibase changelogs
(``ecosystem.changelogs``), Sequelize models and migrations (``ecosystem.sequelize_keys``)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import stores
from vcx_hook.lang import lazyre

SUFFIX = '.prisma'
ENTITY_SUFFIXES = ('.entity.ts', '.entity.js')
MODEL_SUFFIXES = ('.js', '.mjs', '.cjs', '.ts', '.mts', '.cts')
# The reads whose filter the schema can show to be a unique key: an audited file without one needs
# no schema read (the hook stays at its floor).
_READS = tuple(sorted(n.encode() for n in stores.FIRST_READS))
# An EntityManager read given its entity class first (`manager.findOne(Label, { where })`).
_ENTITY_READ = lazyre.compile(rb'\.(?:' + b'|'.join(sorted(n.encode() for n in stores.ENTITY_READS)) + rb')\(\s*[A-Z]\w*\s*,')

Uniques = Mapping[str, tuple[frozenset[str], ...]]  # model name, lower-cased -> its unique key sets

_MODEL = lazyre.compile(r'^[ \t]*model[ \t]+(\w+)[ \t]*\{(.*?)^[ \t]*\}', re.M | re.S)
_BLOCK_KEY = lazyre.compile(r'^@@(?:id|unique)\s*\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]')
_FIELD_KEY = lazyre.compile(r'@(?:id|unique)(?![\w.])')


# A project helper named for reading one model, given a filter object (`getUser({ email })`).
_MODEL_HELPER = lazyre.compile(r'^(?:get|find|fetch|load)([A-Z][a-z]\w*?)$')
_HELPER_VERBS = (b'get', b'find', b'fetch', b'load')
_HELPER_READ = lazyre.compile(rb'(?<![\w$.])(?:' + b'|'.join(_HELPER_VERBS) + rb')[A-Z][a-z]\w*\(\s*\{')


def wanted(data: bytes) -> bool:
    """The file reads with a query whose filter a Prisma schema can show to be unique (or through
    a helper named for the model: ``getUser({ email })``)."""
    return any(r in data for r in _READS) or lazyre.found_at(_HELPER_READ, _HELPER_VERBS, data)


def helper_model(name: str) -> str | None:
    """The model a helper named for reading one reads: ``User`` of ``getUser``, ``Team`` of ``findTeam``."""
    m = _MODEL_HELPER.match(name)
    return m.group(1) if m is not None else None


# A read of a model given its filter (`User.findOne({ email })`): what a Mongoose key can settle.
_MODEL_READ = lazyre.compile(
    rb'(?<![\w$.])[A-Z]\w*\.(?:' + b'|'.join(sorted(n.encode() for n in stores.ENTITY_READS)) + rb')\(\s*\{')
# Its call alone, searched first: a pattern that starts with a literal is scanned for.
_FILTERED_READ = lazyre.compile(rb'\.(?:' + b'|'.join(sorted(n.encode() for n in stores.ENTITY_READS)) + rb')\(\s*\{')


def wants_models(data: bytes) -> bool:
    """The file reads a model by a filter (``User.findOne({ email })``), which a Mongoose schema can
    show to be unique."""
    return b'.find' in data and _FILTERED_READ.search(data) is not None and _MODEL_READ.search(data) is not None


def maybe_models(data: bytes) -> bool:
    """The file may declare a Mongoose model with a unique key (worth parsing)."""
    return packages.MONGOOSE.encode() in data and b'unique' in data


def wants_entities(data: bytes) -> bool:
    """The file reads through TypeORM's EntityManager, naming the entity class."""
    return _ENTITY_READ.search(data) is not None


_CLASS = lazyre.compile(r'^[ \t]*(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?class[ \t]+(\w+)', re.M)
_CLASS_KEY = lazyre.compile(
    r'@(?:Unique\(\s*(?:[\'"][^\'"]*[\'"]\s*,\s*)?\[([^\]]*)\]'
    r'|Index\(\s*(?:[\'"][^\'"]*[\'"]\s*,\s*)?\[([^\]]*)\]\s*,\s*\{[^}]*\bunique\s*:\s*true)')
_PROPERTY_KEY = lazyre.compile(
    r'@(?:PrimaryGeneratedColumn|PrimaryColumn|ObjectIdColumn|Column\(\s*\{[^)]*?\bunique\s*:\s*true[^)]*\)'
    r'|Index\(\s*\{[^)]*?\bunique\s*:\s*true[^)]*\))'
    r'[^;{}]*?(?:@\w+(?:\([^)]*\))?\s*)*\b(?:readonly\s+)?(\w+)\s*[?!]?\s*:')


def typeorm_uniques(text: str) -> dict[str, tuple[frozenset[str], ...]]:
    """``entity class (lower-cased) -> unique key sets`` of one TypeORM entity file."""
    out: dict[str, tuple[frozenset[str], ...]] = {}
    classes = list(_CLASS.finditer(text))
    for i, cls in enumerate(classes):
        head = text[classes[i - 1].end() if i else 0:cls.start()]
        head = head[head.rfind('\n}') + 1:]  # the decorators above the class, not the body before
        if '@Entity' not in head:
            continue
        body = text[cls.end():classes[i + 1].start() if i + 1 < len(classes) else len(text)]
        keys = [frozenset(f.strip().strip('\'"') for f in (m.group(1) or m.group(2)).split(',') if f.strip())
                for m in _CLASS_KEY.finditer(head)]
        keys += [frozenset((m.group(1),)) for m in _PROPERTY_KEY.finditer(body)]
        out[cls.group(1).lower()] = tuple(dict.fromkeys(k for k in keys if k))
    return out


_IMPORTS_MONGOOSE = lazyre.compile(
    r'''(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)['"]''' + re.escape(packages.MONGOOSE) + r'''['"]''')
_SCHEMA = lazyre.compile(r'\b(\w+)\s*(?::[^=;\n{}()]*)?=\s*new\s+(?:\w+\.)?Schema\b(?:<[^>]*>)?\(\s*\{')
_UNIQUE_FIELD = lazyre.compile(r'''(\w+|'[^']*'|"[^"]*")\s*:\s*\{[^{}]*?\bunique\s*:\s*(?:true|\[\s*true)''')
_UNIQUE_INDEX = lazyre.compile(r'\b(\w+)\.index\(\s*\{([^{}]*)\}\s*,\s*\{[^{}]*\bunique\s*:\s*true')
_INDEX_FIELD = lazyre.compile(r'''(\w+|'[^']*'|"[^"]*")\s*:''')
_MODEL_CALL = lazyre.compile(
    r'''(?:\b(?:const|let|var)\s+(\w+)\s*(?::[^=;\n{}()]*)?=\s*)?(?<![\w$])(?:\w+\.)?model\s*(?:<[^>()]*>)?\(\s*['"](\w+)['"]\s*,\s*(\w+)''')


def _object_end(text: str, start: int) -> int:
    """The index after the brace closing the object opened at ``start`` (the end of ``text`` if none)."""
    depth = 0
    for i in range(start, len(text)):
        depth += {'{': 1, '}': -1}.get(text[i], 0)
        if depth == 0:
            return i + 1
    return len(text)


def mongoose_uniques(text: str) -> dict[str, tuple[frozenset[str], ...]]:
    """``model name (lower-cased; and the variable it is bound to) -> unique key sets`` of one file
    that imports ``mongoose``: a schema's top-level ``unique: true`` (``unique: [true, msg]``) fields
    and its ``schema.index({ a: 1, b: 1 }, { unique: true })`` keys, under ``model('User', schema)``."""
    if _IMPORTS_MONGOOSE.search(text) is None:
        return {}
    keys: dict[str, list[frozenset[str]]] = {}
    for schema in _SCHEMA.finditer(text):
        body = text[schema.end() - 1:_object_end(text, schema.end() - 1)]
        found = keys.setdefault(schema.group(1), [])
        for field in _UNIQUE_FIELD.finditer(body):
            if body.count('{', 0, field.start()) - body.count('}', 0, field.start()) == 1:  # a top-level path
                found.append(frozenset((field.group(1).strip('\'"'),)))
    for index in _UNIQUE_INDEX.finditer(text):
        fields = frozenset(f.group(1).strip('\'"') for f in _INDEX_FIELD.finditer(index.group(2)))
        if index.group(1) in keys and fields:
            keys[index.group(1)].append(fields)
    out: dict[str, tuple[frozenset[str], ...]] = {}
    for model in _MODEL_CALL.finditer(text):
        schema_keys = tuple(dict.fromkeys(keys.get(model.group(3), ())))
        if schema_keys:
            for name in {model.group(2), model.group(1) or model.group(2)}:
                out[name.lower()] = schema_keys
    return out


def prisma_uniques(text: str) -> dict[str, tuple[frozenset[str], ...]]:
    """``model name (lower-cased) -> unique key sets`` of one Prisma schema file."""
    out: dict[str, tuple[frozenset[str], ...]] = {}
    for model in _MODEL.finditer(text):
        keys: list[frozenset[str]] = []
        for raw in model.group(2).splitlines():
            line = raw.split('//', 1)[0].strip()
            block = _BLOCK_KEY.match(line)
            if block is not None:
                fields = frozenset(f.split('(', 1)[0].strip() for f in block.group(1).split(',') if f.strip())
                if fields:
                    keys.append(fields)
            elif not line.startswith('@@') and len(line.split()) >= 2 and _FIELD_KEY.search(line):
                keys.append(frozenset((line.split()[0],)))
        out[model.group(1).lower()] = tuple(keys)
    return out


def merged(schemas: Iterable[Uniques]) -> dict[str, tuple[frozenset[str], ...]]:
    """The keys of several schema files (a monorepo's, one per database): a model's key sets joined."""
    out: dict[str, tuple[frozenset[str], ...]] = {}
    for schema in schemas:
        for model, keys in schema.items():
            out[model] = tuple(dict.fromkeys((*out.get(model, ()), *keys)))
    return out


def unique_filter(model: str, fields: Iterable[str], uniques: Uniques) -> bool:
    """A filter on ``fields`` of ``model`` (its client accessor, ``customDomain``) names one record
    by a unique key: it holds every field of one of the model's unique key sets."""
    given = frozenset(fields)
    return any(key <= given for key in uniques.get(model.lower(), ()))
