"""ORM calls that make an entity in memory and write nothing, by the library their receiver is bound
to: TypeORM's ``repository.create(data)`` and ``manager.create(User, data)`` (and ``merge``), which
build an instance for a later ``save()``; MikroORM's ``em.create(User, data)`` and ``repo.create()``
(and ``assign``/``merge``), which a later ``flush()`` writes; Sequelize's ``Model.build()``. Where
Prisma, Sequelize, Mongoose, knex or a project's own repository say ``create``, it writes.

The receiver's binding decides (``this.toponymesRepository`` injected with ``@InjectRepository``,
``em: EntityManager`` of ``@mikro-orm/core``); where the file cannot say (a data source imported from
the project's own module: ``AppDataSource.getRepository(User).create()``), a file that imports
TypeORM or MikroORM and no store library whose ``create`` writes is taken at its word for a receiver
named for a repository or an entity manager.

And TypeORM's per-entity load hook (``load_hook``): a subscriber's ``afterLoad`` and an entity's
``@AfterLoad()`` method, which run once for every entity a query returns.
"""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.ecosystem import packages
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

TYPEORM = packages.TYPEORM
MIKRO_ORM = packages.MIKRO_ORM
# What builds an entity, by library (the binding's ``library``).
BUILDERS: dict[str, frozenset[str]] = {
    TYPEORM: frozenset(('create', 'merge')),
    MIKRO_ORM: frozenset(('create', 'assign', 'merge')),
    packages.SEQUELIZE: frozenset(('build',)),
}
# Store libraries whose `create` writes a row: a file importing one of them is not taken at its word.
_CREATE_WRITES = frozenset((
    packages.PRISMA, packages.SEQUELIZE, packages.MONGOOSE, packages.MONGODB, packages.KNEX, packages.DRIZZLE,
))
# Last words of a receiver that names a repository or an entity manager (`userRepository`, `em`,
# `entityManager`, `getRepository(User)`).
_HOLDERS = frozenset(('repository', 'repo', 'manager', 'em'))


def builds_only(call: Node, file: File) -> bool:
    """``call`` makes an entity in memory and writes nothing (see the module docstring)."""
    name = s.callee_name(call)
    if not any(name in methods for methods in BUILDERS.values()):
        return False
    receiver = s.receiver(call)
    if receiver is None:
        return False
    found = bindings.binding(file, receiver)
    if found is not None and found.kind == bindings.STORE:
        return name in BUILDERS.get(found.library, frozenset())
    if found is not None and found.kind not in (bindings.LOCAL, bindings.MODULE):
        return False
    library = _file_orm(file)
    return library is not None and name in BUILDERS[library] and _holder(receiver)


def _file_orm(file: File) -> str | None:
    """TypeORM or MikroORM, where the file imports one of them and no library whose create writes."""
    libraries = {b.library for b in bindings.imports(file).values() if b.kind == bindings.STORE}
    if libraries & _CREATE_WRITES:
        return None
    return TYPEORM if TYPEORM in libraries else MIKRO_ORM if MIKRO_ORM in libraries else None


def _holder(receiver: Node) -> bool:
    """``this.userRepository``, ``em``, ``dataSource.getRepository(User)``, ``queryRunner.manager``."""
    node = s.unwrap(receiver)
    if node.type == 'call_expression':
        return s.name_words(s.callee_name(node))[-1:] == ['repository']
    segments = s.path_segments(node)
    words = s.name_words(segments[-1]) if segments else []
    return bool(words) and words[-1] in _HOLDERS


# TypeORM's hook run once for every entity a query returns: a subscriber's `afterLoad(entity)` (a
# class decorated `@EventSubscriber()` or implementing `EntitySubscriberInterface`) and an entity's
# method decorated `@AfterLoad()`.
LOAD_HOOK = 'afterLoad'
LOAD_HOOK_DECORATOR = 'AfterLoad'
_SUBSCRIBER_MARKS = ('EventSubscriber', 'EntitySubscriberInterface')


def load_hook(method: Node, file: File) -> bool:
    """``method`` runs once per entity TypeORM loads (see ``LOAD_HOOK``), in a file importing TypeORM."""
    if method.type != 'method_definition' or _file_library(file) != TYPEORM:
        return False
    holder = s.parent_of(method)
    before = holder.named_children[:holder.named_children.index(method)] if holder is not None else []
    decorated = bool(before) and before[-1].type == 'decorator' and s.text(before[-1]).lstrip('@').startswith(
        LOAD_HOOK_DECORATOR)
    name = method.child_by_field_name('name')
    if decorated or name is None or s.text(name) != LOAD_HOOK:
        return decorated
    cls = next((a for a in s.ancestors(method) if a.type in ('class_declaration', 'class')), None)
    outer = s.parent_of(cls) if cls is not None else None
    heading = (s.text(outer) if outer is not None and outer.type == 'export_statement' else s.text(cls or method))
    body = cls.child_by_field_name('body') if cls is not None else None
    heading = heading[:heading.find(s.text(body))] if body is not None and s.text(body) in heading else heading
    return any(mark in heading for mark in _SUBSCRIBER_MARKS)


def _file_library(file: File) -> str | None:
    libraries = {b.library for b in bindings.imports(file).values() if b.kind == bindings.STORE}
    return TYPEORM if TYPEORM in libraries else None
