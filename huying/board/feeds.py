from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from huying.board.public import board_appeals, public_appeal

FEED_SIZE = 30


class BoardFeed(Feed):
    """The newest published appeals, masked like the board itself."""

    feed_type = Atom1Feed
    title = _("Public board: residents' appeals")
    subtitle = _("Appeals residents agreed to publish, with names and numbers masked.")
    link = reverse_lazy("board:list")

    def items(self):
        return [public_appeal(a) for a in board_appeals()[:FEED_SIZE]]

    def item_title(self, item):
        return f"【{item.kind_label}】{item.title}"

    def item_description(self, item):
        return item.excerpt

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.published_at or item.created

    def item_updateddate(self, item):
        return item.published_at or item.created

    def item_categories(self, item):
        return [c for c in (item.category.split(" > ")[0] if item.category else "", item.street) if c]
