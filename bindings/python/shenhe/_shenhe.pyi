"""Type stubs of the extension module shenhe._shenhe (crates/shenhe-py)."""

import datetime
import os
from typing import Iterable, Literal, TypedDict, Union, overload

from typing_extensions import NotRequired

__version__: str

def preload_segmenter() -> None: ...

StrPath = Union[str, os.PathLike[str]]
Paths = Union[StrPath, Iterable[StrPath]]
Account = Literal["org", "staff", "private"]

class Hit(TypedDict):
    category: str
    action: Literal["note", "review", "block"]
    clause: str
    term: str
    matched: str
    start: int
    end: int
    char_start: int
    char_end: int
    reason: str
    score: NotRequired[float]

class Verdict(TypedDict):
    id: NotRequired[str]
    verdict: Literal["pass", "review", "block"]
    account: Account
    categories: list[str]
    score: float
    risk: Literal["none", "low", "medium", "high"]
    label: NotRequired[str]
    hits: list[Hit]
    hits_omitted: NotRequired[int]

class ScreenFailure(TypedDict):
    error: str

class ShenheError(Exception): ...

class DataError(ShenheError):
    source: str
    line: int | None

class LexiconError(DataError): ...
class PolicyError(DataError): ...
class ReferencesError(DataError): ...
class ModelError(DataError): ...
class BuildError(ShenheError): ...
class ScreenError(ShenheError): ...
class LoadError(ShenheError): ...

class Engine:
    def __init__(
        self,
        lexicons: Paths | None = None,
        policy: Paths | None = None,
        references: Paths | None = None,
        *,
        default_lexicons: bool = True,
        max_post_bytes: int | None = None,
        model: StrPath | None = None,
        today: datetime.date | str | None = None,
        max_hits_per_term: int | None = None,
    ) -> None: ...
    def with_model(self, model: StrPath | None) -> Engine: ...
    def screen(self, text: str, account: str = "org", id: str | None = None) -> Verdict: ...
    def screen_json(self, text: str, account: str = "org", id: str | None = None) -> str: ...
    @overload
    def screen_batch(
        self,
        texts: Iterable[str],
        account: str | Iterable[str] | None = None,
        *,
        threads: int | None = None,
        errors: Literal["raise"] = "raise",
    ) -> list[Verdict]: ...
    @overload
    def screen_batch(
        self,
        texts: Iterable[str],
        account: str | Iterable[str] | None = None,
        *,
        threads: int | None = None,
        errors: Literal["return"],
    ) -> list[Verdict | ScreenFailure]: ...
    def screen_redacted(
        self, text: str, account: str = "org", id: str | None = None
    ) -> tuple[Verdict, str]: ...
    def redact(self, text: str) -> str: ...
    @overload
    def save(self, path: None = None) -> bytes: ...
    @overload
    def save(self, path: StrPath) -> None: ...
    @staticmethod
    def load(data: bytes | bytearray | memoryview | StrPath) -> Engine: ...
    @property
    def max_post_bytes(self) -> int: ...
    @property
    def terms_len(self) -> int: ...
    @property
    def has_references(self) -> bool: ...
    @property
    def has_model(self) -> bool: ...
    def memory_usage(self) -> int: ...
    def __repr__(self) -> str: ...
