"""Words printed on controlled PDFs, in the languages the documents are written in."""

from __future__ import annotations

from typing import Any

from isms.core.model import PdfSettings, Status

_LABELS: dict[str, dict[str, Any]] = {
    "en": {
        "id": "Document", "level": "Level", "version": "Version", "status": "Status",
        "classification": "Classification", "language": "Language", "owner": "Owner", "approver": "Approver",
        "approved_by": "Approved by", "approved_on": "Approved on", "effective": "Effective",
        "next_review": "Next review", "implements": "Implements", "controls": "Annex A controls",
        "clauses": "ISO/IEC 27001 clauses", "translation_of": "Translation of",
        "page": "Page", "of": "of", "page_end": "",
        "history": "Revision history", "no_history": "No revision history is recorded for this document yet.",
        "history_columns": ["Version", "Date", "Author", "Approved by", "Change", "Commit"],
        "uncontrolled": "Uncontrolled when printed", "uncommitted": "UNCOMMITTED",
        "changed": "NOT THE APPROVED TEXT",
        "history_more": "Earlier versions are listed on the intranet.",
        "levels": {"policy": "Policy", "standard": "Standard", "procedure": "Procedure", "record": "Record template",
                   "soa": "Statement of Applicability"},
        "statuses": {"draft": "Draft", "in-review": "In review", "approved": "Approved",
                     "superseded": "Superseded", "retired": "Retired"},
        "contents": "Contents", "groups": {"policy": "Policies", "standard": "Standards", "procedure": "Procedures",
                                           "record": "Record templates", "soa": "Statement of Applicability"},
        "form_field": "Field", "form_entry": "Entry", "required": "required", "sign_off": "Completion and sign-off",
        "completed_by": "Completed by", "reviewed_by": "Reviewed by", "name": "Name", "date": "Date",
        "signature": "Signature", "form": "Form", "retention": "Retention", "storage": "Storage",
    },
    "ja": {
        "id": "文書番号", "level": "文書区分", "version": "版", "status": "状態", "classification": "機密区分",
        "language": "言語", "owner": "所管", "approver": "承認者", "approved_by": "承認", "approved_on": "承認日",
        "effective": "施行日", "next_review": "次回見直し", "implements": "上位文書", "controls": "附属書A 管理策",
        "clauses": "ISO/IEC 27001 箇条", "translation_of": "原文", "page": "", "of": "/", "page_end": "",
        "history": "改訂履歴", "no_history": "この文書の改訂履歴はまだ記録されていない。",
        "history_columns": ["版", "日付", "作成者", "承認者", "変更内容", "コミット"],
        "uncontrolled": "印刷物は管理対象外", "uncommitted": "未コミット", "changed": "承認後に変更された本文",
        "history_more": "それ以前の版はイントラネットに掲載している。",
        "levels": {"policy": "方針", "standard": "規程", "procedure": "手順", "record": "記録様式",
                   "soa": "適用宣言書"},
        "statuses": {"draft": "草案", "in-review": "審査中", "approved": "承認済", "superseded": "廃版",
                     "retired": "廃止"},
        "contents": "目次", "groups": {"policy": "方針", "standard": "規程", "procedure": "手順", "record": "記録様式",
                                      "soa": "適用宣言書"},
        "form_field": "項目", "form_entry": "記入欄", "required": "必須", "sign_off": "記入完了及び確認",
        "completed_by": "記入者", "reviewed_by": "確認者", "name": "氏名", "date": "日付", "signature": "署名",
        "form": "様式", "retention": "保存期間", "storage": "保管場所",
    },
    "zh": {
        "id": "文件编号", "level": "文件层级", "version": "版本", "status": "状态", "classification": "密级",
        "language": "语言", "owner": "归口负责", "approver": "审批人", "approved_by": "批准人",
        "approved_on": "批准日期", "effective": "生效日期", "next_review": "下次评审", "implements": "上级文件",
        "controls": "附录A 控制措施", "clauses": "ISO/IEC 27001 条款", "translation_of": "原文", "page": "第",
        "of": "页 / 共", "page_end": "页", "history": "修订记录", "no_history": "本文件尚无修订记录。",
        "history_columns": ["版本", "日期", "作者", "批准人", "变更说明", "提交"],
        "uncontrolled": "打印件为非受控文件", "uncommitted": "未提交", "changed": "批准后已被修改",
        "history_more": "更早的版本见内网。",
        "levels": {"policy": "方针", "standard": "规范", "procedure": "程序", "record": "记录模板",
                   "soa": "适用性声明"},
        "statuses": {"draft": "草稿", "in-review": "审核中", "approved": "已批准", "superseded": "已替代",
                     "retired": "已废止"},
        "contents": "目录", "groups": {"policy": "方针", "standard": "规范", "procedure": "程序", "record": "记录模板",
                                      "soa": "适用性声明"},
        "form_field": "项目", "form_entry": "填写栏", "required": "必填", "sign_off": "填写完成与审核",
        "completed_by": "填写人", "reviewed_by": "审核人", "name": "姓名", "date": "日期", "signature": "签名",
        "form": "表单", "retention": "保存期限", "storage": "存放位置",
    },
}  # fmt: skip


def labels_for(language: str, pdf: PdfSettings | None = None) -> dict[str, Any]:
    """Labels for a document language; `pdf.uncontrolled` in isms.yml overrides the notice."""
    labels = dict(_LABELS.get(language.split("-")[0], _LABELS["en"]))
    notice = pdf.uncontrolled_notice(language) if pdf else ""
    if notice:
        labels["uncontrolled"] = notice
    return labels


def status_label(status: Status, labels: dict[str, Any]) -> str:
    return str(labels["statuses"][status.value])
