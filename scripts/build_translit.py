"""Build the Arabic → English name transliteration model of ``marsad.arabic.translit``.

Writes ``src/marsad/resources/translit/translit.tsv.gz`` from the Wikidata English↔Arabic
person-name token pairs (CC0; Merhav & Ash, COLING 2018), then evaluates it on held-out names.

    .venv/bin/python scripts/build_translit.py [--data FILE] [--out DIR]

Steps (all hand-written, pure Python; about a minute on one core, 0.8 GB of memory):

1. Clean the pairs: Arabic through ``marsad.arabic.translit.prepare_arabic`` (the run-time
   normalization), English folded to ``a-z`` (``müller`` → ``muller``, ``ł`` → ``l``);
   abbreviations, numbers and regnal numbers (``ii`` ↔ ``الثاني``) are dropped. An Arabic
   article ``ال`` is cut off when the English dropped it (``الطاهر``/``tahar``): at run time
   the article is written ``al-`` by rule and the model spells the stem.
2. Hold out a deterministic 10% of distinct Arabic stems (md5 of the stem) for evaluation.
3. Many-to-many alignment by EM (forward-backward over a lattice of segment pairs, one
   Arabic letter ↔ 0-3 English letters, joint probabilities) on a sample of the training
   pairs; then the best (Viterbi) alignment of every pair. Pairs whose alignment is very
   improbable are translations or mismatches, not transliterations (``i`` ↔ ``الاول``,
   ``greece`` ↔ ``يونان``), and are left out of the models and the lookup table.
4. A 4-gram model over the aligned segment pairs and a 5-gram model over English letters
   (interpolated absolute discounting with Kneser-Ney lower orders, pruned by count, stored
   in back-off form).
5. A lookup table of every (non-noise) Arabic token → its most frequent English spelling,
   held-out tokens included (it is a memory of seen names; the model is what is evaluated).
6. Evaluation of the model alone (no lookup) on the held-out stems and a training sample:
   exact match with the most frequent English spelling and with any attested spelling, and
   the character error rate (edit distance / reference length) to the most frequent and to
   the closest attested spelling.

The hyperparameter defaults were chosen on a different held-out bucket (``--bucket 1``) so
that the figures reported on bucket 0 are not tuned to it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import math
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

from marsad.arabic.normalize import normalize_text
from marsad.arabic.translit import (
    ARABIC_LETTERS,
    RESOURCE_FILE,
    TranslitModel,
    prepare_arabic,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = (
    ROOT.parent
    / "shared"
    / "data"
    / "names-wikidata-en-ar"
    / "wd_arabic.normalized.aligned.tokens.gz"
)
DEFAULT_OUT = ROOT / "src" / "marsad" / "resources" / "translit"

# Allowed (Arabic letters, English letters) segment shapes: one Arabic letter ↔ 0-3 English
# letters. A letter may be silent (final ه of ة) or carry a short vowel the script does not
# write (م ↔ "mo"). Two-letter Arabic segments (تش ↔ "ch") were tried: EM then learns whole
# syllables (تر ↔ "ter", ما ↔ "ma") that generalize worse (held-out exact match 1-2 points
# lower); the n-gram context captures digraphs anyway (ت ↔ "c" before ش ↔ "h").
SHAPES = ((1, 0), (1, 1), (1, 2), (1, 3))
# log probability of an allowed segment pair that EM never saw (its sample missed it)
UNSEEN_SEGMENT = math.log(1e-7)
BOS, EOS = 0, 1

# Latin letters NFKD does not decompose.
_LATIN_FOLD = {
    "ø": "o",
    "ł": "l",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
}
_LATIN_DROP = set("'`\"’‘ʿʻʾ")
# Letters that transcribe Arabic sounds, rare in the Arabic spelling of foreign names.
_ARABIC_ONLY = frozenset("عحخقصضطظذءؤئ")
_ROMAN = re.compile("x{0,3}(?:ix|iv|v?i{0,3})")


def clean_latin(word: str) -> str:
    """``müller`` → ``muller``, ``ʿalī`` → ``ali``; empty when anything but letters is left."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", word.lower()):
        if unicodedata.combining(ch) or ch in _LATIN_DROP:
            continue
        out.append(_LATIN_FOLD.get(ch, ch))
    text = "".join(out)
    return text if text.isascii() and text.isalpha() else ""


def stem_pair(arabic: str, english: str) -> tuple[str, str]:
    """The pair the model learns from: the article cut when the English dropped it.

    ``الطاهر``/``tahar`` → ``طاهر``/``tahar``: at run time the article is written ``al-`` by
    rule and the model spells the stem. A pair whose English keeps ``al``/``el``
    (``البرت``/``albert``) stays whole: it teaches the model foreign names starting ``ال``,
    which it spells when the hamza (``ألبرت``) shows the ``ال`` is no article.
    """
    if (
        arabic.startswith("ال")
        and len(arabic) >= 4
        and arabic != "الله"
        and not english.startswith(("al", "el"))
    ):
        return arabic[2:], english
    return arabic, english


def glued_article(arabic: str, spellings: Counter[str]) -> bool:
    """Is the ``al``/``el`` of this token's spelling an Arabic article written glued on?

    At run time a lookup spelling starting with ``al``/``el`` is kept whole, because most are
    foreign names (البرت ↔ albert, الكسندر ↔ alexander). But rare ones are mostly Arab names
    with the article glued (المالكي ↔ almalki, 1 occurrence), as are those whose stem has a
    letter foreign names do not use (العلوي ↔ alaoui): those get the run-time ``al-`` rule.
    """
    if not (arabic.startswith("ال") and len(arabic) >= 4 and arabic != "الله"):
        return False
    best = max(spellings.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
    if not best.startswith(("al", "el")):
        return False
    return sum(spellings.values()) < 3 or any(c in _ARABIC_ONLY for c in arabic[2:])


def pair_weight(count: int, scheme: str) -> float:
    """Weight of a pair seen ``count`` times. Damped: a name borne by 2,000 Wikidata people
    (smith) should not outweigh 2,000 rarer names in what the model learns of spelling."""
    if scheme == "log":
        return 1.0 + math.log(count)
    if scheme == "sqrt":
        return math.sqrt(count)
    return 1.0


def held_out(stem: str, bucket: int) -> bool:
    return int(hashlib.md5(stem.encode("utf-8")).hexdigest(), 16) % 10 == bucket


def load_pairs(path: Path) -> tuple[Counter[tuple[str, str]], int]:
    """(full Arabic token, English) → count, after cleaning; and the number of lines read."""
    pairs: Counter[tuple[str, str]] = Counter()
    lines = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            lines += 1
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 3:
                continue
            english = clean_latin(parts[0])
            raw = normalize_text(parts[1].replace(" ", ""))
            # Tokens with a dot or a digit are abbreviations (jr.) or numbers, not names.
            if any(c in ".0123456789" for c in raw) or not english:
                continue
            arabic = prepare_arabic(raw)
            if not arabic or len(arabic) > 20 or len(english) > 24:
                continue
            if arabic.startswith("ال") and _ROMAN.fullmatch(english):
                continue  # regnal numbers: ii ↔ الثاني (the second), not a transliteration
            pairs[(arabic, english)] += int(parts[2])
    return pairs, lines


# --- EM alignment ---------------------------------------------------------------------------


def lattice(ar: str, en: str) -> list[tuple[int, int, tuple[str, str]]]:
    """Edges (source node, target node, segment pair) in topological order of the source."""
    width = len(en) + 1
    edges: list[tuple[int, int, tuple[str, str]]] = []
    n_ar, n_en = len(ar), len(en)
    for i in range(n_ar):
        for j in range(width):
            src = i * width + j
            for la, le in SHAPES:
                if i + la <= n_ar and j + le <= n_en:
                    edges.append((src, (i + la) * width + j + le, (ar[i : i + la], en[j : j + le])))
    return edges


def em_step(
    pairs: list[tuple[str, str, float]], prob: dict[tuple[str, str], float] | None
) -> tuple[dict[tuple[str, str], float], float]:
    """One forward-backward pass; returns the re-estimated joint probabilities, log-lik.

    ``prob`` None is the uniform start: every segment pair equally likely.
    """
    counts: defaultdict[tuple[str, str], float] = defaultdict(float)
    loglik = 0.0
    for ar, en, weight in pairs:
        edges = lattice(ar, en)
        nodes = (len(ar) + 1) * (len(en) + 1)
        ps = [1.0] * len(edges) if prob is None else [prob.get(k, 0.0) for _s, _d, k in edges]
        alpha = [0.0] * nodes
        alpha[0] = 1.0
        for (s, d, _k), p in zip(edges, ps, strict=True):
            a = alpha[s]
            if a and p:
                alpha[d] += a * p
        z = alpha[-1]
        if z <= 0.0:
            continue
        beta = [0.0] * nodes
        beta[-1] = 1.0
        for (s, d, _k), p in zip(reversed(edges), reversed(ps), strict=True):
            b = beta[d]
            if b and p:
                beta[s] += p * b
        loglik += weight * math.log(z)
        scale = weight / z
        for (s, d, k), p in zip(edges, ps, strict=True):
            if p:
                c = alpha[s] * p * beta[d]
                if c:
                    counts[k] += c * scale
    total = sum(counts.values())
    return {k: c / total for k, c in counts.items() if c / total > 1e-7}, loglik


def viterbi(
    ar: str, en: str, logprob: dict[tuple[str, str], float]
) -> tuple[float, list[tuple[str, str]]] | None:
    """Best segmentation of a pair into segment pairs, with its log probability."""
    edges = lattice(ar, en)
    nodes = (len(ar) + 1) * (len(en) + 1)
    best = [-math.inf] * nodes
    back: list[tuple[int, tuple[str, str]] | None] = [None] * nodes
    best[0] = 0.0
    for s, d, k in edges:
        if best[s] == -math.inf:
            continue
        lp = logprob.get(k, UNSEEN_SEGMENT)
        v = best[s] + lp
        if v > best[d]:
            best[d] = v
            back[d] = (s, k)
    if best[-1] == -math.inf:
        return None
    path: list[tuple[str, str]] = []
    node = nodes - 1
    while node:
        entry = back[node]
        assert entry is not None
        node, k = entry
        path.append(k)
    path.reverse()
    return best[-1], path


# --- n-gram model ---------------------------------------------------------------------------


def train_ngrams(
    seqs: list[tuple[list[int], float]],
    n_units: int,
    order: int,
    discount: float,
    min_count: float,
) -> dict[tuple[int, ...], tuple[float, float]]:
    """Interpolated absolute discounting with Kneser-Ney continuation counts, count-pruned,
    returned in back-off form: n-gram → (log P, log back-off weight)."""
    raw: list[defaultdict[tuple[int, ...], float]] = [defaultdict(float) for _ in range(order + 1)]
    for seq, weight in seqs:
        s = [BOS, *seq, EOS]
        for t in range(1, len(s)):
            for n in range(1, order + 1):
                if t - n + 1 < 0:
                    break
                raw[n][tuple(s[t - n + 1 : t + 1])] += weight
    # Lower orders count the distinct left contexts of a gram (Kneser-Ney): a segment seen in
    # many contexts is a better guess in a new one than a frequent one seen in few.
    counts: list[dict[tuple[int, ...], float]] = [{} for _ in range(order + 1)]
    counts[order] = dict(raw[order])
    for n in range(1, order):
        cont: defaultdict[tuple[int, ...], float] = defaultdict(float)
        for g in raw[n + 1]:
            cont[g[1:]] += 1.0
        counts[n] = {g: (c if g[0] == BOS else cont.get(g, c)) for g, c in raw[n].items()}
    # Interpolated probabilities of every observed gram.
    interp: list[dict[tuple[int, ...], float]] = [{} for _ in range(order + 1)]
    total1 = sum(counts[1].values())
    types1 = len(counts[1])
    for g, c in counts[1].items():
        interp[1][g] = (max(c - discount, 0.0) + discount * types1 / n_units) / total1
    for n in range(2, order + 1):
        totals: defaultdict[tuple[int, ...], float] = defaultdict(float)
        types: defaultdict[tuple[int, ...], int] = defaultdict(int)
        for g, c in counts[n].items():
            totals[g[:-1]] += c
            types[g[:-1]] += 1
        for g, c in counts[n].items():
            h = g[:-1]
            lower = interp[n - 1][g[1:]]
            interp[n][g] = (max(c - discount, 0.0) + discount * types[h] * lower) / totals[h]
    # Prune, keeping every prefix of a kept gram (its back-off weight lives there).
    kept: set[tuple[int, ...]] = set(interp[1])
    kept.add((BOS,))
    for n in range(2, order + 1):
        for g in interp[n]:
            if raw[n][g] >= min_count:
                kept.add(g)
                for k in range(1, n):
                    kept.add(g[:k])
    model: dict[tuple[int, ...], tuple[float, float]] = {}

    def pruned_logp(h: tuple[int, ...], w: int) -> float:
        bo = 0.0
        while True:
            e = model.get((*h, w))
            if e is not None:
                return bo + e[0]
            if not h:
                return bo - 20.0
            ctx = model.get(h)
            if ctx is not None:
                bo += ctx[1]
            h = h[1:]

    def prob_of(g: tuple[int, ...]) -> float:
        p = interp[len(g)].get(g)
        if p is not None:
            return p
        return 1e-9  # prefix-only gram (BOS)

    children: defaultdict[tuple[int, ...], list[int]] = defaultdict(list)
    for g in kept:
        if len(g) > 1:
            children[g[:-1]].append(g[-1])
    for n in range(1, order + 1):
        grams = [g for g in kept if len(g) == n]
        for g in grams:
            model[g] = (math.log(prob_of(g)), 0.0)
        # back-off weights of the contexts of this order, now that order n is final
        for h in grams:
            ws = children.get(h)
            if not ws:
                continue
            num = 1.0 - sum(prob_of((*h, w)) for w in ws)
            den = 1.0 - sum(math.exp(pruned_logp(h[1:], w)) for w in ws)
            bow = math.log(max(num, 1e-12) / max(den, 1e-12))
            model[h] = (model[h][0], bow)
    return model


# --- evaluation -----------------------------------------------------------------------------


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def evaluate(model: TranslitModel, refs: dict[str, Counter[str]]) -> dict[str, float]:
    """Model-only accuracy: exact match with the top / any spelling; CER to top and closest."""
    top = anyhit = 0
    cer_top = cer_min = 0.0
    for ar, spellings in refs.items():
        pred = model.decode(ar)
        best = max(spellings.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
        top += pred == best
        anyhit += pred in spellings
        cer_top += edit_distance(pred, best) / len(best)
        cer_min += min(edit_distance(pred, s) / len(s) for s in spellings)
    n = max(len(refs), 1)
    return {
        "n": float(len(refs)),
        "exact_top": top / n,
        "exact_any": anyhit / n,
        "cer_top": cer_top / n,
        "cer_min": cer_min / n,
    }


def fmt(m: dict[str, float]) -> str:
    return (
        f"{int(m['n'])} names: exact {m['exact_top']:.1%} (most frequent spelling), "
        f"{m['exact_any']:.1%} (any attested spelling); "
        f"CER {m['cer_top']:.3f} (to most frequent), {m['cer_min']:.3f} (to closest)"
    )


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--order", type=int, default=4, help="n-gram order over segment pairs")
    ap.add_argument("--discount", type=float, default=1.0)
    ap.add_argument("--min-count", type=float, default=2.0, help="prune rarer n-grams (order>1)")
    ap.add_argument("--char-order", type=int, default=5, help="English letter n-gram order")
    ap.add_argument("--char-min-count", type=float, default=3.0)
    ap.add_argument("--char-weight", type=float, default=0.3, help="0 disables the letter model")
    ap.add_argument("--em-pairs", type=int, default=20000, help="pairs sampled for EM")
    ap.add_argument("--em-iters", type=int, default=5)
    ap.add_argument(
        "--noise",
        type=float,
        default=-4.0,
        help="pairs whose best alignment scores below this (mean log prob per letter) are noise",
    )
    ap.add_argument("--bucket", type=int, default=0, help="md5 bucket held out (0-9)")
    ap.add_argument("--train-sample", type=int, default=2000)
    ap.add_argument(
        "--weight",
        choices=("log", "sqrt", "one"),
        default="log",
        help="weight of a pair from its count: 1+ln(count), sqrt(count) or 1",
    )
    args = ap.parse_args(argv)

    t0 = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t0:6.1f}s] {msg}", flush=True)

    if not args.data.is_file():
        print(f"no data at {args.data}", file=sys.stderr)
        return 1
    pairs, n_lines = load_pairs(args.data)
    log(f"{n_lines} lines → {len(pairs)} clean (Arabic token, English) pairs")

    stems: Counter[tuple[str, str]] = Counter()
    for (ar, en), c in pairs.items():
        stems[stem_pair(ar, en)] += c
    train = [(ar, en, c) for (ar, en), c in stems.items() if not held_out(ar, args.bucket)]
    test = [(ar, en, c) for (ar, en), c in stems.items() if held_out(ar, args.bucket)]
    log(
        f"{len(stems)} stem pairs; training {len(train)} pairs "
        f"({len({a for a, _e, _c in train})} stems), held out {len(test)} pairs "
        f"({len({a for a, _e, _c in test})} stems)"
    )

    # EM on a deterministic sample: alignments converge long before the data runs out.
    sample = sorted(train, key=lambda p: hashlib.md5(f"{p[0]}\t{p[1]}".encode()).hexdigest())

    def weigh(count: int) -> float:
        return pair_weight(count, args.weight)

    em_pairs = [(ar, en, weigh(c)) for ar, en, c in sample[: args.em_pairs]]
    prob: dict[tuple[str, str], float] | None = None
    for it in range(args.em_iters):
        prob, ll = em_step(em_pairs, prob)
        log(f"EM iteration {it + 1}: log-likelihood {ll:.0f}, {len(prob)} segment pairs")
    assert prob is not None
    logprob = {k: math.log(p) for k, p in prob.items()}

    # Best alignment of every pair; the worst-aligned are translations or errors.
    aligned: dict[tuple[str, str], tuple[float, list[tuple[str, str]]]] = {}
    for ar, en, _c in [*train, *test]:
        v = viterbi(ar, en, logprob)
        if v is not None:
            aligned[(ar, en)] = (v[0] / (len(ar) + len(en)), v[1])
    noise = {k for k, (s, _p) in aligned.items() if s < args.noise}
    log(f"aligned {len(aligned)} pairs; {len(noise)} dropped as noise (score < {args.noise})")

    units: list[tuple[str, str]] = [("<s>", ""), ("</s>", "")]
    unit_id: dict[tuple[str, str], int] = {}
    seqs: list[tuple[list[int], float]] = []
    for ar, en, c in train:
        key = (ar, en)
        if key not in aligned or key in noise:
            continue
        ids = []
        for seg in aligned[key][1]:
            if seg not in unit_id:
                unit_id[seg] = len(units)
                units.append(seg)
            ids.append(unit_id[seg])
        seqs.append((ids, weigh(c)))
    ngrams = train_ngrams(seqs, len(units), args.order, args.discount, args.min_count)
    log(f"{len(units)} segment pairs, {len(ngrams)} n-grams (order {args.order})")

    # English letter n-grams: the segment model sees only a few segments back, this one
    # sees whole letter sequences and vetoes spellings English never has (btra, mrtdi).
    alphabet = ["<", ">", *sorted({ch for _ar, en, _c in train for ch in en})]
    char_id = {ch: i for i, ch in enumerate(alphabet)}
    char_seqs = [
        ([char_id[ch] for ch in en], weigh(c))
        for ar, en, c in train
        if (ar, en) in aligned and (ar, en) not in noise
    ]
    char_grams = train_ngrams(
        char_seqs, len(alphabet), args.char_order, args.discount, args.char_min_count
    )
    chars = {"".join(alphabet[i] for i in g): v for g, v in char_grams.items()}
    log(f"{len(chars)} English letter n-grams (order {args.char_order})")

    # Lookup: full Arabic token → most frequent English, noise excluded.
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for (ar, en), c in pairs.items():
        key = stem_pair(ar, en)
        if key in aligned and key not in noise:
            spellings[ar][en] += c
    lookup: dict[str, str] = {}
    for ar, cnt in spellings.items():
        if glued_article(ar, cnt):
            # keep only the spellings without the article: the run-time rule writes al-
            cnt = Counter({en: c for en, c in cnt.items() if not en.startswith(("al", "el"))})
            if not cnt:
                continue
        lookup[ar] = max(cnt.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]

    # Evaluate the model alone on held-out and training stems (all pairs, noise included:
    # the figures are what a user would see, not what flatters the model).
    test_refs: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for ar, en, c in test:
        test_refs[ar][en] += c
    train_refs: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for ar, en, c in train:
        train_refs[ar][en] += c
    every = max(len(train_refs) // max(args.train_sample, 1), 1)
    train_sample = {ar: train_refs[ar] for ar in sorted(train_refs)[::every]}

    args.out.mkdir(parents=True, exist_ok=True)
    out = args.out / RESOURCE_FILE
    lines = _resource_lines(units, ngrams, chars, lookup, args, {})
    model = TranslitModel.from_lines(lines)
    held = evaluate(model, test_refs)
    log("held-out (model only): " + fmt(held))
    trained = evaluate(model, train_sample)
    log("training sample (model only): " + fmt(trained))
    figures = {
        "heldout_names": str(int(held["n"])),
        "heldout_exact_top": f"{held['exact_top']:.4f}",
        "heldout_exact_any": f"{held['exact_any']:.4f}",
        "heldout_cer_top": f"{held['cer_top']:.4f}",
        "heldout_cer_min": f"{held['cer_min']:.4f}",
        "train_exact_top": f"{trained['exact_top']:.4f}",
        "train_cer_top": f"{trained['cer_top']:.4f}",
    }
    lines = _resource_lines(units, ngrams, chars, lookup, args, figures)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("\n".join(lines) + "\n")
    log(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB, {len(lookup)} lookup entries)")
    return 0


def _resource_lines(
    units: list[tuple[str, str]],
    ngrams: dict[tuple[int, ...], tuple[float, float]],
    chars: dict[str, tuple[float, float]],
    lookup: dict[str, str],
    args: argparse.Namespace,
    figures: dict[str, str],
) -> list[str]:
    lines = [
        "# marsad Arabic→English name transliteration model (scripts/build_translit.py)",
        "# source: Wikidata person-name token pairs, Merhav & Ash COLING 2018 (CC0 1.0)",
        f"# built: {date.today().isoformat()}",
        f"# order: {args.order}",
        f"# char_order: {args.char_order}",
        f"# char_weight: {args.char_weight}",
        f"# held_out_bucket: {args.bucket}",
        *(f"# {k}: {v}" for k, v in figures.items()),
        "@units",
        *(f"{ar}\t{en}" for ar, en in units),
        "@ngrams",
    ]
    for gram in sorted(ngrams, key=lambda g: (len(g), g)):
        lp, bow = ngrams[gram]
        ids = " ".join(map(str, gram))
        lines.append(f"{ids}\t{lp:.3f}" + (f"\t{bow:.3f}" if bow else ""))
    lines.append("@chars")
    for text in sorted(chars, key=lambda t: (len(t), t)):
        lp, bow = chars[text]
        lines.append(f"{text}\t{lp:.3f}" + (f"\t{bow:.3f}" if bow else ""))
    lines.append("@lookup")
    lines.extend(f"{ar}\t{en}" for ar, en in sorted(lookup.items()))
    assert all(set(ar) <= ARABIC_LETTERS for ar in lookup)
    return lines


if __name__ == "__main__":
    sys.exit(main())
