"""Agency history: predecessors and successors, and an agency filter that can include predecessors."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from archive.models import Agency, Article

from ..factories import make_article

pytestmark = pytest.mark.django_db
NEW = "national-financial-regulatory-administration"


@pytest.fixture
def articles():
    return {
        "old": make_article(title="银保监会通报", body="中国银行保险监督管理委员会发布风险提示。"),
        "new": make_article(title="金融监管总局通报", body="国家金融监督管理总局发布风险提示。"),
        "other": make_article(title="证监会通报", body="中国证券监督管理委员会发布公告。"),
    }


def test_the_reorganisation_of_2023_is_recorded():
    old = Agency.objects.get(name="中国银行保险监督管理委员会")
    assert old.successor.name == "国家金融监督管理总局"
    assert str(old.valid_to) == "2023-05-18" and str(old.successor.valid_from) == "2023-05-18"
    # Transitively: 银保监会 was formed in 2018 from 银监会 and 保监会.
    assert {a.name for a in Agency.with_predecessors([old.successor])} == {
        "国家金融监督管理总局",
        "中国银行保险监督管理委员会",
        "中国银行业监督管理委员会",
        "中国保险监督管理委员会",
    }
    assert Agency.with_predecessors([old]) != Agency.with_predecessors([old.successor])


@pytest.mark.parametrize("path", ["/", "/api/articles/"])
def test_agency_filter_includes_predecessors_when_asked(client, articles, path):
    def titles(params):
        response = client.get(path, params)
        assert response.status_code == 200
        if path == "/":
            return {a.title for a in response.context["page_obj"].object_list}
        return {row["title"] for row in response.json()["results"]}

    assert titles({"agency": NEW}) == {"金融监管总局通报"}
    assert titles({"agency": NEW, "predecessors": "1"}) == {"金融监管总局通报", "银保监会通报"}
    assert titles({"agency": NEW, "predecessors": "whatever"}) == {"金融监管总局通报", "银保监会通报"}


def test_export_uses_the_same_widened_filter(articles):
    out = StringIO()
    call_command("export_articles", "--agency", NEW, "--predecessors", stdout=out)
    titles = {json.loads(line)["title"] for line in out.getvalue().splitlines()}
    assert titles == {"银保监会通报", "金融监管总局通报"}
    out = StringIO()
    call_command("export_articles", "--agency", NEW, stdout=out)
    assert {json.loads(line)["title"] for line in out.getvalue().splitlines()} == {"金融监管总局通报"}
    assert Article.objects.count() == 3
