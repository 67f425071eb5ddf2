import pytest

from fanzha.security.masking import (
    mask_account,
    mask_id_number,
    mask_name,
    mask_phone,
    mask_record,
)
from fanzha.security.roles import Principal, Role


def test_phone_keeps_prefix_and_last_four() -> None:
    assert mask_phone("+8613812345678") == "+86138****5678"


def test_names_keep_surname() -> None:
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧**娜"


def test_id_and_account_hide_the_middle() -> None:
    assert mask_id_number("420104199001011234") == "4201**********1234"
    assert mask_account("6222021234567890") == "************7890"


RECORD = {
    "person_id": "P1",
    "name": "李小龙",
    "phones": ["+8613812345678"],
    "account_id": "6222021234567890",
    "id_number": "420104199001011234",
}
CLASSES = {"name": "name", "phones": "phone", "account_id": "account", "id_number": "id_number"}


@pytest.mark.parametrize(
    ("role", "clear"),
    [
        (Role.CENTER_ANALYST, {"name", "phones", "account_id"}),
        (Role.DISTRICT_OFFICER, {"name", "phones"}),
        (Role.STATION_OFFICER, {"name", "phones"}),
        (Role.AUDITOR, set()),
        (Role.ADMIN, set()),
    ],
)
def test_each_role_sees_in_clear_only_what_it_needs(role: Role, clear: set[str]) -> None:
    seen = mask_record(Principal(user_id="u", role=role, district="硚口区"), RECORD, CLASSES)
    for key in CLASSES:
        if key in clear:
            assert seen[key] == RECORD[key]
        else:
            assert seen[key] != RECORD[key]
            assert "*" in str(seen[key])
    assert seen["person_id"] == "P1"
    assert "420104199001011234" not in str(seen)


def test_jurisdiction() -> None:
    officer = Principal(user_id="u", role=Role.DISTRICT_OFFICER, district="硚口区")
    analyst = Principal(user_id="a", role=Role.CENTER_ANALYST)
    assert officer.covers_district("硚口区")
    assert not officer.covers_district("江岸区")
    assert not officer.covers_district(None)
    assert analyst.covers_district("江岸区")
