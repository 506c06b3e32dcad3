"""The search index beside archive_article, in raw SQL per database, as 0002, 0004, 0007, 0008,
0011 and 0014 left it (the index was rebuilt five times; only the end state is kept here).

PostgreSQL: archive_search (jieba's words as `document`, the gram set of the whole text as
`grams`, a GIN index on grams only: the words only rank), archive_searchtitle (the title's gram
set `tgrams`, GIN-indexed, and its normalised text) and archive_searchtext (the normalised text,
read to confirm longer strings). SQLite: one FTS5 table (title and body: jieba's words; tgrams and
bgrams: the gram streams).

SQLite had an AFTER DELETE trigger on archive_article (archive_article_unindex, from 0002), but
0012 rebuilt archive_article (adding the NOT NULL review_flags column) and SQLite drops a table's
triggers with it: no archive has had that trigger since. It is left out here so that a new
archive is the same as an existing one.

A new database has no articles, so nothing is indexed here; `manage.py reindex --all` indexes
the articles of an archive whenever the search code changes. Nothing is imported from the
project: the SQL is this migration's own.
"""

from django.db import migrations

POSTGRES = [
    # Narrow rows (the tsvectors live in TOAST): a search reads a row per matching article.
    """CREATE TABLE archive_search (
        article_id bigint PRIMARY KEY REFERENCES archive_article (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
        document tsvector NOT NULL,
        grams tsvector NOT NULL
    )""",
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
POSTGRES_DROP = [
    "DROP TABLE IF EXISTS archive_searchtext",
    "DROP TABLE IF EXISTS archive_searchtitle",
    "DROP TABLE IF EXISTS archive_search",
]
# Written as 0004 wrote it: sqlite_master keeps the statement's text as given.
SQLITE = [
    """CREATE VIRTUAL TABLE archive_search USING fts5 (
        title, body, tgrams, bgrams, tokenize = 'unicode61 remove_diacritics 0')""",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS archive_search"]


def create(apps, schema_editor):
    for sql in POSTGRES if schema_editor.connection.vendor == "postgresql" else SQLITE:
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    for sql in POSTGRES_DROP if schema_editor.connection.vendor == "postgresql" else SQLITE_DROP:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    replaces = [
        ("archive", "0002_search_index"),
        ("archive", "0004_gram_index"),
        ("archive", "0007_bigram_candidates"),
        ("archive", "0008_gram_sets"),
        ("archive", "0011_pair_grams"),
        ("archive", "0014_four_grams_again"),
    ]
    dependencies = [("archive", "0001_squashed_initial")]
    operations = [migrations.RunPython(create, drop)]
