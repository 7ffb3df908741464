"""Comparing eager and lazy snapshots, and the verification summary."""

from __future__ import annotations

from modsplit.lazy.render import verification_text
from modsplit.lazy.verify import Verification


def verification(eager: float, lazy: float) -> Verification:
    return Verification(
        package="pkg", differences=(), names_checked=3, classes_pickled=1,
        eager_seconds=(eager,), lazy_seconds=(lazy,),
    )


def test_faster_lazy_import_says_faster() -> None:
    text = verification_text(verification(0.010, 0.004))

    assert text.splitlines()[1] == (
        "import time (median of 1): eager 10.0 ms, lazy 4.0 ms (2.5x faster)"
    )


def test_slower_lazy_import_says_slower() -> None:
    text = verification_text(verification(0.008, 0.010))

    assert text.splitlines()[1] == (
        "import time (median of 1): eager 8.0 ms, lazy 10.0 ms (1.2x slower)"
    )


def test_equal_times_say_same() -> None:
    text = verification_text(verification(0.010, 0.010))

    assert text.splitlines()[1] == (
        "import time (median of 1): eager 10.0 ms, lazy 10.0 ms (the same)"
    )
