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
from .corpus_pages import CORPUS_PAGES, MAGIC

SHANGHAI = ZoneInfo("Asia/Shanghai")
GOV_CN = "ZhouYNF-platform-1/gov_cn_policy_raw_2018_2019.jsonl"
XWLB_MD = "xin-wen-lian-bo/raw_md_samples"


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
    source: str = ""  # the publisher, checked when not empty (listed among the misses)
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
        ("source", not case.source or page.source == case.source, page.source),
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
            source=label.get("source", ""),
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
