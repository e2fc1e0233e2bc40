"""Picture bytes → grey pixel arrays, within the limits, or a refusal saying why not.

Pillow reads the picture's header first: its size and frame count are
checked before any pixel is decoded, so a 60,000 × 60,000 PNG of a few
kilobytes (a decompression bomb) is refused without allocating it.
Transparent pixels are laid on white paper, as a page shows them.
"""

from __future__ import annotations

import io
import logging
import warnings

import numpy as np

from govreports.clean.documents.limits import DocumentRefused, Limits

log = logging.getLogger(__name__)

PAPER = 255  # the grey level transparent pixels become


def _grey(frame) -> np.ndarray:  # noqa: ANN001 - a PIL.Image
    """One frame as 8-bit grey on white paper."""
    from PIL import Image

    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        rgba = frame.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (PAPER, PAPER, PAPER, 255))
        frame = Image.alpha_composite(paper, rgba)
    return np.asarray(frame.convert("L"), dtype=np.uint8).copy()


def decode_picture(data: bytes, kind: str, limits: Limits) -> list[np.ndarray]:
    """The picture's frames (a TIFF's pages; a GIF's first frame) as grey arrays.

    Refused: beyond `max_pixels` in one frame, more frames than
    `max_ocr_pages`, and what Pillow cannot read.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            check_pixels(*image.size, limits, f"{kind.upper()} picture")
            frames = getattr(image, "n_frames", 1) if kind == "tiff" else 1
            if frames > limits.max_ocr_pages:
                raise DocumentRefused(f"{kind.upper()} has {frames:,} pages, above the OCR limit of "
                                      f"{limits.max_ocr_pages:,}")
            out = []
            for number in range(frames):
                image.seek(number)
                check_pixels(*image.size, limits, f"{kind.upper()} page {number + 1}")
                out.append(_grey(image))
            return out
    except Image.DecompressionBombError as error:  # Pillow's own ceiling, far above ours: the size is in its message
        raise DocumentRefused(f"{kind.upper()} picture is above the limit of {limits.max_pixels:,} pixels "
                              f"({error})") from None
    except (UnidentifiedImageError, OSError, ValueError, EOFError, SyntaxError) as error:
        raise DocumentRefused(f"damaged {kind.upper()} picture: {error}") from None


def check_pixels(width: int, height: int, limits: Limits, what: str) -> None:
    """Refuse to rasterize or read a picture above `max_pixels`."""
    if width * height > limits.max_pixels:
        raise DocumentRefused(f"{what} of {width:,} × {height:,} pixels is above the limit of "
                              f"{limits.max_pixels:,} pixels")
