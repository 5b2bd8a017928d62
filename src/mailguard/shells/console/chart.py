"""The findings dashboard: findings per rule per day as an inline SVG bar chart.

Drawn on the server (no script, no chart library, works under a strict Content-Security-Policy
and in any browser); each bar carries a ``<title>`` and the page shows the same numbers as a
table, so a screen reader gets them too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from html import escape

from mailguard.shells.gateway.store import StoredMessage

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f")


@dataclass(frozen=True)
class Series:
    days: list[date]
    rules: list[str]
    counts: Counter[tuple[date, str]]

    def total(self, day: date) -> int:
        return sum(self.counts[(day, rule)] for rule in self.rules)


def per_rule_per_day(messages: Iterable[StoredMessage], today: date, days: int = 14) -> Series:
    first = today - timedelta(days=days - 1)
    counts: Counter[tuple[date, str]] = Counter()
    for message in messages:
        day = datetime.fromtimestamp(message.created).date()  # the office's own days
        if day < first or day > today:
            continue
        for rule in {f["rule"] for f in message.findings if f.get("severity") != "info"}:
            counts[(day, rule)] += 1
    rules = sorted({rule for _, rule in counts})
    return Series([first + timedelta(days=n) for n in range(days)], rules, counts)


def svg(series: Series, title: str, width: int = 720, height: int = 260) -> str:
    """Stacked bars, one per day, one colour per rule, with a legend."""
    left, bottom, top = 36, 36, 12
    legend_width = 110 if series.rules else 0
    plot_w = width - left - legend_width - 8
    plot_h = height - bottom - top
    peak = max([series.total(d) for d in series.days] + [1])
    step = plot_w / max(len(series.days), 1)
    bar = max(step * 0.7, 2)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-title" class="chart"><title id="chart-title">{escape(title)}</title>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#555"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="11">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for index, day in enumerate(series.days):
        x = left + index * step + (step - bar) / 2
        y: float = top + plot_h
        for colour, rule in zip(PALETTE * 10, series.rules, strict=False):
            n = series.counts[(day, rule)]
            if not n:
                continue
            h = plot_h * n / peak
            y -= h
            out.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{day.isoformat()} {escape(rule)}: {n}</title></rect>"
            )
        if (len(series.days) - 1 - index) % 2 == 0 or len(series.days) <= 7:  # today always labelled
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{top + plot_h + 16}" text-anchor="middle" font-size="10">'
                f"{day.month}/{day.day}</text>"
            )
    for index, (colour, rule) in enumerate(zip(PALETTE * 10, series.rules, strict=False)):
        y = top + index * 18
        x = width - legend_width
        out.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>')
        out.append(f'<text x="{x + 18}" y="{y + 11}" font-size="12">{escape(rule)}</text>')
    out.append("</svg>")
    return "".join(out)
