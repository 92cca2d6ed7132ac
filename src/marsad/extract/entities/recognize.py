"""Entity mentions from tokens: the CRF's labels, then the gazetteer's high-precision matches,
touching person names joined (``كريستيانو`` + ``رونالدو``), a site's head noun taken into its
name (``ميناء الحديدة``), and across the document, names and surnames made consistent.

The same :class:`Recognizer` serves the pipeline component (marsad tokens) and the evaluation
(a corpus's own tokens), so ``marsad eval ner`` measures the code that runs in production.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final

from marsad.arabic.wordlists import load_wordlist
from marsad.doc import Token
from marsad.extract.entities.crf import CrfTagger
from marsad.extract.entities.features import (
    Featurizer,
    SentenceMatches,
    TokenInfo,
    longest_matches,
    token_of_string,
)
from marsad.extract.entities.gazetteer import PLACE_TYPES

__all__ = ["Mention", "Recognizer", "decode", "to_iob"]

# Gazetteer phrases trusted as LOC on their own when the CRF saw nothing there: countries and
# first-level regions are unambiguous names; towns are not (many are also common words).
_MATCHER_TYPES: Final = frozenset({"COUNTRY", "ADMIN"})
_MATCHER_SCORE: Final = 0.9
# Head nouns that a place name after them belongs to, with the label of the whole:
# ميناء الحديدة (LOC), جامعة كولومبيا (ORG); resources/entities/name_heads.tsv.
_NAME_HEADS: Final = {
    word: label
    for label in ("LOC", "ORG")
    for word in load_wordlist("entities/name_heads.tsv").normalized(label=label)
}
# A mention spreads to the rest of its document only when the tagger was fairly sure of it.
_DOCUMENT_MIN_SCORE: Final = 0.5
_DOCUMENT_SCORE: Final = 0.7
# A surname stands alone for its person unless news uses the word this often or more.
_SURNAME_MAX_COUNT: Final = 2000


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity over tokens ``start`` to ``end`` (exclusive) of one sentence."""

    label: str
    start: int
    end: int
    score: float
    by: str = "crf"  # who found it: "crf", "document", "alias" or "gazetteer"


def decode(labels: Sequence[str], probs: Sequence[float] | None = None) -> list[Mention]:
    """IOB2 labels → mentions, with conlleval's reading of a stray ``I-`` (it starts one).

    >>> decode(["B-PER", "I-PER", "O", "I-LOC"])
    [Mention(label='PER', start=0, end=2, score=1.0, by='crf'), \
Mention(label='LOC', start=3, end=4, score=1.0, by='crf')]
    """
    out: list[Mention] = []
    label: str | None = None
    start = 0
    for i, tag in enumerate([*labels, "O"]):
        inside = tag.startswith("I-") and tag[2:] == label
        if label is not None and not inside:
            score = 1.0 if probs is None else min(probs[start:i])
            out.append(Mention(label, start, i, round(score, 3)))
            label = None
        if tag.startswith("B-") or (tag.startswith("I-") and label is None):
            label, start = tag[2:], i
    return out


def _uncovered(taken: Sequence[bool]) -> Callable[[int, int], bool]:
    """Accepts a span only where no token is already taken by a mention."""
    return lambda start, end: not any(taken[start:end])


def to_iob(mentions: Sequence[Mention], n: int) -> list[str]:
    """Mentions → IOB2 labels over ``n`` tokens."""
    labels = ["O"] * n
    for m in mentions:
        labels[m.start] = f"B-{m.label}"
        for k in range(m.start + 1, m.end):
            labels[k] = f"I-{m.label}"
    return labels


def _join_names(infos: Sequence[TokenInfo], found: list[Mention]) -> list[Mention]:
    """Two person mentions that touch, with no punctuation or و between them, are one name:
    the tagger's ``كريستيانو`` + ``رونالدو`` is «كريستيانو رونالدو». Two people side by side
    are written with a comma or و between them."""
    out: list[Mention] = []
    for m in found:
        last = out[-1] if out else None
        if (
            last is not None
            and last.label == m.label == "PER"
            and last.end == m.start
            and not infos[m.start].pre
        ):
            out[-1] = replace(last, end=m.end, score=min(last.score, m.score))
        else:
            out.append(m)
    return out


class Recognizer:
    """Finds entity mentions in sentences of tokens."""

    def __init__(
        self,
        tagger: CrfTagger | None = None,
        featurizer: Featurizer | None = None,
        use_matcher: bool = True,
        use_document: bool = True,
    ) -> None:
        self.tagger = tagger if tagger is not None else CrfTagger()
        self.featurizer = featurizer if featurizer is not None else Featurizer()
        self.use_matcher = use_matcher
        self.use_document = use_document

    def mentions(self, infos: Sequence[TokenInfo]) -> list[Mention]:
        """The mentions of one sentence, described by its tokens' infos."""
        matches = self.featurizer.matches(infos)
        labels, probs = self.tagger.tag(self.featurizer.sentence(infos, matches))
        found = self._cut_at_prepositions(infos, decode(labels, probs))
        if self.use_matcher:
            found = self._add_known(matches, self._known_labels(infos, found))
            found = self._add_matches(infos, matches, _join_names(infos, found))
            if self.featurizer.conventions is None:
                # the news corpus's convention; ANERcorp's leaves the head out (مطار O)
                found = self._take_heads(infos, found)
        return found

    @staticmethod
    def _take_heads(infos: Sequence[TokenInfo], found: list[Mention]) -> list[Mention]:
        """A place mention right after a head noun of ``name_heads.tsv`` that no mention
        covers takes the head, and the head's label: the tagger's ``الحديدة`` in «ميناء
        الحديدة» becomes the port, its ``كولومبيا`` in «جامعة كولومبيا» the university (ORG).
        The two must form one phrase: not a head with a pronoun (``ميناؤها``), nor a place
        behind a preposition («مستشفى بعفرين», a hospital in Afrin)."""
        taken = {k for m in found for k in range(m.start, m.end)}
        out: list[Mention] = []
        for m in found:
            k = m.start - 1
            head = _NAME_HEADS.get(infos[k].stem) if m.label == "LOC" and k >= 0 else None
            if (
                head is None
                or k in taken
                or infos[m.start].pre
                or any(f.startswith("e=") for f in infos[k].own)
            ):
                out.append(m)
            else:
                out.append(replace(m, start=k, label=head))
        return out

    def _add_known(self, matches: SentenceMatches, found: list[Mention]) -> list[Mention]:
        """Names of the alias table win over the pieces the CRF saw in them.

        ``قوات سوريا الديمقراطية`` is one ORG even when the CRF tagged only ``سوريا`` (LOC)
        inside it.
        """
        for start, end, label in matches.known:
            inside = [m for m in found if m.start < end and start < m.end]
            if any(m.start < start or m.end > end for m in inside):
                continue  # the CRF saw a longer name around it: keep the CRF's
            # Only a name the CRF got wrong is overruled: a piece of it typed otherwise
            # (LOC سوريا inside an ORG) or split in two. Where the CRF saw nothing, or saw the
            # name without its cue word (حماس in حركة حماس, ANERcorp's convention), it stays.
            wrong_type = any(m.label != label for m in inside)
            if end - start == 1 or not (wrong_type or len(inside) > 1):
                continue
            kept = [m for m in found if m not in inside]
            found = sorted(
                [*kept, Mention(label, start, end, _MATCHER_SCORE, "alias")], key=lambda m: m.start
            )
        return found

    def _cut_at_prepositions(
        self, infos: Sequence[TokenInfo], found: list[Mention]
    ) -> list[Mention]:
        """End a mention before an inner token that starts with the preposition ب.

        A name does not go on through ``ب`` ("in, by"): ``داعش بالموصل`` is ``داعش`` in
        ``الموصل``. The rest becomes a LOC when the gazetteer knows it as a place.
        """
        out: list[Mention] = []
        gazetteer = self.featurizer.gazetteer
        for m in found:
            cut = next(
                (k for k in range(m.start + 1, m.end) if "ب" in infos[k].pre.split("+")), None
            )
            if cut is None:
                out.append(m)
                continue
            out.append(replace(m, end=cut))
            rest = " ".join(i.stem for i in infos[cut : m.end])
            if {e.type for e in gazetteer.lookup(rest)} & PLACE_TYPES:
                out.append(Mention("LOC", cut, m.end, m.score, by="gazetteer"))
        return out

    def _known_labels(self, infos: Sequence[TokenInfo], found: list[Mention]) -> list[Mention]:
        """A mention that is exactly a name of the alias table takes the table's label
        (``داعش`` is an ORG even where the context reads like a place)."""
        known = self.featurizer.known
        out: list[Mention] = []
        for m in found:
            label = known.get(tuple(i.stem for i in infos[m.start : m.end]))
            out.append(m if label is None or label == m.label else replace(m, label=label))
        return out

    def _add_matches(
        self, infos: Sequence[TokenInfo], matches: SentenceMatches, found: list[Mention]
    ) -> list[Mention]:
        taken = [False] * len(infos)
        for m in found:
            for k in range(m.start, m.end):
                taken[k] = True
        extra: list[Mention] = []
        gazetteer = self.featurizer.gazetteer
        stems = [i.stem for i in infos]
        for start, end, entry in matches.gazetteer:
            if entry.type not in _MATCHER_TYPES or any(taken[start:end]):
                continue
            # A name that is also an adjective or a cue word (روسية "Russian", الجنوبي
            # "southern") is left to the CRF: only unambiguous names are trusted alone.
            senses = {e.type for e in gazetteer.lookup(" ".join(stems[start:end]))}
            if senses <= PLACE_TYPES:
                extra.append(Mention("LOC", start, end, _MATCHER_SCORE, by="gazetteer"))
        if not extra:
            return found
        return sorted([*found, *extra], key=lambda m: m.start)

    def document(self, sentences: Sequence[Sequence[TokenInfo]]) -> list[list[Mention]]:
        """Mentions of every sentence of one document, made consistent across it.

        A name the tagger recognized once is recognized everywhere in the document: news
        repeats a name many times, often in contexts poorer than its first mention
        (``وقال هايل`` after ``العميد هايل حمدان``). Only tokens no mention covers are
        filled, with the label the name got most often.
        """
        found = [self.mentions(infos) for infos in sentences]
        if not self.use_document:
            return found
        votes: dict[tuple[str, ...], Counter[str]] = {}
        for infos, mentions in zip(sentences, found, strict=True):
            for m in mentions:
                if m.score >= _DOCUMENT_MIN_SCORE and m.by == "crf":
                    key = tuple(i.stem for i in infos[m.start : m.end])
                    votes.setdefault(key, Counter())[m.label] += 1
                    if m.label == "PER" and len(key) > 1 and self._surname(key[-1]):
                        votes.setdefault(key[-1:], Counter())["PER"] += 1
        if not votes:
            return found
        longest = max(len(k) for k in votes)
        out: list[list[Mention]] = []
        for infos, mentions in zip(sentences, found, strict=True):
            taken = [False] * len(infos)
            for m in mentions:
                taken[m.start : m.end] = [True] * (m.end - m.start)
            spans = longest_matches([i.stem for i in infos], votes, longest, _uncovered(taken))
            extra = [
                Mention(vote.most_common(1)[0][0], s, e, _DOCUMENT_SCORE, by="document")
                for s, e, vote in spans
            ]
            if not extra:
                out.append(mentions)
                continue
            merged = sorted([*mentions, *extra], key=lambda m: m.start)
            # a surname the document lent may touch the first name the tagger saw alone
            # (``كريم`` + ``بنزيمة``): one name, as in one sentence
            out.append(_join_names(infos, merged) if self.use_matcher else merged)
        return out

    def _surname(self, stem: str) -> bool:
        """Whether a full name's last word may stand for the person alone in the rest of
        the document (``نويرت`` after «هيذر نويرت»): not a frequent word of news (``الله`` of
        «حسن نصر الله», ``علي`` of «محمد علي»)."""
        return (
            len(stem) > 2
            and stem.isalpha()  # a word, not a number or a latin acronym's pieces
            and self.featurizer.lexicon.get(stem).count < _SURNAME_MAX_COUNT
        )

    def tokens(self, toks: Sequence[Token]) -> list[Mention]:
        """Mentions in one sentence of marsad tokens."""
        return self.mentions([self.featurizer.info(t) for t in toks])

    def strings(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        """IOB2 labels for pre-tokenized sentences read as one document (a CoNLL corpus)."""
        fz = self.featurizer
        infos = [[fz.info(token_of_string(w), surface=w) for w in words] for words in sentences]
        return [to_iob(ms, len(i)) for ms, i in zip(self.document(infos), infos, strict=True)]
