#!/usr/bin/env python3
"""Benchmark: `isms check` on synthetic ISMS repositories of 100 and 1,000 documents.

Usage: .venv/bin/python scripts/bench_check.py [SIZES...]
Prints, per size, the best of five in-process runs and one cold run as a separate process
(which includes interpreter start-up and imports).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic ISMS writer

from isms.resolve.check import check
from support.synthetic import write_corpus


def main(sizes: list[int]) -> None:
    print(f"{'documents':>9}  {'in-process (best of 5)':>22}  {'cold CLI process':>16}  result")
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "isms"
            write_corpus(root, size)
            timings = []
            result = None
            for _ in range(5):
                start = time.perf_counter()
                result = check(root, date(2026, 11, 21), strict=True)
                timings.append(time.perf_counter() - start)
            assert result is not None and result.ok, [d.format() for d in result.diagnostics][:5]
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "isms.cli", "--root", str(root), "check", "--strict", "--today", "2026-11-21"],
                check=True,
                capture_output=True,
            )
            cold = time.perf_counter() - start
            count = len(result.index.documents) if result.index else 0
            print(f"{count:>9}  {min(timings):>20.3f} s  {cold:>14.3f} s  0 errors, 0 warnings")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [100, 1000])
