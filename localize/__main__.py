"""`python -m localize`."""

from .cli import main

main()
