"""HTML parsing: decoding, metadata, boilerplate removal, main content and elements.

Modules, in the order a page goes through them: :mod:`.decoding` (bytes to text),
:mod:`.parser` (the lxml tree and the :class:`HtmlParser` glue), :mod:`.metadata`,
:mod:`.cleanup` (junk and page furniture), :mod:`.byline`, :mod:`.content` (main-content
selection), :mod:`.tables` and :mod:`.extract` (elements).

Library choice: the tree is lxml's (libxml2's HTML parser, no network, comments dropped);
BeautifulSoup's encoding detector finds declared charsets. A BeautifulSoup tree costs about
ten times lxml's to build and walk, and trafilatura underneath scored lower on the
readability pages (F1 0.935 vs 0.975) at about a third of the speed
(``benchmarks/html_readability.py``, ``benchmarks/html_speed.py``), so neither is used.
"""

from transforms.parsers.html.parser import HtmlParser

__all__ = ["HtmlParser"]
