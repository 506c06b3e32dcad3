"""Stored text is shown as text everywhere: markup in a title, a body, a source's name, an alias, a
figure's sentence and metric is escaped once on every page and in the admin (never a live tag, never
shown as &lt;), and is the stored text itself in the JSON, the CSV and the Atom feed."""

import csv
import json
from datetime import datetime
from html.parser import HTMLParser
from io import StringIO
from xml.etree import ElementTree

import pytest

from archive.figures.models import Figure
from archive.models import SHANGHAI, Agency, Alias, Campaign

from ..factories import make_article

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
SVG = "\"'><svg onload=alert(1)>"
ENTITIES = "&lt;script&gt; &#x3C;script&#x3E; &amp;lt;"
TITLE = f"断卡通报{SCRIPT}{ENTITIES}"
SOURCE = f"{SCRIPT}报社"
AGENCY_ALIAS = f"{IMG}办"
CAMPAIGN_ALIAS = f"{SVG}行动"
FIGURE_SENTENCE = "2020年,公安部共破获<b>案件</b>32.2万起。"
# Each marked line is a paragraph; the search word 断卡 sits in the first so the snippet holds them all.
BODY = "\n\n".join(
    [
        f"开展断卡行动{SCRIPT}{IMG}。",
        f"{SVG}{ENTITIES}。",
        FIGURE_SENTENCE,
        "人民银行清理涉诈账户。",
    ]
)
ATOM = "{http://www.w3.org/2005/Atom}"


class Page(HTMLParser):
    """An HTML page as a browser would parse it: its elements, its attributes and its text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.chunks, self._in_script = [], [], [], False
        self.feed(html)
        self.close()
        self.text = "".join(self.chunks)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.chunks).append(data)

    def live_markup(self) -> list:
        """What the stored text would do were it not escaped: an element it made, an event handler,
        a script that alerts."""
        made = [(t, a) for t, a in self.tags if t == "b" or (t == "img" and a.get("src") == "x")]
        handlers = [(t, a) for t, a in self.tags if any(name.startswith("on") for name in a)]
        return made + handlers + [s for s in self.scripts if "alert(1)" in s]

    def values(self) -> set:
        return {a.get("value") for _, a in self.tags} | {a.get("title") for _, a in self.tags}


def shown_as_text(response, *stored) -> Page:
    """The page has no live markup and shows each stored text as it is: escaped once."""
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.live_markup() == []
    for text in stored:
        assert text in page.text
    return page


@pytest.fixture
def marked():
    """An article whose every stored text carries markup, mentioning an agency and a campaign by
    aliases that carry markup too, with a figure whose sentence and metric do; and a reprint that
    adds a marked sentence."""
    Alias.objects.create(name=AGENCY_ALIAS, agency=Agency.objects.get(slug="ministry-of-public-security"))
    Alias.objects.create(name=CAMPAIGN_ALIAS, campaign=Campaign.objects.get(slug="duanka"))
    article = make_article(title=TITLE, body=BODY, source=SOURCE, published_at=datetime(2021, 1, 10, tzinfo=SHANGHAI))
    reprint = make_article(
        title=TITLE,
        body=BODY + f"\n\n转载者补充{SCRIPT}。",
        source="新华社",
        published_at=datetime(2021, 1, 12, tzinfo=SHANGHAI),
    )
    article.refresh_from_db()
    reprint.refresh_from_db()
    figure = Figure.objects.get(article=article, text="32.2万起")
    assert figure.sentence == FIGURE_SENTENCE and "<b>" in figure.metric
    assert reprint.family_id == article.family_id == article.pk
    return {"article": article, "reprint": reprint, "figure": figure}


def test_list_page_shows_the_title_and_snippet_as_text_with_the_word_marked(client, marked):
    page = shown_as_text(client.get("/", {"q": "断卡"}), TITLE, SCRIPT + IMG, SVG, SOURCE)
    assert ("mark", {}) in page.tags


def test_list_page_marks_a_word_inside_markup_without_breaking_it(client, marked):
    page = shown_as_text(client.get("/", {"q": "alert"}), TITLE, SCRIPT + IMG)
    assert ("mark", {}) in page.tags


def test_article_page_shows_body_figures_reprint_changes_and_citations_as_text(client, marked):
    article = marked["article"]
    page = shown_as_text(
        client.get(article.get_absolute_url()),
        TITLE,
        SOURCE,
        f"开展断卡行动{SCRIPT}{IMG}。",
        SVG + ENTITIES,
        FIGURE_SENTENCE,
        f"转载者补充{SCRIPT}。",  # the reprint's added sentence
        f"{TITLE}",
    )
    assert ("mark", {"class": "figure", "id": f"figure-{marked['figure'].pk}", "title": marked["figure"].metric}) in (
        page.tags
    )
    citations = page.text[page.text.index("引用") :]
    assert TITLE in citations and SOURCE in citations


def test_citation_files_hold_the_stored_title(client, marked):
    article = marked["article"]
    assert f"TI  - {TITLE}\r\n" in client.get(f"/articles/{article.pk}/cite.ris").content.decode()
    bibtex = TITLE.replace("&", r"\&").replace("#", r"\#")  # BibTeX's own escapes, not HTML's
    assert f"title = {{{bibtex}}}" in client.get(f"/articles/{article.pk}/cite.bib").content.decode()


def test_agency_and_campaign_pages_show_aliases_and_titles_as_text(client, marked):
    shown_as_text(client.get("/agencies/ministry-of-public-security/"), AGENCY_ALIAS, TITLE)
    shown_as_text(client.get("/campaigns/duanka/"), CAMPAIGN_ALIAS, TITLE)


def test_feed_carries_the_stored_text_escaped_once(client, marked):
    response = client.get("/feed.atom", {"q": "断卡"})
    assert response.status_code == 200
    entries = ElementTree.fromstring(response.content).findall(f"{ATOM}entry")
    assert {e.findtext(f"{ATOM}title") for e in entries} == {TITLE}
    summary = entries[0].findtext(f"{ATOM}summary")
    assert summary.startswith(" ".join(BODY.split())[:60])
    authors = {e.findtext(f"{ATOM}author/{ATOM}name") for e in entries}
    assert SOURCE in authors


def test_api_values_are_the_stored_text(client, marked):
    results = client.get("/api/articles/", {"q": "断卡"}).json()["results"]
    original = next(r for r in results if r["id"] == marked["article"].pk)
    assert original["title"] == TITLE and original["source"] == SOURCE
    snippet = Page(original["snippet"])  # HTML by design: the text escaped, the words marked
    assert snippet.live_markup() == [] and SCRIPT + IMG in snippet.text


def test_exports_hold_the_stored_text(client, marked):
    rows = list(
        csv.DictReader(StringIO(b"".join(client.get("/export.csv").streaming_content).decode().lstrip("\ufeff")))
    )
    original = next(r for r in rows if r["id"] == str(marked["article"].pk))
    assert original["title"] == TITLE and original["body"] == BODY and original["source"] == SOURCE
    lines = b"".join(client.get("/export.jsonl").streaming_content).decode().splitlines()
    record = next(r for r in map(json.loads, lines) if r["id"] == marked["article"].pk)
    assert record["title"] == TITLE and record["body"] == BODY and record["source"] == SOURCE
    content = b"".join(client.get("/figures.csv").streaming_content).decode().lstrip("\ufeff")
    figure = next(r for r in csv.DictReader(StringIO(content)) if r["text"] == "32.2万起")
    assert figure["sentence"] == FIGURE_SENTENCE and figure["article_title"] == TITLE
    assert figure["metric"] == marked["figure"].metric


def test_figures_and_series_pages_show_sentences_as_text_with_the_figure_marked(client, marked):
    figure = marked["figure"]
    page = shown_as_text(client.get("/figures/"), FIGURE_SENTENCE, figure.metric)
    assert ("mark", {}) in page.tags
    page = shown_as_text(client.get("/figures/series/", {"metric": figure.metric}), FIGURE_SENTENCE, figure.metric)
    assert ("mark", {}) in page.tags


def test_admin_shows_stored_text_as_text(admin_client, marked):
    article, figure = marked["article"], marked["figure"]
    page = shown_as_text(admin_client.get(f"/admin/archive/article/{article.pk}/change/"), BODY)
    assert TITLE in page.values()
    shown_as_text(admin_client.get("/admin/archive/figure/"), "32.2万起")
    page = shown_as_text(admin_client.get(f"/admin/archive/figure/{figure.pk}/change/"), FIGURE_SENTENCE)
    assert figure.metric in page.values()
    shown_as_text(admin_client.get("/admin/archive/article/", {"q": "断卡"}), TITLE)
