"""How well the importer reads a page's title, publication date, address and body, on pages it was not
tuned to. Each case goes through the importer's own read_bytes, as `import_articles` reads a file.

Sets:
- fixtures: the pages written for the project in tests/pages, labelled in tests/pages/extraction_labels.json
  (the hard cases: a site name for <title>, control bars and a 发布日期 line about the heading, page-generation
  times, related lists with later dates, crawler dumps with a labelled header).
- corpus pages: the 24 saved pages of the corpus, headline and time read off each by hand (CORPUS_PAGES);
  the 15 magic-html pages are scored on their human-checked body too.
- gov.cn policy: the 60 信息公开 records of ZhouYNF-platform-1 (a page fragment with the metadata table),
  title and 发布日期 as the record gives them, body against the record's content.
- gov.cn in other chrome: the same 60 fragments inside kinds of site chrome written here (page_chrome.py),
  one kind per failure seen on held-out pages.
- crawler dumps: the 60 records and the xin-wen-lian-bo raw Markdown items as plain-text dumps the way
  crawlers write them: a header of labelled lines, then the page's text flattened, chrome and all.
"""

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import html as lxml_html

from archive.ingest.dates import parse_date
from archive.ingest.html_dom import lines_of
from archive.ingest.page import ParsedPage, Rejected
from archive.ingest.read import read_bytes
from archive.ingest.scoring import score_body
from archive.ingest.text_lines import collapse, squash

from . import page_chrome

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAGIC = "magic-html/htmls/"
GOV_CN = "ZhouYNF-platform-1/gov_cn_policy_raw_2018_2019.jsonl"
XWLB_MD = "xin-wen-lian-bo/raw_md_samples"


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=SHANGHAI)


# Headline and publication time of every saved page of the corpus, read off each page by hand. Where the
# page shows only a date, midnight; where it gives seconds (on the page or in its metadata), seconds.
CORPUS_PAGES = [
    (
        "GeneralNewsExtractor/fgw_zj_gov_cn_20161122.html",
        "1-10月德清县固定资产投资结构趋稳趋优",
        at(2016, 11, 22, 9, 53),
    ),
    (
        "GeneralNewsExtractor/govcn_gwygb_2007_23.html",
        "全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议",
        at(2007, 8, 20, 23, 59, 59),  # meta firstpublishedtime, as gov.cn writes it
    ),
    (
        "GeneralNewsExtractor/njxfhn_telecom_fraud_gongjianfa.html",
        "江门七旬阿婆接来电称其涉黑被骗上百万！冒充公检法电诈团伙被端",  # 原标题, without the reprinter's [ad] prefix
        at(2019, 9, 11, 2, 46, 57),  # JSON-LD pubDate; the page shows 2019年09月11日
    ),
    (
        "GeneralNewsExtractor/people_com_cn_culture.html",
        "女儿出嫁，郑板桥画了几笔兰花当嫁妆",
        at(2019, 6, 15, 8, 18),
    ),
    (
        "GeneralNewsExtractor/shanxi_gov_cn_20190918.html",
        "山西品牌丝路行（南美站）正式启动",
        at(2019, 9, 18, 6, 23),
    ),
    ("GeneralNewsExtractor/sxmu_jianchafa.html", "中华人民共和国监察法", at(2018, 5, 17)),
    (
        "GeneralNewsExtractor/xinhuanet_20191210.html",
        "法国全国大罢工再次严重影响交通",
        at(2019, 12, 10, 7, 57, 40),
    ),
    (
        "GeneralNewsExtractor/zsnews_shunde.html",
        "顺德区大良街道党工委委员潘卓辉一行到众创金融街开展调研工作",
        at(2019, 3, 6),
    ),
    (
        "GerapyAutoExtractor/chinanews_kuoda_neixu.html",
        "【中国稳健前行】坚定实施扩大内需战略",
        at(2020, 7, 4, 12, 10, 24),
    ),
    (
        MAGIC + "090704b0cb2e2ae4e435507f38afe591b641a672afa133d7065f48992a444d9b.html",
        "新华视界｜河北遵化：数字农机服务助力农业生产",
        at(2024, 5, 15, 8, 58, 52),
    ),
    (
        MAGIC + "14b709df543c9c22a524bd7e4989c463a5613d7c7b402b19ffc2826156a73b72.html",
        "李强在新疆调研时强调 彰显特色优势 提高开放水平 在高质量发展中增进民生福祉促进长治久安",
        at(2024, 5, 9, 22, 27, 2),
    ),
    (
        MAGIC + "1e20e0271231de85fba26cef6db2bedebf916402368a4602c5adb5b2acf722e1.html",
        "在新时代中部地区崛起中争先出彩（推动高质量发展·权威发布）",
        at(2024, 5, 10, 6, 58),
    ),
    (
        MAGIC + "39dd62c5ba88ab41c15c92ceab61ed4606fc6e996d2ab0d2e10af0e315be94de.html",
        "以战时内阁审查重启停火谈判提案",
        at(2024, 5, 20, 13, 15, 0),
    ),
    (
        MAGIC + "45fcfa7d6741f4361646905a7fdbd1928f6c00e8d4ff29c44c9a51e40b6b2607.html",
        "关注青少年心理健康“心成长”服务项目启动",
        at(2024, 5, 17, 8, 59),
    ),
    (
        MAGIC + "4e55eac42f97a6d97d14795891d2e24b715bec8c057c592a81c3d7ca08aafa10.html",
        "习近平主持召开深入推进长三角一体化发展座谈会",
        at(2023, 12, 1, 14, 43),
    ),
    (
        MAGIC + "5da9b27b0b9b53ae469cda7615c39dd9001c7e8f942eb3efc63e86988712d9fc.html",
        "呼和浩特：对生育二孩、三孩的呼市户籍家庭发放一次性育儿津贴5000元",
        at(2024, 5, 13, 13, 48),
    ),
    (
        MAGIC + "6558a82cd7af98f97783a125f84d6aefccd7ab723f58c5f4ee58c2e11523ac29.html",
        "5月LPR按兵不动：1年期为3.45%，5年期以上为3.95%",
        at(2024, 5, 20, 9, 47, 48),
    ),
    (
        MAGIC + "7f67d45fb12c02e403bf4b561dc92fb80d413d4129a9f47a5aec9d15724e1814.html",
        "北京：古北水镇“光之城”文旅融合系列IP推出",
        at(2024, 5, 20, 9, 37),
    ),
    (
        MAGIC + "83bd4dfc1e736b9a3885adc1ba5e74148b888887f494dc4e3f375a335e419a94.html",
        "徒手抓子弹真的存在吗？",
        at(2019, 9, 24, 17, 8),
    ),
    (
        MAGIC + "9c642bd57e7c44cd40fdd9025696a5bea933556f643513e59d9965b48ef3b7e0.html",
        "我国首届养老专业本科生迎来毕业季 “银发浪潮”到来，年轻人可大展拳脚",
        at(2024, 5, 13, 6, 3, 0),
    ),
    (
        MAGIC + "a28ede747c822c44a927d649abc3073302cb1f6da099050f151f95dece6d42ae.html",
        "维护全人类共同利益需联手抵制保护主义",
        at(2024, 5, 13, 8, 49),
    ),
    (
        MAGIC + "acce09a6bb58986ce483a40aa3fcb700e4ee0a380f2efe1f2caeaccebc9069f7.html",
        "中国“太空养鱼”项目进展顺利 “鱼航员”状态良好",
        at(2024, 5, 20, 3, 15),
    ),
    (
        MAGIC + "b931df70657ce14d1f0c763407b325356a972d9befa68455afe9520c8bea0aab.html",
        "《中国式现代化发展之路》全文",
        at(2024, 5, 5),
    ),
    (
        MAGIC + "ea5bdb58d64b345dd80afd12651010fd442d4c8bdf45b540e61c4ff7c37fb30f.html",
        "2024年4月全国CPI同比上涨0.3% 食品价格下降2.7%",
        at(2024, 5, 11, 9, 36, 26),
    ),
]


@dataclass
class Case:
    """One page and what it should give. published_at is a date when only the day is known."""

    set: str
    name: str
    data: bytes
    kind: str  # "html" or "text", as read_bytes takes it
    title: str
    published_at: date | datetime | None
    url: str = ""  # checked when not empty
    body: str = ""  # the expected body, scored by character F1, when known
    first: str = ""  # the body begins with this
    last: str = ""  # the body ends with this
    absent: tuple[str, ...] = ()  # chrome that must not be in the body


@dataclass
class Outcome:
    case: Case
    page: ParsedPage | None = None
    error: str = ""
    misses: list[str] = field(default_factory=list)
    f1: float | None = None

    @property
    def title_ok(self) -> bool:
        return self.page is not None and squash(self.page.title) == squash(self.case.title)

    @property
    def date_ok(self) -> bool:
        want, got = self.case.published_at, self.page.published_at if self.page else None
        if got is None or want is None:
            return got is want
        return got == want if isinstance(want, datetime) else got.astimezone(SHANGHAI).date() == want

    @property
    def url_ok(self) -> bool:
        return self.page is not None and self.page.url == self.case.url

    @property
    def clean(self) -> bool:
        """The body begins and ends where it should and carries none of the page's chrome."""
        if self.page is None:
            return False
        body = self.page.body
        return (
            collapse(body).startswith(collapse(self.case.first))
            and collapse(body).endswith(collapse(self.case.last))
            and not any(word in body for word in self.case.absent)
        )


def run(case: Case) -> Outcome:
    try:
        page = read_bytes(case.data, case.kind)[0][0]
    except Rejected as reason:  # a page the importer refuses scores nothing
        return Outcome(case, error=str(reason), f1=0.0 if case.body else None)
    outcome = Outcome(case, page)
    if case.body:
        outcome.f1 = score_body(case.body, page.body)
    for check, ok, got in (
        ("title", outcome.title_ok, page.title),
        ("date", outcome.date_ok, page.published_at),
        ("url", not case.url or outcome.url_ok, page.url),
        ("body", not (case.first or case.last or case.absent) or outcome.clean, _ends(page.body)),
    ):
        if not ok:
            outcome.misses.append(f"{check}: {got}")
    return outcome


def _ends(body: str) -> str:
    return f"{body[:40]} … {body[-40:]}" if len(body) > 90 else body


def summarise(outcomes: list[Outcome]) -> dict:
    """Per set: cases, titles, dates and addresses right, body F1 (mean, worst) and clean bodies."""
    out = {}
    for name in dict.fromkeys(o.case.set for o in outcomes):
        group = [o for o in outcomes if o.case.set == name]
        scored = [o.f1 for o in group if o.f1 is not None]
        checked = [o for o in group if o.case.first or o.case.last or o.case.absent]
        addressed = [o for o in group if o.case.url]
        out[name] = {
            "cases": len(group),
            "rejected": sum(1 for o in group if o.error),
            "title": sum(o.title_ok for o in group),
            "date": sum(o.date_ok for o in group),
            "url": [sum(o.url_ok for o in addressed), len(addressed)],
            "body_f1_mean": round(sum(scored) / len(scored), 3) if scored else None,
            "body_f1_min": round(min(scored), 3) if scored else None,
            "body_clean": [sum(o.clean for o in checked), len(checked)],
        }
    return out


# The sets ------------------------------------------------------------------------------------------


def fixture_cases(pages: Path) -> Iterable[Case]:
    labels = json.loads((pages / "extraction_labels.json").read_text(encoding="utf-8"))["pages"]
    for name, label in labels.items():
        yield Case(
            "fixtures",
            name,
            (pages / name).read_bytes(),
            "text" if name.endswith(".txt") else "html",
            label["title"],
            _label_date(label["published_at"]),
            url=label.get("url", ""),
            first=label.get("first", ""),
            last=label.get("last", ""),
            absent=tuple(label.get("absent", ())),
        )


def _label_date(text: str) -> date | datetime:
    return date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)


def corpus_page_cases(corpus: Path) -> Iterable[Case]:
    truth = json.loads((corpus / "magic-html" / "groundtruth_zh_subset.json").read_text(encoding="utf-8"))
    for relative, title, published in CORPUS_PAGES:
        sha = Path(relative).stem
        body = truth[sha]["content"] if relative.startswith(MAGIC) else ""
        yield Case("corpus pages", relative, (corpus / relative).read_bytes(), "html", title, published, body=body)


def gov_cn_records(corpus: Path) -> list[dict]:
    lines = (corpus / GOV_CN).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def policy_body(record: dict) -> str:
    """The record's content as text, without the headline it opens with."""
    text = "\n".join(line.text for line in lines_of(lxml_html.fragment_fromstring(record["content"], "div")))
    squashed, title = squash(text), squash(record["title"])
    return squashed.replace(title, "", 1) if title in squashed[: len(title) + 40] else squashed


def gov_cn_cases(corpus: Path) -> Iterable[Case]:
    for record in gov_cn_records(corpus):
        published = parse_date(record["_derived_table_pub_date"]).date()
        yield Case(
            "gov.cn policy",
            f"gov.cn #{record['id']}",
            record["html"].encode(),
            "html",
            record["title"],
            published,
            body=policy_body(record),
        )


def gov_cn_chrome_cases(corpus: Path) -> Iterable[Case]:
    for record in gov_cn_records(corpus):
        published = parse_date(record["_derived_table_pub_date"]).date()
        for kind, page in page_chrome.policy_pages(record, published):
            yield Case(
                "gov.cn in other chrome",
                f"gov.cn #{record['id']} {kind}",
                page.encode(),
                "html",
                record["title"],
                published,
                body=policy_body(record),
            )


def dump_cases(corpus: Path) -> Iterable[Case]:
    for record in gov_cn_records(corpus):
        published = parse_date(record["_derived_table_pub_date"]).date()
        kind, text = page_chrome.policy_dump(record, published)
        yield Case(
            "crawler dumps",
            f"gov.cn #{record['id']} {kind}",
            text.encode(),
            "text",
            record["title"],
            published,
            url=record["crawl_url"],
            body=policy_body(record),
        )
    for item in xwlb_items(corpus):
        kind, text = page_chrome.news_dump(item)
        yield Case(
            "crawler dumps",
            f"xwlb {item['date']} #{item['seq']} {kind}",
            text.encode(),
            "text",
            item["title"],
            item["date"],
            url=item["url"],
            body=item["body"],
        )


_ITEM = re.compile(r"^### (.+?)\n(.*?)\n\[查看原文\]\((\S+)\)", re.M | re.S)
_TAG = re.compile(r"<[^>]+>")


def xwlb_items(corpus: Path) -> list[dict]:
    """The items of the raw 新闻联播 Markdown samples: title, body, address, the day of the broadcast."""
    items = []
    for path in sorted((corpus / XWLB_MD).glob("*.md")):
        day = datetime.strptime(path.name[:8], "%Y%m%d").date()
        for seq, m in enumerate(_ITEM.finditer(path.read_text(encoding="utf-8")), start=1):
            paragraphs = [collapse(_TAG.sub("", p)) for p in m.group(2).splitlines()]
            body = "\n".join(p for p in paragraphs if p)
            if len(body) >= 60:  # a caption-only item is no article
                items.append({"title": collapse(m.group(1)), "body": body, "url": m.group(3), "date": day, "seq": seq})
    return items


SETS = {
    "fixtures": lambda corpus, pages: fixture_cases(pages),
    "corpus pages": lambda corpus, pages: corpus_page_cases(corpus),
    "gov.cn policy": lambda corpus, pages: gov_cn_cases(corpus),
    "gov.cn in other chrome": lambda corpus, pages: gov_cn_chrome_cases(corpus),
    "crawler dumps": lambda corpus, pages: dump_cases(corpus),
}


def evaluate(corpus: Path, pages: Path, sets: Iterable[str] = SETS) -> list[Outcome]:
    return [run(case) for name in sets for case in SETS[name](corpus, pages)]
