"""Every ```python block of docs/python.md runs as written (each as a script of its own, in an
empty directory), so the guide cannot drift from the package; a block that the guide follows with
"prints" and a ```text block prints exactly that (results are the same bits on every SIMD level).
A block that imports an optional module this machine lacks (mpi4py, dask, matplotlib, torch) is
skipped, naming it."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "python.md"
BLOCKS = re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
PRINTS = dict(re.findall(r"```python\n(.*?)```\n\nprints\n\n```text\n(.*?)```",
                        GUIDE.read_text(encoding="utf-8"), re.S))
OPTIONAL = ("mpi4py", "dask", "matplotlib", "torch")


def first_line(block: str) -> str:
    return next(line for line in block.splitlines() if line.strip())


def test_the_guide_has_code_blocks():
    assert len(BLOCKS) >= 10
    assert PRINTS, "the quickstart shows what it prints"


@pytest.mark.parametrize("block", BLOCKS, ids=[f"{i}:{first_line(b)[:40]}" for i, b in enumerate(BLOCKS)])
def test_block_runs(block, tmp_path):
    for module in OPTIONAL:
        if re.search(rf"^(?:import|from) {module}\b", block, re.M):
            pytest.importorskip(module)
    script = tmp_path / "block.py"
    script.write_text(block, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300, env=dict(os.environ))
    assert proc.returncode == 0, f"{proc.stdout}\n{proc.stderr}"
    assert proc.stdout.strip(), "every block prints what it shows"
    if block in PRINTS:
        assert proc.stdout == PRINTS[block], "the guide shows another output than the block prints"
