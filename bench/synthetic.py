"""Synthetic articles for benchmarks: real sentences of a corpus, recombined, with realistic dates
(2015-2026), sources, and one to three agencies and up to two campaigns named in each."""

import hashlib
import json
import random
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from archive.ingest.page import ParsedPage

SHANGHAI = ZoneInfo("Asia/Shanghai")
SOURCES = ["人民日报", "新华社", "央视网", "光明日报", "经济日报", "法治日报", "中国新闻网", "人民公安报"]
AGENCIES = [
    "公安部", "中国人民银行", "人民银行", "工业和信息化部", "工信部", "最高人民法院", "最高人民检察院",
    "国家金融监督管理总局", "中央网信办", "国家反诈中心", "教育部", "国家发展和改革委员会", "财政部",
    "商务部", "生态环境部", "国家卫生健康委员会", "农业农村部", "中国证监会", "市场监管总局", "司法部",
]  # fmt: skip
CAMPAIGNS = ["“断卡”行动", "“云剑”行动", "“净网2021”专项行动", "“清朗”系列专项行动", "“昆仑”行动", "“猎狐”行动"]
_SENTENCE = re.compile(r"[^。！？]{12,160}[。！？]")
START, SPAN_DAYS = datetime(2015, 1, 1, tzinfo=SHANGHAI), 11 * 365 + 300


def corpus_sentences(path) -> list[str]:
    sentences = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            sentences.extend(_SENTENCE.findall(json.loads(line).get("body", "")))
    return sentences


def synthetic_pages(path, count: int, seed: int = 0):
    """count (ParsedPage, raw_hash) pairs, the same for the same seed."""
    rng = random.Random(seed)
    sentences = corpus_sentences(path)
    for n in range(count):
        agencies = rng.sample(AGENCIES, rng.randint(1, 3))
        campaigns = rng.sample(CAMPAIGNS, rng.choice([0, 0, 1, 1, 2]))
        lead = f"{'、'.join(agencies)}部署推进{'和'.join(campaigns) or '相关工作'}。"
        paragraphs = [lead + "".join(rng.sample(sentences, 3))] + [
            "".join(rng.sample(sentences, rng.randint(2, 5))) for _ in range(rng.randint(2, 4))
        ]
        title = rng.choice(sentences).rstrip("。！？")[:40]
        moment = START + timedelta(days=rng.randrange(SPAN_DAYS), minutes=rng.randrange(24 * 60))
        url = f"https://bench.example/{seed}/{n}.html"
        page = ParsedPage(
            title=title,
            body="\n\n".join(paragraphs),
            published_at=moment,
            source=rng.choice(SOURCES),
            url=url,
            site="bench",
        )
        yield page, hashlib.sha256(url.encode()).hexdigest()
