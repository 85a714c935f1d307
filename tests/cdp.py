"""
A small client of the Chrome DevTools Protocol, for the browser tests and the screenshots.

It starts the machine's own Chromium (the Debian package's ``/usr/bin/chromium``; nothing
is downloaded) headless, with a fresh profile and no background networking, and talks to
one page over the protocol's WebSocket with `websocket-client`: open a file, run a
script, print to PDF, take a screenshot. One browser serves a whole test module.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import websocket

BROWSER_DIR = Path(__file__).parent / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"

# The flags a headless Chromium needs here: root (no sandbox), no GPU, and nothing that
# reaches the network on its own.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--hide-scrollbars",
    "--mute-audio",
    "--font-render-hinting=none",
)


def find_chromium() -> str | None:
    """The Chromium executable: $CHROMIUM, else ``chromium`` on the PATH."""
    named = os.environ.get("CHROMIUM")
    if named:
        return named if Path(named).exists() else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(RuntimeError):
    """The browser did not start or answered with an error."""


class Chromium:
    """A headless Chromium and one page of it, driven over the DevTools protocol."""

    def __init__(self, executable: str, *, timeout: float = 30.0) -> None:
        self._profile = tempfile.mkdtemp(prefix="iepmodel-chromium-")
        self._process = subprocess.Popen(
            [
                executable,
                *FLAGS,
                "--remote-debugging-port=0",
                f"--user-data-dir={self._profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._ids = itertools.count(1)
        self._events: list[dict[str, Any]] = []
        try:
            port, path = self._endpoint(timeout)
            self._socket = websocket.create_connection(
                f"ws://127.0.0.1:{port}{path}", timeout=timeout, suppress_origin=True
            )
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
                "sessionId"
            ]
            self.call("Page.enable", session=True)
            self.call("Runtime.enable", session=True)
        except BaseException:
            self.close()
            raise

    def _endpoint(self, timeout: float) -> tuple[str, str]:
        """The port and path Chromium listens on (it writes them to its profile)."""
        active = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                msg = f"Chromium exited at start (status {self._process.returncode})"
                raise BrowserError(msg)
            if active.exists():
                lines = active.read_text().split()
                if len(lines) >= 2:
                    return lines[0], lines[1]
            time.sleep(0.05)
        msg = "Chromium did not open its DevTools port in time"
        raise BrowserError(msg)

    def call(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command and return its result (events on the way are kept)."""
        message_id = next(self._ids)
        message: dict[str, Any] = {"id": message_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        self._socket.send(json.dumps(message))
        while True:
            reply = json.loads(self._socket.recv())
            if reply.get("id") == message_id:
                if "error" in reply:
                    msg = f"{method}: {reply['error'].get('message')}"
                    raise BrowserError(msg)
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self._events.append(reply)

    def _wait_for(self, event: str) -> None:
        while True:
            for index, seen in enumerate(self._events):
                if seen["method"] == event:
                    del self._events[: index + 1]
                    return
            reply = json.loads(self._socket.recv())
            if "method" in reply:
                self._events.append(reply)

    def open(self, path: Path, *, width: int = 1000, height: int = 800, scale: float = 1) -> None:
        """Load the file *path* in a viewport of *width* × *height* CSS pixels."""
        self.viewport(width, height, scale)
        self._events.clear()
        self.call("Page.navigate", session=True, url=path.resolve().as_uri())
        self._wait_for("Page.loadEventFired")

    def viewport(self, width: int, height: int = 800, scale: float = 1) -> None:
        """Set the viewport's size in CSS pixels and its device scale factor."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=width,
            height=height,
            deviceScaleFactor=scale,
            mobile=False,
        )

    def evaluate(self, expression: str, *, wait: bool = False) -> Any:
        """The value of *expression* in the page (awaited when *wait*)."""
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            awaitPromise=wait,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            msg = f"script failed: {result['exceptionDetails'].get('text')}"
            raise BrowserError(msg)
        return result["result"].get("value")

    def axe(self, tags: tuple[str, ...]) -> dict[str, Any]:
        """Run axe-core on the page with the rules of *tags*; its results, trimmed."""
        self.evaluate(AXE.read_text(encoding="utf-8"))
        options = json.dumps({"runOnly": {"type": "tag", "values": list(tags)}})
        script = """
            axe.run(document, OPTIONS)
              .then(r => JSON.stringify({
                 rules: r.passes.length + r.violations.length + r.incomplete.length,
                 violations: r.violations.map(v => ({
                   id: v.id, impact: v.impact, help: v.help,
                   nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)
                 }))}))
        """.replace("OPTIONS", options)
        outcome: dict[str, Any] = json.loads(self.evaluate(script, wait=True))
        return outcome

    def pdf(self) -> bytes:
        """The page printed to PDF with its print stylesheet and @page size."""
        result = self.call(
            "Page.printToPDF", session=True, printBackground=True, preferCSSPageSize=True
        )
        return base64.b64decode(result["data"])

    def screenshot(self, *, max_height: float | None = None) -> bytes:
        """A PNG of the whole page (or its top *max_height* pixels), as wide as the viewport."""
        metrics = self.call("Page.getLayoutMetrics", session=True)
        size = dict(metrics["cssContentSize"])
        if max_height is not None:
            size["height"] = min(size["height"], max_height)
        result = self.call(
            "Page.captureScreenshot",
            session=True,
            format="png",
            captureBeyondViewport=True,
            clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
        )
        return base64.b64decode(result["data"])

    def close(self) -> None:
        """Stop the browser and remove its profile."""
        socket = getattr(self, "_socket", None)
        if socket is not None:
            socket.close()
        self._process.terminate()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
