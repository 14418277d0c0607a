"""`manage.py serve` (what `make run` uses): the site stays up when the worker dies, and the
worker is started again with a back-off, each restart logged."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def children(pid: int, pattern: str) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid), "-f", pattern], capture_output=True, text=True)  # noqa: S603, S607
    return [int(p) for p in found.stdout.split()]


def wait_for(condition, seconds=60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def healthy(port) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def test_the_site_stays_up_when_the_worker_dies_and_the_worker_comes_back(tmp_path):
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}},
        "DEBUG": "1",
        "HUYING_VAR_DIR": str(tmp_path),
    }
    log = (tmp_path / "serve.log").open("w+")
    serve = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}", "--server", "runserver --noreload"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for(lambda: healthy(port))
        first = wait_for(lambda: children(serve.pid, "run_huey"))
        os.kill(first[0], signal.SIGKILL)
        wait_for(lambda: "the task worker stopped" in (tmp_path / "serve.log").read_text())
        assert healthy(port), "the site went down with the worker"
        again = wait_for(lambda: [p for p in children(serve.pid, "run_huey") if p not in first], seconds=30)
        assert again and healthy(port)
        assert "the task worker is running again" in (tmp_path / "serve.log").read_text()
        # Killed at once again: the next wait is longer (the back-off doubles).
        os.kill(again[0], signal.SIGKILL)
        wait_for(lambda: "starting it again in 2 s" in (tmp_path / "serve.log").read_text())
        assert serve.poll() is None and healthy(port)
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=30)
        log.close()
    assert children(serve.pid, "manage.py") == []
