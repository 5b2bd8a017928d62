"""Cost of the look-alike check (MG301) per message against a 10,000-entry address book.

Generates realistic replies (Japanese text, a quoted message with its Outlook header block and
a signature), each to a domain of its own so that no per-domain cache hides the work: a third
at address-book domains, a third at new domains, a third one letter away from a book domain.
Then measures, in the same run and on the same parsed drafts:

- baseline: a whole check (every rule) under the shipped default policy, no address book;
- the look-alike rule alone under the default policy (own domain, quoted thread, providers);
- the look-alike rule alone with the 10,000-entry address book (index built once, timed apart);
- a whole check with the address book.

Prints microseconds per message and each as a ratio of the baseline check.

    python benchmarks/lookalike.py --messages 300 --book 10000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mailguard.engine import check_draft
from mailguard.model import Draft
from mailguard.policy import Policy
from mailguard.readers import read_bytes
from mailguard.rules import Context
from mailguard.rules.mg301_destination import LookalikeDomain

WORDS = ["hikari", "midori", "sakura", "towa", "egao", "aozora", "kaze", "umi", "yama", "hoshi", "tsuki", "hana"]
KINDS = ["denshi", "sys", "print", "kensetsu", "shoji", "kogyo", "service", "net", "design", "care"]
SUFFIXES = ["co.jp", "or.jp", "ne.jp", "com", "jp"]


def book_domain(number: int) -> str:
    word, kind = WORDS[number % len(WORDS)], KINDS[(number // len(WORDS)) % len(KINDS)]
    return f"{word}-{kind}{number:05d}-example.{SUFFIXES[number % len(SUFFIXES)]}"


def typo(domain: str) -> str:
    name, _, rest = domain.partition(".")
    return f"{name[:3]}{name[4]}{name[3]}{name[5:]}.{rest}"  # two letters swapped


def reply(number: int, recipient_domain: str) -> bytes:
    text = f"""From: 中川 七夏 <n-nakagawa@example-city.lg.jp>
To: 田中 様 <tanaka@{recipient_domain}>
Subject: Re: お見積りの件 ({number})
Content-Type: text/plain; charset=utf-8

田中 様

えがお市 情報政策課の中川です。
お見積りの件、承知しました。内容を確認のうえ、改めてご連絡いたします。

--
えがお市 情報政策課 中川 七夏
n-nakagawa@example-city.lg.jp
https://www.example-city.lg.jp/

-----Original Message-----
差出人: 田中 <tanaka@{book_domain(number)}>
送信日時: 2026年11月29日 10:15
宛先: n-nakagawa@example-city.lg.jp
件名: お見積りの件

お見積りをお送りします。
株式会社サンプル 営業部 田中
E-mail：tanaka@{book_domain(number)}
"""
    return text.replace("\n", "\r\n").encode("utf-8")


def drafts(count: int, book: int, first: int = 0) -> list[Draft]:
    made = []
    for number in range(first, first + count):
        known = book_domain((number * 7919) % book)
        domain = (known, f"new{number:05d}-example.co.jp", typo(known))[number % 3]
        made.append(read_bytes(reply(number, domain), f"m{number}.eml"))
    return made


def per_message(work: Callable[[Draft], object], rounds: list[list[Draft]]) -> float:
    """Best of the rounds (each with domains of its own: no cache carries over), µs per message."""
    best = float("inf")
    for messages in rounds:
        start = time.perf_counter()
        for draft in messages:
            work(draft)
        best = min(best, (time.perf_counter() - start) / len(messages))
    return best * 1e6


def lookalike_only(policy: Policy, rounds: list[list[Draft]]) -> Callable[[Draft], object]:
    """MG301 on a context whose body segments are already read: in a whole check every rule
    shares them, so they are not the look-alike check's cost."""
    rule = LookalikeDomain()
    contexts = {id(d): Context(policy=policy, parties=(), draft=d) for messages in rounds for d in messages}
    for ctx in contexts.values():
        _ = ctx.segments
    return lambda draft: list(rule.check(draft, contexts[id(draft)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--book", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "contacts.csv"
        rows = [f"tanaka@{book_domain(n)},田中 {n},,株式会社サンプル{n}" for n in range(args.book)]
        path.write_text("email,name,aliases,organisation\n" + "\n".join(rows) + "\n", encoding="utf-8")
        default = Policy.default()
        with_book = Policy.from_mapping({"address_book": str(path)})
        messages = drafts(args.messages, args.book)
        rounds = [drafts(args.messages, args.book, first=args.messages * (n + 1)) for n in range(12)]
        start = time.perf_counter()
        list(LookalikeDomain().check(messages[0], Context(policy=with_book, parties=(), draft=messages[0])))
        build_ms = (time.perf_counter() - start) * 1e3
        check_draft(messages[0], default)  # warm the default's caches and imports too
        baseline = per_message(lambda d: check_draft(d, default), rounds[0:3])
        alone = per_message(lookalike_only(default, rounds[3:6]), rounds[3:6])
        alone_book = per_message(lookalike_only(with_book, rounds[6:9]), rounds[6:9])
        whole_book = per_message(lambda d: check_draft(d, with_book), rounds[9:12])
    print(f"{args.messages} replies, address book of {args.book} contacts; best of 3 rounds")
    print(f"  address-book index built once:           {build_ms:8.1f} ms")
    print(f"  whole check, default policy (baseline):  {baseline:8.0f} µs/message  1.00")
    print(f"  MG301 alone, default policy:             {alone:8.0f} µs/message  {alone / baseline:.2f}")
    print(f"  MG301 alone, 10,000-entry address book:  {alone_book:8.0f} µs/message  {alone_book / baseline:.2f}")
    print(f"  whole check, 10,000-entry address book:  {whole_book:8.0f} µs/message  {whole_book / baseline:.2f}")


if __name__ == "__main__":
    main()
