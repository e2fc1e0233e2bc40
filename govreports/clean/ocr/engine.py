"""The OCR engine: PP-OCRv4 Chinese detection and recognition, run by onnxruntime.

The models are the ones `rapidocr-onnxruntime` 1.4.4 ships inside its wheel
(pinned: later `rapidocr` releases download their models on first use, and
this machine has no network at run time). Nothing is fetched, ever.

Recognition is run here rather than through RapidOCR's pipeline for two
reasons. A table cell is one short line whose box the ruling lines already
give: the detector, which misses lone digits, is not needed there. And
each character's probability is kept, so that a cell's confidence is its
weakest character's, and a cell that prints a number can be read against
the digits alone (an isolated 0 is otherwise often read as the letter o).
Detection (RapidOCR's DB detector) only finds prose lines on scanned pages.
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

REC_MODEL = "ch_PP-OCRv4_rec_infer.onnx"
DET_MODEL = "ch_PP-OCRv4_det_infer.onnx"
REC_HEIGHT = 48  # the recognizer's input height (pixels)
REC_MIN_WIDTH = 96  # narrowest batch input: a lone digit padded to 320 (PaddleOCR's default) costs 3x, reads the same
REC_BATCH = 8  # crops per run, sorted by width so that padding stays small
MAX_REC_RATIO = 40  # width/height beyond this is cut by the model anyway: a very long line is shrunk
DET_LIMIT_SIDE = 1536  # detection input: the longer side is scaled to at most this many pixels
DET_BOX_THRESH = 0.5
DET_UNCLIP = 1.6
# Characters a number cell may print: digits, sign, decimal point, thousands comma, zero marks.
NUMBER_CHARS = frozenset("0123456789-+.,—/无")
# Letters drawn like a digit in many fonts: in a number, the model's belief in them is belief in the digit.
LOOKALIKES = {"0": "oOQD〇", "1": "lI|i"}


class OcrUnavailable(Exception):
    """The engine cannot run here (package or model missing); `reason` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Reading:
    """One line of text as recognized, and the same line read as a number.

    `confidence` is the probability of the weakest character read (a cell
    is as sure as its least sure digit). `digits` is the line read against
    number characters only (see `Engine._decode`), for cells that print a
    number.
    """

    text: str
    confidence: float
    digits: str
    digits_confidence: float


def _models_dir() -> Path:
    try:
        import rapidocr_onnxruntime
    except ImportError as error:
        raise OcrUnavailable(f"the OCR models are not installed (rapidocr-onnxruntime: {error})") from None
    folder = Path(rapidocr_onnxruntime.__file__).resolve().parent / "models"
    for name in (REC_MODEL, DET_MODEL):
        if not (folder / name).is_file():
            raise OcrUnavailable(f"OCR model {name} missing from {folder}")
    return folder


class Engine:
    """Loaded once per process (about 0.2 s) and shared: onnxruntime sessions are safe across threads."""

    def __init__(self) -> None:
        import onnxruntime

        folder = _models_dir()
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._rec = onnxruntime.InferenceSession(str(folder / REC_MODEL), options,
                                                 providers=["CPUExecutionProvider"])
        characters = self._rec.get_modelmeta().custom_metadata_map.get("character", "").splitlines()
        if not characters:
            raise OcrUnavailable(f"{REC_MODEL} carries no character list")
        self.characters = ["", *characters, " "]  # CTC blank first, space last, as PaddleOCR trained it
        index = {ch: k for k, ch in enumerate(self.characters) if ch}
        self._number_ids = np.array([0] + [k for k, ch in enumerate(self.characters) if ch in NUMBER_CHARS])
        # Column j of the folded matrix sums the number class j and the letters drawn like it.
        self._fold = np.zeros((len(self.characters), len(self._number_ids)), dtype=np.float32)
        for j, k in enumerate(self._number_ids):
            self._fold[k, j] = 1.0
            for letter in LOOKALIKES.get(self.characters[k], ""):
                if letter in index:
                    self._fold[index[letter], j] = 1.0
        self._folder = folder
        self._det_lock = threading.Lock()

    @cached_property
    def _detector(self):  # noqa: ANN202 - RapidOCR's class; built only when a page needs it
        from rapidocr_onnxruntime.ch_ppocr_det import TextDetector

        return TextDetector({
            "model_path": str(self._folder / DET_MODEL), "use_cuda": False, "use_dml": False,
            "limit_side_len": DET_LIMIT_SIDE, "limit_type": "max", "mean": [0.5, 0.5, 0.5], "std": [0.5, 0.5, 0.5],
            "thresh": 0.3, "box_thresh": DET_BOX_THRESH, "max_candidates": 2000, "unclip_ratio": DET_UNCLIP,
            "use_dilation": True, "score_mode": "fast", "intra_op_num_threads": -1, "inter_op_num_threads": -1,
        })

    # -- recognition ---------------------------------------------------------
    def _batch(self, crops: list[np.ndarray]) -> np.ndarray:
        """Grey crops → the model's input: height 48, the batch's widest ratio, scaled to [-1, 1], padded."""
        ratios = [min(MAX_REC_RATIO, c.shape[1] / max(1, c.shape[0])) for c in crops]
        width = max(REC_MIN_WIDTH, int(math.ceil(REC_HEIGHT * max(ratios))))
        out = np.zeros((len(crops), 3, REC_HEIGHT, width), dtype=np.float32)
        import cv2

        for k, (crop, ratio) in enumerate(zip(crops, ratios, strict=True)):
            w = max(1, min(width, int(math.ceil(REC_HEIGHT * ratio))))
            resized = cv2.resize(crop, (w, REC_HEIGHT), interpolation=cv2.INTER_AREA if crop.shape[0] > REC_HEIGHT
                                 else cv2.INTER_CUBIC).astype(np.float32)
            out[k, :, :, :w] = (resized / 255.0 - 0.5) / 0.5
        return out

    def recognize(self, crops: list[np.ndarray]) -> list[Reading]:
        """Each grey crop (one line of text) read, in batches of similar width (a batch is padded to its widest)."""
        order = sorted(range(len(crops)), key=lambda k: crops[k].shape[1] / max(1, crops[k].shape[0]))
        out: list[Reading | None] = [None] * len(crops)
        for start in range(0, len(order), REC_BATCH):
            chunk = order[start:start + REC_BATCH]
            probs = self._rec.run(None, {self._rec.get_inputs()[0].name: self._batch([crops[k] for k in chunk])})[0]
            for k, p in zip(chunk, probs, strict=True):
                text, confidence = self._decode(p, False)
                digits, digits_confidence = self._decode(p, True)
                out[k] = Reading(text, confidence, digits, digits_confidence)
        return [r for r in out if r is not None]

    def _decode(self, probs: np.ndarray, numeric: bool) -> tuple[str, float]:
        """Greedy CTC: the best class per step, repeats and blanks dropped; the weakest character's probability.

        `numeric`: the line read as a number. Each step chooses among the
        number characters (and the blank), each counting the letters drawn
        like it (o for 0, l for 1), and its probability is that share of
        all the number readings: how sure the digit is, given that the
        glyph is one. (In a lone 0 the model splits its belief between 0
        and o: that is no doubt about the number.)
        """
        if numeric:
            folded = probs @ self._fold
            local = folded.argmax(axis=1)
            ids = self._number_ids[local]
            chosen = folded[np.arange(len(ids)), local] / np.maximum(folded.sum(axis=1), 1e-9)
        else:
            ids = probs.argmax(axis=1)
            chosen = probs[np.arange(len(ids)), ids]
        keep = ids != 0
        keep[1:] &= ids[1:] != ids[:-1]
        chars = [self.characters[i] for i in ids[keep]]
        scores = chosen[keep]
        if not chars:
            return "", float(probs[:, 0].min())  # nothing read: as sure as the blank is everywhere
        return "".join(chars), float(scores.min())

    # -- detection -----------------------------------------------------------
    def detect(self, grey: np.ndarray) -> list[tuple[int, int, int, int]]:
        """Axis-aligned boxes (x0, y0, x1, y1) of the text lines of a grey image."""
        import cv2

        with self._det_lock:  # the detector's preprocessing keeps state between calls
            boxes, _ = self._detector(cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR))
        if boxes is None or len(boxes) == 0:
            return []
        return [(int(b[:, 0].min()), int(b[:, 1].min()), int(b[:, 0].max()) + 1, int(b[:, 1].max()) + 1)
                for b in boxes]


_ENGINE: Engine | None = None
_LOCK = threading.Lock()


def engine() -> Engine:
    """The process's engine, loaded on first use; OcrUnavailable when it cannot be."""
    global _ENGINE
    with _LOCK:
        if _ENGINE is None:
            _ENGINE = Engine()
            log.info("OCR engine loaded (PP-OCRv4 via onnxruntime)")
        return _ENGINE
