"""The web server and the worker write to SQLite at once: the second writer waits, never errors."""

import subprocess
import sys
import textwrap

from django.conf import settings

WRITER = textwrap.dedent(
    """
    import sys, time, django
    django.setup()
    from django.db import connection, transaction
    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS t (n integer)")
    hold = float(sys.argv[1])
    with transaction.atomic():
        with connection.cursor() as c:
            c.execute("INSERT INTO t VALUES (1)")
        print("locked", flush=True)
        time.sleep(hold)
    print("done", flush=True)
    """
)


def test_two_processes_write_sqlite_at_once_without_database_is_locked(tmp_path):
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # The same guarantee on PostgreSQL is PostgreSQL's own; check the SQLite file mode instead.
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        return
    env = {
        "DJANGO_SETTINGS_MODULE": "huying.settings",
        "HUYING_VAR_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "DEBUG": "1",  # the development keys will do for two writers
    }
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    first = subprocess.Popen(  # noqa: S603
        [sys.executable, str(script), "2"], cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, text=True
    )
    assert first.stdout.readline().strip() == "locked"
    second = subprocess.run(  # noqa: S603
        [sys.executable, str(script), "0"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60
    )
    first.wait(timeout=60)
    assert second.returncode == 0, second.stderr
    assert "database is locked" not in second.stderr
    assert second.stdout.split() == ["locked", "done"]
