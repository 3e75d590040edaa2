"""Behaviour of the HTML parser on pages the tests write."""

from __future__ import annotations

import hashlib

import pytest

from transforms.config import HtmlOptions, PipelineConfig
from transforms.errors import DocumentError
from transforms.model import Kind, Source
from transforms.parsers.html import HtmlParser

PROSE = (
    "The committee met on Tuesday to discuss the budget, the schedule and the hiring plan. "
    "Members agreed that the new office, which opens in spring, needs more staff, better "
    "equipment and a clearer mandate from the board. "
)

ARTICLE = f"""<!DOCTYPE html>
<html lang="en-GB"><head>
<meta charset="utf-8">
<title>Budget talks resume | Example News</title>
<meta property="og:title" content="Budget talks resume">
<meta property="og:site_name" content="Example News">
<meta name="author" content="Ada Lovelace">
<meta property="article:published_time" content="2024-03-01T10:00:00Z">
<meta property="article:modified_time" content="2024-03-02T08:00:00Z">
<meta name="description" content="The committee met again.">
<link rel="canonical" href="https://example.org/budget">
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
<main><article>
<h1>Budget talks resume</h1>
<p>{PROSE}</p>
<h2>Who was there</h2>
<p>{PROSE}</p>
<ul><li>Alice, chair<ul><li>since 2019</li></ul></li><li>Bob, treasurer</li></ul>
<ol start="3"><li>third point</li><li>fourth point</li></ol>
<table><thead><tr><th>Item</th><th>Cost</th></tr></thead>
<tbody><tr><td rowspan="2">Staff</td><td>10</td></tr><tr><td>20</td></tr></tbody></table>
<pre><code class="language-python">def total(xs):
    return sum(xs)</code></pre>
<blockquote><p>We will deliver, she said, on time and on budget.</p></blockquote>
<figure><img src="a.png" alt="chart"><figcaption>Figure 1: spending by year</figcaption></figure>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
<p>{PROSE}</p>
</article>
<section class="comments"><h3>Comments</h3>
<p>First! Great article, thanks a lot for it.</p></section>
</main>
<aside><h3>Related</h3><ul><li><a href="/x">Other story one</a></li></ul></aside>
<footer>Copyright 2024 Example News. All rights reserved.</footer>
<script>var tracking = "should never appear";</script>
</body></html>
"""


def parse(html: str | bytes, **options):
    data = html.encode("utf-8") if isinstance(html, str) else html
    source = Source("mem://page.html", hashlib.sha256(data).hexdigest(), "text/html", data)
    return HtmlParser().parse(source, PipelineConfig(html=HtmlOptions(**options)))


def texts(doc) -> str:
    return "\n".join(e.text for e in doc.elements)


def test_article_keeps_content_and_drops_furniture():
    doc = parse(ARTICLE)
    all_text = texts(doc)
    assert "committee met on Tuesday" in all_text
    for junk in (
        "Home",
        "cookies",
        "Share on Facebook",
        "First!",
        "Other story",
        "Copyright",
        "tracking",
    ):
        assert junk not in all_text, junk


def test_structure_in_document_order():
    doc = parse(ARTICLE)
    kinds = [e.kind for e in doc.elements]
    assert kinds[0] is Kind.TITLE and doc.elements[0].text == "Budget talks resume"
    heading = next(e for e in doc.elements if e.kind is Kind.HEADING)
    assert (heading.text, heading.level) == ("Who was there", 2)
    items = [(e.text, e.level, e.ordinal) for e in doc.elements if e.kind is Kind.LIST_ITEM]
    assert items == [
        ("Alice, chair", 0, None),
        ("since 2019", 1, None),
        ("Bob, treasurer", 0, None),
        ("third point", 0, 3),
        ("fourth point", 0, 4),
    ]
    order = [k for k in kinds if k in (Kind.TABLE, Kind.CODE, Kind.QUOTE, Kind.CAPTION)]
    assert order == [Kind.TABLE, Kind.CODE, Kind.QUOTE, Kind.CAPTION]


def test_table_cells_spans_and_header():
    doc = parse(ARTICLE)
    table = next(e.table for e in doc.elements if e.kind is Kind.TABLE)
    assert table.header_rows == 1
    assert table.rows[1][0].text == "Staff" and table.rows[1][0].row_span == 2
    assert table.grid() == [["Item", "Cost"], ["Staff", "10"], ["Staff", "20"]]


def test_code_block_keeps_whitespace_and_language():
    doc = parse(ARTICLE)
    code = next(e for e in doc.elements if e.kind is Kind.CODE)
    assert code.lang == "python"
    assert code.text == "def total(xs):\n    return sum(xs)"


def test_metadata():
    doc = parse(ARTICLE)
    assert doc.title == "Budget talks resume"
    assert doc.language == "en-GB"
    meta = doc.metadata
    assert meta["author"] == "Ada Lovelace"
    assert meta["published"] == "2024-03-01T10:00:00Z"
    assert meta["modified"] == "2024-03-02T08:00:00Z"
    assert meta["url"] == "https://example.org/budget"
    assert meta["description"] == "The committee met again."
    assert meta["site_name"] == "Example News"


def test_json_ld_metadata_wins():
    html = f"""<html><head><title>Page</title>
    <script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
      {{"@type": "WebSite", "name": "Site"}},
      {{"@type": "NewsArticle", "headline": "Real headline",
        "author": [{{"@type": "Person", "name": "Grace Hopper"}}],
        "datePublished": "2020-01-02", "publisher": {{"name": "The Paper"}}}}]}}</script>
    </head><body><p>{PROSE}</p></body></html>"""
    meta = parse(html).metadata
    assert meta["title"] == "Real headline"
    assert meta["author"] == "Grace Hopper"
    assert meta["published"] == "2020-01-02"
    assert meta["site_name"] == "The Paper"


def test_main_content_off_keeps_everything_visible():
    doc = parse(ARTICLE, main_content=False)
    assert "Copyright 2024" in texts(doc)
    assert "should never appear" not in texts(doc)


def test_hidden_nodes_are_dropped():
    html = f"""<html><body><article><p>{PROSE}</p>
    <p style="display: none">secret hidden words</p><p hidden>more hidden</p>
    <div aria-hidden="true">aria hidden</div></article></body></html>"""
    all_text = texts(parse(html))
    assert "hidden" not in all_text


def test_non_article_page_falls_back_to_body():
    links = "".join(f"<li><a href='/p{i}'>Product {i}</a> costs {i} euros</li>" for i in range(8))
    html = f"<html><body><h1>Catalogue</h1><ul>{links}</ul><p>Call us.</p></body></html>"
    doc = parse(html)
    assert "Product 7" in texts(doc)
    assert "Call us." in texts(doc)


def test_only_table_is_never_dropped():
    rows = "".join(f"<tr><td><a href='/r{i}'>row {i}</a></td><td>{i}</td></tr>" for i in range(5))
    html = f"""<html><body><div class="content"><p>{PROSE}</p><p>{PROSE}</p></div>
    <div class="sidebar-data"><table><tr><th>Name</th><th>N</th></tr>{rows}</table></div>
    </body></html>"""
    doc = parse(html)
    tables = [e for e in doc.elements if e.kind is Kind.TABLE]
    assert len(tables) == 1
    assert tables[0].table.grid()[5] == ["row 4", "4"]


def test_layout_table_is_walked_not_emitted():
    html = f"""<html><body><table><tr><td><p>{PROSE}</p><div>more</div></td></tr>
    </table></body></html>"""
    doc = parse(html)
    assert not [e for e in doc.elements if e.kind is Kind.TABLE]
    assert "committee met" in texts(doc)


def test_line_breaks_in_paragraphs():
    html = "<html><body><p>line one<br>line two<br><br>next paragraph</p></body></html>"
    paragraphs = [e.text for e in parse(html).elements if e.kind is Kind.PARAGRAPH]
    assert paragraphs == ["line one\nline two", "next paragraph"]


def test_description_list_levels():
    html = "<html><body><dl><dt>Coffee</dt><dd>Black hot drink</dd></dl></body></html>"
    items = [(e.text, e.level) for e in parse(html).elements if e.kind is Kind.LIST_ITEM]
    assert items == [("Coffee", 0), ("Black hot drink", 1)]


def test_reversed_and_valued_ordered_list():
    html = "<html><body><ol reversed><li>c</li><li>b</li><li value='9'>x</li></ol></body></html>"
    items = [(e.text, e.ordinal) for e in parse(html).elements if e.kind is Kind.LIST_ITEM]
    assert items == [("c", 3), ("b", 2), ("x", 9)]


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"<html><body><script>x()</script></body></html>", "empty"),
    ],
)
def test_empty_pages_fail_cleanly(payload, reason):
    with pytest.raises(DocumentError) as info:
        parse(payload)
    assert info.value.reason == reason


def test_size_limit():
    with pytest.raises(DocumentError) as info:
        parse(ARTICLE, max_bytes=100)
    assert info.value.reason == "limit"


def nested(depth: int) -> str:
    html = "<html><body>" + "<div>" * depth + f"<p>{PROSE} deep</p>" + "</div>" * depth
    return html + f"<p>{PROSE} tail</p></body></html>"


def test_deeply_nested_content_is_kept():
    assert "deep" in texts(parse(nested(1500)))
    all_text = texts(parse(nested(1500), main_content=False))
    assert "deep" in all_text and "tail" in all_text


def test_too_deeply_nested_page_fails_with_limit():
    with pytest.raises(DocumentError) as info:
        parse(nested(20000))
    assert info.value.reason == "limit"


def test_no_external_entities_or_network():
    html = b"""<?xml version="1.0"?>
<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<html><body><p>before &xxe; after, with enough words to count as a paragraph.</p></body></html>"""
    all_text = texts(parse(html))
    assert "root:" not in all_text
    assert "before" in all_text


def test_furniture_removed_on_a_page_without_metadata():
    html = f"""<html><body><nav><a href="/">Home</a></nav>
    <div class="post"><p>{PROSE}</p><p>{PROSE}</p></div>
    <footer>Copyright notice and legal links</footer></body></html>"""
    all_text = texts(parse(html))
    assert "committee" in all_text
    assert "Home" not in all_text and "Copyright" not in all_text


def test_byline_becomes_author_and_leaves_the_text():
    html = f"""<html><body><article><h1>Headline here</h1>
    <div class="byline">By Jane Doe, March 3, 2021</div><p>{PROSE}</p></article></body></html>"""
    doc = parse(html)
    assert doc.metadata["author"] == "Jane Doe"
    assert "Jane Doe" not in texts(doc)
    assert doc.title == "Headline here"


def test_json_ld_in_cdata_and_site_suffix_of_title():
    html = """<html><head><title>Hermitian matrix - Wikipedia</title>
    <script type="application/ld+json"><![CDATA[
    {"@type": "NewsArticle", "author": {"name": "By Sam Smith"}}
    ]]></script></head><body><p>text</p></body></html>"""
    meta = parse(html).metadata
    assert meta["author"] == "Sam Smith"
    assert meta["title"] == "Hermitian matrix"


@pytest.mark.parametrize(
    ("markup", "lang"),
    [
        ('<pre><code class="language-rust">fn main() {}</code></pre>', "rust"),
        (
            '<div class="highlight-python"><div class="highlight"><pre>x = 1</pre></div></div>',
            "python",
        ),
        ("<pre>plain text block</pre>", None),
        ('<pre class="lang-js">let a;</pre>', "js"),
    ],
)
def test_code_block_language(markup, lang):
    code = next(e for e in parse(f"<html><body>{markup}</body></html>").elements)
    assert code.kind is Kind.CODE and code.lang == lang


def test_header_holding_the_h1_keeps_the_title():
    html = f"""<html><head><title>My post | Blog</title></head><body>
    <header class="site-header"><a href="/">Blog</a></header>
    <article><header><h1>My post</h1></header><p>{PROSE}</p></article></body></html>"""
    doc = parse(html)
    assert doc.elements[0].kind is Kind.TITLE and doc.elements[0].text == "My post"
    assert not [e for e in doc.elements if e.kind is Kind.HEADING]
