"""localize: keep English Markdown articles and their translations in step through gettext."""

__version__ = "0.1.0"
