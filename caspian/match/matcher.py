"""One query against the index: candidate search, scoring, explanation.

The score starts from the best name pair (query name x listed name or alias, see
`align`), less a share for weak aliases, then each feature in `features.FEATURES` adds
its weight x value. A result at or above the threshold is a `match`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace

from caspian.match.align import NameComparison, PreparedName, compare_names, prepare
from caspian.match.config import MatchConfig, default_config
from caspian.match.features import (
    FEATURES,
    Side,
    entity_side,
    identifying,
    legal_forms,
    query_side,
)
from caspian.match.id_index import IdentifierIndex
from caspian.match.index import IndexedName, NameIndex
from caspian.match.query import Query
from caspian.match.query_names import places_differ, read_places, screened_names
from caspian.match.word_table import WordTable, packaged_table
from caspian.model import Entity, schema_is_a
from caspian.names.analyze import analyze
from caspian.names.han_readings import analyses

DEFAULT_THRESHOLD = default_config().threshold
PROP_LABELS = {"name": "name", "alias": "alias", "previousName": "former name",
               "weakAlias": "weak alias"}  # fmt: skip
NO_COMPARISON = NameComparison(0.0, (), (), ())  # a query with no name: nothing compared


@dataclass(slots=True)
class MatchResult:
    entity: Entity
    score: float
    match: bool
    name: str  # the listed name (or alias) that matched best
    query_name: str = ""  # the query's name it was compared with
    prop: str = "name"  # which kind of listed name: name, alias, previousName, weakAlias
    features: dict[str, float] = field(default_factory=dict)
    explanation: str = ""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.entity.id,
            "score": round(self.score, 4),
            "match": self.match,
            "name": self.name,
            "schema": self.entity.schema,
            "lists": self.entity.datasets or [self.entity.source],
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "explanation": self.explanation,
        }


@dataclass(slots=True)
class _Best:
    comparison: NameComparison
    query_name: str
    indexed: IndexedName


class Matcher:
    """Screens queries against a fixed set of entities."""

    def __init__(
        self,
        entities: Sequence[Entity],
        *,
        threshold: float | None = None,
        config: MatchConfig | None = None,
        words: WordTable | None = None,
    ) -> None:
        """`words`: the rarity of name words on all official lists (default: the table
        shipped with Caspian); the entities given only narrow the candidates."""
        self.config = config or default_config()
        self.threshold = self.config.threshold if threshold is None else threshold
        self.index = NameIndex(entities, self.config, words or packaged_table())
        self.ids = IdentifierIndex(self.index.entities)
        self._sides: dict[int, Side] = {}

    @property
    def entities(self) -> list[Entity]:
        return self.index.entities

    def _query_names(self, query: Query) -> list[tuple[str, PreparedName]]:
        return [
            (n, prepare(a, self.index.weigh))
            for n in screened_names(query)  # as given, read apart from clutter, from parts
            for a in analyses(n)  # a Han name also in its Korean, Japanese reading
            if a.tokens
        ]

    def _retrieved(
        self, names: list[tuple[str, PreparedName]], per_name: int
    ) -> dict[int, list[int]]:
        """Listed name id -> the query names (by position) whose keys retrieved it, in the
        order found."""
        found: dict[int, list[int]] = {}
        for position, (_text, prepared) in enumerate(names):
            for name_id in self.index.search(prepared.analysis, per_name):
                found.setdefault(name_id, []).append(position)
        return found

    def candidates(self, query: Query, limit: int = 30) -> list[Entity]:
        """The retrieval step alone: entities whose names share the most keys."""
        per_name = max(limit, self.config.retrieval.names_per_query)
        out: dict[int, None] = {}
        for name_id in self._retrieved(self._query_names(query), per_name):
            out.setdefault(self.index.names[name_id].entity, None)
        return [self.index.entities[i] for i in list(out)[:limit]]

    def match(
        self, query: Query, limit: int = 5, threshold: float | None = None
    ) -> list[MatchResult]:
        """Best results first, at most `limit`; `match` marks those at the threshold."""
        cut = self.threshold if threshold is None else threshold
        names = self._query_names(query)
        qside = query_side(query)
        identified = self.ids.lookup(qside) if qside.identifiers else []
        if not names and not identified:
            return []
        # Each listed name is compared with the query names that retrieved it, not with
        # every query name: the work grows with the query's names, not with their square
        # (a query of 96 names took 5 s; one name is compared as before).
        retrieved = self._retrieved(names, self.config.retrieval.names_per_query)
        pairs = [(self.index.names[i], [names[q] for q in qs]) for i, qs in retrieved.items()]
        best = self._best_names(query, pairs)
        self._add_other_names(query, names, best, retrieved.keys(), limit)
        self._add_identified(query, names, best, identified)
        headroom = self._headroom(qside)
        # The parties an identifier found first: a feature may lift them from any name score.
        first = set(identified)
        ranked = sorted(best.items(), key=lambda kv: (kv[0] not in first, -kv[1].comparison.score))
        results: list[MatchResult] = []
        for position, found in ranked:
            name_score = found.comparison.score
            if name_score <= 0 and position not in first:
                break
            if len(results) >= limit:
                results.sort(key=lambda r: -r.score)
                if name_score + headroom < results[limit - 1].score:
                    break  # no feature can lift this one into the top `limit`
            results.append(self._result(qside, self.index.entities[position], found, cut,
                                        self._side(position)))  # fmt: skip
        # On a tie, the name as written before a name read from it (a reading is a guess).
        results.sort(key=lambda r: (-r.score, r.query_name in qside.readings, r.entity.id))
        return [r for r in results[:limit] if r.score > 0]

    def _add_other_names(
        self,
        query: Query,
        names: list[tuple[str, PreparedName]],
        best: dict[int, _Best],
        compared: Collection[int],
        limit: int,
    ) -> None:
        """Compare the other names of the `limit` entities that retrieved names brought
        closest, with the query name that came closest: a list often files a firm under
        one spelling and its aliases under others, and the one nearest the query need not
        be the one the blocking keys found."""
        floor = self.config.retrieval.other_names_from
        close = [(f.comparison.score, p) for p, f in best.items()
                 if floor <= f.comparison.score < 1.0]  # fmt: skip
        close.sort(reverse=True)
        by_text = dict(names)
        others = [
            (self.index.names[j], [(best[position].query_name, by_text[best[position].query_name])])
            for _score, position in close[:limit]
            for j in self.index.entity_names(position)
            if j not in compared
        ]
        for position, found in self._best_names(query, others).items():
            if found.comparison.score > best[position].comparison.score:
                best[position] = found

    def _add_identified(
        self,
        query: Query,
        names: list[tuple[str, PreparedName]],
        best: dict[int, _Best],
        identified: list[int],
    ) -> None:
        """The entities a query's identifiers found, each with its best name pair (or,
        for a query without names, its main name and no comparison)."""
        missing = [p for p in identified if p not in best]
        if not missing:
            return
        if names:
            entity_names = self.index.entity_names
            pairs = [(self.index.names[j], names) for p in missing for j in entity_names(p)]
            best.update(self._best_names(query, pairs))
        for position in missing:
            ids = self.index.entity_names(position)
            if position not in best and len(ids):
                best[position] = _Best(NO_COMPARISON, "", self.index.names[ids[0]])

    def _headroom(self, qside: Side) -> float:
        """The most the features can add to a name score for this query."""
        w = self.config.features
        return (
            (w.identifier if qside.identifiers else 0.0)
            + (w.birth_date if qside.birth_dates else 0.0)
            + (w.country if qside.countries else 0.0)
        )

    def _side(self, position: int) -> Side:
        side = self._sides.get(position)
        if side is None:
            side = self._sides[position] = entity_side(self.index.entities[position])
        return side

    def _best_names(
        self,
        query: Query,
        pairs: Iterable[tuple[IndexedName, Sequence[tuple[str, PreparedName]]]],
    ) -> dict[int, _Best]:
        """For each entity among the listed names of `pairs`, its best (query name,
        listed name) pair, each listed name compared with the query names beside it."""
        person = schema_is_a(query.schema, "Person")
        best: dict[int, _Best] = {}
        places = read_places(query)
        for item, names in pairs:
            listed_person = person or schema_is_a(self.entity_schema(item), "Person")
            for text, prepared in names:
                read = places.get(text)
                if read and places_differ(read, item.analysis.original):
                    continue  # "X (Pakistan)" read as "X" meets no "X (Kenya)"
                comparison = compare_names(
                    prepared,
                    item.prepared,
                    self.index.weigh,
                    self.config.tokens,
                    person=listed_person,
                )
                seen = best.get(item.entity)
                if seen is None or comparison.score > seen.comparison.score:
                    best[item.entity] = _Best(comparison, text, item)
        return best

    def entity_schema(self, item: IndexedName) -> str:
        return self.index.entities[item.entity].schema if item.entity >= 0 else ""

    def score(self, query: Query, entity: Entity) -> MatchResult:
        """Score one given entity against a query (word rarities from the word table)."""
        names = self._query_names(query)
        listed = [
            IndexedName(-1, prop, prepare(analysis, self.index.weigh))
            for prop, text in entity.names()
            for analysis in analyses(text)
            if analysis.tokens
        ]
        best = self._best_names(query, [(item, names) for item in listed]).get(-1)
        qside, eside = query_side(query), entity_side(entity)
        if best is None and listed and identifying(qside, eside):
            best = _Best(NO_COMPARISON, "", listed[0])
        if best is None:
            return MatchResult(entity, 0.0, False, entity.caption)
        return self._result(qside, entity, best, self.threshold, eside)

    def _result(
        self, qside: Side, entity: Entity, found: _Best, cut: float, eside: Side
    ) -> MatchResult:
        weights = self.config.features
        name_score = found.comparison.score
        features: dict[str, float] = {"name": name_score}
        evidence: list[str] = []
        score = name_score
        if found.indexed.prop == "weakAlias":
            penalty = weights.weak_alias * name_score
            if found.comparison.generic:  # a weak alias of generic words alone: a hint
                penalty = max(penalty, name_score - self.config.tokens.single_part_cap)
            features["weak_alias"] = -penalty
            score -= penalty
            evidence.append(f"weak alias -{penalty:.2f}")
        qside = replace(qside, legal_forms=legal_forms(analyze(found.query_name)))
        eside = replace(eside, legal_forms=legal_forms(found.indexed.analysis))
        for feature in FEATURES:
            value, why = feature.fn(qside, eside)
            if value:
                part = weights.weight(feature.name) * value
                features[feature.name] = part
                score += part
                evidence.append(f"{why} {part:+.2f}")
        prop = identifying(qside, eside)
        if prop is not None:  # an IMO number, a BIC, an INN names the party outright
            if not found.query_name or name_score >= weights.identified_name:
                score = max(score, weights.identified)
                evidence.append(f"{prop} identifies the party")
            else:
                score = weights.identified_review
                evidence.append(f"{prop} identifies the party but the name differs: a review")
        score = min(1.0, max(0.0, score))
        listed = found.indexed.analysis.original
        label = PROP_LABELS.get(found.indexed.prop, found.indexed.prop)
        verdict = "match" if score >= cut else "no match"
        if found.query_name:
            explanation = (
                f'"{found.query_name}" vs {label} "{listed}": {found.comparison.describe()}; '
                f"name {name_score:.2f}"
            )
        else:
            explanation = f'no name given; listed {label} "{listed}"'
        read = qside.readings.get(found.query_name)
        if read:
            explanation += f"; {read}"
        if evidence:
            explanation += "; " + "; ".join(evidence)
        explanation += f"; score {score:.3f} ({verdict} at {cut:g})"
        return MatchResult(
            entity=entity,
            score=score,
            match=score >= cut,
            name=listed,
            query_name=found.query_name,
            prop=found.indexed.prop,
            features=features,
            explanation=explanation,
        )
