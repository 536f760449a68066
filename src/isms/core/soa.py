"""The Statement of Applicability as values: one decision per control, with its reasons and implementation."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Reason(str, Enum):
    RISK_TREATMENT = "risk-treatment"
    LEGAL = "legal"
    CONTRACTUAL = "contractual"
    BUSINESS = "business"


class Implementation(str, Enum):
    IMPLEMENTED = "implemented"
    PARTIAL = "partial"
    PLANNED = "planned"
    NOT_IMPLEMENTED = "not-implemented"


NOT_ASSESSED = "not-assessed"  # an SoA entry written `A.5.7: not-assessed` while the organization assesses


@dataclass(frozen=True)
class Decision:
    """The SoA decision on one control. Implementing documents are derived, never stored here."""

    control: str
    applicable: bool
    justification: str
    line: int
    reasons: tuple[Reason, ...] = ()
    status: Implementation | None = None
    assessed: bool = True  # False: `not-assessed`, neither applicable nor excluded yet

    @property
    def excluded(self) -> bool:
        return self.assessed and not self.applicable


@dataclass(frozen=True)
class Applicability:
    decisions: tuple[Decision, ...]
    _by_control: dict[str, Decision] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_control", {d.control: d for d in self.decisions})

    def decision(self, control: str) -> Decision | None:
        return self._by_control.get(control)
