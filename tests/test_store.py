"""The versioned store: snapshots, activation rules, atomic loads, bundled standby."""

from __future__ import annotations

from pathlib import Path

import pytest

from caspian.freshness import ListVersion
from caspian.lists.base import ListData
from caspian.lists.bundled import bundled_list, ensure_bundled
from caspian.lists.store import BUNDLED_SOURCE, Store, activation, prune_plan
from caspian.model import Entity


def _list(
    tmp_path: Path, source: str, published: str | None, names: list[str], tag: str
) -> ListData:
    file = tmp_path / f"{source}-{tag}.txt"
    file.write_text("\n".join(names) + tag)
    entities = []
    for i, name in enumerate(names):
        entity = Entity(id=f"{source}-{i}", schema="Organization", source=source, source_id=str(i))
        entity.add("name", name)
        entities.append(entity)
    return ListData(
        source=source,
        format="test",
        title=f"{source} test list",
        entities=entities,
        files=[file],
        published=published,
    )


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


def test_load_creates_active_snapshot(store: Store, tmp_path: Path) -> None:
    outcome = store.add(_list(tmp_path, "un-sc", "2026-02-01", ["A", "B"], "x"), origin="t")
    assert outcome.status == "activated"
    assert outcome.version.entity_count == 2
    assert outcome.version.content_hash.startswith("sha256:")
    assert [v.source for v in store.active()] == ["un-sc"]
    assert sorted(e.caption for e in store.active_entities()) == ["A", "B"]


def test_same_content_is_not_stored_twice(store: Store, tmp_path: Path) -> None:
    first = store.add(_list(tmp_path, "un-sc", "2026-02-01", ["A"], "x"), origin="t")
    again = store.add(_list(tmp_path, "un-sc", "2026-02-01", ["A"], "x"), origin="t")
    assert again.status == "unchanged"
    assert again.version.snapshot_id == first.version.snapshot_id
    assert len(store.snapshots("un-sc")) == 1


def test_older_version_is_stored_but_not_activated(store: Store, tmp_path: Path) -> None:
    new = store.add(_list(tmp_path, "un-sc", "2026-02-01", ["New"], "n"), origin="t")
    old = store.add(_list(tmp_path, "un-sc", "2025-01-01", ["Old"], "o"), origin="t")
    assert old.status == "stored-inactive"
    assert "newer" in old.message
    assert [v.snapshot_id for v in store.active()] == [new.version.snapshot_id]
    assert [e.caption for e in store.active_entities()] == ["New"]
    assert len(store.snapshots("un-sc")) == 2


def test_failed_load_keeps_previous_snapshot(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = store.add(_list(tmp_path, "un-sc", "2026-01-01", ["Good"], "g"), origin="t")
    calls = {"n": 0}
    original = Entity.to_json

    def crash_on_second(self: Entity) -> bytes:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("disk full")
        return original(self)

    monkeypatch.setattr(Entity, "to_json", crash_on_second)
    with pytest.raises(OSError, match="disk full"):
        store.add(_list(tmp_path, "un-sc", "2026-03-01", ["N1", "N2", "N3"], "n"), origin="t")
    monkeypatch.undo()
    assert [v.snapshot_id for v in store.active()] == [good.version.snapshot_id]
    assert len(store.snapshots("un-sc")) == 1
    assert [e.caption for e in store.active_entities()] == ["Good"]


def test_duplicate_ids_in_one_list_are_merged(store: Store, tmp_path: Path) -> None:
    data = _list(tmp_path, "un-sc", "2026-01-01", ["A", "B"], "d")
    data.entities[1].id = data.entities[0].id
    outcome = store.add(data, origin="t")
    assert outcome.version.entity_count == 1
    (entity,) = store.active_entities()
    assert entity.get("name") == ["A", "B"]
    assert any("merged" in w for w in store.snapshot_warnings(outcome.version.snapshot_id or 0))


def test_bundled_snapshot_stands_by_behind_official_lists(store: Store, tmp_path: Path) -> None:
    ensure_bundled(store)
    assert ensure_bundled(store) is None  # once per content version
    (bundled,) = store.active()
    assert bundled.bundled and bundled.source == BUNDLED_SOURCE
    assert bundled.published == bundled_list().published
    count = len(store.active_entities())
    assert count == bundled.entity_count > 50
    store.add(_list(tmp_path, "un-sc", "2026-01-01", ["A"], "a"), origin="t")
    assert [v.source for v in store.active()] == ["un-sc"]
    assert {v.source for v in store.all_active()} == {"un-sc", BUNDLED_SOURCE}


def test_same_id_in_two_lists_newest_publication_wins(store: Store, tmp_path: Path) -> None:
    old = _list(tmp_path, "ofac-sdn", "2024-01-01", ["Old name"], "o")
    new = _list(tmp_path, "ofac-sls-irgc", "2024-08-28", ["New name"], "n")
    new.entities[0].id = old.entities[0].id
    store.add(new, origin="t")
    store.add(old, origin="t")
    (entity,) = store.active_entities()
    assert entity.caption == "New name"


def test_resolve_references(store: Store, tmp_path: Path) -> None:
    a = store.add(_list(tmp_path, "un-sc", "2025-01-01", ["A"], "a"), origin="t").version
    b = store.add(_list(tmp_path, "un-sc", "2026-01-01", ["B"], "b"), origin="t").version
    assert store.resolve(str(a.snapshot_id)).snapshot_id == a.snapshot_id
    assert store.resolve(f"#{b.snapshot_id}").snapshot_id == b.snapshot_id
    assert store.resolve("un-sc").snapshot_id == b.snapshot_id
    assert store.resolve("un-sc@2025-01").snapshot_id == a.snapshot_id


def test_store_persists_across_connections(tmp_path: Path) -> None:
    with Store(tmp_path / "d") as first:
        first.add(_list(tmp_path, "un-sc", "2026-01-01", ["Kept"], "k"), origin="t")
    with Store(tmp_path / "d") as second:
        assert [e.caption for e in second.active_entities()] == ["Kept"]


def _version(
    snapshot_id: int, published: str | None, *, source: str = "un-sc", loaded: str = "10",
    bundled: bool = False,
) -> ListVersion:  # fmt: skip
    return ListVersion(source=source, title=source, format="test", published=published,
                       published_from="file", content_hash=f"sha256:{snapshot_id:064x}",
                       loaded_at=f"2026-01-01T00:00:{loaded}+00:00", entity_count=snapshot_id,
                       snapshot_id=snapshot_id, bundled=bundled)  # fmt: skip


# active (id, published) or None; new list's published; id of the same content stored.
ACTIVATION_TABLE = [
    (None, "2026-01-01", None, "activated", "loaded"),
    (None, None, None, "activated", "loaded"),
    (None, "2026-01-01", 4, "activated", "re-activated"),
    ((1, "2025-01-01"), "2026-01-01", None, "activated", "loaded"),
    ((1, "2026-01-01"), "2026-01-01", None, "activated", "loaded"),  # a tie: the newer load
    ((1, "2026-01-01"), "2025-12-31", None, "stored-inactive", "stored but not activated"),
    ((1, "2026-01-01"), None, None, "stored-inactive", "is newer (2026-01-01)"),
    ((1, None), "2020-01-01", None, "activated", "loaded"),
    ((1, None), None, None, "activated", "loaded"),
    ((1, "2026-01-01"), "2026-01-01", 1, "unchanged", "already the active snapshot"),
    ((1, "2026-01-01"), "2020-01-01", 1, "unchanged", "already the active snapshot"),
    ((1, "2025-01-01"), "2026-01-01", 4, "activated", "re-activated"),
    ((1, "2026-01-01"), "2025-01-01", 4, "stored-inactive", "already stored but not activated"),
    ((7, "2026-01-01T12:00:00"), "2026-01-01", None, "stored-inactive", "snapshot #7"),
]


@pytest.mark.parametrize(("active", "published", "stored", "status", "words"), ACTIVATION_TABLE)
def test_activation_rule(
    active: tuple[int, str | None] | None, published: str | None, stored: int | None,
    status: str, words: str,
) -> None:  # fmt: skip
    current = _version(*active) if active else None
    decision = activation(current, published, stored)
    assert decision.status == status
    assert words in decision.message


@pytest.mark.parametrize(
    ("active_published", "published", "same_content", "status"),
    [
        (None, "2026-01-01", False, "activated"),
        ("2025-01-01", "2026-01-01", False, "activated"),
        ("2026-01-01", "2026-01-01", False, "activated"),
        ("2026-01-01", "2025-12-31", False, "stored-inactive"),
        ("2026-01-01", None, False, "stored-inactive"),
        (None, None, False, "activated"),
        ("2026-01-01", "2026-01-01", True, "unchanged"),
    ],
)
def test_store_add_applies_the_rule(
    tmp_path: Path,
    active_published: str | None,
    published: str | None,
    same_content: bool,
    status: str,
) -> None:
    """Store.add does what the rule says, and the active snapshot afterwards agrees."""
    store = Store(tmp_path / "d")
    first = store.add(_list(tmp_path, "un-sc", active_published, ["A"], "a"), origin="t")
    tag = "a" if same_content else "b"
    outcome = store.add(_list(tmp_path, "un-sc", published, ["A"], tag), origin="t")
    assert outcome.status == status
    winner = outcome.version if status == "activated" else first.version
    assert [v.snapshot_id for v in store.active()] == [winner.snapshot_id]
    assert len(store.snapshots("un-sc")) == (1 if same_content else 2)


def test_prune_plan_keeps_active_and_bundled_whatever_their_age() -> None:
    versions = [
        _version(1, "2021-01-01"), _version(2, "2022-01-01"), _version(3, "2023-01-01"),
        _version(4, "2023-01-01", loaded="20"), _version(5, None),
        _version(6, "2020-01-01", source="ofac-sdn"), _version(7, "2024-01-01", source="ofac-sdn"),
        _version(8, "2019-01-01", source=BUNDLED_SOURCE, bundled=True),
        _version(9, "2025-01-01", source=BUNDLED_SOURCE, bundled=True),
    ]  # fmt: skip
    plan = {keep: [v.snapshot_id for v in prune_plan(versions, {1, 7, 9}, keep)]
            for keep in (0, 1, 2, 5)}  # fmt: skip
    # Newest first: un-sc 4 (same date as 3, loaded later), 3, 2, 1 (active), 5 (undated).
    assert plan == {0: [2, 3, 4, 5, 6], 1: [2, 3, 5, 6], 2: [2, 5], 5: []}
