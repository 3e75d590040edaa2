"""Parsing each document in an isolated worker process, under a time and a memory limit.

A pathological file (a PDF whose parser loops, a decompression bomb, a crash in native
code) must not hang or kill a run. :class:`ParsePool` keeps ``workers`` reusable child
processes (plain ``python`` subprocesses, so they also work inside daemonic processes such
as Dask workers) and sends them one document at a time over a pipe:

- each child caps its address space (``RLIMIT_AS``) at its size after start-up plus
  ``memory_mb`` plus an allowance for the parser libraries it loads on first use; an
  allocation beyond it fails inside the child (``MemoryError`` becomes a ``limit``
  failure, and the child is replaced);
- the parent kills a child whose document takes longer than ``doc_seconds`` (a ``limit``
  failure at stage ``parse``) and replaces it;
- a child that dies (a signal, ``os._exit``, the OOM killer) yields a ``crashed`` failure.

A child is also replaced after ``max_docs_per_worker`` documents, which bounds the memory
a long run can leak. :class:`InProcessPool` has the same interface without isolation.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import signal
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from concurrent.futures import Future
from datetime import datetime
from multiprocessing.connection import wait

from transforms.config import PipelineConfig
from transforms.errors import DocumentError, LimitExceededError, Stage
from transforms.pipeline import DocResult, process_item
from transforms.records import failure_record
from transforms.sources import SourceItem

_HEADER = struct.Struct(">Q")
STARTUP_SECONDS = 300.0  # the most a child may take to start
LIBRARY_ALLOWANCE_MB = 768  # address space for parser libraries loaded on first use


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _read_frame(fd: int) -> object | None:
    header = _read_exact(fd, _HEADER.size)
    if header is None:
        return None
    payload = _read_exact(fd, _HEADER.unpack(header)[0])
    return None if payload is None else pickle.loads(payload)


def _write_frame(fh, obj: object) -> None:
    payload = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    fh.write(_HEADER.pack(len(payload)) + payload)
    fh.flush()


def _vm_bytes() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        return None


def _die_with_parent() -> None:
    """Linux: get SIGKILL when the process (thread) that started this child dies."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # elsewhere the child exits at the end of its input instead


def worker_main(memory_mb: int, allowance_mb: int = LIBRARY_ALLOWANCE_MB) -> None:
    """The child's loop: read a task, convert, answer; exit at end of input."""
    import resource

    _die_with_parent()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, not into the protocol
    base = _vm_bytes()
    if base is not None and memory_mb > 0:
        # parser libraries are imported on first use (PyMuPDF maps ~400 MB): allow for them
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = base + (memory_mb + allowance_mb) * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    stdin = sys.stdin.buffer.fileno()
    _write_frame(out, ("ready", None))
    while True:
        task = _read_frame(stdin)
        if task is None:
            return
        item, config, created_at, strict = task
        try:
            result = process_item(item, config, created_at, strict=strict)
        except MemoryError:
            error = LimitExceededError("memory limit reached while reading the file")
            result = _failure((item, config, created_at, strict, None), error)
        except BaseException as exc:
            try:
                _write_frame(out, ("error", exc))
            except Exception:
                _write_frame(out, ("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
            continue
        _write_frame(out, ("ok", result))
        if result.failure is not None and "memory limit" in result.failure.message:
            return  # a heap that hit the cap is not worth keeping


_Task = tuple[SourceItem, PipelineConfig, datetime, bool, Future]


class _Worker:
    def __init__(self, memory_mb: int, allowance_mb: int) -> None:
        paths = [p for p in sys.path if p]
        code = (
            f"import sys; sys.path[:0] = {paths!r}; "
            "from transforms.isolation import worker_main; "
            f"worker_main({int(memory_mb)}, {int(allowance_mb)})"
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )
        self.fd = self.proc.stdout.fileno()
        self.task: _Task | None = None
        self.deadline = 0.0
        self.done = 0
        self.ready = False  # the clock of a document starts once the child has started

    def start(self, task: _Task, seconds: float) -> None:
        item, config, created_at, strict, _ = task
        self.task = task
        self.deadline = time.monotonic() + (seconds if self.ready else seconds + STARTUP_SECONDS)
        _write_frame(self.proc.stdin, (item, config, created_at, strict))

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def retire(self) -> None:
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


def _failure(task: _Task, error: DocumentError) -> DocResult:
    item, config, created_at, _, _ = task
    record = failure_record(
        item.uri, error, config, created_at, stage=error.stage, doc_id=item.doc_id
    )
    return DocResult(item.uri, failure=record)


def _death(returncode: int | None) -> str:
    if returncode is not None and returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"exit code {returncode}"


class ParsePool:
    """``workers`` isolated child processes converting documents; thread-safe ``submit``."""

    def __init__(
        self,
        workers: int,
        *,
        doc_seconds: float = 300.0,
        memory_mb: int = 2048,
        max_docs_per_worker: int = 500,
        library_allowance_mb: int = LIBRARY_ALLOWANCE_MB,
    ) -> None:
        self.size = max(1, workers)
        self.doc_seconds = doc_seconds
        self.memory_mb = memory_mb
        self.max_docs_per_worker = max_docs_per_worker
        self.library_allowance_mb = library_allowance_mb
        self._queue: deque[_Task] = deque()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        self._wake_r, self._wake_w = os.pipe()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="docmill-parse-pool", daemon=True)
        self._thread.start()

    def submit(
        self,
        item: SourceItem,
        config: PipelineConfig,
        created_at: datetime,
        *,
        strict: bool = False,
    ) -> Future:
        """Queue one document; the future resolves to its :class:`DocResult`."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError("the parse pool is closed")
            self._queue.append((item, config, created_at, strict, future))
        os.write(self._wake_w, b"x")
        return future

    def _assign(self) -> None:
        with self._lock:
            for worker in self._workers:
                if worker.task is None and self._queue:
                    worker.start(self._queue.popleft(), self.doc_seconds)
            while self._queue and len(self._workers) < self.size:
                worker = _Worker(self.memory_mb, self.library_allowance_mb)
                self._workers.append(worker)
                worker.start(self._queue.popleft(), self.doc_seconds)

    def _finish(self, worker: _Worker, result: DocResult | None, error=None) -> None:
        future = worker.task[4]
        worker.task = None
        worker.done += 1
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._workers.remove(worker)

    def _on_readable(self, worker: _Worker) -> None:
        try:
            message = _read_frame(worker.fd)
        except (OSError, pickle.UnpicklingError, EOFError):
            message = None
        if message is None:
            worker.proc.wait()
            error = DocumentError(
                f"the parser process died ({_death(worker.proc.returncode)})",
                stage=Stage.PARSE,
                reason="crashed",
            )
            self._finish(worker, _failure(worker.task, error))
            self._replace(worker)
            return
        kind, payload = message
        if kind == "ready":
            worker.ready = True
            worker.deadline = time.monotonic() + self.doc_seconds
            return
        spent = (
            kind == "ok"
            and payload.failure is not None
            and "memory limit" in payload.failure.message
        )
        self._finish(worker, payload if kind == "ok" else None, payload if kind != "ok" else None)
        if spent or worker.done >= self.max_docs_per_worker:
            worker.retire()
            with self._lock:
                self._workers.remove(worker)

    def _loop(self) -> None:
        try:
            self._serve()
        except BaseException as exc:  # a defect here must not leave callers waiting forever
            with self._lock:
                self._closed = True
                waiting = [t[4] for t in self._queue] + [
                    w.task[4] for w in self._workers if w.task is not None
                ]
                self._queue.clear()
            for future in waiting:
                if not future.done():
                    future.set_exception(RuntimeError(f"the parse pool failed: {exc!r}"))
            raise

    def _serve(self) -> None:
        while True:
            with self._lock:
                if self._closed:
                    return
            with contextlib.suppress(OSError):  # a pipe broke while sending: the child died
                self._assign()
            busy = [w for w in self._workers if w.task is not None]
            now = time.monotonic()
            timeout = max(0.0, min(w.deadline for w in busy) - now) if busy else None
            ready = wait([self._wake_r, *(w.fd for w in busy)], timeout)
            if self._wake_r in ready:
                os.read(self._wake_r, 4096)
            for worker in busy:
                if worker.fd in ready:
                    self._on_readable(worker)
                elif time.monotonic() >= worker.deadline:
                    error = LimitExceededError(
                        f"parsing took longer than the limit of {self.doc_seconds:g} s"
                    )
                    self._finish(worker, _failure(worker.task, error))
                    self._replace(worker)

    def close(self) -> None:
        """Stop the workers; documents still queued fail with an error."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            pending = list(self._queue)
            self._queue.clear()
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=10)
        for worker in list(self._workers):
            if worker.task is not None:
                worker.task[4].set_exception(RuntimeError("the parse pool was closed"))
                worker.task = None
            worker.retire()
        self._workers.clear()
        for task in pending:
            task[4].set_exception(RuntimeError("the parse pool was closed"))
        os.close(self._wake_r)
        os.close(self._wake_w)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InProcessPool:
    """The same interface as :class:`ParsePool`, converting in the calling thread."""

    size = 1

    def submit(
        self,
        item: SourceItem,
        config: PipelineConfig,
        created_at: datetime,
        *,
        strict: bool = False,
    ) -> Future:
        """Convert one document now; return a finished future."""
        future: Future = Future()
        try:
            future.set_result(process_item(item, config, created_at, strict=strict))
        except Exception as exc:
            future.set_exception(exc)
        return future

    def close(self) -> None:
        """Nothing to stop."""

    def __enter__(self) -> InProcessPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def make_pool(workers: int, config: PipelineConfig) -> ParsePool | InProcessPool:
    """A pool of ``workers`` isolated processes, or in-process conversion for 0."""
    if workers <= 0:
        return InProcessPool()
    limits = config.limits
    return ParsePool(workers, doc_seconds=limits.doc_seconds, memory_mb=limits.doc_memory_mb)


_SHARED: dict[tuple, ParsePool | InProcessPool] = {}
_SHARED_LOCK = threading.Lock()


def shared_pool(workers: int, config: PipelineConfig) -> ParsePool | InProcessPool:
    """A pool kept for the life of this process (for tasks on threads or Dask workers)."""
    key = (workers, config.limits.doc_seconds, config.limits.doc_memory_mb)
    with _SHARED_LOCK:
        pool = _SHARED.get(key)
        if pool is None:
            pool = _SHARED[key] = make_pool(workers, config)
        return pool


@atexit.register
def _close_shared() -> None:
    for pool in _SHARED.values():
        pool.close()
    _SHARED.clear()
