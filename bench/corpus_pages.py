"""The saved pages of the corpus with the headline and publication time read off each by hand: the
labels of tests/ingest/test_parse_html.py and of `eval_extraction`'s corpus set."""

from datetime import datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAGIC = "magic-html/htmls/"


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
