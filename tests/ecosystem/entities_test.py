from __future__ import annotations

import pytest

from tests.ecosystem.bindings_test import asked
from tests.ecosystem.bindings_test import file_of
from vcx_hook.ecosystem import entities

NEST = '''\
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { EntityManager } from '@mikro-orm/postgresql';
import { PrismaService } from './prisma.service';
export class S {
  constructor(
    @InjectRepository(User) private users: Repository<User>,
    private readonly em: EntityManager,
    private readonly prisma: PrismaService,
  ) {}
  async f() {
    this.users.create({ a: 1 });
    this.users.merge(u, { a: 1 });
    this.em.create(User, { a: 1 });
    this.users.save(u);
    this.prisma.user.create({ data: {} });
  }
}
'''
LOCAL_SOURCE = '''\
import { Repository } from 'typeorm';
import { AppDataSource } from './data-source';
export async function f() {
  AppDataSource.getRepository(User).create({ a: 1 });
  AppDataSource.manager.create(User, { a: 1 });
  AppDataSource.create({ a: 1 });
}
'''
SEQUELIZE = '''\
const { Sequelize } = require('sequelize');
const sequelize = new Sequelize(url);
const Line = sequelize.define('line', {});
import { Order } from './models';
import { orderRepository } from './repositories';
export async function f() {
  Order.build({ a: 1 });
  Line.build({ a: 1 });
  Order.create({ a: 1 });
  orderRepository.create({ a: 1 });
}
'''


@pytest.mark.parametrize(('src', 'expression', 'expected'), (
    pytest.param(NEST, 'this.users.create({ a: 1 })', True, id='typeorm-injected-repository'),
    pytest.param(NEST, 'this.users.merge(u, { a: 1 })', True, id='typeorm-merge'),
    pytest.param(NEST, 'this.em.create(User, { a: 1 })', True, id='mikro-orm-entity-manager'),
    pytest.param(NEST, 'this.users.save(u)', False, id='typeorm-save-writes'),
    pytest.param(NEST, 'this.prisma.user.create({ data: {} })', False, id='prisma-create-writes'),
    pytest.param(LOCAL_SOURCE, 'AppDataSource.getRepository(User).create({ a: 1 })', True, id='local-source-repository'),
    pytest.param(LOCAL_SOURCE, 'AppDataSource.manager.create(User, { a: 1 })', True, id='local-source-manager'),
    pytest.param(LOCAL_SOURCE, 'AppDataSource.create({ a: 1 })', False, id='not-named-for-a-repository'),
    pytest.param(SEQUELIZE, 'Line.build({ a: 1 })', True, id='sequelize-defined-model-build'),
    pytest.param(SEQUELIZE, 'Order.build({ a: 1 })', False, id='sequelize-model-of-a-local-module'),
    pytest.param(SEQUELIZE, 'Order.create({ a: 1 })', False, id='sequelize-create-writes'),
    pytest.param(SEQUELIZE, 'orderRepository.create({ a: 1 })', False, id='file-with-a-writing-create'),
))
def test_builds_only(src: str, expression: str, expected: bool) -> None:
    file = file_of(src)
    assert entities.builds_only(asked(file, expression), file) is expected
