"""ElasticsearchSearch without a server: its index mapping, documents, and the alias swap of a reindex.

The search contract itself runs against a real Elasticsearch in test_search_contract.py whenever
ELASTICSEARCH_URL is set; these tests pin what a reindex does to the cluster, step by step.
"""

from __future__ import annotations

from typing import Any

import pytest

from backend.knowledge.search.base import IndexedArticle
from backend.knowledge.search.elastic import MAPPINGS, ElasticsearchSearch

pytestmark = pytest.mark.no_stores


class FakeIndices:
    def __init__(self) -> None:
        self.aliases: dict[str, set[str]] = {}  # index -> aliases
        self.calls: list[tuple[str, Any]] = []

    def create(self, index: str, mappings: dict, settings: dict) -> None:
        self.calls.append(("create", index))
        self.aliases[index] = set()
        self.mappings = mappings

    def exists_alias(self, name: str) -> bool:
        return any(name in a for a in self.aliases.values())

    def get_alias(self, name: str) -> dict[str, Any]:
        return {i: {"aliases": {name: {}}} for i, a in self.aliases.items() if name in a}

    def update_aliases(self, actions: list[dict]) -> None:
        self.calls.append(("update_aliases", actions))
        for action in actions:
            for verb, spec in action.items():
                target = self.aliases[spec["index"]]
                (target.add if verb == "add" else target.discard)(spec["alias"])

    def refresh(self, index: str) -> None:
        self.calls.append(("refresh", index))

    def delete(self, index: str, ignore_unavailable: bool = False) -> None:
        self.calls.append(("delete", index))
        self.aliases.pop(index, None)


class FakeClient:
    def __init__(self) -> None:
        self.indices = FakeIndices()


def _article(n: int, lang: str = "bn") -> IndexedArticle:
    return IndexedArticle(f"id-{n}", f"group-{n}", f"slug-{n}", lang, f"শিরোনাম {n}", "লেখা", "", True)


@pytest.fixture
def bulk(monkeypatch: pytest.MonkeyPatch) -> list[dict]:
    sent: list[dict] = []

    def streaming_bulk(client: Any, actions: Any, chunk_size: int = 500) -> Any:
        for action in actions:
            sent.append(action)
            yield True, {"index": {"_id": action["_id"]}}

    from elasticsearch import helpers

    monkeypatch.setattr(helpers, "streaming_bulk", streaming_bulk)
    return sent


def test_the_mapping_uses_the_bengali_and_english_analyzers() -> None:
    fields = MAPPINGS["properties"]
    assert fields["title_bn"]["analyzer"] == fields["body_bn"]["analyzer"] == "bengali"
    assert fields["title_en"]["analyzer"] == fields["body_en"]["analyzer"] == "english"
    assert fields["title_suggest"]["type"] == "search_as_you_type"
    document = ElasticsearchSearch.document(_article(1, "en"))
    assert document["title_en"] == "শিরোনাম 1" and "title_bn" not in document


def test_reindex_fills_a_new_index_then_moves_the_alias_in_one_step(bulk: list[dict]) -> None:
    client = FakeClient()
    store = ElasticsearchSearch("http://unused", alias="seba-kb", client=client)
    progress: list[tuple[int, int]] = []
    assert (
        store.rebuild([_article(n) for n in range(1200)], progress=lambda d, t: progress.append((d, t)))
        == 1200
    )
    first = next(name for verb, name in client.indices.calls if verb == "create")
    assert client.indices.aliases == {first: {"seba-kb"}}
    assert progress == [(500, 1200), (1000, 1200), (1200, 1200)]
    assert {a["_index"] for a in bulk} == {first}  # written to the new index, not through the alias

    client.indices.calls.clear()
    bulk.clear()
    store.rebuild([_article(n) for n in range(3)])
    verbs = [verb for verb, _ in client.indices.calls]
    assert verbs == ["create", "refresh", "update_aliases", "delete"]
    second = client.indices.calls[0][1]
    swap = client.indices.calls[2][1]
    # One atomic update: searches see the old index until the new one is complete.
    assert swap == [
        {"remove": {"index": first, "alias": "seba-kb"}},
        {"add": {"index": second, "alias": "seba-kb"}},
    ]
    assert client.indices.calls[3] == ("delete", first)
    assert client.indices.aliases == {second: {"seba-kb"}}


def test_a_failed_bulk_item_stops_the_reindex_before_the_alias_moves(monkeypatch: pytest.MonkeyPatch) -> None:
    from elasticsearch import helpers

    from backend.errors import SebaError

    def failing(client: Any, actions: Any, chunk_size: int = 500) -> Any:
        for _action in actions:
            yield False, {"index": {"error": "mapper_parsing_exception"}}

    monkeypatch.setattr(helpers, "streaming_bulk", failing)
    client = FakeClient()
    store = ElasticsearchSearch("http://unused", alias="seba-kb", client=client)
    with pytest.raises(SebaError):
        store.rebuild([_article(1)])
    assert not any(verb == "update_aliases" for verb, _ in client.indices.calls)
