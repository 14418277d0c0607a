"""The `huying` command: `huying router train` is `manage.py router train`."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huying.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["huying", *sys.argv[1:]])
