"""`python -m autograd.exercises workbook ...`: kept working, the workbook lives elsewhere now.

The workbook command moved to `autograd.workbook` (`python -m autograd.workbook`); this
entry point takes the old form, `workbook` followed by the options, and forwards the
options to it, so the command in older instructions still works.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

USAGE = "usage: python -m autograd.exercises workbook [options of python -m autograd.workbook]"


def main(argv: Sequence[str] | None = None) -> int:
    """Run `autograd.workbook`'s command line with the options after `workbook`."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] != "workbook":
        print(USAGE, file=sys.stderr)
        return 2
    from autograd.workbook import main as workbook_main  # here: only this command needs it

    return int(workbook_main(args[1:]) or 0)


if __name__ == "__main__":
    sys.exit(main())
