"""List versions and their age: nobody screens against a stale list without being told."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

DEFAULT_MAX_AGE_DAYS = 7
# A publication date may be this many days after today (UTC) and no more: a list dated
# in Canberra's morning is still yesterday in UTC; a date further ahead is a wrong file
# or a wrong clock, and would outrank every real list that follows (see store.activation).
FUTURE_DAYS = 1

PUBLISHED_FROM_LABELS = {
    "file": "published",
    "http": "server date",
    "mtime": "file time, no date in the list",
    "user": "set by user",
    "download": "download date, no date in the list or from the server",
    "snapshot": "snapshot as of",
}


@dataclass(frozen=True, slots=True)
class ListVersion:
    """One snapshot of one list, as results cite it."""

    source: str
    title: str
    format: str
    published: str | None
    published_from: str
    content_hash: str
    loaded_at: str
    entity_count: int
    snapshot_id: int | None = None
    bundled: bool = False

    @property
    def version(self) -> str:
        """What a result cites: the publication date and a short content hash."""
        day = self.published or self.loaded_at[:10]
        return f"{day}#{self.content_hash[:12]}"

    def age_days(self, today: date) -> int | None:
        if not self.published:
            return None
        try:
            published = date.fromisoformat(self.published[:10])
        except ValueError:
            return None
        return (today - published).days

    def describe_date(self) -> str:
        if not self.published:
            return "no publication date"
        label = (
            "snapshot as of"
            if self.bundled
            else PUBLISHED_FROM_LABELS.get(self.published_from, self.published_from)
        )
        return f"{self.published} ({label})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "title": self.title,
            "version": self.version,
            "published": self.published,
            "published_from": self.published_from,
            "content_hash": self.content_hash,
            "loaded_at": self.loaded_at,
            "entity_count": self.entity_count,
            "snapshot": self.snapshot_id,
            "bundled": self.bundled,
        }


def today_utc() -> date:
    return datetime.now(UTC).date()


def day_of(published: str | None) -> date | None:
    """The day an ISO date or date-time names, or None."""
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def in_future(published: str | None, today: date) -> bool:
    """Whether `published` is more than FUTURE_DAYS after `today`: a date to refuse."""
    day = day_of(published)
    return day is not None and day > today + timedelta(days=FUTURE_DAYS)


def future_problem(published: str | None, today: date, what: str) -> str | None:
    """Why a publication date is refused (it lies in the future), or None.

    `what` says where the date came from ("the file says it was published").
    """
    if not in_future(published, today):
        return None
    return (
        f"{what} {published}, more than {FUTURE_DAYS} day after today ({today.isoformat()}, "
        "UTC): a wrong file or a wrong clock; a date in the future would outrank every "
        "real list that follows"
    )


def warnings(
    versions: list[ListVersion], *, today: date, max_age_days: int = DEFAULT_MAX_AGE_DAYS
) -> list[str]:
    """Warnings a screening result must carry about the lists it used."""
    out: list[str] = []
    if not versions:
        out.append("no list is loaded: nothing was screened against any sanctions list")
    for v in versions:
        age = v.age_days(today)
        if v.bundled:
            out.append(
                f"{v.source}: screening against Caspian's bundled snapshot as of {v.published}, "
                "not the official lists; run `caspian lists update`"
            )
        elif age is None:
            out.append(f"{v.source}: publication date unknown; its age cannot be checked")
        elif age < 0:
            out.append(
                f"{v.source}: list is dated {-age} day{'s' if age < -1 else ''} in the future "
                f"({v.describe_date()}, today is {today.isoformat()} UTC): check the clock "
                "and the file; its age cannot be checked"
            )
        elif age > max_age_days:
            out.append(
                f"{v.source}: list is {age} days old ({v.describe_date()}), "
                f"older than the maximum of {max_age_days} days"
            )
        if v.published_from in {"mtime", "download"} and not v.bundled:
            out.append(
                f"{v.source}: the list carries no publication date; its age is taken from "
                "the file's modification time"
            )
    return out
