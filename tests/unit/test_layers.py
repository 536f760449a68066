"""The layer rule of src/isms, read from the code itself: every module imports only its own layer and the
layers below it, no two modules import each other (directly or round a cycle), renderers never reach back
into git or the loader, every module says on its first line what it holds, and none outgrows 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "isms"
LAYERS = ("core", "read", "git", "resolve", "render", "site", "change", "host", "cli")
# Renderers are functions of the opened view (resolve.view): they never run git or the loader themselves.
_LOADER = ("isms.git", "isms.read.load", "isms.read.text", "isms.read.source_files", "isms.read.catalogs")
PURE = {"render": (*_LOADER, "isms.read.documents"), "site": (*_LOADER, "isms.read.documents")}
# Only host/ knows the site generator: the pages, their templates and the dialect move to another host as they are.
HOST_ONLY = ("mkdocs", "properdocs", "material")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The isms modules a module imports, anywhere in it (inside functions too)."""
    imported: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names if alias.name.startswith("isms."))
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("isms"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                imported.add(submodule if submodule in MODULES else node.module)
    imported.discard("isms")  # the package itself holds only __version__
    imported.discard(name)
    return imported


def _layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_every_module_belongs_to_a_layer() -> None:
    outside = [name for name in MODULES if _layer(name) is None and name not in ("isms", "isms.__main__")]
    assert outside == [], f"modules outside the layers {LAYERS}: {outside}"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_its_own_layer_or_below(name: str) -> None:
    own = _layer(name)
    if own is None:
        return
    upward = [target for target in sorted(GRAPH[name]) if (_layer(target) or 0) > own]
    assert upward == [], f"{name} ({LAYERS[own]}) imports a higher layer: {upward}"


@pytest.mark.parametrize("layer", sorted(PURE))
def test_renderers_are_pure(layer: str) -> None:
    reaching = sorted(
        f"{name} imports {target}"
        for name in MODULES
        if _layer(name) == LAYERS.index(layer)
        for target in GRAPH[name]
        if target.startswith(PURE[layer])
    )
    assert reaching == []


def _external(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_host_layer_knows_mkdocs() -> None:
    knowing = sorted(
        f"{name} imports {package}"
        for name, path in MODULES.items()
        if _layer(name) != LAYERS.index("host")
        for package in _external(path) & set(HOST_ONLY)
    )
    assert knowing == []


def test_no_import_cycles() -> None:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(GRAPH.get(name, ())):
            if target not in MODULES:
                continue
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(MODULES):
        if name not in state:
            visit(name, [name])
    assert cycles == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_first_line_says_what_the_module_holds(name: str) -> None:
    text = MODULES[name].read_text(encoding="utf-8")
    first = text.splitlines()[0] if text else ""
    assert first.startswith('"""') and len(first) > 20, f"{MODULES[name]} does not open with what it holds"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_size(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines; split it by concern"


def test_the_rule_sees_a_violation(tmp_path: Path) -> None:
    """The walker finds an upward import in code like ours (so an empty list above means something)."""
    probe = tmp_path / "probe.py"
    probe.write_text('"""probe"""\ndef f():\n    from isms.cli.common import EXIT_OK\n', encoding="utf-8")
    assert _imports("isms.core.probe", probe) == {"isms.cli.common"}
    assert _layer("isms.cli.common") == LAYERS.index("cli") > (_layer("isms.core.probe") or 0)
