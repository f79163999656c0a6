"""Try it: paste or upload an article and see its statements at once.

Nothing is stored unless the server runs with ``allow_writes`` *and* the user
ticks "save". The form is protected against cross-site request forgery with a
double-submit token: a random cookie, and a hidden field holding the HMAC of
that cookie under a per-process secret; both are checked on every POST, and a
cross-site ``Origin`` is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import tempfile
from typing import Any, Optional
from urllib.parse import urlsplit

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from quoth.errors import InputError, ModelError, UsageError
from quoth.records import Article, ArticleResult
from quoth.web.deps import render
from quoth.web.highlight import segments
from quoth.web.views import speakers_legend

__all__ = ["router", "result_view", "csrf_token", "check_csrf", "CsrfError"]

router = APIRouter()
COOKIE = "quoth_csrf"
MAX_BYTES = 2_000_000
SUFFIXES = (".txt", ".text", ".html", ".htm")


class CsrfError(UsageError):
    """A form without a valid anti-forgery token, or posted from another site."""


class ExtractRequest(BaseModel):
    text: str = Field(..., min_length=1, max_length=MAX_BYTES, description="the article text")
    title: Optional[str] = Field(None, max_length=500)


def csrf_token(secret: bytes, cookie: str) -> str:
    return hmac.new(secret, cookie.encode(), hashlib.sha256).hexdigest()


def check_csrf(request: Request, field: str | None) -> None:
    """Raise ``UsageError`` unless cookie and form token match and the origin is ours."""
    cookie = request.cookies.get(COOKIE) or ""
    secret = request.app.state.settings.secret
    if not cookie or not field or not hmac.compare_digest(field, csrf_token(secret, cookie)):
        raise CsrfError("The form expired or came from another site: reload the page and try again.")
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise CsrfError("Forms sent from another site are refused.")


def _page(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    cookie = request.cookies.get(COOKIE) or secrets.token_urlsafe(32)
    context.update(nav="try", allow_writes=request.app.state.settings.allow_writes,
                   csrf_token=csrf_token(request.app.state.settings.secret, cookie))
    response = render(request, "try.html", context, status)
    response.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/")
    return response


@router.get("/try", include_in_schema=False, name="try_page")
def try_page(request: Request) -> Response:
    return _page(request, {})


@router.post("/try", include_in_schema=False, name="try_submit")
async def try_submit(request: Request, csrf_token: str = Form(""), text: str = Form(""),
                     title: str = Form(""), save: str = Form(""),
                     file: Optional[UploadFile] = File(None)) -> Response:
    context: dict[str, Any] = {"text": text, "title": title}
    try:
        check_csrf(request, csrf_token)
        upload = await _read_upload(file)
        article = _article(text, upload, title)
        result = await run_in_threadpool(_extract, article)
        if save and request.app.state.settings.allow_writes:
            context["saved"] = await run_in_threadpool(_save, request, result)
    except (UsageError, InputError, ModelError) as exc:
        context["error"] = str(exc)
        return _page(request, context, 403 if isinstance(exc, CsrfError) else 400)
    view = result_view(result)
    context.update(result=view, segs=segments(view["text"], view["statements"]),
                   speakers=speakers_legend(view["statements"]),
                   text=view["text"] if upload else text)
    return _page(request, context)


@router.post("/api/extract", name="api_extract", tags=["try it"])
def api_extract(body: ExtractRequest) -> dict[str, Any]:
    """Statements in a pasted text (never stored), in the store's statement-dict shape."""
    article = _article(body.text, None, body.title or "")
    return result_view(_extract(article))


async def _read_upload(file: Optional[UploadFile]) -> tuple[str, bytes] | None:
    if file is None or not file.filename:
        return None
    name = os.path.basename(file.filename)
    if not name.lower().endswith(SUFFIXES):
        raise UsageError(f"Upload a .txt or .html file, not {name!r}.")
    data = await file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise UsageError(f"{name} is larger than {MAX_BYTES // 1_000_000} MB: upload a smaller file.")
    return name, data


def _article(text: str, upload: tuple[str, bytes] | None, title: str) -> Article:
    """Read the pasted text or the uploaded file with quoth's own readers."""
    if upload is None and not text.strip():
        raise UsageError("Paste some text or choose a file first.")
    name, data = upload if upload else ("pasted.txt", text.encode("utf-8"))
    errors: list[InputError] = []
    with tempfile.TemporaryDirectory(prefix="quoth-try-") as tmp:
        path = os.path.join(tmp, name)
        with open(path, "wb") as fh:
            fh.write(data)
        from quoth.readers import read

        articles = list(read([path], on_error=errors.append))
    if not articles:
        raise errors[0] if errors else UsageError("No article text was found.")
    article = articles[0].with_(path=None)
    return article.with_(title=title.strip()) if title.strip() else article


def _extract(article: Article) -> ArticleResult:
    from quoth.errors import ModelError
    from quoth.extraction import process_batch
    from quoth.failures import extraction_error

    result = process_batch([article])[0]
    error = extraction_error(result)
    if error is not None:  # shown, and nothing saved
        raise ModelError(f"Skipped {error}")
    return result


def _save(request: Request, result: ArticleResult) -> str:
    from quoth.store import Store

    with Store(request.app.state.settings.db) as store:
        store.add([result])
    return result.article.id


def result_view(result: ArticleResult) -> dict[str, Any]:
    """An extraction result in the store's article shape (statement dicts, text)."""
    a = result.article
    return {**a.to_dict(), "text": a.text, "statements": [_flat(s, a) for s in result.statements]}


def _flat(s: Any, a: Article) -> dict[str, Any]:
    cue, mention = s.cue, s.speaker.mention
    return {
        "id": s.id, "article_id": a.id, "kind": s.kind, "content": s.content.text,
        "content_start": s.content.start, "content_end": s.content.end,
        "spans": [list(p) for p in s.content.spans],
        "cue": cue.text if cue else None, "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "speaker": s.speaker.name, "speaker_id": None,
        "speaker_mention": mention.text if mention else None,
        "speaker_mention_start": mention.start if mention else None,
        "speaker_mention_end": mention.end if mention else None,
        "speaker_type": s.speaker.type, "speaker_title": s.speaker.title,
        "confidence": s.confidence, "said_on": s.said_on, "occasion": s.occasion,
        "about": [e.to_dict() for e in s.about],
        "title": a.title, "outlet": a.outlet, "published": a.published, "url": a.url,
    }
