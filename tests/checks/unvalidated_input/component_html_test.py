"""unvalidated-input/component_html: a record's field put unescaped into the `html` a design
system's macro renders as it is."""
from __future__ import annotations

import pytest

from vcx_hook.checks.unvalidated_input import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

SRC = """\
import { escapeHtml } from './utils';

export const blockedMessage = (date, session) => {
  const attendees = escapeHtml(session.attendees.join(', '));
  return {
    variant: 'success',
    html: `Visits are blocked on ${date} (${session.visitRoom}), <br>${attendees}`,
  };
};

export const orderRow = (label, order) => {
  const orderHtml = `<p class="govuk-body">${order.value}</p>`;
  return { key: { text: label }, value: { html: orderHtml } };
};

export const fixedMessage = (date, session) => ({
  html: `Blocked on ${date} (${escapeHtml(session.visitRoom)}), ref <b>${session.sessionReference}</b>`,
});

export const textRow = (label, order) => ({ key: { text: label }, value: { text: order.value } });
"""


def findings(packages: dict[str, str]) -> list[tuple[int, str]]:
    config = default_config()._replace(show='low', packages=packages)
    result = audit.audit(Target('server/routes/messages.js', SRC.encode(), None), config)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'design system' in f.message]


@pytest.mark.parametrize('package', ('govuk-frontend', '@ministryofjustice/frontend', 'nhsuk-frontend'))
def test_a_records_field_in_a_components_html_is_asked(package):
    assert findings({package: '^5.3.1'}) == [(7, 'low'), (12, 'low')]


def test_not_without_a_design_system():
    assert findings({'express': '^4'}) == []
