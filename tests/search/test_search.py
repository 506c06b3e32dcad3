"""The query language and the tokenizer, on both databases."""

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import SHANGHAI, Agency, Alias, Article
from archive.search.query import parse_query
from archive.search.tokenize import index_tokens, query_words

from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles():
    return {
        "fraud": make_article(title="打击电信网络诈骗", body="人民银行与公安部联合开展“断卡”行动,成效明显。"),
        "bank": make_article(title="金融稳定报告发布", body="中国人民银行发布年度金融稳定报告。"),
        "wall": make_article(title="长城保护条例", body="文物部门加强长城保护。"),
        "net": make_article(title="净网行动通报", body="公安机关开展“净网2021”专项行动,打击网络犯罪。"),
    }


def found(q):
    return set(Article.objects.search(q).values_list("title", flat=True))


def test_all_words_must_match(articles):
    assert found("断卡 人民银行") == {"打击电信网络诈骗"}
    assert found("断卡 长城") == set()


def test_either_with_bar_or_huo(articles):
    assert found("断卡 | 长城") == {"打击电信网络诈骗", "长城保护条例"}
    assert found("断卡 或 长城") == {"打击电信网络诈骗", "长城保护条例"}


def test_exclusion(articles):
    assert found("人民银行 -断卡") == {"金融稳定报告发布"}


def test_exclusions_alone_match_every_article_but_those(articles):
    assert found("-断卡") == {"金融稳定报告发布", "长城保护条例", "净网行动通报"}
    assert found("-断卡 -长城") == {"金融稳定报告发布", "净网行动通报"}
    assert found("-国家金融监管") == set(Article.objects.values_list("title", flat=True))  # confirmed on the text


def test_or_between_two_terms_means_either_and_elsewhere_is_a_word(articles):
    make_article(title="OR gate", body="逻辑门 or 运算。")
    assert found("断卡 OR 长城") == {"打击电信网络诈骗", "长城保护条例"}
    assert found("OR") == found('"OR"') == found("or") == {"OR gate"}
    assert found("OR 断卡") == found("断卡 OR") == set()  # the word OR, and 断卡
    assert found("或") == set() and found("断卡 -OR") == {"打击电信网络诈骗"}


def test_phrase_in_quotes(articles):
    assert found('"电信网络诈骗"') == {"打击电信网络诈骗"}


def test_substring_of_a_longer_name_is_found(articles):
    assert found("人民银行") == {"打击电信网络诈骗", "金融稳定报告发布"}


def test_traditional_query_finds_simplified_text(articles):
    assert found("電信網絡詐騙") == {"打击电信网络诈骗"}
    assert found("斷卡") == {"打击电信网络诈骗"}


def test_curated_names_are_single_terms():
    assert "断卡" in index_tokens("开展断卡行动")
    assert query_words("国家反诈中心") == ["国家反诈中心"]


def test_new_alias_reaches_the_segmenter():
    agency = Agency.objects.get(name="公安部")
    Alias.objects.create(name="甲乙丙丁办", agency=agency)
    assert query_words("甲乙丙丁办") == ["甲乙丙丁办"]


def test_empty_and_punctuation_queries_match_nothing(articles):
    assert parse_query("").is_empty and parse_query("  ,。!  ").is_empty
    assert found("") == set() and found("---") == set()


def assert_answers_within(articles, q):
    """The search answers without raising: some of the archive's articles, each once, and none at all
    for a query with no words."""
    ids = list(Article.objects.search(q).values_list("pk", flat=True))
    assert len(ids) == len(set(ids)) and set(ids) <= {a.pk for a in articles.values()}, q
    if parse_query(q).is_empty:
        assert ids == [], q


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_no_query_string_raises(articles, q):
    assert_answers_within(articles, q)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            ['"', "“", "”", "-", "|", "或", "'", "\\", "*", ":", "(", ")", "NEAR", "AND", "断卡", "^", " ", "\0"]
        ),
        max_size=12,
    )
)
def test_query_syntax_characters_never_raise(articles, parts):
    assert_answers_within(articles, "".join(parts))


def test_string_split_differently_by_the_segmenter_is_found():
    article = make_article(title="回顾", body="最近几年,各地持续开展反诈宣传。")
    assert "近几年" not in index_tokens(article.body)  # jieba cuts 最近 / 几年
    assert found("近几年") == {"回顾"}
    assert found("几年 反诈") == {"回顾"}
    assert found("年,各") == {"回顾"} and found("年各") == set()  # never across punctuation


def test_single_characters_are_found_anywhere_in_a_run():
    make_article(title="一", body="银行卡")
    make_article(title="二", body="卡片")
    assert found("卡") == {"一", "二"}


def test_word_matches_rank_before_string_matches(client):
    make_article(title="甲", body="最近几年变化很大。", published_at=datetime(2022, 1, 1, tzinfo=SHANGHAI))
    make_article(title="乙", body="近几年变化很大。", published_at=datetime(2020, 1, 1, tzinfo=SHANGHAI))
    data = client.get("/api/articles/", {"q": "近几年", "sort": "relevance"}).json()
    assert [r["title"] for r in data["results"]] == ["乙", "甲"]
    data = client.get("/api/articles/", {"q": "近几年", "sort": "newest"}).json()
    assert [r["title"] for r in data["results"]] == ["甲", "乙"]


def test_adding_an_alias_reindexes_and_reextracts_exactly_the_affected_articles(django_capture_on_commit_callbacks):
    agency = Agency.objects.create(name="乙丙测试委员会", slug="yibing")
    affected = make_article(title="通报", body="乙丙委今天发布通知。")
    other = make_article(title="其他", body="教育部发布通知。")
    Article.objects.filter(pk=other.pk).update(tokenizer_version=0)
    with django_capture_on_commit_callbacks(execute=True):
        Alias.objects.create(name="乙丙委", agency=agency)
    assert "乙丙委" in index_tokens("乙丙委今天发布通知")
    assert list(affected.agency_mentions.values_list("agency__name", flat=True)) == ["乙丙测试委员会"]
    assert Article.objects.get(pk=other.pk).tokenizer_version == 0  # not touched
    assert found("乙丙委") == {"通报"}


def test_judged_truth_reads_the_query_language():
    from bench.judged import satisfies

    text = "公安部开展断卡行动,打击电信网络诈骗。"
    assert satisfies("断卡 诈骗", text) and not satisfies("断卡 长城", text)
    assert satisfies("断卡 -长城", text) and not satisfies("断卡 -诈骗", text)
    assert satisfies("长城 | 断卡", text) and satisfies('"电信网络诈骗"', text)
    assert satisfies("斷卡", text)


def test_long_string_needs_its_characters_in_a_row():
    # Every four-character window of 国家金融监管 occurs, but never the whole string.
    make_article(title="两处文字", body="国家金融监一处,家金融监管又一处。")
    whole = make_article(title="连在一起", body="国家金融监管部门发布通知。")
    assert found("国家金融监管") == {whole.title}
    assert found("金融监管 -国家金融监管") == {"两处文字"}
    assert found("国家金融监 -国家金融监管") == {"两处文字"}


def test_string_never_matches_across_punctuation():
    make_article(title="标点", body="打击电信,网络诈骗。")
    assert found("电信网络") == set()
    assert found("电信网络诈骗") == set()
    assert found("网络诈骗") == {"标点"}


def test_relevance_checks_words_for_the_first_ranked_matches_only(client, monkeypatch):
    """Title matches first, then (among the first RANKED by title and date) exact word matches,
    then newest; past RANKED, title matches then newest."""
    from archive.listing import engine as listing

    monkeypatch.setattr(listing, "RANKED", 3)

    def day(n):
        return datetime(2020, 1, n, tzinfo=SHANGHAI)

    make_article(title="近几年综述", body="回顾。", published_at=day(1))  # title match, oldest
    make_article(title="丙", body="最近几年变化。", published_at=day(9))  # string only, newest
    make_article(title="丁", body="近几年变化。", published_at=day(8))  # a word
    make_article(title="戊", body="最近几年变化。", published_at=day(7))  # string only
    make_article(title="己", body="近几年变化。", published_at=day(6))  # a word, but past RANKED
    data = client.get("/api/articles/", {"q": "近几年", "sort": "relevance"}).json()
    # Ranked by title then date: 综述, 丙, 丁 | 戊, 己. Within the first three, 丁's word lifts it.
    assert [r["title"] for r in data["results"]] == ["近几年综述", "丁", "丙", "戊", "己"]
