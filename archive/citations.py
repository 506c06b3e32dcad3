"""Citations of an article in GB/T 7714-2015, Chicago (notes and bibliography), BibTeX and RIS.

A policy document is cited as a government document: its issuers are its authors and its 发文字号
follows the title (GB/T 7714's 其他题名信息, BibTeX's number, RIS's M1).

Pure functions of a Citable (no database, no request), so each style is tested on text alone.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime

from .models import SHANGHAI

MONTHS = "January February March April May June July August September October November December".split()


@dataclass
class Citable:
    id: int
    title: str
    author: str
    source: str  # the original publisher
    newspaper: bool  # the source is a newspaper: [N] rather than [EB/OL]
    published: datetime | None
    permalink: str
    accessed: date
    number: str = ""  # a policy document's 发文字号
    issuers: tuple[str, ...] = ()  # its 发文机关, in order
    written: date | None = None  # its 成文日期
    doc_type: str = ""  # its 文种

    @classmethod
    def of(cls, article, permalink: str, accessed: date | None = None):
        source, document = article.source, getattr(article, "document", None)
        if document is not None:
            record = {
                "number": document.number,
                "issuers": tuple(row.agency.name for row in document.issuer_rows.all()),
                "written": document.written_date,
                "doc_type": document.doc_type,
            }
        else:
            record = {}
        return cls(
            id=article.pk,
            title=article.title,
            author=article.author,
            source=source.name if source else "",
            newspaper=bool(source and source.kind == source.Kind.NEWSPAPER),
            published=article.published_at.astimezone(SHANGHAI) if article.published_at else None,
            permalink=permalink,
            accessed=accessed or datetime.now(SHANGHAI).date(),
            **record,
        )

    @property
    def day(self) -> str:
        return self.published.date().isoformat() if self.published else ""

    @property
    def is_document(self) -> bool:
        return bool(self.number or self.issuers)

    @property
    def dated(self) -> date | None:
        """A document's date: its 成文日期, else its publication."""
        return self.written or (self.published.date() if self.published else None)


def gbt7714(c: Citable) -> str:
    """GB/T 7714-2015: a government document as an online official document [A/OL], its issuers
    (three, then 等) as authors and its number after the title; a newspaper article [N] with its
    date; otherwise an online text [EB/OL] with its publication and access dates and address."""
    if c.is_document:
        return _gbt7714_document(c)
    lead = f"{c.author}. " if c.author else ""
    if c.newspaper and c.day:
        return f"{lead}{c.title}[N]. {c.source}, {c.day}."
    published = f"({c.day})" if c.day else ""
    where = f"{c.source}, " if c.source else ""
    return f"{lead}{c.title}[EB/OL]. {where}{published}[{c.accessed.isoformat()}]. {c.permalink}."


def _gbt7714_document(c: Citable) -> str:
    issuers = ", ".join(c.issuers[:3]) + (", 等" if len(c.issuers) > 3 else "")
    lead = f"{issuers or c.author}. " if issuers or c.author else ""
    title = f"{c.title}: {c.number}" if c.number else c.title
    dated = f"({c.dated.isoformat()})" if c.dated else ""
    return f"{lead}{title}[A/OL]. {dated}[{c.accessed.isoformat()}]. {c.permalink}."


def chicago(c: Citable) -> str:
    """Chicago, bibliography entry for a news article (unsigned ones start with the title); a
    government document's issuers are its authors and its number stands for the publication."""
    author = ", ".join(c.issuers) if c.is_document and c.issuers else c.author
    lead = f"{author}. " if author else ""
    day = c.dated if c.is_document else (c.published.date() if c.published else None)
    when = f", {MONTHS[day.month - 1]} {day.day}, {day.year}" if day else ""
    where = c.number if c.is_document else c.source
    source = f" {where}{when}." if where else (f" {when.lstrip(', ')}." if when else "")
    return f"{lead}“{c.title}.”{source} {c.permalink}."


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_MONTH_MACROS = "jan feb mar apr may jun jul aug sep oct nov dec".split()  # BibTeX's and biblatex's


def _bib(value: str) -> str:
    return _BIBTEX_SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) not in "\\^~" else "", value)


def bibtex(c: Citable) -> str:
    """One entry that classic BibTeX (bibtexparser 1.x, pybtex, the standard styles) and biblatex both read.

    A signed, dated newspaper article is an @article, with BibTeX's `journal` beside biblatex's
    `journaltitle`; anything else is a @misc (BibTeX's @article requires an author and a year, and
    @online is biblatex's alone): its publisher in `howpublished`, the address in `url`. biblatex
    takes `date`, `urldate` and `langid`; BibTeX takes `year`, `month` and, in pybtex, `urldate`.
    """
    if c.is_document:
        return _bibtex_document(c)
    article = bool(c.newspaper and c.author and c.published)
    braced = [("title", c.title), ("author", c.author)]
    braced += [("journal", c.source), ("journaltitle", c.source)] if article else [("howpublished", c.source)]
    if c.published:
        braced += [("date", c.day), ("year", str(c.published.year))]
    braced += [("url", c.permalink), ("urldate", c.accessed.isoformat()), ("langid", "chinese")]
    fields = [(name, f"{{{_bib(value)}}}") for name, value in braced if value]
    if c.published:
        fields.append(("month", _MONTH_MACROS[c.published.month - 1]))  # a macro, as the styles expect
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{'article' if article else 'misc'}{{archive{c.id},\n{body}\n}}\n"


def _bibtex_document(c: Citable) -> str:
    """A government document: a @techreport (BibTeX requires of one an author, a title, an
    institution and a year) with its 文种 as the report's type and its number, the issuers as
    corporate authors (each in its own braces, so no style reads a family name in it); a @misc with
    the number when it lacks an issuer or a date (and the number in `note`, which @misc styles print)."""
    report = bool(c.issuers and c.dated)
    issuers = " and ".join(f"{{{_bib(name)}}}" for name in c.issuers)
    fields = [("title", f"{{{_bib(c.title)}}}")]
    if issuers:
        fields += [("author", f"{{{issuers}}}"), ("institution", f"{{{issuers}}}")]
    braced = [("type", c.doc_type if report else ""), ("number", c.number), ("note", "" if report else c.number)]
    if c.dated:
        braced += [("date", c.dated.isoformat()), ("year", str(c.dated.year))]
    braced += [("url", c.permalink), ("urldate", c.accessed.isoformat()), ("langid", "chinese")]
    fields += [(name, f"{{{_bib(value)}}}") for name, value in braced if value]
    if c.dated:
        fields.append(("month", _MONTH_MACROS[c.dated.month - 1]))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@{'techreport' if report else 'misc'}{{archive{c.id},\n{body}\n}}\n"


def ris(c: Citable) -> str:
    if c.is_document:
        return _ris_document(c)
    lines = [("TY", "NEWS" if c.newspaper else "ELEC"), ("TI", c.title)]
    if c.author:
        lines.append(("AU", c.author))
    if c.source:
        lines.append(("T2" if c.newspaper else "PB", c.source))
    if c.published:
        lines += [("PY", str(c.published.year)), ("DA", c.published.strftime("%Y/%m/%d"))]
    lines += [("UR", c.permalink), ("Y2", c.accessed.strftime("%Y/%m/%d")), ("LA", "zh"), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


def _ris_document(c: Citable) -> str:
    """A government document (GOVDOC): each issuer an author (AU), the number in M1."""
    lines = [("TY", "GOVDOC"), ("TI", c.title), *(("AU", name) for name in c.issuers)]
    if c.number:
        lines.append(("M1", c.number))
    if c.dated:
        lines += [("PY", str(c.dated.year)), ("DA", c.dated.strftime("%Y/%m/%d"))]
    lines += [("UR", c.permalink), ("Y2", c.accessed.strftime("%Y/%m/%d")), ("LA", "zh"), ("ER", "")]
    return "".join(f"{tag}  - {value}\r\n" for tag, value in lines)


STYLES = {"gbt7714": ("GB/T 7714-2015", gbt7714), "chicago": ("Chicago", chicago), "bibtex": ("BibTeX", bibtex)}
