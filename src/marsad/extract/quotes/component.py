"""Quotes as a pipeline component: statements from :mod:`marsad.extract.quotes.rules`, their
speakers resolved across the article, and the figures they carry attributed to them.

How a speaker phrase becomes a speaker, in order:

1. it contains a person entity: the person (``المتحدث باسم الخارجية الفرنسية أنييس فون دير
   مول`` → ``أنييس فون دير مول``, role ``المتحدث باسم الخارجية الفرنسية``); a surname alone
   resolves to the full name through the entity's ``canonical`` (``هارت`` → ``مايكل هارت``);
2. ``بيان صادر عن الوزارة`` / ``بيان للجيش``: the issuer, resolved like any phrase;
3. it starts with an organization entity: the organization (``وزارة الدفاع الروسية``);
4. a short definite description (``الوزير``، ``المتحدث الفرنسي``، ``الوزارة``) or a bare surname
   the entity tagger missed: the most recent earlier speaker, person or organization whose
   name or role has the same head word (``وزير`` ← ``وزير الخارجية الأمريكي مايك بومبيو``);
5. a document noun (``الدراسة``، ``التقرير``): a DOC speaker;
6. otherwise the phrase itself (``مصدر عسكري``).

A cue with no subject (``وأضاف:``، ``مضيفًا أن``، ``وقالت إن``) takes the previous speaker.

A quantity inside a quote span gets the quote's id as ``quote`` and the speaker's entity as
``reported_by``; that covers figures in claims attributed with بحسب / وفقًا لـ / نقلًا عن, whose
span is the claim.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from marsad.arabic.normalize import Normalized, normalize, normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import (
    PROCLITIC_OPT,
    SPACED_WORD_PATTERN,
    has_article,
    lam_length,
    starts_with_conjunction,
    strip_definite,
    word_spans,
)
from marsad.doc import Document, Entity, Quantity, Quote, Speaker, SpeakerLabel
from marsad.extract.entities.canonical import clean_mention
from marsad.extract.quotes.rules import QuoteMatch, find_quotes
from marsad.pipeline import register

# "the same" after a reference: المصدر ذاته، المسؤول نفسه.
_SAME: Final = load_wordlist("quotes/same.tsv").normalized()


def _speaker_list(name: str) -> frozenset[str]:
    """The normalized words of one list of ``resources/quotes/speakers.tsv``."""
    return load_wordlist("quotes/speakers.tsv").normalized(list=name)


# Words that end a title rather than start a name.
_NOT_NAMES: Final = _speaker_list("not_name")


def _bare(word: str) -> str:
    """A normalized word without the article, and without a conjunction or لـ glued before
    the article: ``والوزير``، ``للوزير`` → ``وزير`` (:func:`strip_definite`)."""
    return strip_definite(word)


def _bare_forms(words: Iterable[str]) -> frozenset[str]:
    return frozenset(_bare(normalize_text(w)) for w in words)


# Statement and document nouns, bare (no article): a DOC speaker, or the issuer's vehicle.
_DOCUMENT_HEADS: Final = _bare_forms(_speaker_list("document"))
# Institutions named by a head noun and its complement: وزارة الصحة، هيئة الإحصاء.
_INSTITUTIONS: Final = _bare_forms(_speaker_list("institution"))
# Titles before a name: وزير الخارجية الروسي، سيرغي لافروف.
_TITLES: Final = _bare_forms(load_wordlist("entities/titles.tsv").normalized(speaker_title="yes"))
# Between a subject and its cue (SVO): شاكر قال، البيت الأبيض قد قال، نيبينزيا الذي قال.
_SUBJECT_GAP_RE: Final = re.compile(r"\s*(?:(?:قد|الذي|التي|كان|كانت)\s+)*")
# Between a statement noun and its issuer: بيان صادر عن الوزارة، تقرير أصدرته المنظمة.
_ISSUER_LINKS: Final = _speaker_list("issuer_link")
_ROLE_CONTEXT: Final = 60  # characters before a person entity read as its role


@register("quotes.rules.v1")
class QuoteTagger:
    """Assigns ``quotes`` (direct, indirect and attributed statements with speaker, role and
    cue) and sets ``reported_by`` / ``quote`` on the quantities inside them."""

    name = "quotes.rules.v1"
    requires = frozenset({"text", "sentences", "entities"})
    # The figures inside a quote get its id and speaker: the figures component, when the
    # pipeline has one, must run first.
    assigns = frozenset({"quotes", "quantities"})
    follows = frozenset({"quantities"})

    def __call__(self, doc: Document) -> Document:
        sources = [(e.start, e.end) for e in doc.entities if e.label in ("PER", "ORG")]
        matches = find_quotes(doc.text, sources)
        quotes = resolve_speakers(doc, matches, source=self.name)
        return doc.with_(quotes=quotes, quantities=attribute(doc.quantities, quotes))


def resolve_speakers(
    doc: Document, matches: Sequence[QuoteMatch], *, source: str | None = None
) -> tuple[Quote, ...]:
    """Quotes with speakers resolved across the article (see the module docstring)."""
    ctx = _Context(doc)
    previous: Speaker | None = None
    previous_end = -1
    quotes: list[Quote] = []
    for i, m in enumerate(matches):
        speaker: Speaker | None = None
        if m.speaker is not None:
            speaker = ctx.speaker(m.speaker, m.role)
        elif m.elided and m.cue:
            # مضيفًا / وأضاف: the subject right before the cue, else the previous speaker when
            # it spoke in this sentence, else the sentence's subject, else the previous speaker.
            cue = m.cue[0]
            same_sentence = ctx.sentence_of(previous_end) == ctx.sentence_of(cue)
            speaker = ctx.subject_before(cue) or (previous if same_sentence else None)
            speaker = speaker or ctx.in_sentence(cue) or previous or ctx.last_person(cue)
        elif m.elided:
            speaker = previous
        if speaker is not None and speaker is not previous:
            ctx.spoken.append(speaker)
        previous = speaker or previous
        previous_end = m.end
        cue_span = doc.span(*m.cue) if m.cue else None
        quotes.append(
            Quote(f"c{i + 1}", m.start, m.end, m.text, m.kind, speaker, cue_span, source=source)
        )
    return tuple(quotes)


def attribute(quantities: Sequence[Quantity], quotes: Sequence[Quote]) -> tuple[Quantity, ...]:
    """Each quantity inside a quote, with that quote and its speaker's entity attached."""
    ordered = sorted(quotes, key=lambda q: q.start)
    starts = [q.start for q in ordered]
    out: list[Quantity] = []
    for q in quantities:
        k = bisect_right(starts, q.start) - 1
        if k >= 0 and q.end <= ordered[k].end:
            quote = ordered[k]
            entity = quote.speaker.entity if quote.speaker else None
            q = replace(q, quote=quote.id, reported_by=entity)
        out.append(q)
    return tuple(out)


class _Context:
    """One article's entities and the speakers seen so far."""

    def __init__(self, doc: Document) -> None:
        self.text = doc.text
        self.entities = sorted(
            (e for e in doc.entities if e.label in ("PER", "ORG")), key=lambda e: e.start
        )
        self.starts = [e.start for e in self.entities]
        self.sentence_starts = [s.start for s in doc.sentences]
        self.spoken: list[Speaker] = []
        self._normalized: Normalized | None = None

    def inside(self, s: int, e: int) -> list[Entity]:
        """The entities within ``[s, e)``, in text order."""
        k = bisect_left(self.starts, s)
        out = []
        while k < len(self.entities) and self.entities[k].start < e:
            if self.entities[k].end <= e:
                out.append(self.entities[k])
            k += 1
        return out

    def subject_before(self, cue_start: int) -> Speaker | None:
        """An entity right before the cue: ``لكن شاكر قال``، ``وكان البيت الأبيض قد قال``."""
        k = bisect_left(self.starts, cue_start) - 1
        if k < 0:
            return None
        entity = self.entities[k]
        if entity.end <= cue_start and _SUBJECT_GAP_RE.fullmatch(self.text, entity.end, cue_start):
            return _from_entity(entity, None)
        return None

    def sentence_of(self, pos: int) -> int:
        return bisect_right(self.sentence_starts, pos) - 1

    def in_sentence(self, cue_start: int) -> Speaker | None:
        """The first person or organization of the cue's sentence, before the cue: the subject
        of ``ووصف الجعفري المحتجين ...، مضيفا: «...»``."""
        i = bisect_right(self.sentence_starts, cue_start) - 1
        start = self.sentence_starts[i] if i >= 0 else 0
        k = bisect_left(self.starts, start)
        if k < len(self.entities) and self.entities[k].end <= cue_start:
            return _from_entity(self.entities[k], _role_before(self.entities[k], self.text) or None)
        return None

    def last_person(self, cue_start: int) -> Speaker | None:
        """The last person named before the cue, for a subjectless cue with no speaker yet."""
        for entity in reversed(self.entities[: bisect_left(self.starts, cue_start)]):
            if entity.label == "PER":
                return _from_entity(entity, _role_before(entity, self.text) or None)
        return None

    def speaker(self, phrase: tuple[int, int], role_span: tuple[int, int] | None) -> Speaker:
        """The speaker a phrase names (see the module docstring for the order of the rules)."""
        s, e = phrase
        text = self.text
        inside = self.inside(s, e)
        person = next((x for x in inside if x.label == "PER"), None)
        if person is not None:
            speaker = _from_entity(person, None)
            start = _name_start(text, s, person.start)
            end = _name_end(text, person.end, e)
            if (start, end) != (person.start, person.end):
                # The tagger caught part of the name: براء شيبان → شيبان, محمود بصل → محمود.
                name = text[start:end]
                speaker = replace(
                    speaker, text=name, start=start, end=end, canonical=clean_mention(name)
                )
            role = clean_mention(text[s:start]).strip(" ،,")
            return replace(speaker, role=role or _clean(text, role_span))
        if role_span is not None:
            named = self._name_in_apposition(phrase, role_span)
            if named is not None:
                return named
        issuer = _issuer(text, s, e)
        if issuer is not None and (issuer[0] - s) and not self._issuer_ok(issuer[0]):
            issuer = None
        if issuer is not None:
            return self.speaker(issuer, None)
        org = inside[0] if inside and inside[0].label == "ORG" else None
        if org is not None and org.start - s <= 2:
            if org.end >= e - 1:
                return _from_entity(org, _clean(text, role_span))
            return Speaker(
                text=text[s:e], entity=org.id, canonical=clean_mention(text[s:e]),
                role=_clean(text, role_span), start=s, end=e, label="ORG",
            )  # fmt: skip
        words = [_bare(w) for w in normalize_text(text[s:e]).split()]
        back = self._refers_back(words, text[s:e], s)
        if back is not None:
            return replace(back, text=text[s:e], start=s, end=e)
        label: SpeakerLabel | None = "DOC" if words and words[0] in _DOCUMENT_HEADS else None
        return Speaker(
            text=text[s:e], entity=None, canonical=self._fuller(words, s, e),
            role=_clean(text, role_span), start=s, end=e, label=label,
        )  # fmt: skip

    def _issuer_ok(self, start: int) -> bool:
        """A genitive issuer (``بيان التحالف``) is definite or a tagged name, which an
        adjective (``دراسة حديثة``) is not."""
        k = bisect_left(self.starts, start)
        if k < len(self.entities) and self.entities[k].start == start:
            return True
        return normalize_text(self.text[start : start + 2]) == "ال"

    def _name_in_apposition(
        self, phrase: tuple[int, int], role_span: tuple[int, int]
    ) -> Speaker | None:
        """``وزير الخارجية الروسي، سيرغي لافروف، قال``: the name after the comma speaks."""
        text = self.text
        person = next((x for x in self.inside(*role_span) if x.label == "PER"), None)
        rs, re_ = role_span
        role_words = normalize_text(text[rs:re_]).split()
        if person is not None:
            speaker = _from_entity(person, _clean(text, phrase))
            if len(role_words) <= 4 and not has_article(role_words[0]):
                # The whole apposition is the name when the tagger caught part of it.
                name = text[rs:re_]
                longer = len(name) > len(speaker.canonical or "")
                speaker = replace(
                    speaker, text=name, start=rs, end=re_,
                    canonical=clean_mention(name) if longer else speaker.canonical,
                )  # fmt: skip
            return speaker
        head = _bare(normalize_text(text[phrase[0] : phrase[1]]).split()[0])
        if (
            head in _TITLES
            and role_words
            and not has_article(role_words[0])
            and _bare(role_words[0]) not in _TITLES
            and len(role_words) <= 4
        ):
            # A title, then a name the tagger missed: المدعي العام الإيراني، محمد جعفر منتظري
            return Speaker(
                text=text[rs:re_], entity=None, canonical=clean_mention(text[rs:re_]),
                role=_clean(text, phrase), start=rs, end=re_, label="PER",
            )  # fmt: skip
        return None

    def _refers_back(self, words: Sequence[str], raw: str, pos: int) -> Speaker | None:
        """The speaker or entity a short reference (``الوزير``، ``هارت``، ``المتحدث الفرنسي``)
        points to: earlier speakers first, then earlier entities, then later ones."""
        if not words or len(words) > 6:
            return None
        definite = has_article(normalize_text(raw).split()[0], conjunction=True)
        if len(words) > 1 and not definite and words[0] not in _TITLES:
            return None
        words = [w for w in words if w not in _SAME]
        if not words:
            return None
        for known in reversed(self.spoken):
            if _describes(words, _speaker_words(known), known.label == "PER"):
                return known
        k = bisect_left(self.starts, pos)
        before = self.entities[:k]
        after = [x for x in self.entities[k:] if x.start >= pos + len(raw)]
        for entity in [*reversed(before), *after]:
            if _describes(words, _entity_words(entity, self.text), entity.label == "PER"):
                return _from_entity(entity, _role_before(entity, self.text) or None)
        return None

    def _fuller(self, words: Sequence[str], s: int, e: int) -> str:
        """A one-word definite reference as its nearest fuller mention in the article, before
        it or else after it: the noun with its adjectives (``الشرطة`` → ``الشرطة الهندية``,
        ``المصدر`` → ``مصدر رسمي``) and, for an institution, its complement (``الوزارة`` →
        ``وزارة الصحة الأردنية``). Normalized spelling."""
        phrase = clean_mention(self.text[s:e])
        if len(words) != 1 or len(words[0]) < 3:
            return phrase
        if self._normalized is None:
            self._normalized = normalize(self.text)
        norm = self._normalized
        head = re.escape(words[0])
        word = SPACED_WORD_PATTERN
        complement = rf"(?:\s+ال{word}){{1,2}}" if words[0] in _INSTITUTIONS else ""
        pattern = re.compile(
            rf"(?<!\S){PROCLITIC_OPT}(?P<name>(?:ال)?{head}(?:{complement}"
            rf"(?:\s+(?:ال)?{word}(?:ي|يه|يين|يون))*|(?:\s+(?:ال)?{word}(?:ي|يه|يين|يون))+))"
            r"(?![^\s،,.])"
        )
        spans = [norm.to_original(*m.span("name")) for m in pattern.finditer(norm.text)]
        before = [x for x in spans if x[1] <= s]
        after = [x for x in spans if x[0] >= e]
        best = before[-1] if before else after[0] if after else None
        return clean_mention(self.text[best[0] : best[1]]) if best else phrase


def _name_start(text: str, s: int, start: int) -> int:
    """Where a name really starts when the words right before ``start`` (at most two, not
    before ``s``) are more of it (:func:`_may_be_name`)."""
    for _ in range(2):
        before = text[s:start].rstrip()
        if not before or before[-1] in '،,:«»"()':
            break
        word = before.split()[-1]
        if not _may_be_name(word):
            break
        start = s + len(before) - len(word)
    return start


def _name_end(text: str, end: int, e: int) -> int:
    """Where a name really ends when the rest of the speaker phrase after it (at most two
    words, up to ``e``) is more of it (:func:`_may_be_name`)."""
    rest = text[end:e].split()
    if not rest or len(rest) > 2 or not all(_may_be_name(w) for w in rest):
        return end
    return e


def _may_be_name(word: str) -> bool:
    """A word that can continue a name: letters only, not definite, not a title, not a
    preposition or cue (``براء`` yes; ``الإنسان``، ``باسم``، ``العقيد``، ``2018`` no)."""
    norm = normalize_text(word)
    return not (
        has_article(norm, lil=True)
        or _bare(norm) in _TITLES
        or norm in _NOT_NAMES
        or not norm.isalpha()
    )


def _from_entity(entity: Entity, role: str | None) -> Speaker:
    label: SpeakerLabel = "PER" if entity.label == "PER" else "ORG"
    return Speaker(
        text=entity.text, entity=entity.id, canonical=entity.canonical or entity.text,
        role=role, start=entity.start, end=entity.end, label=label,
    )  # fmt: skip


def _clean(text: str, span: tuple[int, int] | None) -> str | None:
    return clean_mention(text[span[0] : span[1]]) if span else None


def _issuer(text: str, s: int, e: int) -> tuple[int, int] | None:
    """``بيان صادر عن الوزارة`` → the span of ``الوزارة``; ``بيان للجيش`` → ``الجيش``;
    ``بيان التحالف`` → ``التحالف`` (an indefinite statement noun before its issuer)."""
    raw = [(w.start, w.end) for w in word_spans(text, s, e, spaced=True)]
    words = [normalize_text(text[a:b]) for a, b in raw]
    if len(words) < 2 or _bare(words[0]) not in _DOCUMENT_HEADS:
        return None
    k = 1
    while k < len(words) - 1 and words[k] in _ISSUER_LINKS:
        k += 1
    if k > 1:
        return raw[k][0], e
    cut = lam_length(words[1], min_length=4)
    if cut:
        return raw[1][0] + cut, e  # بيان للجيش: the issuer is الجيش, its ل glued on
    if not has_article(words[0], conjunction=True):
        return raw[1][0], e
    return None


def _describes(reference: Sequence[str], name: Sequence[str], person: bool) -> bool:
    """Whether a reference (bare words) fits a name or role (bare words): one word alone is
    a person's surname (``هارت``) or an organization's head noun (``الوزارة`` → ``وزارة
    الصحة``); otherwise its first words appear in order in the name or role, each a prefix
    of the other (``فرنسي`` / ``فرنسيه``)."""
    if not name:
        return False
    if len(reference) == 1 and reference[0] not in _TITLES:
        return reference[0] == (name[-1] if person else name[0])
    k = 0
    for w in name:
        if k < len(reference) and _prefix_match(reference[k], w):
            k += 1
    # A title names its holder on its own (الوزير، المخرجة البالغة 44 عاما); other
    # descriptions need two words in common.
    return k >= (1 if reference[0] in _TITLES else min(len(reference), 2))


def _prefix_match(a: str, b: str) -> bool:
    if len(a) < 3 or len(b) < 3:
        return a == b
    return a.startswith(b) or b.startswith(a)


def _speaker_words(speaker: Speaker) -> list[str]:
    """A speaker's name words, after its role words for a person (the surname stays last)."""
    parts = (speaker.role, speaker.canonical) if speaker.label == "PER" else (speaker.canonical,)
    return [_bare(w) for w in normalize_text(" ".join(x for x in parts if x)).split()]


def _entity_words(entity: Entity, text: str) -> list[str]:
    role = _role_before(entity, text) if entity.label == "PER" else ""
    words = normalize_text(f"{role} {entity.canonical or entity.text}").split()
    return [_bare(w) for w in words]


def _role_before(entity: Entity, text: str) -> str:
    """The words right before a person's name in the same clause (its title, if any)."""
    before = text[max(0, entity.start - _ROLE_CONTEXT) : entity.start]
    for mark in ("،", ",", ".", "\n", ":", "«", "»", '"'):
        before = before.rsplit(mark, 1)[-1]
    words = before.split()
    # A leading word with a conjunction is the cue verb (وقال، وأكد), not the title.
    while len(words) > 1 and starts_with_conjunction(normalize_text(words[0])):
        words = words[1:]
    return clean_mention(" ".join(words))


__all__ = ["QuoteTagger", "attribute", "resolve_speakers"]
