"""The archive in a real browser: Debian's chromium driven by Playwright against pytest-django's
live server. Every page visited is saved to var/screenshots/; every request the browser makes is
recorded, and a test fails if one leaves the site."""

import json
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.db import connections
from django.urls import reverse
from playwright.sync_api import sync_playwright

from archive.documents.references import Reference
from archive.models import SHANGHAI
from config.settings import env_bool

from ..conftest import SEED, corpus_file
from ..factories import make_article, make_document

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SEED_TITLE = "我国打击电信网络诈骗犯罪成效显著 2020年为群众挽回经济损失1870余亿元"
CENTRAL_TITLE = "国务院办公厅关于发展社区嵌入式养老服务的意见"
PROVINCIAL_TITLE = "浙江省人民政府办公厅关于发展社区嵌入式养老服务的实施意见"


def document_page(title, name="article_detail"):
    return reverse(name, args=[django_apps.get_model("archive", "Article").objects.get(title=title).pk])


# Every kind of public page, as a path (the ids exist only once the test's articles do).
PUBLIC = {
    "article-list": lambda: "/",
    "article-list-query": lambda: "/?q=电信网络诈骗",
    "article-detail": lambda: django_apps.get_model("archive", "Article")
    .objects.get(title=SEED_TITLE)
    .get_absolute_url(),
    "agency-list": lambda: "/agencies/",
    "agency-detail": lambda: "/agencies/ministry-of-public-security/",
    "campaign-list": lambda: "/campaigns/",
    "campaign-detail": lambda: "/campaigns/duanka/",
    "figure-list": lambda: "/figures/",
    "figure-series": lambda: "/figures/series/?metric=破获电信网络诈骗案件",
    "document-detail": lambda: document_page(CENTRAL_TITLE),
    "document-diffusion": lambda: document_page(CENTRAL_TITLE, "document_diffusion"),
}

# The live server answers from another thread and sees only committed data. As in
# tests/curation/test_curation.py: the flush after each test truncates the index tables too (available_apps),
# and serialized_rollback brings back the agencies and campaigns that the migration loaded.
BROWSER_TESTS = [
    pytest.mark.browser,
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, available_apps=[c.name for c in django_apps.get_app_configs()]
    ),
]


class Site:
    """One browser tab on the live server, which remembers every URL the browser asked for."""

    def __init__(self, context, base_url):
        self.base_url = base_url.rstrip("/")
        self.origin = urlsplit(self.base_url).netloc
        self.requested = []
        context.on("request", lambda request: self.requested.append(request.url))
        self.page = context.new_page()

    def visit(self, path, name):
        response = self.page.goto(self.base_url + path)
        assert response.ok, f"{path}: HTTP {response.status}"
        self.screenshot(name)
        return response

    def screenshot(self, name):
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def off_site(self):
        return [url for url in self.requested if urlsplit(url).scheme != "data" and urlsplit(url).netloc != self.origin]

    def axe(self, name):
        """axe-core's violations on the page as it stands; also written beside the screenshot."""
        # Through the driver, not a <script> tag: the page's Content-Security-Policy allows no
        # inline script, and it binds what the page does, not what the test does to it.
        self.page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = self.page.evaluate("axe.run().then(results => results.violations)")
        summary = [
            {"id": v["id"], "impact": v["impact"], "help": v["help"], "targets": [n["target"] for n in v["nodes"]]}
            for v in violations
        ]
        (SCREENSHOTS / f"{name}.axe.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))
        return summary


@pytest.fixture
def site(live_server, monkeypatch):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium fonts-noto-cjk; .ci/run does it)"
        if env_bool("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # While Playwright's sync API is started, an event loop runs in this thread: Django takes the
    # thread for async code (hence DJANGO_ALLOW_ASYNC_UNSAFE) and hands it database connections of
    # its own (asgiref's Local). So the browser is started inside each test, after the test
    # database is restored, and stopped before it is flushed, with the connections it used closed.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        # The browser asks for Chinese, as the archive's readers mostly do; the switch makes it English.
        context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}, accept_downloads=True)
        site = Site(context, live_server.url)
        yield site
        context.close()
        browser.close()
        connections.close_all()
    assert not site.off_site(), f"requests that left the site: {site.off_site()}"


def at(year, month=6, day=1):
    return datetime(year, month, day, 9, 30, tzinfo=SHANGHAI)


@pytest.fixture
def seed_and_three_articles(run_import):
    """The seed article, imported as a user would, and three short articles written for these tests:
    two more about 电信网络诈骗 (one by 中国人民银行) and one about something else."""
    corpus_file()
    seed = run_import(SEED)
    assert seed.code == 0, seed.output
    make_article(
        title="中国人民银行部署断卡专项检查",
        body="中国人民银行部署“断卡”专项检查,要求各银行清理长期不动户,防范电信网络诈骗。",
        published_at=at(2022, 3, 15),
        source="新华社",
    )
    make_article(
        title="公安部通报云剑行动进展",
        body="公安部通报“云剑”行动进展,电信网络诈骗立案数连续下降。",
        published_at=at(2021, 9, 2),
    )
    make_article(
        title="全国教育工作会议召开", body="教育部召开全国教育工作会议,部署年度重点任务。", published_at=at(2019)
    )


@pytest.fixture
def policy_documents(seed_and_three_articles):
    """Beside those: a State Council 意见, a province's 实施意见 citing it by number and a city's 方案
    citing the province's, written through the store (not the reader) for these tests."""
    central = make_document(CENTRAL_TITLE, date(2021, 4, 2), ["国务院办公厅"], "国办发〔2021〕12号", doc_type="意见")
    cites = [Reference("", "国办发〔2021〕12号", "cites")]
    province = make_document(
        PROVINCIAL_TITLE, date(2021, 5, 20), ["浙江省人民政府办公厅"], "浙政办发〔2021〕30号", references=cites
    )
    cites = [Reference(PROVINCIAL_TITLE, "", "cites")]
    make_document("杭州市社区嵌入式养老服务工作方案", date(2021, 7, 9), ["杭州市人民政府办公厅"], references=cites)
    return central, province
