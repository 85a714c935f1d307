"""
Test support for code that uses iepmodel.

`iepmodel.testing.strategies` holds public Hypothesis strategies for every model class
and `~iepmodel.testing.strategies.plans` for whole plans. It needs the ``hypothesis``
extra (``pip install "iepmodel[hypothesis]"``); this package itself imports nothing
optional, so ``import iepmodel.testing`` works without it.

With the extra installed, the strategies are also registered for
``hypothesis.strategies.from_type`` through a ``hypothesis`` entry point: in a test,
``st.from_type(iepmodel.IEP)`` draws valid plans with no setup.
"""

from __future__ import annotations

__all__: list[str] = []
