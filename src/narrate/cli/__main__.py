"""`python -m narrate.cli`, as before the CLI became a package."""

from narrate.cli import main

main()
