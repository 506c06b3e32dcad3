"""A copy's capture as it was received: a page that says where and when it was captured, around a
frame holding the original bytes. The original is served under a Content-Security-Policy sandbox
(no scripts, an opaque origin: it never runs on the archive's own), and loads nothing from anywhere."""

import re

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from ..models import Copy
from .models import Original

# No allow-scripts, no allow-same-origin: the page gets a unique origin and runs nothing. It loads
# nothing either (the original site's images and styles would be fetched from a reader's browser);
# its own inline styles apply. Only the archive may frame it.
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
SERVED_AS = {"application/json": "text/plain"}  # a JSONL record is shown as text
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.I)


def _copy_and_original(pk):
    copy = get_object_or_404(Copy.objects.select_related("article"), pk=pk)
    original = Original.objects.for_copy(copy)
    if original is None:  # captured before originals were kept
        raise Http404("no original is kept for this copy")
    return copy, original


def capture(request, pk):
    copy, original = _copy_and_original(pk)
    return render(request, "captures/capture.html", {"copy": copy, "article": copy.article, "original": original})


@xframe_options_sameorigin
def original_body(request, pk):
    """The bytes as captured, with the captured media type (and its charset, or the one the bytes
    declare or read as: UTF-8, else GB 18030)."""
    copy, original = _copy_and_original(pk)
    capture = original.capture(copy.url or "", copy.captured_at)
    media_type = SERVED_AS.get(original.media_type, original.media_type)
    response = HttpResponse(capture.body, content_type=f"{media_type}; charset={charset_of(capture)}")
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = "public, max-age=86400, immutable"  # the same hash, the same bytes
    return response


def charset_of(capture) -> str:
    if capture.charset:
        return capture.charset
    declared = _META_CHARSET.search(capture.body[:4096])
    if declared:
        return declared.group(1).decode("ascii").lower()
    try:
        capture.body.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"
