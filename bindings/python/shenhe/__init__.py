"""shenhe (审核): screen Chinese posts before government and enterprise new-media accounts
publish them.

The engine is Rust, compiled into this package (the extension module ``shenhe._shenhe``, with
the shipped lexicons built in)::

    import shenhe

    engine = shenhe.Engine()                      # shipped lexicons, default policy
    v = engine.screen("赌*博网站注册就送彩金", account="org")
    assert v["verdict"] == "block"
    assert v["categories"] == ["gambling"]

Verdicts are dicts in the shape of the verdict JSON (contract §4): ``verdict``, ``account``,
``categories`` and ``hits`` (each with ``category``, ``action``, ``clause``, ``term``,
``matched``, ``start``/``end`` byte offsets into the UTF-8 text, ``char_start``/``char_end``
offsets into the Python string, and ``reason``; a learned model's hit, term ``model:<category>``,
also its ``score``), plus ``id`` when one was given. ``Engine(model="model.txt")`` or
:meth:`Engine.with_model` scores posts with a model trained by ``shenhe train``.

An :class:`Engine` is immutable and thread-safe: screening releases the GIL, so threads that
share one engine screen in parallel, and :meth:`Engine.screen_batch` uses every core by itself.
Errors raise :class:`ShenheError` subclasses carrying the engine's message (file and line for
errors in data files). :mod:`shenhe.spark` screens a Spark DataFrame column.
:func:`preload_segmenter` loads the word segmenter's dictionary (about 100 ms) at start-up
rather than at the first post that needs it.
"""

from __future__ import annotations

from ._shenhe import (
    BuildError,
    DataError,
    Engine,
    LexiconError,
    LoadError,
    ModelError,
    PolicyError,
    ReferencesError,
    ScreenError,
    ShenheError,
    __version__,
    preload_segmenter,
)

__all__ = [
    "ACCOUNTS",
    "BuildError",
    "DataError",
    "Engine",
    "LexiconError",
    "LoadError",
    "ModelError",
    "PolicyError",
    "ReferencesError",
    "ScreenError",
    "ShenheError",
    "__version__",
    "preload_segmenter",
]

#: The account types of the contract (contract §1).
ACCOUNTS = ("org", "staff", "private")
