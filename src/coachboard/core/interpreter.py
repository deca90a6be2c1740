"""How the server's Python process shares its one interpreter lock between a large import and
every other request (measured by bench/hostile.py: /healthz while a 19 MiB import runs)."""

import gc
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

# A thread waiting for the interpreter lock asks for it after this long. Python's 5 ms made
# each of a request's hand-offs (event loop, worker thread, back) wait up to 5 ms behind a
# thread checking an import: /healthz's p99 was 70-90 ms; with 1 ms, 25-45 ms.
SWITCH_INTERVAL_SECONDS = 0.001

_pausing = 0
_pausing_lock = threading.Lock()


def settle() -> None:
    """Once the app is built: its objects (modules, schemas, routes: most of the process's)
    out of the cyclic collector's sight, as they live as long as it does, so a full collection
    no longer walks them (it held every request up 130-200 ms at a time during an import);
    and the lock handed on sooner."""
    gc.freeze()
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)


@contextmanager
def cyclic_collection_paused() -> Iterator[None]:
    """No cyclic collection while the block runs (in any thread; blocks may overlap).

    An import allocates some 200,000 objects that live until it ends, none in a cycle: each
    allocation burst set off a full collection that walked them all while holding the lock,
    40-60 ms at a time for every other request. Reference counting still frees everything
    as usual; only cycles made meanwhile wait for the next collection after the block."""
    global _pausing
    with _pausing_lock:
        _pausing += 1
        gc.disable()
    try:
        yield
    finally:
        with _pausing_lock:
            _pausing -= 1
            if _pausing == 0:
                gc.enable()
