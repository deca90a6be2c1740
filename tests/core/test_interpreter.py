"""The cyclic collector paused while an import runs, and back on after the last one ends."""

import gc
import threading

import pytest

from coachboard.core.interpreter import cyclic_collection_paused


def test_overlapping_imports_keep_the_collector_off_until_the_last_ends() -> None:
    assert gc.isenabled()
    first_inside = threading.Event()
    first_may_end = threading.Event()

    def first_import() -> None:
        with cyclic_collection_paused():
            first_inside.set()
            first_may_end.wait(timeout=10)

    thread = threading.Thread(target=first_import)
    thread.start()
    first_inside.wait(timeout=10)
    with cyclic_collection_paused():
        assert not gc.isenabled()
    assert not gc.isenabled(), "the first import is still running"
    first_may_end.set()
    thread.join(timeout=10)
    assert gc.isenabled()


def test_a_failing_import_turns_the_collector_back_on() -> None:
    with pytest.raises(ValueError), cyclic_collection_paused():
        raise ValueError("refused document")
    assert gc.isenabled()
