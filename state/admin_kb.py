"""Supervisors and admins: the help-centre editor (articles, versions, translations) and its analytics."""

from __future__ import annotations

import uuid

import reflex as rx
from sqlmodel import select

from backend.db import Actor, read_session, transaction
from backend.errors import SebaError
from backend.knowledge import queries, services
from backend.models.enums import Role
from backend.models.knowledge import KbArticle, KbCategory
from state.session import SessionState


class AdminKbState(SessionState):
    articles: list[dict[str, str]] = []
    missed: list[dict[str, str]] = []
    categories: list[list[str]] = []
    selected_id: str = ""
    title: str = ""
    summary: str = ""
    keywords: str = ""
    body: str = ""
    status: str = ""
    lang: str = ""
    translation_id: str = ""
    versions: list[dict[str, str]] = []
    notice: str = ""

    def _editor(self) -> Actor | None:
        agent = self._agent(Role.supervisor)
        return Actor.agent(agent.id) if agent is not None else None

    @rx.event
    def load(self):
        self.error, self.notice = "", ""
        if self._editor() is None:
            return self._turn_away()
        self._refresh()
        article_id = str(self.router.page.params.get("article", ""))
        if article_id:
            self._select(article_id)
        return None

    def _refresh(self) -> None:
        with read_session() as session:
            self.articles = [
                {
                    "id": a.id,
                    "slug": a.slug,
                    "lang": a.lang,
                    "title": a.title,
                    "status": a.status,
                    "views": str(a.views),
                    "helpful": ""
                    if a.helpful_ratio is None
                    else f"{a.helpful_ratio:.0%} ({a.helpful_yes + a.helpful_no})",
                }
                for a in queries.article_stats(session)
            ]
            self.missed = [
                {"query": m.query, "times": str(m.times), "last_at": m.last_at.strftime("%Y-%m-%d %H:%M")}
                for m in queries.searches_without_results(session)
            ]
            self.categories = [
                [c.slug, f"{c.name_bn} / {c.name_en}"] for c in session.exec(select(KbCategory)).all()
            ]

    def _select(self, article_id: str) -> None:
        with read_session() as session:
            try:
                article = services.get_article(session, article_id)
            except SebaError as exc:
                self._error(exc)
                return
            self.selected_id = str(article.id)
            self.title, self.summary, self.keywords = article.title, article.summary, article.keywords
            self.body, self.status, self.lang = article.body_md, article.status, article.lang
            other = session.exec(
                select(KbArticle).where(KbArticle.group_id == article.group_id, KbArticle.id != article.id)
            ).first()
            self.translation_id = str(other.id) if other is not None else ""
            self.versions = [
                {
                    "version": str(v.version),
                    "status": v.status,
                    "note": v.note,
                    "actor": v.actor,
                    "at": v.created_at.strftime("%Y-%m-%d %H:%M"),
                }
                for v in services.list_versions(session, article.id)
            ]

    @rx.event
    def select(self, article_id: str) -> None:
        self.error, self.notice = "", ""
        self._select(article_id)

    @rx.event
    def set_body(self, value: str) -> None:
        self.body = value

    def _write(self, action) -> None:  # type: ignore[no-untyped-def]
        actor = self._editor()
        if actor is None or not self.selected_id:
            return
        self.error, self.notice = "", ""
        try:
            with transaction(actor) as tx:
                action(tx, uuid.UUID(self.selected_id))
        except SebaError as exc:
            self._error(exc)
            return
        self.notice = "সংরক্ষিত হয়েছে। / Saved."
        self._refresh()
        self._select(self.selected_id)

    @rx.event
    def save(self, form: dict) -> None:
        self._write(
            lambda tx, article_id: services.update_article(
                tx,
                article_id,
                title=form.get("title", ""),
                summary=form.get("summary", ""),
                keywords=form.get("keywords", ""),
                body_md=self.body,
                note=form.get("note", "") or "edited",
            )
        )

    @rx.event
    def toggle_published(self) -> None:
        publish = self.status != "published"
        self._write(lambda tx, article_id: services.set_published(tx, article_id, publish))

    @rx.event
    def restore(self, version: str) -> None:
        self._write(lambda tx, article_id: services.restore_version(tx, article_id, int(version)))

    @rx.event
    def add_translation(self, form: dict) -> None:
        actor = self._editor()
        if actor is None or not self.selected_id:
            return
        try:
            with transaction(actor) as tx:
                created = services.add_translation(
                    tx,
                    self.selected_id,
                    lang="en" if self.lang == "bn" else "bn",
                    title=form.get("title", ""),
                    body_md=form.get("body", ""),
                )
                new_id = str(created.id)
        except SebaError as exc:
            self._error(exc)
            return
        self._refresh()
        self._select(new_id)

    @rx.event
    def create(self, form: dict) -> None:
        actor = self._editor()
        if actor is None:
            return
        self.error = ""
        try:
            with transaction(actor) as tx:
                created = services.create_article(
                    tx,
                    lang=form.get("lang", "bn"),
                    slug=form.get("slug", ""),
                    category=form.get("category", ""),
                    title=form.get("title", ""),
                    body_md=form.get("body", ""),
                )
                new_id = str(created.id)
        except SebaError as exc:
            self._error(exc)
            return
        self._refresh()
        self._select(new_id)
