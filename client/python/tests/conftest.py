from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from stack import Stack


@pytest.fixture
def start_stack() -> Iterator[Callable[..., Stack]]:
    """Starts hitl-e2e-stack with the given arguments; ends it after the
    test if the test did not stop it."""
    stacks: list[Stack] = []

    def start(*args: str) -> Stack:
        stacks.append(Stack(*args))
        return stacks[-1]

    yield start
    for stack in stacks:
        stack.kill()
