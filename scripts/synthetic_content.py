"""Write a synthetic content tree (fictional municipalities, openings, events) in the data contract.

Runs from a checkout without installing: python scripts/synthetic_content.py --help
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from pathlib import Path

# Run from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jointhire.synthetic import write_tree  # noqa: E402


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None


def _count(minimum: int):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}, not {value}")
        return value

    return parse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="synthetic_content.py",
        description=(
            "Write a synthetic content tree in the data contract: site.yaml, N fictional\n"
            "municipalities with M openings each, and about one joint event per 20 municipalities.\n"
            "The same arguments always give a byte-identical tree. Refuses to write into a folder\n"
            "that is not empty."
        ),
        epilog=(
            "example:\n"
            "  python scripts/synthetic_content.py --out /tmp/national --municipalities 1741 --openings 10\n"
            "  python build.py build --source /tmp/national --out /tmp/national-site --today 2026-12-01\n\n"
            "exit status: 0 written, 1 the folder is not empty, 2 usage error"
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", required=True, type=Path, help="folder to create (new or empty)")
    parser.add_argument("--municipalities", required=True, type=_count(1), metavar="N", help="how many municipalities")
    parser.add_argument("--openings", required=True, type=_count(0), metavar="M", help="openings per municipality")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    parser.add_argument(
        "--today",
        type=_date,
        default=date(2026, 12, 1),
        metavar="YYYY-MM-DD",
        help="date the open/closed/upcoming mix is relative to (default: 2026-12-01)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    try:
        counts = write_tree(args.out, args.municipalities, args.openings, seed=args.seed, today=args.today)
    except FileExistsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ValueError as exc:
        parser.error(str(exc))  # exits 2
    seconds = time.perf_counter() - started
    print(
        f"wrote {counts.municipalities} municipalities, {counts.openings} openings, {counts.events} events "
        f"({counts.files} files, {counts.bytes / 1_000_000:.1f} MB) to {args.out} in {seconds:.2f} s "
        f"(seed {args.seed}, today {args.today.isoformat()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
