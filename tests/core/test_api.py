"""What the API (and the list page) say about a query: the fields a result carries, and a plain
reason for a malformed one."""

import pytest

from ..conftest import assert_answers
from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_articles():
    return [
        make_article(title="断卡行动启动", body="公安部部署“断卡”行动。\n打击电信网络诈骗,第二段。"),
        make_article(title="教育工作会议", body="教育部召开会议。"),
    ]


def test_results_carry_the_body_when_asked_for(client, two_articles):
    plain = client.get("/api/articles/", {"q": "断卡"}).json()["results"]
    assert "body" not in plain[0] and "<mark>断卡</mark>" in plain[0]["snippet"]
    asked = client.get("/api/articles/", {"q": "断卡", "fields": "body"}).json()["results"]
    assert asked[0]["body"] == "公安部部署“断卡”行动。\n打击电信网络诈骗,第二段。" == two_articles[0].body
    assert {key: value for key, value in asked[0].items() if key != "body"} == plain[0]


@pytest.mark.parametrize("fields", ["text", "body,title", "Body", ""])
def test_an_unknown_field_is_a_400_that_names_it_and_the_choices(client, two_articles, fields):
    response = client.get("/api/articles/", {"fields": fields})
    assert_answers(response, 400, naming=["fields"])
    message = response.json()["errors"]["fields"][0]["message"]
    assert message == f"没有名为 {fields} 的字段;可选:body。"


def test_a_nul_in_the_query_is_named_plainly_in_either_language(client, two_articles):
    page = client.get("/", QUERY_STRING="q=%E6%96%AD%00")
    assert page.context["filter"].errors["q"] == ["检索词中含有空字符(NUL),请删去后再检索。"]
    assert "检索词中含有空字符(NUL)" in page.content.decode()
    english = client.get("/api/articles/", QUERY_STRING="q=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 400
    assert english.json()["errors"]["q"][0]["message"] == (
        "The query contains a NUL character (\\x00): remove it and search again."
    )
