from __future__ import annotations

import pytest

from tests.ecosystem.bindings_test import asked
from tests.ecosystem.bindings_test import file_of
from vcx_hook.ecosystem import data_access

SOURCE = '''\
import type { MetaStore } from '@acme/core';
interface Deps { meta: MetaStore; bus: Backplane }
export type Other = { users: UserRepository };
export async function f(meta: MetaStore, deps: Deps, other: Other, list: MetaStore[], loose) {
  meta.a;
  const { bus } = deps;
  bus.b;
  const { users } = other;
  users.c;
  list.d;
  loose.e;
  const { meta: renamed } = deps;
  renamed.f;
}
'''


@pytest.mark.parametrize('receiver, expected', [
    pytest.param('meta.a', 'MetaStore', id='own-annotation'),
    pytest.param('bus.b', 'Backplane', id='interface-field-destructured'),
    pytest.param('users.c', 'UserRepository', id='type-alias-field-destructured'),
    pytest.param('list.d', '', id='array-type-not-a-name'),
    pytest.param('loose.e', '', id='unannotated'),
    pytest.param('renamed.f', '', id='renamed-in-pattern-not-read'),
])
def test_declared_type(receiver, expected):
    file = file_of(SOURCE)
    member = asked(file, receiver)
    assert data_access.declared_type(file, member.child_by_field_name('object')) == expected


@pytest.mark.parametrize('receiver, expected', [
    pytest.param('meta.a', True, id='store-type'),
    pytest.param('users.c', True, id='repository-type'),
    pytest.param('bus.b', False, id='other-type'),
])
def test_typed_access(receiver, expected):
    file = file_of(SOURCE)
    member = asked(file, receiver)
    assert data_access.typed_access(file, member.child_by_field_name('object'), frozenset()) is expected
