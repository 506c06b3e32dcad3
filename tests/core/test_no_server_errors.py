"""No query string or path gives a 500: every GET parameter of every public page, the API and the
exports, fed hostile values (huge and negative numbers, 10,000 characters, control characters,
invalid UTF-8, lone surrogates, CJK, emoji and bidi marks, SQL and LIKE metacharacters, impossible
dates, slugs that exist and slugs that do not), singly and repeated. On both databases.

Values are sent percent-encoded byte by byte, so the test client carries what a browser cannot
(%FF%FE, an encoded lone surrogate) to the view as a raw query string does."""

from urllib.parse import quote

import pytest
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import assert_answers

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
SERIES = "破获电信网络诈骗案件"
AGENCIES = ["ministry-of-public-security", "peoples-bank-of-china", "no-such-agency"]
CAMPAIGNS = ["duanka", "yunjian", "no-such-campaign", "断卡"]
ARTICLE_PARAMETERS = [
    "q",
    "agency",
    "campaign",
    "source",
    "year",
    "date_from",
    "date_to",
    "reprint",
    "sort",
    "page",
    "predecessors",
    "fields",  # the API's own
    "issuer",
    "doc_type",
    "validity",
]
ENTITY_PARAMETERS = ["year", "date_from", "date_to"]
FIGURE_PARAMETERS = ["q", "agency", "campaign", "year", "year_from", "year_to", "unit", "series", "sort", "page"]

SPECIAL = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "1e309",
    "NaN",
    "-inf",
    "0x10",
    "２０２１",  # full-width digits
    "٢٠٢١",  # Arabic-Indic digits
    "9" * 400,
    "x" * 10_000,
    "断" * 10_000,
    "\x00",
    "断卡\x00",
    "\x01\x08\x0b\x0c\x1b\x1f\x7f\x85",
    "\u200f\u202e\u2066 RTL",
    "\ufeff",
    "\ufffd",
    "\ud800",
    "a\udfffb",
    "電信網絡詐騙",
    "😀🇨🇳👨‍👩‍👧",
    "%",
    "_",
    "%_%",
    "'",
    '"',
    "\\",
    "\\%",
    "' OR '1'='1' --",
    '"); DROP TABLE archive_article; --',
    "NEAR AND OR NOT ( ) * ^ : -",
    "0000-00-00",
    "9999-12-31",
    "2021-02-30",
    "0001-01-01",
    "1899-12-31",
    "1900-01-01",
    "2100-12-31",
    "2101-01-01",
    "-2021-01-01",
    "20210101",
    "2021-1-1",
    "2021-06-01T00:00:00+99:00",
    "1949",
    "2020",
    "2021",
    "2100",
    "2101",
    "on",
    "true",
    "False",
    "original",
    "reprint",
    "relevance",
    "newest",
    "oldest",
    "body",
    "-value",
    "value",
    "year",
    "起",
    "万元",
    "peoples-daily",
    SERIES,
    "<script>alert(1)</script>",
    *AGENCIES,
    *CAMPAIGNS,
    "通知",
    "in_force",
    "国办发〔2021〕84号",
    "国办发[2021]第84号",
    "公通字(2021)1号",
]

text = st.one_of(
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.text(max_size=30),  # any code point, lone surrogates included
    st.text(alphabet=st.sampled_from("%_'\"\\-|或 断卡公安部2021年\x00\t\n"), max_size=20),
    st.dates().map(lambda day: day.isoformat()),
    st.from_regex(r"[0-9]{1,5}-[0-9]{1,2}-[0-9]{1,2}", fullmatch=True),
)
# Raw bytes, percent-encoded as they come: invalid UTF-8 (%FF%FE), overlong forms, truncated runes.
raw = st.one_of(
    st.sampled_from([b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe6\x96", b"a\xffb", b"%", b"&=&", b"+"]),
    st.binary(max_size=16),
)
encoded = st.one_of(
    text.map(lambda value: quote(value.encode("utf-8", "surrogatepass"), safe="")),
    raw.map(lambda value: quote(value, safe="")),
)


def query_strings(names):
    """A query string of up to six of these parameters (and some junk), any of them repeated."""
    name = st.one_of(st.sampled_from(names), st.sampled_from(["junk", "page", "q[]", "%FF", ""]))
    pair = st.tuples(name, encoded).map(lambda p: f"{p[0]}={p[1]}")
    return st.lists(pair, max_size=6).map("&".join)


def segments():
    """A path segment: anything percent-encoded, or a plausible one."""
    return st.one_of(
        encoded.filter(lambda value: value not in ("", ".", "..")),
        st.sampled_from(["0", "-1", "1", "2", "9" * 30, "abc", "1.0", "%2F", "%00", "%FF%FE"]),
    )


def names_the_first_page(query: str) -> bool:
    """Whether the query string's page (the last one given) names page 1, which always exists: any
    other page may be past the last, and is not found then."""
    page = QueryDict(query).get("page")
    try:
        return page in (None, "") or int(page) == 1
    except ValueError:
        return False


@FUZZ
@given(query=query_strings(ARTICLE_PARAMETERS))
def test_list_page_answers_any_query(client, five_articles_of_every_kind, query):
    status = client.get("/", QUERY_STRING=query).status_code
    assert status == 200 or (status == 404 and not names_the_first_page(query))


@FUZZ
@given(query=query_strings(ARTICLE_PARAMETERS))
def test_api_answers_any_query_with_results_or_errors(client, five_articles_of_every_kind, query):
    response = client.get("/api/articles/", QUERY_STRING=query)
    assert_answers(response, 200, 400, 404, naming=QueryDict(query))
    assert ("errors" in response.json()) == (response.status_code != 200)
    assert response.status_code != 404 or not names_the_first_page(query)


@pytest.mark.parametrize("path", ["/export.csv", "/export.jsonl", "/feed.atom"])
@FUZZ
@given(query=query_strings(ARTICLE_PARAMETERS))
def test_exports_answer_any_query_with_data_or_a_bad_request(client, five_articles_of_every_kind, path, query):
    assert_answers(client.get(path, QUERY_STRING=query), 200, 400, naming=QueryDict(query))


@FUZZ
@given(
    pk=st.one_of(st.sampled_from(["1", "2", "3", "4", "5"]), segments()),
    fmt=st.one_of(st.sampled_from(["", "ris", "bib", "RIS", "ris/", "pdf"]), segments()),
    query=query_strings(["q", "page"]),
)
def test_article_and_citation_pages_answer_any_id(client, five_articles_of_every_kind, pk, fmt, query):
    known = {str(a.pk) for a in five_articles_of_every_kind}
    page = client.get(f"/articles/{pk}/", QUERY_STRING=query)
    assert page.status_code == (200 if pk in known else 404)
    citation = client.get(f"/articles/{pk}/cite.{fmt}", QUERY_STRING=query)
    assert citation.status_code == (200 if pk in known and fmt in ("ris", "bib") else 404)


@pytest.mark.parametrize("kind, known", [("agencies", AGENCIES[:2]), ("campaigns", CAMPAIGNS[:2])])
@FUZZ
@given(slug=st.one_of(st.sampled_from(AGENCIES + CAMPAIGNS), segments()), query=query_strings(ENTITY_PARAMETERS))
def test_agency_and_campaign_pages_answer_any_slug_and_dates(
    client, five_articles_of_every_kind, kind, known, slug, query
):
    response = client.get(f"/{kind}/{slug}/", QUERY_STRING=query)
    if slug in known and names_the_first_page(query):
        assert response.status_code == 200
    else:  # an unknown slug, or a page past the last
        assert response.status_code in ((200, 404) if slug in known else (404,))


@FUZZ
@given(query=query_strings(FIGURE_PARAMETERS))
def test_figures_page_answers_any_query(client, five_articles_of_every_kind, query):
    response = client.get("/figures/", QUERY_STRING=query)
    assert response.status_code in ((200,) if names_the_first_page(query) else (200, 404))


@FUZZ
@given(
    metric=st.one_of(st.sampled_from([SERIES, "侦破电诈案件", "抓获犯罪嫌疑人"]).map(quote), encoded),
    query=query_strings(["metric", *FIGURE_PARAMETERS]),
)
def test_series_page_answers_any_metric_and_query(client, five_articles_of_every_kind, metric, query):
    """A series is shown (a variant's name redirects to it); any other metric is not found."""
    response = client.get("/figures/series/", QUERY_STRING=f"metric={metric}&{query}")
    assert response.status_code in (200, 302, 404)


@FUZZ
@given(query=query_strings(FIGURE_PARAMETERS))
def test_figures_csv_answers_any_query_with_data_or_a_bad_request(client, five_articles_of_every_kind, query):
    assert_answers(client.get("/figures.csv", QUERY_STRING=query), 200, 400, naming=QueryDict(query))


@FUZZ
@given(query=query_strings(["junk", "format", "lang"]))
def test_openapi_answers_any_query(client, five_articles_of_every_kind, query):
    assert client.get("/api/openapi.json", QUERY_STRING=query).status_code == 200
