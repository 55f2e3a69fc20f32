"""`python -m analyzer` runs the archgov CLI."""

from analyzer.cli import main

main()
