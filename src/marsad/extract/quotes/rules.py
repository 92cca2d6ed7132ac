"""Find statements in Arabic news: direct quotes, indirect speech, attribution phrases.

Hand-written for marsad (no code taken from other projects): no library reads Arabic reported
speech. Everything runs on the normalized text (:mod:`marsad.arabic.normalize`: hamza alefs,
``ة``/``ى``, harakat folded), with every span mapped back to the original, so
``text[start:end]`` is always the quote, the cue or the speaker phrase. Quotation marks are
paired on the original text, where an opening ``«`` is not a closing ``»``.

What counts as a quote (``eval/quotes/GUIDELINES.md`` is the full statement):

- **direct**: text in ``«»``, ``“”`` or ``""`` attributed by a reporting cue, before the marks
  (``قال فلان: «...»``, ``وتابع قائلًا "..."``) or after them (``«...»، قال فلان``); the span is
  what lies inside the marks. A cue with a colon and no marks (``وقال الوزير: الوضع خطير``) runs
  to the end of the sentence. Names and labels in marks (``قوات «درع الجزيرة»``) are not
  quotes: they have no cue, or are too short to be speech without a colon.
- **indirect**: a reporting verb (``قال``، ``أكد``، ``أشار إلى``، ``حذّر من``...) or participle
  (``مضيفًا``، ``مشيرًا إلى``) and the ``أن``/``إن`` clause it governs, from the complementizer to
  the end of the sentence or to the next attribution (``، وأضاف``، ``، مضيفًا``، ``، بحسب``);
  ``نقلت وكالة عن مسؤول قوله إن ...`` (the speaker is the one quoted, not the relay);
  attribution phrases (``بحسب``، ``حسب``، ``وفقًا لـ``، ``نقلًا عن``) with a source, whose span is
  the claim they attach to.

The speaker phrase is the subject between the cue and the complementizer or colon, with the
venue, addressee and time (``في بيان``، ``لـ«سكاي نيوز عربية»``، ``الثلاثاء``) cut off and an
apposition after a comma kept apart as the role (``قال طارق الحبيب، المستشار ...، إنه``). When
the cue has no subject (``وأضاف:``، ``مضيفًا أن``، ``وقالت إن``) the match is ``elided``: whoever
spoke last. Resolving phrases to entities is :mod:`marsad.extract.quotes.component`' job.

>>> q = find_quotes("وقال المتحدث باسم الجيش، العقيد أحمد، إن القوات تقدمت.")[0]
>>> q.kind, q.text
('indirect', 'إن القوات تقدمت')
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from marsad.arabic.normalize import Normalized, normalize
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import (
    ARTICLE,
    CONJ_OPT,
    has_article,
    lam_length,
    without_proclitic,
    word_spans,
)

__all__ = ["QuoteMatch", "find_quotes"]

QuoteKind = Literal["direct", "indirect"]
Spn = tuple[int, int]


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """A statement found in the text; every span is in original offsets."""

    start: int
    end: int
    text: str
    kind: QuoteKind
    cue: Spn | None
    # The phrase that names the speaker where the text gives one (role and name together:
    # ``المتحدث باسم الخارجية الفرنسية أنييس فون دير مول``), None when elided or unknown.
    speaker: Spn | None = None
    # An apposition after the speaker, between commas: ``طارق الحبيب، المستشار السعودي، إنه``.
    role: Spn | None = None
    # The cue has no subject (``وأضاف:``، ``مضيفًا أن``): the speaker is the previous one.
    elided: bool = False
    # Introduced by بحسب / حسب / وفقًا لـ / نقلًا عن (the claim is attributed, not quoted).
    attribution: bool = False


def _cues(name: str) -> frozenset[str]:
    """The normalized words of one list of ``resources/quotes/cues.tsv`` (``verb``: قال، أكد)."""
    return load_wordlist("quotes/cues.tsv").normalized(list=name)


def _phrase_words(name: str) -> frozenset[str]:
    """The normalized words of one list of ``resources/quotes/phrases.tsv`` (``cut``: خلال)."""
    return load_wordlist("quotes/phrases.tsv").normalized(list=name)


# Reporting verbs in the forms news uses: past (3rd person), present, passive. Normalized.
_VERBS: Final = _cues("verb")
# Verbs that are only cues before a colon or quotation marks, not before أن.
_DIRECT_ONLY: Final = _cues("direct_only")
# A verb that is a cue only with its subject written out: "وبين أن" is usually "and between".
_NEEDS_SUBJECT: Final = _cues("needs_subject")
_PARTICIPLES: Final = _cues("participle")
# Background formulas with no speaker: "يذكر أن", "يشار إلى أن" (it is worth noting that).
_NO_SPEAKER_FORMULAS: Final = _cues("no_speaker")
# Passive cues (in normalized spelling the passive أُكد is أكد): no subject, no speaker.
_PASSIVES: Final = _cues("passive")
# Attribution cues whose source carries a glued لـ: وفقًا لمصادر، طبقًا للبيان.
_LI_CUES: Final = _cues("li_cue")
_RELAY_VERBS: Final = _cues("relay")
_ATTRIBUTION: Final = _cues("attribution")
_COMPLEMENTIZERS: Final = _cues("complementizer")
# Prepositions the verb governs before أن: أشار إلى أن، شدد على أن، حذر من أن، كشف عن أن.
_GOVERNED_PREPS: Final = _cues("governed_prep")
# A word before أن that makes it a subordinate conjunction, not the reported clause.
_NOT_GOVERNED_BEFORE: Final = _cues("not_governed_before")
_SAYING: Final = _cues("saying")
# Words that start the venue, medium, addressee or time after a speaker: cut the phrase there.
_CUT_WORDS: Final = _phrase_words("cut")
_VENUE_NOUNS: Final = _phrase_words("venue")
# An addressee glued to ل: لوكالة رويترز، للصحفيين، لـCNN، لبي بي سي، للعربية.
_ADDRESSEE_RE: Final = re.compile(
    r"^ل(?:\"|'|ال|ل)?(?:وكاله|صحيفه|قناه|موقع|تلفزيون|شبكه|اذاعه|مراسل|صحفيين|صحافيين|صحافه"
    r"|وسائل|الصحفيين|الصحافيين|مجله|بي$|رويترز|عربيه|جزيره|فرانس|سكاي|شرق|حياه|"
    r"[A-Za-z]|\")"
)
# Words that may open a speaker phrase without being part of it: خلالها، بدوره، متحدثًا.
_LEADING_ADVERBS: Final = _phrase_words("leading")
# بيان صادر عن الوزارة: this عن introduces the issuer, it does not end the phrase.
_ISSUED: Final = _phrase_words("issued")
_TIME_HEADS: Final = _phrase_words("time_head")
# Head nouns that make an attribution phrase a source: بحسب المرصد، وفقًا لمصادر طبية.
_SOURCE_HEADS: Final = _phrase_words("source_head") | load_wordlist(
    "entities/titles.tsv"
).normalized(source_head="yes")

_SENTENCE_BREAK_RE: Final = re.compile(r"[.!?؟](?=[\s\"')\]]|$)|\n")
# Where an indirect clause stops short of the sentence end: a new attribution starts
# (``، بحسب``، ``، وأضاف``), a participle cue (``مضيفًا``، ``لافتا إلى``, comma or not), or the
# speaker's next act joined by و (``ودعا``، ``وحث``، ``وأكد``): that verb's subject is the
# speaker, so the clause it starts is not part of what was reported.
_SPEECH_ACTS: Final = _cues("speech_act")
_CLAUSE_STOP_RE: Final = re.compile(
    rf"[،,؛:]\s*{CONJ_OPT}(?:"
    + "|".join(sorted(_PARTICIPLES | _ATTRIBUTION | _SPEECH_ACTS, key=len, reverse=True))
    + r")(?!\w)|\s(?:"
    + "|".join(sorted(_PARTICIPLES, key=len, reverse=True))
    + r")(?=\s+(?:ان|انه|انها|بان|الي|علي|من|عن)(?!\w))|\sو(?:"
    + "|".join(sorted(_SPEECH_ACTS, key=len, reverse=True))
    + r")(?!\w)"
)
_PUNCT: Final = " \t\n\"'«»“”()[]{}.,،؛;:!?؟-–—…/"
_OPEN_CLOSE: Final = {"«": "»", "“": "”", '"': '"', "»": "«"}
_MAX_QUOTE: Final = 4000
_MAX_STRAIGHT: Final = 1500
_MAX_SUBJECT_WORDS: Final = 25
# Bounds on how far a clause or a phrase is looked for, so that a text with no sentence
# punctuation at all costs linear time.
_MAX_CLAUSE: Final = 3000
_MAX_PHRASE: Final = 400
_PHRASE_END_RE: Final = re.compile(r"[.:\n؛؟!]")
_SOURCE_END_RE: Final = re.compile(r"[،,.:؛\n]|\s(?:فان|فقد|ف)\s")


@dataclass(frozen=True, slots=True)
class _Word:
    start: int  # normalized offsets of the word without edge punctuation
    end: int
    cs: int  # where ``core`` starts (after the conjunction)
    core: str  # the word, edge punctuation and a leading و/ف conjunction removed
    bare: str  # the word with edge punctuation removed (conjunction kept)


def find_quotes(text: str, sources: Sequence[Spn] = ()) -> list[QuoteMatch]:
    """Direct quotes, indirect speech and attributed claims in ``text``, in text order.

    ``sources`` are spans (original offsets) of names that can be a source after بحسب /
    وفقًا لـ (the person and organization entities); a source phrase is also accepted when
    its head is a source noun (``مصادر``، ``المرصد``، ``بيان``).
    """
    return _Finder(text, sources).run()


class _Finder:
    """One pass over one text; holds the normalized text and its indexes."""

    def __init__(self, text: str, sources: Sequence[Spn]) -> None:
        self.text = text
        self.n: Normalized = normalize(text)
        self.nt = self.n.text
        self.words = _words(self.nt)
        self.word_starts = [w.start for w in self.words]
        self.sources = sorted(self._to_norm(s, e) for s, e in sources)
        self.pairs = self._pairs()
        self.pair_starts = [p[0] for p in self.pairs]
        self.breaks = [
            m.start() for m in _SENTENCE_BREAK_RE.finditer(self.nt) if not self._inside(m.start())
        ]

    # ---- offsets -------------------------------------------------------------------------

    def _norm_pos(self, pos: int) -> int:
        """The normalized index of the first normalized char at or after original ``pos``."""
        return bisect_left(self.n.starts, pos)

    def _to_norm(self, s: int, e: int) -> Spn:
        return self._norm_pos(s), max(self._norm_pos(e), self._norm_pos(s))

    def _orig(self, s: int, e: int) -> Spn:
        return self.n.to_original(s, e)

    def _inside(self, pos: int) -> bool:
        """Whether normalized ``pos`` is strictly inside a pair of quotation marks."""
        i = bisect_right(self.pair_starts, pos - 1) - 1
        return i >= 0 and self.pairs[i][0] < pos < self.pairs[i][1]

    def _sentence(self, pos: int) -> Spn:
        i = bisect_left(self.breaks, pos)
        start = self.breaks[i - 1] + 1 if i else 0
        end = self.breaks[i] if i < len(self.breaks) else len(self.nt)
        return start, end

    # ---- quotation marks -----------------------------------------------------------------

    def _pairs(self) -> list[Spn]:
        """Outermost pairs of quotation marks, as normalized (open, close) positions."""
        text = self.text
        marks = [i for i, ch in enumerate(text) if ch in _OPEN_CLOSE or ch == "”"]
        pairs: list[Spn] = []
        k = 0
        while k < len(marks):
            i = marks[k]
            close = self._close_of(i)
            if close is None:
                k += 1
                continue
            pairs.append((self._norm_pos(i), self._norm_pos(close)))
            k = bisect_right(marks, close)
        return pairs

    def _close_of(self, i: int) -> int | None:
        text = self.text
        opener = text[i]
        if opener == "”":
            return None
        closer = _OPEN_CLOSE[opener]
        if opener == '"':
            j = text.find('"', i + 1, i + _MAX_STRAIGHT)
            return j if j > i + 1 and "\n" not in text[i:j] else None
        if opener == "»":
            # Some sites write »...« (the marks mirrored); only when no « opens in between.
            j = text.find("«", i + 1, i + _MAX_STRAIGHT)
            return j if j > i + 1 and "»" not in text[i + 1 : j] else None
        depth = 0
        limit = min(len(text), i + _MAX_QUOTE)
        for j in range(i, limit):
            ch = text[j]
            if ch == opener and opener != closer:
                depth += 1
            elif ch == closer:
                depth -= 1
                if depth == 0:
                    return j if j > i + 1 else None
        return None

    # ---- words ---------------------------------------------------------------------------

    def _word_at(self, pos: int) -> int:
        """Index of the first word starting at or after normalized ``pos``."""
        return bisect_left(self.word_starts, pos)

    def _words_between(self, s: int, e: int) -> list[_Word]:
        return self.words[self._word_at(s) : self._word_at(e)]

    # ---- the pass ------------------------------------------------------------------------

    def run(self) -> list[QuoteMatch]:
        direct = self._direct_quotes()
        taken = [(m.start, m.end) for m in direct]
        direct_norm = sorted(self._to_norm(s, e) for s, e in taken)
        found: list[QuoteMatch] = list(direct)
        found += self._colon_quotes(direct_norm)
        found += self._indirect(direct_norm)
        found += self._attributions(found)
        found.sort(key=lambda m: (m.start, -m.end))
        return _drop_overlaps(found)

    def _direct_quotes(self) -> list[QuoteMatch]:
        out: list[QuoteMatch] = []
        prev_end = 0
        for o, c in self.pairs:
            match = self._classify_pair(o, c, prev_end)
            if match is not None:
                # Only a quote bounds the next one's cue search: a name in marks
                # (وقال لصحيفة «الشرق الأوسط»: «...») is part of the words before it.
                prev_end = c + 1
                out.append(match)
        return out

    def _classify_pair(self, o: int, c: int, prev_end: int) -> QuoteMatch | None:
        nt = self.nt
        content = nt[o + 1 : c].strip(_PUNCT)
        if not content:
            return None
        n_words = len(content.split())
        seg_start = max(self._sentence(o)[0], prev_end, o - _MAX_PHRASE)
        before = self._words_between(seg_start, o)
        # قال إن «...»: the marks are inside an indirect clause, which covers them.
        if before and before[-1].bare in _COMPLEMENTIZERS:
            return None
        colon = nt[seg_start:o].rstrip().endswith(":")
        cue_i = _last_cue(before)
        if cue_i is not None and any(w.bare in _COMPLEMENTIZERS for w in before[cue_i + 1 :]):
            return None  # أكد أن الهجوم "...": an indirect clause that quotes a phrase
        if colon or (cue_i is not None and n_words >= 4 and len(before) - cue_i <= 7):
            cue, speaker, role, elided = self._subject(before, cue_i, o)
            return self._match(o + 1, c, "direct", cue, speaker, role, elided)
        after = self._cue_after(c + 1)
        if after is not None:
            cue, speaker, role, elided, attribution = after
            return self._match(o + 1, c, "direct", cue, speaker, role, elided, attribution)
        return None

    def _cue_after(self, pos: int) -> tuple[Spn, Spn | None, Spn | None, bool, bool] | None:
        """A cue right after a closing mark: ``«...»، قال فلان`` / ``«...» بحسب البيان``."""
        k = self._word_at(pos)
        if k >= len(self.words):
            return None
        gap = self.nt[pos : self.words[k].start]
        if any(ch in gap for ch in ".\n:؟?!") or len(gap.strip(" ،,")) > 1:
            return None
        w = self.words[k]
        is_attr = w.core in _ATTRIBUTION
        if w.core not in _VERBS and w.core not in _PARTICIPLES and not is_attr:
            return None
        end = self._phrase_end(w.end)
        after = self._words_between(w.end, end)
        if is_attr:
            after = _skip_ma_verb(after)
        speaker, role = self._phrase(after)
        elided = speaker is None and not is_attr
        if is_attr and speaker is None:
            return None
        return (w.cs, w.end), speaker, role, elided, is_attr

    def _phrase_end(self, pos: int) -> int:
        """End of the sentence containing ``pos``, or the next break of a clause."""
        end = min(self._sentence(pos)[1], pos + _MAX_PHRASE)
        m = _PHRASE_END_RE.search(self.nt, pos, end)
        return m.start() if m else end

    def _colon_quotes(self, direct: Sequence[Spn]) -> list[QuoteMatch]:
        """``وقال الوزير: الوضع خطير.`` (a cue and a colon, no quotation marks)."""
        out: list[QuoteMatch] = []
        for m in re.finditer(":", self.nt):
            pos = m.start()
            if self._inside(pos) or _overlaps(direct, pos, pos + 1):
                continue
            s_start, s_end = self._sentence(pos)
            s_start, s_end = max(s_start, pos - _MAX_PHRASE), min(s_end, pos + _MAX_CLAUSE)
            rest = self.nt[pos + 1 : s_end]
            stripped = rest.lstrip()
            if not stripped or stripped[0] in '"«“»' or len(stripped.split()) < 3:
                continue
            before = self._words_between(s_start, pos)
            cue_i = _last_cue(before)
            if cue_i is None or len(before) - cue_i > 10:
                continue
            cue, speaker, role, elided = self._subject(before, cue_i, pos)
            q_start = pos + 1 + (len(rest) - len(stripped))
            out.append(self._match(q_start, s_end, "direct", cue, speaker, role, elided))
        return out

    def _indirect(self, direct: Sequence[Spn]) -> list[QuoteMatch]:
        out: list[QuoteMatch] = []
        words = self.words
        for i, w in enumerate(words):
            core = w.core
            relay = core in _RELAY_VERBS
            if core not in _VERBS and core not in _PARTICIPLES and not relay:
                continue
            if core in _DIRECT_ONLY or _overlaps(direct, w.start, w.end):
                continue
            comp = self._complementizer(i)
            if comp is None:
                continue
            mid = words[i + 1 : comp]
            if mid and mid[-1].core in _GOVERNED_PREPS:
                mid = mid[:-1]
            if relay:
                source = _after_word(mid, "عن")
                if source is None:
                    continue
                mid = [x for x in source if x.core not in _SAYING]
            else:
                relayed = _relayed_source(mid)
                if relayed is not None:
                    mid = relayed
                if mid and mid[-1].core in _SAYING:
                    mid = mid[:-1]
            if not mid and core in _NO_SPEAKER_FORMULAS:
                continue
            if not mid and core in _NEEDS_SUBJECT and w.bare == core:
                continue
            start = words[comp].start
            end = self._clause_end(start)
            if end <= start:
                continue
            speaker, role = self._phrase(mid)
            elided = speaker is None and core not in _PASSIVES
            if core in _PARTICIPLES:
                speaker, role, elided = None, None, True
            out.append(self._match(start, end, "indirect", (w.cs, w.end), speaker, role, elided))
        return out

    def _complementizer(self, i: int) -> int | None:
        """Index of the أن/إن word the cue at word ``i`` governs, or None."""
        words = self.words
        s_end = self._sentence(words[i].start)[1]
        for k in range(i + 1, min(len(words), i + 2 + _MAX_SUBJECT_WORDS)):
            w = words[k]
            if w.start >= s_end:
                return None
            between = self.nt[words[k - 1].end : w.start]
            if ":" in between:
                return None
            if w.bare in _COMPLEMENTIZERS and words[k - 1].core not in _NOT_GOVERNED_BEFORE:
                return k
            if k > i + 1 and (w.core in _VERBS or w.core in _PARTICIPLES) and w.core != "ما":
                # Another reporting verb before any أن: this cue governs nothing.
                return None
        return None

    def _clause_end(self, start: int) -> int:
        s_end = min(self._sentence(start)[1], start + _MAX_CLAUSE)
        m = _CLAUSE_STOP_RE.search(self.nt, start, s_end)
        while m is not None and self._inside(m.start()):
            m = _CLAUSE_STOP_RE.search(self.nt, m.end(), s_end)
        return m.start() if m else s_end

    def _attributions(self, found: Sequence[QuoteMatch]) -> list[QuoteMatch]:
        """Claims introduced or closed by بحسب / حسب / وفقًا لـ / نقلًا عن + a source."""
        taken = sorted(self._to_norm(m.start, m.end) for m in found)
        out: list[QuoteMatch] = []
        for w in self.words:
            if w.core not in _ATTRIBUTION or self._inside(w.start):
                continue
            s_start, s_end = self._sentence(w.start)
            src_end = self._source_end(w.end, s_end)
            src_words = _skip_ma_verb(self._words_between(w.end, src_end))
            if not src_words or not self._is_source(src_words):
                continue
            if w.core in _LI_CUES:
                src_words = _unglue_li(src_words)
            speaker, role = self._phrase(src_words)
            if speaker is None:
                continue
            if not self.nt[max(s_start, w.start - _MAX_PHRASE) : w.start].strip(_PUNCT):
                claim = (src_end + 1, s_end)
            else:
                claim = (self._claim_start(s_start, w.start), w.start)
            c_start, c_end = _trim(self.nt, *claim)
            if c_end - c_start < 3 or _overlaps(taken, c_start, c_end):
                continue
            out.append(
                self._match(c_start, c_end, "indirect", (w.cs, w.end), speaker, role, False, True)
            )
        return out

    def _source_end(self, pos: int, s_end: int) -> int:
        m = _SOURCE_END_RE.search(self.nt, pos, min(s_end, pos + _MAX_PHRASE))
        return m.start() if m else s_end

    def _claim_start(self, s_start: int, pos: int) -> int:
        """Start of the claim before an attribution: after the last colon in the sentence."""
        s_start = max(s_start, pos - _MAX_CLAUSE)
        colon = self.nt.rfind(":", s_start, pos)
        return colon + 1 if colon >= 0 else s_start

    def _is_source(self, words: Sequence[_Word]) -> bool:
        s, e = words[0].start, words[-1].end
        if _overlaps(self.sources, s, e):
            return True
        head = _strip_article(words[0].core)
        return head in _SOURCE_HEADS and head != "ما"

    # ---- speaker phrases -----------------------------------------------------------------

    def _subject(
        self, before: Sequence[_Word], cue_i: int | None, stop: int
    ) -> tuple[Spn | None, Spn | None, Spn | None, bool]:
        """Cue, speaker phrase, role and elision for a cue among the ``before`` words."""
        if cue_i is None:
            return None, None, None, False
        cue_w = before[cue_i]
        mid = list(before[cue_i + 1 :])
        if cue_w.core in _RELAY_VERBS:
            mid = [x for x in (_after_word(mid, "عن") or []) if x.core not in _SAYING]
        else:
            mid = [x for x in mid if x.core not in _PARTICIPLES and x.core not in _SAYING]
        speaker, role = self._phrase(mid)
        elided = speaker is None and cue_w.core not in _PASSIVES
        if cue_w.core in _PARTICIPLES:
            elided, speaker, role = True, None, None
        return (cue_w.cs, cue_w.end), speaker, role, elided

    def _phrase(self, words: Sequence[_Word]) -> tuple[Spn | None, Spn | None]:
        """Speaker and role spans (normalized) from the words between a cue and its clause."""
        if not words:
            return None, None
        parts = [_strip_leading(p) for p in _comma_parts(self.nt, words)]
        kept = [p for p in parts if p and not _is_adjunct(p)]
        if not kept:
            return None, None
        speaker = _cut(kept[0])
        if not speaker:
            return None, None
        role = _cut(kept[1]) if len(kept) > 1 else []
        sp = (speaker[0].start, speaker[-1].end)
        rl = (role[0].start, role[-1].end) if role else None
        return sp, rl

    def _match(
        self,
        s: int,
        e: int,
        kind: QuoteKind,
        cue: Spn | None,
        speaker: Spn | None,
        role: Spn | None,
        elided: bool,
        attribution: bool = False,
    ) -> QuoteMatch:
        s, e = _trim(self.nt, s, e)
        start, end = self._orig(s, e)
        return QuoteMatch(
            start=start,
            end=end,
            text=self.text[start:end],
            kind=kind,
            cue=self._orig(*cue) if cue else None,
            speaker=self._orig(*speaker) if speaker else None,
            role=self._orig(*role) if role else None,
            elided=elided,
            attribution=attribution,
        )


def _words(nt: str) -> list[_Word]:
    out: list[_Word] = []
    for m in word_spans(nt, spaced=True):
        raw = m.text
        left = len(raw) - len(raw.lstrip(_PUNCT))
        bare = raw.strip(_PUNCT)
        if not bare:
            continue
        core = without_proclitic(bare)
        start = m.start + left
        out.append(_Word(start, start + len(bare), start + len(bare) - len(core), core, bare))
    return out


def _is_cue(w: _Word) -> bool:
    return w.core in _VERBS or w.core in _PARTICIPLES or w.core in _RELAY_VERBS


def _last_cue(words: Sequence[_Word]) -> int | None:
    for i in range(len(words) - 1, -1, -1):
        if _is_cue(words[i]):
            return i
    return None


def _after_word(words: Sequence[_Word], target: str) -> list[_Word] | None:
    for i, w in enumerate(words):
        if w.bare == target:
            return list(words[i + 1 :])
    return None


def _unglue_li(words: Sequence[_Word]) -> list[_Word]:
    """``وفقًا لمصادر طبية`` / ``للمرصد``: the source starts after the glued لـ."""
    first = words[0]
    cut = lam_length(first.bare)
    if cut == 0 or len(first.bare) - cut < 3 or _strip_article(first.bare) == first.bare:
        return list(words)
    rest = first.bare[cut:]
    return [_Word(first.start + cut, first.end, first.start + cut, rest, rest), *words[1:]]


def _relayed_source(words: Sequence[_Word]) -> list[_Word] | None:
    """``أكد الموقع، نقلا عن مصادره، أن``: the source after نقلا عن speaks, not the relay."""
    for i in range(len(words) - 1):
        if words[i].core == "نقلا" and words[i + 1].bare == "عن":
            return list(words[i + 2 :])
    return None


def _skip_ma_verb(words: Sequence[_Word]) -> list[_Word]:
    """``بحسب ما ذكرت وكالة ...`` / ``حسبما أفاد المرصد``: the source follows the verb."""
    out = list(words)
    if out and out[0].bare == "ما":
        out = out[1:]
    if out and out[0].core in _VERBS:
        out = out[1:]
    return out


def _comma_parts(nt: str, words: Sequence[_Word]) -> list[list[_Word]]:
    parts: list[list[_Word]] = [[]]
    for k, w in enumerate(words):
        parts[-1].append(w)
        nxt = words[k + 1].start if k + 1 < len(words) else w.end
        if any(ch in nt[w.end : nxt] for ch in "،,"):
            parts.append([])
    return [p for p in parts if p]


def _strip_leading(part: Sequence[_Word]) -> list[_Word]:
    k = 0
    while k < len(part) and part[k].bare in _LEADING_ADVERBS:
        k += 1
    return list(part[k:])


def _is_adjunct(part: Sequence[_Word]) -> bool:
    """A time, venue or addressee between commas: ``الثلاثاء``، ``في بيان``، ``لـ«سكاي نيوز»``."""
    first = part[0]
    if first.core in _TIME_HEADS or first.bare in _TIME_HEADS:
        return True
    if first.bare in ("في", "خلال", "عبر", "امام", "اثناء", "عقب") or first.core in _CUT_WORDS:
        return True
    return bool(_ADDRESSEE_RE.match(first.bare))


def _cut(part: Sequence[_Word]) -> list[_Word]:
    """The words of a speaker phrase before its venue, addressee or time."""
    out: list[_Word] = []
    for k, w in enumerate(part):
        nxt = part[k + 1] if k + 1 < len(part) else None
        if out and w.bare == "في" and nxt is not None and nxt.core in _VENUE_NOUNS:
            break
        issued = w.bare == "عن" and k > 0 and part[k - 1].core in _ISSUED
        if out and not issued and (w.bare in _CUT_WORDS or _ADDRESSEE_RE.match(w.bare)):
            break
        out.append(w)
    return out


def _strip_article(word: str) -> str:
    if has_article(word, min_stem=3, lil=True):
        return word[len(ARTICLE) :]
    return without_proclitic(word, "ل")


def _trim(nt: str, s: int, e: int) -> Spn:
    while s < e and nt[s] in _PUNCT:
        s += 1
    while e > s and nt[e - 1] in _PUNCT:
        e -= 1
    return s, e


def _overlaps(spans: Sequence[Spn], s: int, e: int) -> bool:
    """Whether [s, e) overlaps any of the sorted, non-nested ``spans``."""
    i = bisect_left(spans, (e, e))
    return any(spans[j][1] > s for j in range(max(0, i - 2), i))


def _drop_overlaps(found: Iterable[QuoteMatch]) -> list[QuoteMatch]:
    """Keep the first of overlapping matches in order (direct before indirect at one start)."""
    out: list[QuoteMatch] = []
    for m in found:
        if out and m.start < out[-1].end:
            if _priority(m) > _priority(out[-1]):
                out[-1] = m
            continue
        out.append(m)
    return out


def _priority(m: QuoteMatch) -> tuple[int, int]:
    # Direct quotes first, then indirect speech, then attributed claims; then the longer.
    rank = 2 if m.kind == "direct" else (0 if m.attribution else 1)
    return rank, m.end - m.start
