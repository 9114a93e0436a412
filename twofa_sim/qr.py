"""QR images of provisioning URIs: render with qrcode, read back with zxing-cpp.

Reading the PNG back is how the tests (and the simulated phone) prove that a
real authenticator app could scan what the portal shows. Both libraries load
lazily, so ``import twofa_sim`` stays light.
"""

from __future__ import annotations

import io

from .errors import InputTypeError, QRCodeError

#: Largest image scanned: a phone camera frame is far smaller (16 megapixels).
MAX_PIXELS = 16_000_000


def render_png(text: str, box_size: int = 6, border: int = 4) -> bytes:
    """A PNG image (bytes) of a QR code holding ``text``.

    Raises:
        QRCodeError: ``text`` is too long for a QR code.

    Args:
        text: what to encode (a provisioning URI).
        box_size: pixels per module.
        border: quiet zone in modules (4 is the QR standard's minimum).
    """
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
    """The text of the first QR code in a PNG (or any image PIL opens).

    Raises:
        QRCodeError: the bytes are not an image, or it holds no readable QR code.
        InputTypeError: ``png`` is not bytes.
    """
    if not isinstance(png, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"an image must be bytes, not {type(png).__name__}")
    from PIL import Image, UnidentifiedImageError

    unreadable = (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError)
    try:
        image = Image.open(io.BytesIO(bytes(png)))
    except unreadable as exc:
        raise QRCodeError("the data is not a readable image") from exc
    if image.width * image.height > MAX_PIXELS:
        raise QRCodeError(f"the image is too large to scan ({image.width}×{image.height} pixels)")
    try:
        image.load()
    except unreadable as exc:
        raise QRCodeError("the data is not a readable image") from exc
    return decode_image(image)


def decode_image(image) -> str:
    """The text of the first QR code in a PIL image.

    Raises:
        QRCodeError: no readable QR code.
    """
    import zxingcpp

    results = [r for r in zxingcpp.read_barcodes(image.convert("L")) if r.format == zxingcpp.BarcodeFormat.QRCode]
    if not results:
        raise QRCodeError("no QR code could be read from the image")
    return results[0].text
