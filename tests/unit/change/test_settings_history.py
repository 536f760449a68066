"""isms.yml changes are summarised field by field, people and other lists of mappings by id."""

from __future__ import annotations

from isms.change.settings_history import field_lines


def test_role_members_added_and_removed() -> None:
    old = {"roles": {"ciso": {"title": "CISO", "members": ["ysato"]}}}
    new = {"roles": {"ciso": {"title": "CISO", "members": ["ysato", "liwei"]}, "dpo": {"members": ["x"]}}}
    assert field_lines(old, new) == ["roles.ciso.members: + liwei", "roles.dpo: added"]
    assert field_lines(new, old) == ["roles.ciso.members: - liwei", "roles.dpo: removed"]


def test_people_are_compared_by_id_and_scalars_show_old_and_new() -> None:
    old = {"people": [{"id": "a", "email": "a@x"}, {"id": "b", "email": "b@x"}],
           "audiences": {"staff": {"clearance": "internal"}}}  # fmt: skip
    new = {"people": [{"id": "b", "email": "b@y"}, {"id": "a", "email": "a@x"}, {"id": "c"}],
           "audiences": {"staff": {"clearance": "confidential"}}}  # fmt: skip
    assert field_lines(old, new) == [
        "people.b.email: b@x → b@y",
        "people.c: added",
        "audiences.staff.clearance: internal → confidential",
    ]
    assert field_lines(old, old) == []
