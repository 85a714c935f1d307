"""
Bulk reading without paying most of the time to the cyclic garbage collector.

Loading many plans and keeping them (``list(load_jsonl(path))``) allocates hundreds of
container objects a plan, none of them garbage. With the collector running as usual, it
walks that growing heap again and again (young collections every 700 allocations, older
ones as the heap grows), which measured more than a third of the loading time
(docs/performance.md). `paused_batches` reads a source's results in batches with the
collector paused for the duration of each batch only, and yields them with it running
again: each batch costs one young collection instead of dozens, and the older
collections come ten times less often. User code between two results never runs with the
collector paused, and a batch is small (`BATCH` results), so streaming stays flat in
memory.

Reading ahead is only right for a source whose lines are all at hand (a file on disk, a
list): for a pipe that delivers plans one by one, a batch would hold the first plans back
until more arrive. `iepmodel.iter_jsonl` decides which sources are batched; an interrupt
(Ctrl-C, or a signal the program turns into one) while a batch is read is raised at
once, not after the batch.

The collector is process-wide: while a batch is read, no thread collects cycles. A
collector paused by the program itself (``gc.disable()``) is left paused, and the results
then pass through one at a time (a batch costs some speed in the processor's caches,
which only fewer collections pay back).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Final, TypeVar

__all__ = ["BATCH", "paused_batches"]

T = TypeVar("T")

BATCH: Final = 32
"""How many results are read with the collector paused, at most, before one is yielded."""


def paused_batches(results: Iterator[T], size: int = BATCH) -> Iterator[T]:
    """
    Yield *results*, reading them *size* at a time with the cyclic collector paused.

    An exception raised while reading a batch is raised after the results read before it
    have been yielded, so nothing read is lost; an interrupt (`KeyboardInterrupt`,
    `SystemExit`, anything that is not an `Exception`) is raised at once, so the program
    stops without first handling up to a batch of results.

    >>> from iepmodel._bulk import paused_batches
    >>> list(paused_batches(iter(range(5)), size=2))
    [0, 1, 2, 3, 4]
    """
    while True:
        if not gc.isenabled():
            # Nothing to pause (the program paused it): pass the results through one by
            # one, which keeps each in the processor's cache while the caller uses it.
            for item in results:
                yield item
                if gc.isenabled():
                    break
            else:
                return
            continue
        batch: list[T] = []
        failure: Exception | None = None
        gc.disable()
        try:
            for item in results:
                batch.append(item)
                if len(batch) == size:
                    break
        except Exception as error:  # raised below, once the batch is yielded
            failure = error
        finally:
            gc.enable()
        yield from batch
        if failure is not None:
            raise failure
        if len(batch) < size:
            return
