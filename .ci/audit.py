"""`make audit`: known vulnerabilities in the pinned requirements, by pip-audit.

pip-audit resolves requirements.txt and requirements-dev.txt (dependencies included) in a scratch
environment and asks the vulnerability service about every package. Then:

- a known vulnerability fails the audit, unless .pip-audit-ignore lists its id with a reason;
- a package the service could not be asked about (no network, or an index mirror without the
  vulnerability data) is NOT AUDITED: said loudly, and a failure only with AUDIT_REQUIRED=1, which
  a CI that reaches the service sets. Without it an unreachable service would fail every build.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORE_FILE = ROOT / ".pip-audit-ignore"
REQUIREMENTS = ["requirements.txt", "requirements-dev.txt"]


def accepted(text):
    """{id: reason} from .pip-audit-ignore: `ID  reason`, one a line, # for comments."""
    found = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        vuln, _, reason = line.partition(" ")
        if not reason.strip():
            sys.exit(f"{IGNORE_FILE.name}:{number}: {vuln} needs a reason after it")
        found[vuln] = reason.strip()
    return found


def main():
    required = os.environ.get("AUDIT_REQUIRED") == "1"
    ignores = accepted(IGNORE_FILE.read_text(encoding="utf-8")) if IGNORE_FILE.exists() else {}
    for vuln, reason in ignores.items():
        print(f"accepted: {vuln}: {reason}")
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--format", "json"]
        command += ["--output", str(report)]
        for requirements in REQUIREMENTS:
            command += ["-r", str(ROOT / requirements)]
        for vuln in ignores:
            command += ["--ignore-vuln", vuln]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603 (our arguments)
        if not report.exists():
            print(done.stdout + done.stderr, file=sys.stderr)
            code, lines = not_audited("pip-audit stopped before it could report (above)", required)
            print("\n".join(lines), file=sys.stderr)
            return code
        dependencies = json.loads(report.read_text())["dependencies"]

    code, lines = verdict(dependencies, required)
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


def verdict(dependencies, required=False):
    """(exit status, lines to print) from pip-audit's JSON dependencies."""
    vulnerable = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    skipped = [d for d in dependencies if "skip_reason" in d]
    lines = []
    for dependency, vuln in vulnerable:
        fixed = ", ".join(vuln["fix_versions"]) or "no fixed version"
        lines.append(f"VULNERABLE: {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixed})")
        lines.append(f"    {vuln['description'][:300]}")
    lines += [f"not audited: {d['name']}: {d['skip_reason']}" for d in skipped]
    audited = len(dependencies) - len(skipped)
    lines.append(f"pip-audit: {audited} of {len(dependencies)} packages audited, {len(vulnerable)} known vulnerable")
    if vulnerable:
        lines.append("Upgrade the pin, or list the id in .pip-audit-ignore with why it does not apply.")
        return 1, lines
    if skipped:
        why = f"the vulnerability service had no answer for {len(skipped)} of {len(dependencies)} packages"
        return not_audited(why, required, lines)
    return 0, lines


def not_audited(why, required, lines=()):
    lines = [*lines, f"NOT AUDITED: {why} (offline, or an index that does not serve the vulnerability data)."]
    if required:
        return 1, [*lines, "AUDIT_REQUIRED=1: failing."]
    return 0, [*lines, "Passing without an audit (AUDIT_REQUIRED=1 makes this a failure)."]


if __name__ == "__main__":
    sys.exit(main())
