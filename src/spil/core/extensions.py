"""Hooks through which the development tools plug into Spil.

The development tools (`spil_dev`: the demo, the DUO and BRP sandboxes) are never installed
in production, and nothing in `spil` imports them. Where a tool adds to Spil, Spil offers
a hook here and the tool's `AppConfig.ready()` fills it:

* `add_urls(route, urlconf)`: the tool's pages, included by `spil.urls` (the URLconf loads
  after every app is ready);
* `add_page_link(page, link)`: a link on one of Spil's pages to such a tool page, shown to
  the users the link's `allowed` lets through.

Without the tools, every hook is empty: no URL, no link. (`spil bench NAME` has its own
registry, `spil.core.benchmarks`.)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from spil.accounts.models import User


@dataclass(frozen=True)
class PageLink:
    label: Promise
    url_name: str
    allowed: Callable[[User | AnonymousUser], bool]


_URL_INCLUDES: dict[str, str] = {}
_PAGE_LINKS: dict[str, dict[str, PageLink]] = {}


def add_urls(route: str, urlconf: str) -> None:
    """Include the URLconf module `urlconf` under `route` (idempotent per module)."""
    _URL_INCLUDES[urlconf] = route


def url_includes() -> list[tuple[str, str]]:
    """(route, urlconf module) of every tool that added pages, in the order they came."""
    return [(route, urlconf) for urlconf, route in _URL_INCLUDES.items()]


def add_page_link(page: str, link: PageLink) -> None:
    """Show `link` on the page whose URL name is `page` (idempotent per link target)."""
    _PAGE_LINKS.setdefault(page, {})[link.url_name] = link


def page_links(page: str, user: User | AnonymousUser) -> list[PageLink]:
    """The tool links on `page` that `user` may follow."""
    return [link for link in _PAGE_LINKS.get(page, {}).values() if link.allowed(user)]
