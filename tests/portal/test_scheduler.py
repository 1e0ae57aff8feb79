"""Scheduled publishing happens without cron: `run_scheduler` does Wagtail's pass."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.factories import ArticleIndexPageFactory, ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_in_the_past_goes_live_on_the_next_pass(home):
    index = ArticleIndexPageFactory(parent=home, slug="artikelen")
    article = ArticlePageFactory(parent=index, title="Gepland bericht", live=False)
    revision = article.save_revision()
    revision.approved_go_live_at = timezone.now() - datetime.timedelta(minutes=1)
    revision.save()
    article.refresh_from_db()
    assert not article.live

    call_command("run_scheduler", "--once", stdout=StringIO())

    article.refresh_from_db()
    assert article.live


def test_a_page_scheduled_in_the_future_waits(home):
    index = ArticleIndexPageFactory(parent=home, slug="artikelen")
    article = ArticlePageFactory(parent=index, title="Later bericht", live=False)
    revision = article.save_revision()
    revision.approved_go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision.save()

    call_command("run_scheduler", "--once", stdout=StringIO())

    article.refresh_from_db()
    assert not article.live
