"""`make audit` (.ci/audit.py) on pip-audit's reports: a known vulnerability fails unless it is
accepted with a reason; an unanswered look-up is "not audited", a failure only where required."""

import importlib.util
import re
from pathlib import Path

import pytest

spec = importlib.util.spec_from_file_location("audit", Path(__file__).resolve().parents[2] / ".ci" / "audit.py")
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
VULNERABLE = {
    "name": "django",
    "version": "5.2.1",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"], "aliases": [], "description": "A flaw."}],
}
UNANSWERED = {"name": "lxml", "skip_reason": "Dependency not found on PyPI and could not be audited: lxml (6.1.3)"}


def test_a_clean_report_passes():
    code, lines = audit.verdict([CLEAN])
    assert code == 0 and lines[-1] == "pip-audit: 1 of 1 packages audited, 0 known vulnerable"


def test_a_known_vulnerability_fails_and_names_its_fix():
    code, lines = audit.verdict([VULNERABLE, UNANSWERED])
    assert code == 1
    assert "VULNERABLE: django 5.2.1: PYSEC-2025-1 (fixed in 5.2.2)" in lines


def test_unanswered_look_ups_pass_with_a_warning_unless_the_audit_is_required():
    code, lines = audit.verdict([CLEAN, UNANSWERED])
    assert code == 0
    assert any(line.startswith("NOT AUDITED: the vulnerability service had no answer for 1 of 2") for line in lines)
    assert audit.verdict([CLEAN, UNANSWERED], required=True)[0] == 1


def test_an_accepted_vulnerability_needs_a_reason():
    text = "# comment\n\nGHSA-aaaa-bbbb-cccc  only the X feature, unused here  # recheck in June\n"
    assert audit.accepted(text) == {"GHSA-aaaa-bbbb-cccc": "only the X feature, unused here"}
    with pytest.raises(SystemExit, match="needs a reason"):
        audit.accepted("PYSEC-2025-1\n")


def test_the_accepted_list_in_the_repository_reads():
    """Every line that is not a comment is read, as a vulnerability id with its reason."""
    text = audit.IGNORE_FILE.read_text(encoding="utf-8")
    entries = [line for line in text.splitlines() if line.split("#", 1)[0].strip()]
    accepted = audit.accepted(text)
    assert len(accepted) == len(entries)
    for vuln, reason in accepted.items():
        assert re.fullmatch(r"(PYSEC|GHSA|CVE)-[\w-]+", vuln) and reason.strip(), (vuln, reason)
