"""Read and type many submitted files on several cores, handing them back chunk by chunk in the files' order.

Reading a file to text (``submission.read_raw_submission``) is per-file Python work, and a province sends tens
of thousands of one- or two-row files: one process keeps one core busy and leaves the others idle. Typing the
text (``submission.type_submissions``) costs about 8 µs a row, most of the work on a national extract of
100,000 rows. Files are read and typed a chunk at a time (``read_chunk``: each template version's files of the
chunk typed at once, as typing has a fixed cost of ~16 ms a call), then handed to the caller's ``finish`` step
in the same process (the pipeline validates there); past ``MIN_FILES`` files, worker processes do it while the
calling process writes what they have handed back. Workers are started with
"spawn" (polars' thread pool does not survive a fork), which costs each a couple of seconds of imports, so a
night's few dozen files are read in-process as before, and the workers are kept from one family to the next
until the run ends. Two chunks per worker are in flight, more while the files in flight weigh less than
``IN_FLIGHT_BYTES`` (so that the workers read on while the calling process writes a batch): memory stays
bounded whatever the number of files. If a worker dies (a reader crashing the interpreter), the files not yet
returned are read in-process, as they would have been without workers.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import multiprocessing
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

import polars as pl

from orchestration.ingest.landing_zone import LandingFile
from orchestration.ingest.readers import ReadLimits, UnreadableFileError
from orchestration.ingest.submission import FileRejected, RawSubmission, read_raw_submission, type_submissions
from schemas.template import OshReport

MIN_FILES = 200  # below this, starting workers costs more than it saves
# Files per task: one round trip between processes, one typing and one validation call per template version, per
# chunk, each with a fixed cost (typing 2,000 one-row summaries: 2.45 s in chunks of 16 files, 0.74 s in chunks of
# 64, 0.25 s at once; a pandera validation call costs some 50-100 ms however few its rows). 4,000 small province
# files read, typed and checked in one process: 18.3 s in chunks of 256, 15.1 s of 1,024 (validation 3.3 s -> 1.6 s);
# a family of 20,000 such files is still some twenty chunks for two workers.
CHUNK_FILES = 1024
# ... or fewer, once a chunk's files weigh this much (a national extract is ~10 MB: a full chunk of them would
# hold GBs of rows in flight); a file bigger than this is a chunk of its own.
CHUNK_BYTES = 8 * 1024 * 1024
# Beyond two chunks per worker, more are handed out while the files in flight (submitted, not yet taken back)
# weigh less than this: the workers keep reading while the run's process writes a batch, where two chunks would
# leave them idle; big files stay two per worker.
IN_FLIGHT_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_WORKERS = 4


@dataclass(frozen=True)
class TypedRead:
    """A file read and typed: its rows are in its chunk's frame of its template version."""

    model: type[OshReport]  # the template version the file follows
    file_format: str
    rows: int
    period: str  # its folder's, else the most frequent value of its period column
    sender: str | None  # the most frequent sender of its rows


class ReadCrash(Exception):
    """An unexpected error raised while reading or typing a file, carried back as text (the original
    exception may not survive pickling between processes): its type's name, its message, the traceback and
    the rows the file had been read to."""

    def __init__(self, kind: str, message: str, worker_traceback: str, rows_read: int = 0):
        super().__init__(kind, message, worker_traceback, rows_read)
        self.kind, self.message, self.worker_traceback = kind, message, worker_traceback
        self.rows_read = rows_read

    def __str__(self) -> str:
        return self.message

    @classmethod
    def of(cls, crash: Exception, rows_read: int = 0) -> ReadCrash:
        return cls(type(crash).__name__, str(crash), "".join(traceback.format_exception(crash)), rows_read)


Outcome = TypedRead | UnreadableFileError | FileRejected | ReadCrash


@dataclass
class ReadChunk:
    """Consecutive files, each with its outcome, and the typed rows of those read, by template version (each
    frame as ``type_submissions`` makes it: the files' rows in order, with all lineage columns); then what
    the caller's ``finish`` step made of them (``finished``) and the seconds it took, by stage."""

    outcomes: list[tuple[LandingFile, Outcome]] = field(default_factory=list)
    frames: dict[type[OshReport], pl.DataFrame] = field(default_factory=dict)
    finished: object = None
    seconds: dict[str, float] = field(default_factory=dict)
    process: int = 0  # the process that read it (os.getpid())


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


def read_one(
    landing: LandingFile, model: type[OshReport], limits: ReadLimits
) -> RawSubmission | UnreadableFileError | FileRejected | ReadCrash:
    """The file read to text, or why it could not be: the exception is returned, never raised."""
    try:
        return read_raw_submission(landing, model, limits)
    except (UnreadableFileError, FileRejected) as problem:
        return problem
    except Exception as crash:  # a reader bug on one file must not stop the others
        return ReadCrash.of(crash)


Finish = Callable[[ReadChunk], None]  # more work on a chunk, in the process that read it (picklable)


def read_chunk(chunk: Sequence[LandingFile], model: type[OshReport], limits: ReadLimits,
               finish: Finish | None = None) -> ReadChunk:
    """The files read to text one by one, then each template version's files typed at once; then
    ``finish``, if given (it may set ``finished``, add to ``seconds`` and drop ``frames``)."""
    read = [(landing, read_one(landing, model, limits)) for landing in chunk]
    by_version: dict[type[OshReport], list[RawSubmission]] = {}
    for _, outcome in read:
        if isinstance(outcome, RawSubmission):
            by_version.setdefault(outcome.model, []).append(outcome)
    typed: dict[int, Outcome] = {}  # by id() of the file's RawSubmission (two files may share a checksum)
    result = ReadChunk()
    for version, raws in by_version.items():
        batch = type_submissions(version, raws)
        if batch.frame.width:
            result.frames[version] = batch.frame
        for done in batch.accepted:
            typed[id(done.raw)] = TypedRead(version, done.raw.file_format, done.raw.rows, done.period, done.sender)
        for raw, problem in batch.rejected:
            typed[id(raw)] = problem if isinstance(problem, FileRejected) else ReadCrash.of(problem, raw.rows)
    result.outcomes = [
        (landing, typed[id(outcome)] if isinstance(outcome, RawSubmission) else outcome) for landing, outcome in read
    ]
    result.process = os.getpid()
    if finish is not None:
        finish(result)
    return result


def may_submit(chunks_in_flight: int, bytes_in_flight: int, workers: int, budget: int) -> bool:
    """Whether another chunk may be handed to the workers: always up to two per worker, then while the files
    in flight weigh less than ``budget`` bytes."""
    return chunks_in_flight < 2 * workers or bytes_in_flight < budget


def _size(landing: LandingFile) -> int:
    with contextlib.suppress(OSError):  # the reader will say what is wrong with the file
        return landing.path.lstat().st_size
    return 0


def chunked(files: Sequence[LandingFile], max_files: int = CHUNK_FILES,
            max_bytes: int = CHUNK_BYTES) -> Iterator[tuple[list[LandingFile], int]]:
    """The files in order, in chunks of at most ``max_files`` files and, past its first file, ``max_bytes``;
    each with its weight in bytes."""
    chunk: list[LandingFile] = []
    weight = 0
    for landing in files:
        size = _size(landing)
        if chunk and (len(chunk) == max_files or weight + size > max_bytes):
            yield chunk, weight
            chunk, weight = [], 0
        chunk.append(landing)
        weight += size
    if chunk:
        yield chunk, weight


POLARS_THREADS = "POLARS_MAX_THREADS"
_pool: ProcessPoolExecutor | None = None
_pool_key: tuple | None = None
_threads_before: str | None = None


def _shared_pool(workers: int) -> ProcessPoolExecutor:
    """The read workers of this process, started on first use and kept for the next family (a rebuild reads
    four families past MIN_FILES: each started its own workers, a couple of seconds of imports each time).
    New workers if the count or the OSH_ environment they started with changed."""
    global _pool, _pool_key, _threads_before
    key = (workers, tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("OSH_"))))
    if _pool is None or _pool_key != key:
        shutdown_read_workers()
        # One polars thread per worker: the workers already keep the cores busy, one file each, and a thread
        # pool's hand-offs cost more than a one-row file's parse (CSV 1.63 -> 1.36 ms a file). Workers start
        # as tasks arrive, with the environment of that moment: it holds the setting while the pool lives.
        _threads_before = os.environ.get(POLARS_THREADS)
        os.environ.setdefault(POLARS_THREADS, "1")
        _pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        _pool_key = key
    return _pool


def shutdown_read_workers() -> None:
    """Stop the read workers, if any (at the end of a run, and when the interpreter exits)."""
    global _pool, _pool_key
    pool, _pool, _pool_key = _pool, None, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
        if _threads_before is None:
            os.environ.pop(POLARS_THREADS, None)
        else:
            os.environ[POLARS_THREADS] = _threads_before


atexit.register(shutdown_read_workers)


def read_files(
    files: Sequence[LandingFile], model: type[OshReport], limits: ReadLimits, workers: int,
    finish: Finish | None = None,
) -> Iterator[ReadChunk]:
    """The files read and typed (and finished), chunk by chunk in the order given."""
    chunks = chunked(files, CHUNK_FILES, CHUNK_BYTES)  # read here, so that tests can set them
    if workers <= 1 or len(files) < MIN_FILES:
        for chunk, _ in chunks:
            yield read_chunk(chunk, model, limits, finish)
        return
    in_flight: deque[tuple[Sequence[LandingFile], Future, int]] = deque()
    weight = 0
    pool = _shared_pool(workers)
    try:
        while True:
            while may_submit(len(in_flight), weight, workers, IN_FLIGHT_BYTES):
                chunk, size = next(chunks, ([], 0))
                if not chunk:
                    break
                in_flight.append((chunk, pool.submit(read_chunk, chunk, model, limits, finish), size))
                weight += size
            if not in_flight:
                break
            _, future, size = in_flight[0]
            done = future.result()
            in_flight.popleft()
            weight -= size
            yield done
    except BrokenProcessPool:
        shutdown_read_workers()  # the next call starts fresh workers
    finally:
        for _, future, _ in in_flight:  # left unread when the caller stopped early (or the pool broke)
            future.cancel()
    # only after a worker died: what was not handed back is read here
    for chunk in itertools.chain((chunk for chunk, _, _ in in_flight), (chunk for chunk, _ in chunks)):
        yield read_chunk(chunk, model, limits, finish)
