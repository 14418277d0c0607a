import contextlib
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Huying on 127.0.0.1:8000 with its task worker; one Ctrl-C stops both."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")

    def handle(self, addrport, **options):
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        worker = subprocess.Popen([*manage, "run_huey", "--quiet"])  # noqa: S603
        server = subprocess.Popen([*manage, "runserver", addrport])  # noqa: S603
        self.stdout.write(f"\nHuying: http://{addrport}/\nCtrl-C stops the server and the worker.\n")

        def stop(*_args):
            for proc in (server, worker):
                if proc.poll() is None:
                    proc.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while server.poll() is None and worker.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=1)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for proc in (server, worker):
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
