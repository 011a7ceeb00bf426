from datetime import date, datetime

import pytest

from checklist.ledger.values import (
    STATUS_LABELS,
    neutralize_formula,
    parse_due,
    parse_number,
    parse_status,
    restore_neutralized,
    split_codes,
    split_unit_cell,
    split_unit_roles,
)

NUMBER_ERROR = "序号应为正整数，例如 1、2、3"


@pytest.mark.parametrize("text, expected", [
    ("1", 1), ("01", 1), ("1.", 1), ("1、", 1), ("1.0", 1), ("(3)", 3), ("（3）", 3),
    ("１２", 12), (" 7 ", 7), ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("九十九", 99),
])
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == (expected, None)


@pytest.mark.parametrize("text", ["", None, "0", "-1", "1.1", "abc", "二三", "第1项"])
def test_parse_number_refuses(text):
    assert parse_number(text) == (None, NUMBER_ERROR)


@pytest.mark.parametrize("text, expected", [
    ("2021-12-31", date(2021, 12, 31)),
    ("2021/12/31", date(2021, 12, 31)),
    ("2021.12.31", date(2021, 12, 31)),
    ("2021-12-31 00:00:00", date(2021, 12, 31)),
    ("2021年12月31日", date(2021, 12, 31)),
    ("2021年6月30日前", date(2021, 6, 30)),
    ("2021年12月底", date(2021, 12, 31)),
    ("2021年12月底前", date(2021, 12, 31)),
    ("2026年6月底前", date(2026, 6, 30)),
    ("2024年2月底前", date(2024, 2, 29)),
    ("2021年6月", date(2021, 6, 30)),
    ("2021.6", date(2021, 6, 30)),
    ("2021年底", date(2021, 12, 31)),
    ("2021年底前完成", date(2021, 12, 31)),
    ("2021年内", date(2021, 12, 31)),
    ("2021年度内", date(2021, 12, 31)),
    ("2021年第三季度", date(2021, 9, 30)),
    ("2021年一季度", date(2021, 3, 31)),
    ("2021年度第二季度", date(2021, 6, 30)),
    ("2021年上半年", date(2021, 6, 30)),
    ("２０２１年１２月底", date(2021, 12, 31)),
    ("2021 年 12 月底", date(2021, 12, 31)),
    # several dates: the last deadline counts, the text is kept
    ("2021年6月底前完成方案，2022年底前全面完成", date(2022, 12, 31)),
    ("2021年6月底前完成，长期坚持", date(2021, 6, 30)),
])
def test_parse_due_text(text, expected):
    assert parse_due(text, text) == (expected, text, None)


def test_parse_due_excel_values():
    assert parse_due(datetime(2021, 12, 31, 0, 0), "2021-12-31") == (date(2021, 12, 31), "2021-12-31", None)
    assert parse_due(date(2022, 3, 1), "2022-03-01") == (date(2022, 3, 1), "2022-03-01", None)
    # a date typed into a General cell arrives as its serial number
    assert parse_due(44561, "44561") == (date(2021, 12, 31), "2021-12-31", None)
    # 2021.12 typed into a number cell
    assert parse_due(2021.12, "2021.12") == (date(2021, 12, 31), "2021.12", None)


@pytest.mark.parametrize("text", ["每季度", "持续推进", "长期坚持", "年内", "12月底前", "", "  按要求完成 "])
def test_parse_due_free_text(text):
    assert parse_due(text, text) == (None, text.strip(), None)


@pytest.mark.parametrize("text", ["2021-02-30", "2021年13月", "2021年2月30日", "2021.13.01", "1921年底"])
def test_parse_due_impossible(text):
    assert parse_due(text, text) == (
        None, text, f"无法识别的日期“{text}”：请填写如 2021-12-31 或 2021年12月底")


def test_parse_due_message_example():
    assert parse_due("2021-02-30", "2021-02-30")[2] == "无法识别的日期“2021-02-30”：请填写如 2021-12-31 或 2021年12月底"


@pytest.mark.parametrize("text, expected", [
    ("未开始", "not_started"), ("进行中", "in_progress"), ("已完成", "done"), ("不适用", "not_applicable"),
    ("完成", "done"), ("已办结", "done"), ("推进中", "in_progress"), ("正在推进", "in_progress"),
    (" 已完成。", "done"), ("done", "done"),
])
def test_parse_status(text, expected):
    assert parse_status(text) == (expected, None)


def test_parse_status_empty_and_unknown():
    assert parse_status("") == (None, None)
    assert parse_status(None) == (None, None)
    assert parse_status("  ") == (None, None)
    assert parse_status("差不多了") == (None, "状态应为：未开始、进行中、已完成、不适用")
    assert STATUS_LABELS == {"not_started": "未开始", "in_progress": "进行中", "done": "已完成",
                             "not_applicable": "不适用"}


@pytest.mark.parametrize("text, expected", [
    ("区司法局、区财政局", ["区司法局", "区财政局"]),
    ("区司法局，区财政局;区发改委；区教育局,区卫健委", ["区司法局", "区财政局", "区发改委", "区教育局", "区卫健委"]),
    ("区司法局\n区财政局\n", ["区司法局", "区财政局"]),
    ("区委宣传部/区网信办", ["区委宣传部", "区网信办"]),
    ("各县(市、区)人民政府、市司法局", ["各县(市、区)人民政府", "市司法局"]),
    ("各县（市、区）人民政府", ["各县(市、区)人民政府"]),
    ("区司法局、 、区司法局、区财政局。", ["区司法局", "区财政局"]),
    ("", []),
    (None, []),
])
def test_split_unit_cell(text, expected):
    assert split_unit_cell(text) == expected


def test_split_codes():
    assert split_codes("1.1、1.2；3, 4 5\n6;1.1") == ["1.1", "1.2", "3", "4", "5", "6"]
    assert split_codes("") == []


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+86", "'+86"), ("-", "'-"), ("@SUM(A1)", "'@SUM(A1)"),
    ("  =cmd", "'  =cmd"), ("\t1", "'\t1"), ("\r1", "'\r1"), ("'quoted", "''quoted"),
    ("区司法局", "区司法局"), ("1-2", "1-2"), ("", ""),
])
def test_neutralize_formula(value, expected):
    assert neutralize_formula(value) == expected


@pytest.mark.parametrize("value", [
    "=1+1", "+86", "-", "@x", "  =cmd", "\tx", "'", "'quoted", "''=x", "普通文字", "", "a'b",
])
def test_neutralize_round_trip(value):
    assert restore_neutralized(neutralize_formula(value)) == value


def test_restore_leaves_ordinary_apostrophes():
    assert restore_neutralized("'abc") == "'abc"
    assert restore_neutralized(5) == 5
    assert neutralize_formula(None) is None


@pytest.mark.parametrize("text, expected", [
    # a month without its year takes the year written before it
    ("2021年10月-12月", date(2021, 12, 31)),
    ("2021年9月至11月", date(2021, 11, 30)),
    ("2021年6-8月", date(2021, 8, 31)),
    ("2021年6月30日、12月31日", date(2021, 12, 31)),
    # a bare year or span of years: the end of the last year
    ("2022", date(2022, 12, 31)),
    ("2022年", date(2022, 12, 31)),
    ("2021-2022年", date(2022, 12, 31)),
    ("2021年—2022年", date(2022, 12, 31)),
    # dates written in Chinese numerals
    ("二〇二一年六月底前", date(2021, 6, 30)),
    ("二〇二一年十二月三十一日", date(2021, 12, 31)),
])
def test_parse_due_ranges_years_and_chinese_numerals(text, expected):
    assert parse_due(text, text) == (expected, text, None)


@pytest.mark.parametrize("text, expected", [
    ("6月30日前", date(2021, 6, 30)), ("12月底前", date(2021, 12, 31)), ("年底前", date(2021, 12, 31)),
    ("上半年", date(2021, 6, 30)), ("第三季度", date(2021, 9, 30)), ("10月-12月", date(2021, 12, 31)),
    ("2022年6月底前", date(2022, 6, 30)),  # a year written wins over the plan's
    ("每季度", None), ("长期坚持", None),
])
def test_parse_due_without_year_takes_the_plans_year(text, expected):
    assert parse_due(text, text, 2021) == (expected, text, None)


def test_parse_due_without_year_and_no_plan_year_stays_text():
    assert parse_due("6月30日前", "6月30日前") == (None, "6月30日前", None)
    assert parse_due("2021年2月30日", "2021年2月30日", 2021)[2] == "无法识别的日期“2021年2月30日”：请填写如 2021-12-31 或 2021年12月底"
    assert parse_due("2月30日", "2月30日", 2021)[2] == "无法识别的日期“2月30日”：请填写如 2021-12-31 或 2021年12月底"


@pytest.mark.parametrize("text, expected", [
    ("已完成（长期坚持）", "done"), ("已落实", "done"), ("按时完成", "done"), ("序时推进", "in_progress"),
    ("持续推进", "in_progress"), ("部分完成", "in_progress"), ("尚未启动", "not_started"), ("暂未开展", "not_started"),
])
def test_parse_status_words_used_in_ledgers(text, expected):
    assert parse_status(text) == (expected, None)


@pytest.mark.parametrize("text, expected", [
    ("区司法局、区财政局等", ([], ["区司法局", "区财政局"])),
    ("区司法局、区财政局等有关部门", ([], ["区司法局", "区财政局"])),
    ("区司法局 区财政局", ([], ["区司法局", "区财政局"])),
    ("区发改委和区财政局", ([], ["区发改委", "区财政局"])),
    ("区住房和城乡建设局", ([], ["区住房和城乡建设局"])),
    ("区司法局（牵头）、区财政局", (["区司法局"], ["区财政局"])),
    ("牵头单位：区司法局\n配合单位：区财政局、区发改委", (["区司法局"], ["区财政局", "区发改委"])),
    ("区司法局牵头，区财政局配合", (["区司法局"], ["区财政局"])),
    ("无", ([], [])),
    ("/", ([], [])),
])
def test_split_unit_roles(text, expected):
    assert split_unit_roles(text) == expected
