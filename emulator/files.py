"""Files: those the bot uploads or users send, held in memory and served for download.

Images are recognized by their signature and measured from their header (no imaging library),
which is all Telegram's answers need: a photo's sizes, a sticker's width and height.
"""

from __future__ import annotations

import mimetypes
import struct
from dataclasses import dataclass
from pathlib import PurePosixPath

from emulator.errors import JSON, ApiError, bad_request
from emulator.model import Ids

PHOTO_UPLOAD_LIMIT = 10 * 1024 * 1024
UPLOAD_LIMIT = 50 * 1024 * 1024
DOWNLOAD_LIMIT = 20 * 1024 * 1024


@dataclass
class StoredFile:
    """A file the emulator holds (uploaded by the bot or sent by a user)."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    file_name: str | None = None
    mime_type: str | None = None


@dataclass
class UploadedFile:
    """A file part of a multipart request, as it appears in :attr:`BotApiEmulator.calls`."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"BM", "bmp"),
)


def image_format(data: bytes) -> str | None:
    """``png``, ``jpg``, ``gif``, ``webp`` or ``bmp`` from the file signature, else None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for signature, name in _IMAGE_SIGNATURES:
        if data.startswith(signature):
            return name
    return None


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height of a PNG, GIF or JPEG image, when the header says so."""
    kind = image_format(data)
    if kind == "png" and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if kind == "gif" and len(data) >= 10:
        width, height = struct.unpack("<HH", data[6:10])
        return int(width), int(height)
    if kind == "jpg":
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        length = int.from_bytes(data[index + 2 : index + 4], "big")
        if marker in (0xC0, 0xC1, 0xC2):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None


class FileStore:
    """The files the emulator holds, by ``file_id`` and by download path."""

    def __init__(self, ids: Ids) -> None:
        self.ids = ids
        self.files: dict[str, StoredFile] = {}
        self.by_path: dict[str, StoredFile] = {}

    def store(
        self, data: bytes, kind: str, file_name: str | None, mime_type: str | None
    ) -> StoredFile:
        prefix = {"photo": "AgAC", "document": "BQAC", "sticker": "CAAC"}.get(kind, "BAAC")
        folder = {"photo": "photos", "document": "documents", "sticker": "stickers"}.get(kind, kind)
        extension = PurePosixPath(file_name).suffix if file_name else ""
        if not extension and image_format(data):
            extension = f".{image_format(data)}"
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        if mime_type is None and image_format(data):
            mime_type = f"image/{'jpeg' if image_format(data) == 'jpg' else image_format(data)}"
        file_id = self.ids.new(prefix)
        stored = StoredFile(
            file_id=file_id,
            file_unique_id=self.ids.new("AQAD"),
            kind=kind,
            data=data,
            file_path=f"{folder}/file_{self.ids.count}{extension}",
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[file_id] = stored
        self.by_path[stored.file_path] = stored
        return stored

    def input_file(self, params: JSON, name: str) -> StoredFile:
        """An uploaded file (stored) or the file an existing ``file_id`` names."""
        value = params.get(name)
        if isinstance(value, UploadedFile):
            return self.upload(value, name)
        if isinstance(value, str) and value:
            stored = self.files.get(value)
            if stored is None:
                raise bad_request("wrong file identifier/HTTP URL specified")
            if stored.kind != name and not (name == "document" and stored.kind != "sticker"):
                raise bad_request(f"can't use file of type {stored.kind.title()} as {name.title()}")
            return stored
        raise bad_request(f"there is no {name} in the request")

    def upload(self, upload: UploadedFile, kind: str) -> StoredFile:
        if not upload.data:
            raise bad_request("file must be non-empty")
        limit = PHOTO_UPLOAD_LIMIT if kind == "photo" else UPLOAD_LIMIT
        if len(upload.data) > limit:
            raise ApiError(413, "Request Entity Too Large")
        if kind == "photo" and image_format(upload.data) is None:
            raise bad_request("IMAGE_PROCESS_FAILED")
        mime = upload.content_type
        if mime in (None, "application/octet-stream") and upload.filename:
            mime = mimetypes.guess_type(upload.filename)[0] or mime
        return self.store(upload.data, kind, upload.filename, mime)

    def photo_sizes(self, stored: StoredFile) -> list[JSON]:
        """A thumbnail and the full size; both ids resolve to the same bytes."""
        width, height = image_size(stored.data) or (800, 600)
        scale = min(1.0, 90 / max(width, height, 1))
        thumb = self.store(stored.data, "photo", None, stored.mime_type)
        sizes = [
            (thumb, max(1, round(width * scale)), max(1, round(height * scale))),
            (stored, width, height),
        ]
        return [
            {
                "file_id": item.file_id,
                "file_unique_id": item.file_unique_id,
                "width": w,
                "height": h,
                "file_size": len(item.data),
            }
            for item, w, h in sizes
        ]


def document_api(stored: StoredFile) -> JSON:
    """The Bot API ``Document`` object of a stored file."""
    document: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return document
