"""Every curator's change recorded (django-simple-history): the history page shows each as a diff,
and any earlier version can be restored from it."""

import base64
import difflib
import hashlib

from csp.constants import UNSAFE_HASHES
from csp.decorators import csp_update
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper


class DiffContextHelper(HistoricalRecordContextHelper):
    """Long texts (a body) show as the lines that changed, not as two truncated copies."""

    def prepare_delta_change_value(self, change, value):
        other = change.new if value is change.old else change.old
        if isinstance(value, str) and isinstance(other, str) and max(len(value), len(other)) > 100:
            ours = value.splitlines()
            theirs = other.splitlines()
            if value is change.old:
                changed = [line for line in difflib.ndiff(ours, theirs) if line.startswith("- ")]
            else:
                changed = [line for line in difflib.ndiff(theirs, ours) if line.startswith("+ ")]
            return "\n".join(line[:200] for line in changed[:20]) or "…"
        return super().prepare_delta_change_value(change, value)


def style_attribute_hash(value):
    """A Content-Security-Policy source that allows exactly this style="" attribute, nothing else."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(value.encode()).digest()).decode() + "'"


# django-simple-history's history page writes <p class="paginator" style="border-top: 0">. Its
# pages allow that one attribute ('unsafe-hashes' with its hash) instead of 'unsafe-inline'; no
# other inline style, and no inline script, anywhere in the admin. tests/browser/test_security.py checks
# the installed template still writes it.
HISTORY_PAGINATOR_STYLE = "border-top: 0"


class HistoryAdmin(SimpleHistoryAdmin):
    """Every change recorded with who and when; the history page shows each as a diff, and any
    earlier version can be restored from it (the restore is itself recorded)."""

    @csp_update({"style-src-attr": [UNSAFE_HASHES, style_attribute_hash(HISTORY_PAGINATOR_STYLE)]})
    def history_view(self, request, object_id, extra_context=None):
        return super().history_view(request, object_id, extra_context)

    def get_historical_record_context_helper(self, request, historical_record):
        return DiffContextHelper(self.model, historical_record)
