"""E-mail: EML (RFC 822/MIME, the standard library's ``email``) and Outlook MSG (python-oxmsg).

Both give the same document:

* metadata ``from``, ``to``, ``cc``, ``date`` (ISO 8601), ``subject``, ``message_id``,
  ``in_reply_to`` when present, and ``attachments`` (their file names, one per line);
* elements: the subject as TITLE, one PARAGRAPH with the sender, recipients and date (a
  chunk of the body then reads as part of that e-mail), then the body: the text/plain
  part when there is one (blank-line paragraphs; ``>`` lines as QUOTE), else the HTML
  part read by docmill's HTML parser (whole body, no main-content selection);
* every attachment (and every attached e-mail) as a :class:`Source` in
  ``ParsedDoc.attachments``, which the pipeline converts as a document of its own with
  ``parent_doc_id`` and ``parent_uri`` in its metadata.

unstructured's ``partition_email`` reads the same MIME structure with the same
``email`` package and either drops attachments or partitions them into the parent's
element list; docmill needs them as documents of their own, so it reads the message
itself (no unstructured import, no NLP model, for a format the standard library covers).
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import hashlib
import platform
import re
from dataclasses import replace
from urllib.parse import quote

from transforms import mediatypes as mt
from transforms.config import PipelineConfig
from transforms.detect import decode_text
from transforms.errors import DocumentError
from transforms.model import Element, Kind, ParsedDoc, Source
from transforms.parsers.office.containers import check_nonempty

_ADDRESS_HEADERS = ("from", "to", "cc")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_QUOTED = re.compile(r"^\s*>")


def _clean_header(value: object) -> str:
    return " ".join(str(value).replace("\0", " ").split()) if value is not None else ""


def _iso_date(value: str) -> str:
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return value
    return parsed.isoformat() if parsed is not None else value


def plain_elements(text: str) -> list[Element]:
    """Paragraphs of a text/plain body; blocks of ``>`` lines are quotes."""
    out: list[Element] = []
    for block in _BLANK_LINE.split(text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if not lines:
            continue
        if all(_QUOTED.match(ln) for ln in lines):
            quoted = " ".join(re.sub(r"^(\s*>)+\s?", "", ln) for ln in lines)
            if quoted.strip():
                out.append(Element(Kind.QUOTE, " ".join(quoted.split())))
        else:
            out.append(Element(Kind.PARAGRAPH, " ".join(" ".join(lines).split())))
    return out


def html_elements(html: str, source: Source, config: PipelineConfig) -> list[Element]:
    """Elements of an HTML body (its own title dropped: the subject is the title)."""
    from transforms.parsers.html import HtmlParser

    whole = replace(config, html=replace(config.html, main_content=False))
    page = Source(source.uri, source.doc_id, mt.HTML, html.encode("utf-8"))
    try:
        parsed = HtmlParser().parse(page, whole)
    except DocumentError as exc:
        if exc.reason == "empty":
            return []
        raise
    return [e for e in parsed.elements if e.kind is not Kind.TITLE]


def attachment_source(parent: Source, index: int, name: str, data: bytes) -> Source:
    """A child :class:`Source` for an attachment; its media type is left to detection.

    Its ``doc_id`` is the sha256 of the parent's id, the attachment's position and the
    sha256 of its bytes: the same file attached to two e-mails (or also present as a file
    of its own) gives two distinct documents, each stable across runs. The plain hash of
    the bytes is kept in the child's metadata (``content_sha256``) for de-duplication.
    """
    uri = f"{parent.uri}#attachment={index}/{quote(name, safe='')}"
    content = hashlib.sha256(data).hexdigest()
    doc_id = hashlib.sha256(f"{parent.doc_id}:{index}:{content}".encode()).hexdigest()
    return Source(uri, doc_id, "", data, name)


def mail_document(
    source: Source,
    headers: dict[str, str],
    plain: str | None,
    html: str | None,
    attachments: list[tuple[str, bytes]],
    config: PipelineConfig,
    parser: str,
) -> ParsedDoc:
    """Assemble the document of one message from its parts."""
    metadata = {k: v for k, v in headers.items() if v}
    elements: list[Element] = []
    subject = metadata.get("subject", "")
    if subject:
        elements.append(Element(Kind.TITLE, subject))
    envelope = [
        f"{label}: {metadata[key]}"
        for key, label in (("from", "From"), ("to", "To"), ("cc", "Cc"), ("date", "Date"))
        if key in metadata
    ]
    if envelope:
        elements.append(Element(Kind.PARAGRAPH, "; ".join(envelope)))
    body: list[Element] = []
    if plain and plain.strip():
        body = plain_elements(plain)
    elif html and html.strip():
        body = html_elements(html, source, config)
    elements.extend(body)
    children = tuple(
        attachment_source(source, i, name, data)
        for i, (name, data) in enumerate(attachments, start=1)
        if data
    )
    if children:
        metadata["attachments"] = "\n".join(c.name for c in children)
    if not body and not subject and not children:
        raise DocumentError("the e-mail has no subject, body or attachments", reason="empty")
    return ParsedDoc(
        source=source,
        elements=tuple(elements),
        parser=parser,
        title=subject or None,
        metadata=metadata,
        attachments=children,
    )


def _part_text(part) -> str | None:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        content = decode_text(payload) or ""
    return content if isinstance(content, str) else None


def _attachment_bytes(part) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if hasattr(inner, "as_bytes") else b""
    return part.get_payload(decode=True) or b""


class EmlParser:
    """RFC 822 / MIME messages."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Headers into metadata, the body into elements, attachments into child sources."""
        check_nonempty(source.data, "e-mail")
        message = email.message_from_bytes(source.data, policy=email.policy.default)
        if not message.keys():
            raise DocumentError("not an e-mail message (no headers)", reason="corrupt")
        headers = {key: _clean_header(message.get(key)) for key in _ADDRESS_HEADERS}
        headers["subject"] = _clean_header(message.get("subject"))
        headers["date"] = _iso_date(_clean_header(message.get("date")))
        headers["message_id"] = _clean_header(message.get("message-id"))
        headers["in_reply_to"] = _clean_header(message.get("in-reply-to"))
        plain_part = message.get_body(preferencelist=("plain",))
        html_part = message.get_body(preferencelist=("html",))
        plain = _part_text(plain_part) if plain_part is not None else None
        html = _part_text(html_part) if html_part is not None else None
        attachments = []
        for i, part in enumerate(message.iter_attachments(), start=1):
            name = part.get_filename() or f"attachment-{i}"
            if part.get_content_type() == "message/rfc822" and not part.get_filename():
                name = f"attachment-{i}.eml"
            attachments.append((name, _attachment_bytes(part)))
        return mail_document(
            source,
            headers,
            plain,
            html,
            attachments,
            config,
            parser=f"python-email=={platform.python_version()}",
        )


class MsgParser:
    """Outlook MSG files (OLE2 compound files) through python-oxmsg."""

    def parse(self, source: Source, config: PipelineConfig) -> ParsedDoc:
        """Read headers, body and attachments of an Outlook message."""
        from importlib.metadata import version

        from oxmsg import Message

        check_nonempty(source.data, "MSG e-mail")
        try:
            message = Message.load(source.data)
            transport = message.message_headers
            headers = {
                "from": _clean_header(message.sender or transport.get("From")),
                "to": _clean_header(transport.get("To"))
                or ", ".join(r.email_address for r in message.recipients),
                "cc": _clean_header(transport.get("Cc")),
                "subject": _clean_header(message.subject),
                "date": message.sent_date.isoformat() if message.sent_date else "",
                "message_id": _clean_header(transport.get("Message-ID")),
            }
            # MSG writers often keep the strings' NUL terminators: drop them.
            plain = (message.body or "").replace("\0", "")
            html = (message.html_body or "").replace("\0", "")
            attachments = [
                ((a.file_name or "").strip("\0 ") or f"attachment-{i}", a.file_bytes or b"")
                for i, a in enumerate(message.attachments, start=1)
            ]
        except (ValueError, KeyError, OSError, IndexError, UnicodeError) as exc:
            raise DocumentError(
                f"not a readable Outlook MSG file ({exc})", reason="corrupt"
            ) from exc
        parser = f"python-oxmsg=={version('python-oxmsg')}"
        return mail_document(source, headers, plain, html, attachments, config, parser)
