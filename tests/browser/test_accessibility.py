"""axe-core on every kind of page: none may have a serious or critical violation. One test visits
them all, as each test in a live browser pays for a fresh database and import."""

from archive.models import Article

from .conftest import BROWSER_TESTS, SEED_TITLE

pytestmark = BROWSER_TESTS

PAGES = {
    "article-list": lambda: "/",
    "article-list-query": lambda: "/?q=电信网络诈骗",
    "article-detail": lambda: Article.objects.get(title=SEED_TITLE).get_absolute_url(),
    "agency-list": lambda: "/agencies/",
    "agency-detail": lambda: "/agencies/ministry-of-public-security/",
    "campaign-list": lambda: "/campaigns/",
    "campaign-detail": lambda: "/campaigns/duanka/",
    "figure-list": lambda: "/figures/?q=案件",
    "figure-series": lambda: "/figures/series/?metric=破获电信网络诈骗案件",
    "admin-login": lambda: "/admin/login/",
}


def test_no_kind_of_page_has_a_serious_or_critical_axe_violation(seed_and_three_articles, site):
    serious = {}
    for kind, path in PAGES.items():
        site.visit(path(), f"axe-{kind}")
        found = [v for v in site.axe(f"axe-{kind}") if v["impact"] in {"serious", "critical"}]
        if found:
            serious[kind] = found
    assert not serious
    assert not site.off_site()
