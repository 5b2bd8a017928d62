"""The console's queue page (/admin) with many held messages, against the same page with few.

A queue that pages should cost about the same with 20,000 messages as with 200: the store
counts and sorts, the page renders one page. The baseline, measured in the same run, is the
page over a small queue; the figure is the page over a large one (and its last page), as a
ratio. In-process (Starlette through httpx's ASGI transport) on a real SQLite queue.

    python benchmarks/console_queue.py --messages 20000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from console_parts import HIKARI, MIDORI, SAKURA, LocalConsole, message  # noqa: E402

ADMIN = {"user": "admin", "roles": ["admin", "approver"]}
PROXY = {"trusted_header": "X-Remote-User", "trusted_proxies": ["127.0.0.1/32"], "accounts": [ADMIN]}


async def fill(local: LocalConsole, count: int) -> None:
    """``count`` held messages, half of them MG101 (two parties see each other), half MG303
    (first contact), 100 created in each second."""
    two = await local.hold(message([SAKURA], [MIDORI]), [SAKURA, MIDORI])
    first = await local.hold(message([HIKARI]), [HIKARI])
    await local.copies(two, count // 2 - 1, per_second=100)
    await local.copies(first, count - count // 2 - 1, per_second=100)


async def timed(local: LocalConsole, path: str, repeat: int) -> float:
    async with local.client(**{"X-Remote-User": "admin"}) as client:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            response = await client.get(path)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
    return statistics.median(times)


async def measure(count: int, repeat: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        async with LocalConsole(Path(directory), **PROXY) as local:
            await fill(local, count)
            return {
                "first": await timed(local, "/admin", repeat),
                "held": await timed(local, "/admin?state=held&rule=MG303", repeat),
                "last": await timed(local, f"/admin?page={max(1, count // 100)}", repeat),
            }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--baseline", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    small = asyncio.run(measure(args.baseline, args.repeat))
    large = asyncio.run(measure(args.messages, args.repeat))
    for key, label in (("first", "first page"), ("held", "held + MG303 filter"), ("last", "last page")):
        print(
            f"queue {label}: {large[key] * 1000:.1f} ms with {args.messages} messages, "
            f"{small[key] * 1000:.1f} ms with {args.baseline} ({large[key] / small[key]:.2f}x)"
        )


if __name__ == "__main__":
    main()
