"""The grouping rule on small fixtures: links, cohesion, staff's rules, and the identity rule."""

from huying.hot.grouping import cluster, keep_identity


def as_sets(groups):
    return sorted((sorted(g) for g in groups), key=lambda g: g[0])


def test_linked_appeals_are_grouped_and_weak_links_are_not():
    links = [(1, 2, 0.8), (2, 3, 0.6), (4, 5, 0.1)]
    assert as_sets(cluster(range(1, 6), links)) == [[1, 2, 3], [4], [5]]


def test_one_stray_link_does_not_chain_two_groups_into_one():
    # Two tight groups of four, and one appeal of each linked (less strongly) to the other.
    tight = [(a, b, 0.9) for g in ((1, 2, 3, 4), (5, 6, 7, 8)) for a in g for b in g if a < b]
    groups = cluster(range(1, 9), [*tight, (4, 5, 0.5)])
    assert as_sets(groups) == [[1, 2, 3, 4], [5, 6, 7, 8]]
    # Links from most of the smaller group do join them.
    groups = cluster(range(1, 9), [*tight, (1, 5, 0.5), (2, 6, 0.5)])
    assert as_sets(groups) == [[1, 2, 3, 4, 5, 6, 7, 8]]


def test_cannot_link_keeps_apart_and_must_link_keeps_together():
    links = [(1, 2, 0.9), (2, 3, 0.9)]
    assert as_sets(cluster([1, 2, 3], links, cannot=[(1, 3)])) in ([[1, 2], [3]], [[1], [2, 3]])
    assert as_sets(cluster([1, 2, 3, 4], links, must=[(3, 4)])) == [[1, 2, 3, 4]]
    # Must-link without any text link at all, and cannot-link beating a strong link.
    assert as_sets(cluster([1, 2], [], must=[(1, 2)])) == [[1, 2]]
    assert as_sets(cluster([1, 2], [(1, 2, 1.0)], cannot=[(1, 2)])) == [[1], [2]]


def test_links_outside_the_appeals_regrouped_are_ignored():
    assert as_sets(cluster([1, 2], [(1, 9, 0.9), (2, 9, 0.9)])) == [[1], [2]]


def test_a_group_keeps_its_id_while_most_of_its_appeals_stay_in_it():
    current = {1: 10, 2: 10, 3: 10, 4: 20, 5: 20}
    outcome = keep_identity([{1, 2, 3, 6}, {4, 5}], current, {10: 3, 20: 2})
    assert outcome.members == {10: {1, 2, 3, 6}, 20: {4, 5}}
    assert outcome.ended == {}


def test_a_group_that_loses_most_of_its_appeals_ends_and_points_where_they_went():
    current = {1: 10, 2: 10, 3: 10}
    outcome = keep_identity([{1}, {2, 3, 7, 8}], current, {10: 3})
    # Two of its three appeals stayed together: that group keeps the id.
    assert outcome.members[10] == {2, 3, 7, 8}
    outcome = keep_identity([{1, 4}, {2, 5}, {3, 6}], current, {10: 3})
    assert 10 not in outcome.members
    assert outcome.ended[10] in outcome.members


def test_two_groups_falling_together_leave_the_id_of_the_larger_and_the_other_points_at_it():
    current = {1: 10, 2: 10, 3: 20, 4: 20, 5: 20}
    outcome = keep_identity([{1, 2, 3, 4, 5}], current, {10: 2, 20: 3})
    assert list(outcome.members) == [20]
    assert outcome.ended == {10: 20}
    # On a tie, the older (smaller) id stays.
    outcome = keep_identity([{1, 2, 3, 4}], {1: 10, 2: 10, 3: 20, 4: 20}, {10: 2, 20: 2})
    assert list(outcome.members) == [10]


def test_appeals_outside_the_regrouping_count_as_staying():
    # Hot issue 10 has 5 appeals, 3 of them before the horizon: 2 leaving do not end it.
    outcome = keep_identity([{1}, {2}], {1: 10, 2: 10}, {10: 5})
    assert 10 in outcome.members
