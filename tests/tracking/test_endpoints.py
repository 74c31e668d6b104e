"""XAPI_LRS_ENDPOINTS: parsing, its errors, and `manage.py check` (tracking.E001)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from tracking import endpoints


def test_json_from_the_environment_is_parsed():
    (endpoint,) = endpoints.parse(
        '[{"name": "trust-lrs", "url": "https://lrs.example.org/xAPI/", "username": "u",'
        ' "password": "p", "timeout": 3, "batch_size": 50}]'
    )
    assert endpoint == endpoints.Endpoint(
        name="trust-lrs",
        url="https://lrs.example.org/xAPI/",
        username="u",
        password="p",
        timeout=3.0,
        batch_size=50,
    )
    # xAPI 1.0.3 Communication 2.1: the Statement resource is <base>/statements.
    assert endpoint.statements_url == "https://lrs.example.org/xAPI/statements"


def test_empty_means_no_lrs():
    assert endpoints.parse("") == [] and endpoints.parse("  ") == [] and endpoints.parse([]) == []


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "XAPI_LRS_ENDPOINTS is not valid JSON"),
        ('{"name": "a"}', "XAPI_LRS_ENDPOINTS must be a list of LRS settings."),
        ('[{"name": "a"}]', "XAPI_LRS_ENDPOINTS entry 1 needs a name and a url."),
        ('["https://lrs"]', "XAPI_LRS_ENDPOINTS entry 1 needs a name and a url."),
        (
            '[{"name": "a", "url": "https://l/", "pasword": "x"}]',
            "XAPI_LRS_ENDPOINTS entry 1 has unknown keys: pasword.",
        ),
        ('[{"name": "a", "url": "ftp://l/"}]', "XAPI_LRS_ENDPOINTS entry 1: url must be http(s)."),
        (
            '[{"name": "a", "url": "https://l/"}, {"name": "a", "url": "https://m/"}]',
            "XAPI_LRS_ENDPOINTS names twice: a.",
        ),
        (
            '[{"name": "a", "url": "https://l/", "timeout": "soon"}]',
            "XAPI_LRS_ENDPOINTS entry 1: timeout and batch_size must be numbers.",
        ),
        (
            '[{"name": "a", "url": "https://l/", "batch_size": 0}]',
            "XAPI_LRS_ENDPOINTS entry 1: timeout must be positive and batch_size between 1 "
            "and 1000.",
        ),
        (
            '[{"name": "a", "url": "https://l/", "timeout": -1}]',
            "XAPI_LRS_ENDPOINTS entry 1: timeout must be positive and batch_size between 1 "
            "and 1000.",
        ),
    ],
)
def test_malformed_settings_are_refused_with_a_clear_message(raw, message):
    with pytest.raises(ImproperlyConfigured) as error:
        endpoints.parse(raw)
    assert str(error.value).startswith(message)


def test_manage_py_check_reports_malformed_endpoints(settings, capsys):
    settings.XAPI_LRS_ENDPOINTS = '[{"name": "a", "url": "ftp://l/"}]'
    with pytest.raises(SystemCheckError) as error:
        call_command("check")
    assert "(tracking.E001) XAPI_LRS_ENDPOINTS entry 1: url must be http(s)." in str(error.value)


def test_manage_py_check_accepts_good_endpoints(settings, capsys):
    settings.XAPI_LRS_ENDPOINTS = '[{"name": "a", "url": "https://lrs.example.org/xAPI/"}]'
    call_command("check")
    assert "System check identified no issues" in capsys.readouterr().out


def test_a_changed_setting_is_read_again(settings):
    """The parsed endpoints are kept per value of the setting, never past a change."""
    settings.XAPI_LRS_ENDPOINTS = '[{"name": "first", "url": "https://a.example.org/xAPI/"}]'
    assert endpoints.names() == ["first"]
    settings.XAPI_LRS_ENDPOINTS = [
        {"name": "second", "url": "https://b.example.org/xAPI/"},
        {"name": "third", "url": "https://c.example.org/xAPI/"},
    ]
    assert endpoints.names() == ["second", "third"]
    settings.XAPI_LRS_ENDPOINTS = []
    assert endpoints.configured() == []
    settings.XAPI_LRS_ENDPOINTS = "{not json"
    with pytest.raises(ImproperlyConfigured, match="not valid JSON"):
        endpoints.configured()
