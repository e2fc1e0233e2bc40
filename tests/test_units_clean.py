"""Unit tests of govreports.clean: bytes → decoded, sniffed, normalized, de-chromed text.

Inputs are the kind real government CMS pages carry (TRS/Hanweb markup, GBK
bytes, 繁體 switches with pinyin glosses, header blocks, breadcrumbs).
"""

from __future__ import annotations

import codecs
import io
import random
import re
import zipfile
from unicodedata import east_asian_width

import pytest

from govreports.clean.body import (
    body_lines,
    cut_footer,
    find_title,
    is_chrome,
    preface_titles,
    title_at,
)
from govreports.clean.cells import split_line
from govreports.clean.columns import (
    in_columns,
    label_before_values,
    page_of_lines,
    place_in_columns,
    place_review_in_columns,
    rejoin_interleaved_rows,
    rejoin_merged_rows,
    rejoin_split_cells,
    respaced,
    terminal_columns,
    value_tail,
)
from govreports.clean.decode import canonical_encoding, declared_charsets, decode_bytes
from govreports.clean.dedupe import (
    dedupe_lines,
    drop_repeated_block,
    drop_repeated_paragraphs,
)
from govreports.clean.furniture import BAND_PAGE_NUMBER, drop_page_furniture
from govreports.clean.header import (
    HeaderField,
    header_fields,
    is_bare_label,
    is_header_line,
)
from govreports.clean.html import (
    load_html,
    page_hints,
    prose_tree,
    table_grid,
    walk_page,
)
from govreports.clean.normalize import (
    Normalizer,
    markup_breaks,
    normalize_cell,
    normalize_chars,
    normalize_line,
    normalize_text,
    strip_pinyin,
)
from govreports.clean.sniff import looks_like_html, sniff
from govreports.dates import iso_date

TITLE = "市应急局2024年政府信息公开工作年度报告"
FULL_TITLE = "六盘水市应急管理局2024年政府信息公开工作年度报告"
# Long body paragraphs (≥ 30 characters: prose, not chrome), as in seed 000.
P_LAW = "根据《中华人民共和国政府信息公开条例》(国务院令第711号)等规定,现公布市应急局2024年政府信息公开工作年度报告。"
P_PERIOD = "除特别说明外,本报告所列数据统计时限为2024年1月1日至2024年12月31日。"
P_OVERVIEW = ("2024年,市应急局严格按照国家、省、市关于政务公开工作的相关要求,并结合自身职能职责,"
              "紧紧围绕安全生产、防灾减灾救灾等安全和应急相关的内容开展工作。")


@pytest.fixture(scope="module")
def normalizer() -> Normalizer:
    return Normalizer()


# --------------------------------------------------------------------------- decode.py


def html_page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>{text}</title></head><body><div class=\"TRS_Editor\"><p>{text}</p></div></body></html>"


def test_decode_gbk_page_without_any_charset() -> None:
    page = html_page(FULL_TITLE)
    decoded = decode_bytes(page.encode("gbk"))
    assert decoded.text == page
    assert decoded.encoding == "gb18030"


def test_decode_gb2312_declared_in_meta_is_read_as_gb18030() -> None:
    page = html_page(FULL_TITLE, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    decoded = decode_bytes(page.encode("gb2312"))
    assert decoded.text == page
    assert (decoded.encoding, decoded.method) == ("gb18030", "declared")


def test_decode_gb2312_declaration_accepts_gbk_only_characters() -> None:
    # CMSs declare gb2312 but print GBK extension characters (喆 is not in GB2312).
    page = html_page("联系人:王喆,电话:0858-8224363", '<meta charset="gb2312">')
    decoded = decode_bytes(page.encode("gbk"))
    assert "王喆" in decoded.text
    assert decoded.encoding == "gb18030"


def test_decode_utf8_with_bom_strips_the_bom() -> None:
    decoded = decode_bytes(codecs.BOM_UTF8 + TITLE.encode("utf-8"))
    assert decoded.text == TITLE
    assert (decoded.encoding, decoded.method) == ("utf-8", "bom")


def test_decode_valid_utf8_wins_over_a_lying_gbk_header() -> None:
    page = html_page(FULL_TITLE)
    decoded = decode_bytes(page.encode("utf-8"), "text/html; charset=gbk")
    assert decoded.text == page
    assert (decoded.encoding, decoded.method) == ("utf-8", "utf8")


def test_decode_gbk_page_with_lying_utf8_header() -> None:
    page = html_page(FULL_TITLE)
    decoded = decode_bytes(page.encode("gbk"), "text/html; charset=utf-8")
    assert decoded.text == page
    assert decoded.encoding == "gb18030"


def test_decode_gbk_page_with_lying_utf8_header_but_honest_meta() -> None:
    page = html_page(FULL_TITLE, '<meta charset="GBK">')
    decoded = decode_bytes(page.encode("gbk"), "text/html; charset=UTF-8")
    assert decoded.text == page
    assert (decoded.encoding, decoded.method) == ("gb18030", "declared")


@pytest.mark.parametrize("text", ["市应急管理局", "年度报告", "本年新收", "予以公开", "行政复议", "来源：厅办公室"])
def test_decode_short_gbk_text(text: str) -> None:
    assert decode_bytes(text.encode("gbk")).text == text


@pytest.mark.parametrize("text", ["报告", "公开", "规章", "总计", "索引号", "应急局"])
def test_decode_very_short_gbk_text_is_not_read_as_big5(text: str) -> None:
    assert decode_bytes(text.encode("gbk")).text == text


@pytest.mark.parametrize("text", ["政府資訊公開工作年度報告，本機關依申請公開數據。", "年度報告：行政複議、行政訴訟情況。"])
def test_decode_big5_traditional_text(text: str) -> None:
    text = text * 8  # a paragraph: on a few bytes GB18030 is preferred (see above)
    decoded = decode_bytes(text.encode("big5"))
    assert decoded.text == text
    assert decoded.encoding == "big5"


def test_decode_utf16_with_bom() -> None:
    decoded = decode_bytes(TITLE.encode("utf-16"))
    assert decoded.text == TITLE
    assert decoded.encoding == "utf-16"


@pytest.mark.parametrize("seed", range(5))
def test_decode_garbage_never_raises_and_returns_str(seed: int) -> None:
    data = random.Random(seed).randbytes(300)
    decoded = decode_bytes(data, "text/html; charset=no-such-charset")
    assert isinstance(decoded.text, str)


@pytest.mark.parametrize("data", [b"", b"\xff", b"\xfe\xff\x00", b"\x81", b"<meta charset=\"\xff\xfe\">\x81\x30"])
def test_decode_odd_bytes_never_raise(data: bytes) -> None:
    assert isinstance(decode_bytes(data).text, str)


@pytest.mark.parametrize(
    ("name", "expected"),
    [("gb2312", "gb18030"), ("GB2312", "gb18030"), ("gbk", "gb18030"), ("GBK ", "gb18030"), ("cp936", "gb18030"),
     ("gb18030", "gb18030"), ("UTF-8", "utf-8"), ("utf8", "utf-8"), ("big5", "big5"),
     ("no-such-charset", None), ("", None), (None, None)],
)
def test_canonical_encoding(name: str | None, expected: str | None) -> None:
    assert canonical_encoding(name) == expected


@pytest.mark.parametrize("name", ["x-gbk", "gb_2312-80"])
def test_canonical_encoding_of_whatwg_gbk_labels(name: str) -> None:
    assert canonical_encoding(name) == "gb18030"


def test_decode_honours_declared_x_gbk() -> None:
    assert decode_bytes("总计".encode("gbk"), "text/html; charset=x-gbk").text == "总计"


def test_declared_charsets_lists_header_then_meta() -> None:
    data = b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head>'
    assert declared_charsets(data, 'text/html; charset="UTF-8"') == ["utf-8", "gb18030"]


# --------------------------------------------------------------------------- sniff.py


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_sniff_pdf() -> None:
    assert sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>") == "pdf"


def test_sniff_pdf_after_leading_whitespace() -> None:
    assert sniff(b"\r\n%PDF-1.4\n") == "pdf"


def test_sniff_docx() -> None:
    data = _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
    assert sniff(data) == "docx"


def test_sniff_plain_zip() -> None:
    assert sniff(_zip({"附件/统计表.csv": "规章,0,0,0"})) == "zip"


def test_sniff_ole2_doc() -> None:
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504) == "doc"


def test_sniff_html_with_doctype() -> None:
    page = ('<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
            '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n<html>')
    assert sniff(page.encode()) == "html"


def test_sniff_error_page_served_for_a_pdf_link_is_html() -> None:
    page = "<html>\r\n<head><title>404 页面不存在</title></head>\r\n<body><h1>您访问的页面不存在</h1></body></html>"
    assert sniff(page.encode("utf-8")) == "html"


def test_sniff_html_starting_with_comments() -> None:
    page = "<!-- TRS WCM 模板 -->\n<!--发布时间 2025-01-20-->\n<html><body>正文</body></html>"
    assert sniff(page.encode("utf-8")) == "html"


def test_sniff_html_after_a_bom() -> None:
    assert sniff(codecs.BOM_UTF8 + b"<!DOCTYPE html><html></html>") == "html"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_sniff_plain_chinese_text(encoding: str) -> None:
    text = f"{TITLE}\n\n　　一、总体情况\n{P_OVERVIEW}\n"
    assert sniff(text.encode(encoding)) == "text"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t  \n"])
def test_sniff_empty_or_whitespace(data: bytes) -> None:
    assert sniff(data) == "empty"


def test_sniff_binary_with_nuls() -> None:
    assert sniff(bytes([0, 1, 2, 3, 255, 0, 7, 8]) * 64) == "binary"


@pytest.mark.parametrize(("data", "kind"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "png"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "jpeg"),
    (b"GIF89a\x10\x00\x10\x00", "gif"),
    (b"II*\x00\x08\x00\x00\x00", "tiff"),
    (b"MM\x00*\x00\x00\x00\x08", "tiff"),
    (b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00", "bmp"),
])
def test_sniff_pictures_by_their_signature(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_two_letters_bm_alone_are_no_bitmap() -> None:
    assert sniff("BM 2024年政府信息公开工作年度报告".encode()) == "text"


def test_sniff_utf16_text_with_bom_is_text_despite_nuls() -> None:
    data = "2024年政府信息公开工作年度报告".encode("utf-16")
    assert b"\x00" in data
    assert sniff(data) == "text"


def test_looks_like_html_on_str() -> None:
    assert looks_like_html('<div class="article">正文</div>')
    assert not looks_like_html("规章\t0\t0\t0\n行政规范性文件\t1\t0\t3")


# --------------------------------------------------------------------------- normalize.py


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("數(shù)據(jù)", "数据"), ("發(fā)布", "发布"), ("機構(gòu)", "机构"),
     ("政府信息公開(kāi)工作年度報(bào)告", "政府信息公开工作年度报告"),
     ("文件編號: 發(fā)布機構(gòu):市應(yīng)急管理局", "文件编号: 发布机构:市应急管理局")],
)
def test_pinyin_glosses_removed_before_simplification(normalizer: Normalizer, raw: str, expected: str) -> None:
    assert normalizer.text(raw) == expected


def test_pinyin_gloss_in_full_width_parentheses_removed(normalizer: Normalizer) -> None:
    assert normalizer.text("本報告中所列數（shù）據") == "本报告中所列数据"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("(一)主动公开", "(一)主动公开"), ("第二十条第(一)项", "第二十条第(一)项"), ("国务院令(2024)", "国务院令(2024)"),
     ("联系(地址:六盘水市钟山区)", "联系(地址:六盘水市钟山区)"), ("门户网站(www)", "门户网站(www)"),
     ("应急管理部(MEM)", "应急管理部(MEM)"), ("全角（一）", "全角(一)")],
)
def test_real_parentheses_kept(normalizer: Normalizer, raw: str, expected: str) -> None:
    assert normalizer.text(raw) == expected


def test_strip_pinyin_needs_a_cjk_character_before_the_gloss() -> None:
    assert strip_pinyin("拼音(shù)") == "拼音"
    assert strip_pinyin("(shù)") == "(shù)"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("１２３", "123"), ("（", "("), ("：", ":"), ("ＡＢＣａｂｃ", "ABCabc"), ("电话：０８５８－８２２４３６３", "电话:0858-8224363"),
     ("（二）部分公开", "(二)部分公开")],
)
def test_full_width_ascii_becomes_ascii(raw: str, expected: str) -> None:
    assert normalize_chars(raw) == expected


@pytest.mark.parametrize("space", ["\u00a0", "\u3000", "\u2003", "\u00a0\u00a0", "\u3000 \u3000"])
def test_odd_spaces_become_one_space(space: str) -> None:
    assert normalize_text(f"发布机构:市应急管理局{space}来源:本站") == "发布机构:市应急管理局 来源:本站"


def test_leading_ideographic_indent_is_stripped() -> None:
    assert normalize_text("\u3000\u3000一、总体情况") == "一、总体情况"


def test_zero_width_characters_removed() -> None:
    assert normalize_text("政府\u200b信息\u200d公开\ufeff年度\u00ad报告") == "政府信息公开年度报告"


def test_word_bookmark_artefact_removed() -> None:
    assert normalize_text("[bookmark: _GoBack]一、总体情况") == "一、总体情况"


def test_word_field_artefact_removed() -> None:
    assert normalize_text("{ PAGE \\* MERGEFORMAT }第1页") == "第1页"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("2023 年", "2023年"), ("8 件", "8件"), ("截至 2023年底", "截至2023年底"), ("共收到申请 12 件", "共收到申请12件"),
     ("2021-01-21 公开日期", "2021-01-21 公开日期")],
)
def test_spaces_between_numbers_and_units(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_tab_row_keeps_inner_empty_fields_and_drops_trailing_ones() -> None:
    assert normalize_line("规章\t\t0\t0\t\t") == "规章\t\t0\t0"


def test_tab_row_keeps_leading_empty_field() -> None:
    assert normalize_text("\t行政规范性文件\t1\t\t3") == "\t行政规范性文件\t1\t\t3"


def test_tab_row_fields_are_squeezed_one_by_one() -> None:
    assert normalize_line("一、本年新收政府信息公开申请数量\t 2 \t0") == "一、本年新收政府信息公开申请数量\t2\t0"


def test_single_field_after_tabs_is_not_a_row() -> None:
    assert normalize_line("\t\t一、总体情况") == "一、总体情况"


@pytest.mark.parametrize("sentence", [P_LAW, P_PERIOD, P_OVERVIEW,
                                      "本机关不掌握相关政府信息", "没有现成信息需要另行制作",
                                      "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                                      "局微信公众号(凉都应急管理)公开信息424条,涉及工作动态、宣传教育、政策法规等。"])
def test_t2s_leaves_simplified_text_unchanged(normalizer: Normalizer, sentence: str) -> None:
    assert normalizer.simplify(sentence) == sentence
    assert normalizer.converter.convert(sentence) == sentence  # also when OpenCC does run (a mixed page)


def test_t2s_converts_traditional(normalizer: Normalizer) -> None:
    assert normalizer.text("常州市應急管理局2020年政府信息公開工作年度報告") == "常州市应急管理局2020年政府信息公开工作年度报告"


def test_cell_simplifies_a_traditional_table_label(normalizer: Normalizer) -> None:
    assert normalizer.cell("(三)不予公開") == "(三)不予公开"


@pytest.mark.parametrize(("traditional", "simplified"),
                         [("行政強制", "行政强制"), ("政府集中採購", "政府集中采购"),
                          ("2. 沒有現成信息需要另行製作", "2. 没有现成信息需要另行制作"),
                          ("3. 危及“三安全一穩定”", "3. 危及“三安全一稳定”")])
def test_cell_simplifies_every_traditional_template_label(normalizer: Normalizer, traditional: str,
                                                          simplified: str) -> None:
    assert normalizer.cell(traditional) == simplified


def test_normalize_cell_joins_lines_and_converts_full_width() -> None:
    assert normalize_cell("１２") == "12"
    assert normalize_cell("本年新收\n政府信息公开申请数量") == "本年新收 政府信息公开申请数量"


# --------------------------------------------------------------------------- header.py


def test_header_fields_spaced_index_label() -> None:
    assert header_fields("索 引 号:014110243/2021-00009") == [
        HeaderField("index_no", "索引号", "014110243/2021-00009")]


def test_header_fields_empty_value_before_next_label() -> None:
    assert header_fields("文件编号: 发布机构:市应急管理局") == [
        HeaderField("doc_no", "文件编号", ""), HeaderField("issuer", "发布机构", "市应急管理局")]


def test_header_fields_three_on_one_line() -> None:
    fields = header_fields("生成日期:2021-01-21 公开日期:2021-01-21 废止日期:有效")
    assert [(f.field, f.label, f.value) for f in fields] == [
        ("created_date", "生成日期", "2021-01-21"), ("publish_date", "公开日期", "2021-01-21"),
        ("_other", "废止日期", "有效")]


def test_header_fields_published_and_article_source() -> None:
    """大冶 2025 (a pages-corpus capture): 发表日期 and 文章来源 on one line."""
    fields = header_fields("发表日期:2026-01-26    文章来源:大冶市自然资源和规划局")
    assert [(f.field, f.value) for f in fields] == [("publish_date", "2026-01-26"), ("source", "大冶市自然资源和规划局")]


def test_a_pages_size_and_view_count_end_the_source_before_them() -> None:
    """彰武县 2019 (a pages-corpus capture): 浏览量 and 文字大小 are the page's, not the source's."""
    fields = header_fields("日期: 2020-01-23 浏览量:526 来源:彰武县政府办公室 文字大小:")
    assert [f.value for f in fields if f.field == "source"] == ["彰武县政府办公室"]


def test_a_subject_label_ends_an_empty_document_number() -> None:
    """解放路街道 (the second anomaly hunts of 2026-11-30): 文 号: 所属主题: 政府信息公开年报 gave 文号 = 所属主题…."""
    fields = header_fields("文 号: 所属主题: 政府信息公开年报")
    assert [(f.field, f.value) for f in fields] == [("doc_no", ""), ("_other", "政府信息公开年报")]


def test_a_value_keeps_the_brackets_it_prints_and_loses_those_around_its_field() -> None:
    """An anomaly hunt of 2026-11-30: 名称: 【公开制度】… lost its 【 (the field's brackets were stripped blindly)."""
    assert header_fields("名称: 【公开制度】某县信息公开统计制度")[0].value == "【公开制度】某县信息公开统计制度"
    assert [f.value for f in header_fields("【发布机构:某局】【发布日期:2024-01-02】")] == ["某局", "2024-01-02"]
    assert [f.value for f in header_fields("来源:新九镇党政办      选择阅读字号:[ ]")][0] == "新九镇党政办"


def test_header_labels_after_a_slash_or_a_dash_and_the_poster() -> None:
    """tests/oracle quanzhou_lcgxq_2019 (- 备注/文号:…, - 公文生成日期:…) and wltqq_shadege_2021 (发布人)."""
    assert [(f.field, f.value) for f in header_fields("- 备注/文号:泉鲤高办〔2020〕1号")] == [("doc_no", "泉鲤高办〔2020〕1号")]
    assert [(f.field, f.value) for f in header_fields("- 公文生成日期:2020-01-02")] == [("created_date", "2020-01-02")]
    assert [(f.field, f.value) for f in header_fields("发布单位:沙德格苏木 发布人:李姣")][0] == ("issuer", "沙德格苏木")


def test_a_date_after_a_source_with_no_label_is_not_the_source() -> None:
    """tests/oracle yueyang_pingjiang_sthjfj_2020: 来源:生态环境局信息中心 2021-01-07 15:30."""
    assert [f.value for f in header_fields("来源:生态环境局信息中心2021-01-07 15:30")] == ["生态环境局信息中心"]


def test_a_bylines_leading_date_is_the_publish_date() -> None:
    """湘桥区教育局 2023 (probe P16): the page's date opens its byline with no label of its own."""
    fields = header_fields("2024-01-23 16:45  稿件作者:   浏览量:- 【浏览字体: 】    分享到:")
    assert [(f.field, f.value) for f in fields][0] == ("publish_date", "2024-01-23")
    assert header_fields("2021年1月1日至12月31日 本机关共收到申请3件") == []
    assert header_fields("2021-01-22 一、总体情况") == []


def test_a_view_count_ends_where_the_date_label_starts() -> None:
    """新抚区发改局 2020 (probe P16): 浏览:6476次'时间:2021年1月29日."""
    fields = header_fields("浏览:6476次'时间:2021年1月29日")
    assert [(f.field, f.value) for f in fields if f.field == "publish_date"] == [("publish_date", "2021年1月29日")]


def test_the_next_labels_of_a_header_are_no_part_of_a_value() -> None:
    """The anomaly hunts of 2026-12-01: 信息分类:, 生成日期/有效期: and 更新时间: are labels, not values."""
    assert [(f.field, f.value) for f in header_fields("| 索 引 号: | 000014349/2022-02188 | 信息分类: | |")][0] == (
        "index_no", "000014349/2022-02188")
    assert [(f.field, f.value) for f in header_fields("| 发文机构: | 生成日期/有效期: | 2022-01-29 14:59:17 | |")] == [
        ("issuer", ""), ("created_date", "2022-01-29 14:59:17")]
    assert header_fields("来源:中国电子政务网 更新时间:2012-06-05")[0].value == "中国电子政务网"


def test_a_label_right_after_an_empty_fields_colon() -> None:
    """铺前镇 2020 on a copying site (the anomaly hunts of 2026-12-01): 文 号:发布日期: 2021-01-20 09:14."""
    fields = header_fields("铺前镇2020年政府信息公开工作年度报告 - 文 号:发布日期: 2021-01-20 09:14")
    assert [(f.field, f.value) for f in fields] == [("doc_no", ""), ("publish_date", "2021-01-20 09:14")]


def test_more_labels_of_header_blocks() -> None:
    """The anomaly hunts of 2026-12-01: 公开类型 ends a 文号; 信息提供日期 is the page's date."""
    assert header_fields("文 号: | 嘉府办发〔2024〕23号 | 公开类型: | 主动公开 |")[0].value == "嘉府办发〔2024〕23号"
    assert [(f.field, f.value) for f in header_fields("信息提供日期 : 2022-01-21 17:48来源 : 深圳市福田区集体经济发展服务署")] == [
        ("publish_date", "2022-01-21 17:48"), ("source", "深圳市福田区集体经济发展服务署")]
    assert header_fields("生成日期 | 2025-01-23 10:16:31 | 是否有效 |")[0].value == "2025-01-23 10:16:31"


def test_separators_a_capture_lost_end_a_value() -> None:
    """衡阳市水利局 (the anomaly hunts of 2026-12-01): 来源:衡阳市水利局?????浏览量:次."""
    fields = header_fields("发布时间:2021-01-21 20:04??????来源:衡阳市水利局?????浏览量:次")
    assert [f.value for f in fields if f.field == "source"] == ["衡阳市水利局"]


def test_a_header_block_captured_as_a_table_row() -> None:
    """tests/fixtures/not_reports/ningguo_swj_nar: 索引号 | … | 组配分类 | … | (no colons, cells between pipes)."""
    assert [(f.field, f.value) for f in header_fields("发布机构 | 宁国市商务局 | 发文日期 | 2021-10-08 15:47 |")] == [
        ("issuer", "宁国市商务局"), ("created_date", "2021-10-08 15:47")]
    assert is_header_line("索引号 | 11341702486344515H/202110-00013 | 组配分类 | 公开制度 |")
    assert header_fields("规章 | 0 | 0 | 0 |") == [] and not is_header_line("规章 | 0 | 0 | 0 |")


def test_a_date_label_without_its_colon_ends_the_field_before_it() -> None:
    """The anomaly hunt of 2026-11-30: 信息来源: 区绿化市容局 发布时间 2021-01-22; 文 号: 文件分类: (an empty 文号)."""
    assert [(f.field, f.value) for f in header_fields("信息来源: 区绿化市容局 发布时间 2021-01-22")] == [
        ("source", "区绿化市容局"), ("publish_date", "2021-01-22")]
    assert [(f.field, f.value) for f in header_fields("文 号: 文件分类: 所属机构:")][0] == ("doc_no", "")
    assert [(f.field, f.value) for f in header_fields("文 号: 关键字: 白银区统计局2020年报告")][0] == ("doc_no", "")
    assert [(f.field, f.value) for f in header_fields("发布机构:政务服务中心  公文时效:")][0] == ("issuer", "政务服务中心")


def test_a_title_naming_its_agency_wins_over_the_columns_name_above_it() -> None:
    """The anomaly hunt of 2026-11-30: 2020年信息公开年报 (the column) / 蒲纺工业园区2020年…年度报告."""
    assert find_title(["2020年信息公开年报", "蒲纺工业园区2020年政府信息公开工作年度报告", "一、总体情况"]) == 1


def test_header_fields_bullet_source() -> None:
    assert header_fields("• 来源: 厅办公室") == [HeaderField("source", "来源", "厅办公室")]


def test_header_fields_full_width_colons() -> None:
    fields = header_fields("索引号：11520200MB1613271Q/2025-00012 发布机构：六盘水市应急管理局")
    assert [(f.field, f.value) for f in fields] == [
        ("index_no", "11520200MB1613271Q/2025-00012"), ("issuer", "六盘水市应急管理局")]


def test_header_fields_bracketed_and_piped() -> None:
    fields = header_fields("【发布机构:市应急管理局】|【来源:市应急局】")
    assert [(f.field, f.value) for f in fields] == [("issuer", "市应急管理局"), ("source", "市应急局")]


def test_header_fields_longest_label_wins() -> None:
    assert header_fields("信息来源:六盘水市应急管理局")[0].label == "信息来源"


def test_header_fields_ignore_overlong_lines() -> None:
    assert header_fields("来源:" + "本" * 250) == []


@pytest.mark.parametrize(
    "line",
    ["索 引 号:014110243/2021-00009", "文件编号: 发布机构:市应急管理局", "生成日期:2021-01-21 公开日期:2021-01-21 废止日期:有效",
     "• 来源: 厅办公室", "发布时间：2025-01-20 10:32 | 浏览次数："],
)
def test_is_header_line_true_for_header_blocks(line: str) -> None:
    assert is_header_line(line)


@pytest.mark.parametrize(
    "line",
    ["根据上级来源:文件要求,本局共收到政府信息公开申请3件。", "本报告数据来源:市应急局办公室", P_LAW,
     "一、总体情况"],
)
def test_is_header_line_false_for_prose(line: str) -> None:
    assert not is_header_line(line)


def test_is_bare_label() -> None:
    assert is_bare_label("索 引 号")
    assert is_bare_label("发布机构：")
    assert not is_bare_label("规章")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-01-20", "2025-01-20"), ("2025年1月17日", "2025-01-17"), ("2025/1/7", "2025-01-07"),
     ("2025.01.20", "2025-01-20"), ("2025 年 1 月 17 日", "2025-01-17"), ("发布时间:2025-01-20 10:32", "2025-01-20")],
)
def test_iso_date(text: str, expected: str) -> None:
    assert iso_date(text) == expected


@pytest.mark.parametrize("text", ["2020120", "2025-13-01", "2025-01-32", "1989-01-01", "有效", ""])
def test_iso_date_invalid(text: str) -> None:
    assert iso_date(text) is None


def test_iso_date_skips_an_implausible_date_for_a_later_one() -> None:
    assert iso_date("2025-13-01 更新于2025-01-20") == "2025-01-20"


@pytest.mark.parametrize("text", ["2025-02-30", "2024-04-31", "2023年2月29日"])
def test_iso_date_rejects_days_the_month_lacks(text: str) -> None:
    assert iso_date(text) is None


# --------------------------------------------------------------------------- dedupe.py

BODY = [TITLE, P_LAW, P_PERIOD, "一、总体情况", P_OVERVIEW, "(一)主动公开", "规章", "0", "0", "0"]


def test_body_printed_twice_with_title_bar_between_keeps_one_copy() -> None:
    lines = BODY + ["【打印本页】", "【关闭窗口】"] + BODY
    assert dedupe_lines(lines) == BODY


def test_body_printed_twice_back_to_back_keeps_one_copy() -> None:
    assert drop_repeated_block(BODY + BODY) == BODY


def test_short_lines_that_repeat_are_kept() -> None:
    lines = ["(一)主动公开", "规章", "0", "0", "0", "(一)予以公开", "0", "(二)部分公开", "0", "(一)", "0", "(一)", "0"]
    assert dedupe_lines(lines) == lines


def test_single_long_paragraph_repeated_later_is_dropped() -> None:
    lines = [TITLE, P_LAW, "一、总体情况", P_OVERVIEW, "二、主动公开政府信息情况", P_LAW, "三、其他"]
    assert drop_repeated_paragraphs(lines) == [TITLE, P_LAW, "一、总体情况", P_OVERVIEW, "二、主动公开政府信息情况",
                                               "三、其他"]


def test_normal_text_is_unchanged() -> None:
    lines = [TITLE, P_LAW, P_PERIOD, "一、总体情况", P_OVERVIEW, "二、主动公开政府信息情况", "规章", "0", "0", "0",
             "六盘水市应急管理局", "2025年1月20日"]
    assert dedupe_lines(lines) == lines


# --------------------------------------------------------------------------- body.py

PAGE = [
    "您当前的位置: 首页 > 政务公开 > 信息公开",
    "索 引 号:11520200MB1613271Q/2025-00012",
    "信息名称:" + TITLE,
    TITLE,
    "发布时间: 2025-01-20",
    "字体:大 中 小",
    "分享到:",
    "【打印本页】",
    P_LAW,
    "一、总体情况",
    P_OVERVIEW,
    "六盘水市应急管理局",
    "2025年1月20日",
    "上一篇:关于开展2025年安全生产月活动的通知",
    "下一篇:无",
    "相关链接",
    "主办单位:六盘水市应急管理局",
    "黔ICP备05001234号-1",
]


PREFACE = "根据《中华人民共和国政府信息公开条例》要求,现公布乌兰察布市区域经济合作局2020年度政府信息公开工作年度报告。"


def test_a_title_on_two_lines_wins_over_the_heading_above_it() -> None:
    """tests/oracle taojiang_smtz_2022: the page's heading prints the title's second line alone."""
    lines = ["2022年政府信息公开工作年度报告", "桃江县松木塘镇人民政府", "2022年政府信息公开工作年度报告", "一、总体情况"]
    assert find_title(lines) == 2
    assert body_lines(lines)[0] == "桃江县松木塘镇人民政府2022年政府信息公开工作年度报告"


def test_a_title_on_two_lines_without_a_year() -> None:
    """wuhai 2020: the agency's name, then 政府信息公开工作年度报告."""
    lines = ["乌海市工业和信息化局", "政府信息公开工作年度报告", "一、总体情况"]
    assert body_lines(lines)[0] == "乌海市工业和信息化局政府信息公开工作年度报告"


def test_a_title_on_two_lines_its_second_opening_with_about() -> None:
    """tests/oracle yanbian_xjz_2021: 盐边县新九镇人民政府 / 关于2021年度政府信息公开工作的年度报告."""
    lines = ["盐边县新九镇人民政府", "关于2021年度政府信息公开工作的年度报告", "一、总体情况"]
    assert body_lines(lines)[0] == "盐边县新九镇人民政府关于2021年度政府信息公开工作的年度报告"


def test_a_title_broken_after_its_year() -> None:
    """tests/oracle zuogong_xzf_2021."""
    lines = ["左贡县人民政府", "左贡县人民政府2021年度", "信息公开年度报告", "一、总体情况"]
    assert body_lines(lines)[0] == "左贡县人民政府2021年度信息公开年度报告"


def test_a_title_broken_inside_its_words_after_the_year() -> None:
    """西咸新区底张街道办事处 2023 (a pages-corpus capture): …2023年度政府 / 信息公开工作年度报告."""
    lines = ["西咸新区底张街道办事处2023年度政府", "信息公开工作年度报告", "一、总体情况"]
    assert body_lines(lines)[0] == "西咸新区底张街道办事处2023年度政府信息公开工作年度报告"


def test_a_title_broken_inside_the_reports_words() -> None:
    """六盘水市公安局 2020 (the anomaly hunts of 2026-12-01): …2020年度政府信息 / 公开工作年度报告."""
    lines = ["六盘水市公安局2020年度政府信息", "公开工作年度报告", "概述", "本年度报告由六盘水市公安局编制。"]
    assert body_lines(lines)[0] == "六盘水市公安局2020年度政府信息公开工作年度报告"


def test_a_title_wrapped_before_its_year() -> None:
    """和田县吾宗肖乡 2023 (the second anomaly hunts of 2026-11-30): …人民政府信息公开工作 / 2023年度报告."""
    lines = ["和田县吾宗肖乡人民政府信息公开工作", "2023年度报告", "根据《条例》编制本报告。", "一、总体情况"]
    assert body_lines(lines)[0] == "和田县吾宗肖乡人民政府信息公开工作2023年度报告"


def test_a_title_printed_twice_keeps_its_agency_line() -> None:
    """蓝田县自然资源和规划局 2021 (probe P16): the page's copy and the body's copy, each on two lines."""
    lines = ["蓝田县自然资源和规划局2021年政府信息公开工作年度报告", "蓝田县自然资源和规划局", "2021年政府信息公开工作年度报告",
             "根据《条例》编制本报告。"]
    assert title_at(lines, 2) == "蓝田县自然资源和规划局2021年政府信息公开工作年度报告"


def test_a_news_title_above_a_column_name_is_not_joined() -> None:
    """A sample page: the column's name under the last news item's title is no title of the agency's."""
    lines = ["湖州市应急管理局召开防汛防台工作部署会", "政府信息公开年报"]
    assert title_at(lines, 1) == "政府信息公开年报"


def test_a_title_ending_in_its_work_report_wins_over_the_columns_menu() -> None:
    """临潭县卫生健康局 2022 (the anomaly hunt P22): 政府信息公开年报 is a menu's link above the title."""
    lines = ["法定主动公开内容", "政府信息公开年报", "政府依申请公开", "临潭县卫生健康局2022年度政府信息公开工作的报告",
             "时间:2023-02-01"]
    assert find_title(lines) == 3


def test_a_universitys_academic_year_report_title_wins_over_the_column_name() -> None:
    """福州大学 2021-2022学年 (the anomaly hunt P22): the column 信息公开年报 stands above the report's own title."""
    lines = ["信息公开年报", "首页 信息公开年报 正文", "福州大学2021-2022学年信息公开工作报告", "一、工作概述"]
    assert find_title(lines) == 2
    assert find_title(["首页 > 信息公开", "2022-2023学年度信息公开工作报告", "一、概述"]) == 1  # report_or_not p530


def test_a_captures_padding_of_pipes_is_no_part_of_the_body() -> None:
    """完冒镇 2022 (held-out round 8, h655): hundreds of pipes after a header line, and lines of them alone, had filled
    the opening where the account of the year is read."""
    lines = ["时间:2023-01-13 作者:完冒镇人民政府 点击数: | " + "|" * 300, "|", "|" * 300, "按照…要求,现将工作开展情况予以上报。"]
    assert body_lines(lines) == ["|", "按照…要求,现将工作开展情况予以上报。"]  # the header line is the page's chrome


def test_a_preface_opening_with_its_purpose_gives_no_glued_title() -> None:
    """锦屏县生态移民局 2020 (the anomaly hunt P24): 为做好2020年全州政府信息公开工作年度报告编制及发布工作,… had been cut
    after 年度报告 into a title of a prefecture's report."""
    line = ("为做好2020年全州政府信息公开工作年度报告编制及发布工作,根据《中华人民共和国政府信息公开条例》要求,"
            "现公布锦屏县生态移民局2020年政府信息公开工作年度报告。")
    assert body_lines([line])[0] == line


def test_a_lists_item_is_no_title() -> None:
    """A guide's contents (held-out round 6, h458): 5.政府信息公开工作年度报告 is an item of a list."""
    assert find_title(["(一)公开内容", "1.工作动态", "5.政府信息公开工作年度报告", "(二)公开方式"]) is None


def test_a_titles_tail_alone_is_no_title() -> None:
    """长通街道 2024 (the second anomaly hunts of 2026-11-30): an excerpt that starts inside its title."""
    assert find_title(["工作年度报告", "2024年以来,长通街道主动公开了街道工作动态。", "一、总体情况"]) is None


def test_the_title_a_one_line_capture_opens_with() -> None:
    """tests/oracle suixian_jjkfq_2019: the whole excerpt is one line, the title glued to what follows."""
    line = "随县经济开发区2019年政府信息公开工作年度报告2019年,随县经济开发区在县委、县政府的正确领导下," + "认真贯彻" * 20
    assert body_lines([line])[0] == "随县经济开发区2019年政府信息公开工作年度报告"


def test_the_title_a_preface_says_it_formed() -> None:
    """tests/oracle haicheng_wjj_2025: 现形成《…报告》."""
    assert preface_titles(["根据《条例》要求,现形成《海城市卫生健康局2025年政府信息公开工作年度报告》。"]) == [
        "海城市卫生健康局2025年政府信息公开工作年度报告"]


def test_the_title_a_preface_names_without_a_year() -> None:
    """通榆县人民政府办公室 (the anomaly hunts of 2026-12-01): 现公布…政府信息公开工作年度报告, after the agency."""
    line = "根据《中华人民共和国政府信息公开条例》规定,现公布通榆县人民政府办公室政府信息公开工作年度报告。本报告由总体情况…组成。"
    assert preface_titles([line]) == ["通榆县人民政府办公室政府信息公开工作年度报告"]
    assert preface_titles(["现公布政府信息公开工作年度报告。"]) == []


def test_the_title_a_preface_quotes_before_saying_it_is_published() -> None:
    """如东县水务局 2020 (probe P16): 《…报告》已经研究同意,现予公开发布."""
    line = "根据《中华人民共和国政府信息公开条例》规定,《2020年度如东县水务局信息公开工作年度报告》已经研究同意,现予公开发布。"
    assert preface_titles([line]) == ["2020年度如东县水务局信息公开工作年度报告"]
    assert preface_titles(["对照《2019年度政府信息公开工作年度报告》中存在的问题,我局认真整改。"]) == []


def test_a_one_line_sentence_naming_the_report_gives_no_title() -> None:
    line = "根据《条例》要求,现公布2019年政府信息公开工作年度报告。" + "认真贯彻" * 20
    assert body_lines([line]) == [line]


def test_a_title_with_the_year_after_its_words() -> None:
    """tests/oracle xian_yanliang_jgswfwzx_2021: 政府信息公开工作2021年度报告."""
    assert find_title(["西安市阎良区机关事务服务中心", "政府信息公开工作2021年度报告", "一、总体情况"]) == 1


@pytest.mark.parametrize("line", ["按照《关于做好2021年度政府信息公开年度报告有关事项的通知》要求,现将有关情况汇报如下:",
                                  "依据《条例》编制本局2021年政府信息公开工作年度报告"])
def test_an_introducing_sentence_is_no_title_line(line: str) -> None:
    assert find_title([line, "一、总体情况"]) is None


def test_a_preface_citing_the_notice_first_names_both() -> None:
    """tests/oracle shangsi_npx_2021: the parser takes the first whose agency is a full name."""
    line = ("根据《防城港市政务公开领导小组办公室关于做好2021年政府信息公开工作年度报告发布和报送工作的通知》要求,"
            "现向社会公开上思县南屏瑶族乡2021年政府信息公开工作年度报告。")
    assert preface_titles([line])[-1] == "上思县南屏瑶族乡2021年政府信息公开工作年度报告"


def test_a_preface_sentence_is_no_title_line() -> None:
    assert find_title([PREFACE, "一、总体情况"]) is None


@pytest.mark.parametrize(("line", "title"), [
    (PREFACE, "乌兰察布市区域经济合作局2020年度政府信息公开工作年度报告"),
    ("现向社会公开《西秀区统计局2024年政府信息公开工作年度报告》。本报告主要内容包括:", "西秀区统计局2024年政府信息公开工作年度报告"),
    ("特编制湛江市人民政府地方志办公室2023年政府信息公开工作年度报告。", "湛江市人民政府地方志办公室2023年政府信息公开工作年度报告"),
])
def test_the_title_a_preface_names(line: str, title: str) -> None:
    assert preface_titles(["一、总体情况", line]) == [title]


def test_a_preface_that_compiled_the_report() -> None:
    line = "现编制形成了《西柳镇人民政府2023年政府信息公开工作年度报告》。"
    assert preface_titles([line]) == ["西柳镇人民政府2023年政府信息公开工作年度报告"]


def test_a_preface_naming_no_report_gives_no_title() -> None:
    assert preface_titles(["现公布2023年工作要点。"]) == []


def test_find_title_skips_breadcrumb_and_header_label_lines() -> None:
    assert find_title(PAGE) == 3


@pytest.mark.parametrize("crumb", ["您当前的位置: 首页 > 政务公开 > 政府信息公开年报",
                                   "首页 >> 政务公开 >> 政府信息公开年度报告"])
def test_find_title_skips_breadcrumb_naming_the_report_column(crumb: str) -> None:
    assert find_title([crumb] + PAGE[1:]) == 3


def test_find_title_none_without_title() -> None:
    assert find_title(["一、总体情况", P_OVERVIEW]) is None


@pytest.mark.parametrize(
    "line",
    ["字体:大 中 小", "【大 中 小】", "分享到:", "分享到: 微信 微博", "【打印本页】", "【关闭窗口】", "您当前的位置: 首页 > 政务公开",
     "当前位置:首页 > 政务公开 > 年度报告", "首页 >> 政务公开 >> 正文", "浏览次数:", "扫一扫在手机打开当前页", "[打印]", "[关闭]"],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)


@pytest.mark.parametrize("line", [TITLE, P_LAW, "一、总体情况", "(二)依申请公开", "六盘水市应急管理局", "2025年1月20日"])
def test_body_lines_are_not_chrome(line: str) -> None:
    assert not is_chrome(line)


def test_body_lines_start_at_title_without_chrome_or_footer() -> None:
    assert body_lines(PAGE) == [TITLE, P_LAW, "一、总体情况", P_OVERVIEW, "六盘水市应急管理局", "2025年1月20日"]


def test_body_lines_insert_the_given_title() -> None:
    assert body_lines([P_LAW, "一、总体情况"], title=TITLE) == [TITLE, P_LAW, "一、总体情况"]


@pytest.mark.parametrize("marker", ["上一篇:关于开展2025年安全生产月活动的通知", "相关链接", "主办单位:六盘水市应急管理局",
                                    "版权所有:六盘水市应急管理局", "黔ICP备05001234号-1"])
def test_cut_footer_drops_footer_from_its_marker(marker: str) -> None:
    lines = [TITLE, P_LAW, "2025年1月20日", marker, "网站标识码:5202000036", "联系我们"]
    assert cut_footer(lines, 1) == [TITLE, P_LAW, "2025年1月20日"]


def test_cut_footer_keeps_marker_line_followed_by_prose() -> None:
    prose = ("局办公室作为政务公开工作的牵头科室,负责政府信息公开工作的组织协调、日常管理以及依申请公开事项的"
             "登记、审核、答复等具体工作,各科室协同配合。")
    assert len(prose) >= 60
    lines = [TITLE, P_LAW, "主办单位:局办公室", prose, "二、主动公开政府信息情况"]
    assert cut_footer(lines, 1) == lines


def test_cut_footer_keeps_a_prose_paragraph_starting_with_a_footer_word() -> None:
    prose = "相关信息处理费收取工作严格按照《政府信息公开信息处理费管理办法》执行,本年度本机关未向申请人收取信息处理费。"
    lines = [TITLE, "六、其他需要报告的事项", prose, "六盘水市应急管理局", "2025年1月20日"]
    assert cut_footer(lines, 1) == lines


def test_cut_footer_never_cuts_before_start() -> None:
    lines = ["相关链接", TITLE]
    assert cut_footer(lines, 1) == lines


# --------------------------------------------------------------------------- html.py

TRS_PAGE = f"""<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>{TITLE}_六盘水市应急管理局</title>
<meta name="SiteName" content="六盘水市应急管理局" />
<meta name="ArticleTitle" content="{TITLE}" />
<meta name="PubDate" content="2025-01-20 10:32" />
<meta property="og:site_name" content="凉都应急" />
<style>.xxgk td {{ border: 1px solid #ccc; }} .hidden {{ display: none }}</style>
<script type="text/javascript">var pageTitle = "脚本里的标题不可见"; document.write("脚本输出");</script>
</head>
<body>
<div class="wrap">
<table width="1000" align="center"><tr><td>
  <table class="xxgk">
    <tr><td class="l">索引号</td><td>11520200MB1613271Q/2025-00012</td>
        <td class="l">发布机构：</td><td>六盘水市应急管理局</td></tr>
    <tr><td class="l">文件编号</td><td></td><td class="l">发布日期</td><td>2025-01-20</td></tr>
  </table>
  <div class="TRS_Editor"><p style="text-indent:2em">一、总体情况</p>
  <table border="1" cellspacing="0">
    <tr><td rowspan="2">信息内容</td><td colspan="3">本年</td></tr>
    <tr><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
    <tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>
  </table>
  表格之后的说明文字。
  </div>
</td></tr></table>
<noscript>请启用脚本</noscript>
<script>window._hmt = "统计代码";</script>
</div>
</body></html>"""


@pytest.fixture()
def trs_tree():
    return load_html(TRS_PAGE)


def _grid(markup: str):
    return table_grid(load_html(markup).find(".//table"), normalize_cell)


def test_table_grid_expands_colspan_with_copies_flagged() -> None:
    grid = _grid('<table><tr><td>信息内容</td><td colspan="3">本年</td></tr></table>')
    assert grid == [[("信息内容", False), ("本年", False), ("本年", True), ("本年", True)]]


def test_table_grid_expands_rowspan_into_following_rows() -> None:
    grid = _grid('<table><tr><td rowspan="3">三、本年度办理结果</td><td>(一)予以公开</td><td>1</td></tr>'
                 '<tr><td>(二)部分公开</td><td>0</td></tr><tr><td>(七)总计</td><td>1</td></tr></table>')
    assert grid == [
        [("三、本年度办理结果", False), ("(一)予以公开", False), ("1", False)],
        [("三、本年度办理结果", True), ("(二)部分公开", False), ("0", False)],
        [("三、本年度办理结果", True), ("(七)总计", False), ("1", False)],
    ]


def test_table_grid_rowspan_in_a_middle_column() -> None:
    grid = _grid('<table><tr><td>a</td><td rowspan="2">b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr></table>')
    assert grid == [[("a", False), ("b", False), ("c", False)], [("d", False), ("b", True), ("e", False)]]


def test_table_grid_rowspan_and_colspan_together_give_equal_width_rows() -> None:
    grid = _grid('<table><tr><td rowspan="2" colspan="2">申请人情况</td><td>自然人</td></tr>'
                 '<tr><td>0</td></tr></table>')
    assert grid == [[("申请人情况", False), ("申请人情况", True), ("自然人", False)],
                    [("申请人情况", True), ("申请人情况", True), ("0", False)]]


def test_table_grid_reads_thead_tbody_and_th() -> None:
    grid = _grid("<table><thead><tr><th>信息内容</th><th>本年处理决定数量</th></tr></thead>"
                 "<tbody><tr><td>行政许可</td><td>220</td></tr></tbody></table>")
    assert [[text for text, _ in row] for row in grid] == [["信息内容", "本年处理决定数量"], ["行政许可", "220"]]


@pytest.mark.parametrize(("attr", "width"), [('colspan="abc"', 1), ('colspan=""', 1), ('colspan="0"', 1),
                                              ('colspan="999"', 60)])
def test_table_grid_bad_spans_are_clamped(attr: str, width: int) -> None:
    assert len(_grid(f"<table><tr><td {attr}>x</td></tr></table>")[0]) == width


def test_walk_page_grids_only_leaf_tables(trs_tree) -> None:
    walk = walk_page(trs_tree, normalize_cell)
    assert "规章 0 0 0" in walk.lines
    assert "信息内容 本年" in walk.lines
    # the layout table around everything is not a data table: no line holds its whole text
    assert not any("索引号" in line and "规章" in line for line in walk.lines)
    assert sum(1 for row in walk.rows if row.grid) == 5  # two header-block rows + three data rows


def test_walk_page_marks_merged_copies(trs_tree) -> None:
    walk = walk_page(trs_tree, normalize_cell)
    copies = [row.cells[k] for row in walk.rows for k in sorted(row.copies)]
    assert copies == ["本年", "本年", "信息内容"]


def test_walk_page_never_shows_script_or_style_text(trs_tree) -> None:
    text = "\n".join(walk_page(trs_tree, normalize_cell).lines)
    for hidden in ("脚本", "统计代码", "pageTitle", "border", "display"):
        assert hidden not in text


def test_walk_page_bare_label_cell_gets_its_colon(trs_tree) -> None:
    lines = walk_page(trs_tree, normalize_cell).lines
    assert lines[0] == "索引号: 11520200MB1613271Q/2025-00012 发布机构: 六盘水市应急管理局"
    assert header_fields(lines[0]) == [HeaderField("index_no", "索引号", "11520200MB1613271Q/2025-00012"),
                                       HeaderField("issuer", "发布机构", "六盘水市应急管理局")]


def test_walk_page_bare_label_with_empty_value_cell(trs_tree) -> None:
    lines = walk_page(trs_tree, normalize_cell).lines
    assert lines[1] == "文件编号: 发布日期: 2025-01-20"
    assert [(f.field, f.value) for f in header_fields(lines[1])] == [("doc_no", ""), ("publish_date", "2025-01-20")]


def test_walk_page_keeps_text_after_a_table(trs_tree) -> None:
    assert walk_page(trs_tree, normalize_cell).lines[-1] == "表格之后的说明文字。"


def test_walk_page_inline_elements_join_and_blocks_split() -> None:
    tree = load_html('<div>前言<p>第一段</p>后记<span>一</span><a href="#">二</a></div>')
    assert walk_page(tree, normalize_cell).lines == ["前言", "第一段", "后记一二"]


def test_load_html_accepts_xml_declaration_and_empty_input() -> None:
    tree = load_html('<?xml version="1.0" encoding="gb2312"?><html><body><p>正文</p></body></html>')
    assert walk_page(tree, normalize_cell).lines == ["正文"]
    assert walk_page(load_html(""), normalize_cell).lines == []


def test_page_hints_reads_meta_and_title(trs_tree) -> None:
    hints = page_hints(trs_tree, normalize_cell)
    assert hints.titles == [TITLE, TITLE]  # ArticleTitle, then the <title> before its suffix
    assert hints.dates == ["2025-01-20 10:32"]
    assert hints.site_names == ["六盘水市应急管理局", "凉都应急", "六盘水市应急管理局"]


def test_page_hints_title_suffix_after_dash_and_h1() -> None:
    tree = load_html(f"<html><head><title>{TITLE} - 六盘水市人民政府</title></head>"
                     f"<body><h1>{FULL_TITLE}</h1></body></html>")
    hints = page_hints(tree, normalize_cell)
    assert hints.titles == [FULL_TITLE, TITLE]
    assert hints.site_names == ["六盘水市人民政府"]
    assert hints.dates == []


def test_page_hints_skips_empty_meta() -> None:
    tree = load_html('<html><head><meta name="ArticleTitle" content=" "><meta name="pubdate" content="2025-01-20">'
                     "</head><body></body></html>")
    hints = page_hints(tree, normalize_cell)
    assert hints.titles == []
    assert hints.dates == ["2025-01-20"]


def test_prose_tree_removes_data_tables_and_keeps_their_tail(trs_tree) -> None:
    html = prose_tree(trs_tree).text_content()
    assert "表格之后的说明文字。" in html
    assert "本年制发件数" not in html
    assert "11520200MB1613271Q" not in html
    assert "一、总体情况" in html


def test_prose_tree_keeps_tail_of_a_first_child_table() -> None:
    tree = load_html("<div><table><tr><td>规章</td><td>0</td></tr></table>注:表中数据截至2024年12月31日。</div>")
    html = prose_tree(tree).text_content()
    assert "注:表中数据截至2024年12月31日。" in html
    assert "规章" not in html



def test_prose_tree_has_no_head() -> None:
    tree = load_html("<html><head><title>页面标题</title><script>var menu = 1;</script></head>"
                     "<body><p>一、总体情况</p></body></html>")
    html = prose_tree(tree).text_content()
    assert "页面标题" not in html
    assert "一、总体情况" in html


# --------------------------------------------------------------------------- clean.columns

FULL_ROW = "     3.其他        0    0    0    0    0    0    9"


def test_value_tail_reads_the_values_that_end_a_line_and_where_they_start() -> None:
    tail = value_tail("  行政许可   12    3")
    assert tail is not None
    assert tail.texts == ("12", "3")
    assert tail.starts == (9, 15)
    assert tail.gap == 3


def test_value_tail_of_a_line_without_values_is_none() -> None:
    assert value_tail("  （二）部分公开（区分处理的") is None


def test_a_lone_last_cell_above_its_row_goes_back_to_the_row_end() -> None:
    lines = ["     （二）部分公开（区                                 3",
             "     分处理的，只计",
             "              3    0    0    0    0    0",
             FULL_ROW]
    out = rejoin_split_cells(lines)
    assert out[0] == "     （二）部分公开（区"
    assert out[2] == "              3    0    0    0    0    0" + " " * 7 + "3"


def test_a_lone_value_outside_the_full_rows_last_column_stays() -> None:
    lines = ["     （二）部分公开（区                     3",
             "              3    0    0    0    0    0",
             FULL_ROW]
    assert rejoin_split_cells(lines) == lines


def test_a_lone_value_between_two_short_rows_stays() -> None:
    lines = ["              3    0    0    0    0    0",
             "     （二）部分公开（区                                 3",
             "              3    0    0    0    0    0",
             FULL_ROW]
    assert rejoin_split_cells(lines) == lines


def test_a_lone_value_past_a_blank_line_stays() -> None:
    lines = ["     （二）部分公开（区                                 3",
             "",
             "              3    0    0    0    0    0",
             FULL_ROW]
    assert rejoin_split_cells(lines) == lines


def test_text_without_columns_is_left_alone() -> None:
    lines = ["（二）部分公开 3", "3 0 0 0 0 0", "3.其他 0 0 0 0 0 0 9"]
    assert rejoin_split_cells(lines) == lines



def test_a_labels_wrapped_line_printed_after_its_values_goes_before_them() -> None:
    lines = ["  一、本年新收政府信息公开申",
             "                         21     0     0     0     0     0     21  请数量"]
    out = label_before_values(lines)
    assert out[0] == lines[0]
    assert out[1] == "请数量" + " " * 22 + "21     0     0     0     0     0     21"



def test_a_labels_wrapped_line_run_into_the_last_value_goes_before_the_values() -> None:
    """PyMuPDF's sorted text of pingtan_zrz_2019's print: 请数量 with no space after the row's total."""
    line = "                         3    0     0    0     0    0   3请数量"
    assert label_before_values([line]) == ["请数量" + " " * 22 + "3    0     0    0     0    0   3"]

@pytest.mark.parametrize("line", [
    "                         21     0     0     0     0     0     21  （四）无法提供",  # a label of its own
    "                         21     0     0     0     0     0     21  2.没有现成",  # an item number
    "                         21 0 0 0 0 0 21 请数量",  # values not set apart as columns
    "  合计  21     0     0     0     0     0     21  请数量",  # text before the values
    "                         21  请数量",  # one value
    "                         21     0     0     0     0     0     21.5万元",  # no word after the digits
])
def test_text_after_values_that_is_no_wrapped_label_line_stays(line: str) -> None:
    assert label_before_values([line]) == [line]


INTERLEAVED_FULL = "                                   0      0      0    0      0      0    0"


def test_a_row_printed_at_two_heights_is_one_line_where_a_full_row_stands() -> None:
    lines = ["          一、本年新收政府信息",
             "                                          0      0    0      0      0",
             "                                   4                                     4",
             "          公开申请数量",
             INTERLEAVED_FULL]
    out = rejoin_interleaved_rows(lines)
    assert out[1] == "                                   4      0      0    0      0      0    4"
    assert out[2] == ""
    assert out[3:] == lines[3:]


def test_a_row_printed_at_two_heights_keeps_the_label_one_of_its_lines_prints() -> None:
    lines = ["                 （七）总计                    0      0    0      0      0",
             "                                   4                                     4",
             INTERLEAVED_FULL]
    out = rejoin_interleaved_rows(lines)
    assert out[0] == "                 （七）总计".ljust(35) + "4      0      0    0      0      0    4"
    assert out[1] == ""


@pytest.mark.parametrize("pair", [
    ("                                          0      0    0      0      0",
     "                                   4                                  4"),  # no full row stands so
    ("                                   4      0      0",
     "                                                        0      0      0    4"),  # side by side
    ("                                   4      0      0    0      0      0",
     "                                                                          4"),  # a column in common
    ("          二、结转                                0      0    0      0      0",
     "          三、总计                 4                                     4"),  # two labels
])
def test_two_lines_of_values_that_are_not_one_row_stay(pair: tuple[str, str]) -> None:
    lines = [*pair, INTERLEAVED_FULL]
    assert rejoin_interleaved_rows(lines) == lines

MERGED = ["     5.要求行政   0    0    0    0    0    0    0",
          "          1.申请人",
          "          无正当理",
          "          由逾期不",
          "     （六）",
          "          2.申请人",
          "     其他处       0    0    0    0    0    0    0",
          "          逾期未按",
          "     理",
          "          收费通知",
          "          要求缴纳",
          "          3.其他",
          "     （七）总计   1    0    0    0    0    0    1"]


def test_values_merged_down_a_group_go_after_its_first_row_label() -> None:
    out = rejoin_merged_rows(MERGED)
    assert [line.strip() for line in out] == [
        "5.要求行政   0    0    0    0    0    0    0", "（六）", "其他处", "理", "1.申请人", "无正当理", "由逾期不",
        "0    0    0    0    0    0    0", "2.申请人", "逾期未按", "收费通知", "要求缴纳", "3.其他",
        "（七）总计   1    0    0    0    0    0    1"]


def test_values_keep_their_columns_when_moved() -> None:
    assert rejoin_merged_rows(MERGED)[7] == MERGED[6].replace("其他处", "   ")


def test_values_at_the_middle_of_their_own_label_stay() -> None:
    lines = ["          1.申请人",
             "          无正当理    0    0    0    0    0    0    0",
             "          由逾期不",
             "          2.申请人",
             "          逾期未按",
             "     （七）总计   1    0    0    0    0    0    1"]
    assert rejoin_merged_rows(lines) == lines


def test_values_off_the_middle_of_the_group_stay() -> None:
    lines = MERGED[:12] + ["          其他情形"] * 6 + MERGED[12:]
    assert rejoin_merged_rows(lines) == lines



def test_two_numbered_labels_on_one_line_start_one_label() -> None:
    """A line printing two items (a page's columns run together) is where one label starts: it broke the reading of
    the labels (an IndexError, the whole document lost) when a mutated capture printed one."""
    lines = ["    1.属于国家秘密                 0    0    0",
             "    2.其他法律行政法规禁止公开",
             "    3.危及安全            4.保护第三方合法权益",
             "    5.属于三类内部事务信息       0    0    0"]
    assert rejoin_merged_rows(lines) == lines

HEADER = ["                    法人或其他组织",
          "                    自然人                              总计",
          "                          商业企业 科研机构 社会公益组织 法律服务机构 其他"]
# Centres: 自然人 21, 总计 53.5, 商业企业 27.5; 科研机构 and the rest follow one space after the word before.


def _at(label: str, *values: tuple[int, str]) -> str:
    """A line of columns: the label, then each value starting at its character position."""
    line = label
    for start, text in values:
        line = line.ljust(start) + text
    return line


def test_page_of_lines_counts_form_feeds() -> None:
    assert page_of_lines("a\nb\n\fc\nd") == [0, 0, 1, 1]


def test_a_value_under_a_header_word_fills_that_column_and_leaves_the_others_empty() -> None:
    lines = [*HEADER, _at("二、上年结转", (20, "18"), (54, "18"))]
    out = place_in_columns(lines, [0] * len(lines))
    assert out[3].split("\t") == ["二、上年结转", "18", "", "", "", "", "", "18"]


def test_a_header_word_letter_spaced_or_wrapped_in_its_cell_still_places_values() -> None:
    """shuyang_fgj_2023 printed by Chromium, then pdftotext -layout: 自然人 prints as 自 然 over 人, 社会公益组织 as
    社 会 / 公 益 / 组织, and the rows print only 自然人 and 总计."""
    header = [_at("", (36, "自 然"), (42, "法人或其他组织"), (69, "总计")),
              _at("", (36, "人")),
              _at("", (42, "商业"), (47, "科研"), (52, "社 会"), (58, "法 律"), (64, "其他")),
              _at("", (52, "公 益"), (58, "服 务")),
              _at("", (42, "企业"), (47, "机构"), (52, "组织"), (58, "机构"))]
    lines = [*header, _at("一、本年新收政府信息公开申请数量", (36, "26"), (69, "26"))]
    out = place_in_columns(lines, [0] * len(lines))
    assert out[-1].split("\t") == ["一、本年新收政府信息公开申请数量", "26", "", "", "", "", "", "26"]


def test_a_value_under_the_first_word_of_a_header_line_is_placed_there() -> None:
    lines = [*HEADER, _at("6.属于四类过程性信息", (21, "3"), (27, "1"))]
    out = place_in_columns(lines, [0] * len(lines))
    assert out[3].split("\t") == ["6.属于四类过程性信息", "3", "1", "", "", "", "", ""]


def test_a_value_under_a_header_word_pushed_along_by_the_one_before_stays_unplaced() -> None:
    lines = [*HEADER, _at("一、本年新收", (20, "12"), (32, "3"))]  # 科研机构 is centred at 32.5
    assert place_in_columns(lines, [0] * len(lines)) == lines


def test_values_on_the_next_page_are_not_placed_by_this_pages_header() -> None:
    lines = [*HEADER, _at("二、上年结转", (20, "18"), (54, "18"))]
    assert place_in_columns(lines, [0, 0, 0, 1]) == lines


def _short_rows(*rows: tuple[str, int, int]) -> list[str]:
    """Rows printing 自然人 and 总计 only, under HEADER's words."""
    return [_at(label, (20, str(a)), (54, str(b))) for label, a, b in rows]


def test_rows_of_the_pages_after_fill_the_columns_every_row_of_the_header_page_filled() -> None:
    """shuyang_fgj_2023 printed by Chromium, then pdftotext -layout: rows on the table's second and third pages
    print `0   0` packed, without a header there to place them."""
    first = _short_rows(("一、本年新收", 26, 26), ("二、上年结转", 0, 0), ("（一）予以公开", 26, 26))
    after = ["\f" + _at("3.危及“三安全一稳定", (30, "0"), (34, "0")), "\f" + _at("2.重复申请", (25, "0"), (30, "0"))]
    lines = [*HEADER, *first, *after]
    out = place_in_columns(lines, page_of_lines("\n".join(lines)))
    assert out[-2].split("\t") == ["\f3.危及“三安全一稳定", "0", "", "", "", "", "", "0"]
    assert out[-1].split("\t") == ["\f2.重复申请", "0", "", "", "", "", "", "0"]


def test_rows_of_the_next_page_stay_unplaced_when_the_header_pages_rows_filled_other_columns() -> None:
    first = [*_short_rows(("一、本年新收", 26, 26), ("二、上年结转", 0, 0)), _at("（一）予以公开", (20, "3"), (27, "1"))]
    lines = [*HEADER, *first, _at("3.危及“三安全一稳定", (30, "0"), (34, "0"))]
    assert place_in_columns(lines, [0] * (len(lines) - 1) + [1])[-1] == lines[-1]


def test_rows_of_the_next_page_stay_unplaced_after_too_few_rows_on_the_header_page() -> None:
    lines = [*HEADER, *_short_rows(("一、本年新收", 26, 26), ("二、上年结转", 0, 0)), _at("3.危及", (30, "0"), (34, "0"))]
    assert place_in_columns(lines, [0] * (len(lines) - 1) + [1])[-1] == lines[-1]


def test_a_row_of_the_next_page_printing_another_count_of_values_stays_unplaced() -> None:
    first = _short_rows(("一、本年新收", 26, 26), ("二、上年结转", 0, 0), ("（一）予以公开", 26, 26))
    lines = [*HEADER, *first, _at("3.危及", (30, "1"), (34, "0"), (38, "1"))]
    assert place_in_columns(lines, [0] * (len(lines) - 1) + [1])[-1] == lines[-1]


def test_a_full_row_stays_as_printed() -> None:
    lines = [*HEADER, _at("（七）总计", *[(20 + 5 * k, "1") for k in range(7)])]
    assert place_in_columns(lines, [0] * len(lines)) == lines


def test_text_with_values_after_runs_of_spaces_may_be_in_columns() -> None:
    assert in_columns("规章      0     0     3")


def test_text_with_single_spaces_is_not_in_columns() -> None:
    assert not in_columns("规章 0 0 3\n一、本年新收政府信息公开申请数量 8 0 0 0 0 0 8")


def _shown_at(label: str, *values: tuple[int, str]) -> str:
    """A line as a terminal shows it (pandoc -t plain, w3m): each value starting at its column, a wide character
    taking two."""
    line = label
    for column, text in values:
        shown = sum(2 if east_asian_width(c) in "WF" else 1 for c in line)
        line = line + " " * max(1, column - shown) + text
    return line


# shanghai_bgt_2019 by pandoc -t plain, its columns cut narrower: every cell starts at its column's left edge.
TERMINAL = [_shown_at("", (40, "自然人"), (50, "法人或其他组织"), (104, "总计")),
            _shown_at("", (50, "商业企业"), (60, "科研机构"), (70, "社会公益组织"), (84, "法律服务机构"), (98, "其他")),
            _shown_at("  一、本年新收政府信息公开申请数量", (40, "821"), (50, "35"), (84, "2"), (98, "1"), (104, "859")),
            _shown_at("  二、上年结转政府信息公开申请数量", (40, "18"), (104, "18"))]


def test_a_text_in_a_terminals_columns_is_told_by_its_rows_standing_under_the_header_so() -> None:
    assert terminal_columns("\n".join(TERMINAL))


def test_a_text_in_a_pages_columns_is_not_in_a_terminals() -> None:
    lines = [*HEADER, _at("二、上年结转", (20, "18"), (54, "18"))]
    assert not terminal_columns("\n".join(lines))


def test_respacing_moves_each_word_to_the_character_its_terminal_column_is() -> None:
    out = respaced("\n".join(TERMINAL)).split("\n")
    assert [m.start() for m in re.finditer(r"\S+", out[3])] == [2, 40, 104]


def test_respacing_leaves_a_line_without_columns_as_it_is() -> None:
    assert respaced("本报告 根据《条例》编制。") == "本报告 根据《条例》编制。"


def test_a_value_starting_where_its_header_word_starts_is_placed_there_when_left_aligned() -> None:
    lines = respaced("\n".join(TERMINAL)).split("\n")
    out = place_in_columns(lines, [0] * len(lines), left_aligned=True)
    assert out[2].split("\t") == ["一、本年新收政府信息公开申请数量", "821", "35", "", "", "2", "1", "859"]
    assert out[3].split("\t") == ["二、上年结转政府信息公开申请数量", "18", "", "", "", "", "", "18"]


def test_a_value_starting_where_its_header_word_starts_stays_unplaced_unless_left_aligned() -> None:
    lines = respaced("\n".join(TERMINAL)).split("\n")
    assert place_in_columns(lines, [0] * len(lines))[2] == lines[2]


# shanghai_bgt_2019's table 4 by pandoc -t plain, re-spaced: the review's 5 words on one line, the suits' 10 below.
WORDS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
REVIEW_HEADER = [_at("", *zip((2, 13, 24, 35, 46), WORDS)),
                 _at("", *zip((53, 72, 83, 94, 105, 112, 125, 136, 147, 158), WORDS * 2))]


def test_table4_values_under_its_column_words_fill_those_columns() -> None:
    lines = [*REVIEW_HEADER, _at("", (2, "5"), (35, "2"), (46, "7"), (53, "8"), (94, "1"), (105, "9"))]
    out = place_review_in_columns(lines, left_aligned=True)
    assert out[-1].split("\t") == ["5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", ""]


def test_table4_values_under_no_column_word_stay_as_printed() -> None:
    lines = [*REVIEW_HEADER, _at("", (2, "5"), (30, "2"), (46, "7"))]
    assert place_review_in_columns(lines, left_aligned=True) == lines


def test_other_and_total_without_natural_person_are_no_table3_header() -> None:
    lines = ["          其他                          总计", _at("行政复议", (10, "1"), (38, "1"))]
    assert place_in_columns(lines, [0] * len(lines)) == lines


# -- a page's text taken as one string ---------------------------------------------------

PROSE = "本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室关于印发的通知要求编制。" * 3


def test_tabs_between_paragraphs_of_prose_break_lines() -> None:
    """lxml's text_content() of pingtan_gwh_2022's page: the report's paragraphs run together with tabs between."""
    from govreports.clean.cells import split_tab_paragraphs

    line = f"{PROSE}\t一、总体情况\t{PROSE}\t二、主动公开政府信息情况规章000"
    assert split_tab_paragraphs(line).split("\n") == [PROSE, "一、总体情况", PROSE, "二、主动公开政府信息情况规章000"]


def test_a_tab_row_with_one_long_label_stays_a_row() -> None:
    from govreports.clean.cells import split_tab_paragraphs

    line = f"规范性文件：{PROSE}\t3\t0\t12"
    assert split_tab_paragraphs(line) == line


# -- markdown tables without outer pipes (html2text) -----------------------------------------

HTML2TEXT_TABLE = """\
信息内容| 申请人情况
---|---
一、本年新收政府信息公开申请数量| 821| 35|  |  | 2| 1| 859  
三、本年度办理结果| （一）予以公开| 258| 12|  |  | 1| 1|    
（七）总计| 767| 35|  |  | 2| 1| 805  """


def test_a_last_pipe_of_a_table_without_outer_pipes_stands_before_an_empty_cell() -> None:
    """shanghai_bgt_2019 by html2text: （一）予以公开 prints no total; its row ends in the pipe before that cell."""
    from govreports.clean.cells import keep_last_empty_cells, split_line

    row = split_line(keep_last_empty_cells(HTML2TEXT_TABLE).split("\n")[3])
    assert row is not None
    assert row.cells[-7:] == ("258", "12", "", "", "1", "1", "")


def test_rows_that_all_end_in_a_pipe_keep_it_as_the_tables_edge() -> None:
    from govreports.clean.cells import keep_last_empty_cells

    text = "规章 | 0 | 0 | 0 |\n---|---|---|---|\n行政许可 | 339 | +123 | 462 |\n行政处罚 | 1 | 0 | 1 |"
    assert keep_last_empty_cells(text) == text


def test_pipe_rows_without_a_markdown_rule_are_left_as_they_are() -> None:
    from govreports.clean.cells import keep_last_empty_cells

    text = "规章 | 0 | 0 | 0\n行政许可 | 339 | +123 |\n行政处罚 | 1 | 0 | 1"
    assert keep_last_empty_cells(text) == text


@pytest.mark.parametrize(("text", "kept"), [
    ("行政许可 | 72 | 7", "行政许可 | 72"),  # cut through 7x: its cell is lost, and the pipe that opened it
    ("行政许可\n|\n15\n|\n1", "行政许可\n|\n15\n|\n"),
    ("行政许可 | 92 | 增9", "行政许可 | 92"),
    ("行政事业性收费 18.8", "行政事业性收费"),
    ("（一）予以公开7", "（一）予以公开"),
    ("行政强制 | 0", "行政强制 | 0"),  # a count goes on after no leading 0
    ("行政强制 | 7 |", "行政强制 | 7 |"),  # closed by its pipe
    ("行政强制 | 7\n", "行政强制 | 7\n"),  # by its line break
    ("行政强制 7 ", "行政强制 7 "),  # by a space
    ("五、存在的主要问题及改进情况 .............. 12", "五、存在的主要问题及改进情况 .............. 12"),  # a page number
    ("目录…\u3000 ３", "目录…\u3000 ３"),  # a full-width digit after a leader and ideographic space
    ("行政许可 | 减少1,2，3.5", "行政许可"),  # a two-character sign, its run of digits, points and commas
    ("2,3", ""),
    ("|" + "1" * 40, ""),  # a 40-digit run: the search starts where the run does, not in it
])
def test_a_number_the_text_ends_in_unclosed_may_be_cut_and_is_dropped(text: str, kept: str) -> None:
    from govreports.clean.cells import drop_cut_number

    assert drop_cut_number(text) == kept


# --------------------------------------------------------------------------- patterns that must not backtrack

def test_the_glued_numbers_pattern_reads_what_its_plain_form_read() -> None:
    """GLUED_TAIL takes each run of digits one way only; on every text of up to six characters from digits, points,
    signs, a CJK character and a letter it matches as the plain (?:[-+]?\\d+(?:\\.\\d+)?)+ did, label and numbers."""
    import itertools
    import re

    from govreports.clean.cells import GLUED_TAIL

    plain = re.compile(r"^(.*[\u3400-\u9fff）)\]】”])((?:[-+]?\d+(?:\.\d+)?)+)$")
    matched = 0
    for size in range(1, 7):
        for characters in itertools.product("12.-+量a", repeat=size):
            text = "".join(characters)
            ours, theirs = GLUED_TAIL.match(text), plain.match(text)
            assert (ours and ours.groups()) == (theirs and theirs.groups()), text
            matched += ours is not None
    assert matched > 1000


def test_long_digit_runs_and_runs_of_comments_are_read_at_once() -> None:
    """Texts that sent the patterns backtracking (every split of 40 glued digits before a space; every grouping of 40
    comments before a tag the start does not name) are read in a child process that must end within a minute: a
    pattern that backtracks again never ends, and fails this test instead of hanging the suite."""
    import subprocess
    import sys

    code = ("from govreports.clean.cells import glued_tail; from govreports.clean.sniff import sniff; "
            "print(glued_tail('申请数量' + '1' * 40 + ' 2'), sniff(b'<!-- a -->' * 40 + b'<span>x</span>'))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["None", "text"]


@pytest.mark.parametrize(("line", "cells"), [
    # PyMuPDF's text sorted by position (pingtan_jtj_2025's print): the group label beside the next rows, run into
    # this row's last value
    ("     2.没有现成 0      0     0     0     0     0     0（四）无",
     ("2.没有现成", "0", "0", "0", "0", "0", "0", "0", "（四）无")),
    ("     2.没有现成 0      0     0     0     0     0     0   （四）无",
     ("2.没有现成", "0", "0", "0", "0", "0", "0", "0", "（四）无")),
    ("二、上年结转政府信息公开申请数量   0   0   0   0   0   0   0三、本年",
     ("二、上年结转政府信息公开申请数量", "0", "0", "0", "0", "0", "0", "0", "三、本年")),
])
def test_a_rows_values_then_the_next_numbered_label_are_cells_apart(line: str, cells: tuple[str, ...]) -> None:
    assert split_line(line).cells == cells


def test_a_numbered_label_after_a_long_text_and_values_does_not_cut_it() -> None:
    """A page captured as one line: its table-4 values, then 五、: no row label before them."""
    line = "四、政府信息公开行政复议、行政诉讼情况" * 4 + " 0 1 1 0 2 五、存在的主要问题及改进情况"
    assert "五、存在的主要问题及改进情况" not in split_line(line).cells


def test_a_long_line_of_rows_each_followed_by_a_numbered_label_is_cut_row_by_row() -> None:
    """A page captured as one line may run thousands of rows together: cut in one pass (no recursion)."""
    line = "规章  0  0  0  （一）说明  " * 5000
    cells = split_line(line).cells
    assert len(cells) == 5 * 5000
    assert cells[:6] == ("规章", "0", "0", "0", "（一）说明", "规章")


def test_two_long_lines_of_values_are_no_row_printed_at_two_heights() -> None:
    """More values than any row of the template prints: left as they are (and not compared value by value)."""
    upper = "  " + "   ".join(["0"] * 20000)
    lower = "    " + "   ".join(["1"] * 20000)
    lines = [upper, lower, upper]
    assert rejoin_interleaved_rows(lines) == lines



# pypdf's layout text (extraction_mode="layout") of pingtan_jtj_2024's print: (二)部分公开's total stands level with
# its label's first line, its six other values level with the label's second (NBSPs as spaces, as text_layout reads it).
PYPDF_SPLIT_ROW = [
    '',
    '',
    '   （本列数据的勾稽关系为：第          法人或其他组织',
    '   一项加第二项之和，等于第三',
    '   项加第四项之和）          自然人                          总计',
    '                          商业   科研   社会公  法律服',
    '                                    益组织  务机构  其他',
    '                          企业   机构',
    '',
    '',
    '',
    '   一、本年新收政府信息公开申     58   0    0    0    0    0   58',
    '   请数量',
    '',
    '',
    '',
    '',
    '   二、上年结转政府信息公开申     0    0    0    0    0    0   0',
    '   请数量',
    '',
    '',
    '',
    '   三、本  （一）予以公开      9    0    0    0    0    0   9',
    '   年度办',
    '   理结果  （二）部分公开（区                                 3',
    '',
    '        分处理的，只计这一    3    0    0    0    0    0',
    '        情形，不计其他情',
    '        形）',
    '',
]


def test_a_rows_rest_after_a_wrapped_line_of_its_label_fills_the_cells_it_left_empty() -> None:
    out = place_in_columns(PYPDF_SPLIT_ROW, [0] * len(PYPDF_SPLIT_ROW))
    row = next(k for k, line in enumerate(PYPDF_SPLIT_ROW) if "部分公开" in line)
    assert out[row].split("\t") == ["理结果", "（二）部分公开（区", "3", "0", "0", "0", "0", "0", "3"]
    assert out[row + 2] == "        分处理的，只计这一"


def test_a_rows_rest_under_a_numbered_label_is_that_rows_own() -> None:
    lines = [line.replace("分处理的，只计这一", "1.属于国家秘密  ") for line in PYPDF_SPLIT_ROW]
    out = place_in_columns(lines, [0] * len(lines))
    row = next(k for k, line in enumerate(lines) if "部分公开" in line)
    assert out[row].split("\t")[-7:] == ["", "", "", "", "", "", "3"]


# -- pymupdf4llm's markdown of a PDF ------------------------------------------------------------------------

def test_a_markdown_cell_wrapped_with_br_stays_one_cell_of_its_row() -> None:
    """pymupdf4llm's table of pingtan_gwh_2022's LibreOffice print: |一、本年新收政府信息公<br>开申请数量|71|…|."""
    text = "|一、本年新收政府信息公<br>开申请数量|71|3|0|0|0|0|74|\n"
    assert markup_breaks(text) == "|一、本年新收政府信息公 开申请数量|71|3|0|0|0|0|74|\n"


def test_a_br_outside_a_table_row_is_a_line_break() -> None:
    assert markup_breaks("某县2023年政府信息公开工作年度报告<BR/>发布日期：2024-01-20") == \
        "某县2023年政府信息公开工作年度报告\n发布日期：2024-01-20"


def test_cells_pymupdf_names_col_n_are_empty() -> None:
    """PyMuPDF's to_markdown names a header row's empty cells Col2, Col3…: on a table continued from the page
    before, that row is a row of the table (pingtan_gaj_2022's LibreOffice print)."""
    row = split_line("|（二）部分公开（区分处理的，只计这一情形，不计其他情形）|Col2|1|0|0|0|0|0|1|")
    assert row is not None
    assert row.cells[1:] == ("", "1", "0", "0", "0", "0", "0", "1")


def test_col_n_cells_of_a_row_printing_no_value_are_not_cells_printed_empty() -> None:
    """pymupdf4llm's pingtan_scj_2020: |Col1|Col2|询事项|Col4|…| is a label's end carried to the next page, not a row
    whose seven cells were printed empty."""
    row = split_line("|Col1|Col2|询事项|Col4|Col5|Col6|Col7|Col8|Col9|Col10|")
    assert row is not None
    assert row.cells[3:] == ("Col4", "Col5", "Col6", "Col7", "Col8", "Col9", "Col10")


# -- page numbers a PDF's text keeps --------------------------------------------------------------------------

@pytest.mark.parametrize("number", ["- 3 -", "—3—", "－ 3 －", "第 3 页", "第3页 共9页", "第3页/共9页", "共9页 第3页",
                                    "第3頁", "Page 3 of 9", "  - 3 -  ", "续表", "（续表）", "续表2", "续上表"])
def test_a_line_printing_only_a_page_number_or_a_continued_mark_goes(number: str) -> None:
    """Where a page ended inside a table: the rows before and after it stay as they were."""
    assert drop_page_furniture(f"行政处罚 |\n12 |\n{number}\n行政强制 |\n0 |") == "行政处罚 |\n12 |\n行政强制 |\n0 |"


@pytest.mark.parametrize("line", ["3", "-3", "3-", "  3", "第3页的", "第二十条第（三）项", "四、结转下年度继续办理",
                                  "续表内容"])
def test_what_a_cell_or_a_label_prints_stays(line: str) -> None:
    """A bare number (a cell one a line), a negative change (本年增/减 -3) are not page numbers in a text."""
    text = f"本年增/减\n{line}\n行政强制"
    assert drop_page_furniture(text) == text


def test_a_page_start_moves_to_the_next_line_printing_something() -> None:
    """A form feed alone on a line, or on a page number's line, is kept (pages are counted), but no blank line
    gains it: where each cell has a line, a line of spaces is a cell printed empty."""
    assert drop_page_furniture("0\n\n\f- 4 -\n\n\f\n\n5") == "0\n\n\n\n\f\f5"


def test_in_a_pages_margin_a_bare_number_is_its_page_number_too() -> None:
    assert [bool(BAND_PAGE_NUMBER.match(line)) for line in ("3", "·3·", "3/9", "- 3 -", "第3页", "3 户")] == \
        [True, True, True, True, True, False]
