"""`python -m localize`."""

from .cli import run

run()
