"""Dashboard pages under ``/ui``. Thin like the API routes: read the caller from the session
cookie, call a scoped service function, render a template."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlparse

from fastapi import APIRouter, FastAPI, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from pydantic import ValidationError

from tradeguard.api import service
from tradeguard.api.deps import COOKIE, context
from tradeguard.api.models import Day, PartyIn
from tradeguard.api.service import ServiceContext
from tradeguard.cases import service as cases
from tradeguard.cases.access import Permission, Principal, allowed
from tradeguard.errors import FieldError, Forbidden, InvalidInput, TradeGuardError
from tradeguard.web.charts import score_chart_svg

__all__ = ["mount", "router"]

router = APIRouter(prefix="/ui", include_in_schema=False)
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


class _LoginNeeded(Exception):
    pass


def _principal(request: Request) -> Principal:
    token = request.cookies.get(COOKIE)
    if not token:
        raise _LoginNeeded
    try:
        return context(request).keys.authenticate(token)
    except TradeGuardError:
        raise _LoginNeeded from None


def _render(
    request: Request, name: str, principal: Principal | None, status: int = 200, **values: Any
) -> HTMLResponse:
    can = {p.value: principal is not None and allowed(principal.role, p) for p in Permission}
    html = _env.get_template(name).render(
        request=request, me=principal, can=can, path=request.url.path, **values
    )
    return HTMLResponse(html, status_code=status)


def _same_origin(request: Request) -> None:
    """Forms post only from our own pages (the cookie is SameSite=Strict as well)."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    if origin and urlparse(origin).netloc != request.url.netloc:
        raise Forbidden("cross-site form post refused")


def _guarded(request: Request, fn: Any) -> Response:
    try:
        principal = _principal(request)
    except _LoginNeeded:
        return RedirectResponse(f"/ui/login?{urlencode({'next': request.url.path})}", 303)
    try:
        response: Response = fn(context(request), principal)
        return response
    except TradeGuardError as exc:
        return _render(request, "error.html", principal, exc.status, error=exc)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: Annotated[str, Query(max_length=200)] = "/ui/") -> Response:
    return _render(request, "login.html", None, next=next if next.startswith("/ui") else "/ui/")


@router.post("/login")
def login(
    request: Request,
    api_key: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=200)] = "/ui/",
) -> Response:
    try:
        _same_origin(request)
        context(request).keys.authenticate(api_key)
    except TradeGuardError as exc:
        return _render(request, "login.html", None, 401, next=next, error=exc.message)
    target = next if next.startswith("/ui") else "/ui/"
    response = RedirectResponse(target, 303)
    response.set_cookie(COOKIE, api_key, httponly=True, samesite="strict", path="/")
    return response


@router.post("/logout")
def logout() -> Response:
    response = RedirectResponse("/ui/login", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def inbox(
    request: Request,
    status: Annotated[str, Query(max_length=20)] = "active",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        if not allowed(me.role, Permission.CASES):
            return RedirectResponse(_home(me), 303)
        items, total = cases.list_cases(
            ctx.engine, me, status=status or None, limit=50, offset=offset
        )
        return _render(
            request, "inbox.html", me, cases=items, total=total, status_filter=status, offset=offset
        )

    return _guarded(request, page)


@router.post("/sync")
def sync(request: Request) -> Response:
    def act(ctx: ServiceContext, me: Principal) -> Response:
        _same_origin(request)
        cases.sync_alerts(ctx.engine, ctx.book(), me)
        return RedirectResponse("/ui/", 303)

    return _guarded(request, act)


@router.get("/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: int) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        view = cases.get_case(ctx.engine, me, case_id)
        return _render(request, "case.html", me, view=view)

    return _guarded(request, page)


@router.post("/cases/{case_id}/{action}")
def case_action(
    request: Request,
    case_id: int,
    action: str,
    text: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    def act(ctx: ServiceContext, me: Principal) -> Response:
        _same_origin(request)
        if action == "comments":
            cases.comment(ctx.engine, me, case_id, text)
        elif action == "assign":
            cases.assign(ctx.engine, me, case_id, text)
        elif action == "confirm":
            cases.confirm(ctx.engine, me, case_id, text)
        elif action == "dismiss":
            cases.dismiss(ctx.engine, me, case_id, text)
        else:
            return _render(request, "error.html", me, 404, error=Forbidden(f"no action {action!r}"))
        return RedirectResponse(f"/ui/cases/{case_id}#timeline", 303)

    return _guarded(request, act)


@router.get("/decisions", response_class=HTMLResponse)
def decisions_page(
    request: Request,
    kind: Annotated[str, Query(max_length=60)] = "",
    subject: Annotated[str, Query(max_length=200)] = "",
    outcome: Annotated[str, Query(max_length=60)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        found = service.list_decisions(
            ctx,
            me,
            kind=kind or None,
            subject=subject or None,
            outcome=outcome or None,
            limit=50,
            offset=offset,
        )
        return _render(
            request, "decisions.html", me, page=found, kind=kind, subject=subject, outcome=outcome
        )

    return _guarded(request, page)


@router.get("/decisions/{decision_id}", response_class=HTMLResponse)
def decision_page(request: Request, decision_id: int) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        item = service.get_decision(ctx, me, decision_id)
        overrides = service.overrides_for(ctx, [item.decision.subject])
        return _render(
            request,
            "decision.html",
            me,
            item=item,
            override=overrides.get((item.decision.subject, item.decision.kind)),
        )

    return _guarded(request, page)


@router.get("/posts", response_class=HTMLResponse)
def posts_page(request: Request) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        rows = service.post_scores(ctx, me)
        latest: dict[str, dict[str, Any]] = {}
        for row in rows:
            latest[row["post_code"]] = row
        chart = Markup(score_chart_svg(rows))
        return _render(
            request,
            "posts.html",
            me,
            rows=rows,
            latest=sorted(latest.values(), key=lambda r: r["post_code"]),
            chart=chart,
        )

    return _guarded(request, page)


def _home(me: Principal) -> str:
    """Where a role without case work starts: screening for a facilitator, the decisions for a
    post, disclosures for a rights holder, publications for the public."""
    for permission, page in (
        (Permission.SCREEN, "/ui/screen"),
        (Permission.DECISIONS, "/ui/decisions"),
        (Permission.DISCLOSURES, "/ui/disclosures"),
    ):
        if allowed(me.role, permission):
            return page
    return "/ui/publications"


def _today() -> dt.date:
    return dt.date.today()


# -- a facilitator's view: screen a party, its notices and deadlines ---------------------------


@router.get("/screen", response_class=HTMLResponse)
def screen_page(request: Request) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        if not allowed(me.role, Permission.SCREEN):
            raise Forbidden(f"role {me.role.value} may not screen parties")
        return _render(request, "screen.html", me, form={}, results=None)

    return _guarded(request, page)


_REFERENCE = re.compile(r"[^A-Z0-9]+")


@router.post("/screen", response_class=HTMLResponse)
def screen_party(
    request: Request,
    name: Annotated[str, Form(max_length=400)],
    party_id: Annotated[str, Form(max_length=100)] = "",
    street: Annotated[str, Form(max_length=300)] = "",
    city: Annotated[str, Form(max_length=100)] = "",
    country: Annotated[str, Form(max_length=2)] = "",
) -> Response:
    form = {"name": name, "party_id": party_id, "street": street, "city": city}
    form["country"] = country

    def act(ctx: ServiceContext, me: Principal) -> Response:
        _same_origin(request)
        reference = party_id.strip() or _REFERENCE.sub("-", name.upper()).strip("-")[:40]
        try:
            party = PartyIn(
                party_id=reference or "PARTY",
                name=name.strip(),
                street=street.strip(),
                city=city.strip(),
                country=country.strip().upper(),
            )
        except ValidationError as exc:
            errors = [
                FieldError(".".join(str(p) for p in e["loc"]), e["msg"]) for e in exc.errors()
            ]
            raise InvalidInput("the party is not valid", errors=errors) from None
        results = service.screen_parties(ctx, me, [party.row()], _today())
        return _render(request, "screen.html", me, form=form, results=results)

    return _guarded(request, act)


@router.get("/notices", response_class=HTMLResponse)
def notices_page(request: Request) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        items = service.deadlines(ctx, me, _today())
        return _render(request, "notices.html", me, items=items, today=_today())

    return _guarded(request, page)


# -- the analysts' views ---------------------------------------------------------------------


@router.get("/overview", response_class=HTMLResponse)
def overview_page(request: Request) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        view = service.overview(ctx, me, _today())
        kinds: dict[str, list[tuple[str, int]]] = {}
        for kind, outcome, n in view.decisions:
            kinds.setdefault(kind, []).append((outcome, n))
        return _render(request, "overview.html", me, view=view, kinds=kinds, today=_today())

    return _guarded(request, page)


@router.get("/importers", response_class=HTMLResponse)
def importers_page(
    request: Request,
    ior: Annotated[str, Query(max_length=16)] = "",
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        demands = service.bond_demands(ctx, me, 50, offset)
        assessment = None
        overrides: dict[tuple[str, str], Any] = {}
        if ior.strip():
            assessment, overrides = service.importer_assessment(ctx, me, ior.strip())
        return _render(
            request,
            "importers.html",
            me,
            demands=demands,
            ior=ior.strip(),
            assessment=assessment,
            overrides=overrides,
        )

    return _guarded(request, page)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        alerts, total = service.screening_alerts(ctx, me, 50, offset)
        return _render(
            request, "alerts.html", me, alerts=alerts, total=total, offset=offset, limit=50
        )

    return _guarded(request, page)


@router.get("/publications", response_class=HTMLResponse)
def publications_page(request: Request, offset: Annotated[int, Query(ge=0)] = 0) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        found = service.publications(ctx, me, 50, offset)
        return _render(request, "publications.html", me, page=found)

    return _guarded(request, page)


@router.get("/disclosures", response_class=HTMLResponse)
def disclosures_page(
    request: Request,
    on: Annotated[Day | None, Query()] = None,
    since: Annotated[Day | None, Query()] = None,
) -> Response:
    def page(ctx: ServiceContext, me: Principal) -> Response:
        day = on or _today()
        packages = service.disclosures(ctx, me, day, since)
        return _render(
            request, "disclosures.html", me, packages=packages, on=day, since=since or ""
        )

    return _guarded(request, page)


def mount(app: FastAPI) -> None:
    """Add the dashboard to ``app`` (``/`` leads to it)."""
    app.include_router(router)

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse("/ui/", 307)
