import contextlib
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

# A worker that dies is started again after 1, 2, 4 … seconds, at most a minute; one that ran
# this long before dying starts again at once.
FIRST_DELAY, MAX_DELAY, HEALTHY_RUN = 1.0, 60.0, 60.0


class Command(BaseCommand):
    help = (
        "Serve Huying on 127.0.0.1:8000 with its task worker; the site stays up if the worker dies "
        "(it is started again, with a back-off). One Ctrl-C stops both."
    )

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--server", default="runserver", help="the command that serves pages (tests use a stub)")

    def handle(self, addrport, server="runserver", **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]

        def start_worker():
            return subprocess.Popen([*manage, "run_huey", "--quiet"])  # noqa: S603

        worker, started, delay = start_worker(), time.monotonic(), FIRST_DELAY
        web = subprocess.Popen([*manage, *server.split(), addrport])  # noqa: S603
        self.stdout.write(f"\nHuying: http://{addrport}/\nCtrl-C stops the server and the worker.\n")
        restart_at = None

        def stop(*_args):
            for proc in (web, worker):
                if proc.poll() is None:
                    proc.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while web.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    web.wait(timeout=0.5)
                now = time.monotonic()
                if restart_at is None and worker.poll() is not None:
                    if now - started >= HEALTHY_RUN:
                        delay = FIRST_DELAY
                    restart_at = now + delay
                    self.stderr.write(
                        f"Huying: the task worker stopped (exit code {worker.returncode}); "
                        f"starting it again in {delay:g} s. The site stays up."
                    )
                    delay = min(delay * 2, MAX_DELAY)
                if restart_at is not None and now >= restart_at:
                    worker, started, restart_at = start_worker(), now, None
                    self.stderr.write("Huying: the task worker is running again.")
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for proc in (web, worker):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
