"""The check families, registered in one explicit tuple (order is report order for ties)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from typing import Protocol

from vcx_hook.checks import error_handling
from vcx_hook.checks import hardcoded_config
from vcx_hook.checks import missing_cleanup
from vcx_hook.checks import missing_rate_limit
from vcx_hook.checks import missing_transaction
from vcx_hook.checks import n_plus_one
from vcx_hook.checks import race_condition
from vcx_hook.checks import timezone
from vcx_hook.checks import unbounded_query
from vcx_hook.checks import unvalidated_input
from vcx_hook.config import Config
from vcx_hook.finding import Finding
from vcx_hook.scope import Scope


class Check(Protocol):
    """What every check module provides (modules satisfy this protocol structurally)."""

    @property
    def ID(self) -> str: ...  # noqa: N802
    @property
    def QUESTION(self) -> str: ...  # noqa: N802
    @property
    def SUMMARY(self) -> str: ...  # noqa: N802
    @property
    def QUERY(self) -> str: ...  # noqa: N802
    @property
    def NAMES(self) -> Mapping[str, frozenset[str]]: ...  # noqa: N802

    def relevant(self, scope: Scope, config: Config) -> bool:
        """A cheap pre-filter on the scope's bytes (``scope.text``): False only where ``run``
        could not report anything, so the family's query and regexes are skipped there."""

    def run(self, scope: Scope, config: Config) -> Iterator[Finding]: ...


CHECKS: tuple[Check, ...] = (
    error_handling,
    n_plus_one,
    unvalidated_input,
    missing_cleanup,
    race_condition,
    missing_rate_limit,
    hardcoded_config,
    unbounded_query,
    missing_transaction,
    timezone,
)
BY_ID: dict[str, Check] = {c.ID: c for c in CHECKS}
