"""Browsers ask every site for /favicon.ico, whatever its pages link to (issue 15: a 404 on
every page). The browser test (tests/browser/test_account_journeys.py) follows it to the icon."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    with open(finders.find("favicon.ico"), "rb") as icon:
        assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_pages_link_to_the_icon(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert f'<link rel="icon" href="{static("favicon.ico")}"' in html
