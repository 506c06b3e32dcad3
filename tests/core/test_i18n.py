"""Interface languages: simplified Chinese by default, English by the switch; articles stay as written."""

from urllib.parse import unquote

import pytest

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
