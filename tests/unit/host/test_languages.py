"""Language versions of the site: their folders, the theme's language names, the switch's addresses."""

from __future__ import annotations

from isms.host.languages import alternates, link_alternates
from isms.render.links import language_folders


def test_each_language_gets_a_folder_named_by_its_base_unless_two_share_it() -> None:
    assert language_folders(["en", "ja", "zh-CN"]) == {"en": "", "ja": "ja/", "zh-CN": "zh/"}
    assert language_folders(["ja", "zh-CN", "zh-TW"]) == {"ja": "", "zh-CN": "zh-cn/", "zh-TW": "zh-tw/"}


def _switch(page_url: str, folder: str) -> str:
    html = "".join(f'<a href="{a["link"]}" hreflang="{a["lang"]}">' for a in alternates(["en", "ja", "zh-CN"]))
    return link_alternates(html, page_url, folder, language_folders(["en", "ja", "zh-CN"]))


def test_the_switch_leads_to_the_same_page_in_every_language() -> None:
    assert _switch("policies/POL-001/", "ja/") == (
        '<a href="../../../policies/POL-001/" hreflang="en">'
        '<a href="../../policies/POL-001/" hreflang="ja">'
        '<a href="../../../zh/policies/POL-001/" hreflang="zh-CN">'
    )
    assert _switch("", "") == '<a href="./" hreflang="en"><a href="ja/" hreflang="ja"><a href="zh/" hreflang="zh-CN">'


def test_pages_without_directory_urls_are_reached_from_their_folder() -> None:
    assert _switch("policies/POL-001.html", "zh/") == (
        '<a href="../../policies/POL-001.html" hreflang="en">'
        '<a href="../../ja/policies/POL-001.html" hreflang="ja">'
        '<a href="../policies/POL-001.html" hreflang="zh-CN">'
    )
    assert _switch("about.html", "") == (
        '<a href="about.html" hreflang="en"><a href="ja/about.html" hreflang="ja">'
        '<a href="zh/about.html" hreflang="zh-CN">'
    )


def test_the_theme_s_alternate_links_leave_the_head() -> None:
    """The theme's script would fetch a sitemap below each, and find none at a page's address."""
    links = alternates(["en", "ja"])
    head = "".join(f'  <link rel="alternate" href="{a["link"]}" hreflang="{a["lang"]}">\n' for a in links)
    feed = '<link rel="alternate" type="application/rss+xml" href="feed.xml">'
    page = f"<head>\n{head}{feed}\n</head>"
    assert link_alternates(page, "policies/POL-001/", "", language_folders(["en", "ja"])) == f"<head>\n{feed}\n</head>"
