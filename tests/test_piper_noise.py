"""Fixed noise for Piper: the edited model is valid ONNX, its noise is the fixed table, and a voice
speaks the same text identically on any worker, in any order."""

from __future__ import annotations

import io

import numpy as np
import onnxruntime
import pytest

from narrate.backends.piper import noise as piper_noise
from narrate.backends.piper.noise import NOISE_SEED, NOISE_VALUES, write_with_fixed_noise
from narrate.models import Segment, Voice
from narrate.voice.pool import shutdown_workers
from narrate.voice.voicing import voice_segments


def tiny_model(op_type: str = "RandomNormalLike", attributes: bytes = b"") -> bytes:
    """y = RandomNormalLike(x) (or another unary op), x and y float tensors of any shape, opset 15."""
    m, s = piper_noise._message, piper_noise._string

    def value_info(name: str) -> bytes:
        tensor_type = piper_noise._key(1, 0) + piper_noise._varint(1) + m(2, m(1, s(2, "n")) + m(1, s(2, "c")))
        return s(1, name) + m(2, m(1, tensor_type))

    node = s(1, "x") + s(2, "y") + s(3, "noise") + s(4, op_type) + attributes
    graph = m(1, node) + s(2, "tiny") + m(11, value_info("x")) + m(12, value_info("y"))
    opset = s(1, "") + piper_noise._key(2, 0) + piper_noise._varint(15)
    return piper_noise._key(1, 0) + piper_noise._varint(8) + m(7, graph) + m(8, opset)


def edited(model: bytes, tmp_path) -> tuple[bytes, int]:
    source = tmp_path / "model.onnx"
    source.write_bytes(model)
    out = io.BytesIO()
    replaced = write_with_fixed_noise(source, out)
    return out.getvalue(), replaced


def run(model: bytes, *inputs: np.ndarray) -> list[np.ndarray]:
    """Each input through one session, in turn."""
    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    return [session.run(None, {"x": x})[0] for x in inputs]


def test_the_noise_is_a_slice_of_the_fixed_table_shaped_like_its_input(tmp_path):
    original = tiny_model()
    x = np.zeros((3, 5), dtype=np.float32)
    first, second = run(original, x, x)
    assert not np.array_equal(first, second)  # onnxruntime's own generator moves on with every run
    model, replaced = edited(original, tmp_path)
    assert replaced == 1
    table = np.random.default_rng(NOISE_SEED).standard_normal(NOISE_VALUES, dtype=np.float32)
    first, second, wider = run(model, x, np.ones((3, 5), dtype=np.float32), np.zeros((2, 40), dtype=np.float32))
    assert np.array_equal(first, table[:15].reshape(3, 5)) and np.array_equal(first, second)
    assert np.array_equal(wider, table[:80].reshape(2, 40))


def test_models_without_plain_noise_nodes_are_written_unchanged(tmp_path):
    for model in (tiny_model("Relu"), tiny_model(attributes=piper_noise._message(5, piper_noise._string(1, "seed")))):
        written, replaced = edited(model, tmp_path)
        assert replaced == 0 and written == model


def test_a_truncated_model_is_refused(tmp_path):
    with pytest.raises(ValueError, match="truncated"):
        edited(tiny_model()[:-3], tmp_path)


@pytest.mark.slow
def test_cold_runs_are_identical_for_any_number_of_jobs_and_any_order():
    texts = [f"Item number {n}: the boat left the quay at {n} o'clock." for n in range(1, 6)]
    segments = [Segment("quote" if i % 2 else "narration", text, paragraph=i) for i, text in enumerate(texts)]

    def cast(segment: Segment) -> Voice:
        return Voice("narrator", "piper", {"pitch": 0.84} if segment.kind == "quote" else {})

    runs = []
    for jobs, order in ((1, 1), (2, 1), (3, -1)):
        shutdown_workers()  # fresh workers, fresh sessions: nothing carried over
        runs.append([v.audio.pcm for v in voice_segments(segments[::order], cast, jobs=jobs)][::order])
    shutdown_workers()
    assert runs[0] == runs[1] == runs[2]


@pytest.mark.slow
def test_without_a_writable_cache_folder_the_voice_still_loads(tmp_path, monkeypatch):
    """The fixed-noise copy is an improvement, never a requirement: no place to write it, no copy."""
    from narrate.backends.piper.model import with_fixed_noise
    from narrate.backends.piper.voices import resolve_model

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    model = resolve_model(None)
    assert with_fixed_noise(model, blocker / "cache" / "models") == model
    fixed = with_fixed_noise(model, tmp_path / "cache" / "models")
    assert fixed.parent == tmp_path / "cache" / "models" and fixed.stat().st_size > model.stat().st_size
    assert with_fixed_noise(model, tmp_path / "cache" / "models") == fixed  # made once
    assert not [p for p in fixed.parent.iterdir() if p.suffix == ".tmp"]
