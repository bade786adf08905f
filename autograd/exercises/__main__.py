"""`python -m autograd.exercises workbook ...`: kept working, the workbook lives elsewhere now.

The workbook command moved to `autograd.workbook`; this entry point forwards to it, so
the command in older instructions still works.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run `autograd.workbook`'s command line with the same arguments."""
    from autograd.workbook import main as workbook_main  # here: only this command needs it

    return int(workbook_main(argv) or 0)


if __name__ == "__main__":
    sys.exit(main())
