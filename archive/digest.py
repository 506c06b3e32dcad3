"""What a database holds, in a form two databases can be compared by: rows per table and a SHA-256
over the archive's content. A restore is right when its digest equals the source's."""

import hashlib
import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections

from archive.captures.models import Original
from archive.documents.models import Citation, Document, Issuer
from archive.figures.models import Figure
from archive.models import Agency, AgencyMention, Alias, Article, Campaign, CampaignMention, Copy

# The content a curator or an import makes; indexes, caches and history follow from it (and are
# counted, not hashed).
CONTENT = [
    Article,
    Copy,
    AgencyMention,
    CampaignMention,
    Figure,
    Agency,
    Campaign,
    Alias,
    Document,
    Issuer,
    Citation,
    Original,
]


@dataclass(frozen=True)
class Digest:
    counts: dict[str, int]
    sha256: str

    def lines(self):
        width = max(map(len, self.counts), default=0)
        yield from (f"{table:<{width}}  {n}" for table, n in self.counts.items())
        yield f"{'sha256':<{width}}  {self.sha256}"


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, bytes | memoryview):
            return bytes(o).hex()
        return super().default(o)


def content_models():
    """The content models and the link tables of their many-to-many fields, in a fixed order."""
    for model in CONTENT:
        yield model
        for field in model._meta.local_many_to_many:
            yield field.remote_field.through


def archive_digest(using="default") -> Digest:
    connection = connections[using]
    with connection.cursor() as cursor:
        counts = {}
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    sha = hashlib.sha256()
    for model in content_models():
        columns = [field.attname for field in model._meta.concrete_fields]
        sha.update(f"{model._meta.db_table}:{','.join(columns)}\n".encode())
        for row in model._base_manager.using(using).order_by("pk").values_list(*columns).iterator(2000):
            sha.update(json.dumps(row, cls=_Encoder, ensure_ascii=False).encode())
            sha.update(b"\n")
    return Digest(counts, sha.hexdigest())
