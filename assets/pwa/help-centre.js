/* The help centre in the customer app: browse by category, search (Bengali, Banglish, English),
 * read articles, "was this helpful?". Every list and article read online is kept in the phone's
 * IndexedDB ("help" store of sync-core.js), and the most read articles are fetched ahead, so they
 * open with no network. Feedback goes through the outbox (sync mutation kb.feedback). */
import React, { useEffect, useState } from "react";

const h = React.createElement;
const POPULAR_AHEAD = 10;

async function fetchJSON(core, url, key) {
  // Network first (with the stored ETag, so an unchanged article costs a 304); the stored copy
  // when offline or the server is unreachable.
  const sync = await core();
  const stored = await sync.getHelp(key).catch(() => undefined);
  try {
    const headers = stored && stored.etag ? { "If-None-Match": stored.etag } : {};
    const response = await fetch(url, { headers, credentials: "same-origin" });
    if (response.status === 304 && stored) return { data: stored.data, offline: false };
    if (!response.ok) {
      if (stored) return { data: stored.data, offline: false };
      return { data: null, offline: false, status: response.status };
    }
    const data = await response.json();
    await sync.saveHelp({ id: key, data, etag: response.headers.get("ETag") || "" }).catch(() => undefined);
    return { data, offline: false };
  } catch (error) {
    return { data: stored ? stored.data : null, offline: true };
  }
}

function articleKey(lang, slug) {
  return `${lang}/${slug}`;
}

async function keepPopularAhead(core, lang) {
  if (typeof navigator !== "undefined" && navigator.onLine === false) return;
  const { data } = await fetchJSON(core, `/api/kb/popular?lang=${lang}&limit=${POPULAR_AHEAD}`, `popular:${lang}`);
  for (const item of data || []) {
    await fetchJSON(core, `/api/kb/articles/${item.lang}/${encodeURIComponent(item.slug)}`, articleKey(item.lang, item.slug));
  }
}

function link(navigate, href, text, attrs) {
  return h("a", Object.assign({ href, onClick: (e) => { e.preventDefault(); navigate(href); } }, attrs || {}), text);
}

function ArticleList({ items, navigate, id }) {
  return h("ul", { className: "list", id },
    (items || []).map((a) => h("li", { className: "card", key: a.url || a.id },
      link(navigate, a.url, h(React.Fragment, null,
        h("div", { className: "row-title" }, a.title),
        a.excerpt || a.summary ? h("div", { className: "muted small" }, a.excerpt || a.summary) : null,
      ), { className: "card-link" }),
    )));
}

async function searchOffline(core, lang, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const records = await (await core()).allHelp().catch(() => []);
  return records
    .filter((r) => r.id.startsWith(`${lang}/`) && r.data && r.data.title)
    .map((r) => r.data)
    .filter((a) => words.some((w) => `${a.title} ${a.summary} ${a.body_md}`.toLowerCase().includes(w)));
}

export function HelpHome({ t, state, navigate, core }) {
  const lang = state.locale === "en" ? "en" : "bn";
  const [categories, setCategories] = useState(null);
  const [open, setOpen] = useState("");
  const [articles, setArticles] = useState({});
  const [popular, setPopular] = useState([]);
  const [query, setQuery] = useState("");
  const [results, setResults] = useState(null);
  const [offline, setOffline] = useState(false);
  const [suggestions, setSuggestions] = useState([]);

  useEffect(() => {
    // Autocomplete: article titles that start like what is typed (online only; quiet on errors).
    const typed = query.trim();
    if (typed.length < 2) { setSuggestions([]); return undefined; }
    const timer = setTimeout(() => {
      fetch(`/api/kb/suggest?q=${encodeURIComponent(typed)}&lang=${lang}&limit=6`, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : []))
        .then((items) => setSuggestions(items || []))
        .catch(() => setSuggestions([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [query, lang]);

  useEffect(() => {
    let live = true;
    fetchJSON(core, `/api/kb/categories?lang=${lang}`, `categories:${lang}`).then((r) => {
      if (live) { setCategories(r.data || []); setOffline(r.offline); }
    });
    fetchJSON(core, `/api/kb/popular?lang=${lang}&limit=5`, `popular5:${lang}`).then((r) => live && setPopular(r.data || []));
    keepPopularAhead(core, lang).catch(() => undefined);
    return () => { live = false; };
  }, [lang]);

  const openCategory = async (slug) => {
    setOpen(open === slug ? "" : slug);
    if (!articles[slug]) {
      const r = await fetchJSON(core, `/api/kb/articles?lang=${lang}&category=${slug}`, `category:${lang}:${slug}`);
      setArticles(Object.assign({}, articles, { [slug]: r.data || [] }));
    }
  };

  const search = async (event) => {
    event.preventDefault();
    setSuggestions([]);
    const q = query.trim();
    if (!q) return;
    try {
      const response = await fetch(`/api/kb/search?q=${encodeURIComponent(q)}&limit=8`, { credentials: "same-origin" });
      if (!response.ok) throw new Error(String(response.status));
      setResults((await response.json()).results);
    } catch (error) {
      setResults(await searchOffline(core, lang, q));
    }
  };

  return h(React.Fragment, null,
    h("div", { className: "title-row" },
      h("h1", null, t("help_title")),
      link(navigate, "/", t("my_tickets"), { className: "button" }),
    ),
    offline ? h("p", { className: "banner notice", id: "help-offline" }, t("help_offline")) : null,
    h("form", { className: "inline-form", onSubmit: search, role: "search" },
      h("input", { className: "input", id: "help-search", type: "search", value: query, placeholder: t("help_search_placeholder"),
        "aria-label": t("help_search"), onChange: (e) => { setQuery(e.target.value); setResults(null); } }),
      h("button", { className: "button primary", type: "submit" }, t("help_search")),
    ),
    suggestions.length && results === null
      ? h("ul", { className: "list small", id: "help-suggestions" }, suggestions.map((s) =>
        h("li", { key: s.url }, link(navigate, s.url, s.title))))
      : null,
    results === null ? null : results.length === 0
      ? h("p", { className: "empty", id: "help-no-results" }, t("help_no_results"))
      : h(ArticleList, { items: results, navigate, id: "help-results" }),
    popular.length ? h("section", null, h("h2", null, t("help_popular")), h(ArticleList, { items: popular, navigate, id: "help-popular" })) : null,
    h("h2", null, t("help_categories")),
    categories === null ? h("p", { className: "muted" }, t("loading")) :
      h("ul", { className: "list", id: "help-categories" }, categories.filter((c) => c.article_count > 0).map((c) =>
        h("li", { key: c.slug, className: "card" },
          h("button", { type: "button", className: "link-button", onClick: () => openCategory(c.slug) }, `${c.name} (${c.article_count})`),
          open === c.slug ? h(ArticleList, { items: articles[c.slug], navigate, id: `help-category-${c.slug}` }) : null,
        ))),
  );
}

function feedbackKey(articleId) {
  return `seba-kb-feedback:${articleId}`;
}

export function HelpArticle({ t, state, navigate, core, kick, lang, slug }) {
  const [page, setPage] = useState(null);
  const [missing, setMissing] = useState(false);
  const [offline, setOffline] = useState(false);
  const [answered, setAnswered] = useState("");

  useEffect(() => {
    let live = true;
    setPage(null);
    setMissing(false);
    fetchJSON(core, `/api/kb/articles/${lang}/${encodeURIComponent(slug)}`, articleKey(lang, slug)).then((r) => {
      if (!live) return;
      setOffline(r.offline);
      if (!r.data) { setMissing(true); return; }
      setPage(r.data);
      try { setAnswered(window.localStorage.getItem(feedbackKey(r.data.id)) || ""); } catch (e) { /* blocked */ }
      if (!r.offline) {
        fetch(`/api/kb/articles/${r.data.id}/view`, { method: "POST" }).catch(() => undefined);
        keepPopularAhead(core, lang).catch(() => undefined);
      }
    });
    return () => { live = false; };
  }, [lang, slug]);

  const answer = async (helpful) => {
    setAnswered(helpful ? "yes" : "no");
    try { window.localStorage.setItem(feedbackKey(page.id), helpful ? "yes" : "no"); } catch (e) { /* blocked */ }
    await (await core()).sendKbFeedback(page.id, helpful);
    kick("enqueue");
  };

  if (missing) return h("p", { className: "empty", id: "help-missing" }, offline ? t("help_not_saved") : t("help_not_found"));
  if (!page) return h("p", { className: "muted" }, t("loading"));
  const other = Object.entries(page.translations || {})[0];
  return h("article", { className: "stack help-article", id: "help-article", "data-article-id": page.id },
    link(navigate, "/help", t("help_back"), { className: "back-link" }),
    offline ? h("p", { className: "banner notice", id: "help-offline" }, t("help_offline_copy")) : null,
    h("h1", null, page.title),
    other ? link(navigate, other[1], other[0] === "en" ? "Read in English" : "বাংলায় পড়ুন", { className: "small", id: "help-translation" }) : null,
    h("div", { className: "help-body", dangerouslySetInnerHTML: { __html: page.body_html } }),
    h("section", { className: "panel", id: "help-feedback" },
      answered
        ? h("p", { id: "help-thanks" }, t("help_thanks"))
        : h(React.Fragment, null,
          h("p", null, t("help_was_helpful")),
          h("div", { className: "row-top" },
            h("button", { type: "button", className: "button", id: "help-yes", onClick: () => answer(true) }, t("help_yes")),
            h("button", { type: "button", className: "button", id: "help-no", onClick: () => answer(false) }, t("help_no")),
          ),
          state.session ? null : h("p", { className: "muted small" }, t("help_feedback_sign_in")),
        ),
    ),
    page.related && page.related.length
      ? h("section", null, h("h2", null, t("help_related")), h(ArticleList, { items: page.related, navigate, id: "help-related" }))
      : null,
  );
}
