"""Spreadsheet values as the sheet shows them: Excel number formats applied to raw values.

Spreadsheets store numbers as binary floats and dates as serial numbers; the user sees
them through a number format ("#,##0.00", "0%", "d-mmm-yy", ...). A table extracted for
an LLM should read like the sheet, not like ``1204.0000000001``. This module covers the
formats seen in practice (General, fixed decimals, thousands separators, percent,
scientific, currency and literal text, dates and times); anything it does not understand
falls back to the "General" rendering, which never shows float noise.
"""

from __future__ import annotations

import datetime as dt
import math
import re

_BRACKETS = re.compile(r"\[[^\]]*\]")
_CURRENCY = re.compile(r"\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\]")
_QUOTED = re.compile(r'"([^"]*)"')
_DATE_TOKENS = re.compile(
    r"(yyyy|yy|mmmmm|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am/pm|a/p|\.0+)", re.IGNORECASE
)


def format_general(value: float | int) -> str:
    """Excel's "General": integers without ``.0``, floats at 15 significant digits."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return ""
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, exp = text.split("e")
        return f"{mantissa}E{int(exp):+03d}"
    return text


def _split_sections(fmt: str) -> list[str]:
    sections, buf, quoted = [], [], False
    for ch in fmt:
        if ch == '"':
            quoted = not quoted
        if ch == ";" and not quoted:
            sections.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    sections.append("".join(buf))
    return sections


def _literal_parts(section: str) -> tuple[str, str, str]:
    """Split a numeric section into (prefix text, number pattern, suffix text)."""
    section = _CURRENCY.sub(lambda m: f'"{m.group(1)}"', section)
    section = _BRACKETS.sub("", section)
    section = re.sub(r"_.", " ", section)  # padding to a character's width
    section = re.sub(r"\*.", "", section)  # fill characters
    section = re.sub(r"\\(.)", r'"\1"', section)
    out_pre, out_num, out_suf = [], [], []
    pos = 0
    for m in _QUOTED.finditer(section):
        _sort(section[pos : m.start()], out_pre, out_num, out_suf)
        (out_suf if out_num else out_pre).append(m.group(1))
        pos = m.end()
    _sort(section[pos:], out_pre, out_num, out_suf)
    return "".join(out_pre).strip(), "".join(out_num), "".join(out_suf).rstrip()


def _sort(chunk: str, pre: list[str], num: list[str], suf: list[str]) -> None:
    for ch in chunk:
        if ch in "0#?.,%Ee+-" and (ch not in "Ee+-" or num):
            if suf and ch not in "%":
                suf.append(ch)
            else:
                num.append(ch)
        elif num:
            suf.append(ch)
        else:
            pre.append(ch)


def _format_number(value: float, pattern: str) -> str | None:
    if not pattern or not any(c in pattern for c in "0#?"):
        return None
    pct = pattern.count("%")
    pattern = pattern.replace("%", "")
    value = value * (100**pct)
    sci = re.search(r"[Ee][+-]", pattern)
    int_part, _, frac_part = pattern[: sci.start() if sci else None].partition(".")
    decimals = sum(1 for c in frac_part if c in "0#?")
    min_decimals = sum(1 for c in frac_part if c == "0")
    grouping = "," in int_part.rstrip(",")
    scale = len(int_part) - len(int_part.rstrip(","))  # trailing commas divide by 1000
    value = value / (1000**scale)
    if sci:
        text = f"{abs(value):.{decimals}E}"
        mantissa, exp = text.split("E")
        text = f"{mantissa}E{int(exp):+0{len(pattern) - sci.end() + 1}d}"
    else:
        text = f"{abs(value):{',' if grouping else ''}.{decimals}f}"
        if decimals > min_decimals and "." in text:
            head, frac = text.split(".")
            frac = frac.rstrip("0").ljust(min_decimals, "0")
            text = f"{head}.{frac}" if frac else head
        if int_part.replace(",", "").startswith("#") and text.startswith("0") and value != 0:
            text = text[1:] if text[1:2] == "." else text
    text = text + "%" * pct
    return ("-" if value < 0 and not re.fullmatch(r"[0.%E+-]*", text) else "") + text


def format_number(value: float | int, fmt: str | None) -> str:
    """``value`` shown through the Excel number format ``fmt`` (General when unknown)."""
    if isinstance(value, bool) or not fmt or fmt.lower() in ("general", "@"):
        return format_general(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return ""
    sections = _split_sections(fmt)
    section = sections[0]
    negative_section = False
    if value < 0 and len(sections) > 1 and sections[1].strip():
        section, negative_section = sections[1], True
    elif value == 0 and len(sections) > 2 and sections[2].strip():
        section = sections[2]
    if "/" in section and "?" in section:
        return format_general(value)  # fractions: rare, keep the exact value
    prefix, pattern, suffix = _literal_parts(section)
    number = _format_number(abs(value) if negative_section else value, pattern)
    if number is None:
        return (prefix + suffix).strip() or format_general(value)
    sign = ""
    if number.startswith("-"):
        sign, number = "-", number[1:]
    return f"{sign}{prefix}{number}{suffix}".strip()


def is_date_format(fmt: str | None) -> bool:
    """True when ``fmt`` shows a date or a time."""
    if not fmt:
        return False
    bare = _QUOTED.sub("", _BRACKETS.sub("", fmt.split(";")[0])).lower()
    bare = re.sub(r"\\.", "", bare)
    return any(c in bare for c in "dyhs") or ("m" in bare and not any(c in bare for c in "0#?"))


def format_datetime(value: dt.datetime | dt.date | dt.time, fmt: str | None) -> str:
    """A date or time shown through the Excel format ``fmt`` (ISO 8601 when unknown)."""
    if not fmt or not is_date_format(fmt):
        return _iso(value)
    section = _split_sections(fmt)[0]
    section = _BRACKETS.sub("", section)
    section = re.sub(r"\\(.)", r'"\1"', section)
    if isinstance(value, dt.time):
        value = dt.datetime.combine(dt.date(1900, 1, 1), value)
    elif not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time())
    twelve_hour = bool(re.search(r"am/pm|a/p", section, re.IGNORECASE))
    out: list[str] = []
    tokens: list[str] = []
    pos = 0
    for m in re.finditer(r'"[^"]*"|' + _DATE_TOKENS.pattern, section, re.IGNORECASE):
        out.append(section[pos : m.start()])
        tokens.append(m.group(0))
        out.append("\0")
        pos = m.end()
    out.append(section[pos:])
    rendered = [_date_token(tok, i, tokens, value, twelve_hour) for i, tok in enumerate(tokens)]
    it = iter(rendered)
    return "".join(next(it) if part == "\0" else part for part in out).strip()


def _date_token(tok: str, i: int, tokens: list[str], value: dt.datetime, twelve_hour: bool) -> str:
    low = tok.lower()
    if tok.startswith('"'):
        return tok[1:-1]
    if low.startswith("m") and len(low) <= 2:
        prev = next((t.lower() for t in reversed(tokens[:i]) if not t.startswith('"')), "")
        nxt = next((t.lower() for t in tokens[i + 1 :] if not t.startswith('"')), "")
        if prev.startswith("h") or nxt.startswith("s"):
            return f"{value.minute:02d}" if low == "mm" else str(value.minute)
    hour = value.hour % 12 or 12 if twelve_hour else value.hour
    table = {
        "yyyy": f"{value.year:04d}",
        "yy": f"{value.year % 100:02d}",
        "mmmmm": value.strftime("%B")[:1],
        "mmmm": value.strftime("%B"),
        "mmm": value.strftime("%b"),
        "mm": f"{value.month:02d}",
        "m": str(value.month),
        "dddd": value.strftime("%A"),
        "ddd": value.strftime("%a"),
        "dd": f"{value.day:02d}",
        "d": str(value.day),
        "hh": f"{hour:02d}",
        "h": str(hour),
        "ss": f"{value.second:02d}",
        "s": str(value.second),
        "am/pm": "AM" if value.hour < 12 else "PM",
        "a/p": "A" if value.hour < 12 else "P",
    }
    if low.startswith("."):
        return "." + f"{value.microsecond:06d}"[: len(low) - 1]
    return table.get(low, tok)


def _iso(value: dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    return value.isoformat()
