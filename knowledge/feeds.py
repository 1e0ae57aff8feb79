"""Atom feeds of new case law and articles. Public content only: restricted pages and
members-only annotations never enter a feed, whoever asks for it."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

FEED_SIZE = 50


def _as_datetime(date):
    if date is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(12, 0)))


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose summaries say what they are: plain text. Django marks every summary as HTML, so
    a reader would turn escaped markup quoted in a ruling or an intro into live markup."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class CaseLawFeed(Feed):
    feed_type = PlainTextAtomFeed

    def __init__(self, index_page, topic=None, court=None):
        super().__init__()
        self.index_page = index_page
        self.topic = topic
        self.court = court

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        if self.topic is not None:
            return _("New case law on %(topic)s") % {"topic": self.topic.name}
        if self.court:
            return _("New case law from %(court)s") % {"court": self.court_name()}
        return _("New case law")

    def link(self):
        return self.index_page.get_url(self.request)

    def court_name(self) -> str:
        """The court's name as its rulings give it ("Raad van State"), else its code."""
        return (
            self._public_rulings()
            .filter(court_code=self.court)
            .values_list("court", flat=True)
            .first()
            or self.court
        )

    def _public_rulings(self):
        return self.index_page.child_items().live().public()

    def subtitle(self):
        return self.index_page.intro

    def items(self):
        pages = self._public_rulings()
        if self.topic is not None:
            pages = pages.filter(topics=self.topic)
        if self.court:
            pages = pages.filter(court_code=self.court)
        return pages.order_by("-publication_date", "-decision_date", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return Truncator(item.summary_text).words(120)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return item.ecli

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return _as_datetime(item.publication_date or item.decision_date)

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.court


class ArticleFeed(Feed):
    feed_type = PlainTextAtomFeed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("New articles")

    def link(self):
        return self.index_page.get_url(self.request)

    def items(self):
        pages = self.index_page.child_items().live().public()
        return pages.order_by("-date", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return _as_datetime(item.date)

    def item_author_name(self, item):
        return item.author or None
