"""Read many submitted files on several cores, handing each file's outcome back in the files' order.

Reading a file to text (``submission.read_raw_submission``) is per-file Python work, and a province sends
tens of thousands of one- or two-row files: one process keeps one core busy and leaves the others idle.
Past ``MIN_FILES`` files, worker processes read chunks of files while the calling process types,
validates and loads what they have read. Workers are started with "spawn" (polars' thread pool does not
survive a fork), which costs each a couple of seconds of imports, so a night's few dozen files are read
in-process as before. At most two chunks per worker are in flight: memory stays bounded whatever the
number of files. If a worker dies (a reader crashing the interpreter), the files not yet returned are
read in-process, as they would have been without workers.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from orchestration.ingest.landing_zone import LandingFile
from orchestration.ingest.readers import ReadLimits, UnreadableFileError
from orchestration.ingest.submission import FileRejected, RawSubmission, read_raw_submission
from schemas.template import OshReport

MIN_FILES = 200  # below this, starting workers costs more than it saves
CHUNK_FILES = 16  # files per task: one round trip between processes per chunk
DEFAULT_MAX_WORKERS = 4

Outcome = RawSubmission | UnreadableFileError | FileRejected | Exception


class ReadCrash(Exception):
    """An unexpected error raised while reading a file in a worker, carried back as text (the original
    exception may not survive pickling): its type's name, its message and the worker's traceback."""

    def __init__(self, kind: str, message: str, worker_traceback: str):
        super().__init__(kind, message, worker_traceback)
        self.kind, self.message, self.worker_traceback = kind, message, worker_traceback

    def __str__(self) -> str:
        return self.message


def read_workers(environ: Mapping[str, str] | None = None) -> int:
    """How many processes read files: ``OSH_READ_WORKERS`` (1 reads in-process only), else one per CPU,
    at most DEFAULT_MAX_WORKERS."""
    environ = os.environ if environ is None else environ
    text = (environ.get("OSH_READ_WORKERS") or "").strip()
    if not text:
        return min(os.cpu_count() or 1, DEFAULT_MAX_WORKERS)
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"OSH_READ_WORKERS must be a whole number of at least 1, not {text!r}")
    return int(text)


def read_one(landing: LandingFile, model: type[OshReport], limits: ReadLimits) -> Outcome:
    """The file read to text, or why it could not be: the exception is returned, never raised."""
    try:
        return read_raw_submission(landing, model, limits)
    except (UnreadableFileError, FileRejected) as problem:
        return problem
    except Exception as crash:  # a reader bug on one file must not stop the others
        return crash


def _read_chunk(chunk: Sequence[LandingFile], model: type[OshReport], limits: ReadLimits) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for landing in chunk:
        outcome = read_one(landing, model, limits)
        if isinstance(outcome, Exception) and not isinstance(outcome, (UnreadableFileError, FileRejected)):
            outcome = ReadCrash(type(outcome).__name__, str(outcome), "".join(traceback.format_exception(outcome)))
        outcomes.append(outcome)
    return outcomes


def read_files(
    files: Sequence[LandingFile], model: type[OshReport], limits: ReadLimits, workers: int
) -> Iterator[tuple[LandingFile, Outcome]]:
    """Each file with its outcome, in the order given."""
    if workers <= 1 or len(files) < MIN_FILES:
        for landing in files:
            yield landing, read_one(landing, model, limits)
        return
    chunks = iter([files[i:i + CHUNK_FILES] for i in range(0, len(files), CHUNK_FILES)])
    in_flight: deque[tuple[Sequence[LandingFile], Future]] = deque()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            for chunk in itertools.islice(chunks, 2 * workers):
                in_flight.append((chunk, pool.submit(_read_chunk, chunk, model, limits)))
            while in_flight:
                chunk, future = in_flight[0]
                outcomes = future.result()
                in_flight.popleft()
                following = next(chunks, None)
                if following is not None:
                    in_flight.append((following, pool.submit(_read_chunk, following, model, limits)))
                yield from zip(chunk, outcomes, strict=True)
        except BrokenProcessPool:
            pass
    # only after a worker died: what was not handed back is read here
    for chunk in itertools.chain((chunk for chunk, _ in in_flight), chunks):
        for landing in chunk:
            yield landing, read_one(landing, model, limits)
