"""The site's own pages and commands: home page figures, the daily reminders command."""

from io import StringIO

import pytest
from django.core.management import call_command

from patentbridge.patents.models import LegalStatus
from patentbridge.patents.tests.factories import PatentFactory

pytestmark = pytest.mark.django_db


def test_home_page_counts_the_register(client):
    PatentFactory(legal_status=LegalStatus.IN_FORCE)
    PatentFactory(legal_status=LegalStatus.LAPSED)
    response = client.get("/")
    assert (response.context["patent_count"], response.context["in_force_count"]) == (2, 1)


def test_send_reminders_runs_the_pool_and_the_recordation_reminders():
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert [line.split(":")[0] for line in out.getvalue().splitlines()] == [
        "fee reminders sent", "unused funded-patent alerts sent", "recordation reminders sent"]
