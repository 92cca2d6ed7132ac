"""Token features for the NER tagger, shared by training and run time.

Hand-written: the features are Arabic-specific (clitic-free stems, the article, proclitics,
affixes of the bare stem) and tied to marsad's own resources (lexicon counts, word clusters
learned from news, gazetteers).

A token is described once by a :class:`TokenInfo` (cached by its surface text, since a surface
word always segments the same way) and a sentence's feature lists are built from the infos of
each token and of its neighbours. Unseen names are the hard part of Arabic NER (no capital
letters), so most features generalize beyond the word itself: clusters learned from 10M words
of news, gazetteer membership, how often the lexicon saw the word as part of a person name,
how rare the word is, and the cue words around it (``الرئيس``، ``وزارة``، ``مدينة``).

>>> from marsad.arabic.tokenize import tokenize
>>> stem_key(tokenize("وسوريا")[0])
'سوريا'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Final, NamedTuple, TypeVar

from marsad.arabic.lexicon import Lexicon, load_lexicon
from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import tokenize
from marsad.arabic.words import strip_article
from marsad.doc import Token
from marsad.extract.entities.canonical import AliasTable
from marsad.extract.entities.gazetteer import Gazetteer, GazetteerEntry
from marsad.resources import read_lines

__all__ = [
    "Featurizer",
    "SentenceMatches",
    "TokenInfo",
    "known_names",
    "load_clusters",
    "longest_matches",
    "stem_key",
    "token_of_string",
    "with_conventions",
]

_DIGIT: Final = re.compile(r"\d")
V = TypeVar("V")
_CLUSTERS_FILE: Final = "clusters.tsv.gz"
_PACKAGE: Final = "marsad.resources.entities"
# Gazetteer types that say something about the token itself or its neighbours.
_CUE_TYPES: Final = frozenset({"ORG_CUE", "PER_CUE", "LOC_CUE"})


# The features that carry a corpus's annotation conventions: the word itself, its neighbours'
# words and gazetteer types, the bigrams, and the bias. ANERcorp leaves «وزارة العدل»,
# «الحكومة الأفغانية» and «المحكمة العليا» untagged where the news corpus's guidelines make
# them ORG; a private copy of these features for such a corpus absorbs its own conventions, so
# that the shared features (the only ones the tagger sees at run time) follow the news corpus.
_CONVENTION_KEYS: Final = (
    "b", "s=", "sn=", "w=", "g=", "gm=", "kn=", "def", "c256=", "-1s=", "+1s=", "-1g=",
    "+1g=", "-1def", "+1def", "bg-=", "bg+=",
)  # fmt: skip


def with_conventions(feats: Sequence[Sequence[str]], corpus: str) -> list[list[str]]:
    """A sentence's feature lists plus ``corpus``'s private copy of the convention features.

    Training only (Daumé III's feature augmentation, restricted to the features above): the
    tagger at run time sees the shared features alone.

    >>> with_conventions([["b", "s=وزاره", "len=5"]], "anercorp")
    [['b', 's=وزاره', 'len=5', 'anercorp:b', 'anercorp:s=وزاره']]
    """
    return [[*fs, *(f"{corpus}:{f}" for f in fs if f.startswith(_CONVENTION_KEYS))] for fs in feats]


def stem_key(tok: Token) -> str:
    """The clitic-free, normalized form of a token: ``وسوريا`` → ``سوريا``, ``2017`` → ``0000``."""
    if tok.kind == "word":
        for word in tok.words:
            if word.kind == "stem":
                return normalize_text(word.form)
        return normalize_text(tok.text)
    if tok.kind == "number":
        return _DIGIT.sub("0", normalize_text(tok.text))
    if tok.kind == "latin":
        return tok.text.lower()
    return tok.text


def token_of_string(text: str) -> Token:
    """A pre-tokenized corpus token (ANERcorp's ``(د``) as one marsad Token: its main word.

    Corpora split text their own way; a string that marsad would cut in several tokens is
    described by the longest word-like token inside it, with the whole string as surface.
    """
    toks = tokenize(text)
    if not toks:
        return Token(0, len(text), text, (), "symbol")
    if len(toks) == 1:
        return toks[0]
    order = {"word": 0, "latin": 1, "number": 2, "symbol": 3, "punct": 4}
    return min(toks, key=lambda t: (order[t.kind], -(t.end - t.start)))


@lru_cache(maxsize=1)
def load_clusters() -> dict[str, tuple[str, str, str]]:
    """The shipped word clusters: normalized stem → cluster ids at k = 64, 256, 1024."""
    out: dict[str, tuple[str, str, str]] = {}
    for line in read_lines(_PACKAGE, _CLUSTERS_FILE):
        parts = line.split("\t")
        if len(parts) == 4 and not line.startswith("#"):
            out[parts[0]] = (parts[1], parts[2], parts[3])
    return out


def known_names(aliases: AliasTable) -> dict[tuple[str, ...], str]:
    """Every name of the alias table as a sequence of token stems, with its label.

    ``تنظيم الدولة الإسلامية`` → (``تنظيم``, ``الدوله``, ``الاسلاميه``): ORG. Matching stems makes
    ``ولتنظيم الدولة`` and ``لداعش`` find their entries despite the clitics.
    """
    out: dict[tuple[str, ...], str] = {}
    for entry in aliases:
        for name in entry.names():
            key = tuple(stem_key(t) for t in tokenize(name))
            if key:
                out.setdefault(key, entry.label)
    return out


class TokenInfo(NamedTuple):
    """What the tagger knows about one token, independent of its context."""

    stem: str
    own: tuple[str, ...]  # features of the token at position 0
    ctx: tuple[str, ...]  # the subset shown to neighbours (prefixed with their offset)
    pre: str = ""  # the proclitics, normalized and joined with + (``و+ب``)


def longest_matches(
    keys: Sequence[str],
    table: Mapping[tuple[str, ...], V],
    longest: int,
    free: Callable[[int, int], bool] | None = None,
) -> list[tuple[int, int, V]]:
    """Greedy longest-first, non-overlapping matches of ``table``'s key tuples over ``keys``.

    ``free(start, end)`` may refuse a span (then a shorter one is tried at the same start).

    >>> longest_matches(["تنظيم", "الدوله", "في"], {("تنظيم", "الدوله"): "ORG"}, 2)
    [(0, 2, 'ORG')]
    """
    found: list[tuple[int, int, V]] = []
    i = 0
    while i < len(keys):
        for size in range(min(longest, len(keys) - i), 0, -1):
            value = table.get(tuple(keys[i : i + size]))
            if value is not None and (free is None or free(i, i + size)):
                found.append((i, i + size, value))
                i += size - 1
                break
        i += 1
    return found


def _span_tags(spans: Iterable[tuple[int, int, str]], n: int, prefix: str) -> list[str]:
    """``prefix=B-X`` / ``prefix=I-X`` per token for (start, end, X) spans, "" elsewhere."""
    tags = [""] * n
    for start, end, kind in spans:
        tags[start] = f"{prefix}=B-{kind}"
        for k in range(start + 1, end):
            tags[k] = f"{prefix}=I-{kind}"
    return tags


class SentenceMatches(NamedTuple):
    """Gazetteer and alias-table matches of one sentence, found once for features and
    matchers alike."""

    gazetteer: list[tuple[int, int, GazetteerEntry]]
    known: list[tuple[int, int, str]]


def _bucket(n: int, bounds: Sequence[int]) -> int:
    for i, bound in enumerate(bounds):
        if n < bound:
            return i
    return len(bounds)


class Featurizer:
    """Builds CRF feature lists for sentences of tokens.

    Resources are passed in (tests can give small ones) and default to the shipped ones.
    """

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        clusters: dict[str, tuple[str, str, str]] | None = None,
        lexicon: Lexicon | None = None,
        known: dict[tuple[str, ...], str] | None = None,
        conventions: str | None = None,
    ) -> None:
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer.load()
        self.clusters = clusters if clusters is not None else load_clusters()
        self.lexicon = lexicon if lexicon is not None else load_lexicon()
        self.known = known if known is not None else known_names(AliasTable.load())
        self._known_longest = max((len(k) for k in self.known), default=0)
        self._cache: dict[tuple[str, str], TokenInfo] = {}
        # A training corpus's own conventions (``anercorp``), to score a model on that corpus
        # as it was annotated (see :func:`with_conventions`); None in the pipeline.
        self.conventions = conventions

    # -- one token ------------------------------------------------------------------------
    def info(self, tok: Token, surface: str | None = None) -> TokenInfo:
        """The context-free description of a token (cached by surface text)."""
        key = (tok.text, surface or "")
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        if len(self._cache) > 400_000:  # bound memory on endless streams
            self._cache.clear()
        info = self._describe(tok, surface)
        self._cache[key] = info
        return info

    def _describe(self, tok: Token, surface: str | None) -> TokenInfo:
        stem = stem_key(tok)
        own: list[str] = ["b", f"k={tok.kind}", f"s={stem}"]
        pre = ""
        ctx: list[str] = [f"k={tok.kind}", f"s={stem}"]
        norm_surface = normalize_text(surface if surface is not None else tok.text)
        if norm_surface != stem:
            own.append(f"w={norm_surface}")
        if tok.kind == "word":
            pre = "+".join(normalize_text(w.form) for w in tok.words if w.kind == "proclitic")
            post = "+".join(normalize_text(w.form) for w in tok.words if w.kind == "enclitic")
            if pre:
                own.append(f"p={pre}")
            if post:
                own.append(f"e={post}")
            bare = strip_article(stem, min_stem=2)
            if bare != stem:
                own += ["def", f"sn={bare}"]
                ctx.append("def")
            own += [f"p2={bare[:2]}", f"p3={bare[:3]}", f"x1={bare[-1:]}", f"x2={bare[-2:]}"]
            own += [f"x3={bare[-3:]}", f"len={min(len(bare), 9)}"]
            entry = self.lexicon.get(stem)
            freq = _bucket(entry.count, (1, 5, 30, 200, 2000, 20000))
            own.append(f"fq={freq}")
            ctx.append(f"fq={freq}")
            if entry.name:
                share = _bucket(100 * entry.name // max(entry.count, 1), (1, 5, 20, 50))
                own.append(f"nm={share}")
                ctx.append(f"nm={share}")
            own += self._affix_evidence(bare)
            cl = self.clusters.get(stem) or self.clusters.get(bare)
            if cl is not None:
                own += [f"c64={cl[0]}", f"c256={cl[1]}", f"c1k={cl[2]}"]
                ctx += [f"c64={cl[0]}", f"c256={cl[1]}"]
            else:
                own.append("c=none")
            gaz = self.gazetteer
            for kind in sorted(gaz.types_of(stem)):
                own.append(f"g={kind}")
                ctx.append(f"g={kind}")
            pw = gaz.person_weight(stem)
            if pw:
                own.append(f"pw={_bucket(int(pw), (2, 5, 20, 100))}")
        elif tok.kind == "latin":
            own.append("up" if tok.text[:1].isupper() else "low")
        elif tok.kind == "number":
            own.append(f"nd={min(len(stem), 5)}")
        return TokenInfo(stem, tuple(own), tuple(ctx), pre)

    def _affix_evidence(self, bare: str) -> list[str]:
        """How the news corpus inflects this word: names take neither the article nor a pronoun.

        ``عرفات`` never occurs as ``العرفات`` or ``عرفاتهم``, ``مكتب`` occurs as ``المكتب`` and
        ``مكتبه``: the ratio of those forms to the bare word separates names from common words
        even when the word itself was never seen in training.
        """
        lex = self.lexicon
        n = lex.count(bare)
        if n == 0:
            return ["ax=none"]
        definite = lex.count("ال" + bare)
        owned = lex.count(bare + "ه") + lex.count(bare + "ها") + lex.count(bare + "هم")
        if bare.endswith("ه"):  # ة: the possessive form is written with ت
            stem = bare[:-1] + "ت"
            owned += lex.count(stem + "ه") + lex.count(stem + "ها") + lex.count(stem + "هم")
        out = [f"ad={_bucket(100 * definite // n, (1, 5, 20, 60, 150))}"]
        out.append(f"ao={_bucket(100 * owned // n, (1, 3, 10, 30))}")
        return out

    # -- a sentence -------------------------------------------------------------------------
    def matches(self, infos: Sequence[TokenInfo]) -> SentenceMatches:
        """The gazetteer and alias-table matches over a sentence's stems."""
        stems = [i.stem for i in infos]
        known = longest_matches(stems, self.known, self._known_longest)
        return SentenceMatches(self.gazetteer.match(stems), known)

    def sentence(
        self, infos: Sequence[TokenInfo], matches: SentenceMatches | None = None
    ) -> list[list[str]]:
        """Feature lists for a sentence: each token's own features plus its neighbours'."""
        n = len(infos)
        found = matches if matches is not None else self.matches(infos)
        phrase_spans = (
            (start, end, entry.type)
            for start, end, entry in found.gazetteer
            if entry.type not in _CUE_TYPES and entry.type != "PERSON"
        )
        phrase = _span_tags(phrase_spans, n, "gm")  # multi-word gazetteer names
        known = _span_tags(found.known, n, "kn")  # names of the alias table
        out: list[list[str]] = []
        for i, info in enumerate(infos):
            feats = list(info.own)
            if phrase[i]:
                feats.append(phrase[i])
            if known[i]:
                feats.append(known[i])
            if i == 0:
                feats.append("BOS")
            if i == n - 1:
                feats.append("EOS")
            for off in (-2, -1, 1, 2):
                j = i + off
                if 0 <= j < n:
                    prefix = f"{off:+d}"
                    feats += [f"{prefix}{f}" for f in infos[j].ctx]
                    if phrase[j]:
                        feats.append(f"{prefix}{phrase[j]}")
            if i > 0:
                feats.append(f"bg-={infos[i - 1].stem}|{info.stem}")
            if i < n - 1:
                feats.append(f"bg+={info.stem}|{infos[i + 1].stem}")
            out.append(feats)
        return with_conventions(out, self.conventions) if self.conventions else out

    def tokens(self, toks: Sequence[Token]) -> list[list[str]]:
        """Feature lists for one sentence of marsad tokens."""
        return self.sentence([self.info(t) for t in toks])

    def strings(self, words: Sequence[str]) -> list[list[str]]:
        """Feature lists for one pre-tokenized sentence (a CoNLL corpus's tokens)."""
        return self.sentence([self.info(token_of_string(w), surface=w) for w in words])
