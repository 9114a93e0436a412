"""QR images of provisioning URIs: render with qrcode, read back with zxing-cpp.

Reading the PNG back is how the tests (and the simulated phone) prove that a
real authenticator app could scan what the portal shows. Both libraries load
lazily, so ``import twofa_sim`` stays light.
"""

from __future__ import annotations

import io

from .bounds import check_whole
from .errors import InputTypeError, QRCodeError
from .normalise import require_text

#: Largest image scanned: a phone camera frame is far smaller (16 megapixels).
MAX_PIXELS = 16_000_000

#: Longest side of an image scanned, in pixels (a very long, thin image is no QR code).
MAX_SIDE = 8_000

#: Most characters one QR code holds (version 40, byte mode, error correction M).
MAX_QR_CHARS = 2_331

#: Largest module size rendered, in pixels: a version-40 code (177 modules plus
#: the border) stays under 4,000 pixels a side.
MAX_BOX_SIZE = 20

#: Widest quiet zone rendered, in modules.
MAX_BORDER = 20


def render_png(text: str, box_size: int = 6, border: int = 4) -> bytes:
    """A PNG image (bytes) of a QR code holding ``text``.

    Args:
        text: what to encode (a provisioning URI), at most :data:`MAX_QR_CHARS`
            characters (fewer when they are not ASCII).
        box_size: pixels per module, 1 to :data:`MAX_BOX_SIZE`.
        border: quiet zone in modules, 0 to :data:`MAX_BORDER` (4 is the QR
            standard's minimum).

    Raises:
        QRCodeError: ``text`` is too long for a QR code, or ``box_size`` or
            ``border`` is out of range.
        InputTypeError: ``text`` is not valid text, or ``box_size`` or
            ``border`` is not a whole number.
    """
    require_text(text, "text")
    box_size = check_whole(box_size, "box_size", (1, MAX_BOX_SIZE), QRCodeError)
    border = check_whole(border, "border", (0, MAX_BORDER), QRCodeError)
    if len(text) > MAX_QR_CHARS:
        raise QRCodeError(f"{len(text)} characters are too many for one QR code (at most {MAX_QR_CHARS})")
    import qrcode
    from qrcode.exceptions import DataOverflowError

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:
        raise QRCodeError(f"{len(text)} characters are too many for one QR code") from exc
    out = io.BytesIO()
    code.make_image().save(out)
    return out.getvalue()


def decode_png(png: bytes) -> str:
    """The text of the first QR code in a PNG image (bytes; no other format
    is opened), at most :data:`MAX_PIXELS` pixels and :data:`MAX_SIDE` a side.

    Raises:
        QRCodeError: the bytes are not a PNG image, it is too large, or it
            holds no readable QR code.
        InputTypeError: ``png`` is not bytes.
    """
    if not isinstance(png, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"an image must be bytes, not {type(png).__name__}")
    data = bytes(png)
    if not data.startswith(PNG_SIGNATURE):
        raise QRCodeError("the data is not a PNG image")
    from PIL import Image, UnidentifiedImageError

    unreadable = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError)
    try:
        image = Image.open(io.BytesIO(data), formats=["PNG"])
    except unreadable as exc:
        raise QRCodeError("the data is not a readable PNG image") from exc
    _check_size(image)
    try:
        image.load()
    except unreadable as exc:
        raise QRCodeError("the data is not a readable PNG image") from exc
    return decode_image(image)


#: The first eight bytes of every PNG file.
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _check_size(image) -> None:
    width, height = image.size
    if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
        raise QRCodeError(f"the image is too large to scan ({width}×{height} pixels; at most "
                          f"{MAX_SIDE} a side and {MAX_PIXELS:,} in all)")


def decode_image(image) -> str:
    """The text of the first QR code in a PIL image (at most
    :data:`MAX_PIXELS` pixels and :data:`MAX_SIDE` a side).

    Raises:
        QRCodeError: no readable QR code, or the image is too large.
        InputTypeError: ``image`` is not a PIL image.
    """
    from PIL import Image

    if not isinstance(image, Image.Image):
        raise InputTypeError(f"decode_image takes a PIL image, not {type(image).__name__}")
    _check_size(image)
    import zxingcpp

    try:
        grey = image.convert("L")
    except (OSError, ValueError) as exc:
        raise QRCodeError("the image cannot be read") from exc
    results = [r for r in zxingcpp.read_barcodes(grey) if r.format == zxingcpp.BarcodeFormat.QRCode]
    if not results:
        raise QRCodeError("no QR code could be read from the image")
    return results[0].text
