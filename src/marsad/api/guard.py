"""What keeps the server answering: headers on every response, a JSON error (never a plain
text 500) for anything unexpected, and the heavy work (analyses, exports) off the event loop
and bounded, so that one large request never stalls the others."""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import IO, Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from marsad.errors import BusyError, InternalError, MarsadError, TimeLimitError

log = logging.getLogger("marsad.api")
T = TypeVar("T")

NOSNIFF = ("X-Content-Type-Options", "nosniff")


class Guard:
    """ASGI middleware (inside Starlette's own error middleware, around the routes and their
    exception handlers): adds ``X-Content-Type-Options: nosniff`` to every response (HTML,
    JSON, static files, errors), and turns any exception no handler answered
    into ``render_error(request, InternalError)``, logged with its traceback."""

    def __init__(
        self,
        app: ASGIApp,
        render_error: Callable[[Request, MarsadError], Response],
    ) -> None:
        self.app = app
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                MutableHeaders(scope=message).setdefault(*NOSNIFF)
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception as exc:
            log.exception("unexpected error on %s %s", scope.get("method"), path)
            if started:  # half a response is out: nothing left to answer with
                raise
            error = InternalError(
                f"an unexpected error ({type(exc).__name__}) stopped this request; "
                "it is logged on the server"
            )
            try:
                response = self.render_error(Request(scope), error)
            except Exception:
                log.exception("the error page failed too")
                response = json_error(error)
            await response(scope, receive, send_with_headers)


def json_error(exc: MarsadError) -> Response:
    body = {"error": {"code": exc.code, "message": exc.message}}
    return JSONResponse(body, status_code=exc.http_status)


class AnalysisWorkers:
    """Analyses off the event loop, in one worker thread: the pipeline is CPU-bound Python
    (a second thread would not run it faster) and its CRF tagger keeps a sentence between
    calls (two threads could mix them up). At most ``slots`` requests wait or run at once
    (one more: 429 M061); a request waits at most ``time_limit`` seconds for its result
    (longer: 503 M062). Python cannot stop a running thread, so an analysis over the limit
    runs to its end and holds its slot until then: runaway work still counts."""

    def __init__(self, slots: int, time_limit: float) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.size = slots
        self.time_limit = time_limit
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _pool(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(1, thread_name_prefix="marsad-analyze")
            return self._executor

    async def warm(self, fn: Callable[[], object]) -> None:
        """Run ``fn`` (loading the pipeline) in the worker thread, unbounded, and wait."""
        await asyncio.wrap_future(self._pool().submit(fn))

    async def run(self, fn: Callable[[], T]) -> T:
        if not self.slots.acquire(blocking=False):
            raise BusyError(f"the server is already analysing {self.size} texts; try again shortly")
        try:
            future: Future[T] = self._pool().submit(fn)
        except BaseException:
            self.slots.release()
            raise
        future.add_done_callback(lambda _: self.slots.release())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), self.time_limit)
        except TimeoutError:
            future.cancel()  # only stops one that has not started
            raise TimeLimitError(
                f"the analysis took more than {self.time_limit:g} s; send a shorter text"
            ) from None

    def close(self) -> None:
        with self._lock:
            if self._executor is not None:
                self._executor.shutdown(wait=False, cancel_futures=True)
                self._executor = None


class _Cancelled(Exception):
    """The client went away while its export was being written."""


class _CancellableFile:
    """A text file whose writes fail once ``cancel`` is set (how a writer in services/,
    which knows nothing of requests, is stopped midway)."""

    def __init__(self, fh: IO[str], cancel: threading.Event) -> None:
        self._fh = fh
        self._cancel = cancel

    def write(self, text: str) -> int:
        if self._cancel.is_set():
            raise _Cancelled
        return self._fh.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._fh, name)


def _write_temp(write: Callable[[IO[str]], object], suffix: str, cancel: threading.Event) -> str:
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=suffix, delete=False, newline=""
    ) as fh:
        try:
            write(_CancellableFile(fh, cancel))  # type: ignore[arg-type]
        except BaseException:
            fh.close()
            os.unlink(fh.name)
            raise
    return fh.name


class _TempFileResponse(FileResponse):
    """A download of a temporary file, deleted (and its slot freed) once sent, or once the
    client has gone: in a ``finally``, not a background task, which a disconnect skips."""

    def __init__(self, path: str, done: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self._done = done

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._done()


class ExportSlots:
    """Exports (the whole corpus, written to a temporary file by a worker thread, then
    streamed): at most ``slots`` at once (one more: 429 M061). The writing stops when the
    client disconnects."""

    def __init__(self, slots: int, poll: float = 0.25) -> None:
        self.slots = threading.BoundedSemaphore(slots)
        self.size = slots
        self.poll = poll

    async def respond(
        self,
        request: Request,
        write: Callable[[IO[str]], object],
        media: str,
        suffix: str,
    ) -> Response:
        if not self.slots.acquire(blocking=False):
            raise BusyError(f"the server is already writing {self.size} exports; try again")
        cancel = threading.Event()
        job = asyncio.ensure_future(run_in_threadpool(_write_temp, write, suffix, cancel))
        try:
            while not job.done():
                await asyncio.wait({job}, timeout=self.poll)
                if not job.done() and await request.is_disconnected():
                    cancel.set()
            path = job.result()
        except _Cancelled:
            self.slots.release()
            return Response(status_code=499)  # nobody is listening
        except BaseException:
            cancel.set()
            if job.done():
                self.slots.release()
            else:  # this request was cancelled: free the slot when the writer stops
                job.add_done_callback(self._cleanup)
            raise
        freed = threading.Event()

        def done() -> None:
            if not freed.is_set():
                freed.set()
                self.slots.release()
                if os.path.exists(path):
                    os.unlink(path)

        return _TempFileResponse(
            path, done, media_type=f"{media}; charset=utf-8", filename=f"marsad{suffix}"
        )

    def _cleanup(self, job: asyncio.Future[str]) -> None:
        self.slots.release()
        if not job.cancelled() and job.exception() is None and os.path.exists(job.result()):
            os.unlink(job.result())
