"""shenhe (审核): screen Chinese posts before government new-media accounts publish them.

ctypes bindings to the shenhe C library (``libshenhe_ffi``)::

    import shenhe

    with shenhe.Engine() as engine:
        verdict = engine.screen("网络赌场注册送彩金", account="org")
        assert verdict["verdict"] == "block"
        assert verdict["categories"] == ["gambling"]

Verdicts are dicts in the JSON shape of the contract (SPEC §4): ``verdict``, ``account``,
``categories`` and ``hits`` (each with ``category``, ``action``, ``clause``, ``term``,
``matched``, ``start``/``end`` byte offsets into the UTF-8 text and ``char_start``/``char_end``
offsets into the Python string), plus ``id`` when one was given.

An :class:`Engine` is immutable and thread-safe: share one between threads (the C calls release
the GIL, so threads screen in parallel). Errors from the library raise :class:`ShenheError`
carrying the library's message and result code.
"""

from __future__ import annotations

import ctypes
import json
import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from . import _ffi

__all__ = ["Engine", "ShenheError", "ACCOUNTS", "version"]
__version__ = "0.1.0"

#: The account types of the contract (SPEC §1).
ACCOUNTS = ("org", "staff", "private")

Text = Union[str, bytes]
PathLike = Union[str, "os.PathLike[str]"]


class ShenheError(Exception):
    """An error reported by the shenhe library.

    ``code`` is the ``shenhe_result`` value (e.g. ``shenhe._ffi.RESULT_LEXICON_ERROR``),
    ``code_name`` its name (``"LEXICON_ERROR"``) and ``message`` the library's message.
    """

    def __init__(self, code: int, message: str):
        self.code = code
        self.code_name = _ffi.RESULT_NAMES.get(code, str(code))
        self.message = message
        super().__init__(f"{message} [{self.code_name}]")


def version() -> str:
    """The version of the loaded library."""
    return _ffi.lib.shenhe_version().decode("utf-8")


def _check(result: int) -> None:
    """Raises the library's last error (of this thread) unless ``result`` is OK."""
    if result != _ffi.RESULT_OK:
        message = _ffi.lib.shenhe_last_error_message().decode("utf-8", "replace")
        raise ShenheError(result, message)


def _utf8(text: Text) -> bytes:
    # Lone surrogates are passed on as the invalid UTF-8 they make, for the library to reject
    # with INVALID_UTF8 (never a lossy conversion).
    if isinstance(text, bytes):
        return text
    if isinstance(text, str):
        return text.encode("utf-8", "surrogatepass")
    raise TypeError(f"text must be str or bytes, not {type(text).__name__}")


def _path(path: PathLike) -> bytes:
    return _utf8(os.fsdecode(os.fspath(path)))


def _account(account: str) -> int:
    if not isinstance(account, str):
        raise TypeError(f"account must be a str, not {type(account).__name__}")
    raw = _utf8(account)
    out = _ffi.shenhe_account(0)
    _check(_ffi.lib.shenhe_account_parse(raw, len(raw), ctypes.byref(out)))
    return out.value


def _verdict_json(verdict: Any) -> str:
    ptr = ctypes.c_void_p()
    length = ctypes.c_size_t()
    _check(_ffi.lib.shenhe_verdict_json(verdict, ctypes.byref(ptr), ctypes.byref(length)))
    return ctypes.string_at(ptr.value, length.value).decode("utf-8")


class Engine:
    """A compiled screening engine.

    ``Engine()`` screens with the lexicons shipped with shenhe and the default policy. To add
    your own lexicons, give ``lexicons``: directories (every ``*.txt`` in them) or files, in the
    format of ``lexicons/README.md``; ``shipped_lexicons=False`` leaves the shipped ones out.
    ``policy`` is a policy file (overrides of the action per category and account type);
    ``max_post_bytes`` the limit on one post (default 4 MiB).

    Close it with :meth:`close` or use it as a context manager; it is also closed when garbage
    collected.
    """

    def __init__(
        self,
        lexicons: Iterable[PathLike] = (),
        *,
        shipped_lexicons: bool = True,
        policy: Optional[PathLike] = None,
        max_post_bytes: Optional[int] = None,
    ):
        self._handle = None
        lexicons = list(lexicons)
        engine = _ffi.ENGINE_P()
        if not lexicons and shipped_lexicons and policy is None and max_post_bytes is None:
            _check(_ffi.lib.shenhe_engine_new(ctypes.byref(engine)))
        else:
            builder = _ffi.BUILDER_P()
            _check(_ffi.lib.shenhe_engine_builder_new(bool(shipped_lexicons), ctypes.byref(builder)))
            try:
                for lexicon in lexicons:
                    raw = _path(lexicon)
                    if os.path.isdir(lexicon):
                        _check(_ffi.lib.shenhe_engine_builder_add_lexicon_dir(builder, raw, len(raw)))
                    else:
                        _check(_ffi.lib.shenhe_engine_builder_add_lexicon_file(builder, raw, len(raw)))
                if policy is not None:
                    raw = _path(policy)
                    _check(_ffi.lib.shenhe_engine_builder_set_policy_file(builder, raw, len(raw)))
                if max_post_bytes is not None:
                    if max_post_bytes < 0:
                        raise ValueError("max_post_bytes must not be negative")
                    _check(_ffi.lib.shenhe_engine_builder_set_max_post_bytes(builder, max_post_bytes))
                _check(_ffi.lib.shenhe_engine_builder_build(builder, ctypes.byref(engine)))
            finally:
                _ffi.lib.shenhe_engine_builder_free(builder)
        self._handle = engine

    # -- lifetime -------------------------------------------------------------------------

    def close(self) -> None:
        """Frees the engine. Idempotent; verdicts already returned stay valid (they are dicts)."""
        handle, self._handle = self._handle, None
        if handle:
            _ffi.lib.shenhe_engine_free(handle)

    @property
    def closed(self) -> bool:
        return not self._handle

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        # A fallback: close() or a with-block is the way to free an engine at a known time.
        try:
            self.close()
        except Exception:  # noqa: BLE001 - during interpreter shutdown the module may be gone
            pass

    def _engine(self) -> Any:
        if not self._handle:
            raise ValueError("the engine is closed")
        return self._handle

    # -- screening ------------------------------------------------------------------------

    @property
    def max_post_bytes(self) -> int:
        """The limit on one post, in UTF-8 bytes."""
        return _ffi.lib.shenhe_engine_max_post_bytes(self._engine())

    def screen_json(self, text: Text, account: str = "org", *, id: Optional[str] = None) -> str:
        """The verdict on one post as one line of JSON (SPEC §4), byte for byte what the Rust
        API and ``shenhe check`` give."""
        engine = self._engine()
        raw = _utf8(text)
        acc = _account(account)
        verdict = _ffi.VERDICT_P()
        if id is None:
            _check(_ffi.lib.shenhe_engine_screen(engine, raw, len(raw), acc, ctypes.byref(verdict)))
        else:
            raw_id = _utf8(id)
            _check(
                _ffi.lib.shenhe_engine_screen_with_id(
                    engine, raw, len(raw), acc, raw_id, len(raw_id), ctypes.byref(verdict)
                )
            )
        try:
            return _verdict_json(verdict)
        finally:
            _ffi.lib.shenhe_verdict_free(verdict)

    def screen(self, text: Text, account: str = "org", *, id: Optional[str] = None) -> Dict[str, Any]:
        """The verdict on one post, as a dict in the shape of SPEC §4."""
        return json.loads(self.screen_json(text, account, id=id))

    def screen_batch_json(
        self, texts: Sequence[Text], account: Union[str, Sequence[str]] = "org"
    ) -> List[str]:
        """Screens many posts in parallel (on all cores); the JSON verdicts in input order.
        ``account`` is one account type for all posts, or one per post."""
        engine = self._engine()
        raws = [_utf8(t) for t in texts]
        n = len(raws)
        if isinstance(account, str):
            accounts = [_account(account)] * n
        else:
            accounts = [_account(a) for a in account]
            if len(accounts) != n:
                raise ValueError(f"{len(accounts)} accounts for {n} texts")
        if n == 0:
            return []
        c_texts = (_ffi.u8_p * n)(*raws)
        c_lens = (ctypes.c_size_t * n)(*[len(r) for r in raws])
        c_accounts = (_ffi.shenhe_account * n)(*accounts)
        out = (_ffi.VERDICT_P * n)()
        _check(
            _ffi.lib.shenhe_engine_screen_batch(engine, c_texts, c_lens, c_accounts, n, out, None)
        )
        try:
            return [_verdict_json(out[i]) for i in range(n)]
        finally:
            for i in range(n):
                _ffi.lib.shenhe_verdict_free(out[i])

    def screen_batch(
        self, texts: Sequence[Text], account: Union[str, Sequence[str]] = "org"
    ) -> List[Dict[str, Any]]:
        """Screens many posts in parallel; the verdicts (dicts) in input order, each what
        :meth:`screen` gives for that post alone."""
        return [json.loads(j) for j in self.screen_batch_json(texts, account)]

    def redact(self, text: Text) -> str:
        """The text with its personal information masked (ID numbers, bank cards, mobile
        numbers, e-mail addresses: digits become ``*``)."""
        engine = self._engine()
        raw = _utf8(text)
        out = _ffi.STRING_P()
        _check(_ffi.lib.shenhe_engine_redact(engine, raw, len(raw), ctypes.byref(out)))
        try:
            ptr = _ffi.lib.shenhe_string_ptr(out)
            return ctypes.string_at(ptr, _ffi.lib.shenhe_string_len(out)).decode("utf-8")
        finally:
            _ffi.lib.shenhe_string_free(out)
