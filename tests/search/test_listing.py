"""The pages, the API and the exports answer from the index and in-memory columns (the Listing);
tests/oracle.py says the same filters in the ORM. Both must give the same articles in the same
order, and the facet counts must be what SQL counts."""

from datetime import date, datetime

import pytest
from django.db.models import Count, F, Q
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.documents.models import Document, Issuer, Validity
from archive.documents.read import DocumentRecord
from archive.documents.store import save_record
from archive.filters import ArticleFilter
from archive.models import SHANGHAI, AgencyMention, Article, Campaign, CampaignMention, Mention

from ..factories import make_article
from ..oracle import OrmArticleFilter

pytestmark = pytest.mark.django_db

BODIES = [
    "公安部会同人民银行开展“断卡”行动,打击电信网络诈骗。",
    "工信部部署“云剑”行动。",
    "教育部召开会议,部署近几年的工作。",
    "最高法、最高检发布电信网络诈骗典型案例。",
    "人民银行发布金融稳定报告。",
]


@pytest.fixture
def thirty_articles_in_two_families():
    made = []
    for n in range(30):
        moment = None if n % 11 == 0 else datetime(2018 + n % 6, 1 + n % 12, 1 + n % 27, 8, tzinfo=SHANGHAI)
        made.append(
            make_article(
                title=f"第{n}篇" + ("断卡" if n % 4 == 0 else ""),
                body=BODIES[n % 5],
                published_at=moment,
                source=["人民日报", "新华社", ""][n % 3],
            )
        )
    Article.objects.filter(pk=made[3].pk).update(status=Article.Status.WITHDRAWN)
    AgencyMention.objects.filter(article=made[5]).update(origin=Mention.Origin.CURATOR_REMOVED)
    # Two reprint families: the first publisher of one is withdrawn (its reprints still count).
    Article.objects.filter(pk__in=[made[1].pk, made[6].pk, made[11].pk]).update(family=made[1])
    Article.objects.filter(pk__in=[made[3].pk, made[8].pk]).update(family=made[3])
    # Every third article a policy document (the withdrawn one too), of two or three kinds and
    # validities, issued by one or two agencies (one of them new, so suggested); one numbered
    # 国办发〔2021〕84号 though its words say nothing of it.
    issuers = [["公安部"], ["中国人民银行", "公安部"], ["某省公安厅"], []]
    for n in range(0, 30, 3):
        record = DocumentRecord(
            number="国办发〔2021〕84号" if n == 9 else f"公通字〔2020〕{n}号",
            issuers=issuers[n % 4],
            doc_type=["通知", "意见", "办法", ""][n % 4],
            validity=["in_force", "repealed", "", "expired", "amended"][n % 5],
        )
        save_record(made[n], record)
    return made


def oracle_facets(data):
    """Facet counts by plain SQL: the article set under every filter but the facet's own."""

    def without(name):
        rest = data.copy()
        rest.pop(name, None)
        return OrmArticleFilter(rest, queryset=Article.objects.published()).qs

    def rows(qs, key, label):
        return sorted(((r[key], r[label], r["n"]) for r in qs), key=lambda r: (-r[2], r[1]))

    agencies = AgencyMention.objects.active().filter(article__in=without("agency"))
    campaigns = CampaignMention.objects.active().filter(
        article__in=without("campaign"), campaign__status=Campaign.Status.CONFIRMED
    )
    issuers = Issuer.objects.filter(document__article__in=without("issuer"))
    kinds = Document.objects.filter(article__in=without("doc_type")).exclude(doc_type="")
    validity = Document.objects.filter(article__in=without("validity")).values_list("validity")
    validity = dict(validity.annotate(Count("pk")))
    years = without("year").exclude(year=None).order_by().values("year").annotate(n=Count("pk")).order_by("-year")
    return {
        "agency": rows(
            agencies.values("agency__slug", "agency__name").annotate(n=Count("pk")), "agency__slug", "agency__name"
        ),
        "campaign": rows(
            campaigns.values("campaign__slug", "campaign__name").annotate(n=Count("pk")),
            "campaign__slug",
            "campaign__name",
        ),
        "source": rows(
            without("source")
            .exclude(source=None)
            .order_by()
            .values("source__slug", "source__name")
            .annotate(n=Count("pk")),
            "source__slug",
            "source__name",
        ),
        "year": [(str(r["year"]), str(r["year"]), r["n"]) for r in years],
        "reprint": [
            (key, key, n)
            for key, n in (
                ("original", without("reprint").filter(Q(family=None) | Q(family=F("pk"))).count()),
                ("reprint", without("reprint").exclude(Q(family=None) | Q(family=F("pk"))).count()),
            )
            if n
        ],
        "issuer": rows(
            issuers.values("agency__slug", "agency__name").annotate(n=Count("pk")), "agency__slug", "agency__name"
        ),
        "doc_type": rows(kinds.values("doc_type").annotate(n=Count("pk"), same=F("doc_type")), "doc_type", "same"),
        "validity": [(value, value, validity[value]) for value in Validity.values if validity.get(value)],
    }


params = st.fixed_dictionaries(
    {},
    optional={
        "q": st.sampled_from(
            [
                *("断卡", "电信网络诈骗", "近几年 -教育", "云剑 | 断卡", "人民银行", "第1", "卡", "-断卡"),
                "-教育 -第1",
                *("国办发[2021]84号", "国办发（2021）第84号", "公通字〔2020〕3号"),
            ]
        ),
        "agency": st.lists(
            st.sampled_from(["ministry-of-public-security", "peoples-bank-of-china", "ministry-of-education"]),
            max_size=2,
        ),
        "campaign": st.lists(st.sampled_from(["duanka", "yunjian"]), max_size=2),
        "source": st.lists(st.sampled_from(["peoples-daily", "xinhua"]), max_size=2),
        "year": st.lists(st.sampled_from(["2018", "2019", "2021", "2023"]), max_size=2),
        "date_from": st.sampled_from(["2019-03-01", "2020-01-01"]),
        "date_to": st.sampled_from(["2021-06-30", "2022-12-31"]),
        "sort": st.sampled_from(["relevance", "newest", "oldest"]),
        "reprint": st.lists(st.sampled_from(["original", "reprint"]), max_size=2),
        "issuer": st.lists(
            st.sampled_from(["ministry-of-public-security", "peoples-bank-of-china", "mou-sheng-gong-an-ting"]),
            max_size=2,
        ),
        "doc_type": st.lists(st.sampled_from(["通知", "意见", "办法", "决定"]), max_size=2),
        "validity": st.lists(st.sampled_from(["in_force", "repealed", "unknown", "expired", "amended"]), max_size=2),
    },
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params)
def test_columns_and_sql_give_the_same_articles_order_and_counts(thirty_articles_in_two_families, chosen):
    data = QueryDict(mutable=True)
    for key, value in chosen.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    filterset = ArticleFilter(data, queryset=Article.objects.published())
    assert filterset.is_valid()
    listing = filterset.listing()
    oracle = OrmArticleFilter(data, queryset=Article.objects.published()).ordered()
    assert [int(pk) for pk in listing.ordered_ids()] == list(oracle.values_list("pk", flat=True))
    assert listing.count == oracle.count() == len(filterset.ids())
    assert listing.facet_counts() == oracle_facets(data)


def test_date_bounds_are_whole_beijing_days(thirty_articles_in_two_families):
    make_article(title="午夜", body="断卡", published_at=datetime(2024, 3, 1, 0, 0, tzinfo=SHANGHAI))
    make_article(title="深夜", body="断卡", published_at=datetime(2024, 3, 1, 23, 59, tzinfo=SHANGHAI))
    data = QueryDict(f"date_from={date(2024, 3, 1)}&date_to={date(2024, 3, 1)}")
    filterset = ArticleFilter(data, queryset=Article.objects.published())
    assert {Article.objects.get(pk=pk).title for pk in filterset.listing().ordered_ids()} == {"午夜", "深夜"}
