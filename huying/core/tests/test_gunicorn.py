"""Huying under gunicorn with production settings (deploy/gunicorn.conf.py), behind a proxy
that says the visitor came by HTTPS: a page, a static file and the security headers."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

HOST = "huying.example.gov.cn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(port, path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": HOST, **headers})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), ""


def test_gunicorn_serves_pages_static_files_and_security_headers_behind_the_proxy(tmp_path):
    root = Path(settings.BASE_DIR)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW"))},
        "DEBUG": "0",
        "SECRET_KEY": "k8#vQ2!pX9zL4mN7wR1tY6uI3oP0aS5dF8gH2jK4lZ7xC9vB1nM",
        "HUYING_FIELD_KEYS": "bG9uZy1yYW5kb20tcHJvZHVjdGlvbi1rZXktMzJieXQ=",
        "ALLOWED_HOSTS": HOST,
        "HTTPS": "1",
        "HUYING_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        "HUYING_MANIFEST_STATIC": "1",
        "HUYING_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'huying.sqlite3'}",
    }
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = subprocess.run([*manage, *command], cwd=root, env=env, capture_output=True, text=True, timeout=300)  # noqa: S603
        assert done.returncode == 0, done.stderr[-2000:]
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603
        [str(gunicorn), "-c", "deploy/gunicorn.conf.py", "huying.wsgi"],
        cwd=root,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": "2"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, _h, _b = get(port, "/healthz", **{"X-Forwarded-Proto": "https"})
                if status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        proxied = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        status, headers, body = get(port, "/", **proxied)
        assert status == 200 and "民有所呼" in body
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff" and headers["X-Frame-Options"] == "DENY"
        assert headers["Referrer-Policy"] == "same-origin" and "camera=()" in headers["Permissions-Policy"]
        assert "Secure" in headers.get("Set-Cookie", "Secure")
        # Plain HTTP straight to gunicorn is sent to HTTPS.
        status, headers, _b = get(port, "/")
        assert status == 301 and headers["Location"] == f"https://{HOST}/"
        # The stylesheet under its hashed name, cached for good.
        css = re.search(r'href="(/static/huying/huying\.[0-9a-f]{12}\.css)"', body).group(1)
        status, headers, _b = get(port, css, **proxied)
        assert status == 200 and "max-age=315360000" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)
