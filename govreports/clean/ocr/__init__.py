"""OCR: tables and text read from pictures (scanned pages, tables printed as images, image files).

    start(limits) -> Engine                       # or OcrOff / OcrUnavailable: the document stays needs_ocr
    read_picture(grey, engine, scale, …) -> OcrPage   # tables (cells read, with confidence) and prose lines
    decode_picture(data, kind, limits) -> [grey]  # PNG/JPEG/GIF/TIFF/BMP within the pixel and page limits

Everything runs on this machine: PP-OCRv4 models from the rapidocr-onnxruntime
wheel through onnxruntime, ruling lines through OpenCV. The output is the
PDF reader's own page content (`pdfgrid.RuledTable`, `pdflines.Line`), so
that tables read from pictures are laid out, joined across pages and
aligned to the template exactly as a PDF's are.
"""

from __future__ import annotations

from govreports.clean.documents.limits import Limits
from govreports.clean.ocr.engine import Engine, OcrUnavailable, engine
from govreports.clean.ocr.raster import check_pixels, decode_picture
from govreports.clean.ocr.reader import OcrPage, read_picture


def start(limits: Limits) -> Engine:
    """The engine, when OCR is allowed and can run here; OcrUnavailable (with the reason) otherwise."""
    if not limits.ocr:
        raise OcrUnavailable("OCR is switched off")
    return engine()


__all__ = ["Engine", "OcrPage", "OcrUnavailable", "check_pixels", "decode_picture", "read_picture", "start"]
