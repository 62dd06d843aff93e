from __future__ import annotations

import pytest

from vcx_hook.ecosystem import paths


