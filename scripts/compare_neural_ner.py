"""Comparison experiment for the NER model card: a small neural tagger against the shipped CRF.

The model card has to compare at least two NER approaches on the same split and ship the better
one that needs no torch at run time. This script is the second approach: a word-level BiLSTM
over [word embedding; character CNN], with a softmax per token and a constrained (IOB-valid)
Viterbi decode. **It is an experiment only: nothing in marsad imports it and marsad never needs
torch at run time.**

    .venv/bin/python scripts/compare_neural_ner.py [--data DIR] [--vectors KV] [--epochs N]

- Data: the ANERcorp CAMeL Lab split. Training uses the train file only; its last 10% of
  sentences are held out as dev to pick the epoch (best dev F1). The test file is scored once,
  with the chosen epoch's weights.
- Words are looked up by the key the CRF uses (``stem_key(token_of_string(word))``: clitics
  stripped, letters normalized) in word2vec vectors learned from Arabic news (gensim
  KeyedVectors, 100 dimensions). Keys seen in the training part are fine-tuned; keys that only
  the vectors know keep their word2vec vector (frozen); anything else is a learned UNK.
- The character CNN reads the normalized surface (``normalize_text(word)``).
- Scores are conlleval chunk scores from :func:`marsad.evaluation.metrics.score`, exactly as
  for the CRF.

Writes the result as JSON (``--out``) and prints it as the last line. Needs torch and gensim
(dev dependencies only); runs on CPU with one thread.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from gensim.models import KeyedVectors
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from marsad.arabic.normalize import normalize_text
from marsad.evaluation.conll import TaggedSentence, read_conll
from marsad.evaluation.metrics import Report, score
from marsad.extract.entities.features import stem_key, token_of_string

DEFAULT_DATA = Path("/work/shared/data/anercorp-camellab")
DEFAULT_VECTORS = Path("/tmp/ner_w2v.kv")
DEFAULT_OUT = Path("/tmp/neural/result.json")
TRAIN_FILE = "ANERCorp_CamelLab_train.txt"
TEST_FILE = "ANERCorp_CamelLab_test.txt"

TAGS: tuple[str, ...] = (
    "O",
    "B-PER",
    "I-PER",
    "B-ORG",
    "I-ORG",
    "B-LOC",
    "I-LOC",
    "B-MISC",
    "I-MISC",
)
TAG_ID: dict[str, int] = {tag: i for i, tag in enumerate(TAGS)}
PAD, UNK = 0, 1
MAX_WORD_CHARS = 25
IGNORE = -100


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Encoding


@dataclass(frozen=True, slots=True)
class EncodedSentence:
    """One sentence as ids: word ids (T,), char ids per word, tag ids (T,)."""

    words: list[int]
    chars: list[list[int]]
    tags: list[int]


def word_key(word: str) -> str:
    """The key the CRF uses for a corpus token (clitic-free, normalized stem)."""
    return stem_key(token_of_string(word))


def char_form(word: str) -> str:
    """The normalized surface for the character encoder (raw text when nothing is left)."""
    return normalize_text(word) or word


class Vocab:
    """Word ids: PAD, UNK, training-part keys (fine-tuned), then vector-only keys (frozen)."""

    def __init__(
        self, train_keys: Counter[str], vectors: KeyedVectors, chars: Counter[str]
    ) -> None:
        self.word_id: dict[str, int] = {}
        for key, _ in train_keys.most_common():
            self.word_id[key] = len(self.word_id) + 2
        self.n_trainable = len(self.word_id) + 2
        self.frozen_keys = [k for k in vectors.index_to_key if k not in self.word_id]
        for key in self.frozen_keys:
            self.word_id[key] = len(self.word_id) + 2
        self.char_id = {c: i + 2 for i, (c, _) in enumerate(chars.most_common())}
        self.singletons = frozenset(self.word_id[k] for k, n in train_keys.items() if n == 1)

    def words(self, keys: Sequence[str]) -> list[int]:
        return [self.word_id.get(k, UNK) for k in keys]

    def chars(self, forms: Sequence[str]) -> list[list[int]]:
        return [[self.char_id.get(c, UNK) for c in f[:MAX_WORD_CHARS]] for f in forms]

    def encode(self, tokens: Sequence[str], labels: Sequence[str] | None) -> EncodedSentence:
        keys = [word_key(w) for w in tokens]
        forms = [char_form(w) for w in tokens]
        tags = [TAG_ID[x] for x in labels] if labels is not None else [0] * len(tokens)
        return EncodedSentence(self.words(keys), self.chars(forms), tags)


def embedding_tables(vocab: Vocab, vectors: KeyedVectors, seed: int) -> tuple[Any, Any, float]:
    """(trainable init, frozen table, share of training-part keys found in the vectors)."""
    dim = vectors.vector_size
    std = float(np.std(vectors.vectors))
    rng = np.random.default_rng(seed)
    init = rng.normal(0.0, std, size=(vocab.n_trainable, dim)).astype(np.float32)
    init[PAD] = 0.0
    init[UNK] = 0.0
    found = 0
    for key, i in vocab.word_id.items():
        if i >= vocab.n_trainable:
            break
        if key in vectors.key_to_index:
            init[i] = vectors[key]
            found += 1
    frozen = np.stack([vectors[k] for k in vocab.frozen_keys]).astype(np.float32)
    if frozen.size == 0:
        frozen = np.zeros((1, dim), dtype=np.float32)
    return torch.from_numpy(init), torch.from_numpy(frozen), found / max(vocab.n_trainable - 2, 1)


# --------------------------------------------------------------------------------------------
# Model


class Tagger(nn.Module):
    """[word embedding; char CNN] → BiLSTM → linear → tag scores."""

    def __init__(
        self,
        init: torch.Tensor,
        frozen: torch.Tensor,
        n_chars: int,
        *,
        char_dim: int = 30,
        char_filters: int = 50,
        char_width: int = 3,
        hidden: int = 128,
        dropout: float = 0.5,
    ) -> None:
        super().__init__()
        self.n_trainable = init.shape[0]
        self.word = nn.Embedding.from_pretrained(init, freeze=False, padding_idx=PAD)
        self.register_buffer("frozen", frozen, persistent=False)
        self.char = nn.Embedding(n_chars, char_dim, padding_idx=PAD)
        self.conv = nn.Conv1d(char_dim, char_filters, char_width, padding=char_width // 2)
        self.drop = nn.Dropout(dropout)
        self.lstm = nn.LSTM(
            init.shape[1] + char_filters, hidden, batch_first=True, bidirectional=True
        )
        self.out = nn.Linear(2 * hidden, len(TAGS))

    def embed_words(self, words: torch.Tensor) -> torch.Tensor:
        is_frozen = words >= self.n_trainable
        tuned = self.word(words.clamp(max=self.n_trainable - 1))
        fixed = self.frozen[(words - self.n_trainable).clamp(min=0)]
        return torch.where(is_frozen.unsqueeze(-1), fixed, tuned)

    def embed_chars(self, chars: torch.Tensor) -> torch.Tensor:
        b, t, c = chars.shape
        flat = chars.view(b * t, c)
        x = self.drop(self.char(flat)).transpose(1, 2)  # (B*T, char_dim, C)
        h = self.conv(x).masked_fill((flat == PAD).unsqueeze(1), -1e4)
        pooled = h.max(dim=2).values
        pooled = pooled.masked_fill((flat == PAD).all(dim=1, keepdim=True), 0.0)
        return pooled.view(b, t, -1)

    def forward(
        self, words: torch.Tensor, chars: torch.Tensor, lengths: torch.Tensor
    ) -> torch.Tensor:
        x = torch.cat([self.embed_words(words), self.embed_chars(chars)], dim=-1)
        packed = pack_padded_sequence(self.drop(x), lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = pad_packed_sequence(h, batch_first=True, total_length=words.shape[1])
        return self.out(self.drop(h))  # (B, T, n_tags)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# --------------------------------------------------------------------------------------------
# Batching and decoding


def tensorize(
    batch: Sequence[EncodedSentence],
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Padded (words, chars, tags, lengths) tensors for a batch of sentences."""
    n = len(batch)
    t = max(len(s.words) for s in batch)
    c = max(len(cs) for s in batch for cs in s.chars)
    words = torch.zeros((n, t), dtype=torch.long)
    chars = torch.zeros((n, t, c), dtype=torch.long)
    tags = torch.full((n, t), IGNORE, dtype=torch.long)
    for i, s in enumerate(batch):
        words[i, : len(s.words)] = torch.tensor(s.words)
        tags[i, : len(s.tags)] = torch.tensor(s.tags)
        for j, cs in enumerate(s.chars):
            chars[i, j, : len(cs)] = torch.tensor(cs)
    lengths = torch.tensor([len(s.words) for s in batch])
    return words, chars, tags, lengths


def train_batches(
    data: Sequence[EncodedSentence], size: int, rng: random.Random
) -> Iterator[list[EncodedSentence]]:
    """Shuffled batches of similar lengths (sorted within pools of 20 batches)."""
    order = list(range(len(data)))
    rng.shuffle(order)
    pool = size * 20
    batches: list[list[EncodedSentence]] = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start : start + pool], key=lambda i: len(data[i].words))
        batches.extend([data[i] for i in chunk[k : k + size]] for k in range(0, len(chunk), size))
    rng.shuffle(batches)
    yield from batches


def transition_mask() -> tuple[np.ndarray, np.ndarray]:
    """Log-space (start, transition) scores: 0 where IOB2 allows a tag, -inf where not."""
    start = np.zeros(len(TAGS))
    trans = np.zeros((len(TAGS), len(TAGS)))
    for j, tag in enumerate(TAGS):
        if tag.startswith("I-"):
            start[j] = -np.inf
            kind = tag[2:]
            for i, prev in enumerate(TAGS):
                if prev[2:] != kind:
                    trans[i, j] = -np.inf
    return start, trans


START, TRANS = transition_mask()


def viterbi(logp: np.ndarray) -> list[int]:
    """Best IOB2-valid tag path through per-token log-probabilities (T, n_tags)."""
    score_ = START + logp[0]
    back = np.zeros(logp.shape, dtype=np.int64)
    for t in range(1, len(logp)):
        cand = score_[:, None] + TRANS  # (prev, cur)
        back[t] = cand.argmax(axis=0)
        score_ = cand.max(axis=0) + logp[t]
    path = [int(score_.argmax())]
    for t in range(len(logp) - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


@torch.inference_mode()
def predict(
    model: Tagger, data: Sequence[EncodedSentence], batch_size: int = 32
) -> tuple[list[list[str]], list[list[str]]]:
    """(IOB-constrained Viterbi labels, plain argmax labels) for each sentence, in order."""
    model.eval()
    constrained: list[list[str]] = []
    argmax: list[list[str]] = []
    for start in range(0, len(data), batch_size):
        batch = data[start : start + batch_size]
        words, chars, _, lengths = tensorize(batch)
        logp = torch.log_softmax(model(words, chars, lengths), dim=-1).numpy()
        for i, n in enumerate(lengths.tolist()):
            constrained.append([TAGS[k] for k in viterbi(logp[i, :n])])
            argmax.append([TAGS[k] for k in logp[i, :n].argmax(axis=1)])
    return constrained, argmax


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "precision": round(report.micro.precision, 4),
        "recall": round(report.micro.recall, 4),
        "f1": round(report.micro.f1, 4),
        "by_type": {
            kind: {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "gold": s.gold,
            }
            for kind, s in report.by_type.items()
        },
    }


# --------------------------------------------------------------------------------------------
# Experiment


def tagging_speed(
    model: Tagger, vocab: Vocab, sentences: Sequence[TaggedSentence], batch_size: int
) -> tuple[float, float]:
    """(end-to-end tokens/s from raw strings, model-only tokens/s); one thread, best of two."""
    tokens = sum(len(s.tokens) for s in sentences)
    best_total, best_model = float("inf"), float("inf")
    for _ in range(2):
        t0 = time.perf_counter()
        encoded = [vocab.encode(s.tokens, None) for s in sentences]
        t1 = time.perf_counter()
        predict(model, encoded, batch_size)
        t2 = time.perf_counter()
        best_total = min(best_total, t2 - t0)
        best_model = min(best_model, t2 - t1)
    return tokens / best_total, tokens / best_model


def coverage(vocab: Vocab, data: Sequence[EncodedSentence]) -> dict[str, float]:
    ids = [w for s in data for w in s.words]
    tuned = sum(1 for w in ids if 2 <= w < vocab.n_trainable)
    unk = sum(1 for w in ids if w == UNK)
    n = max(len(ids), 1)
    return {
        "fine_tuned": round(tuned / n, 4),
        "frozen_w2v": round((n - tuned - unk) / n, 4),
        "unk": round(unk / n, 4),
    }


def wait_for(path: Path, timeout_s: float = 900.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not path.exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"{path} did not appear within {timeout_s:.0f}s")
        log(f"waiting for {path}")
        time.sleep(30)


def run(args: argparse.Namespace) -> dict[str, Any]:
    torch.set_num_threads(1)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    train_all = read_conll(args.data / TRAIN_FILE, "anercorp")
    test = read_conll(args.data / TEST_FILE, "anercorp")
    n_dev = len(train_all) // 10
    train, dev = train_all[:-n_dev], train_all[-n_dev:]
    log(f"{len(train)} train, {len(dev)} dev, {len(test)} test sentences")

    wait_for(args.vectors)
    vectors = KeyedVectors.load(str(args.vectors))
    train_keys = Counter(word_key(w) for s in train for w in s.tokens)
    chars = Counter(c for s in train for w in s.tokens for c in char_form(w)[:MAX_WORD_CHARS])
    vocab = Vocab(train_keys, vectors, chars)
    init, frozen, found = embedding_tables(vocab, vectors, args.seed)
    log(
        f"{len(vectors.index_to_key)} vectors; {vocab.n_trainable - 2} training keys "
        f"({found:.1%} in vectors), {len(vocab.frozen_keys)} frozen, {len(vocab.char_id)} chars"
    )

    enc_train = [vocab.encode(s.tokens, s.labels) for s in train]
    enc_dev = [vocab.encode(s.tokens, s.labels) for s in dev]
    enc_test = [vocab.encode(s.tokens, s.labels) for s in test]

    model = Tagger(init, frozen, len(vocab.char_id) + 2, hidden=args.hidden, dropout=args.dropout)
    params = count_parameters(model)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    singletons = torch.tensor(sorted(vocab.singletons), dtype=torch.long)

    history: list[dict[str, float]] = []
    best_f1, best_epoch, best_state = -1.0, 0, copy.deepcopy(model.state_dict())
    t_train = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        model.train()
        t0 = time.perf_counter()
        total, n_batches = 0.0, 0
        for batch in train_batches(enc_train, args.batch_size, rng):
            words, chars_t, tags, lengths = tensorize(batch)
            # Word dropout: singleton keys become UNK half the time, so UNK gets trained.
            drop = torch.isin(words, singletons) & (torch.rand(words.shape) < args.word_dropout)
            words = words.masked_fill(drop, UNK)
            logits = model(words, chars_t, lengths)
            loss = loss_fn(logits.reshape(-1, len(TAGS)), tags.reshape(-1))
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimizer.step()
            total += loss.item()
            n_batches += 1
        gold_dev = [list(s.labels) for s in dev]
        pred_dev, argmax_dev = predict(model, enc_dev)
        dev_f1 = score(gold_dev, pred_dev).micro.f1
        train_pred, _ = predict(model, enc_train[: len(enc_dev)])
        train_f1 = score([list(s.labels) for s in train[: len(dev)]], train_pred).micro.f1
        row = {
            "epoch": epoch,
            "loss": round(total / n_batches, 4),
            "dev_f1": round(dev_f1, 4),
            "dev_f1_argmax": round(score(gold_dev, argmax_dev).micro.f1, 4),
            "train_sample_f1": round(train_f1, 4),
            "seconds": round(time.perf_counter() - t0, 1),
        }
        history.append(row)
        log(json.dumps(row))
        if dev_f1 > best_f1:
            best_f1, best_epoch, best_state = dev_f1, epoch, copy.deepcopy(model.state_dict())
        elif epoch - best_epoch >= args.patience:
            log(f"no dev gain for {args.patience} epochs; stopping")
            break
    train_minutes = (time.perf_counter() - t_train) / 60

    model.load_state_dict(best_state)
    gold_test = [list(s.labels) for s in test]
    pred_test, argmax_test = predict(model, enc_test)
    report = score(gold_test, pred_test)
    speed, model_speed = tagging_speed(model, vocab, test, args.batch_size)
    return {
        "approach": "BiLSTM + char CNN, word2vec init, softmax + IOB-constrained Viterbi",
        "split": "ANERcorp CAMeL Lab: train minus last 10% (dev) / test",
        "sentences": {"train": len(train), "dev": len(dev), "test": len(test)},
        "dev_f1_per_epoch": [row["dev_f1"] for row in history],
        "history": history,
        "chosen_epoch": best_epoch,
        "dev_f1": round(best_f1, 4),
        "test": report_dict(report),
        "test_f1_argmax_decode": round(score(gold_test, argmax_test).micro.f1, 4),
        "train_minutes": round(train_minutes, 2),
        "tagging_tokens_per_s": round(speed),
        "tagging_tokens_per_s_model_only": round(model_speed),
        "parameters_trainable": params,
        "parameters_frozen_w2v": int(frozen.numel()),
        "test_token_coverage": coverage(vocab, enc_test),
        "config": {
            "word_dim": int(init.shape[1]),
            "char_dim": 30,
            "char_filters": 50,
            "char_width": 3,
            "hidden": args.hidden,
            "dropout": args.dropout,
            "word_dropout_singletons": args.word_dropout,
            "lr": args.lr,
            "batch_size": args.batch_size,
            "epochs_max": args.epochs,
            "patience": args.patience,
            "seed": args.seed,
            "threads": torch.get_num_threads(),
            "torch": torch.__version__,
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--vectors", type=Path, default=DEFAULT_VECTORS)
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--patience", type=int, default=5, help="stop after N epochs w/o gain")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--hidden", type=int, default=128)
    parser.add_argument("--dropout", type=float, default=0.5)
    parser.add_argument("--word-dropout", type=float, default=0.5)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    result = run(args)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
