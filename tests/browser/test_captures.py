"""An original capture in a real browser: shown in its frame as captured, while its scripts do not
run, it cannot reach the archive's page, and it loads nothing from the site it came from."""

from archive.models import Copy

from .conftest import BROWSER_TESTS

pytestmark = BROWSER_TESTS

# A page as a county site might serve it, with what a capture must never do on the archive's origin.
HOSTILE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>示范县开展防范电信网络诈骗宣传月活动</title>
<style>.lede { color: rgb(0, 128, 0); }</style>
<script>document.documentElement.setAttribute("data-ran", "yes");
try { parent.document.body.innerHTML = "TAKEN OVER"; } catch (e) {}
try { top.location = "http://elsewhere.example/"; } catch (e) {}</script></head>
<body><h1>示范县开展防范电信网络诈骗宣传月活动</h1><p>发布时间：2024-04-02 来源：示范县公安局</p>
<p class="lede">本月起，县公安局联合各乡镇在集市、学校和社区开展防范电信网络诈骗宣传，
提醒群众不要出租、出借银行卡和电话卡，不要轻信陌生来电中的“退款”“刷单”说法。</p>
<p>宣传期间共发放资料三千余份，现场解答群众咨询二百余人次，帮助一百多名群众安装反诈应用。</p>
<img src="http://elsewhere.example/banner.png" alt="横幅"></body></html>"""


def test_the_capture_shows_as_captured_and_runs_nothing(site, run_import, tmp_path):
    page = tmp_path / "hostile.html"
    page.write_text(HOSTILE, encoding="utf-8")
    assert run_import(page).code == 0
    copy = Copy.objects.get()
    blocked = []  # what the browser refused before asking the network
    site.page.on("requestfailed", lambda r: r.failure == "csp" and blocked.append(r.url))
    site.visit(copy.article.get_absolute_url(), "capture-article")
    site.page.get_by_role("link", name="原始页面").click()
    site.page.wait_for_load_state()
    frame = site.page.frame_locator("iframe.capture")
    lede = frame.locator("p.lede")
    assert "防范电信网络诈骗宣传" in lede.inner_text()
    assert lede.evaluate("p => getComputedStyle(p).color") == "rgb(0, 128, 0)"  # its own styles apply
    assert frame.locator("html").get_attribute("data-ran") is None  # its script did not run
    assert "TAKEN OVER" not in site.page.content() and site.page.url.endswith(f"/copies/{copy.pk}/capture/")
    site.screenshot("capture-page")
    # The banner from the page's own site was asked for, and the sandbox's policy refused it before
    # it reached the network; the site fixture then asserts that nothing else left the archive.
    assert blocked == ["http://elsewhere.example/banner.png"]
    site.requested = [url for url in site.requested if url not in blocked]
