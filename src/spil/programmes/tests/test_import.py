from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from spil.programmes.models import HoursEntry, ImportBatch, LanguageResult
from spil.programmes.services import attendance, imports
from spil.programmes.tests.support import make_group, school
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def _attendance_file(world: World) -> bytes:
    assert world.person_a is not None
    bsn = world.person_a.bsn
    return _csv(
        "bsn;date;status;hours;component;reason",
        f"{bsn};2026-09-01;present;3;language;",
        f"{bsn};2026-09-03;late;2,5;language;bus",
        f"{bsn};2026-09-08;absent;3;language;",
        f"{bsn};2026-09-10;present;1.5;knm;",
    )


def _state() -> tuple[list[Any], list[Any], int]:
    hours = list(HoursEntry.objects.order_by("pk").values_list("source_key", "hours"))
    results = list(LanguageResult.objects.order_by("pk").values_list("skill", "level", "on"))
    return hours, results, ImportBatch.objects.count()


def test_attendance_import_credits_language_hours(world: World) -> None:
    assert world.person_a is not None
    make_group(world)
    report = imports.import_file(
        school(world), "week.csv", _attendance_file(world), actor=world.user("partner_staff")
    )
    assert report.ok, report.errors
    assert (report.lines, report.created) == (4, 4)
    assert attendance.hours_summary(world.person_a).language_hours == 7  # 3 + 2.5 + 0 + 1.5


def test_same_file_twice_changes_nothing(world: World) -> None:
    make_group(world)
    content = _attendance_file(world)
    imports.import_file(school(world), "week.csv", content, actor=None)
    hours_before, results_before, _batches = _state()
    report = imports.import_file(school(world), "week.csv", content, actor=None)
    assert report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    hours_after, results_after, _ = _state()
    assert (hours_after, results_after) == (hours_before, results_before)


def test_one_bad_line_changes_nothing_and_names_the_line(world: World) -> None:
    assert world.person_a is not None
    make_group(world)
    bsn = world.person_a.bsn
    content = _csv(
        "bsn,date,skill,level",
        f"{bsn},2026-09-01,reading,A2",
        f"{bsn},2026-09-01,speaking,B7",
        f"{bsn},2026-09-01,listening,A2",
    )
    before = _state()
    report = imports.import_file(school(world), "cefr.csv", content, actor=None)
    assert not report.ok
    assert [e.line for e in report.errors] == [3]
    assert "level" in report.errors[0].message
    assert _state() == before


def test_every_bad_line_is_reported(world: World) -> None:
    assert world.person_b is not None
    make_group(world)
    content = _csv(
        "bsn;date;status;hours",
        f"{world.person_b.bsn};2026-09-01;present;3",  # not a participant of this school
        "999990019;01-09-2026;maybe;3",
        "999990019;2026-13-01;present;x",
        "999990019;2026-09-01;present;3",
        "999990019;2026-09-01;present;3",
    )
    report = imports.import_file(school(world), "bad.csv", content, actor=None)
    lines = {e.line: e.message for e in report.errors}
    assert sorted(lines) == [2, 3, 4, 6]
    assert "unknown person" in lines[2]
    assert "status" in lines[3]
    assert "date" in lines[4] and "hours" in lines[4]
    assert "line 5" in lines[6]
    assert not HoursEntry.objects.exists()


def test_xlsx_results_import(world: World) -> None:
    assert world.person_a is not None
    make_group(world)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["BSN", "Date", "Skill", "Level"])
    sheet.append([int(world.person_a.bsn), date(2026, 9, 1), "reading", "a2"])
    sheet.append([int(world.person_a.bsn), date(2026, 9, 1), "writing", "A1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = imports.import_file(school(world), "cefr.xlsx", buffer.getvalue(), actor=None)
    assert report.ok, report.errors
    assert set(LanguageResult.objects.values_list("skill", "level")) == {
        ("reading", "A2"),
        ("writing", "A1"),
    }


def test_upload_page_reports_lines_in_the_users_language(world: World) -> None:
    make_group(world)
    client = sign_in(Client(), world.user("partner_staff"))
    client.cookies["django_language"] = "en"
    upload = io.BytesIO(_csv("bsn;date;status;hours", "999990019;2026-09-01;gone;3"))
    upload.name = "week.csv"
    response = client.post(
        reverse("programmes:upload"), {"provider": school(world).pk, "file": upload}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Line 2" in body and "status must be one of" in body
    assert not HoursEntry.objects.exists()


def test_an_oversized_file_is_refused_before_anything_is_read(world: World) -> None:
    assert world.person_a is not None
    make_group(world)
    bsn = world.person_a.bsn
    lines = ["bsn,date,skill,level"] + [f"{bsn},2026-09-01,reading,A2"] * 20_001
    report = imports.import_file(school(world), "huge.csv", _csv(*lines), actor=None)
    assert not report.ok
    assert "20000" in report.errors[0].message or "20.000" in report.errors[0].message
    wide = _csv("bsn,date,skill,level", f"{bsn},2026-09-01,reading,{'A' * 501}")
    report = imports.import_file(school(world), "wide.csv", wide, actor=None)
    assert [e.line for e in report.errors] == [0]
    assert "Line 2" in report.errors[0].message or "Regel 2" in report.errors[0].message
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["bsn", "date", "skill", "level"] + ["x"] * 30)
    buffer = io.BytesIO()
    book.save(buffer)
    report = imports.import_file(school(world), "wide.xlsx", buffer.getvalue(), actor=None)
    assert "columns" in report.errors[0].message or "kolommen" in report.errors[0].message
    assert LanguageResult.objects.count() == 0
