"""Raw tags in a Markdown body that no page or PDF shows, found with their lines and columns."""

from __future__ import annotations

from isms.read.markup import KEPT_TAGS, unknown_tags
from isms.site import sanitize


def test_placeholders_in_angle_brackets_are_named_where_they_stand() -> None:
    body = (
        "Send the form to <security team> by <date>.\n"
        "The <Kite> service</Kite> and <x.y/> stay out of sight, and so does \\\\<this>.\n"
    )
    assert unknown_tags(body, 10) == [
        (10, 18, "<security team>"),
        (10, 37, "<date>"),
        (11, 5, "<Kite>"),
        (11, 19, "</Kite>"),
        (11, 31, "<x.y/>"),
        (11, 71, "<this>"),
    ]


def test_elements_the_site_keeps_links_code_and_comments_are_not_named() -> None:
    body = (
        "H<sub>2</sub>O, <kbd>Ctrl</kbd>, <br/>, <SPAN class=x>a</SPAN> and <details><summary>s</summary></details>\n"
        "<https://intranet.example/form> <mailto:it@example.com> <it@example.com>\n"
        "`<placeholder>` in code, a < b > c, <1>, <>, <!-- <comment> -->, \\<escaped> \\<system name\\>\n"
        "```\n<config>\n```\n"
    )
    assert unknown_tags(body, 1) == []


def test_what_is_removed_for_what_it_is_is_left_to_the_removed_warning() -> None:
    # <script> and its end tag are named by isms.html.removed, once
    assert unknown_tags("Done <script>alert(1)</script> and <iframe src=x></iframe>.\n", 1) == []


def test_the_sanitizer_keeps_exactly_the_elements_the_check_knows() -> None:
    assert sanitize.TAGS is KEPT_TAGS
    assert sanitize.clean("<span>kept</span> <Kite>gone</Kite> <date>") == "<span>kept</span> gone "
