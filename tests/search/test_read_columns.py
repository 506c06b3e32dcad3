"""The columns are read a chunk of rows at a time (never a Python object per value for the whole
table): chunk boundaries must neither lose nor repeat a row, and each column keeps its dtype."""

import numpy as np
import pytest

from archive.listing.columns import read_columns
from archive.models import Article

from ..factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("chunk", [1, 2, 5, 50])
def test_rows_read_in_chunks_are_every_row_once_in_order_with_each_columns_dtype(chunk):
    made = [make_article(title=f"第{n}篇") for n in range(5)]
    rows = Article.objects.order_by("pk").values_list("pk", "year", "title")
    ids, years, lengths = read_columns(rows, np.int64, (np.int32, lambda y: y or 0), (np.int16, len), chunk=chunk)
    assert ids.tolist() == sorted(a.pk for a in made) and ids.dtype == np.int64
    assert years.dtype == np.int32 and lengths.dtype == np.int16
    assert lengths.tolist() == [len(t) for t in rows.values_list("title", flat=True)]


def test_no_rows_give_empty_columns_of_their_dtypes():
    ids, years = read_columns(Article.objects.values_list("pk", "year"), np.int64, (np.int32, lambda y: y or 0))
    assert len(ids) == len(years) == 0 and ids.dtype == np.int64 and years.dtype == np.int32
