"""
Shared test configuration: the Hypothesis profiles.

``HYPOTHESIS_PROFILE`` picks one (default ``dev``):

- ``dev``: quick, for the edit-test loop;
- ``ci``: 200 examples a property, derandomized (the same examples on every run, so a
  failure reproduces), no deadline (CI machines are slow and noisy).

``pytest --hypothesis-profile=ci`` works too.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Drawing a whole plan takes a few milliseconds; that is the strategy's cost, not a
# problem with the test.
_SLOW_DATA = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile("dev", max_examples=25, deadline=None, suppress_health_check=_SLOW_DATA)
settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=_SLOW_DATA,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
