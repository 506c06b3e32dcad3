"""Policy documents for the benchmark's synthetic archive: one article in ten becomes a document
(issuers, 文种, validity, a 发文字号, 成文日期, and citations of earlier documents, most resolved),
written with bulk inserts after the import, so the build time barely changes."""

import random
from datetime import timedelta

from archive.documents.models import Citation, Document, Issuer, Validity
from archive.documents.numbers import number_key
from archive.documents.references import normalise_title
from archive.listing.models import Generation
from archive.models import SHANGHAI, Agency, Article

EVERY = 10  # one article in EVERY is a policy document
ISSUERS = {  # the issuing agency and its number's code
    "国务院办公厅": "国办发",
    "公安部": "公通字",
    "中国人民银行": "银发",
    "工业和信息化部": "工信部",
    "最高人民法院": "法发",
    "最高人民检察院": "高检发",
    "国家金融监督管理总局": "金规",
    "教育部": "教发",
    "财政部": "财金",
    "司法部": "司发",
}
KINDS = ["通知", "通知", "通知", "意见", "意见", "办法", "方案", "决定", "规定"]
VALIDITY = (
    [Validity.IN_FORCE] * 12
    + [Validity.UNKNOWN] * 4
    + [Validity.REPEALED] * 2
    + [
        Validity.AMENDED,
        Validity.EXPIRED,
    ]
)
CHUNK = 5_000


def write_documents(seed: int = 0) -> int:
    """Make every EVERY-th synthetic article (by id) without a record a policy document; how many."""
    rng = random.Random(seed)  # noqa: S311 (a benchmark's data, the same for the same seed)
    agencies = dict(Agency.objects.filter(name__in=ISSUERS).values_list("name", "pk"))
    names = sorted(agencies)
    if not names:
        return 0
    rows = Article.objects.filter(document__isnull=True).order_by("pk").values_list("pk", "title", "published_at")
    chosen = list(rows)[::EVERY]
    made = []  # (pk, number) of the documents so far, for later ones to cite
    for start in range(0, len(chosen), CHUNK):
        documents, issuers, citations = [], [], []
        for pk, title, published in chosen[start : start + CHUNK]:
            lead = rng.sample(names, rng.choice([1, 1, 1, 2]))
            written = (
                (published.astimezone(SHANGHAI).date() - timedelta(days=rng.randint(1, 20))) if published else None
            )
            number = f"{ISSUERS[lead[0]]}〔{written.year if written else 2020}〕{len(made) + 1}号"
            documents.append(
                Document(
                    article_id=pk,
                    number=number,
                    number_key=number_key(number),
                    title_key=normalise_title(title)[:300],
                    written_date=written,
                    doc_type=rng.choice(KINDS),
                    validity=rng.choice(VALIDITY),
                )
            )
            issuers += [Issuer(document_id=pk, agency_id=agencies[name], position=at) for at, name in enumerate(lead)]
            cited = rng.sample(made, min(len(made), rng.choice([0, 1, 1, 2, 3])))
            for at, (target, target_number) in enumerate(cited):
                citations.append(
                    Citation(
                        citing_id=pk,
                        cited_id=target,
                        number=target_number,
                        number_key=number_key(target_number),
                        position=at,
                    )
                )
            made.append((pk, number))
        Document.objects.bulk_create(documents)
        Issuer.objects.bulk_create(issuers)
        Citation.objects.bulk_create(citations)
    Generation.bump()  # bulk_create sends no signals
    return len(chosen)
