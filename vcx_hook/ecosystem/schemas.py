"""The unique keys a project's database schema declares, read from its Prisma schema files
(``*.prisma``): each model's ``@id`` and ``@unique`` fields and its ``@@id([...])`` and
``@@unique([...])`` field lists.  The engine reads the files as the audited code sees them (the
index in hook mode) and hands the keys to the rules in ``Config.uniques``: a check-then-create on
a unique key is settled by the database (bench/judged ``race:unique-constraint``)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Mapping

from vcx_hook.ecosystem import stores

SUFFIX = '.prisma'
# The reads whose filter the schema can show to be a unique key: an audited file without one needs
# no schema read (the hook stays at its floor).
_READS = tuple(sorted(n.encode() for n in stores.FIRST_READS))

Uniques = Mapping[str, tuple[frozenset[str], ...]]  # model name, lower-cased -> its unique key sets

_MODEL = re.compile(r'^[ \t]*model[ \t]+(\w+)[ \t]*\{(.*?)^[ \t]*\}', re.M | re.S)
_BLOCK_KEY = re.compile(r'^@@(?:id|unique)\s*\(\s*(?:fields\s*:\s*)?\[([^\]]*)\]')
_FIELD_KEY = re.compile(r'@(?:id|unique)(?![\w.])')


def wanted(data: bytes) -> bool:
    """The file reads with a query whose filter a schema can show to be unique."""
    return any(r in data for r in _READS)


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
