"""One literal in one module (issue 16): the checks never spell an ORM method, a client or a package
that ``ecosystem/`` names; they ask its tables.  A literal of the checks that is such a name fails
here with its file and line, so the name is moved to the ``ecosystem/`` module that owns it."""
from __future__ import annotations

import ast
import os
import re

from vcx_hook.ecosystem import http
from vcx_hook.ecosystem import packages
from vcx_hook.ecosystem import services
from vcx_hook.ecosystem import stores

from tests.helpers import ROOT

CHECKS = os.path.join(ROOT, 'vcx_hook', 'checks')
# The stores' tables of methods, and the services' tables of clients and calls.
_STORE_TABLES = (
    stores.QUERY_METHODS, stores.WRITE_METHODS, stores.RECORD_WRITE_METHODS, stores.RECORD_SOURCES,
    stores.STALE_READS, stores.STATE_WRITES, stores.SINGLE_READS, stores.CREATE_METHODS, stores.MANY_READS,
    stores.TRANSACTION_CALLS, stores.SQL_TAGS, stores.MODEL_FACTORIES, stores.QUERY_CHAIN, stores.FIND_STOPS,
    stores.BUILDER_STOPS, stores.SELF_UPDATES, stores.RECORD_QUERIES, stores.OBJECTION_QUERIES,
    stores.MONGO_FILTER_METHODS, stores.SQL_TEXT_RUNNERS, stores.TABLE_BUILDERS, stores.STATIC_LOADERS,
)
_SERVICE_TABLES = (
    services.MAIL_CALLS, services.MAIL_CLIENTS, services.SMS_CALLS, services.SMS_CLIENTS, services.PUSH_CALLS,
    services.AUTH_CALLS, services.HASH_CLIENTS, services.PAYMENT_CLIENTS, services.PAYMENT_CALLS,
    services.AI_CLIENTS, services.AI_CALLS, services.RECIPIENT_SENDS,
)
# Words JavaScript or the platform owns, which a table lists among a library's names: `forEach` and
# `toString` (a cursor's, a builder's), `fetch` (the global every runtime has), and `request`, which
# the checks write for the request object.
_NOT_LIBRARY_NAMES = frozenset(('forEach', 'toString', 'fetch', 'request'))


def _specific(name: str) -> bool:
    """A method name no plain word spells: ``findMany``, ``$transaction`` (``find``, ``get`` are words)."""
    return re.search(r'[A-Z$]', name) is not None


def _names() -> frozenset[str]:
    found = {n for n, p in packages.BY_NAME.items() if p.kind in (packages.STORE, packages.HTTP)}
    found |= {p.library for p in packages.BY_NAME.values() if p.kind in (packages.STORE, packages.HTTP)}
    found |= {n for table in _STORE_TABLES for n in table if _specific(n)}
    found |= {stores.QUERY_BUILDER, stores.REPOSITORY_FACTORY, stores.OBJECTION, stores.OBJECTION_RELATED}
    found |= http.CLIENTS | http.FETCH_FUNCTIONS | http.LEGACY
    found |= {n for table in _SERVICE_TABLES for n in table}
    return frozenset(found - _NOT_LIBRARY_NAMES)


NAMES = _names()


def _python_literals(path: str) -> list[tuple[int, str]]:
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read(), path)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
            value = node.value.decode('utf-8', 'replace') if isinstance(node.value, bytes) else node.value
            out.append((node.lineno, value))
    return out


def _query_literals(path: str) -> list[tuple[int, str]]:
    """The names in a query's strings (``#eq?``, ``#match?`` patterns), comments left out."""
    out = []
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            if line.lstrip().startswith(';'):
                continue
            for string in re.findall(r'"((?:[^"\\]|\\.)*)"', line):
                out += [(number, word) for word in re.findall(r'[\w$@/.-]+', string)]
    return out


def _spelled() -> list[str]:
    found = []
    for dirpath, _, files in os.walk(CHECKS):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            if name.endswith('.py'):
                literals = _python_literals(path)
            elif name.endswith('.scm'):
                literals = _query_literals(path)
            else:
                continue
            rel = os.path.relpath(path, ROOT).replace(os.sep, '/')
            found += [f'{rel}:{line} {value!r}' for line, value in literals if value in NAMES]
    return sorted(found)


def test_the_checks_spell_no_name_the_ecosystem_tables_hold():
    assert _spelled() == []


def test_the_names_held_include_orm_methods_clients_and_packages():
    """The rule reaches what it is about: a sample of each kind is among the names looked for."""
    assert {'findMany', 'findAll', '$transaction', 'createQueryBuilder', 'getMany', 'objection'} <= NAMES
    assert {'axios', 'got', 'ky', 'superagent', 'prisma', 'knex', 'mongoose', '@prisma/client', 'ioredis'} <= NAMES
    assert {'nodemailer', 'twilio', 'sgMail', 'sendMail', 'stripe', 'openai', 'bcrypt'} <= NAMES
    assert {'find', 'get', 'create', 'fetch', 'request', 'forEach'}.isdisjoint(NAMES)
