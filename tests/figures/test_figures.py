"""Figures as records: written on import, curated in the admin, kept across re-extraction, shown on
the article page and exported."""

import csv
import io
import json
from datetime import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from archive.figures.models import Figure, MetricVariant
from archive.models import SHANGHAI, Article

from ..conftest import SEED, corpus_file
from ..factories import make_article

pytestmark = pytest.mark.django_db

BODY = (
    "2020年以来，公安部部署打击治理工作。全年共破获电信网络诈骗案件32.2万起，抓获犯罪嫌疑人36.1万名。\n\n"
    "截至目前，人民银行惩戒失信人员2.6万名，约谈3000余家机构。"
)


@pytest.fixture
def article():
    return make_article(body=BODY, published_at=datetime(2021, 4, 10, 9, tzinfo=SHANGHAI))


def by_text(article):
    return {f.text: f for f in article.figures.all()}


def test_import_writes_each_figure_with_its_sentence_and_agencies(article):
    figures = by_text(article)
    assert list(figures) == ["32.2万起", "36.1万名", "2.6万名", "3000余家"]
    cases = figures["32.2万起"]
    assert (cases.value, cases.unit, cases.metric, cases.period, cases.year) == (
        Decimal(322000),
        "起",
        "破获电信网络诈骗案件",
        "全年",
        2020,
    )
    assert cases.sentence.startswith("全年共破获") and "32.2万起" in cases.sentence
    assert list(figures["2.6万名"].agencies.values_list("name", flat=True)) == ["中国人民银行"]
    assert figures["2.6万名"].as_of.isoformat() == "2021-04-10"


def test_the_seed_gives_its_nineteen_figures(run_import):
    corpus_file()
    run_import(SEED)
    article = Article.objects.get()
    rows = list(article.figures.order_by("start").values_list("text", "metric"))
    assert len(rows) == 19
    assert rows[0] == ("32.2万起", "破获电信网络诈骗案件") and rows[-1] == ("15亿余条", "封堵短信")


def test_curators_decisions_survive_re_extraction(article):
    figures = by_text(article)
    figures["3000余家"].review = Figure.Review.WRONG
    figures["3000余家"].save()
    figures["36.1万名"].metric, figures["36.1万名"].curated = "抓获电诈犯罪嫌疑人", True
    figures["36.1万名"].save()
    untouched = figures["32.2万起"].pk

    call_command("extract_figures", stdout=io.StringIO())

    after = by_text(article)
    assert after["3000余家"].review == Figure.Review.WRONG
    assert after["36.1万名"].metric == "抓获电诈犯罪嫌疑人"
    assert after["32.2万起"].pk != untouched  # an undecided figure is extracted afresh
    assert len(after) == 4


def test_a_figure_whose_sentence_is_gone_goes_with_it_but_one_added_by_hand_stays(article, curator):
    response = curator.post(
        reverse("admin:archive_figure_add"),
        {
            "article": article.pk,
            "text": "15次",
            "review": "confirmed",
            "value": "15",
            "unit": "次",
            "qualifier": "",
            "metric": "开展全国集中收网",
            "period": "",
            "year": "2020",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article.body = "全年共破获电信网络诈骗案件32.2万起。"
    article.save()
    article.reextract()
    assert sorted(by_text(article)) == ["15次", "32.2万起"]
    assert Figure.objects.get(text="15次").curated


def test_changing_a_metric_in_the_admin_marks_the_figure_curated(article, curator):
    figure = by_text(article)["32.2万起"]
    url = reverse("admin:archive_figure_change", args=[figure.pk])
    form = curator.get(url).context["adminform"].form
    data = {name: form.initial.get(name) or "" for name in form.fields}
    data.update(article=article.pk, metric="侦破电诈案件", review="confirmed", agencies=[], campaigns=[])
    response = curator.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    figure.refresh_from_db()
    assert (figure.metric, figure.curated, figure.review) == ("侦破电诈案件", True, "confirmed")


def test_marking_figures_wrong_from_the_changelist(article, curator):
    ids = [f.pk for f in article.figures.all()[:2]]
    curator.post(reverse("admin:archive_figure_changelist"), {"action": "mark_wrong", "_selected_action": ids})
    assert Figure.objects.filter(review="wrong").count() == 2
    assert Figure.objects.kept().count() == 2


def test_readers_see_figures_but_cannot_change_them(article, client):
    user = get_user_model().objects.create_user("reader9", password="x-unused-x", is_staff=True)
    user.groups.add(Group.objects.get(name="reader"))
    client.force_login(user)
    figure = article.figures.first()
    assert client.get(reverse("admin:archive_figure_changelist")).status_code == 200
    url = reverse("admin:archive_figure_change", args=[figure.pk])
    client.post(url, {"metric": "改不了"})
    figure.refresh_from_db()
    assert figure.metric != "改不了"


def test_a_series_gathers_the_wordings_a_curator_linked(article):
    other = make_article(body="全年破获电诈案件40万起。", published_at=datetime(2022, 1, 5, tzinfo=SHANGHAI))
    MetricVariant.objects.create(name="破获电诈案件", series="破获电信网络诈骗案件")
    years = sorted(Figure.objects.in_series("破获电信网络诈骗案件").values_list("year", flat=True))
    assert years == [2020, 2021]  # 全年 in a report of 5 January is the year just ended
    assert Figure.objects.in_series("破获电诈案件").count() == 2  # a wording finds its whole series
    assert other.figures.get().series == "破获电信网络诈骗案件"


def test_the_article_page_marks_each_figure_and_lists_it_beside_the_text(article, client):
    html = client.get(article.get_absolute_url()).content.decode()
    for figure in article.figures.all():
        assert f'<mark class="figure" id="figure-{figure.pk}"' in html
        assert f'href="#figure-{figure.pk}"' in html
    assert "破获电信网络诈骗案件" in html


def test_a_figure_with_no_metric_is_listed_without_a_link_to_a_series(client):
    article = make_article(body="通知共提出十条具体要求，其中八条涉及核酸检测。")
    figure = article.figures.get(text="十条")
    assert figure.metric == ""  # 提出 alone names nothing counted
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'href="#figure-{figure.pk}"' in html
    assert "?metric=" not in html.split(f'href="#figure-{figure.pk}"')[1].split("</li>")[0]
    assert client.get(reverse("figure_series") + "?metric=").status_code == 404  # where the link went


def test_text_around_a_marked_figure_is_escaped(client):
    article = make_article(body="<script>alert(1)</script>共破获案件100起，<b>完</b>。")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;完&lt;/b&gt;" in html


def test_a_figure_marked_wrong_is_neither_marked_nor_listed(article, client):
    figure = by_text(article)["3000余家"]
    figure.review = Figure.Review.WRONG
    figure.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert f"figure-{figure.pk}" not in html


def test_export_figures_writes_exact_decimal_strings(article):
    out = io.StringIO()
    call_command("export_figures", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["value"] for r in records] == ["322000", "361000", "26000", "3000"]
    first = records[0]
    assert {k: first[k] for k in ("unit", "qualifier", "metric", "period", "article_id")} == {
        "unit": "起",
        "qualifier": "",
        "metric": "破获电信网络诈骗案件",
        "period": "全年",
        "article_id": article.pk,
    }
    assert "32.2万起" in first["sentence"]


def test_export_figures_as_csv_filtered_by_series(article):
    out = io.StringIO()
    call_command("export_figures", "--format", "csv", "--series", "破獲電信網絡詐騙案件", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [(r["value"], r["unit"], r["metric"], r["article_id"]) for r in rows] == [
        ("322000", "起", "破获电信网络诈骗案件", str(article.pk))
    ]


def test_export_figures_escapes_formula_cells():
    article = make_article(body="=HYPERLINK共破获案件100起。")
    out = io.StringIO()
    call_command("export_figures", "--format", "csv", stdout=out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["article_id"] == str(article.pk)
    assert row["sentence"].startswith("'=")
