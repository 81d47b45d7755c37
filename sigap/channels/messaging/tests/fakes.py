"""Local fakes of Meta's Graph API (Cloud API) and the Telegram Bot API, written from their published contracts.

Each is a real HTTP server on the loopback, started by the tests. They check
what Sigap sends (the bearer token, the bot token in the path, the JSON
shapes), answer as the providers document, and can be told to answer the next
requests with an error: a rate limit (Graph API code 130429 / Bot API 429
with retry_after) or an expired token (Graph API code 190 / Bot API 401).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

GRAPH_VERSION = "v21.0"


@dataclass
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class FakeGraph:
    token: str = "graph-access-token"
    media: dict[str, tuple[bytes, str]] = field(default_factory=dict)  # media id -> (bytes, mime type)
    calls: list[Call] = field(default_factory=list)
    fail_next: list[str] = field(default_factory=list)  # "rate_limit" or "expired_token"
    url: str = ""

    @property
    def base(self) -> str:
        return f"{self.url}/{GRAPH_VERSION}"

    @property
    def sent(self) -> list[dict[str, Any]]:
        """The bodies POSTed to /<phone-number-id>/messages, in order."""
        return [c.json() for c in self.calls if c.method == "POST" and c.path.endswith("/messages")]

    def error(self, kind: str) -> tuple[int, dict[str, Any]]:
        if kind == "rate_limit":
            return 429, {
                "error": {
                    "message": "(#130429) Rate limit hit",
                    "type": "OAuthException",
                    "code": 130429,
                    "error_data": {
                        "messaging_product": "whatsapp",
                        "details": "Cloud API message throughput has been reached.",
                    },
                    "fbtrace_id": "AbCdEf",
                }
            }
        return 401, {
            "error": {
                "message": "Error validating access token: Session has expired.",
                "type": "OAuthException",
                "code": 190,
                "error_subcode": 463,
                "fbtrace_id": "AbCdEf",
            }
        }

    def answer(self, call: Call) -> tuple[int, str, bytes]:
        self.calls.append(call)
        if call.headers.get("Authorization") != f"Bearer {self.token}":
            return self._json(*self.error("expired_token"))
        if self.fail_next:
            return self._json(*self.error(self.fail_next.pop(0)))
        download = re.fullmatch(r"/download/(?P<id>[\w.-]+)", call.path)
        if call.method == "GET" and download and download["id"] in self.media:
            data, mime = self.media[download["id"]]
            return 200, mime, data
        media = re.fullmatch(rf"/{GRAPH_VERSION}/(?P<id>[\w.-]+)", call.path)
        if call.method == "GET" and media:
            if media["id"] not in self.media:
                return self._json(
                    400, {"error": {"message": "Unsupported get request.", "type": "GraphMethodException", "code": 100}}
                )
            data, mime = self.media[media["id"]]
            return self._json(
                200,
                {
                    "messaging_product": "whatsapp",
                    "url": f"{self.url}/download/{media['id']}",
                    "mime_type": mime,
                    "sha256": "x",
                    "file_size": len(data),
                    "id": media["id"],
                },
            )
        if call.method == "POST" and re.fullmatch(rf"/{GRAPH_VERSION}/\d+/messages", call.path):
            payload = call.json()
            if payload.get("messaging_product") != "whatsapp" or payload.get("type") not in (
                "text",
                "interactive",
                "template",
            ):
                return self._json(
                    400, {"error": {"message": "(#100) Invalid parameter", "type": "OAuthException", "code": 100}}
                )
            if not isinstance(payload.get(payload["type"]), dict):
                return self._json(
                    400, {"error": {"message": "(#100) Param missing", "type": "OAuthException", "code": 100}}
                )
            number = len(self.sent)
            return self._json(
                200,
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": payload["to"], "wa_id": payload["to"]}],
                    "messages": [{"id": f"wamid.OUT{number}"}],
                },
            )
        return self._json(404, {"error": {"message": "Unknown path", "type": "GraphMethodException", "code": 803}})

    @staticmethod
    def _json(status: int, data: dict[str, Any]) -> tuple[int, str, bytes]:
        return status, "application/json", json.dumps(data).encode()


@dataclass
class FakeBotApi:
    token: str = "123456:bot-token"
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # file_id -> (file_path, bytes)
    calls: list[Call] = field(default_factory=list)
    fail_next: list[str] = field(default_factory=list)  # "rate_limit" or "unauthorized"
    webhook: dict[str, Any] = field(default_factory=dict)  # what setWebhook was given
    url: str = ""

    @property
    def sent(self) -> list[dict[str, Any]]:
        return [c.json() for c in self.calls if c.path.endswith("/sendMessage")]

    def answer(self, call: Call) -> tuple[int, str, bytes]:
        self.calls.append(call)
        download = re.fullmatch(r"/file/bot(?P<token>[^/]+)/(?P<path>.+)", call.path)
        if download:
            found = [data for path, data in self.files.values() if path == download["path"]]
            if download["token"] != self.token or not found:
                return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return 200, "application/octet-stream", found[0]
        method = re.fullmatch(r"/bot(?P<token>[^/]+)/(?P<method>\w+)", call.path)
        if method is None or method["token"] != self.token:
            return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        if self.fail_next:
            kind = self.fail_next.pop(0)
            if kind == "rate_limit":
                return self._json(
                    429,
                    {
                        "ok": False,
                        "error_code": 429,
                        "description": "Too Many Requests: retry after 3",
                        "parameters": {"retry_after": 3},
                    },
                )
            return self._json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        payload = call.json() if call.body else {}
        if method["method"] == "sendMessage":
            if not isinstance(payload.get("chat_id"), int | str) or not payload.get("text"):
                return self._json(
                    400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
                )
            number = len(self.sent)
            return self._json(
                200,
                {
                    "ok": True,
                    "result": {
                        "message_id": number,
                        "date": 1781234567,
                        "chat": {"id": payload["chat_id"], "type": "private"},
                        "text": payload["text"],
                    },
                },
            )
        if method["method"] == "setWebhook":
            secret = payload.get("secret_token", "")
            if not str(payload.get("url", "")).startswith("https://") or not re.fullmatch(
                r"[A-Za-z0-9_-]{1,256}", secret
            ):
                return self._json(400, {"ok": False, "error_code": 400, "description": "Bad Request: bad webhook"})
            self.webhook = payload
            return self._json(200, {"ok": True, "result": True, "description": "Webhook was set"})
        if method["method"] == "getFile":
            if payload.get("file_id") not in self.files:
                return self._json(400, {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"})
            path, data = self.files[payload["file_id"]]
            return self._json(
                200,
                {
                    "ok": True,
                    "result": {
                        "file_id": payload["file_id"],
                        "file_unique_id": "u",
                        "file_size": len(data),
                        "file_path": path,
                    },
                },
            )
        return self._json(404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"})

    @staticmethod
    def _json(status: int, data: dict[str, Any]) -> tuple[int, str, bytes]:
        return status, "application/json", json.dumps(data).encode()


@contextmanager
def serve(fake: FakeGraph | FakeBotApi) -> Iterator[FakeGraph | FakeBotApi]:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            call = Call(self.command, self.path, dict(self.headers.items()), self.rfile.read(length) if length else b"")
            status, mime, data = fake.answer(call)
            self.send_response(status)
            self.send_header("Content-Type", mime)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
