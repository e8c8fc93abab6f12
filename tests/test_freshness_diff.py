"""List age warnings and entity diffs (pure core)."""

from __future__ import annotations

from datetime import date

from caspian.diff import diff_entities
from caspian.freshness import ListVersion, warnings
from caspian.model import Entity


def _version(**kw: object) -> ListVersion:
    base: dict[str, object] = dict(
        source="un-sc", title="UN", format="un-xml", published="2026-02-27",
        published_from="file", content_hash="sha256:abcdef0123456789",
        loaded_at="2026-03-01T00:00:00",
        entity_count=10, snapshot_id=1,
    )  # fmt: skip
    base.update(kw)
    return ListVersion(**base)  # type: ignore[arg-type]


def test_fresh_list_has_no_warning() -> None:
    assert warnings([_version()], today=date(2026, 3, 1), max_age_days=7) == []


def test_stale_list_is_said_out_loud() -> None:
    (text,) = warnings([_version()], today=date(2026, 3, 10), max_age_days=7)
    assert "11 days old" in text and "un-sc" in text and "7 days" in text


def test_bundled_snapshot_is_always_reported() -> None:
    v = _version(source="caspian-snapshot", bundled=True, published="2024-09-10")
    (text,) = warnings([v], today=date(2024, 9, 11))
    assert "bundled snapshot as of 2024-09-10" in text
    assert v.describe_date() == "2024-09-10 (snapshot as of)"


def test_undated_list_warns_about_file_time() -> None:
    out = warnings([_version(published_from="mtime")], today=date(2026, 2, 28))
    assert any("modification time" in w for w in out)


def test_no_list_at_all_warns() -> None:
    assert warnings([], today=date(2026, 1, 1))


def test_version_label_cites_date_and_hash() -> None:
    assert _version().version == "2026-02-27#sha256:abcde"


def _entity(eid: str, name: str, **props: list[str]) -> Entity:
    e = Entity(id=eid, schema="Person", source="t", source_id=eid)
    e.add("name", name)
    for prop, values in props.items():
        e.add_all(prop, values)
    return e


def test_diff_added_removed_changed_by_field() -> None:
    old = [_entity("a", "Alpha"), _entity("b", "Beta", alias=["B1"]), _entity("c", "Gamma")]
    new = [_entity("b", "Beta", alias=["B2"], birthDate=["1970"]), _entity("c", "Gamma"),
           _entity("d", "Delta")]  # fmt: skip
    result = diff_entities(old, new)
    assert [e.id for e in result.added] == ["d"]
    assert [e.id for e in result.removed] == ["a"]
    (change,) = result.changed
    fields = {f.prop: (f.removed, f.added) for f in change.fields}
    assert fields == {"alias": (("B1",), ("B2",)), "birthDate": ((), ("1970",))}
    assert result.changed_ids == {"b", "d"}
    assert result.summary() == "1 added, 1 removed, 1 changed"
