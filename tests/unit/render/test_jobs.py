"""A render job's key (isms.render.jobs): it covers what the output is made from, the renderer's code
included, so a cached PDF or form made by other code is not taken for this code's."""

from __future__ import annotations

import pytest

from isms.core.revisions import SourceCommit
from isms.render import jobs
from isms.render.jobs import make_job

SOURCE = SourceCommit("abc1234", 1_780_000_000)


def _key(markdown: str = "Text.\n", kind: str = "pdf") -> str:
    job = make_job("POL-001", "policies/POL-001.md", "POL-001.pdf", markdown, {"id": "POL-001"}, SOURCE,
                   False, "Policy", "1.0", "approved", kind=kind)  # fmt: skip
    return job.key


def test_the_key_is_the_same_for_the_same_inputs_and_code() -> None:
    assert _key() == _key()
    assert _key("Other text.\n") != _key()
    assert _key(kind="docx") != _key()


def test_the_key_changes_with_the_renderers_code(monkeypatch: pytest.MonkeyPatch) -> None:
    key = _key()
    monkeypatch.setattr(jobs, "_renderer", lambda: "another renderer")
    assert _key() != key
