"""Related articles: shared campaigns first, then shared agencies, nearest in time among equals."""

from datetime import datetime

import pytest

from archive.models import SHANGHAI
from archive.related import related_ids

from ..factories import make_article

pytestmark = pytest.mark.django_db


def at(year, month=1):
    return datetime(year, month, 1, tzinfo=SHANGHAI)


def test_shared_campaigns_outrank_shared_agencies_and_time_breaks_ties(client):
    me = make_article(title="本文", body="公安部、人民银行开展“断卡”行动。", published_at=at(2021, 6))
    campaign_far = make_article(title="同一行动较远", body="某地开展“断卡”行动。", published_at=at(2016))
    campaign_near = make_article(title="同一行动较近", body="某地开展“断卡”行动。", published_at=at(2021, 5))
    both_agencies = make_article(title="两机构", body="公安部、人民银行联合部署。", published_at=at(2021, 6))
    one_agency = make_article(title="一机构", body="公安部部署工作。", published_at=at(2021, 6))
    make_article(title="无关", body="教育部发布通知。", published_at=at(2021, 6))
    assert related_ids(me.pk) == [campaign_near.pk, campaign_far.pk, both_agencies.pk, one_agency.pk]
    page = client.get(me.get_absolute_url()).content.decode()
    assert "同一行动较近" in page and "无关" not in page.split("相关文章")[1].split("</section>")[0]


def test_an_article_with_nothing_in_common_has_no_related_section(client):
    lone = make_article(title="孤立", body="没有机构的文章。")
    assert related_ids(lone.pk) == []
    assert "相关文章" not in client.get(lone.get_absolute_url()).content.decode()


def test_rare_title_words_relate_articles_without_shared_names(client):
    me = make_article(title="某县破获跨境赌博案件", body="某县警方破获一起案件。", published_at=at(2021, 6))
    same_word = make_article(title="跨境赌博团伙落网", body="一个团伙落网。", published_at=at(2020, 1))
    make_article(title="春耕生产有序推进", body="各地春耕。", published_at=at(2021, 6))
    # A word in more than RARE_SHARE of the archive (here: in more than two articles) is not rare.
    for n in range(3):
        make_article(title=f"案件通报第{n}期", body="通报。", published_at=at(2021, 6))
    assert related_ids(me.pk, title=me.title) == [same_word.pk]
    assert "跨境赌博团伙落网" in client.get(me.get_absolute_url()).content.decode()


def test_related_articles_are_cached_per_archive_generation(django_assert_max_num_queries):
    me = make_article(title="某县破获跨境赌博案件", body="某县警方破获一起案件。")
    first = related_ids(me.pk, title=me.title)
    other = make_article(title="跨境赌博团伙落网", body="一个团伙落网。")  # a new generation
    assert first == [] and related_ids(me.pk, title=me.title) == [other.pk]
    with django_assert_max_num_queries(1):  # the generation token only
        related_ids(me.pk, title=me.title)


def test_the_articles_own_reprints_are_left_to_its_family_section(client):
    text = (
        "公安部会同中国人民银行部署“断卡”行动,清理长期不动的银行账户和电话卡。"
        "各地公安机关集中收网,查处开办、出租、出售两卡的违法人员。"
        "人民银行要求各银行加强开户审核,发现异常账户及时报告。"
    )
    me = make_article(title="断卡行动集中收网", body=text, published_at=at(2021, 6))
    reprint = make_article(title="断卡行动集中收网", body=text + "(本文转载自某市公安局网站)", published_at=at(2021, 7))
    other = make_article(title="某地开展断卡行动", body="某地开展“断卡”行动。", published_at=at(2020))
    me.refresh_from_db()
    reprint.refresh_from_db()
    assert reprint.pk != me.pk and reprint.family_id == me.family_id == me.pk  # one family, two articles
    assert related_ids(me.pk, title=me.title) == [other.pk]
    assert related_ids(reprint.pk, title=reprint.title) == [other.pk]
    page = client.get(me.get_absolute_url()).content.decode()
    related = page.split("相关文章")[1].split("</section>")[0]
    assert other.get_absolute_url() in related and reprint.get_absolute_url() not in related
    assert reprint.get_absolute_url() in page  # in the family's own section
