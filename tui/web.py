"""`stratbook serve`: the app in a web browser, closed to everyone but the person who started it.

textual-serve's `Server` starts one app process per WebSocket, for anyone who
connects. Anything that can reach the port could drive the app (and through
it write files as the user): JavaScript on any web page open in the user's
browser (cross-site WebSocket hijacking), and every other user of the machine,
since 127.0.0.1 is shared by all. So, as Jupyter does:

- a random token per server (`secrets.token_urlsafe`), shown only in the URL
  that `serve` prints; the page needs it (`/?token=...`) and so does the
  WebSocket (`/ws/<token>`), compared in constant time;
- every request must name a loopback host (`Host: 127.0.0.1:8000`,
  `localhost`, `[::1]`), which defeats DNS rebinding;
- the WebSocket's Origin must be the page's own (`http://` + its Host); a
  WebSocket without an Origin is refused too (browsers always send one);
- the page loads nothing from another host (no web font service: the
  monospace font comes from textual-serve's own static files), and its
  Content-Security-Policy forbids the browser to load anything from elsewhere.

For keyboard and screen-reader users the page turns on xterm.js's screen reader mode (the
terminal's rows mirrored as text in the page, new lines announced): textual-serve's script
builds its terminal with fixed options, so it is served with that option added
(`accessible_script`); the page gives the terminal the keyboard as soon as it loads, and its
buttons show their focus. What works and what does not: the README's "In a web browser".

Refused requests get HTTP 403 before any app process starts. At most
`MAX_SESSIONS` sessions (app processes) run at once; one more gets HTTP 503. The server
subclasses textual-serve's rather than forking it.

Every app process is waited for: textual-serve reads an app's output to its end but never waits
for the process, so one could still be running (or not yet reaped) when the server's event loop
ended, and asyncio's transport for it was then collected after the loop had closed ("Exception
ignored in: BaseSubprocessTransport.__del__ ... Event loop is closed" on the server's error output).
A session ends once its app process has exited; stopping the server ends every open session first
(the tab is told the server went away, the app to quit), so it stops at once (0.4 s with a tab
open) rather than when aiohttp gives up on the open WebSockets (22 s here; it allows them up to
60 s). An app that does not exit within `APP_EXIT_WAIT` is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import re
import secrets
import signal
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from tui.model.text import for_display

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})

SCRIPT = "js/textual.js"
"""textual-serve's script, which builds the page's terminal (xterm.js)."""
_TERMINAL_OPTIONS = re.compile(rb"Terminal\(\{allowProposedApi:!0,")
SCREEN_READER_OPTION = b"screenReaderMode:!0,"


def accessible_script(source: bytes) -> bytes | None:
    """textual-serve's script with xterm.js's screen reader mode on; None when its terminal is
    not built where expected (another textual-serve): the script is then served as it is."""
    patched, count = _TERMINAL_OPTIONS.subn(lambda found: found.group(0) + SCREEN_READER_OPTION, source)
    return patched if count == 1 else None


MAX_SESSIONS = 4
"""Browser sessions open at once; each is an app process, so more are refused (HTTP 503)."""


APP_EXIT_WAIT = 5.0
"""Seconds an app process has to exit once its session is over (told to quit, its output closed)
before it is killed; as long again after the kill before the server gives up on it (logged)."""


def _hostname(host_header: str) -> str | None:
    """The host name of a `Host` header value (`[::1]:8000` gives `::1`), or None if malformed."""
    try:
        parts = urlsplit(f"http://{host_header}")
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        return None
    return parts.hostname


class _SanitisingFormatter(logging.Formatter):
    """Log lines may quote what a client sent: make controls visible before they reach the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return for_display(super().format(record), multiline=True)


class GuardedServer(Server):
    """textual-serve's server with a per-run token, an Origin check and a self-contained page."""

    def __init__(self, command: str, host: str = "127.0.0.1", port: int = 8000, title: str = "Stratbook",
                 on_session: Callable[[], None] | None = None) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.token = secrets.token_urlsafe(32)
        self._runner: web.AppRunner | None = None
        self._on_session = on_session
        self._open_sessions = 0
        self._script: bytes | None = None
        self._sessions: dict[asyncio.Task[Any], tuple[web.WebSocketResponse, asyncio.subprocess.Process]] = {}
        """Each open session's WebSocket and app process, by the task handling the WebSocket."""
        self._reapers: dict[asyncio.subprocess.Process, asyncio.Task[None]] = {}
        """The one task waiting for (or killing) each app process whose session is over."""
        self.app_exit_wait = APP_EXIT_WAIT

    # -- who may come in ---------------------------------------------------------------------
    def url(self) -> str:
        """The address to open, token included; only the person who started the server sees it."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/?token={self.token}"

    def token_matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), self.token.encode("ascii"))

    @staticmethod
    def same_origin(request: web.Request) -> bool:
        """The WebSocket comes from the page this server served (Origin is http:// plus our Host)."""
        origin = request.headers.get("Origin")
        return origin is not None and hmac.compare_digest(origin.encode("utf-8", "surrogateescape"),
                                                          f"http://{request.host}".encode("utf-8", "surrogateescape"))

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Any]) -> web.StreamResponse:
        if _hostname(request.host) not in LOOPBACK_HOSTS:
            raise web.HTTPForbidden(text="Stratbook serves this machine only (127.0.0.1).")
        response = await handler(request)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    # -- the aiohttp application ---------------------------------------------------------------
    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes([
            web.get("/", self.handle_index, name="index"),
            web.get("/ws/{token}", self.handle_websocket, name="websocket"),
            web.get(f"/static/{SCRIPT}", self.handle_script, name="script"),  # before the folder
            # textual-serve's own script, stylesheet and fonts; no folder listing. Downloads
            # (/download/...) are left out: Stratbook never offers one.
            web.static("/static", self.statics_path, show_index=False, name="static"),
        ])
        return app

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        if not self.token_matches(request.query.get("token", "")):
            raise web.HTTPForbidden(text="Open the address that 'stratbook serve' printed, token included.")
        page = PAGE.format(
            title=html.escape(self.title),
            static=html.escape(f"http://{request.host}/static/"),
            websocket=html.escape(f"ws://{request.host}/ws/{self.token}"),
        )
        response = web.Response(text=page, content_type="text/html")
        response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Security-Policy"] = (
            "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
            f"font-src 'self'; img-src 'self' data:; connect-src 'self' ws://{request.host}; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        return response

    async def handle_script(self, request: web.Request) -> web.Response:
        if self._script is None:
            source = (self.statics_path / SCRIPT).read_bytes()
            patched = accessible_script(source)
            if patched is None:
                logging.getLogger("textual-serve").warning(
                    "this textual-serve builds its terminal differently: the page has no screen reader mode")
            self._script = patched or source
        return web.Response(body=self._script, content_type="application/javascript")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        if not self.token_matches(request.match_info["token"]) or not self.same_origin(request):
            raise web.HTTPForbidden(text="Not from this server's page.")
        if self._open_sessions >= MAX_SESSIONS:
            raise web.HTTPServiceUnavailable(
                text=f"Stratbook is already open in {MAX_SESSIONS} browser tabs; close one and reload.")
        self._open_sessions += 1
        try:
            if self._on_session is not None:
                self._on_session()
            return await super().handle_websocket(request)
        finally:
            try:
                # The session is over once its app process is: textual-serve has only read its output to the end.
                session = self._sessions.pop(asyncio.current_task(), None)  # type: ignore[arg-type]
                if session is not None:
                    await asyncio.shield(self._reaper(session[1]))  # it goes on if this handler is cancelled
            finally:
                self._open_sessions -= 1

    async def _process_messages(self, websocket: web.WebSocketResponse, app_service: AppService) -> None:
        # textual-serve 1.1.3 (pinned in pyproject.toml): Server.handle_websocket calls this as soon
        # as AppService.start() has started the app process, which AppService keeps in its `_process`
        # (an asyncio Process) and never waits for. Recorded here, in the task handling the WebSocket,
        # so that handle_websocket and stop() can wait for it.
        process = getattr(app_service, "_process", None)
        if process is not None:
            self._sessions[asyncio.current_task()] = (websocket, process)  # type: ignore[index]
        try:
            await super()._process_messages(websocket, app_service)
        finally:
            # The tab has gone: textual-serve now tells the app to quit and reads its output to the
            # end, however long that takes. The clock starts now, so an app that ignores the quit is
            # killed (its output then ends) and the session still ends.
            if process is not None:
                self._reaper(process)

    def _reaper(self, process: asyncio.subprocess.Process) -> asyncio.Task[None]:
        """The task that waits for an app process to exit, killing it if it has not within
        `app_exit_wait`. Once `wait()` returns, asyncio has closed its transport: nothing is left to
        the garbage collector. One task per process, whoever asks (the tab gone, the session's end,
        the server's stop): a second kill could reap the process behind the back of asyncio's child
        watcher (Popen.send_signal polls it first), which then reports exit status 255 and warns."""
        reaper = self._reapers.get(process)
        if reaper is None:
            reaper = self._reapers[process] = asyncio.create_task(self._wait_or_kill(process))
        return reaper

    async def _wait_or_kill(self, process: asyncio.subprocess.Process) -> None:
        try:
            await asyncio.wait_for(process.wait(), self.app_exit_wait)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):  # it exited meanwhile
                process.kill()
            try:
                await asyncio.wait_for(process.wait(), self.app_exit_wait)
            except TimeoutError:
                logging.getLogger("textual-serve").warning("app process %d did not exit when killed", process.pid)
        finally:
            del self._reapers[process]

    # -- running -------------------------------------------------------------------------------
    def initialize_logging(self) -> None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(_SanitisingFormatter("stratbook serve: %(message)s"))
        for name in ("textual-serve", "aiohttp"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [handler]
            logger.setLevel(logging.WARNING)
            logger.propagate = False

    async def start(self) -> None:
        """Listen (port 0 takes a free one; `self.port` is then the real one)."""
        self.initialize_logging()
        self._runner = web.AppRunner(await self._make_app(), access_log=None, handle_signals=False)
        await self._runner.setup()
        await web.TCPSite(self._runner, self.host, self.port).start()
        self.port = self._runner.addresses[0][1]
        if self.host == "127.0.0.1":
            # Browsers often resolve `localhost` to ::1 first: listen there too, on the same
            # port, so the printed address with `localhost` in it is not refused.
            try:
                await web.TCPSite(self._runner, "::1", self.port).start()
            except OSError:
                pass  # no IPv6 loopback here: 127.0.0.1 is enough

    async def stop(self) -> None:
        """Stop listening, end every open session and wait for every app process started to exit.

        Each open tab is told the server went away (as closing the tab would, textual-serve then tells
        its app to quit); aiohttp would otherwise wait for those WebSockets, up to 60 s, before it
        cancelled them."""
        if self._runner is None:
            return
        for site in list(self._runner.sites):
            await site.stop()
        sessions = list(self._sessions.values())
        closing = asyncio.gather(
            *(websocket.close(code=WSCloseCode.GOING_AWAY, message=b"Stratbook stopped") for websocket, _ in sessions),
            return_exceptions=True,  # a connection already broken: its app is told to quit all the same
        )
        await asyncio.gather(closing, *(self._reaper(process) for _, process in sessions))
        await self._runner.cleanup()
        self._runner = None
        # Reapers still at work: of sessions whose handler aiohttp cancelled while it waited for its app.
        await asyncio.gather(*(self._reaper(process) for _, process in list(self._sessions.values())),
                             *list(self._reapers.values()))

    async def serve_until_stopped(self, announce: Callable[[str], None]) -> None:
        """Listen, call `announce` with the URL to open, and serve until SIGINT or SIGTERM."""
        await self.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        announce(self.url())
        try:
            await stop.wait()
        finally:
            await self.stop()

    def serve(self, debug: bool = False) -> None:  # noqa: ARG002 - textual-serve's signature
        asyncio.run(self.serve_until_stopped(lambda url: print(url, file=sys.stderr)))


# textual-serve's page (templates/app_index.html), without the web font service: the same
# Roboto Mono comes from its own static folder, and every address is this server's.
PAGE = """<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="referrer" content="no-referrer" />
    <title>{title}</title>
    <link rel="stylesheet" href="{static}css/xterm.css" />
    <script src="{static}js/textual.js"></script>
    <style>
      @font-face {{
        font-family: "Roboto Mono";
        src: url("{static}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-style: normal;
      }}
      @font-face {{
        font-family: "Roboto Mono";
        src: url("{static}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-style: italic;
      }}
      body {{ background: #0c181f; }}
      .dialog-container {{
        position: absolute; width: 100vw; height: 100vh; display: flex;
        align-items: center; justify-content: center; z-index: 10;
      }}
      .shade {{
        position: absolute; width: 100%; height: 100%; background: #0c181f;
        background-image: url("{static}images/background.png");
      }}
      .intro {{
        width: 640px; height: 240px; font-size: 16px; z-index: 20;
        font-family: "Roboto Mono", menlo, monospace; text-align: center;
        color: rgba(255, 255, 255, 0.95); background-color: #12232d;
        display: flex; align-items: center; justify-content: center; margin: 32px;
      }}
      body.-first-byte .intro-dialog, body.-first-byte .intro-dialog .shade {{
        opacity: 0; transition: opacity 0.3s ease-out; display: none;
      }}
      body .textual-terminal {{ opacity: 0; transition: opacity 0.3s ease-out; }}
      body.-first-byte .textual-terminal {{ opacity: 1; transition: opacity 0.3s ease-out; }}
      body button {{
        padding: 16px 32px; background-color: #5e0ba7; color: rgba(255, 255, 255, 0.95);
        border: none; font-family: "Roboto Mono", menlo, monospace; margin: 16px; display: block;
      }}
      button:hover {{ background: #ac5af4; cursor: pointer; }}
      button:focus-visible {{ outline: 3px solid #ffffff; outline-offset: 3px; }}
      .closed-dialog {{ opacity: 0; display: none; }}
      body.-closed .closed-dialog {{ opacity: 1; display: flex; }}
      #start {{ display: none; }}
      #start.-delay {{ display: flex; }}
    </style>
    <script>
      function refresh() {{
        const params = new URLSearchParams(window.location.search);
        params.delete("delay");
        window.location.href = window.location.pathname + "?" + params.toString();
      }}
      // The keys go to the app at once, without a click first (textual.js makes the terminal
      // on load, before this runs).
      window.addEventListener("load", () => {{
        const input = document.querySelector("#terminal .xterm-helper-textarea");
        if (input) input.focus();
      }});
    </script>
  </head>
  <body>
    <div class="dialog-container intro-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div>{title}</div>
        <button type="button" onClick="refresh()" id="start">Start</button>
      </div>
    </div>
    <div class="dialog-container closed-dialog">
      <div class="shade"></div>
      <div class="intro">
        <div class="message">Session ended.</div>
        <button type="button" onClick="refresh()">Restart</button>
      </div>
    </div>
    <div id="terminal" class="textual-terminal"
         data-session-websocket-url="{websocket}" data-font-size="16"></div>
  </body>
</html>
"""
