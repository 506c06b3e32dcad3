"""Where the real pages and corpora are (../shared/corpus beside the checkout, or ARCHIVE_CORPUS):
read in place by the benchmarks, the evaluations and the tests, never copied into the project."""

import os
from pathlib import Path

from django.conf import settings

CORPUS = Path(os.environ.get("ARCHIVE_CORPUS", Path(settings.BASE_DIR).parent / "shared" / "corpus"))
XWLB = CORPUS / "xin-wen-lian-bo" / "xwlb_2020_2021_items.jsonl"  # 新闻联播 items, 2020-2021
