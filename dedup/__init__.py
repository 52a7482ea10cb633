"""dedup: turn raw, scraped article text into clean text, and say what was removed."""

# The one place the version is written; pyproject.toml reads it from here. A literal, not
# importlib.metadata: every run (and every batch worker) would pay ~50 ms to look it up.
__version__ = "0.1.0"
