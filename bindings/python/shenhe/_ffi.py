"""ctypes declarations of the C API of shenhe (bindings/c/shenhe.h).

Every function of the header has its ``argtypes`` and ``restype`` declared here, in
``FUNCTIONS``; a test checks the list against the header. Memory that Rust allocates is freed
only through the matching ``shenhe_*_free`` function.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from pathlib import Path
from typing import Iterator, Optional


class shenhe_engine(ctypes.Structure):
    """Opaque: an engine (share between threads)."""


class shenhe_engine_builder(ctypes.Structure):
    """Opaque: an engine builder."""


class shenhe_verdict(ctypes.Structure):
    """Opaque: the verdict on one post."""


class shenhe_string(ctypes.Structure):
    """Opaque: an owned string returned by shenhe."""


ENGINE_P = ctypes.POINTER(shenhe_engine)
BUILDER_P = ctypes.POINTER(shenhe_engine_builder)
VERDICT_P = ctypes.POINTER(shenhe_verdict)
STRING_P = ctypes.POINTER(shenhe_string)

# Enums cross the ABI as uint32_t.
shenhe_result = ctypes.c_uint32
shenhe_account = ctypes.c_uint32
shenhe_decision = ctypes.c_uint32
shenhe_action = ctypes.c_uint32

# Text in: const uint8_t * (bytes, not NUL-terminated: the length is passed too).
u8_p = ctypes.c_char_p
size_t = ctypes.c_size_t
size_p = ctypes.POINTER(ctypes.c_size_t)
# Strings out: const char ** written by shenhe; read with ctypes.string_at(ptr, len), since the
# text may hold NUL bytes.
cstr_out = ctypes.POINTER(ctypes.c_void_p)

RESULT_OK = 0
RESULT_NULL_PARAMETER = 1
RESULT_INVALID_UTF8 = 2
RESULT_INVALID_ARGUMENT = 3
RESULT_OUT_OF_RANGE = 4
RESULT_LEXICON_ERROR = 5
RESULT_POLICY_ERROR = 6
RESULT_BUILD_ERROR = 7
RESULT_POST_TOO_LONG = 8
RESULT_SCREEN_ERROR = 9
RESULT_PANIC = 10

RESULT_NAMES = {
    RESULT_OK: "OK",
    RESULT_NULL_PARAMETER: "NULL_PARAMETER",
    RESULT_INVALID_UTF8: "INVALID_UTF8",
    RESULT_INVALID_ARGUMENT: "INVALID_ARGUMENT",
    RESULT_OUT_OF_RANGE: "OUT_OF_RANGE",
    RESULT_LEXICON_ERROR: "LEXICON_ERROR",
    RESULT_POLICY_ERROR: "POLICY_ERROR",
    RESULT_BUILD_ERROR: "BUILD_ERROR",
    RESULT_POST_TOO_LONG: "POST_TOO_LONG",
    RESULT_SCREEN_ERROR: "SCREEN_ERROR",
    RESULT_PANIC: "PANIC",
}

ACCOUNT_ORG = 0
ACCOUNT_STAFF = 1
ACCOUNT_PRIVATE = 2

DECISIONS = ("pass", "review", "block")
ACTIONS = ("note", "review", "block")

# name: (restype, argtypes), in the header's order.
FUNCTIONS = {
    "shenhe_engine_new": (shenhe_result, [ctypes.POINTER(ENGINE_P)]),
    "shenhe_engine_free": (None, [ENGINE_P]),
    "shenhe_engine_max_post_bytes": (size_t, [ENGINE_P]),
    "shenhe_engine_builder_new": (shenhe_result, [ctypes.c_bool, ctypes.POINTER(BUILDER_P)]),
    "shenhe_engine_builder_free": (None, [BUILDER_P]),
    "shenhe_engine_builder_add_lexicon_dir": (shenhe_result, [BUILDER_P, u8_p, size_t]),
    "shenhe_engine_builder_add_lexicon_file": (shenhe_result, [BUILDER_P, u8_p, size_t]),
    "shenhe_engine_builder_add_lexicon_text": (
        shenhe_result,
        [BUILDER_P, u8_p, size_t, u8_p, size_t],
    ),
    "shenhe_engine_builder_set_policy_file": (shenhe_result, [BUILDER_P, u8_p, size_t]),
    "shenhe_engine_builder_set_policy_text": (
        shenhe_result,
        [BUILDER_P, u8_p, size_t, u8_p, size_t],
    ),
    "shenhe_engine_builder_set_max_post_bytes": (shenhe_result, [BUILDER_P, size_t]),
    "shenhe_engine_builder_build": (shenhe_result, [BUILDER_P, ctypes.POINTER(ENGINE_P)]),
    "shenhe_engine_screen": (
        shenhe_result,
        [ENGINE_P, u8_p, size_t, shenhe_account, ctypes.POINTER(VERDICT_P)],
    ),
    "shenhe_engine_screen_with_id": (
        shenhe_result,
        [ENGINE_P, u8_p, size_t, shenhe_account, u8_p, size_t, ctypes.POINTER(VERDICT_P)],
    ),
    "shenhe_engine_screen_batch": (
        shenhe_result,
        [
            ENGINE_P,
            ctypes.POINTER(u8_p),
            size_p,
            ctypes.POINTER(shenhe_account),
            size_t,
            ctypes.POINTER(VERDICT_P),
            ctypes.POINTER(shenhe_result),
        ],
    ),
    "shenhe_engine_redact": (shenhe_result, [ENGINE_P, u8_p, size_t, ctypes.POINTER(STRING_P)]),
    "shenhe_account_parse": (shenhe_result, [u8_p, size_t, ctypes.POINTER(shenhe_account)]),
    "shenhe_last_error_message": (ctypes.c_char_p, []),
    "shenhe_result_message": (ctypes.c_char_p, [ctypes.c_uint32]),
    "shenhe_version": (ctypes.c_char_p, []),
    "shenhe_string_ptr": (ctypes.c_void_p, [STRING_P]),
    "shenhe_string_len": (size_t, [STRING_P]),
    "shenhe_string_free": (None, [STRING_P]),
    "shenhe_verdict_free": (None, [VERDICT_P]),
    "shenhe_verdict_decision": (shenhe_result, [VERDICT_P, ctypes.POINTER(shenhe_decision)]),
    "shenhe_verdict_account": (shenhe_result, [VERDICT_P, ctypes.POINTER(shenhe_account)]),
    "shenhe_verdict_id": (shenhe_result, [VERDICT_P, cstr_out, size_p]),
    "shenhe_verdict_json": (shenhe_result, [VERDICT_P, cstr_out, size_p]),
    "shenhe_verdict_categories_len": (size_t, [VERDICT_P]),
    "shenhe_verdict_category": (shenhe_result, [VERDICT_P, size_t, cstr_out, size_p]),
    "shenhe_verdict_hits_len": (size_t, [VERDICT_P]),
    "shenhe_verdict_hit_category": (shenhe_result, [VERDICT_P, size_t, cstr_out, size_p]),
    "shenhe_verdict_hit_action": (
        shenhe_result,
        [VERDICT_P, size_t, ctypes.POINTER(shenhe_action)],
    ),
    "shenhe_verdict_hit_clause": (shenhe_result, [VERDICT_P, size_t, cstr_out, size_p]),
    "shenhe_verdict_hit_term": (shenhe_result, [VERDICT_P, size_t, cstr_out, size_p]),
    "shenhe_verdict_hit_matched": (shenhe_result, [VERDICT_P, size_t, cstr_out, size_p]),
    "shenhe_verdict_hit_reason": (shenhe_result, [VERDICT_P, size_t, cstr_out, size_p]),
    "shenhe_verdict_hit_span": (shenhe_result, [VERDICT_P, size_t, size_p, size_p]),
    "shenhe_verdict_hit_char_span": (shenhe_result, [VERDICT_P, size_t, size_p, size_p]),
}


def _library_file() -> str:
    if sys.platform == "darwin":
        return "libshenhe_ffi.dylib"
    if sys.platform == "win32":
        return "shenhe_ffi.dll"
    return "libshenhe_ffi.so"


def _candidates() -> Iterator[Path]:
    name = _library_file()
    seen = set()
    for start in (Path(__file__).resolve().parent, Path.cwd().resolve()):
        for directory in (start, *start.parents):
            path = directory / "target" / "release" / name
            if path not in seen:
                seen.add(path)
                yield path


def find_library() -> str:
    """The path of the shared library: ``SHENHE_LIB`` when set, else ``target/release`` of a
    directory above this package or the current directory, else the system's library path."""
    env = os.environ.get("SHENHE_LIB")
    if env:
        if not Path(env).is_file():
            raise OSError(f"SHENHE_LIB={env} is not a file")
        return env
    for path in _candidates():
        if path.is_file():
            return str(path)
    found = ctypes.util.find_library("shenhe_ffi")
    if found:
        return found
    raise OSError(
        "cannot find the shenhe library (libshenhe_ffi): build it with "
        "`cargo build --release -p shenhe-ffi` and set SHENHE_LIB to its path"
    )


def load(path: Optional[str] = None) -> ctypes.CDLL:
    """Loads the library and declares every function's types."""
    lib = ctypes.CDLL(path or find_library())
    for name, (restype, argtypes) in FUNCTIONS.items():
        fn = getattr(lib, name)
        fn.restype = restype
        fn.argtypes = argtypes
    return lib


lib = load()
