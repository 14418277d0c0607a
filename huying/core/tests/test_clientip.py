from django.test import RequestFactory

from huying.lib.clientip import client_ip


def request(remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_header_is_ignored(settings):
    settings.HUYING_TRUSTED_PROXY_HEADER = ""
    assert client_ip(request(forwarded="1.2.3.4")) == "10.0.0.1"


def test_behind_one_proxy_the_rightmost_address_counts(settings):
    settings.HUYING_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.HUYING_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(forwarded="6.6.6.6, 1.2.3.4")) == "1.2.3.4"


def test_behind_two_proxies(settings):
    settings.HUYING_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.HUYING_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request(forwarded="6.6.6.6, 1.2.3.4, 10.0.0.9")) == "1.2.3.4"


def test_garbage_falls_back_to_the_socket_address(settings):
    settings.HUYING_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.HUYING_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(forwarded="not-an-ip")) == "10.0.0.1"
    assert client_ip(request(forwarded="")) == "10.0.0.1"
