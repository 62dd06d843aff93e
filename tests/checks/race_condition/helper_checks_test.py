from __future__ import annotations

import pytest

from vcx_hook.checks.race_condition import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'x.js')


def method(body: str) -> str:
    return f'class Manager {{\n  async sync(id, data) {{\n{body}\n  }}\n}}\n'


@pytest.mark.parametrize(('src', 'expected'), [
    pytest.param(
        method('    const session = await this.db.getPlaybackSession(id);\n'
               '    if (!session) await this.db.insertEntity("session", data);'),
        ['x.js:4 `this.db.getPlaybackSession()` on line 3 looks the record up, `this.db.insertEntity()` makes it '
         'when it is missing; two calls can both find none'],
        id='the create names the record in a string'),
    pytest.param(
        method('    const ban = await this.tempbans.findExistingTempbanForUserId(id);\n'
               '    if (ban) {\n      await this.tempbans.updateExpiryTime(id, data);\n'
               '    } else {\n      await this.tempbans.addTempban(id, data);\n    }'),
        ['x.js:7 `…mpbans.findExistingTempbanForUserId()` on line 3 looks the record up, '
         '`this.tempbans.addTempban()` makes it when it is missing; two calls can both find none'],
        id='in the else of the found branch'),
    pytest.param(
        method('    const role = await roles.getRole(id);\n    if (role) return role;\n'
               '    return await roles.createRoleWithPermissions(data);'),
        ['x.js:5 `roles.getRole()` on line 3 looks the record up, `roles.createRoleWithPermissions()` makes it '
         'when it is missing; two calls can both find none'],
        id='after a branch that returns'),
    pytest.param(
        method('    const session = await this.db.getPlaybackSession(id);\n'
               '    if (!session) return;\n    await this.db.setSessionTime(id, data);'),
        [], id='written only where found'),
    pytest.param(
        method('    const user = await this.db.getUser(id);\n'
               '    if (!user) await this.db.insertAuditEvent("missing", data);'),
        [], id='another record made'),
    pytest.param(
        method('    const roles = await this.db.getRoles(id);\n'
               '    if (!roles.length) await this.db.createRole(data);'),
        [], id='a list looked up'),
    pytest.param(
        method('    const session = await this.db.getPlaybackSession(id);\n'
               '    try {\n      if (!session) await this.db.insertEntity("session", data);\n'
               '    } catch (err) {\n      if (err.code === "23505") return;\n      throw err;\n    }'),
        [], id='the unique violation handled'),
])
def test_helper_checks(src, expected):
    assert findings(src) == expected
