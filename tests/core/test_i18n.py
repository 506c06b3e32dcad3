"""Interface languages: simplified Chinese by default, English by the switch; articles stay as written."""

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType

from archive.models import SHANGHAI

from ..factories import make_article

pytestmark = pytest.mark.django_db


def test_chinese_by_default_and_english_after_the_switch(client):
    article = make_article(title="公安部部署断卡行动", body="公安部部署“断卡”行动。")
    page = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in page and "检索语法" in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/?q=断卡"})
    assert response.status_code == 302 and unquote(response.url) == "/?q=断卡"
    page = client.get("/", {"q": "断卡"}).content.decode()
    assert '<html lang="en">' in page
    assert "Query language" in page and "Policy archive" in page and "检索语法" not in page
    assert "公安部部署" in page  # the article as written
    detail = client.get(article.get_absolute_url()).content.decode()
    assert "Permalink" in detail and "公安部部署断卡行动" in detail
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "检索语法" in client.get("/").content.decode()


def test_the_browser_language_is_followed_until_a_choice_is_made(client):
    assert "Query language" in client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert "检索语法" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()


def test_an_unknown_language_changes_nothing(client):
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert "检索语法" in client.get("/").content.decode()


def language_options(client):
    page = lxml.html.fromstring(client.get("/").content.decode())
    return [(o.get("value"), o.get("lang"), o.text_content()) for o in page.xpath('//select[@name="language"]/option')]


def test_the_language_switch_names_each_language_in_itself(client):
    expected = [("zh-hans", "zh-hans", "简体中文"), ("en", "en", "English")]
    assert language_options(client) == expected
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert language_options(client) == expected


def test_english_pages_punctuate_in_english(client):
    for day in (datetime(2019, 3, 21, 9, tzinfo=SHANGHAI), datetime(2024, 4, 23, 9, tzinfo=SHANGHAI)):
        body = f"公安部通报{day.year}年打击电信网络诈骗犯罪成果。"
        make_article(title=f"公安部通报{day.year}年打击电诈成果", body=body, published_at=day)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = lxml.html.fromstring(client.get("/agencies/ministry-of-public-security/").content.decode())
    text = " ".join(page.xpath("string(//main)").split())
    assert "Mentioned in 2 articles, 2019-03-21 — 2024-04-23." in text
    # The agency's sub-agencies, listed as English lists them.
    children = (
        "Criminal Investigation Department of the Ministry of Public Security, "
        "Cybersecurity Protection Bureau of the Ministry of Public Security"
    )
    assert children in text and "、" not in text and "。" not in text


# Chinese letters and punctuation (、。,:;“”… in their full-width forms) in a template's own text.
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
TRANSLATED_LITERAL = re.compile(r'_\("[^"]*"\)')


def chinese_outside_translations(path: Path) -> list[str]:
    """Text a template writes in Chinese without a translation: its own text outside {% translate %}
    and {% blocktranslate %}, and string literals it outputs ({{ x|join:"、" }})."""
    found, translating = [], False
    for token in Lexer(path.read_text(encoding="utf-8")).tokenize():
        if token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            translating = name in {"blocktranslate", "blocktrans", "plural"} or (
                translating and name not in {"endblocktranslate", "endblocktrans"}
            )
        elif token.token_type == TokenType.TEXT and not translating and CHINESE.search(token.contents):
            found.append(f"{path.name}:{token.lineno}: {token.contents.strip()}")
        elif token.token_type == TokenType.VAR and CHINESE.search(TRANSLATED_LITERAL.sub("", token.contents)):
            found.append(f"{path.name}:{token.lineno}: {{{{ {token.contents} }}}}")
    return found


def test_no_template_writes_chinese_outside_a_translated_string():
    """Punctuation belongs inside the translated string, so that each language has its own."""
    templates = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
    assert templates
    assert [line for path in templates for line in chinese_outside_translations(path)] == []
