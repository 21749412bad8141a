"""`make lab` starts a JupyterLab at the repository's root, on the first notebook (headless, no browser needed).

The test asks make for the lab recipe (`make -n lab`, without re-installing), runs exactly that
command with a free port, no token and no browser, waits until the server answers, then checks
over HTTP: the notebook list of notebooks/ equals notebooks/*.ipynb, each notebook opens with a
parameters cell whose default corpus exists relative to the notebooks folder, the notebooks'
relative links to data/ resolve (the root is the repository's), the JupyterLab page is
served, and a Python kernel started through the REST API runs code that imports cabletools
(sent over the kernel's websocket, as JupyterLab sends it). The server's process group is always stopped.
"""
from __future__ import annotations

import asyncio
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = REPO / "notebooks"
START_TIMEOUT = 90  # seconds for the server to answer (a busy 2-core machine)


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(reason)
    pytest.skip(reason)


def lab_command() -> str:
    """The recipe `make lab` runs, without rebuilding the venv (-o: its stamp counts as old)."""
    proc = subprocess.run(["make", "-s", "-n", "-o", ".venv/.installed", "lab"], cwd=REPO,
                          capture_output=True, text=True, timeout=30)
    if proc.returncode != 0:
        pytest.fail(f"make -n lab failed: {proc.stderr}")
    lines = [line for line in proc.stdout.splitlines() if "jupyter" in line and " lab" in line]
    assert len(lines) == 1, f"expected one `jupyter lab` line in the lab recipe, got {proc.stdout!r}"
    return lines[0]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, timeout: float = 10):
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.status, resp.read()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    if not (REPO / ".venv" / "bin" / "jupyter").exists():
        _skip_or_fail("no .venv/bin/jupyter: run `make lab` once (it builds the venv)")
    command = lab_command()
    port = free_port()
    home = tmp_path_factory.mktemp("lab-home")
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    flags = ["--no-browser", f"--port={port}", "--ServerApp.port_retries=0", "--ServerApp.ip=127.0.0.1",
             "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.root_dir=."]
    if os.geteuid() == 0:  # CI containers run as root; jupyter refuses root without this flag
        flags.append("--allow-root")
    log = open(home / "server.log", "w+")
    proc = subprocess.Popen(f"{command} {' '.join(shlex.quote(f) for f in flags)}", shell=True, cwd=REPO,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"`{command}` exited with {proc.returncode}:\n{log.read()[-3000:]}")
            try:
                if get(f"{base}/api/status", timeout=2)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"JupyterLab did not answer within {START_TIMEOUT} s:\n{log.read()[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        # the shell and the server are in their own session: stop that group, and only it
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 10)):
            if proc.poll() is not None:
                break
            try:
                os.killpg(proc.pid, sig)
                proc.wait(timeout=wait)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        log.close()


def test_lab_recipe_serves_the_root_and_opens_the_first_notebook():
    command = lab_command()
    assert not re.search(r"\bcd\b", command) and command.split()[-1] == "notebooks/01_getting_started.ipynb"


def test_notebook_list_over_http(lab):
    status, body = get(f"{lab}/api/contents/notebooks")
    assert status == 200
    listing = json.loads(body)
    served = sorted(item["name"] for item in listing["content"] if item["type"] == "notebook")
    assert served == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))
    assert served, "no notebooks served"


def test_each_notebook_opens_with_a_corpus_that_exists(lab):
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        status, body = get(f"{lab}/api/contents/notebooks/{urllib.request.quote(path.name)}?content=1")
        assert status == 200
        model = json.loads(body)
        assert model["type"] == "notebook" and model["format"] == "json"
        cells = model["content"]["cells"]
        params = [c for c in cells if "parameters" in c["metadata"].get("tags", [])]
        assert params, f"{path.name}: no parameters cell"
        # os.environ.get("CABLETOOLS_DATA", "../data/sample") or (...get("CABLETOOLS_DATA") or "...")
        defaults = re.findall(r"""CABLETOOLS_DATA["']\s*(?:,|\)\s*or)\s*["']([^"']+)["']""",
                              params[0]["source"])
        assert defaults, f"{path.name}: parameters cell has no CABLETOOLS_DATA default"
        corpus = (NOTEBOOKS / defaults[0]).resolve()
        assert corpus.exists() and any(corpus.rglob("*.txt")), f"{path.name}: {corpus} holds no cables"


def test_the_notebooks_links_to_data_resolve(lab):
    """A markdown link such as ../data/sample/README.md, seen from notebooks/, is served."""
    links = set()
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                links |= set(re.findall(r"\]\((\.\./data/[^)#\s]+)\)", "".join(cell["source"])))
    assert links, "no notebook links to data/"
    for link in sorted(links):
        status, _ = get(f"{lab}/api/contents/{link[3:]}")
        assert status == 200, link


def test_jupyterlab_page_and_a_python_kernel(lab):
    """What the browser does first: load /lab (which sets the _xsrf cookie), start a kernel."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{lab}/lab", timeout=30) as resp:
        assert resp.status == 200 and b"JupyterLab" in resp.read()
    xsrf = {c.name: c.value for c in jar}.get("_xsrf", "")
    with opener.open(f"{lab}/api/kernelspecs", timeout=30) as resp:
        assert "python3" in json.loads(resp.read())["kernelspecs"]

    def call(path: str, method: str, data: bytes | None = None):
        req = urllib.request.Request(f"{lab}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json", "X-XSRFToken": xsrf})
        with opener.open(req, timeout=60) as resp:
            return resp.status, resp.read()

    status, body = call("/api/kernels", "POST", json.dumps({"name": "python3"}).encode())
    assert status == 201
    kernel = json.loads(body)
    try:
        ws_url = f"{lab.replace('http', 'ws', 1)}/api/kernels/{kernel['id']}/channels"
        code = "import cabletools, sys; print(cabletools.__version__, sys.prefix)"
        out = asyncio.run(execute_over_websocket(ws_url, code, cookie=f"_xsrf={xsrf}"))
        import cabletools

        assert out.split() == [cabletools.__version__, sys.prefix]
    finally:
        assert call(f"/api/kernels/{kernel['id']}", "DELETE")[0] == 204


async def execute_over_websocket(url: str, code: str, cookie: str, timeout: float = 120) -> str:
    """Run `code` in a kernel through the server's websocket, as JupyterLab does; its stdout."""
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    session = uuid.uuid4().hex
    msg_id = uuid.uuid4().hex
    conn = await websocket_connect(HTTPRequest(f"{url}?session_id={session}", headers={"Cookie": cookie}))
    try:
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "session": session, "username": "test", "msg_type": "execute_request",
                       "version": "5.3", "date": datetime.now(timezone.utc).isoformat()},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                        "allow_stdin": False, "stop_on_error": True},
        }))
        stdout, done, errors = [], False, []
        deadline = time.monotonic() + timeout
        while not done:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no reply from the kernel in {timeout} s")
            raw = await asyncio.wait_for(conn.read_message(), remaining)
            if raw is None:
                raise ConnectionError("the kernel's websocket closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind = msg["header"]["msg_type"]
            if kind == "stream" and msg["content"]["name"] == "stdout":
                stdout.append(msg["content"]["text"])
            elif kind == "error":
                errors.append("\n".join(msg["content"]["traceback"]))
            elif kind == "status" and msg["content"]["execution_state"] == "idle":
                done = True
        assert not errors, errors
        return "".join(stdout)
    finally:
        conn.close()
