"""`make run` on a database that already holds the demo district."""

from io import StringIO

from django.core.management import call_command

from huying.accounts.models import User
from huying.demo.logins import DEMO_LOGINS_TEXT, DEMO_PASSWORD, DEPARTMENT_LOGINS
from huying.demo.organisation import create_organisation


def test_a_demo_loaded_before_the_department_logins_gets_them_from_make_run(db):
    create_organisation()
    User.objects.filter(username__in=DEPARTMENT_LOGINS.values()).delete()
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert DEMO_LOGINS_TEXT in out.getvalue()
    assert User.objects.filter(username__in=DEPARTMENT_LOGINS.values()).count() == len(DEPARTMENT_LOGINS)
    assert User.objects.get(username="bureau-environment").check_password(DEMO_PASSWORD)
