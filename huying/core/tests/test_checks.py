"""Settings that start but would not work in production are system checks."""

from django.core.management import call_command

from huying.appeals.checks import field_keys_read_the_stored_numbers
from huying.core.checks import allowed_hosts, https_behind_a_proxy

OTHER_KEY = "bG9uZy1yYW5kb20tcHJvZHVjdGlvbi1rZXktMzJieXQ="


def ids(found):
    return [message.id for message in found]


def test_allowed_hosts_naming_only_this_machine(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    assert ids(allowed_hosts()) == ["huying.W001"]
    settings.ALLOWED_HOSTS = ["huying.example.gov.cn"]
    assert allowed_hosts() == []


def test_https_without_a_trusted_proxy_header(settings):
    settings.HTTPS, settings.HUYING_TRUSTED_PROXY_HEADER = True, ""
    assert ids(https_behind_a_proxy()) == ["huying.W002"]
    settings.HUYING_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    assert https_behind_a_proxy() == []


def test_field_keys_that_cannot_read_the_stored_numbers(settings, org):
    from huying.appeals.tests.factories import make_appeal

    make_appeal(org)
    assert field_keys_read_the_stored_numbers() == []
    rotated = [OTHER_KEY, *settings.HUYING_FIELD_KEYS]
    settings.HUYING_FIELD_KEYS = rotated  # a new key first, the old one kept: fine
    assert field_keys_read_the_stored_numbers() == []
    settings.HUYING_FIELD_KEYS = [OTHER_KEY]  # the old key lost
    assert ids(field_keys_read_the_stored_numbers()) == ["huying.E001"]


def test_the_checks_run_with_check_deploy(settings, capsys, db):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["localhost"]
    try:
        call_command("check", "--deploy")
    except SystemExit:
        pass
    except Exception as exc:  # SystemCheckError for the errors among them
        assert "huying.W001" in str(exc)
        return
    assert "huying.W001" in capsys.readouterr().err
