"""`stratbook serve` lets in only the person who started it: the printed URL (with its token)
opens the page and the WebSocket; a foreign page (another Origin), another local user
without the token, or a wrong token gets HTTP 403 and no app process is started.

Every server listens on 127.0.0.1 with a port the OS picks free (port 0); waits are bounded.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tui.web import SCREEN_READER_OPTION, SCRIPT, GuardedServer, accessible_script

ROOT = Path(__file__).resolve().parents[2]
WAIT = 20.0


async def wait_for(condition, timeout: float = WAIT) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.05)
    return condition()


@pytest.fixture
async def server(tmp_path, monkeypatch):
    """A guarded server whose 'app' only leaves a mark that it was started, then ends.
    `apps_started` counts every app process textual-serve starts, the moment it starts one."""
    from textual_serve import server as textual_server

    apps_started: list[int] = []
    start_app = textual_server.AppService.start

    async def counted_start(self, *args, **kwargs):
        apps_started.append(1)
        return await start_app(self, *args, **kwargs)

    monkeypatch.setattr(textual_server.AppService, "start", counted_start)
    marker = tmp_path / "app-started"
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote('import pathlib, sys; pathlib.Path(sys.argv[1]).touch()')} " \
              f"{shlex.quote(str(marker))}"
    sessions: list[int] = []
    guarded = GuardedServer(command, host="127.0.0.1", port=0, on_session=lambda: sessions.append(1))
    await guarded.start()
    guarded.marker = marker
    guarded.sessions = sessions
    guarded.apps_started = apps_started
    try:
        yield guarded
    finally:
        await guarded.stop()


def base(server: GuardedServer) -> str:
    return f"http://127.0.0.1:{server.port}"


async def refused(server: GuardedServer, path: str, headers: dict[str, str]) -> int:
    """The status a WebSocket handshake gets (it must not be accepted)."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
            async with session.ws_connect(base(server) + path, headers=headers):
                pass
    return caught.value.status


def test_the_url_holds_a_fresh_random_token():
    one, two = GuardedServer("true", port=0), GuardedServer("true", port=0)
    assert one.token != two.token and len(one.token) >= 40
    assert one.url().startswith("http://127.0.0.1:") and one.url().endswith(f"/?token={one.token}")


@pytest.mark.parametrize("case", ["foreign origin", "no origin", "null origin", "no token", "wrong token",
                                  "token with a suffix", "foreign host"])
async def test_a_foreign_websocket_is_refused_and_starts_nothing(server, case):
    own = base(server)
    path, headers = f"/ws/{server.token}", {"Origin": own}
    if case == "foreign origin":
        headers["Origin"] = "http://evil.example"
    elif case == "no origin":
        headers = {}
    elif case == "null origin":
        headers["Origin"] = "null"
    elif case == "no token":
        path = "/ws"
    elif case == "wrong token":
        path = "/ws/" + server.token[:-1] + ("A" if server.token[-1] != "A" else "B")
    elif case == "token with a suffix":
        path = f"/ws/{server.token}x"
    elif case == "foreign host":  # DNS rebinding: the browser names the attacker's host
        headers = {"Origin": "http://evil.example:80", "Host": "evil.example:80"}
    assert await refused(server, path, headers) in (403, 404)
    await server.stop()  # every request handled to its end: an app it started would be counted by now
    assert server.apps_started == [] and server.sessions == [] and not server.marker.exists()


@pytest.mark.parametrize("query", ["", "?token=", "?token=nope", "?tok=x"])
async def test_the_page_needs_the_token(server, query):
    async with aiohttp.ClientSession() as session:
        async with session.get(base(server) + "/" + query) as response:
            assert response.status == 403
            assert server.token not in await response.text()


async def test_the_printed_url_opens_the_page_and_its_websocket(server):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
        async with session.get(server.url()) as response:
            assert response.status == 200
            page = await response.text()
            policy = response.headers["Content-Security-Policy"]
        # Nothing on the page comes from another host, and the browser is told to load nothing else.
        addresses = re.findall(r'(?:src|href)="([^"]*)"|url\("([^"]*)"\)', page)
        assert addresses
        for address in (a or b for a, b in addresses):
            assert address.startswith(base(server) + "/static/"), address
        assert "googleapis" not in page and "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        websocket_url = re.search(r'data-session-websocket-url="([^"]*)"', page).group(1)
        assert websocket_url == f"ws://127.0.0.1:{server.port}/ws/{server.token}"
        async with session.ws_connect(websocket_url, headers={"Origin": base(server)}) as websocket:
            assert not websocket.closed
            assert await wait_for(server.marker.exists)
        assert server.sessions == [1] and server.apps_started == [1]


def _ipv6_loopback() -> bool:
    import socket

    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.mark.parametrize("name", ["localhost", "[::1]"])
async def test_the_url_with_another_name_for_this_machine_works_too(server, name):
    # Browsers often resolve localhost to ::1 first: the server listened on 127.0.0.1 only,
    # and a user who typed localhost got "connection refused".
    if name == "[::1]" and not _ipv6_loopback():
        pytest.skip("no IPv6 loopback on this machine")
    url = server.url().replace("127.0.0.1", name)
    other = f"http://{name}:{server.port}"
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
        async with session.get(url) as response:
            assert response.status == 200
            page = await response.text()
        websocket_url = re.search(r'data-session-websocket-url="([^"]*)"', page).group(1)
        assert websocket_url == f"ws://{name}:{server.port}/ws/{server.token}"
        async with session.ws_connect(websocket_url, headers={"Origin": other}) as websocket:
            assert not websocket.closed
            assert await wait_for(server.marker.exists)


async def test_the_static_files_the_page_loads_name_no_other_host(server):
    async with aiohttp.ClientSession() as session:
        async with session.get(server.url()) as response:
            page = await response.text()
        for address in re.findall(r'(?:src|href)="([^"]*)"', page):
            async with session.get(address) as response:
                assert response.status == 200
                text = await response.text(errors="replace")
            assert "fonts.googleapis" not in text and "@import" not in text
            for link in re.findall(r'url\(\s*["\']?([^"\')]*)', text):
                assert not re.match(r"(?i)(https?:)?//", link), (address, link)
        async with session.get(base(server) + "/static/") as response:
            assert response.status in (403, 404)  # no folder listing


async def test_the_page_is_made_for_keyboards_and_screen_readers(server):
    """xterm.js's screen reader mode is on in the script the page loads (the rows mirrored as text
    for screen readers), the terminal takes the keys on load, and the page says its language."""
    async with aiohttp.ClientSession() as session:
        async with session.get(server.url()) as response:
            page = await response.text()
        script = next(a for a in re.findall(r'src="([^"]*)"', page) if a.endswith("/textual.js"))
        async with session.get(script) as response:
            assert response.status == 200 and "javascript" in response.headers["Content-Type"]
            served = await response.read()
    assert served.count(SCREEN_READER_OPTION) == 1
    original = (server.statics_path / SCRIPT).read_bytes()
    assert served.replace(SCREEN_READER_OPTION, b"") == original  # nothing else changed
    assert '<html lang="en">' in page and ".xterm-helper-textarea" in page and "focus()" in page


def test_another_textual_serve_script_is_served_as_it_is():
    assert accessible_script(b"new x.Terminal({fontSize:12})") is None


def test_serve_from_the_command_line_prints_a_token_url_and_keeps_strangers_out(tmp_path):
    """The real thing: `stratbook serve`, a foreign page's WebSocket, then the printed URL."""
    plan = tmp_path / "plan.toml"
    plan.write_bytes((ROOT / "samples" / "acme-robotics.toml").read_bytes())
    process = subprocess.Popen([sys.executable, "-m", "tui", "serve", str(plan), "--port", "0"],
                               cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env={**os.environ, "TEXTUAL_ANIMATIONS": "none"})
    try:
        lines = []
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline and not any("token=" in line for line in lines):
            lines.append(process.stderr.readline())
        url = re.search(r"http://127\.0\.0\.1:\d+/\?token=[\w-]+", "".join(lines)).group(0)
        own = url.split("/?")[0]

        async def visit() -> bytes:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
                async with session.get(own + "/") as response:
                    assert response.status == 403
                token = url.split("token=")[1]
                with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
                    async with session.ws_connect(f"ws://{own[7:]}/ws/{token}", headers={"Origin": "https://evil.example"}):
                        pass
                assert caught.value.status == 403
                async with session.get(url) as response:
                    assert response.status == 200
                    page = await response.text()
                websocket_url = re.search(r'data-session-websocket-url="([^"]*)"', page).group(1)
                async with session.ws_connect(websocket_url, headers={"Origin": own}) as websocket:
                    await websocket.send_json(["resize", {"width": 80, "height": 24}])
                    received = b""
                    while b"Stratbook" not in received and b"Acme" not in received:
                        message = await asyncio.wait_for(websocket.receive(), WAIT)
                        assert message.type == aiohttp.WSMsgType.BINARY, message
                        received += message.data
                    return received

        asyncio.run(visit())
    finally:
        process.terminate()
        try:
            _, err = process.communicate(timeout=WAIT)
        except subprocess.TimeoutExpired:
            process.kill()
            _, err = process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err


async def test_open_sessions_are_bounded(tmp_path):
    """Each WebSocket starts an app process: past MAX_SESSIONS at once the next is refused (HTTP 503)
    and starts nothing; when one closes, a new one is let in."""
    from tui.web import MAX_SESSIONS

    # An app that runs until it is told to quit (anything on its standard input).
    command = f"{shlex.quote(sys.executable)} -c {shlex.quote('import sys; sys.stdin.buffer.read(1)')}"
    sessions: list[int] = []
    guarded = GuardedServer(command, host="127.0.0.1", port=0, on_session=lambda: sessions.append(1))
    await guarded.start()
    own = base(guarded)
    url = f"{own}/ws/{guarded.token}"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
            open_ones = [await session.ws_connect(url, headers={"Origin": own}) for _ in range(MAX_SESSIONS)]
            assert await wait_for(lambda: len(sessions) == MAX_SESSIONS)
            with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
                await session.ws_connect(url, headers={"Origin": own})
            assert caught.value.status == 503
            assert len(sessions) == MAX_SESSIONS
            await open_ones.pop().close()
            # The closed one's slot comes back once its app has been stopped.
            deadline = time.monotonic() + WAIT
            while True:
                try:
                    open_ones.append(await session.ws_connect(url, headers={"Origin": own}))
                    break
                except aiohttp.WSServerHandshakeError as refusal:
                    assert refusal.status == 503 and time.monotonic() < deadline
                    await asyncio.sleep(0.1)
            assert len(sessions) == MAX_SESSIONS + 1
            for websocket in open_ones:
                await websocket.close()
    finally:
        await guarded.stop()



# An app that says it is a Textual app, runs until it is told to quit (textual-serve sends a quit
# packet on its standard input when the session ends), closes its output and then does not exit:
# the session is over for textual-serve (it has read the output to its end) but the process is not.
# Only a kill ends it, so a server that does not wait for its app processes leaves this one running,
# every time. (`exec`: the shell textual-serve starts becomes the app, as `stratbook serve`'s does;
# a shell waiting for its child would hold the output open itself.)
LINGERING_APP = f"exec {shlex.quote(sys.executable)} -c " + shlex.quote(
    "import os, sys, time\n"
    "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
    "sys.stdin.buffer.read(1)\n"
    "os.close(1); os.close(2)\n"
    "while True: time.sleep(60)\n"
)
# An app that pays no heed to being told to quit, and keeps its output open.
IGNORING_APP = f"exec {shlex.quote(sys.executable)} -c " + shlex.quote(
    "import sys, time\n"
    "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
    "while True: time.sleep(60)\n"
)
# An app that exits as soon as it is told to quit.
QUITTING_APP = f"exec {shlex.quote(sys.executable)} -c " + shlex.quote(
    "import sys\n"
    "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
    "sys.stdin.buffer.read(1)\n"
)


@pytest.fixture
def recording(monkeypatch):
    """Every app process textual-serve starts (its AppService keeps it in `_process`), as it starts it;
    any still running at the end (what the defect left behind) is killed, not left to outlive the test."""
    from textual_serve import server as textual_server

    processes: list[asyncio.subprocess.Process] = []
    start_app = textual_server.AppService.start

    async def recorded_start(self, *args, **kwargs):
        await start_app(self, *args, **kwargs)
        processes.append(self._process)

    monkeypatch.setattr(textual_server.AppService, "start", recorded_start)
    yield processes
    for process in processes:
        if process.returncode is None:
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.parametrize("app", ["lingering", "ignoring", "quitting"])
async def test_a_session_that_ends_has_its_app_process_reaped(recording, app):
    """The browser closes its tab: the session is over once its app process has exited (one that
    will not is killed), not when textual-serve has read the app's output to its end, nor never
    (textual-serve waits for the output to end without a limit); an app that quits when told is
    not killed."""
    command = {"lingering": LINGERING_APP, "ignoring": IGNORING_APP, "quitting": QUITTING_APP}[app]
    guarded = GuardedServer(command, host="127.0.0.1", port=0)
    guarded.app_exit_wait = WAIT if app == "quitting" else 0.1
    await guarded.start()
    own = base(guarded)
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
            async with session.ws_connect(f"{own}/ws/{guarded.token}", headers={"Origin": own}):
                assert await wait_for(lambda: guarded._open_sessions == 1 and len(recording) == 1)
        assert await wait_for(lambda: guarded._open_sessions == 0)
        assert recording[0].returncode == (0 if app == "quitting" else -signal.SIGKILL)
    finally:
        await guarded.stop()


def test_a_server_stopped_with_a_tab_open_reaps_its_app_before_its_loop_ends(recording, monkeypatch):
    """`stratbook serve` stopped (SIGTERM) with a browser tab still open: the tab is told the server
    went away, and the event loop ends with every app process the server started reaped, so nothing
    is left to the garbage collector once the loop has closed (it printed "Exception ignored in:
    BaseSubprocessTransport.__del__ ... Event loop is closed" to the server's error output)."""
    import gc

    guarded = GuardedServer(LINGERING_APP, host="127.0.0.1", port=0)
    guarded.app_exit_wait = 0.1
    unraisable: list[str] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda hooked: unraisable.append(
        f"{hooked.err_msg or 'Exception ignored in'}: {hooked.object!r}: {hooked.exc_value!r}"))

    async def serve_then_stop_with_a_tab_open() -> aiohttp.WSMessage:
        await guarded.start()
        own = base(guarded)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as session:
            async with session.ws_connect(f"{own}/ws/{guarded.token}", headers={"Origin": own}) as websocket:
                assert await wait_for(lambda: guarded._open_sessions == 1 and len(recording) == 1)
                # The tab reads what comes, as a browser does (and so answers the server's close).
                last = asyncio.ensure_future(websocket.receive())
                await guarded.stop()
                return await asyncio.wait_for(last, WAIT)

    last = asyncio.run(serve_then_stop_with_a_tab_open())
    reaped = [process.returncode for process in recording]
    gc.collect()
    assert (reaped, unraisable) == ([-signal.SIGKILL], [])
    assert last.type == aiohttp.WSMsgType.CLOSE and last.data == aiohttp.WSCloseCode.GOING_AWAY
