"""A build step of the package, not part of it (tool.setuptools.cmdclass): the example ISMS goes into the wheel.

The example lives at the top of this repository (isms.yml, policies/ …), where it is also this
repository's own ISMS; `isms init --example` copies it out of the installed package. Copying it
at build time keeps a single copy in the repository.
"""

import shutil
from pathlib import Path

from setuptools.command.build_py import build_py

EXAMPLE = ("isms.yml", "mkdocs.yml", "policies", "records-templates", "docs")


class BuildWithExample(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "isms" / "data" / "example"
        for name in EXAMPLE:
            source = Path(name)
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)
            elif source.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
