"""Hypothesis profiles: ``ci`` (the default) runs the differential test 2,000 times.

``HYPOTHESIS_PROFILE=dev`` runs a tenth of that while working on the engine.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=2000)
settings.register_profile("dev", max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
