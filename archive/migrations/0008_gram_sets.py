"""PostgreSQL: every substring of up to four characters as a lexeme of a tsvector without
positions (grams; tgrams in archive_searchtitle for the title alone), so the GIN index alone
answers any string of up to four characters; the normalised text in a table of its own confirms
longer strings on their candidates. The positional
gram columns go (and with them PostgreSQL's 16,383-position limit). SQLite: nothing changes.

The articles are indexed again here, as `reindex --all` would (about 1 MB of text a second).
"""

from django.db import migrations

POSTGRES = [
    "DROP TABLE IF EXISTS archive_search",
    # Narrow rows (the two tsvectors live in TOAST): a search reads a row per matching article,
    # and 80,000 narrow rows are read in a fifth of the time of wide ones.
    """CREATE TABLE archive_search (
        article_id bigint PRIMARY KEY REFERENCES archive_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        document tsvector NOT NULL,
        grams tsvector NOT NULL
    )""",
    "CREATE INDEX archive_search_document ON archive_search USING gin (document)",
    "CREATE INDEX archive_search_grams ON archive_search USING gin (grams)",
    """CREATE TABLE archive_searchtitle (
        article_id bigint PRIMARY KEY REFERENCES archive_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        tgrams tsvector NOT NULL,
        title_text text NOT NULL
    )""",
    "CREATE INDEX archive_searchtitle_tgrams ON archive_searchtitle USING gin (tgrams)",
    """CREATE TABLE archive_searchtext (
        article_id bigint PRIMARY KEY REFERENCES archive_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        text text NOT NULL
    )""",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in POSTGRES:
        schema_editor.execute(sql)
    from archive.models import Article
    from archive.search import backend

    search, ids = backend(), list(Article.objects.values_list("pk", flat=True))
    for start in range(0, len(ids), 1000):
        search.index(Article.objects.filter(pk__in=ids[start : start + 1000]).only("title", "body"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0007_bigram_candidates")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
