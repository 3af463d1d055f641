"""Gzip compression of HTTP answers the client accepts it for, when it is worth it.

An answer is compressed when the request's ``Accept-Encoding`` allows gzip (q-values honoured;
no header means no compression), its body is at least ``min_size`` bytes, its content type is not
already compressed (images, audio, video, archives) and it has no ``Content-Encoding`` yet. The
compressed body is sent base64-encoded with ``isBase64Encoded: true``, which every flavor takes;
REST APIs deliver it only when the API's ``BinaryMediaTypes`` cover the content type.
"""

from __future__ import annotations

from .headers import add_vary, has_header, request_header

TYPE_CHECKING = False  # PERF: no ``typing`` at run time; mypy treats this name as true
if TYPE_CHECKING:
    from lambda_universal_router._http.response import Encode, Response
    from lambda_universal_router.events._http import APIGatewayEvent

#: Bodies smaller than this are sent as they are by ``compress=True``: gzip would not pay.
DEFAULT_MIN_SIZE = 1024

#: Content types whose bodies are compressed already.
_COMPRESSED_PREFIXES = ("image/", "audio/", "video/", "font/woff")
_COMPRESSED_TYPES = frozenset(
    {
        "application/zip",
        "application/gzip",
        "application/x-gzip",
        "application/x-bzip2",
        "application/x-xz",
        "application/x-7z-compressed",
        "application/x-rar-compressed",
        "application/zstd",
        "application/pdf",
    }
)
#: Image types that are text, and compress well.
_TEXT_IMAGES = frozenset({"image/svg+xml", "image/bmp", "image/x-icon"})


class Compression:
    """Gzip for answers of at least ``min_size`` bytes."""

    __slots__ = ("min_size",)

    def __init__(self, min_size: int = DEFAULT_MIN_SIZE) -> None:
        self.min_size = min_size

    @classmethod
    def of(cls, setting: bool | int | None) -> Compression | None:
        """The compression a ``compress=`` setting asks for (True, a size in bytes), or None."""
        if setting is None or setting is False:
            return None
        return cls() if setting is True else cls(setting)

    def apply(
        self,
        request: APIGatewayEvent,
        response: Response,
        head: bool,
        encode: Encode | None = None,
    ) -> None:
        """Compress ``response``'s body in place when it should be; ``encode`` writes JSON
        (the router's ``json_encoder``)."""
        if head or response.body is None or has_header(response, "content-encoding"):
            return
        from lambda_universal_router._http.response import BINARY_TYPE, _serialise

        body = response.body
        default: str | None = None
        if response.is_base64_encoded and type(body) is str:
            from base64 import b64decode

            data = b64decode(body)
        elif isinstance(body, (bytes, bytearray, memoryview)):
            data, default = bytes(body), BINARY_TYPE
        else:
            text, _, default = _serialise(body, encode)
            data = text.encode()
        content_type = response.get_header("content-type") or default or ""
        if len(data) < self.min_size or not compressible(content_type):
            return
        add_vary(response, "Accept-Encoding")
        if not accepts_gzip(request_header(request, "accept-encoding", "Accept-Encoding")):
            return
        from gzip import compress

        if default is not None and not response._bare and not has_header(response, "content-type"):
            response.content_type = response.content_type or default
        response.body = compress(data, compresslevel=6, mtime=0)
        response.is_base64_encoded = False
        response.headers["Content-Encoding"] = "gzip"


def compressible(content_type: str) -> bool:
    """Whether bodies of ``content_type`` are worth compressing (not compressed already)."""
    kind = content_type.partition(";")[0].strip().lower()
    if kind in _COMPRESSED_TYPES:
        return False
    return kind in _TEXT_IMAGES or not kind.startswith(_COMPRESSED_PREFIXES)


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip (``gzip;q=0`` refuses; ``*`` counts)."""
    if not header:
        return False
    gzip_q: float | None = None
    star_q: float | None = None
    for part in header.split(","):
        coding, _, params = part.partition(";")
        coding = coding.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if coding in ("gzip", "x-gzip"):
            gzip_q = quality
        elif coding == "*":
            star_q = quality
    if gzip_q is not None:
        return gzip_q > 0
    return star_q is not None and star_q > 0
