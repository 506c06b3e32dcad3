"""Site chrome written for the extraction benchmark, around real page content from the corpus.

Each kind reproduces one way a site not seen before misled the importer on held-out pages: a <title>
that is only the site's name, a font-size/print/close bar above the heading, a 发布日期 line standing
before the heading, the day the page was generated in its header or footer, related lists with later
dates, the 成文日期 beside the 发布日期. The dumps are what crawlers write: a header of labelled lines
(in several spellings), then the page's text flattened, chrome and all. The words are ours; the
content (title, body, metadata table) is the corpus record's, read at run time.
"""

from datetime import date

from lxml import html as lxml_html

from archive.ingest.html_dom import lines_of

SITES = ["东岭省人民政府", "西河市人民政府门户网站", "南屿县人民政府", "北林区政务网"]
NOW = "2026-11-30 08:15:02"  # when the pages were generated: years after every article
TODAY = "今天是2026年11月30日 星期一"
CONTROLS = (
    "【字体：<a href='#'>大</a> <a href='#'>中</a> <a href='#'>小</a>】【<a href='#'>打印</a>】【<a href='#'>关闭</a>】"
)
RELATED = [
    ("关于进一步做好政务公开工作的通知", "2026-03-02"),
    ("全省营商环境优化提升工作推进会召开", "2025-11-18"),
    ("政策解读：一图读懂年度重点任务", "2025-06-30"),
]


def _day(published: date, style: int) -> str:
    return (f"{published:%Y-%m-%d}", f"{published:%Y年%m月%d日}", f"{published:%Y/%m/%d}")[style % 3]


def _related(tag: str = "li") -> str:
    return "".join(f"<{tag}><a href='/xw/{i}.html'>{t}</a><span>{d}</span></{tag}>" for i, (t, d) in enumerate(RELATED))


def _head(title: str, canonical: str = "") -> str:
    link = f"<link rel='canonical' href='{canonical}'>" if canonical else ""
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{link}</head><body>"


def _table(record: dict, published: date) -> str:
    """A 信息公开 table of our own layout: 发布日期 first, so that it stands well above the heading."""
    cells = [
        ("发布日期", _day(published, record["id"])),
        ("发文机关", record["release_office"]),
        ("索引号", record["index_number"] or ""),
        ("文号", record["release_number"] or ""),
        ("成文日期", record["_derived_table_written_date"]),
        ("主题词", ""),
    ]
    rows = "".join(f"<tr><td>{label}：</td><td>{value}</td></tr>" for label, value in cells)
    return f"<table class='xxgk'>{rows}</table>"


def _header(site: str, today: str = TODAY) -> str:
    return (
        f"<div class='top'><div class='logo'><a href='/'>{site}</a></div><div class='date'>{today}</div></div>"
        "<div class='menu'><a href='/'>首页</a> <a href='/zwgk/'>政务公开</a> <a href='/zcwj/'>政策文件</a> "
        "<a href='/bsfw/'>办事服务</a> <a href='/hdjl/'>互动交流</a></div>"
        "<div class='position'>当前位置：<a href='/'>首页</a> &gt; <a href='/zwgk/'>政务公开</a> &gt; 政策文件</div>"
    )


def _footer(site: str, stamp: str) -> str:
    return f"<div class='footer'><p>版权所有：{site}　网站标识码：0000000000</p><p>{stamp}</p></div></body></html>"


def policy_pages(record: dict, published: date) -> list[tuple[str, str]]:
    """(kind, page) for one 信息公开 record in each kind of chrome."""
    title, office, content, fragment = record["title"], record["release_office"], record["content"], record["html"]
    content = f"<table><tbody>{content}</tbody></table>" if content.lstrip().startswith("<tbody") else content
    site = SITES[record["id"] % len(SITES)]
    style = record["id"]
    return [
        (
            "site-name title, controls above an unmarked heading",
            _head(site)
            + _header(site)
            + f"<div class='tools'>{CONTROLS}</div><div class='bt'>{title}</div>"
            + f"<div class='info'>发布日期：{_day(published, style)}　来源：{office}</div>"
            + f"<div class='content'>{content}</div>"
            + f"<div class='xgwz'><h3>相关文章</h3><ul>{_related()}</ul></div>"
            + _footer(site, f"页面生成时间：{NOW}"),
        ),
        (
            "heading_column_site title, 发布日期 line before the heading, table",
            _head(f"{title}_政策文件_{site}")
            + _header(site, "今天是：2026年11月30日")
            + f"<div class='title-bar'><span>发布日期：{_day(published, style + 1)}</span>　<span>来源：{office}</span>"
            + f"　<span>{CONTROLS}</span></div>"
            + fragment
            + f"<div class='relate'><div class='relate-title'>相关文件</div><ul>{_related()}</ul></div>"
            + _footer(site, "联系我们 | 网站地图"),
        ),
        (
            "site-name title, table only",
            _head(site) + _header(site) + fragment + _footer(site, f"最后更新时间：{NOW}"),
        ),
        (
            "a bare 成文日期 under the heading, 发布日期 only up in the table, generation time in the header",
            _head(f"{title}_{site}")
            + _header(site, f"页面生成时间：{NOW}")
            + _table(record, published)
            + f"<div class='main'><h1>{title}</h1><p class='info'>{record['_derived_table_written_date']}</p>"
            + f"<div class='content'>{content}</div></div>"
            + _footer(site, "联系我们"),
        ),
        (
            "the day only in the address, today's date in an element named for dates",
            _head(f"{title} - {site}", canonical=record["crawl_url"])
            + _header(site)
            + f"<div class='article'><h1>{title}</h1><div class='info'>来源：{office}</div>"
            + f"<div class='TRS_Editor'>{content}</div></div>"
            + _footer(site, "联系我们"),
        ),
        (
            "heading - site title, later dates in a list before the article",
            _head(f"{title} - {site}")
            + _header(site)
            + f"<div class='side'><div class='side-tit'>最新文件</div><ul>{_related()}</ul></div>"
            + f"<div class='article'><h1>{title}</h1>"
            + f"<div class='source'>时间：{_day(published, style + 2)}　来源：{office}　{CONTROLS}</div>"
            + f"<div class='TRS_Editor'>{content}</div>"
            + "<div class='share'>分享到：微信 微博</div><p><a href='/'>返回首页，查看更多</a></p></div>"
            + _footer(site, f"当前时间：{NOW}"),
        ),
    ]


_POLICY_HEADERS = [
    (
        "labels with full-width colons",
        "标题：{title}\n发布时间：{day}\n文号：{number}\n发布机构：{office}\n原文链接：{url}",
    ),
    (
        "URL first, half-width colons, a crawl time",
        "URL: {url}\n标题: {title}\n发布日期: {day}\n发文机关: {office}\n发文字号: {number}\n采集时间: {crawled}",
    ),
    ("来源 and 链接", "标题：{title}\n来源：{office}\n发布日期：{day}\n链接：{url}\n索引号：{index}"),
]


def _flatten(html: str) -> str:
    return "\n".join(line.text for line in lines_of(lxml_html.fragment_fromstring(html, "div")))


def _site_text(site: str) -> str:
    menu = "首页 政务公开 政策文件 办事服务 互动交流"
    return f"{site} 无障碍 长者模式 登录\n{menu}\n{TODAY}\n当前位置：首页 > 政务公开 > 政策文件"


def _site_end(site: str) -> str:
    related = "\n".join(f"{t} {d}" for t, d in RELATED)
    return f"【打印】【关闭】\n相关文件\n{related}\n主办单位：{site} 网站标识码：0000000000\n页面生成时间：{NOW}"


def policy_dump(record: dict, published: date) -> tuple[str, str]:
    """(kind, text): a 信息公开 record as a crawler's text dump."""
    kind, header = _POLICY_HEADERS[record["id"] % len(_POLICY_HEADERS)]
    site = SITES[record["id"] % len(SITES)]
    header = header.format(
        title=record["title"],
        day=_day(published, record["id"]),
        number=record["release_number"] or "",
        office=record["release_office"],
        url=record["crawl_url"],
        crawled=record["crawl_time"],
        index=record["index_number"] or "",
    )
    return kind, f"{header}\n\n{_site_text(site)}\n{_flatten(record['html'])}\n{_site_end(site)}\n"


_NEWS_HEADERS = [
    ("labels with full-width colons", "标题：{title}\n发布时间：{day} 19:00\n来源：央视网\n原文链接：{url}"),
    ("half-width colons, 日期 and URL", "标题: {title}\n日期: {day}\nURL: {url}\n作者: 央视网"),
]


def news_dump(item: dict) -> tuple[str, str]:
    """(kind, text): a 新闻联播 item as a crawler's text dump of its page."""
    kind, header = _NEWS_HEADERS[item["seq"] % len(_NEWS_HEADERS)]
    header = header.format(title=item["title"], day=f"{item['date']:%Y-%m-%d}", url=item["url"])
    related = "\n".join(f"{t} {d}" for t, d in RELATED)
    page = (
        "央视网 首页 新闻 体育 综艺 纪录 登录 注册\n当前位置：央视网 > 新闻频道 > 新闻联播\n"
        f"{item['title']}\n来源：央视网 {item['date']:%Y年%m月%d日} 19:00 【字体：大 中 小】\n"
        f"{item['body']}\n编辑：新闻联播 责任编辑：值班编辑\n分享到：\n相关推荐\n{related}\n"
        "Copyright © 中央广播电视总台 版权所有"
    )
    return kind, f"{header}\n\n{page}\n"
