"""Piper voices with fixed noise: the same text always gives the same audio, on any worker.

A VITS voice draws Gaussian noise in every run (two RandomNormalLike nodes: one for phoneme
durations, one for the prior). onnxruntime draws it from a generator that advances with each
run, so a sentence's audio depends on everything its session said before, and on which worker
said it: parallel voicing could never match a serial run. Here each RandomNormalLike becomes a
slice of one constant standard-normal table stored in the model, shaped like the tensor it
replaces. The noise is just as Gaussian, but a function of the text alone.

The model is edited at the protobuf wire level, without the onnx package (which would hold the
whole parsed graph in memory): only the graph's node list and initializers change, the weights
are copied through untouched, and the result is written straight to a file.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

VERSION = 2  # part of the Piper backend's version: a change here re-synthesises cached audio
NOISE_VALUES = 1 << 20  # 4 MB of float32: a [1, 192, T] prior up to T = 5,461 frames (63 s in one sentence;
# chunks of 200 characters speak for 20 s at most).
NOISE_SEED = 1
START_STEP = 100_003  # each replaced node reads the table from its own offset
_GRAPH, _NODE, _INITIALIZER = 7, 1, 5  # ModelProto.graph, GraphProto.node, GraphProto.initializer
_FLOAT, _INT64 = 1, 7  # TensorProto.DataType


def write_with_fixed_noise(model: Path, out) -> int:
    """Write the ONNX model to the binary file `out` with every plain RandomNormalLike replaced by a
    slice of a fixed noise table; return how many were replaced (0: the model is written unchanged)."""
    data = model.read_bytes()
    replaced = 0
    for field, wire, value, raw in _fields(data):
        if field == _GRAPH and wire == 2:
            parts, replaced = _graph_parts(value)
            out.write(_key(_GRAPH, 2) + _varint(sum(len(part) for part in parts)))
            for part in parts:
                out.write(part)
        else:
            out.write(raw)
    return replaced


def _graph_parts(graph) -> tuple[list, int]:
    parts: list[bytes | memoryview] = []
    replaced = 0
    for field, wire, value, raw in _fields(graph):
        if field == _NODE and wire == 2 and _is_plain_random_normal_like(value):
            parts += [_message(_NODE, node) for node in _noise_slice(value, replaced)]
            replaced += 1
        else:
            parts.append(raw)
    if replaced:
        import numpy as np

        noise = np.random.default_rng(NOISE_SEED).standard_normal(NOISE_VALUES, dtype=np.float32)
        parts.append(_message(_INITIALIZER, _tensor("narrate_noise", [NOISE_VALUES], _FLOAT, noise.tobytes())))
        parts.append(_message(_INITIALIZER, _tensor("narrate_1d", [1], _INT64, struct.pack("<q", 1))))
        for index in range(replaced):
            parts.append(
                _message(
                    _INITIALIZER,
                    _tensor(f"narrate_noise_{index}_start", [1], _INT64, struct.pack("<q", index * START_STEP)),
                )
            )
    return parts, replaced


def _is_plain_random_normal_like(node) -> bool:
    op_type = next((bytes(v) for f, w, v, _ in _fields(node) if f == 4 and w == 2), b"")
    if op_type != b"RandomNormalLike":
        return False
    for field, wire, value, _ in _fields(node):
        if field == 5 and wire == 2:  # AttributeProto: only dtype=float may be set (no mean, scale, seed)
            name = next((bytes(v) for f, w, v, _ in _fields(value) if f == 1 and w == 2), b"")
            number = next((v for f, w, v, _ in _fields(value) if f == 3 and w == 0), None)
            if name != b"dtype" or number != _FLOAT:
                return False
    return True


def _noise_slice(node, index: int) -> list[bytes]:
    """Nodes computing reshape(noise[start : start + size(x)], shape(x)) into the node's output."""
    source = bytes(next(v for f, w, v, _ in _fields(node) if f == 1 and w == 2)).decode()
    target = bytes(next(v for f, w, v, _ in _fields(node) if f == 2 and w == 2)).decode()
    p = f"narrate_noise_{index}"
    return [
        _node("Shape", [source], f"{p}_shape"),
        _node("Size", [source], f"{p}_size"),
        _node("Reshape", [f"{p}_size", "narrate_1d"], f"{p}_length"),
        _node("Add", [f"{p}_start", f"{p}_length"], f"{p}_end"),
        _node("Slice", ["narrate_noise", f"{p}_start", f"{p}_end"], f"{p}_flat"),
        _node("Reshape", [f"{p}_flat", f"{p}_shape"], target),
    ]


def _node(op_type: str, inputs: list[str], output: str) -> bytes:
    fields = [_string(1, name) for name in inputs]
    fields += [_string(2, output), _string(3, output), _string(4, op_type)]
    return b"".join(fields)


def _tensor(name: str, dims: list[int], data_type: int, raw_data: bytes) -> bytes:
    fields = [_key(1, 0) + _varint(dim) for dim in dims]
    fields += [_key(2, 0) + _varint(data_type), _string(8, name), _key(9, 2) + _varint(len(raw_data)) + raw_data]
    return b"".join(fields)


# ---------------------------------------------------------------- protobuf wire format


def _fields(message) -> Iterator[tuple[int, int, Any, memoryview]]:
    """(field number, wire type, value, the field's raw bytes) for each field of a message.
    Values and raw bytes are views into the message: the weights are never copied."""
    view = memoryview(message)
    at = 0
    while at < len(view):
        start = at
        key, at = _read_varint(view, at)
        field, wire = key >> 3, key & 7
        value: Any
        if wire == 0:
            value, at = _read_varint(view, at)
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
            value, at = view[at : at + size], at + size
        elif wire == 2:
            length, at = _read_varint(view, at)
            value, at = view[at : at + length], at + length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        if at > len(view):
            raise ValueError("truncated protobuf message")
        yield field, wire, value, view[start:at]


def _read_varint(view: memoryview, at: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if at >= len(view):
            raise ValueError("truncated protobuf varint")
        byte = view[at]
        at += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, at
        shift += 7


def _varint(number: int) -> bytes:
    out = bytearray()
    while True:
        byte, number = number & 0x7F, number >> 7
        out.append(byte | 0x80 if number else byte)
        if not number:
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint(field << 3 | wire)


def _string(field: int, text: str) -> bytes:
    data = text.encode()
    return _key(field, 2) + _varint(len(data)) + data


def _message(field: int, payload: bytes) -> bytes:
    return _key(field, 2) + _varint(len(payload)) + payload
