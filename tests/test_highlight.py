"""Matched terms marked in the passage as written: escaped, mapped through normalisation, merged."""
from django.utils.safestring import SafeString

from reports.highlight import highlight_html


def test_marks_a_simplified_term():
    html = highlight_html("全面推进行政复议体制改革。", ["行政复议"])
    assert isinstance(html, SafeString)
    assert html == "全面推进<mark>行政复议</mark>体制改革。"


def test_escapes_html_in_the_passage_and_in_the_mark():
    html = highlight_html('<script>alert("x")</script> 落实<b>行政复议</b>&改革', ["行政复议", "script"])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "&lt;b&gt;<mark>行政复议</mark>&lt;/b&gt;&amp;改革" in html


def test_maps_traditional_text_back_to_the_original_characters():
    assert highlight_html("推進行政復議", ["行政复议"]) == "推進<mark>行政復議</mark>"


def test_pinyin_annotations_are_inside_the_mark():
    text = "建立健全行(xíng)政復(fù)議(yì)工作機(jī)制"
    html = highlight_html(text, ["行政复议"])
    assert html == "建立健全<mark>行(xíng)政復(fù)議(yì)</mark>工作機(jī)制"


def test_full_width_and_spaces_from_pdf_extraction():
    html = highlight_html("出庭应诉率达到１００％，市司法 局牵头", ["100%", "市司法局"])
    assert html == "出庭应诉率达到<mark>１００％</mark>，<mark>市司法 局</mark>牵头"


def test_overlapping_and_adjacent_terms_become_one_mark():
    html = highlight_html("推进依法行政工作", ["依法行政", "行政工作", "推进"])
    assert html == "<mark>推进依法行政工作</mark>"
    assert html.count("<mark>") == 1


def test_every_occurrence_is_marked():
    html = highlight_html("复议，复议。", ["复议"])
    assert html == "<mark>复议</mark>，<mark>复议</mark>。"


def test_no_terms_or_no_text():
    assert highlight_html("a < b", []) == "a &lt; b"
    assert highlight_html("a < b", None) == "a &lt; b"
    assert highlight_html("", ["复议"]) == ""
    assert highlight_html(None, ["复议"]) == ""
    assert highlight_html("行政复议", ["", "  ", 3]) == "行政复议"


def test_term_not_present_leaves_text_alone():
    assert highlight_html("行政复议", ["行政诉讼"]) == "行政复议"


def test_excerpt_keeps_the_marks_and_some_context():
    text = "甲" * 100 + "行政复议" + "乙" * 100 + "法治督察" + "丙" * 100
    html = highlight_html(text, ["行政复议", "法治督察"], around=5)
    assert html == "…甲甲甲甲甲<mark>行政复议</mark>乙乙乙乙乙…乙乙乙乙乙<mark>法治督察</mark>丙丙丙丙丙…"


def test_excerpt_without_marks_is_the_start():
    assert highlight_html("一二三四五六七八九十", [], around=2) == "一二三四…"
    assert highlight_html("一二三", [], around=2) == "一二三"


def test_excerpt_windows_that_touch_are_joined():
    html = highlight_html("复议一二三督察四五", ["复议", "督察"], around=2)
    assert html == "<mark>复议</mark>一二三<mark>督察</mark>四五"
