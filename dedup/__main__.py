"""The `dedup` command (and `python -m dedup`). Kept light: Ctrl-C while the command's modules
are still being imported, before its signal handlers are in place, is one line and exit 130
as it is later on, not a traceback; nothing has been opened for writing yet."""

import sys


def run() -> None:
    try:
        from .cli import main

        main()
    except KeyboardInterrupt:  # (only before dedup.cli's handlers, which exit by themselves)
        sys.stderr.write("Interrupted (Ctrl-C): nothing was written.\n")
        raise SystemExit(130) from None


if __name__ == "__main__":
    run()
