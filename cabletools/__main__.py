"""``python -m cabletools``: the same as the ``cabletools`` command."""
from cabletools.cli import main

raise SystemExit(main())
