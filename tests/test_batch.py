"""Spreading articles over processes: results in order, errors in their place."""

from __future__ import annotations

import os

import pytest

from localize.batch import parallel_map


def _square(number: int) -> int:
    if number == 13:
        raise ValueError("thirteen")
    return number * number


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_order_from_every_process(jobs: int) -> None:
    assert list(parallel_map(_square, list(range(12)), jobs)) == [n * n for n in range(12)]


def test_an_error_in_a_worker_is_raised_in_its_place() -> None:
    results = parallel_map(_square, list(range(16)), 2)
    assert [next(results) for _ in range(13)] == [n * n for n in range(13)]
    with pytest.raises(ValueError, match="thirteen"):
        next(results)


def _die_on_last(number: int) -> int:
    if number == 9:
        os._exit(3)
    return number


def test_a_worker_that_dies_is_reported() -> None:
    with pytest.raises(RuntimeError, match="a worker process died"):
        list(parallel_map(_die_on_last, list(range(10)), 2))


def _pair(number: int) -> list[str]:
    text = f"value {number}"
    return [text, text]  # one object twice: its pickle refers back to it


def test_results_that_share_objects_come_back_whole() -> None:
    assert list(parallel_map(_pair, list(range(10)), 2)) == [[f"value {n}"] * 2 for n in range(10)]
