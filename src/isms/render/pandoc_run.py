"""Running pandoc: bounded in time and memory, its failures as RenderError naming the source line,
the Markdown dialect it reads, and the tool versions every cached output is keyed by.

Both the renderer of one job (render/engine.py) and the converter of the manual's parts
(render/parts.py) run pandoc through here.
"""

from __future__ import annotations

import os
import re
import subprocess
from functools import lru_cache

from isms.core.errors import IsmsError
from isms.core.settings import RenderLimits

# pandoc's Markdown read the way the site reads it (site/dialect.py): a list may follow a paragraph
# without a blank line, so may a heading or a quote, and a line break between two East Asian wide
# characters adds no space. Without citations: "ping @chenhao" in a document is text, not a citation
# that fails the whole PDF for want of a bibliography (the site shows it as text too).
# How Markdown becomes Typst and a form's DOCX, on the command line and through pandoc's batch
# interface alike (render/parts.py), which reads 80 columns: a pipe table's column widths then come out
# the same either way.
TYPST_OPTIONS = ("--wrap=preserve", "--columns=80")
DOCX_OPTIONS = ("--columns=80",)
PANDOC_FORMAT = (
    "markdown+east_asian_line_breaks+lists_without_preceding_blankline"
    "-blank_before_header-blank_before_blockquote-auto_identifiers-citations-implicit_figures-raw_attribute-raw_tex"
)

DEFAULT_LIMITS = RenderLimits()


class RenderError(IsmsError):
    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line  # in the source file, when the failure can be placed; 0 otherwise


def run_pandoc(
    arguments: list[str],
    data: bytes,
    limits: RenderLimits = DEFAULT_LIMITS,
    environment: dict[str, str] | None = None,
    first_line: int = 0,
    named: tuple[str, str] | None = None,
) -> bytes:
    """pandoc run on `data` within the time and memory limits; a failure names the source line
    (counted from `first_line`) when pandoc names one. `named`: the name pandoc is started under
    and its executable, for a mode pandoc chooses by its name (render/parts.py)."""
    import pypandoc

    seconds = limits.seconds
    name, executable = named or (pypandoc.get_pandoc_path(), None)
    command = [name, *arguments, "+RTS", f"-M{limits.memory_mib}m", "-RTS"]
    try:
        done = subprocess.run(
            command,
            executable=executable,
            input=data,
            capture_output=True,
            timeout=seconds,
            env={**os.environ, **(environment or {})},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise RenderError(
            f"pandoc: stopped after {seconds:g} s (deeply nested brackets, lists or emphasis can make it"
            " run without end); simplify the text that nests deepest",
            first_line,
        ) from None
    except OSError as error:
        raise RenderError(f"pandoc: cannot run it ({error.strerror})") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace")
        if "Heap exhausted" in message or "heap overflow" in message:
            message = f"needed more than {limits.memory_mib} MiB of memory; simplify the text that nests deepest"
        found = re.search(r"line (\d+)", message)
        line = first_line + int(found[1]) - 1 if found and first_line else first_line
        raise RenderError(f"pandoc: {first_line_of(message)}", line)
    return done.stdout


@lru_cache(maxsize=1)
def tool_versions() -> str:
    import pypandoc
    import typst

    return f"pandoc {pypandoc.get_pandoc_version()}; typst-py {getattr(typst, '__version__', '?')}"


def first_line_of(message: str) -> str:
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    return " ".join(lines[:3])[:400] if lines else "unknown error"
