"""Spreading articles over processes: results in order, errors in their place."""

from __future__ import annotations

import concurrent.futures.process
import multiprocessing
import os
import time
from pathlib import Path

import pytest
from test_cli import run

from localize import batch
from localize.batch import ordered_map


def _square(number: int, _shared: object) -> int:
    if number == 13:
        raise ValueError("thirteen")
    return number * number


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_results_come_back_in_order_from_every_process(jobs: int) -> None:
    assert list(ordered_map(_square, list(range(12)), None, jobs)) == [n * n for n in range(12)]


def test_an_error_in_a_worker_is_raised_in_its_place() -> None:
    results = ordered_map(_square, list(range(16)), None, 2)
    assert [next(results) for _ in range(13)] == [n * n for n in range(13)]
    with pytest.raises(ValueError, match="thirteen"):
        next(results)


def _die_in_a_worker(number: int, parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)
    time.sleep(0.2)  # this process waits for the worker's first chunk rather than doing them all
    return number


def test_a_worker_that_dies_is_reported() -> None:
    with pytest.raises(RuntimeError, match="a worker process died"):
        list(ordered_map(_die_in_a_worker, list(range(10)), os.getpid(), 2))


def _pair(number: int, _shared: object) -> list[str]:
    text = f"value {number}"
    return [text, text]  # one object twice: its pickle refers back to it


def test_results_that_share_objects_come_back_whole() -> None:
    assert list(ordered_map(_pair, list(range(10)), None, 2)) == [[f"value {n}"] * 2 for n in range(10)]


def _with_shared(number: int, shared: dict[str, int]) -> tuple[int, int, int]:
    shared["seen"] = shared.get("seen", 0) + 1  # the worker's own copy, kept from item to item
    return number, shared["base"] + number, os.getpid()


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_what_is_shared_reaches_every_worker_once(method: str) -> None:
    """The shared object (the translation memory) is handed to each worker as it starts, not
    sent with every item, and with either way of starting workers."""
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    context = multiprocessing.get_context(method)
    results = list(ordered_map(_with_shared, list(range(8)), {"base": 100}, 3, context=context))
    assert [(n, value) for n, value, _ in results] == [(n, 100 + n) for n in range(8)]
    assert len({pid for _, _, pid in results} - {os.getpid()}) >= 1  # workers, besides this process


def _slow_in_this_process(number: int, parent: int) -> tuple[int, int]:
    if os.getpid() == parent:
        time.sleep(0.05)
    return number, os.getpid()


def test_this_process_works_from_the_back_while_it_waits() -> None:
    """The pool takes chunks from the front; this process takes them from the back while the
    chunk due next is not done, and hands its results on in their turn."""
    results = list(ordered_map(_slow_in_this_process, list(range(40)), os.getpid(), 2))
    assert [n for n, _ in results] == list(range(40))
    mine = [n for n, pid in results if pid == os.getpid()]
    assert mine and mine == list(range(40 - len(mine), 40))  # a run at the end
    assert len(mine) < 40


def _slow_then_fail(number: int, _shared: object) -> str:
    if number == 0:
        time.sleep(0.5)  # meanwhile the other worker does every other item
        raise ValueError("first")
    return str(number)


def test_results_done_but_never_handed_on_are_given_back() -> None:
    """An error stops the run; what other processes finished meanwhile goes to `unclaimed`
    (here this process, working from the back while the first item is slow)."""
    unclaimed: list[str] = []
    with pytest.raises(ValueError, match="first"):
        list(ordered_map(_slow_then_fail, list(range(6)), None, 2, unclaimed=unclaimed.append))
    assert sorted(unclaimed) == ["1", "2", "3", "4", "5"]


def test_progress_counts_every_item_in_order() -> None:
    seen: list[int] = []
    assert list(ordered_map(_pair, list(range(5)), None, 2, seen.append)) == [[f"value {n}"] * 2 for n in range(5)]
    assert seen == [1, 2, 3, 4, 5]


def test_a_two_job_build_under_spawn_is_the_same_as_under_fork(project: Path, monkeypatch) -> None:
    """Spawned workers import what they need and get everything in their job: same outputs."""
    assert run(project, "extract", "-j", "2")[0] == 0
    assert run(project, "build", "-j", "2")[0] == 0
    forked = {p.relative_to(project): p.read_bytes() for p in sorted((project / "build").rglob("*.md"))}
    for path in (project / "build").rglob("*.md"):
        path.unlink()
    monkeypatch.setattr(batch, "START_METHOD", "spawn")
    used: list[str] = []
    real = concurrent.futures.process.ProcessPoolExecutor

    def recording(workers: int, context: multiprocessing.context.BaseContext, **kwargs: object) -> object:
        used.append(context.get_start_method())
        return real(workers, context, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures.process, "ProcessPoolExecutor", recording)
    code, out, err = run(project, "build", "-j", "2")
    assert code == 0, err
    assert used == ["spawn"]
    assert {p.relative_to(project): p.read_bytes() for p in sorted((project / "build").rglob("*.md"))} == forked
    assert "2 written" in out


def test_chunks_keep_every_worker_busy_and_stay_small() -> None:
    """Sixteen chunks per worker for a small project, never more than CHUNK_AT_MOST items in one:
    a stopped run waits for each worker's current chunk only."""
    assert batch._chunk_size(357, 2) == 12
    assert batch._chunk_size(5, 2) == 1
    assert batch._chunk_size(35_700, 2) == batch.CHUNK_AT_MOST
