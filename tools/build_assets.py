"""Copy the pinned npm assets into build/static, where Django's staticfiles finds them."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NODE = ROOT / "node_modules"
OUT = ROOT / "build" / "static" / "vendor"

ASSETS = {
    "@utrecht/component-library-css/dist/index.css": "utrecht/component-library.css",
    "@utrecht/design-tokens/dist/theme.css": "utrecht/theme.css",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
}


def main() -> int:
    missing = [src for src in ASSETS if not (NODE / src).exists()]
    if missing:
        print("Missing npm assets (run `npm ci`): " + ", ".join(missing), file=sys.stderr)
        return 1
    for src, dest in ASSETS.items():
        target = OUT / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NODE / src, target)
    print(f"Copied {len(ASSETS)} assets to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
