"""Writing the course's small local files safely: the workbook copies and the progress file.

Both are written while a learner may be looking (JupyterLab reloads a notebook it has open; the
course map polls the progress file), so each write goes to a temporary file in the same
folder and is renamed over the target: a crash or a full disk leaves the old file whole, and
a symlink at the target is replaced rather than written through.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomically(target: Path, text: str) -> None:
    """Replace `target` by `text` (UTF-8, '\\n' line ends) in one rename; OSError on failure."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def reason(error: OSError) -> str:
    """The OS's words for why a file operation failed ("permission denied"), for one-line errors."""
    return error.strerror.lower() if error.strerror else str(error) or type(error).__name__
