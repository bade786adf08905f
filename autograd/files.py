"""Writing the course's small local files safely: the workbook copies and the progress file.

Both are written while a learner may be looking (JupyterLab reloads a notebook it has open; the
course map polls the progress file), so each write goes to a temporary file in the same
folder and is renamed over the target: a crash or a full disk leaves the old file whole, and
a symlink at the target is replaced rather than written through.

The temporary file is created private (0600); before the rename it is given the permissions
the target had, or for a new file the ones the user's umask gives (0644 under the usual umask
022), so that sharing a workbook folder with a group works as it does for any other file.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomically(target: Path, text: str) -> None:
    """Replace `target` by `text` (UTF-8, '\\n' line ends) in one rename; OSError on failure."""
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            if hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(target: Path) -> int:
    """The permission bits the written file should have (see the module docstring)."""
    try:
        info = target.lstat()  # lstat: a symlink is replaced, not followed, so not copied
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    except OSError:
        pass
    return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:  # Linux: no window in which another thread could create a file with umask 0
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def reason(error: OSError) -> str:
    """The OS's words for why a file operation failed ("permission denied"), for one-line errors."""
    return error.strerror.lower() if error.strerror else str(error) or type(error).__name__
