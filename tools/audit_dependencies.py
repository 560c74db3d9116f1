"""`make audit`: pip-audit over the installed (pinned) dependencies.

Fails on any known vulnerability. A dependency the vulnerability service could not be asked
about (no route to PyPI's JSON API or OSV, as on an offline build machine) is reported by
name; it fails the gate only when SPIL_AUDIT_REQUIRED=true, which a pipeline with internet
access sets, so that "not audited" is never silently taken for "no vulnerabilities".
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def main() -> int:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    completed = subprocess.run(  # noqa: S603 - a fixed command line
        [str(pip_audit), "--skip-editable", "--progress-spinner", "off", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(completed.stdout)
    except json.JSONDecodeError:
        print(completed.stderr or completed.stdout, file=sys.stderr)
        return 1
    vulnerable = [d for d in report["dependencies"] if d.get("vulns")]
    skipped = [d for d in report["dependencies"] if d.get("skip_reason")]
    audited = len(report["dependencies"]) - len(skipped)
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"VULNERABLE {dependency['name']} {dependency['version']}: {ids}")
    print(
        f"pip-audit: {audited} dependencies audited, {len(vulnerable)} vulnerable, "
        f"{len(skipped)} could not be audited"
    )
    if skipped:
        names = ", ".join(d["name"] for d in skipped[:10])
        print(
            f"  not audited (vulnerability service unreachable?): {names}"
            + (" …" if len(skipped) > 10 else "")
        )
    if vulnerable:
        return 1
    if skipped and os.environ.get("SPIL_AUDIT_REQUIRED", "").lower() == "true":
        print("SPIL_AUDIT_REQUIRED=true: every dependency must be audited", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
