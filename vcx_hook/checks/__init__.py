"""The check families, registered in one explicit tuple (order is report order for ties)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from typing import Protocol
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the hook's parent process imports IDS without the syntax layer
    from vcx_hook.config import Config
    from vcx_hook.finding import Finding
    from vcx_hook.lang.scope import Scope


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


# The families by id, in report order for ties.  The parent process of a hook run needs only the
# ids (to read the configuration); the modules load when a check runs or its text is shown.
IDS: tuple[str, ...] = (
    'error-handling',
    'n-plus-one',
    'unvalidated-input',
    'missing-cleanup',
    'race-condition',
    'missing-rate-limit',
    'hardcoded-config',
    'unbounded-query',
    'missing-transaction',
    'timezone',
)
CHECKS: tuple[Check, ...]  # the modules, in IDS order (loaded on first use, see __getattr__)
BY_ID: dict[str, Check]


def _load() -> tuple[Check, ...]:
    """The one explicit registry of check modules (tests/checks_test.py holds it to IDS)."""
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

    return (
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


def __getattr__(name: str) -> object:
    if name in ('CHECKS', 'BY_ID'):
        checks = _load()
        globals().update(CHECKS=checks, BY_ID={c.ID: c for c in checks})
        return globals()[name]
    raise AttributeError(f'module {__name__!r} has no attribute {name!r}')
