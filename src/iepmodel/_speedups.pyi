"""The fast writer's encoder, in C (optional; see `iepmodel._fastpath.CWriter`)."""

from typing import Any, Final

FORMAT: Final[int]

class Encoder:
    """Writes a model object as JSON bytes, following a description (see `CWriter`)."""

    def __init__(self, description: tuple[Any, ...]) -> None: ...
    def __call__(self, obj: object, /) -> bytes: ...
