"""Tokenizers used to count and cap chunk sizes.

A tokenizer is named by a spec string (``ChunkOptions.tokenizer``):

- ``"regex"`` (default): needs no download and approximates a BPE vocabulary: Latin words
  count one token per 8 letters, digits one per 3, other scripts one per 2 characters, and
  every punctuation mark or symbol one token.
- ``"hf:/path/to/tokenizer.json"``: any Hugging Face ``tokenizers`` file, read from disk
  (a model folder holding ``tokenizer.json`` works too). Truncation and padding are switched
  off and special tokens are not counted, so counts are those of the text itself.
- ``"tiktoken:NAME"`` or ``"tiktoken:NAME@PATH"``: an OpenAI encoding (``cl100k_base``,
  ``o200k_base``, ...) whose BPE file is already on disk: ``PATH`` is the file or a folder
  holding it (under its own name or under tiktoken's cache name); without ``PATH``,
  tiktoken's default cache folder is searched. A missing file is an error, never a download.

Whatever the tokenizer, chunk caps are checked against the same tokenizer that counts them.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tempfile
import threading
import types
from functools import cache
from pathlib import Path
from typing import Protocol

_REGEX_TOKEN = re.compile(r"[A-Za-z]{1,8}|\d{1,3}|[^\W\d_A-Za-z]{1,2}|_+|[^\w\s]")


class TokenizerUnavailableError(ValueError):
    """The tokenizer named by a spec cannot be built from what is on disk."""


class Tokenizer(Protocol):
    """Counts tokens and tells where each token sits in a string."""

    name: str

    def count(self, text: str) -> int:
        """Number of tokens in ``text``."""
        ...

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of every token of ``text``, in order."""
        ...


class RegexTokenizer:
    """The offline default tokenizer (see the module docstring)."""

    name = "regex-v1"
    additive = True  # no token spans whitespace: a text's count is the sum of its words'

    def count(self, text: str) -> int:
        """Number of tokens in ``text``."""
        return len(_REGEX_TOKEN.findall(text))

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of every token of ``text``."""
        return [m.span() for m in _REGEX_TOKEN.finditer(text)]


class HFTokenizer:
    """A Hugging Face ``tokenizer.json`` read from disk (no hub access)."""

    def __init__(self, path: Path | str):
        from tokenizers import Tokenizer as _HF

        path = Path(path)
        if path.is_dir():
            path = path / "tokenizer.json"
        if not path.is_file():
            raise TokenizerUnavailableError(f"no tokenizer.json at {path}")
        try:
            self._tok = _HF.from_file(str(path))
        except Exception as exc:  # the library raises a bare Exception on bad files
            raise TokenizerUnavailableError(f"cannot read tokenizer {path}: {exc}") from exc
        self._tok.no_truncation()
        self._tok.no_padding()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        self.name = f"hf:{path.parent.name or path.name}:{digest}"

    def count(self, text: str) -> int:
        """Number of tokens in ``text`` (special tokens not added)."""
        return len(self._tok.encode(text, add_special_tokens=False).ids)

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of every token of ``text``."""
        return _monotone(self._tok.encode(text, add_special_tokens=False).offsets)


class TiktokenTokenizer:
    """A tiktoken encoding built from a BPE file that is already on disk."""

    def __init__(self, encoding):
        self._enc = encoding
        self.name = f"tiktoken:{encoding.name}"

    def count(self, text: str) -> int:
        """Number of tokens in ``text`` (special-token text counted as ordinary text)."""
        return len(self._enc.encode_ordinary(text))

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """Character span of every token of ``text`` (a token inside a character shares it)."""
        ids = self._enc.encode_ordinary(text)
        if not ids:
            return []
        _, starts = self._enc.decode_with_offsets(ids)
        ends = [*starts[1:], len(text)]
        return _monotone(list(zip(starts, ends, strict=True)))


def _monotone(offsets) -> list[tuple[int, int]]:
    """Offsets with non-decreasing starts and ends, each end at or after its start."""
    out: list[tuple[int, int]] = []
    last_start = last_end = 0
    for s, e in offsets:
        s = max(s, last_start)
        e = max(e, s, last_end)
        out.append((s, e))
        last_start, last_end = s, e
    return out


# -- tiktoken without downloads ---------------------------------------------------------

_TIKTOKEN_LOCK = threading.Lock()


def _tiktoken_default_dir() -> Path:
    """Tiktoken's own cache folder when no environment variable overrides it."""
    return Path(tempfile.gettempdir()) / "data-gym-cache"


def _find_bpe_file(url: str, where: Path | None) -> Path:
    """The local copy of the BPE file that tiktoken would download from ``url``."""
    basename = url.rsplit("/", 1)[-1]
    cache_name = hashlib.sha1(url.encode()).hexdigest()
    if where is not None and where.is_file():
        return where
    folders = [where] if where is not None else [_tiktoken_default_dir()]
    for folder in folders:
        for name in (basename, cache_name):
            if (folder / name).is_file():
                return folder / name
    looked = ", ".join(str(f) for f in folders)
    raise TokenizerUnavailableError(
        f"tiktoken BPE file {basename} not found in {looked}; put it there (its own name or "
        f"tiktoken's cache name {cache_name}) or use 'tiktoken:NAME@/path/to/{basename}'"
    )


def _check_hash(data: bytes, expected: str | None) -> bool:
    return expected is None or hashlib.sha256(data).hexdigest() == expected


def _tiktoken_encoding(name: str, where: Path | None):
    """Build encoding ``name`` from a local BPE file; raise rather than download."""
    import tiktoken
    import tiktoken_ext.openai_public as public

    def load_local(url: str, expected_hash: str | None = None) -> dict[bytes, int]:
        path = _find_bpe_file(url, where)
        data = path.read_bytes()
        if not _check_hash(data, expected_hash):
            raise TokenizerUnavailableError(f"{path} is not the {name} BPE file (sha256 differs)")
        ranks = {}
        for line in data.splitlines():
            if line:
                token, rank = line.split()
                ranks[base64.b64decode(token)] = int(rank)
        return ranks

    def refuse(*_args, **_kwargs):
        raise TokenizerUnavailableError(f"tiktoken encoding {name} needs files docmill cannot find")

    constructors = public.ENCODING_CONSTRUCTORS
    if name not in constructors:
        raise TokenizerUnavailableError(
            f"unknown tiktoken encoding {name!r}; known: {', '.join(sorted(constructors))}"
        )
    # Run tiktoken's own constructors with their file loaders replaced by local-only ones:
    # new function objects over a copy of the module namespace, nothing global is patched.
    scope = dict(vars(public))
    scope["load_tiktoken_bpe"] = load_local
    scope["data_gym_to_mergeable_bpe_ranks"] = refuse
    for key, fn in constructors.items():
        scope[key] = types.FunctionType(fn.__code__, scope, fn.__name__, fn.__defaults__)
    with _TIKTOKEN_LOCK:
        params = scope[name]()
    return tiktoken.Encoding(
        name=params["name"],
        pat_str=params["pat_str"],
        mergeable_ranks=params["mergeable_ranks"],
        special_tokens=params["special_tokens"],
        explicit_n_vocab=params.get("explicit_n_vocab"),
    )


@cache
def get_tokenizer(spec: str = "regex") -> Tokenizer:
    """Build the tokenizer named by ``spec`` (see the module docstring)."""
    if spec in ("regex", RegexTokenizer.name):
        return RegexTokenizer()
    kind, _, arg = spec.partition(":")
    if kind == "hf" and arg:
        return HFTokenizer(arg)
    if kind == "tiktoken" and arg:
        name, _, where = arg.partition("@")
        return TiktokenTokenizer(_tiktoken_encoding(name, Path(where) if where else None))
    raise ValueError(
        f"unknown tokenizer {spec!r}; use 'regex', 'hf:/path/to/tokenizer.json' "
        "or 'tiktoken:NAME[@/path/to/NAME.tiktoken]'"
    )
