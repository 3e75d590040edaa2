"""`docmill report`: structure on real, empty and failures-only outputs, and a real browser."""

from __future__ import annotations

import base64
import gzip
import json
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from flows.cli import main
from transforms.report.build import VIEW_TYPE

SAMPLE_DOCS = Path(__file__).resolve().parents[2] / "sample_docs"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _invoke(*args) -> None:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    _invoke("convert", SAMPLE_DOCS, "-o", tmp / "out")
    _invoke("report", tmp / "out", "-o", tmp / "report.html")
    return tmp / "report.html"


def _views(tree) -> dict[str, lxml.html.HtmlElement]:
    """Each packed document view (gzip + base64 data block), unpacked and parsed."""
    blocks = tree.xpath(f'//script[@type="{VIEW_TYPE}"]')
    return {
        b.get("id"): lxml.html.fragment_fromstring(
            gzip.decompress(base64.b64decode(b.text)).decode("utf-8"), create_parent="div"
        )
        for b in blocks
    }


def test_report_structure(sample_report):
    tree = lxml.html.parse(str(sample_report)).getroot()
    csp = tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in csp
    assert tree.xpath('//*[@id="overview"]') and tree.xpath('//svg[@id="histogram"]/rect')
    items = tree.xpath('//ul[@id="doclist"]/li')
    assert len(items) == 5
    views = _views(tree)
    assert sorted(views) == sorted(f"view-{li.get('data-id')}" for li in items)
    pdf = next(v for v in views.values() if "annual-report.pdf" in v.text_content())
    assert pdf.xpath('.//div[@class="page"]/img') and pdf.xpath('.//div[@class="box"]')
    for root in (tree, *views.values()):
        for attr in root.xpath("//@src | //@href"):
            assert attr.startswith(("data:", "#")), attr  # nothing to fetch


def test_report_on_failures_only_and_empty(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    _invoke("convert", src, "-o", tmp_path / "out")
    _invoke("report", tmp_path / "out", "-o", tmp_path / "r.html")
    tree = lxml.html.parse(str(tmp_path / "r.html")).getroot()
    assert tree.xpath('//ul[@id="doclist"]/li[@class="failed"]')
    assert "empty" in tree.xpath('string(//table[@id="failures"])')
    (tmp_path / "nothing").mkdir()
    _invoke("report", tmp_path / "nothing", "-o", tmp_path / "e.html")
    tree = lxml.html.parse(str(tmp_path / "e.html")).getroot()
    assert tree.xpath('//*[@id="overview"]') and not tree.xpath('//ul[@id="doclist"]/li')


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-default-apps",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(
        [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None,
    reason="chromium is not installed (scripts/install-system-deps.sh installs it)",
)
def test_report_renders_in_chromium(sample_report, tmp_path):
    url = sample_report.as_uri() + "#doc-d0"  # the PDF, first in name order
    netlog = tmp_path / "netlog.json"
    dom = _chromium(
        "--virtual-time-budget=5000",
        f"--log-net-log={netlog}",
        "--dump-dom",
        url,
        profile=tmp_path / "p1",
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    tree = lxml.html.fromstring(dom.stdout)
    view = tree.xpath('//section[@id="docview"]')[0]
    assert "annual-report.pdf" in view.text_content()
    assert view.xpath('.//div[@class="page"]/img') and len(view.xpath('.//div[@class="box"]')) > 5
    assert len(view.xpath('.//div[@class="chunk"]')) >= 5
    assert tree.xpath('//*[@id="overview"]//svg/rect')
    shot = tmp_path / "report.png"
    _chromium(
        "--window-size=1400,1800",
        "--virtual-time-budget=5000",
        f"--screenshot={shot}",
        url,
        profile=tmp_path / "p2",
    )
    assert shot.exists() and shot.stat().st_size > 10_000
    assert not _page_requests(netlog)


def _page_requests(netlog: Path) -> list[str]:
    """Network URLs the page asked for (Chromium's own update/account pings excluded)."""
    log = json.loads(netlog.read_text())
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [
        e["params"]["url"]
        for e in log["events"]
        if e["type"] == start
        and e.get("params", {}).get("initiator") != "not an origin"  # browser-initiated
        and e["params"].get("url", "").startswith(("http:", "https:", "ws:", "wss:", "ftp:"))
    ]


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")
def test_request_check_catches_a_fetching_page(tmp_path):
    page = tmp_path / "fetches.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/x.png"></body></html>')
    netlog = tmp_path / "netlog.json"
    _chromium(
        "--virtual-time-budget=3000",
        f"--log-net-log={netlog}",
        "--dump-dom",
        page.as_uri(),
        profile=tmp_path / "p",
    )
    assert _page_requests(netlog) == ["http://127.0.0.1:9/x.png"]
