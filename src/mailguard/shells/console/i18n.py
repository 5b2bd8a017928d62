"""Japanese and English for the console: from the ``mg_lang`` cookie, else the browser's
Accept-Language (the first of ja/en it prefers), else Japanese (the office's language)."""

from __future__ import annotations

LANGS = ("ja", "en")

WORDS: dict[str, dict[str, str]] = {
    "app": {"ja": "mailguard 送信確認", "en": "mailguard send check"},
    "skip": {"ja": "本文へ移動", "en": "Skip to content"},
    "lang_switch": {"ja": "English", "en": "日本語"},
    "sender_title": {"ja": "保留中のメールの確認", "en": "Check your held message"},
    "blocked_title": {"ja": "送信できないメール", "en": "A message that cannot be sent"},
    "detail_title": {"ja": "メールの詳細", "en": "Message"},
    "approver_title": {"ja": "承認依頼", "en": "Approval request"},
    "lead_confirm": {
        "ja": "このメールは送信前の確認が必要なため保留されています。各項目を一つずつ確認してチェックしてください。すべて確認すると送信できます。",
        "en": "This message is held until you check it. Tick each item one by one; you can send once every item is ticked.",
    },
    "lead_block": {
        "ja": "このメールは送信できない内容を含むため止められました。下の理由を確認し、修正して送り直してください。",
        "en": "This message was stopped: it cannot be sent as it is. Read why below, correct it and send it again.",
    },
    "lead_approval": {
        "ja": "このメールの送信には送信者以外の方の承認が必要です。確認して承認依頼を出してください。",
        "en": "This message needs the approval of a person other than you. Check it, then ask for approval.",
    },
    "lead_approver": {
        "ja": "送信者以外の方の承認が必要なメールです。内容と送信者の理由を確認し、承認または却下してください。",
        "en": "This message needs a second person's approval. Read it and the sender's reasons, then approve or reject it.",
    },
    "lead_stale": {
        "ja": "保留後に検査結果が変わったため、このページからは送信できません。管理者に連絡してください。",
        "en": "The check of this message changed after it was held: it cannot be sent from this page. Ask an administrator.",
    },
    "from": {"ja": "差出人", "en": "From"},
    "sender": {"ja": "送信者", "en": "Sender"},
    "subject": {"ja": "件名", "en": "Subject"},
    "body": {"ja": "本文 (冒頭)", "en": "Body (first lines)"},
    "recipients": {"ja": "宛先", "en": "Recipients"},
    "attachments": {"ja": "添付ファイル", "en": "Attachments"},
    "no_attachments": {"ja": "なし", "en": "none"},
    "findings": {"ja": "指摘事項", "en": "Findings"},
    "fix": {"ja": "対処", "en": "Fix"},
    "sev_confirm": {"ja": "要確認", "en": "confirm"},
    "sev_block": {"ja": "送信禁止", "en": "block"},
    "sev_info": {"ja": "参考", "en": "info"},
    "verdict_pass": {"ja": "通過", "en": "pass"},
    "verdict_confirm": {"ja": "要確認", "en": "confirm"},
    "verdict_block": {"ja": "送信禁止", "en": "block"},
    "internal": {"ja": "組織内", "en": "internal"},
    "organisation": {"ja": "外部の組織", "en": "external organisation"},
    "person": {"ja": "個人", "en": "private person"},
    "unresolved": {"ja": "不明", "en": "unresolved"},
    "hidden": {"ja": "他の宛先からは見えません", "en": "hidden from the others"},
    "checked": {"ja": "確認しました", "en": "Checked"},
    "type_domain": {
        "ja": "{address} のドメインを入力してください",
        "en": "Type the domain of {address}",
    },
    "left": {"ja": "未確認の項目: {n} 件", "en": "Items still to tick: {n}"},
    "all_ticked": {"ja": "すべて確認しました", "en": "Every item is ticked"},
    "countdown": {"ja": "{n} 秒後に送信できます。", "en": "You can send in {n} s."},
    "countdown_nojs": {
        "ja": "このページを表示してから {n} 秒たつまで送信できません。",
        "en": "Sending is possible {n} s after this page was shown.",
    },
    "too_early": {
        "ja": "まだ送信できません。あと {n} 秒待ってから、もう一度押してください。",
        "en": "Not yet: wait {n} more s, then press again.",
    },
    "send": {"ja": "このまま送信", "en": "Send now"},
    "send_bcc": {"ja": "外部の宛先を Bcc に移して送信", "en": "Send with external recipients in Bcc"},
    "cancel": {"ja": "送信を取り消す", "en": "Cancel the message"},
    "request": {"ja": "承認を依頼する", "en": "Ask for approval"},
    "reasons": {"ja": "送信が必要な理由", "en": "Why this must be sent"},
    "sender_reasons": {"ja": "送信者の理由", "en": "The sender's reasons"},
    "none_given": {"ja": "(記入なし)", "en": "(none given)"},
    "comment": {"ja": "コメント", "en": "Comment"},
    "approve": {"ja": "承認して送信", "en": "Approve and send"},
    "reject": {"ja": "却下", "en": "Reject"},
    "needs_approval": {"ja": "承認が必要な指摘", "en": "Needs approval"},
    "approved_by": {"ja": "承認者", "en": "Approved by"},
    "done_released": {"ja": "送信しました。", "en": "Sent: the message is on its way."},
    "done_released_delay": {
        "ja": "{when} に送信されます。それまでは取り消せます。",
        "en": "It will be sent at {when}; until then you can still cancel it.",
    },
    "done_cancelled": {"ja": "取り消しました。送信していません。", "en": "Cancelled: nothing was sent."},
    "done_requested": {
        "ja": "承認を依頼しました。承認されると送信されます。",
        "en": "Approval requested: the message is sent once it is approved.",
    },
    "done_approved": {"ja": "承認しました。送信されます。", "en": "Approved: the message will be sent."},
    "done_rejected": {"ja": "却下しました。送信されません。", "en": "Rejected: the message will not be sent."},
    "state_is": {
        "ja": "このメールはすでに処理済みです ({state}: {who}、{when})。",
        "en": "This message has already been dealt with ({state}: {who}, {when}).",
    },
    "refused": {"ja": "受け付けられませんでした", "en": "Not accepted"},
    "missing": {
        "ja": "確認されていない項目があります ({n} 件)。すべての項目を確認してください。",
        "en": "{n} item(s) were not ticked or typed back: every item must be checked.",
    },
    "link_expired": {
        "ja": "このリンクは有効期限が切れています。",
        "en": "This link has expired.",
    },
    "link_invalid": {"ja": "このリンクは無効です。", "en": "This link is not valid."},
    "link_used": {
        "ja": "このリンクは使用済みです。",
        "en": "This link has already been used.",
    },
    "own_message": {
        "ja": "ご自身が送信したメールは承認できません。別の方の承認が必要です。",
        "en": "You sent this message: a different person must approve it.",
    },
    "csrf": {
        "ja": "フォームの有効期限が切れました。ページを読み込み直してください。",
        "en": "The form has expired. Reload the page and try again.",
    },
    "login": {"ja": "ログイン", "en": "Sign in"},
    "logout": {"ja": "ログアウト", "en": "Sign out"},
    "user": {"ja": "ユーザー名", "en": "User name"},
    "password": {"ja": "パスワード", "en": "Password"},
    "login_failed": {"ja": "ユーザー名またはパスワードが違います。", "en": "Wrong user name or password."},
    "login_limited": {
        "ja": "ログインの失敗が続いたため、{n} 秒後まで受け付けません。",
        "en": "Too many failed sign-ins: try again in {n} s.",
    },
    "forbidden": {"ja": "この操作の権限がありません。", "en": "You are not allowed to do this."},
    "queue": {"ja": "送信キュー", "en": "Queue"},
    "dashboard": {"ja": "指摘の推移", "en": "Findings per day"},
    "audit_csv": {"ja": "監査ログ (CSV)", "en": "Audit log (CSV)"},
    "filter": {"ja": "絞り込み", "en": "Filter"},
    "state": {"ja": "状態", "en": "State"},
    "rule": {"ja": "ルール", "en": "Rule"},
    "all": {"ja": "すべて", "en": "all"},
    "received_at": {"ja": "受付", "en": "Received"},
    "verdict": {"ja": "判定", "en": "Verdict"},
    "recipients_n": {"ja": "宛先数", "en": "Recipients"},
    "empty": {"ja": "該当するメールはありません。", "en": "No messages."},
    "pages": {"ja": "ページ", "en": "Pages"},
    "page_of": {
        "ja": "{n} / {pages} ページ ({matching} 件中 {first}–{last} 件目、新しい順)",
        "en": "Page {n} of {pages} ({first}–{last} of {matching}, newest first)",
    },
    "previous": {"ja": "← 前のページ (新しい)", "en": "← Previous page (newer)"},
    "next": {"ja": "次のページ (古い) →", "en": "Next page (older) →"},
    "history": {"ja": "履歴", "en": "History"},
    "when": {"ja": "日時", "en": "When"},
    "who": {"ja": "実行者", "en": "Who"},
    "change": {"ja": "変更", "en": "Change"},
    "why": {"ja": "理由", "en": "Why"},
    "release": {"ja": "解放 (送信)", "en": "Release"},
    "release_bcc": {"ja": "Bcc に移して解放", "en": "Release with Bcc"},
    "retry": {"ja": "再送", "en": "Retry"},
    "reason": {"ja": "理由 (履歴に残ります)", "en": "Reason (kept in the history)"},
    "back": {"ja": "キューへ戻る", "en": "Back to the queue"},
    "done": {"ja": "実行しました: {state}", "en": "Done: {state}"},
    "count": {"ja": "件数", "en": "Count"},
    "day": {"ja": "日付", "en": "Day"},
    "chart_title": {"ja": "ルール別・日別の指摘件数 (直近 {n} 日)", "en": "Findings per rule per day (last {n} days)"},
    "not_found": {"ja": "メールが見つかりません。", "en": "No such message."},
    "delayed": {"ja": "送信待ち", "en": "delayed"},
    "size": {"ja": "サイズ", "en": "Size"},
    "type": {"ja": "種類", "en": "Type"},
    "field": {"ja": "欄", "en": "Field"},
    "address": {"ja": "アドレス", "en": "Address"},
    "name": {"ja": "名前", "en": "Name"},
}

STATE_NAMES = {
    "received": ("受付", "received"),
    "passed": ("送信待ち", "passed"),
    "held": ("保留", "held"),
    "blocked": ("送信禁止", "blocked"),
    "released": ("解放済み", "released"),
    "delayed": ("遅延送信待ち", "delayed"),
    "cancelled": ("取消", "cancelled"),
    "expired": ("期限切れ", "expired"),
    "relaying": ("配送中", "relaying"),
    "sent": ("送信済み", "sent"),
    "failed": ("配送失敗", "failed"),
}


def choose(cookie: str | None, accept_language: str | None) -> str:
    if cookie in LANGS:
        return str(cookie)
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGS and quality > 0:
            ranked.append((-quality, index, primary))
    return sorted(ranked)[0][2] if ranked else "ja"


def translate(lang: str, key: str, **values: object) -> str:
    text = WORDS[key][lang]
    return text.format(**values) if values else text


def state_name(lang: str, state: str) -> str:
    names = STATE_NAMES.get(state)
    return names[0 if lang == "ja" else 1] if names else state
