"""Test settings shared by every module.

Property tests run derandomized by default, so that a run on a clean checkout (CI) passes or
fails the same way every time; ``HYPOTHESIS_PROFILE=explore`` draws fresh random examples,
for looking for new counter-examples on purpose."""

import os

from hypothesis import settings

settings.register_profile("deterministic", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))
