"""The query language and the tokenizer, on both databases."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.models import Agency, Alias, Article
from archive.search.query import parse_query
from archive.search.tokenize import index_tokens, query_words

from .factories import make_article

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


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60))
def test_no_query_string_raises(articles, q):
    list(Article.objects.search(q).values_list("pk", flat=True))


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
    list(Article.objects.search("".join(parts)).values_list("pk", flat=True))
