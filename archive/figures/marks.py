"""An article's text with its figures marked, for the article page."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


def highlighted_paragraphs(body: str, figures) -> list:
    """The body's paragraphs (as Article.paragraphs splits them) as HTML, each figure's words in a
    <mark> that the list beside the text links to. Text is escaped; a figure whose place no longer
    holds its words (the body was edited and not extracted again) is not marked."""
    marks = sorted((f for f in figures if body[f.start : f.end] == f.text), key=lambda f: f.start)
    paragraphs = []
    for match in re.finditer(r"(?:(?!\n\n).)+", body, re.S):
        if not match.group().strip():
            continue
        html, at = [], match.start()
        for figure in (f for f in marks if match.start() <= f.start and f.end <= match.end()):
            if figure.start < at:
                continue
            html.append(escape(body[at : figure.start]))
            html.append(
                format_html(
                    '<mark class="figure" id="figure-{}" title="{}">{}</mark>', figure.pk, figure.metric, figure.text
                )
            )
            at = figure.end
        html.append(escape(body[at : match.end()]))
        paragraphs.append(mark_safe("".join(html)))  # noqa: S308  every piece was escaped above
    return paragraphs
