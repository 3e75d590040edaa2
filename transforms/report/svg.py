"""A token-length histogram as inline SVG (a real chart, no script library)."""

from __future__ import annotations

from html import escape


def histogram_svg(values: list[int], bins: int = 20, width: int = 640, height: int = 180) -> str:
    """Bars of the distribution of ``values`` with labelled axes; a note when empty."""
    if not values:
        return '<p id="histogram">no chunks</p>'
    lo, hi = min(values), max(values)
    step = max(1, -(-(hi - lo + 1) // bins))
    counts = [0] * bins
    for v in values:
        counts[min((v - lo) // step, bins - 1)] += 1
    top = max(counts)
    pad, bar_w = 30, (width - 40) / bins
    bars = []
    for i, n in enumerate(counts):
        h = (height - 2 * pad) * n / top
        x, y = 35 + i * bar_w, height - pad - h
        label = f"{lo + i * step}–{lo + (i + 1) * step - 1} tokens: {n} chunks"
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" '
            f'fill="#3b82f6"><title>{escape(label)}</title></rect>'
        )
    axis = (
        f'<line x1="34" y1="{height - pad}" x2="{width - 4}" y2="{height - pad}" stroke="#334155"/>'
        f'<text x="35" y="{height - 10}">{lo}</text>'
        f'<text x="{width - 40}" y="{height - 10}">{hi}</text>'
        f'<text x="{width / 2 - 30:.0f}" y="{height - 10}">tokens per chunk</text>'
        f'<text x="2" y="{pad}">{top}</text>'
    )
    return (
        f'<svg id="histogram" role="img" aria-label="token length histogram" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}">{"".join(bars)}{axis}</svg>'
    )
