"""Commands run by hand are scripts: an executable file, one that prompts its user in the
terminal, and the files of a CLI package (bench/judged: admin CLIs and release migrations)."""
from __future__ import annotations

import pytest

from vcx_hook.ecosystem.roles import role_of


@pytest.mark.parametrize(('path', 'data', 'role'), [
    pytest.param('releases/migrate-mongodb-to-ferretdb.mjs', b'#!/usr/bin/env node\nimport fs from "node:fs";\n',
                 'script', id='shebang'),
    pytest.param('admin/src/commands/delete-user.ts',
                 b"import chalk from 'chalk';\nimport inquirer from 'inquirer';\n", 'script', id='inquirer'),
    pytest.param('src/setup.ts', b"const prompts = require('prompts');\n", 'script', id='prompts-require'),
    pytest.param('src/init.ts', b"import { select } from '@inquirer/prompts';\n", 'script', id='inquirer-scope'),
    pytest.param('src/init.ts', b"import * as p from '@clack/prompts';\n", 'script', id='clack'),
    pytest.param('src/init.ts', b"const { prompt } = await import('enquirer');\n", 'script', id='dynamic-import'),
    pytest.param('packages/admin-cli/src/commandDefinitions.ts', b'', 'script', id='cli-package'),
    pytest.param('packages/cli/src/main.ts', b'', 'script', id='cli-folder'),
    pytest.param('src/client/users.ts', b'', 'production', id='client-folder'),
    pytest.param('src/server/prompts.ts', b"import { prompts } from './ai/prompts';\n", 'production',
                 id='local-prompts-module'),
    pytest.param('src/server/ai.ts', b"// #!/usr/bin/env node\nexport const x = 1;\n", 'production',
                 id='shebang-not-first'),
    pytest.param('src/tests/run.mjs', b'#!/usr/bin/env node\n', 'test', id='path-role-first'),
    pytest.param('src/server/a.ts', b'//' + b' ' * 1100 + b"\nimport inquirer from 'inquirer';\n", 'production',
                 id='prompt-after-first-kilobyte'),
])
def test_a_command_run_by_hand_is_a_script(path, data, role):
    assert role_of(path, data) == role
