"""Arabic person names → English (Latin) spelling: ``جون كيربي`` → ``John Kirby``.

Hand-written for marsad because no suitable offline Arabic→Latin NAME transliterator exists
on PyPI: what is there romanizes scholarly-style (Buckwalter, ALA-LC, ISO 233: ``محمد`` →
``mHmd`` or ``muḥammad``) instead of giving the spelling a news reader searches for
(``Mohamed``), or needs a network service or a deep-learning runtime.

How one token is spelled (:func:`transliterate_token`, lower-case):

1. the token is normalized with :func:`marsad.arabic.normalize.normalize_text` (harakat and
   tatweel removed, ``أ إ آ`` → ``ا``, ``ة`` → ``ه``, ``ى`` → ``ي``); letters outside standard
   Arabic are folded (``پ`` → ``ب``, ``ڤ`` → ``ف``, ``چ`` → ``تش``...); other characters are
   dropped. A token with no Arabic letter left is returned unchanged;
2. fixed particles: ``بن`` → ``bin``, ``ابن`` → ``ibn``, ``بنت`` → ``bint``, ``ابو`` → ``abu``,
   ``عبد`` → ``abd``, ``الله`` → ``allah``;
3. ``عبد`` glued to an ``ال`` word: ``عبدالله`` → ``abdullah``, otherwise ``abdul`` + the stem
   (``عبدالرحمن`` → ``abdulrahman``), never ``abd al-rahman`` or ``abdur-rahman``;
4. the article: a token of 4+ letters starting with ``ال`` is written ``al-`` + the stem,
   never assimilated (``الرحمن`` → ``al-rahman``, not ``ar-rahman``; ``الأسد`` → ``al-asad``),
   so that one query finds every name with the article. Two exceptions: a token written
   ``أل``/``إل`` (hamza: no article, ``ألبرت``), and a token whose attested English spelling
   keeps ``al``/``el`` glued on (``البرت`` → ``albert``, ``الكسندر`` → ``alexander``: foreign
   names; the build script removes such spellings for Arab names, ``المالكي`` ↔ ``almalki``);
5. the lookup table: the most frequent English spelling of each Arabic name token of the
   Wikidata name pairs (``محمد`` → ``mohamed``, ``كيربي`` → ``kirby``);
6. otherwise the statistical model, which spells names it has never seen (below).

:func:`transliterate` spells a multi-word name in Title Case. ``al-`` stays lower-case
(``Bashar al-Asad``); ``bin``, ``ibn``, ``bint`` are lower-case except as the first word
(``Mohamed bin Salman``, ``Ibn Khaldoun``); ``عبد`` + an ``ال`` word is one word (``عبد الله``
→ ``Abdullah``, ``عبد العزيز`` → ``Abdulaziz``) while ``عبد`` + another word stays two
(``عبد ربه`` → ``Abd Rabo``); ``الله`` after a name word is glued on (``نصر الله`` →
``Nasrallah``), as the English press writes it. Words without Arabic letters are kept as
written; a name without any Arabic letter is returned unchanged.

The model (built by ``scripts/build_translit.py`` from CC0 Wikidata name pairs, see
``marsad/resources/translit/README.md``) is a joint-sequence model: the pairs were aligned
letter by letter by EM, one Arabic letter ↔ 0–3 English letters (Arabic writes no short
vowels: ``م ح م د`` ↔ ``mo ha me d``), and a 4-gram model over these aligned pairs, with an
English letter 5-gram model added at a small weight, scores candidate spellings; a beam
search finds the best. Pure Python, no ML runtime, about 2 ms a token. Most names have
several valid spellings (``mohamed``, ``mohammed``, ``muhammad``) and the training pairs are
mostly non-Arab names: the model gives a plausible spelling, often not the one a given
outlet uses (held-out figures in the README).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import Final

from marsad.arabic.normalize import normalize_text, strip_diacritics
from marsad.resources import read_lines

__all__ = [
    "RESOURCE_FILE",
    "TranslitModel",
    "load_model",
    "prepare_arabic",
    "transliterate",
    "transliterate_token",
]

RESOURCE_FILE: Final = "translit.tsv.gz"
_PACKAGE: Final = "marsad.resources.translit"

# The letters the model knows, after normalize_text (which has already folded ة ى أ إ آ).
ARABIC_LETTERS: Final[frozenset[str]] = frozenset("ءؤئابتثجحخدذرزسشصضطظعغفقكلمنهوي")

# Letters of Persian, Urdu, Kurdish and Maghrebi spelling that the name pairs barely contain:
# folded to the Arabic letter(s) a news writer would use for the same sound.
_FOLD: Final[dict[str, str]] = {
    "پ": "ب",  # p
    "ڤ": "ف",  # v
    "ڥ": "ف",  # v (Maghrebi)
    "چ": "تش",  # ch
    "ژ": "ج",  # zh
    "گ": "غ",  # g: Western names in the pairs write g as غ
    "ڨ": "غ",  # g (Algerian, Tunisian)
    "ڭ": "غ",  # g (Moroccan)
}

# Whole-token spellings that no statistics should change: the genealogical particles and the
# name of God, whose frequent spellings are conventions rather than sounds.
_PARTICLES: Final[dict[str, str]] = {
    "بن": "bin",
    "ابن": "ibn",
    "بنت": "bint",
    "ابو": "abu",
    "عبد": "abd",
    "الله": "allah",
}
# Spelled words after which a following الله is not glued on (ابو الله is two words).
_NO_GLUE: Final[frozenset[str]] = frozenset({"bin", "ibn", "bint", "abu", "abd", "allah"})
_LOWER_PARTICLES: Final[frozenset[str]] = frozenset({"bin", "ibn", "bint"})

_ARTICLE: Final = "ال"
_ABD: Final = "عبد"
_ALLAH: Final = "الله"

# Beam width and the number of segment translations tried per Arabic segment: wider beams
# gained nothing measurable on held-out names and cost time (see the build script).
_BEAM: Final = 8
_MAX_CANDIDATES: Final = 40
_PRUNE: Final = 5.0
_BOS: Final = 0
_EOS: Final = 1

# A decoder state: the last segment-pair ids and the last English letters.
_State = tuple[tuple[int, ...], str]


def prepare_arabic(token: str) -> str:
    """The letters of ``token`` as the model sees them: normalized, folded, non-letters dropped.

    >>> prepare_arabic("مُحَمَّـد")
    'محمد'
    >>> prepare_arabic("ڤيكتور.")
    'فيكتور'
    """
    text = normalize_text(token)
    return "".join(ch for c in text for ch in _FOLD.get(c, c) if ch in ARABIC_LETTERS)


@dataclass(slots=True)
class TranslitModel:
    """Segment-pair n-gram model, lookup table and beam decoder.

    ``units[i]`` is an (Arabic segment, English segment) pair, ids 0 and 1 being the word
    start and end; ``ngrams`` maps unit-id tuples to (log prob, log back-off weight) in the
    back-off form of an interpolated model, so a missing n-gram backs off to a shorter one.
    """

    units: list[tuple[str, str]]
    ngrams: dict[tuple[int, ...], tuple[float, float]]
    lookup: dict[str, str]
    order: int
    chars: dict[str, tuple[float, float]] = field(default_factory=dict)
    char_order: int = 0
    char_weight: float = 0.0
    meta: dict[str, str] = field(default_factory=dict)
    _candidates: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)
    _widest: int = field(default=1, init=False, repr=False)
    _children: dict[tuple[tuple[int, ...], str], dict[int, float]] = field(
        default_factory=dict, init=False, repr=False
    )
    _memo: dict[tuple[tuple[int, ...], str], list[tuple[float, int]]] = field(
        default_factory=dict, init=False, repr=False
    )
    _score_memo: dict[tuple[tuple[int, ...], str], dict[int, float]] = field(
        default_factory=dict, init=False, repr=False
    )
    _char_memo: dict[tuple[str, str], tuple[float, str]] = field(
        default_factory=dict, init=False, repr=False
    )

    def __post_init__(self) -> None:
        # Per Arabic segment, the segment translations most likely a priori: the decoder tries
        # only these (rare ones are alignment noise and slow the search).
        by_seg: dict[str, list[tuple[float, int]]] = {}
        for uid, (ar, _en) in enumerate(self.units):
            if uid in (_BOS, _EOS) or (uid,) not in self.ngrams:
                continue
            by_seg.setdefault(ar, []).append((self.ngrams[(uid,)][0], uid))
        self._candidates = {
            seg: [uid for _lp, uid in sorted(cands, reverse=True)[:_MAX_CANDIDATES]]
            for seg, cands in by_seg.items()
        }
        self._widest = max((len(seg) for seg in self._candidates), default=1)
        allowed = {uid for cands in self._candidates.values() for uid in cands}
        for gram, (lp, _bow) in self.ngrams.items():
            uid = gram[-1]
            if len(gram) > 1 and uid in allowed:
                self._children.setdefault((gram[:-1], self.units[uid][0]), {})[uid] = lp

    @classmethod
    def from_lines(cls, lines: list[str]) -> TranslitModel:
        """Parse the resource: ``#`` metadata, then ``@units``, ``@ngrams``, ``@lookup``."""
        units: list[tuple[str, str]] = []
        ngrams: dict[tuple[int, ...], tuple[float, float]] = {}
        lookup: dict[str, str] = {}
        chars: dict[str, tuple[float, float]] = {}
        meta: dict[str, str] = {}
        section = ""
        for line in lines:
            if not line:
                continue
            if line.startswith("#"):
                name, sep, value = line[1:].partition(":")
                if sep:
                    meta[name.strip()] = value.strip()
                continue
            if line.startswith("@"):
                section = line[1:]
                continue
            parts = line.split("\t")
            if section == "units":
                units.append((parts[0], parts[1]))
            elif section == "lookup":
                lookup[parts[0]] = parts[1]
            else:  # n-grams: gram, log prob, log back-off weight when not 0
                entry = (float(parts[1]), float(parts[2]) if len(parts) > 2 else 0.0)
                if section == "ngrams":
                    ngrams[tuple(int(x) for x in parts[0].split())] = entry
                elif section == "chars":
                    chars[parts[0]] = entry
        return cls(
            units=units,
            ngrams=ngrams,
            lookup=lookup,
            order=int(meta.get("order", "0")) or max(len(k) for k in ngrams),
            chars=chars,
            char_order=int(meta.get("char_order", "0")),
            char_weight=float(meta.get("char_weight", "0")),
            meta=meta,
        )

    def _logp(self, hist: tuple[int, ...], uid: int) -> float:
        """Back-off log probability of unit ``uid`` after ``hist`` (at most order-1 ids)."""
        backoff = 0.0
        h = hist
        while True:
            entry = self.ngrams.get((*h, uid))
            if entry is not None:
                return backoff + entry[0]
            if not h:
                return backoff - 20.0  # unit never seen: effectively impossible
            ctx = self.ngrams.get(h)
            if ctx is not None:
                backoff += ctx[1]
            h = h[1:]

    def _scores(self, hist: tuple[int, ...], seg: str) -> dict[int, float]:
        """Log probabilities of all candidate translations of ``seg`` after ``hist``.

        Built from the next shorter history (memoized, so shared by many longer ones):
        shifted by this history's back-off weight, then overwritten by the n-grams stored
        for it. Much cheaper than backing off unit by unit.
        """
        key = (hist, seg)
        found = self._score_memo.get(key)
        if found is not None:
            return found
        if not hist:
            result = {uid: self.ngrams[(uid,)][0] for uid in self._candidates.get(seg, ())}
        else:
            lower = self._scores(hist[1:], seg)
            ctx = self.ngrams.get(hist)
            stored = self._children.get(key)
            if ctx is None or (not ctx[1] and not stored):
                result = lower
            else:
                bow = ctx[1]
                result = {uid: lp + bow for uid, lp in lower.items()}
                if stored:
                    result.update(stored)
        self._score_memo[key] = result
        return result

    def _next(self, hist: tuple[int, ...], seg: str) -> list[tuple[float, int]]:
        """The translations of ``seg`` after ``hist``, best first, hopeless ones pruned."""
        key = (hist, seg)
        found = self._memo.get(key)
        if found is not None:
            return found
        if len(self._memo) > 200_000:  # bound memory in long-running processes
            self._memo.clear()
            self._score_memo.clear()
        scored = sorted(((lp, uid) for uid, lp in self._scores(hist, seg).items()), reverse=True)
        if scored:
            # a translation this much less likely than the best never wins in practice
            floor = scored[0][0] - _PRUNE
            scored = [su for su in scored if su[0] >= floor]
        self._memo[key] = scored
        return scored

    def _char_logp(self, context: str, char: str) -> float:
        """Back-off log probability of English ``char`` after ``context`` (``<`` = start)."""
        backoff = 0.0
        h = context
        while True:
            entry = self.chars.get(h + char)
            if entry is not None:
                return backoff + entry[0]
            if not h:
                return backoff - 20.0
            ctx = self.chars.get(h)
            if ctx is not None:
                backoff += ctx[1]
            h = h[1:]

    def _char_step(self, context: str, text: str) -> tuple[float, str]:
        """Weighted English-LM score of appending ``text`` after ``context``; new context."""
        key = (context, text)
        found = self._char_memo.get(key)
        if found is not None:
            return found
        score = 0.0
        keep = self.char_order - 1
        for ch in text:
            score += self._char_logp(context, ch)
            context = (context + ch)[-keep:]
        if len(self._char_memo) > 200_000:
            self._char_memo.clear()
        result = (self.char_weight * score, context)
        self._char_memo[key] = result
        return result

    def decode(self, arabic: str, beam: int = _BEAM) -> str:
        """Best English spelling of a prepared Arabic token (no lookup, no particle rules).

        Position-synchronous beam search over segmentations of ``arabic``; hypotheses with the
        same recent history are merged (their futures score alike), keeping the better one.

        >>> load_model().decode("ستولتنبرغ")
        'stoltenberg'
        """
        letters = "".join(c for c in arabic if c in self._candidates)  # unknown: skipped
        n = len(letters)
        if n == 0:
            return ""
        ctx = self.order - 1
        units = self.units
        use_chars = self.char_weight > 0.0 and self.char_order > 1
        char_step = self._char_step
        # hyps[i]: state → (score, english so far) for hypotheses that consumed i letters;
        # the state is what the future score depends on: the last segment pairs and the last
        # English letters. Hypotheses in the same state are merged, keeping the better one.
        hyps: list[dict[_State, tuple[float, str]]] = [{} for _ in range(n + 1)]
        hyps[0][((_BOS,), "<")] = (0.0, "")
        for i in range(n):
            current = sorted(hyps[i].items(), key=lambda kv: kv[1][0], reverse=True)[:beam]
            hyps[i] = {}  # free memory
            for (hist, cctx), (score, english) in current:
                for width in range(1, min(self._widest, n - i) + 1):
                    target = hyps[i + width]
                    for lp, uid in self._next(hist, letters[i : i + width]):
                        seg = units[uid][1]
                        s = score + lp
                        new_cctx = cctx
                        if use_chars and seg:
                            cs, new_cctx = char_step(cctx, seg)
                            s += cs
                        state = ((*hist, uid)[-ctx:], new_cctx)
                        old = target.get(state)
                        if old is None or s > old[0]:
                            target[state] = (s, english + seg)
        best_score = -math.inf
        best = ""
        final = sorted(hyps[n].items(), key=lambda kv: kv[1][0], reverse=True)[: beam * 2]
        for (hist, cctx), (score, english) in final:
            s = score + self._logp(hist, _EOS)
            if use_chars:
                s += char_step(cctx, ">")[0]
            if s > best_score:
                best_score, best = s, english
        return best

    def spell(self, arabic: str, article: bool = True) -> str:
        """Lower-case spelling of a prepared token: particles, ``عبد ال..``, lookup, model.

        ``article=False`` when the ``ال`` cannot be the article (written ``أل``/``إل``).

        >>> load_model().spell("الطاهر")
        'al-tahir'
        """
        if arabic in _PARTICLES:
            return _PARTICLES[arabic]
        if arabic.startswith(_ABD + _ARTICLE) and len(arabic) >= 6:
            rest = arabic[len(_ABD) :]
            if rest == _ALLAH:
                return "abdullah"
            return "abdul" + self._stem(rest)
        if article and _has_article(arabic):
            english = self.lookup.get(arabic)
            if english is not None and english.startswith(("al", "el")):
                # The attested spelling keeps the ال: a foreign name (البرت → albert) or a
                # name usually written with the article glued on (العلوي → alaoui).
                return english
            return "al-" + self._stem(arabic)
        english = self.lookup.get(arabic)
        return english if english is not None else self.decode(arabic)

    def _stem(self, word: str) -> str:
        """Spelling of an ``ال`` word without its article.

        The stem's own spelling is preferred (more frequent, so more reliable); then the
        whole word's, whose English in the pairs usually dropped the article (الطاهر ↔
        tahar); then the model on the stem.
        """
        stem = word[len(_ARTICLE) :]
        english = self.lookup.get(stem)
        if english is None:
            whole = self.lookup.get(word)
            if whole is not None and not whole.startswith(("al", "el")):
                english = whole
        return english if english is not None else self.decode(stem)


def _has_article(arabic: str) -> bool:
    # ال + at least two letters: ال + one letter (الن, الي) is usually a foreign name (Allen).
    return arabic.startswith(_ARTICLE) and len(arabic) >= 4


@cache
def load_model() -> TranslitModel:
    """Load the shipped model once (a fraction of a second) and keep it for the process."""
    return TranslitModel.from_lines(read_lines(_PACKAGE, RESOURCE_FILE))


def _hamza_alef_lam(token: str) -> bool:
    """``ألبرت``, ``إلفيس``: a hamza on the alef means the ``ال`` is not the article.

    Normalization folds ``أ``/``إ`` into ``ا``, so this looks at the token as written.
    """
    return strip_diacritics(token).lstrip().startswith(("أل", "إل"))


def transliterate_token(token: str) -> str:
    """Lower-case Latin spelling of one Arabic name token; non-Arabic tokens are unchanged.

    >>> transliterate_token("كيربي")
    'kirby'
    >>> transliterate_token("الأسد")[:3]
    'al-'
    >>> transliterate_token("Kirby")
    'Kirby'
    """
    arabic = prepare_arabic(token)
    if not arabic:
        return token  # no Arabic letter: not ours to spell ("" stays "")
    return load_model().spell(arabic, not _hamza_alef_lam(token))


def _title(word: str, first: bool) -> str:
    """Title Case one spelled word: ``al-`` and inner ``bin``/``ibn`` stay lower-case."""
    if word.startswith("al-"):
        return "al-" + word[3:].capitalize()
    if word in _LOWER_PARTICLES and not first:
        return word
    return word.capitalize()


def transliterate(name: str) -> str:
    """English spelling of a multi-word Arabic name, in Title Case.

    >>> transliterate("جون كيربي")
    'John Kirby'
    >>> transliterate("عبد الله بن عمر")
    'Abdullah bin Omar'
    >>> transliterate("حسن نصر الله")
    'Hassan Nasrallah'
    """
    words = name.split()
    prepared = [prepare_arabic(word) for word in words]
    if not any(prepared):
        return name  # no Arabic letter anywhere: returned exactly as given
    out: list[str] = []
    glue_ok = False  # may a following الله be glued onto out[-1]?
    i = 0
    while i < len(words):
        word, arabic = words[i], prepared[i]
        i += 1
        if not arabic:
            out.append(word)  # Latin initials, digits, punctuation: kept as written
            glue_ok = False
            continue
        if arabic == _ABD and i < len(words):
            following = prepared[i]
            if _has_article(following):
                # عبد الرحمن is one name written in two words: spelled as one.
                arabic = _ABD + following
                i += 1
        elif arabic == _ALLAH and glue_ok:
            # نصر الله, فضل الله: one name, written as one word in the English press.
            out[-1] += "allah"
            glue_ok = False
            continue
        spelled = load_model().spell(arabic, not _hamza_alef_lam(word))
        out.append(_title(spelled, not out))
        glue_ok = spelled.isalpha() and spelled not in _NO_GLUE
    return " ".join(out)
