"""`isms hooks install`: git pointed at the hooks/ folder, with the hook scripts isms ships written there
when they are missing (a user's own hook scripts are kept)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from isms.change import HookError
from isms.git.run import GitError
from isms.git.staging import Repository

HOOKS = ("pre-commit", "commit-msg")
HOOK_FILES = (*HOOKS, "isms-command")


def install(root: Path, force: bool = False) -> list[str]:
    """Point git at the hooks/ folder, writing the hook scripts there when they are missing."""
    repo = Repository.open(root)
    said: list[str] = []
    folder = repo.top / "hooks"
    folder.mkdir(exist_ok=True)
    for name in HOOK_FILES:
        target = folder / name
        content = shipped_hook(name)
        if not target.exists():
            target.write_bytes(content)
            if name in HOOKS:
                target.chmod(0o755)
            said.append(f"wrote hooks/{name}")
        elif target.read_bytes() != content:
            said.append(f"kept hooks/{name}: it differs from the one isms ships (yours is used)")
        if name in HOOKS and not os.access(target, os.X_OK):
            target.chmod(target.stat().st_mode | 0o111)
            said.append(f"made hooks/{name} executable")
    try:
        current = repo.git("config", "--get", "core.hooksPath").decode().strip()
    except GitError:
        current = ""
    if current == "hooks":
        said.append("core.hooksPath is already 'hooks': the isms hooks are installed")
        return said
    if current and not force:
        raise HookError(
            f"core.hooksPath is already '{current}' (another tool set it); run isms hooks install --force"
            " to use hooks/ instead, or call hooks/pre-commit and hooks/commit-msg from your own hooks"
        )
    hooks_dir = Path(repo.git("rev-parse", "--git-path", "hooks").decode().strip())
    hooks_dir = hooks_dir if hooks_dir.is_absolute() else repo.top / hooks_dir
    active = sorted(p.name for p in hooks_dir.glob("*") if p.is_file() and not p.name.endswith(".sample"))
    if active:
        said.append(f"note: {', '.join(active)} in {hooks_dir} will no longer run (git now reads hooks/)")
    repo.git("config", "core.hooksPath", "hooks")
    said.append("set core.hooksPath to 'hooks': commits now run hooks/pre-commit and hooks/commit-msg")
    return said


def shipped_hook(name: str) -> bytes:
    return (resources.files("isms") / "data" / "hooks" / name).read_bytes()
