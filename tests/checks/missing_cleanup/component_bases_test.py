"""A class component is one whose base is React's (or Preact's) Component, by what the file imports
it from: govuk-frontend's Component is another class, made once per page."""
from __future__ import annotations

import pytest

from vcx_hook.checks.missing_cleanup import ID

from tests import helpers

findings = helpers.bind(helpers.findings, ID, 'A.jsx')
METHOD = "class A extends {base} {{\n  handleOpen() {{\n    window.addEventListener('x', f);\n  }}\n}}\n"
ASKED = ["A.jsx:3 `window.addEventListener('x', f)` in class component `A` adds a listener that no "
         "`componentWillUnmount` undoes"]


@pytest.mark.parametrize(('header', 'base', 'expected'), [
    ("import React, { Component } from 'react';\n", 'Component', ASKED),
    ("const React = require('react');\n", 'React.Component', ASKED),
    ("import { PureComponent } from 'preact/compat';\n", 'PureComponent', ASKED),
    ("const { Component } = require('preact');\n", 'Component', ASKED),
    ('', 'Component', ASKED),  # a global React: asked, as before
    ("import { Component } from 'govuk-frontend';\n", 'Component', []),
    ("const { Component } = require('./base');\n", 'Component', []),
])
def test_a_class_component_is_known_by_its_import(header, base, expected):
    src = header + METHOD.format(base=base)
    shift = header.count('\n')
    assert findings(src) == [e.replace('A.jsx:3', f'A.jsx:{3 + shift}') for e in expected]
