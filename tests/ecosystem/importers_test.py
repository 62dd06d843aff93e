from __future__ import annotations

import pytest

from vcx_hook.ecosystem import importers
from vcx_hook.ecosystem.importers import Importer


def test_imports_by_exported_name_and_whole_modules():
    source = b'''import React, { useState } from 'react';
import { expireText, capitalize as cap } from '@/lib/utils/client';
import type { Row } from './types';
import * as dates from '../dates';
const { parseExpiry, b: c } = require('./expiry');
export { helper } from './helper';
'''
    assert list(importers.imports(source)) == [
        ('*', 'react'), ('useState', 'react'), ('expireText', '@/lib/utils/client'), ('capitalize', '@/lib/utils/client'),
        ('Row', './types'), ('*', '../dates'), ('helper', './helper'), ('parseExpiry', './expiry'), ('b', './expiry'),
    ]


@pytest.mark.parametrize('source', (
    pytest.param(b"ximport a from 'b'; import c from 'd';export{e}from'f'", id='a keyword inside a word'),
    pytest.param(b"import a, * as b from 'c'\nimport import d from 'e'", id='a keyword twice'),
    pytest.param(b"const {a, b: c} =\n require('x'); let 9z = require('y'); q=require('z')", id='braces, digits'),
    pytest.param(b"a } = require('x'); x == require('y'); {a}{b} = require('z'); $1 = require('w')", id='no binding'),
))
def test_import_statements_and_bindings_are_the_patterns(source):
    """``imports`` tries its patterns only where they can start: what they find is what a search finds."""
    assert [m.groups() for m in importers._statements(source)] == [m.groups() for m in importers._IMPORT.finditer(source)]
    for pos in range(len(source) + 1):
        found, expected = importers._bound(source, pos), importers._BOUND.search(source[max(0, pos - 400):pos])
        assert (found and found.groups()) == (expected and expected.groups())


def test_index_keeps_sveltekit_lib_imports():
    found = importers.index([('src/routes/+page.svelte', b"import formatDate from '$lib/utils/formatDate';\n")],
                            frozenset(('src', 'routes', 'lib')), lambda path, source: True)
    assert found == {importers.WHOLE: (Importer('src/routes/+page.svelte', '$lib/utils/formatDate', True),)}


def test_index_keeps_workspace_packages_not_the_registrys():
    found = importers.index([('app/page.tsx', b"import { a } from 'shared';\nimport { b } from 'react';\n")],
                            frozenset(('app', 'shared')), lambda path, source: True)
    assert found == {'a': (Importer('app/page.tsx', 'shared', True),)}


@pytest.mark.parametrize(('importer', 'path', 'expected'), (
    pytest.param(Importer('src/components/Invites.tsx', '../lib/client', True), 'src/lib/client.ts', True, id='relative'),
    pytest.param(Importer('src/components/Invites.tsx', './client', True), 'src/lib/client.ts', False, id='relative elsewhere'),
    pytest.param(Importer('src/a/b.tsx', '../lib', True), 'src/lib/index.ts', True, id='folder index'),
    pytest.param(Importer('src/x.tsx', '@/lib/utils/client', True), 'src/lib/utils/client.ts', True, id='alias'),
    pytest.param(Importer('src/x.tsx', 'lib/utils/client', True), 'src/lib/utils/client.ts', True, id='base url'),
    pytest.param(Importer('src/x.tsx', 'lib/logger', True), 'src/lib/utils/client.ts', False, id='base url elsewhere'),
    pytest.param(Importer('src/routes/+page.svelte', '$lib/utils/functions/formatDate', True),
                 'apps/dashboard/src/lib/utils/functions/formatDate.ts', True, id='sveltekit lib alias'),
    pytest.param(Importer('src/routes/+page.svelte', '$lib/utils/formatDate', True),
                 'apps/dashboard/src/utils/formatDate.ts', False, id='sveltekit lib alias elsewhere'),
    pytest.param(Importer('web/x.ts', 'shared', True), 'packages/shared/dashboards/index.ts', True, id='workspace package'),
    pytest.param(Importer('web/x.ts', '@acme/shared', True), 'packages/shared/dates.ts', True, id='scoped workspace package'),
))
def test_may_resolve(importer, path, expected):
    assert importers.may_resolve(importer, path) is expected


def test_browser_only_needs_every_importer_in_the_browser():
    index = {
        'expiryLabel': (Importer('src/components/Row.tsx', '../lib/dates', True),),
        'receiptDate': (Importer('src/components/Row.tsx', '../lib/dates', True), Importer('src/mail.ts', './lib/dates', False)),
        '*': (Importer('src/jobs/report.ts', '../lib/other', False),),
    }
    assert importers.browser_only('src/lib/dates.ts', ('expiryLabel',), index)
    assert not importers.browser_only('src/lib/dates.ts', ('receiptDate',), index)
    assert not importers.browser_only('src/lib/dates.ts', ('unused',), index)


def test_a_barrel_passes_on_every_name_of_a_module():
    assert list(importers.imports(b"export * from './labels';\nexport * as all from './all';\n")) == [
        ('*', './all'), (importers.PASSED_ON, './labels')]


def test_index_knows_barrels_and_tests():
    found = importers.index([
        ('packages/utils/src/index.ts', b"export { relativeTime, b as c } from './relativeTime.ts';\n"),
        ('packages/utils/src/relativeTime.test.ts', b"import { relativeTime } from './relativeTime.ts';\n"),
    ], frozenset(('packages', 'utils', 'src')), lambda path, source: False)
    assert found == {
        'relativeTime': (Importer('packages/utils/src/index.ts', './relativeTime.ts', False, 'relativeTime'),
                         Importer('packages/utils/src/relativeTime.test.ts', './relativeTime.ts', False, '', True)),
        'b': (Importer('packages/utils/src/index.ts', './relativeTime.ts', False, 'c'),),
    }


_BARREL = {
    'relativeTime': (
        Importer('packages/utils/src/index.ts', './relativeTime.ts', False, 'relativeTime'),
        Importer('packages/utils/src/relativeTime.test.ts', './relativeTime.ts', False, '', True),
        Importer('apps/web/src/routes/keys.tsx', '@repo/utils', True),
    ),
    'formatCount': (Importer('packages/utils/src/index.ts', './format.ts', False, 'formatCount'),
                    Importer('apps/web/src/routes/keys.tsx', '@repo/utils', True),
                    Importer('apps/api/src/report.ts', '@repo/utils', False)),
    'orphan': (Importer('packages/utils/src/index.ts', './orphan.ts', False, 'orphan'),),
}


@pytest.mark.parametrize(('path', 'name', 'expected'), (
    pytest.param('packages/utils/src/relativeTime.ts', 'relativeTime', True, id='through a barrel, a test aside'),
    pytest.param('packages/utils/src/format.ts', 'formatCount', False, id='the barrel passes it to server code'),
    pytest.param('packages/utils/src/orphan.ts', 'orphan', False, id='nobody imports it from the barrel'),
))
def test_browser_only_follows_barrels_and_leaves_tests_out(path, name, expected):
    assert importers.browser_only(path, (name,), _BARREL) is expected


def test_loaded_by_browser_leaves_tests_out():
    index = {
        'a': (Importer('src/components/Row.tsx', '../lib/dates', True), Importer('src/lib/dates.test.ts', './dates', False, '', True)),
    }
    assert importers.loaded_by_browser('src/lib/dates.ts', index)
    only_tests = {'a': (Importer('src/lib/dates.test.ts', './dates', False, '', True),)}
    assert not importers.loaded_by_browser('src/lib/dates.ts', only_tests)
