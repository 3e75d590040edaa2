"""HTML parsing: decoding, metadata, boilerplate removal, main content and elements."""

from transforms.parsers.html.parser import HtmlParser

__all__ = ["HtmlParser"]
