"""NestJS providers whose method finds a record before making one: read one hop away, by class."""
from __future__ import annotations

from vcx_hook.ecosystem import found_or_made
from vcx_hook.lang.scope import File

PROVIDER = b'''import { Injectable } from '@nestjs/common';
@Injectable()
export class TagService {
  constructor(private readonly pool: Pool) {}
  async save(tag) {
    const found = await this.getByLabel(tag.label);
    if (found) return found;
    return this.pool.query('INSERT INTO tag (label) VALUES ($1)', [tag.label]);
  }
  async saveChecked(tag) {
    const found = await this.getByLabel(tag.label);
    if (found) { throw new Error('taken'); }
    return this.pool.query('INSERT INTO tag (label) VALUES ($1)', [tag.label]);
  }
  async rename(tag) {
    const found = await this.getByLabel(tag.label);
    if (found) { logger.info('renaming'); }
    return this.pool.query('UPDATE tag SET label = $1', [tag.label]);
  }
  async copy(tag) {
    const made = await this.pool.query('INSERT INTO tag (label) VALUES ($1)', [tag.label]);
    if (made) return made;
  }
}
'''


def _methods(data: bytes) -> dict[str, frozenset[str]]:
    return found_or_made.methods([File.unparsed('tag.service.ts', data, 'typescript')])


def test_a_method_returning_what_its_lookup_found_is_a_find_or_create():
    # save() returns the row it found; saveChecked() throws when it finds one (a create that refuses
    # a duplicate, still a create), rename() writes anyway, copy()'s first call is no lookup.
    assert _methods(PROVIDER) == {'TagService': frozenset({'save'})}


def test_a_file_declaring_no_injectable_provider_is_not_read():
    assert found_or_made.may_find_first(PROVIDER)
    assert not found_or_made.may_find_first(PROVIDER.replace(b'@Injectable()', b''))
