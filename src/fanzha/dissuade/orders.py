"""Warning orders (预警指令): the warnings a city gets from above, read line by line.

Most of the warnings a city works are pushed to it: the national center
(国家反诈中心) and the province (省厅) send orders daily, the city's own model
adds more, and the 110 desk passes on callers. Each order names a person by
phone, ID number or person id, and carries the source's own order id, so
re-sending one never makes a second task (the pair source + order id is the
key). An analyst uploads them as JSON, CSV or XLSX; this module turns each line
into a ``WarningOrder`` or into errors naming the line and the field, so good
lines of a file are kept while its bad ones are told apart.

Headers may be English or the Chinese an analyst's spreadsheet has; values too
(``省厅`` or ``province``, ``高`` or ``high``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final
from zoneinfo import ZoneInfo

import msgspec

from fanzha.contract.kinds import TYPOLOGY_NAMES_ZH
from fanzha.dissuade.models import Level


class OrderSource(StrEnum):
    NATIONAL = "national"  # 国家反诈中心
    PROVINCE = "province"  # 省厅
    CITY_MODEL = "city_model"  # 市局模型
    DESK_110 = "110"  # 110 接警
    MANUAL = "manual"  # a task made by hand (the 110 desk or an analyst)


SOURCE_WORDS: Final[dict[str, tuple[str, str]]] = {
    OrderSource.NATIONAL: ("国家反诈中心", "national center"),
    OrderSource.PROVINCE: ("省厅", "province"),
    OrderSource.CITY_MODEL: ("市局模型", "city model"),
    OrderSource.DESK_110: ("110接警", "110 desk"),
    OrderSource.MANUAL: ("手动建立", "made by hand"),
}
UPLOAD_SOURCES: Final = [s for s in OrderSource if s is not OrderSource.MANUAL]

_SOURCE_ALIASES: Final = {
    **{str(s): s for s in OrderSource},
    **{zh: OrderSource(s) for s, (zh, _) in SOURCE_WORDS.items()},
    "国家中心": OrderSource.NATIONAL, "部": OrderSource.NATIONAL, "公安部": OrderSource.NATIONAL,
    "省": OrderSource.PROVINCE, "省厅反诈中心": OrderSource.PROVINCE,
    "市局": OrderSource.CITY_MODEL, "模型": OrderSource.CITY_MODEL,
    "110接处警": OrderSource.DESK_110, "110": OrderSource.DESK_110,
}  # fmt: skip
_LEVEL_ALIASES: Final = {
    "high": Level.HIGH, "red": Level.HIGH, "高": Level.HIGH, "高风险": Level.HIGH, "红": Level.HIGH,
    "medium": Level.MEDIUM, "orange": Level.MEDIUM, "中": Level.MEDIUM, "中风险": Level.MEDIUM,
    "橙": Level.MEDIUM, "low": Level.LOW, "yellow": Level.LOW, "低": Level.LOW,
    "低风险": Level.LOW, "黄": Level.LOW,
}  # fmt: skip
_TYPOLOGY_ALIASES: Final = {**{k: k for k in TYPOLOGY_NAMES_ZH}, **{
    zh: k for k, zh in TYPOLOGY_NAMES_ZH.items()}}  # fmt: skip

HEADERS: Final[dict[str, str]] = {
    "source": "source", "来源": "source", "指令来源": "source",
    "order_id": "order_id", "指令编号": "order_id", "编号": "order_id",
    "phone": "phone", "手机号": "phone", "手机号码": "phone", "电话": "phone",
    "id_number": "id_number", "身份证号": "id_number", "身份证号码": "id_number",
    "person_id": "person_id", "人员编号": "person_id",
    "typology": "typology", "类型": "typology", "诈骗类型": "typology",
    "level": "level", "等级": "level", "预警等级": "level",
    "deadline": "deadline", "时限": "deadline", "处置时限": "deadline",
    "note": "note", "备注": "note", "说明": "note",
}  # fmt: skip
"""Column names an order file may use, English or Chinese, to the field they fill."""
FIELD_ZH: Final = {
    "source": "来源", "order_id": "指令编号", "phone": "手机号", "id_number": "身份证号",
    "person_id": "人员编号", "typology": "类型", "level": "等级", "deadline": "时限",
    "note": "备注", "file": "文件",
}  # fmt: skip
TEMPLATE_HEADER: Final = [
    "来源",
    "指令编号",
    "手机号",
    "身份证号",
    "人员编号",
    "类型",
    "等级",
    "时限",
    "备注",
]

_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
_CN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_E164 = re.compile(r"^\+[1-9]\d{6,14}$")
_ORDER_ID = re.compile(r"^[!-~]{1,64}$")
NOTE_MAX: Final = 500
SOURCES_HINT: Final = "应为国家反诈中心、省厅、市局模型或110接警"
MAX_ORDERS: Final = 50_000
"""Largest batch one upload takes (a day's orders for a large city is a few ten thousand)."""


class WarningOrder(msgspec.Struct, frozen=True, kw_only=True):
    source: str
    order_id: str
    phone: str | None = None
    """E.164, as the store keeps phones."""
    id_number: str | None = None
    person_id: str | None = None
    typology: str = "other"
    level: Level = Level.HIGH
    deadline: datetime | None = None
    note: str = ""
    line: int = 0
    """Where in the upload it came from (a JSON list counts from 1, a file's header is 1)."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.order_id)

    @property
    def warning_id(self) -> str:
        """Stable per source + order id; no personal data and no free text of the source."""
        digest = hashlib.sha256(f"{self.source}\x1f{self.order_id}".encode()).hexdigest()[:20]
        return f"WO-{digest}"


class LineError(msgspec.Struct, frozen=True, kw_only=True):
    line: int
    field: str
    message: str
    """In Chinese, for the analyst who fixes the file."""
    order_id: str = ""


def source_words(source: str) -> tuple[str, str]:
    return SOURCE_WORDS.get(source, (source, source))


def id_number_digest(id_number: str) -> str:
    """How a learned ID number is kept beside its person (never as the number itself)."""
    return hashlib.sha256(f"fanzha-id\x1f{id_number.upper()}".encode()).hexdigest()


def normalise_phone(raw: str) -> str | None:
    digits = re.sub(r"[\s\-()]", "", raw)
    if digits.startswith("0086"):
        digits = "+" + digits[2:]
    if _CN_MOBILE.fullmatch(digits):
        return "+86" + digits
    if digits.startswith("86") and _CN_MOBILE.fullmatch(digits[2:]):
        return "+" + digits
    return digits if _E164.fullmatch(digits) else None


def _deadline(raw: str, tz: ZoneInfo) -> datetime | None:
    text = raw.strip().replace("/", "-").replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=tz).astimezone(UTC)
    try:
        parsed = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)).astimezone(UTC)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet's number cell: 13812345678.0
    return str(value).strip()


def parse_order(
    raw: Mapping[str, Any], line: int, tz: ZoneInfo, allowed: Iterable[str] = UPLOAD_SOURCES
) -> WarningOrder | list[LineError]:
    """One order, or every error on its line (each naming its field, in Chinese)."""
    cells: dict[str, str] = {}
    for name, value in raw.items():
        field = HEADERS.get(_text(name).lower()) or HEADERS.get(_text(name))
        if field is not None and _text(value):
            cells[field] = _text(value)
    order_id = cells.get("order_id", "")
    errors: list[LineError] = []

    def bad(field: str, message: str) -> None:
        errors.append(LineError(line=line, field=field, message=message, order_id=order_id))

    source = _SOURCE_ALIASES.get(cells.get("source", ""))
    allowed_sources = [str(s) for s in allowed]
    if "source" not in cells:
        bad("source", f"缺少来源（{SOURCES_HINT}）")
    elif source is None or str(source) not in allowed_sources:
        bad(
            "source",
            f"来源“{cells['source'][:20]}”无法识别（应为国家反诈中心、省厅、市局模型或110接警）",
        )
    if not order_id:
        bad("order_id", "缺少指令编号")
    elif not _ORDER_ID.fullmatch(order_id):
        bad("order_id", "指令编号应为1至64个字母、数字或符号，不含空格和中文")
    phone = None
    if "phone" in cells and (phone := normalise_phone(cells["phone"])) is None:
        bad("phone", f"手机号“{cells['phone'][:20]}”格式不对（应为11位手机号或+86开头）")
    id_number = cells.get("id_number", "").upper() or None
    if id_number is not None and not _ID_NUMBER.fullmatch(id_number):
        bad("id_number", "身份证号应为18位（最后一位可为X）")
        id_number = None
    person_id = cells.get("person_id") or None
    if person_id is not None and (len(person_id) > 64 or not person_id.isprintable()):
        bad("person_id", "人员编号应为最多64个可见字符")
    if not (phone or id_number or person_id) and not any(
        e.field in ("phone", "id_number", "person_id") for e in errors
    ):
        bad("phone", "手机号、身份证号、人员编号至少填一项")
    typology = _TYPOLOGY_ALIASES.get(cells.get("typology", "other"))
    if typology is None:
        bad("typology", f"类型“{cells['typology'][:20]}”无法识别")
    level = _LEVEL_ALIASES.get(cells.get("level", "high").lower())
    if level is None:
        bad("level", f"等级“{cells['level'][:10]}”无法识别（应为高、中、低）")
    deadline = None
    if "deadline" in cells and (deadline := _deadline(cells["deadline"], tz)) is None:
        bad("deadline", f"时限“{cells['deadline'][:25]}”不是日期时间（例：2026-12-01 18:00）")
    note = cells.get("note", "")
    if len(note) > NOTE_MAX:
        bad("note", f"备注过长（最多{NOTE_MAX}字）")
    if errors:
        return errors
    assert source is not None and typology is not None and level is not None
    return WarningOrder(
        source=str(source),
        order_id=order_id,
        phone=phone,
        id_number=id_number,
        person_id=person_id,
        typology=typology,
        level=level,
        deadline=deadline,
        note=note,
        line=line,
    )


def csv_rows(data: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, cells) of a CSV file, UTF-8 (with or without BOM) or GB18030."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")  # Excel's Chinese CSV
    reader = csv.DictReader(io.StringIO(text))
    for row in reader:
        if any((v or "").strip() for v in row.values() if isinstance(v, str)):
            yield reader.line_num, {k: v for k, v in row.items() if k is not None}


def xlsx_rows(data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, cells) of the first sheet of an XLSX file; row 1 is the header."""
    from openpyxl import load_workbook  # only an XLSX upload pays for the import

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [_text(c) for c in next(rows, ())]
    for number, values in enumerate(rows, start=2):
        if any(_text(v) for v in values):
            yield number, dict(zip(header, values, strict=False))
    book.close()


def parse_all(
    rows: Iterable[tuple[int, Mapping[str, Any]]], tz: ZoneInfo
) -> tuple[list[WarningOrder], list[LineError]]:
    """Every good order and every error; an order id twice in one upload is an error
    on its second line (the first is kept)."""
    orders: list[WarningOrder] = []
    errors: list[LineError] = []
    seen: dict[tuple[str, str], int] = {}
    for line, raw in rows:
        if len(orders) + len(errors) >= MAX_ORDERS:
            errors.append(LineError(line=line, field="file", message=f"一次最多{MAX_ORDERS}条"))
            break
        parsed = parse_order(raw, line, tz)
        if isinstance(parsed, list):
            errors.extend(parsed)
        elif parsed.key in seen:
            errors.append(
                LineError(
                    line=line,
                    field="order_id",
                    message=f"指令编号与第{seen[parsed.key]}行重复",
                    order_id=parsed.order_id,
                )
            )
        else:
            seen[parsed.key] = line
            orders.append(parsed)
    return orders, errors
