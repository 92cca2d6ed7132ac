"""``marsad eval quotes``: quote spans and speakers scored on marsad's own gold set.

The gold set (``eval/quotes`` in the repository; the rules are in its ``GUIDELINES.md``):

- ``written.jsonl``: short articles the team wrote, text included;
- ``ant.jsonl`` and ``ant-holdout.jsonl``: offsets only (record id, quote start/end, kind,
  cue, speaker span) into real articles of the ANT corpus, whose text is read from
  ``../shared`` at evaluation time; skipped when the corpus is absent. The rules were tuned
  reading the errors on ``ant``; ``ant-holdout`` was annotated afterwards and never read for
  tuning: it is the honest figure.

Scoring, per part:

- a predicted quote matches a gold quote when they overlap by at least half of the longer span
  (``|overlap| / max(|gold|, |pred|) >= 0.5``), one to one, the largest overlaps first;
  precision, recall and F1 over all documents;
- speaker accuracy over the matched pairs: correct when the gold speaker text and the predicted
  speaker (its ``canonical`` or its ``text``) are equal, or one contains the other as whole
  words and the shorter has two words or more; both None is correct. Words are compared
  normalized, without punctuation, the article and long vowels after the first letter, so
  transliteration variants of one name agree (``ترمب``/``ترامب``). A bare surname is wrong
  where gold names the full person;
- kind accuracy (direct/indirect) over the matched pairs, reported, not pinned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import strip_article
from marsad.doc import Document, Meta, Quote
from marsad.errors import ConfigError, MalformedInputError
from marsad.evaluation.gold import read_corpus, read_records, span_or_none
from marsad.evaluation.metrics import DetectionRates, ratio
from marsad.pipeline import Pipeline

__all__ = [
    "MARSAD_COMPONENTS",
    "GoldDocument",
    "GoldQuote",
    "PartScores",
    "QuoteEvaluation",
    "evaluate_quotes",
    "load_ant",
    "load_written",
    "match_quotes",
    "same_speaker",
    "score_part",
]

MARSAD_COMPONENTS: Final[tuple[str, ...]] = (
    "sentences.rules.v1",
    "tokenize.rules.v1",
    "ner.crf.v1",
    "quotes.rules.v1",
)
MIN_OVERLAP: Final = 0.5
Spn = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    kind: str
    cue: Spn | None
    speaker: Spn | None


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    quotes: tuple[GoldQuote, ...]
    published: str | None = None


@dataclass(frozen=True, slots=True)
class PartScores(DetectionRates):
    """Figures for one part of the gold set."""

    name: str
    documents: int
    gold: int
    predicted: int
    matched: int
    speaker_correct: int
    kind_correct: int
    errors: tuple[dict[str, Any], ...] = field(default=(), compare=False)

    @property
    def speaker_accuracy(self) -> float:
        return ratio(self.speaker_correct, self.matched)

    @property
    def kind_accuracy(self) -> float:
        return ratio(self.kind_correct, self.matched)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            **self.detection_dict(),
            "speaker_accuracy": round(self.speaker_accuracy, 6),
            "kind_accuracy": round(self.kind_accuracy, 6),
        }


@dataclass(frozen=True, slots=True)
class QuoteEvaluation:
    parts: tuple[PartScores, ...]
    skipped: tuple[str, ...] = ()  # parts not scored, with the reason

    def floor_metrics(self) -> dict[str, float]:
        """The pinned figures: span F1 and speaker accuracy per part."""
        out: dict[str, float] = {}
        for p in self.parts:
            out[f"quotes.{p.name}.f1"] = round(p.f1, 6)
            out[f"quotes.{p.name}.speaker_accuracy"] = round(p.speaker_accuracy, 6)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"parts": {p.name: p.to_dict() for p in self.parts}, "skipped": list(self.skipped)}


# ---- reading the gold set ----------------------------------------------------------------


def _gold_quotes(record: dict[str, Any], text: str, where: str) -> tuple[GoldQuote, ...]:
    quotes: list[GoldQuote] = []
    for k, q in enumerate(record.get("quotes", [])):
        here = f"{where} quote {k}"
        try:
            gq = GoldQuote(
                int(q["start"]),
                int(q["end"]),
                str(q["kind"]),
                span_or_none(q.get("cue"), here),
                span_or_none(q.get("speaker"), here),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise MalformedInputError(f"bad quote record: {exc}", source=here) from exc
        for span in ((gq.start, gq.end), gq.cue, gq.speaker):
            if span is not None and not 0 <= span[0] < span[1] <= len(text):
                s, e = span
                raise MalformedInputError(
                    f"span [{s}, {e}) outside a text of {len(text)} characters", source=here
                )
        quotes.append(gq)
    return tuple(quotes)


def load_written(path: Path) -> list[GoldDocument]:
    """The team-written articles, text included."""
    docs: list[GoldDocument] = []
    for where, record in read_records(path):
        text = record.get("text")
        if not isinstance(text, str) or not text:
            raise MalformedInputError("the record has no text", source=where)
        docs.append(
            GoldDocument(
                str(record["id"]), text, _gold_quotes(record, text, where), record.get("published")
            )
        )
    return docs


def load_ant(paths: Sequence[Path], corpus: Path) -> dict[str, list[GoldDocument]]:
    """Offsets-only annotation files of ANT articles, by file stem, joined with the article
    texts from ``corpus`` (read once for all the files)."""
    gold = {path.stem: [(str(r["id"]), w, r) for w, r in read_records(path)] for path in paths}
    found = read_corpus(corpus, (doc_id for rows in gold.values() for doc_id, _, _ in rows))
    out: dict[str, list[GoldDocument]] = {}
    for stem, rows in gold.items():
        out[stem] = []
        for doc_id, where, record in rows:
            text = found[doc_id]["text"]
            quotes = _gold_quotes(record, text, where)
            out[stem].append(GoldDocument(doc_id, text, quotes, found[doc_id].get("date")))
    return out


# ---- scoring -----------------------------------------------------------------------------


def _overlap(a: Spn, b: Spn) -> float:
    inter = min(a[1], b[1]) - max(a[0], b[0])
    longer = max(a[1] - a[0], b[1] - b[0])
    return inter / longer if inter > 0 and longer > 0 else 0.0


def match_quotes(gold: Sequence[Spn], predicted: Sequence[Spn]) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs overlapping by at least half the longer
    span, the largest overlaps first."""
    candidates = sorted(
        (
            (_overlap(g, p), gi, pi)
            for gi, g in enumerate(gold)
            for pi, p in enumerate(predicted)
            if _overlap(g, p) >= MIN_OVERLAP
        ),
        reverse=True,
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


_NON_WORD_RE: Final = re.compile(r"[^\w\s]|_")
_LONG_VOWELS_RE: Final = re.compile("[اوي]")


def _words(text: str) -> list[str]:
    """Comparison keys of a name's words: normalized, without the article and without long
    vowels after the first letter, so that transliteration variants of one name agree
    (``ترمب`` / ``ترامب``, ``ووتش`` / ``وواتش``, ``المرصد`` / ``مرصد``)."""
    out = []
    for w in _NON_WORD_RE.sub(" ", normalize_text(text)).split():
        w = strip_article(w)
        out.append(w[0] + _LONG_VOWELS_RE.sub("", w[1:]))
    return out


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    n = len(shorter)
    return any(list(longer[i : i + n]) == list(shorter) for i in range(len(longer) - n + 1))


def same_speaker(gold: str | None, predicted: Sequence[str]) -> bool:
    """Whether one of the ``predicted`` names (canonical, text) is the ``gold`` speaker.

    >>> same_speaker("مايكل هارت", ["هارت"])
    False
    >>> same_speaker("وزارة الخارجية الروسية", ["الخارجية الروسية"])
    True
    """
    if gold is None:
        return not predicted
    g = _words(gold)
    for name in predicted:
        p = _words(name)
        if not p or not g:
            continue
        if p == g:
            return True
        short, long_ = (p, g) if len(p) < len(g) else (g, p)
        if len(short) >= 2 and _contains(long_, short):
            return True
    return False


def _predicted_names(q: Quote) -> list[str]:
    sp = q.speaker
    if sp is None:
        return []
    return [n for n in (sp.canonical, sp.text) if n]


def score_part(
    name: str, docs: Sequence[GoldDocument], nlp: Pipeline, *, keep_errors: bool = False
) -> PartScores:
    gold_n = pred_n = matched = speaker_ok = kind_ok = 0
    errors: list[dict[str, Any]] = []
    for gd in docs:
        doc = nlp(Document.from_text(gd.text, Meta(published=gd.published)))
        gold_spans = [(q.start, q.end) for q in gd.quotes]
        pred_spans = [(q.start, q.end) for q in doc.quotes]
        pairs = match_quotes(gold_spans, pred_spans)
        gold_n += len(gold_spans)
        pred_n += len(pred_spans)
        matched += len(pairs)
        for gi, pi in pairs:
            g, p = gd.quotes[gi], doc.quotes[pi]
            gold_speaker = gd.text[g.speaker[0] : g.speaker[1]] if g.speaker else None
            ok = same_speaker(gold_speaker, _predicted_names(p))
            speaker_ok += ok
            kind_ok += g.kind == p.kind
            if keep_errors and not ok:
                errors.append(
                    {
                        "id": gd.id,
                        "error": "speaker",
                        "quote": [g.start, g.end],
                        "gold": gold_speaker,
                        "predicted": _predicted_names(p),
                    }
                )
        if keep_errors:
            hit_g = {gi for gi, _ in pairs}
            hit_p = {pi for _, pi in pairs}
            for gi, g in enumerate(gd.quotes):
                if gi not in hit_g:
                    errors.append({"id": gd.id, "error": "missed", "quote": [g.start, g.end]})
            for pi, p in enumerate(doc.quotes):
                if pi not in hit_p:
                    errors.append({"id": gd.id, "error": "spurious", "quote": [p.start, p.end]})
    return PartScores(name, len(docs), gold_n, pred_n, matched, speaker_ok, kind_ok, tuple(errors))


def evaluate_quotes(
    gold_dir: Path,
    corpus: Path | None,
    pipeline: Pipeline | None = None,
    *,
    keep_errors: bool = False,
) -> QuoteEvaluation:
    """Score the written part, and the ANT part when ``corpus`` exists."""
    written = gold_dir / "written.jsonl"
    if not written.is_file():
        raise ConfigError("no written.jsonl in the quote gold directory", source=str(gold_dir))
    nlp = pipeline if pipeline is not None else Pipeline.from_names(MARSAD_COMPONENTS)
    parts = [score_part("written", load_written(written), nlp, keep_errors=keep_errors)]
    skipped: list[str] = []
    # ant.jsonl was read while the rules were written; ant-holdout.jsonl never was.
    ant_files = sorted(gold_dir.glob("ant*.jsonl"))
    if corpus is not None and corpus.is_file():
        for stem, docs in load_ant(ant_files, corpus).items():
            parts.append(score_part(stem, docs, nlp, keep_errors=keep_errors))
    else:
        skipped += [f"{path.stem}: corpus {corpus} not found" for path in ant_files]
    return QuoteEvaluation(tuple(parts), tuple(skipped))
