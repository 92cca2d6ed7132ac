"""`python -m marsad.cli`."""

from marsad.cli import main

raise SystemExit(main())
