import os
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR


KEYS = ("SECRET_KEY", "HUYING_FIELD_KEYS")
GOOD_SECRET = "k8#vQ2!pX9zL4mN7wR1tY6uI3oP0aS5dF8gH2jK4lZ7xC9vB1nM"
GOOD_FIELD_KEY = "bG9uZy1yYW5kb20tcHJvZHVjdGlvbi1rZXktMzJieXQ="


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    # The suite's own keys (pyproject's pytest env) are not passed on: each test says its keys.
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "REDIS_URL", *KEYS))}
    full_env.update({"DJANGO_SETTINGS_MODULE": "huying.settings", "HUYING_VAR_DIR": "/tmp/huying-settings-test"})
    full_env.update({"SECRET_KEY": GOOD_SECRET, "HUYING_FIELD_KEYS": GOOD_FIELD_KEY})
    full_env.update(env)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


SETUP = "import django; django.setup(); from django.conf import settings; "


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("DATABASE_URL", "mysql://localhost/x", "SQLite or PostgreSQL"),
        ("DATABASE_URL", "not a url", "DATABASE_URL"),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE"),
        ("LANGUAGE_CODE", "fr", "LANGUAGE_CODE"),
        ("HUYING_SUBMISSIONS_PER_PHONE_PER_DAY", "five", "whole number"),
        ("HUYING_TRUSTED_PROXY_COUNT", "0", "at least 1"),
        ("HUYING_SMS_BACKEND", "pigeon", "HUYING_SMS_BACKEND"),
    ],
)
def test_settings_fail_loudly_on_bad_values(name, value, message):
    result = run_django(SETUP, **{name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({}, "SECRET_KEY is not set"),
        ({"HUYING_FIELD_KEYS": GOOD_FIELD_KEY}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "django-insecure-huying-development-key-do-not-deploy"}, "public development key"),
        ({"SECRET_KEY": "change-me-to-50-random-characters", "HUYING_FIELD_KEYS": GOOD_FIELD_KEY}, "long random"),
        ({"SECRET_KEY": "short", "HUYING_FIELD_KEYS": GOOD_FIELD_KEY}, "long random"),
        ({"SECRET_KEY": GOOD_SECRET}, "HUYING_FIELD_KEYS is not set"),
        (
            {"SECRET_KEY": GOOD_SECRET, "HUYING_FIELD_KEYS": "aHV5aW5nLWRldmVsb3BtZW50LWZpZWxkLWtleS0zMmI="},
            "public development key",
        ),
        ({"SECRET_KEY": GOOD_SECRET, "HUYING_FIELD_KEYS": "not-a-key"}, "not Fernet keys"),
    ],
)
def test_production_refuses_to_start_without_real_keys_with_one_line(keys, message):
    result = run_django(SETUP, DEBUG="0", **{"SECRET_KEY": "", "HUYING_FIELD_KEYS": "", **keys})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], "one line, no traceback"
    assert result.stderr.startswith("Huying will not start:") and message in result.stderr


@pytest.mark.parametrize("command", [["check"], ["run_huey"], ["migrate", "--plan"]])
def test_every_command_and_the_worker_refuse_alike(command):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", *KEYS))}
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env={**env, "DEBUG": "0", "HUYING_VAR_DIR": "/tmp/huying-settings-test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and result.stderr.startswith("Huying will not start: SECRET_KEY")


def test_with_debug_on_the_development_keys_serve_a_laptop():
    code = SETUP + "print(settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY)"
    result = run_django(code, DEBUG="1", SECRET_KEY="", HUYING_FIELD_KEYS="")
    assert result.returncode == 0 and result.stdout.strip() == "True"


def test_defaults_are_sqlite_in_wal_with_immediate_transactions_and_chinese():
    code = SETUP + (
        "db = settings.DATABASES['default']; "
        "print(db['ENGINE'], db['OPTIONS']['transaction_mode'], settings.LANGUAGE_CODE, settings.TIME_ZONE); "
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode'); "
        "print(c.fetchone()[0]); c.execute('PRAGMA busy_timeout'); print(c.fetchone()[0])"
    )
    result = run_django(code)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == "django.db.backends.sqlite3 IMMEDIATE zh-hans Asia/Shanghai"
    assert lines[1] == "wal"
    assert int(lines[2]) >= 5000


def test_huey_is_sqlite_by_default_and_redis_when_redis_url_is_set():
    code = SETUP + "from huey.contrib.djhuey import HUEY; print(type(HUEY).__name__)"
    assert run_django(code).stdout.strip() == "SqliteHuey"
    assert run_django(code, REDIS_URL="redis://127.0.0.1:6379/3").stdout.strip() == "RedisHuey"


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
            "DEBUG": "0",
            "SECRET_KEY": GOOD_SECRET,
            "HUYING_FIELD_KEYS": GOOD_FIELD_KEY,
            "HTTPS": "1",
            "HUYING_TRUSTED_PROXY_HEADER": "X-Forwarded-For",
            "ALLOWED_HOSTS": "huying.example.gov.cn",
            "HUYING_VAR_DIR": "/tmp/huying-deploy-test",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
