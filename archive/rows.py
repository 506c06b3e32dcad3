"""Many rows into one table at once, for the bulk import's side tables (mentions, fingerprints and
their bands, figures and the names their sentences carry)."""

from django.db import connection


def insert_rows(table: str, columns: list[str], rows) -> None:
    """Insert rows (tuples in the order of columns) into table in the caller's transaction.

    On PostgreSQL by COPY: one statement for all the rows, where executemany runs an INSERT per row
    (a 100,000-article import writes 3.2 million band rows). Elsewhere executemany, which SQLite
    runs as one prepared statement anyway.
    """
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)  # noqa: S608
