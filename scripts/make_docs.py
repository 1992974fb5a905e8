"""Regenerate the documents made from the code: docs/fields.md, docs/mistakes.md, docs/schema/*.json.

    python scripts/make_docs.py          # write them
    python scripts/make_docs.py --check  # exit 1 if any is out of date (tests/test_docs.py does this too)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jointhire import reference  # noqa: E402


def documents() -> dict[Path, str]:
    docs = ROOT / "docs"
    made = {docs / "fields.md": reference.field_reference(), docs / "mistakes.md": reference.mistakes()}
    made.update({docs / "schema" / name: text for name, text in reference.json_schemas().items()})
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report documents that are out of date")
    args = parser.parse_args()
    stale = []
    for path, text in documents().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT).as_posix())
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "written"
    print(f"{len(stale)} document(s) {verb}" + (": " + ", ".join(stale) if stale else ""))
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
