"""The Content-Security-Policy in a real browser: no kind of page, the admin's included, does
anything the policy blocks (chromium reports each blocked script, style or request as a
securitypolicyviolation event and on the console), and the charts still draw."""

from archive.models import Article

from .conftest import BROWSER_TESTS, SEED_TITLE
from .conftest import PUBLIC as BROWSER_PUBLIC

pytestmark = BROWSER_TESTS

# Injected by the driver before any of the page's own scripts; the policy does not apply to it.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
  {directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber, sample: e.sample}
));
"""
BY_HAND = "中国人民银行部署断卡专项检查"
PASSWORD = "a long pass phrase for the browser"

PUBLIC = {
    "csp-article-list": lambda: "/",
    "csp-article-list-query": lambda: "/?q=电信网络诈骗",
    "csp-article-detail": lambda: Article.objects.get(title=SEED_TITLE).get_absolute_url(),
    "csp-agency-list": lambda: "/agencies/",
    "csp-agency-detail": lambda: "/agencies/ministry-of-public-security/",
    "csp-campaign-list": lambda: "/campaigns/",
    "csp-campaign-detail": lambda: "/campaigns/duanka/",
    "csp-figure-list": lambda: "/figures/?q=案件",
    "csp-figure-series": lambda: "/figures/series/?metric=破获电信网络诈骗案件",
    "csp-document-diffusion": BROWSER_PUBLIC["document-diffusion"],
    "csp-admin-login": lambda: "/admin/login/",  # last: the test logs in on it
}
ADMIN = {
    "csp-admin-index": lambda: "/admin/",
    "csp-admin-article-list": lambda: "/admin/archive/article/",
    "csp-admin-article-change": lambda: f"/admin/archive/article/{Article.objects.get(title=SEED_TITLE).pk}/change/",
    # An article saved one by one has history rows (a bulk import writes none), so the list shows.
    "csp-admin-article-history": lambda: f"/admin/archive/article/{Article.objects.get(title=BY_HAND).pk}/history/",
    "csp-admin-figure-list": lambda: "/admin/archive/figure/",
    "csp-admin-agency-change": lambda: "/admin/archive/agency/?q=公安部",
}


def violations(site, console):
    """What the policy blocked on the page as it stands, by event and by console message."""
    site.page.wait_for_load_state("networkidle")
    found = site.page.evaluate("window.__violations")
    found += [message for message in console if "Content Security Policy" in message]
    console.clear()
    return found


def test_no_page_breaks_the_content_security_policy_and_the_charts_still_draw(
    policy_documents, site, django_user_model
):
    django_user_model.objects.create_superuser("editor", password=PASSWORD)
    page = site.page
    page.add_init_script(LISTEN)
    console = []
    page.on("console", lambda message: console.append(message.text))
    blocked = {}

    for name, path in PUBLIC.items():
        response = site.visit(path(), name)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        if name in {"csp-article-list", "csp-agency-detail", "csp-figure-series", "csp-document-diffusion"}:
            page.wait_for_selector("figure.chart.drawn canvas")  # charts.js and uPlot ran
        if found := violations(site, console):
            blocked[name] = found

    page.get_by_label("用户名").fill("editor")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url("**/admin/")
    for name, path in ADMIN.items():
        site.visit(path(), name)
        assert page.locator("#user-tools").count() == 1  # still logged in (the session cookie is Secure)
        if name == "csp-admin-article-history":
            assert page.locator("p.paginator").count() == 1  # the attribute the policy allows by its hash
        if found := violations(site, console):
            blocked[name] = found

    assert blocked == {}
    assert not site.off_site()
