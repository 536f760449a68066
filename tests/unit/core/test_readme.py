"""The README is the user's reference: keep it in step with the code."""

from __future__ import annotations

from isms.core.diagnostics import all_codes
from support.paths import REPOSITORY


def test_every_diagnostic_code_is_documented() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for code in all_codes():
        assert f"| `{code.name}` | {code.severity.value} |" in readme, code.name


def test_readme_commands_exist() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for script in ("scripts/quickstart", "scripts/test", "scripts/bench"):
        assert script in readme
        assert (REPOSITORY / script).exists()
