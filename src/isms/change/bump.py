"""`isms bump`: the next major or minor version written into a document's working copy, counted from the
committed version, before the commit that the pre-commit hook would otherwise stamp as a minor one."""

from __future__ import annotations

import stat
from pathlib import Path

from isms.change import HookError
from isms.core.files import replace_file
from isms.core.model import Document, Version
from isms.git.run import cat_files
from isms.git.staging import Repository, decode_utf8
from isms.read.frontmatter import FrontMatterError, apply, scalar_fields


def bump_version(root: Path, document: Document, major: bool) -> tuple[Version, Version]:
    """Write the next major or minor version after the committed one into the working copy."""
    repo = Repository.open(root)
    spec = f"HEAD:{repo.prefix}{document.path}"
    committed = decode_utf8(cat_files(repo.top, [spec]).get(spec)) if repo.head else None
    base = document.version
    if committed is not None:
        found = scalar_fields(document.path, committed)
        parsed = Version.parse(dict(found.values).get("version", "")) if found else None
        base = parsed or base
    new = base.next_major() if major else base.next_minor()
    if document.version == new:
        raise HookError(f"{document.id} is already at {new} in {document.path}")
    if document.version > base:
        raise HookError(
            f"{document.id} already has a new version {document.version} (committed: {base}) in {document.path};"
            f" edit the version line by hand to choose another"
        )
    path = repo.root / document.path
    try:
        text = path.read_bytes().decode("utf-8")
        stamped = apply(document.path, text, {"version": str(new)})
        replace_file(path, stamped.encode("utf-8"), stat.S_IMODE(path.stat().st_mode))
    except (OSError, UnicodeDecodeError, FrontMatterError) as error:
        raise HookError(f"{document.path}: {error}") from None
    return base, new
