"""marsad's inputs: files, directories, stdin and URLs of text, JSON, JSONL, HTML, feeds and
web archives, read by one reader, :func:`read_inputs` (:mod:`marsad.inputs.sources`).

Modules: ``sources`` (which inputs, of what kind), ``sniff`` (kinds from suffixes, content
types and bytes), ``reading`` (bytes and JSON records into Documents), ``plain`` (text and
JSON bytes), ``html``, ``feeds``, ``warc`` and ``fetch`` (loaded only for inputs of their
kind: importing this package loads none of trafilatura, feedparser, warcio or urllib).
"""

from __future__ import annotations

from marsad.inputs.reading import Loaded
from marsad.inputs.sniff import source_suffix
from marsad.inputs.sources import SOURCE_SUFFIXES, is_source, read_inputs

__all__ = ["SOURCE_SUFFIXES", "Loaded", "is_source", "read_inputs", "source_suffix"]
