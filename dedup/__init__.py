"""dedup: turn raw, scraped article text into clean text, and say what was removed."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dedup")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0+unknown"
