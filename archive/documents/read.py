"""A page -> a policy document's record (placeholder until the full reader lands)."""

from dataclasses import dataclass, field
from datetime import date

from .kinds import doc_type, enclosed
from .numbers import find_numbers
from .references import Reference, find_references


@dataclass
class DocumentRecord:
    number: str = ""
    issuers: list[str] = field(default_factory=list)
    written_date: date | None = None
    effective_date: date | None = None
    expires_on: date | None = None
    doc_type: str = ""
    enclosed_title: str = ""
    enclosed_type: str = ""
    index_number: str = ""
    subject: str = ""
    validity: str = ""
    references: list[Reference] = field(default_factory=list)


def read_document(title, body, fields, published, agencies) -> DocumentRecord | None:
    head = "\n".join(body.splitlines()[:3])
    numbers = find_numbers(head)
    if not numbers:
        return None
    inner, kind = enclosed(title)
    return DocumentRecord(
        number=numbers[0][2].normalised,
        doc_type=doc_type(title),
        enclosed_title=inner,
        enclosed_type=kind,
        references=find_references(body, title, numbers[0][2].normalised, inner),
    )
