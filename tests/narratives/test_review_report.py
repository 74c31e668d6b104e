"""The 'Narratives due for review' report: never reviewed, reviewed over 12 months ago, or
consent expiring within 30 days."""

import csv
import io
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.factories import NarrativeFactory, UserFactory

REPORT = "narratives_due_for_review"


@pytest.fixture
def library(db):
    today = timezone.localdate()
    return {
        "never": NarrativeFactory(title="Never looked at", last_reviewed=None),
        "stale": NarrativeFactory(title="Long ago", last_reviewed=today - timedelta(days=400)),
        "expiring": NarrativeFactory(
            title="Consent ending", consent__expires=today + timedelta(days=10)
        ),
        "fresh": NarrativeFactory(title="Just reviewed"),
        "fresh_long_consent": NarrativeFactory(
            title="Reviewed, consent for years", consent__expires=today + timedelta(days=900)
        ),
        "eleven_months": NarrativeFactory(
            title="Eleven months", last_reviewed=today - timedelta(days=330)
        ),
    }


def report_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    rows = {}
    for row in soup.select("table.listing tbody tr"):
        cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
        rows[cells[0]] = cells
    return rows


def test_report_lists_each_narrative_due_with_its_reason(curator_client, library):
    response = curator_client.get(reverse(REPORT))

    assert response.status_code == 200
    assert "Narratives due for review" in response.content.decode()
    rows = report_rows(response)
    assert set(rows) == {"Never looked at", "Long ago", "Consent ending"}
    assert rows["Never looked at"][-1] == "Never reviewed"
    assert rows["Long ago"][-1] == "Not reviewed for over 12 months"
    assert rows["Consent ending"][-1] == "Consent expires in 10 days"
    assert rows["Long ago"][1] == library["stale"].narrator_pseudonym


def test_report_titles_link_to_the_narrative_editor(curator_client, library):
    response = curator_client.get(reverse(REPORT))

    edit_url = reverse("wagtailsnippets_narratives_narrative:edit", args=[library["stale"].pk])
    assert f'href="{edit_url}"' in response.content.decode()


def test_report_gives_every_reason_that_applies(curator_client, db):
    today = timezone.localdate()
    NarrativeFactory(title="Both", last_reviewed=None, consent__expires=today + timedelta(days=30))

    rows = report_rows(curator_client.get(reverse(REPORT)))

    assert rows["Both"][-1] == "Never reviewed; Consent expires in 30 days"


def test_report_says_so_when_nothing_is_due(curator_client, db):
    NarrativeFactory(title="Just reviewed")

    response = curator_client.get(reverse(REPORT))

    assert "Every narrative has been reviewed in the last 12 months." in response.content.decode()


def test_report_exports_csv(curator_client, library):
    response = curator_client.get(reverse(REPORT), {"export": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == ["Narrative", "Narrator", "Last reviewed", "Why it is due"]
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {"Never looked at", "Long ago", "Consent ending"}
    assert by_title["Long ago"][2] == library["stale"].last_reviewed.isoformat()
    assert by_title["Long ago"][3] == "Not reviewed for over 12 months"
    assert by_title["Consent ending"][3] == "Consent expires in 10 days"
    assert by_title["Never looked at"][3] == "Never reviewed"


def test_user_without_narrative_change_permission_gets_no_access(client, library):
    user = UserFactory(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)

    for params in ({}, {"export": "csv"}):
        response = client.get(reverse(REPORT), params)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    results = client.get(reverse("narratives_due_for_review_results"))
    assert results.status_code in (302, 403)
    assert b"Long ago" not in results.content


def test_report_is_in_the_reports_menu_for_curators_only(client, curator, db):
    user = UserFactory(username="editor")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    report_url = reverse(REPORT)

    client.force_login(curator)
    assert report_url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(user)
    assert report_url not in client.get(reverse("wagtailadmin_home")).content.decode()
