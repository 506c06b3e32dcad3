"""axe-core on every kind of page: none may have a serious or critical violation. One test visits
them all, as each test in a live browser pays for a fresh database and import."""

from .conftest import BROWSER_TESTS, PUBLIC

pytestmark = BROWSER_TESTS

PAGES = {
    **PUBLIC,
    "figure-list": lambda: "/figures/?q=案件",
    "admin-login": lambda: "/admin/login/",
}


def test_no_kind_of_page_has_a_serious_or_critical_axe_violation(policy_documents, site):
    serious = {}
    for kind, path in PAGES.items():
        site.visit(path(), f"axe-{kind}")
        found = [v for v in site.axe(f"axe-{kind}") if v["impact"] in {"serious", "critical"}]
        if found:
            serious[kind] = found
    assert not serious
    assert not site.off_site()
