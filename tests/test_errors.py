"""Errors in the reader's language (issue 12, "words at the edge"): an input, policy or
configuration that cannot be used is a catalogue reason, rendered where it is shown (the
CLI's one line, the text report, the machine outputs), while library callers keep the
English ``problem`` and ``str(error)`` they had.

Whole CLI runs over the common error situations print no English sentence with ``--lang ja``
outside the paths the user gave (and the parser's own words, quoted 「…」), and the English
words with ``--lang en``; the exit status is the same in both.
"""

from __future__ import annotations

import ast
import json
import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, eml, run_cli
from mailguard.catalogue import en, ja
from mailguard.engine import stopped
from mailguard.errors import InputError, PolicyError
from mailguard.findings import reason
from mailguard.formatters.text import render_message
from mailguard.readers import read_bytes
from mailguard.result import MessageResult, Verdict
from test_languages import ENGLISH_SENTENCE, IDENTIFIER, QUOTES

PACKAGE = ROOT / "src" / "mailguard"

# -- every error inside the package is built from a catalogue code ---------------------------

# Errors whose first argument names the input (a path, "console", "-"); the rest say what.
SOURCED = {"InputError", "PolicyError", "ConfigError", "ConsoleConfigError"}
# Errors and builders whose every argument says what (``_fail``: the problem is its last).
WORDED = {"WorkerFailed", "OutputClosed", "ReasonedError"}


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _words(node: ast.expr) -> bool:
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def errors_built_from_words(source: str) -> list[int]:
    """Lines where an error is built from a string literal or an f-string, not a reason."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node)
        if name in SOURCED:
            said = [*node.args[1:], *(k.value for k in node.keywords if k.arg != "source")]
        elif name in WORDED:
            said = [*node.args, *(k.value for k in node.keywords)]
        elif name == "_fail":
            said = node.args[-1:]
        else:
            continue
        if any(_words(arg) for arg in said):
            found.append(node.lineno)
    return found


def _modules() -> dict[str, str]:
    return {str(p.relative_to(PACKAGE)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_error_in_the_package_is_built_from_english_words() -> None:
    worded = {name: lines for name, text in _modules().items() if (lines := errors_built_from_words(text))}
    assert worded == {}


def test_the_scan_sees_an_error_built_from_words() -> None:
    source = (
        "raise InputError(path, 'no such file')\n"
        "raise PolicyError(path, f'{key}: unknown')\n"
        "raise _fail(source, key, 'must be a mapping')\n"
        "raise WorkerFailed(f'died ({status})')\n"
        "raise InputError('message', reason('error.read.empty'))\n"
        "raise _fail(source, 'listen', reason('error.config.mapping'))\n"
    )
    assert errors_built_from_words(source) == [1, 2, 3, 4]


def _codes_in(text: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and _name(node) in ("reason", "because") and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value.startswith("error."):
                found.add(first.value)
    return found


def _file_kinds(text: str) -> set[str]:
    """The kinds of file named where a file is read (``files.kind``: ``error.kind.<kind>``)."""
    at = {"read_regular": 2, "open_regular": 1, "read_config_text": 1, "_read": 1}
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Call) and (index := at.get(_name(node))) is not None and len(node.args) > index:
            what = node.args[index]
            if isinstance(what, ast.Constant) and isinstance(what.value, str):
                found.add(f"error.kind.{what.value}")
    return found


def test_every_error_code_and_file_kind_is_in_both_catalogues() -> None:
    used = set()
    for text in _modules().values():
        used |= _codes_in(text) | _file_kinds(text)
    assert len(used) > 150  # the scan sees them (a broken scan would pass on nothing)
    assert sorted(used - set(en.MESSAGES)) == []
    assert sorted(used - set(ja.MESSAGES)) == []


# -- library callers keep their English words -------------------------------------------------


def test_an_error_keeps_its_english_words_and_carries_its_reason() -> None:
    with pytest.raises(InputError) as raised:
        read_bytes(b"   ", "draft.eml")
    error = raised.value
    assert error.problem == "empty input" and str(error) == "draft.eml: empty input"
    assert error.reason == reason("error.read.empty") and error.code == "error.read.empty"
    assert error.get("ja") == "draft.eml: 中身が空です"
    copied = pickle.loads(pickle.dumps(error))  # crosses to and from worker processes
    assert isinstance(copied, InputError) and copied.reason == error.reason and str(copied) == str(error)


def test_a_library_caller_may_still_give_plain_words() -> None:
    error = PolicyError("team.yaml", "our own check failed")
    assert error.problem == "our own check failed" and str(error) == "team.yaml: our own check failed"
    assert error.reason.code == "error.text" and error.get("ja") == "team.yaml: our own check failed"
    result = MessageResult("x.eml", Verdict.BLOCK, (), None, error="could not fetch it")
    assert result.error_reason == reason("error.text", text="could not fetch it") and result.exit_code == 4
    assert result.to_dict("ja") == {
        "source": "x.eml",
        "verdict": "error",
        "error": "could not fetch it",
        "error_code": "error.text",
    }


def test_a_check_stopped_at_the_deadline_says_so_in_the_readers_language() -> None:
    result = stopped("slow.eml", 1)
    assert result.exit_code == 4 and result.error == "the check took longer than 1 s and was stopped"
    japanese = "\n".join(render_message(result, "ja"))
    assert "slow.eml: 読み取りエラー: 確認に 1 秒以上かかったため中止しました" in japanese
    assert not ENGLISH_SENTENCE.search(IDENTIFIER.sub(" ", japanese))
    assert "longer than 1 s and was stopped" in "\n".join(render_message(result, "en"))


# -- whole CLI runs in both languages ---------------------------------------------------------

GOOD_MESSAGE = "From: a@example-city.lg.jp\nTo: b@example-city.lg.jp\nSubject: 会議\n\n本文です。\n"
TEMPLATE = "TO: {{ email }}\nSUBJECT: お知らせ\nFROM: news@example-city.lg.jp\n\n{{ name }} 様\n\nお知らせです。\n"
# A field longer than the csv module's limit (131,072 characters): "not a readable CSV".
BROKEN_CSV = "email,name\na@example-mail.jp," + "x" * 140_000 + "\n"

Situation = Callable[[Path], tuple[list[str], str]]


def _file(tmp: Path, name: str, text: str | bytes) -> str:
    path = tmp / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


def _policy(tmp: Path, text: str = "version: 1\n") -> list[str]:
    return ["--policy", _file(tmp, "policy.yaml", text)]


def _fifo(tmp: Path, name: str = "draft.eml") -> str:
    os.mkfifo(tmp / name)
    return str(tmp / name)


def _key(tmp: Path) -> str:
    from mailguard.decisions import new_key

    pem, _ = new_key()
    return _file(tmp, "mine.key", pem)


def _checked_with_policy(policy: str, english: str) -> Situation:
    """A good message checked under a policy that cannot be used."""
    return lambda t: (["check", *_policy(t, policy), _file(t, "m.eml", eml(GOOD_MESSAGE))], english)


SITUATIONS: dict[str, Situation] = {
    "check: missing file": lambda t: (["check", *_policy(t), str(t / "missing.eml")], "no such file"),
    "check: not a message": lambda t: (
        ["check", *_policy(t), _file(t, "notes.eml", "hello\n")],
        "not an email message (neither RFC 5322 text nor an Outlook .msg)",
    ),
    "check: a FIFO": lambda t: (["check", *_policy(t), _fifo(t)], "is a FIFO (named pipe), not a message file"),
    "check: over the cap": lambda t: (
        [
            "check",
            *_policy(t, "limits: {max_input_bytes: 1000}\n"),
            _file(t, "big.eml", eml(GOOD_MESSAGE + "x" * 2000)),
        ],
        "larger than the 1000-byte input limit",
    ),
    "check: policy not YAML": _checked_with_policy("lang: [en\n", "invalid YAML: line 2, column 1"),
    "check: policy with a duplicate key": _checked_with_policy(
        "lang: en\nlang: ja\n", "invalid YAML: duplicate key 'lang' (line 2)"
    ),
    "check: policy not a mapping": _checked_with_policy(
        "- internal_domains\n", "a policy must be a mapping of keys to values"
    ),
    "check: policy with an unknown key": _checked_with_policy(
        "interal_domains: [example-city.lg.jp]\n", "'interal_domains': unknown key (known keys here:"
    ),
    "check: policy with a wrong value": _checked_with_policy(
        "limits: {max_seconds: many}\n", "'limits.max_seconds': must be a whole number from 0 to"
    ),
    "check: policy is a FIFO": lambda t: (
        ["check", "--policy", _fifo(t, "policy.yaml"), _file(t, "m.eml", eml(GOOD_MESSAGE))],
        "is a FIFO (named pipe), not a policy file",
    ),
    "batch: missing file and a FIFO in a folder": lambda t: (
        ["batch", *_policy(t), str(t / "missing.eml"), _run_folder(t)],
        "is a FIFO (named pipe), not a message file",
    ),
    "batch: unreadable target list": lambda t: (
        ["batch", *_policy(t), "--targets", _file(t, "targets.csv", BROKEN_CSV), _file(t, "m.eml", eml(GOOD_MESSAGE))],
        "not a readable CSV (field larger than field limit",
    ),
    "template: missing": lambda t: (["template", *_policy(t), str(t / "missing.txt")], "template not found"),
    "template: unreadable data file": lambda t: (
        ["template", *_policy(t), _file(t, "t.txt", TEMPLATE), "--data", _file(t, "rows.csv", BROKEN_CSV)],
        "not a readable CSV",
    ),
    "template: syntax error": lambda t: (
        ["template", *_policy(t), _file(t, "t.txt", TEMPLATE.replace("{{ name }}", "{{ name"))],
        "line 5: template syntax error",
    ),
    "approve: missing key": lambda t: (
        ["approve", *_policy(t), _file(t, "m.eml", eml(GOOD_MESSAGE)), "--key", str(t / "nope.key")],
        "private key file not found",
    ),
    "approve: key not listed": lambda t: (
        ["approve", *_policy(t), _file(t, "m.eml", eml(GOOD_MESSAGE)), "--key", _key(t)],
        "this key is not listed under approval.approvers",
    ),
}


def _run_folder(tmp: Path) -> str:
    folder = tmp / "run"
    folder.mkdir()
    (folder / "001.eml").write_bytes(eml(GOOD_MESSAGE))
    _fifo(folder, "002.eml")
    return str(folder)


def _english_left(output: str, tmp: Path) -> list[str]:
    """English sentences in ``output`` once the user's own paths, quoted values (the
    parser's words in 「…」) and identifiers are taken out."""
    text = re.sub(re.escape(str(tmp)) + r"\S*", " ", output)
    return ENGLISH_SENTENCE.findall(IDENTIFIER.sub(" ", QUOTES.sub(" ", text)))


@pytest.mark.parametrize("situation", sorted(SITUATIONS))
def test_an_error_is_told_in_the_readers_language(situation: str, tmp_path: Path) -> None:
    outputs = {}
    for lang in ("ja", "en"):
        tmp = tmp_path / lang
        tmp.mkdir()
        args, english = SITUATIONS[situation](tmp)
        done = run_cli(*args, "--lang", lang)
        output = done.stdout.decode() + done.stderr.decode()
        assert done.returncode == 4, output
        outputs[lang] = (output, english, tmp)
    ja_output, english, tmp = outputs["ja"]
    assert english not in ja_output and _english_left(ja_output, tmp) == [], ja_output
    assert re.search(r"[\u3040-\u30ff\u3400-\u9fff]", ja_output), ja_output
    en_output, english, _ = outputs["en"]
    assert english in en_output, en_output
    assert not re.search(r"[\u3040-\u30ff]", en_output.replace("会議", "")), en_output


def test_the_error_line_names_the_path_as_given_in_both_languages(tmp_path: Path) -> None:
    missing = str(tmp_path / "下書き" / "見積書.eml")
    for lang, words in (("ja", "ファイルがありません"), ("en", "no such file")):
        done = run_cli("check", *_policy(tmp_path), missing, "--lang", lang)
        assert f"mailguard: {missing}: {words}" in done.stderr.decode()


def test_machine_outputs_carry_the_words_in_the_runs_language_and_a_stable_code(tmp_path: Path) -> None:
    notes = _file(tmp_path, "notes.eml", "hello\n")
    policy = _policy(tmp_path)
    for lang, words in (("ja", "メールではありません"), ("en", "not an email message")):
        report = json.loads(run_cli("check", *policy, notes, "--format", "json", "--lang", lang).stdout)
        entry = report["messages"][0]
        assert entry["error_code"] == "error.read.not_message" and entry["error"].startswith(words)
        lines = run_cli("batch", *policy, notes, "--format", "jsonl", "--lang", lang).stdout.decode().splitlines()
        first = json.loads(lines[0])
        assert first["error_code"] == "error.read.not_message" and first["error"].startswith(words)
        sarif = json.loads(run_cli("check", *policy, notes, "--format", "sarif", "--lang", lang).stdout)
        (notification,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        assert notification["message"]["text"] == f"{notes}: {entry['error']}"
        assert notification["properties"] == {"errorCode": "error.read.not_message"}


def test_a_template_error_in_junit_and_json_carries_its_code(tmp_path: Path) -> None:
    policy = _policy(tmp_path)
    missing = str(tmp_path / "missing.txt")
    junit = run_cli("template", *policy, missing, "--format", "junit", "--lang", "ja").stdout.decode()
    assert '<error type="error.file.not_found" message="テンプレートが見つかりません"/>' in junit
    data = json.loads(run_cli("template", *policy, missing, "--format", "json", "--lang", "en").stdout)
    (entry,) = data["templates"]
    assert entry["error"] == "template not found" and entry["error_code"] == "error.file.not_found"


def test_why_an_approval_is_needed_or_refused_is_told_in_the_readers_language(tmp_path: Path) -> None:
    """A confirm only a second person releases (``approval.required_for``): the line that
    says so, and the one that says why an approval file does not count, in both languages."""
    from mailguard.decisions import new_key

    draft = tmp_path / "draft.eml"
    draft.write_bytes((EXAMPLES / "05-two-partners.eml").read_bytes())
    pem, public = new_key()
    policy = _policy(
        tmp_path,
        "internal_domains: [example-city.lg.jp, '*.example-city.lg.jp']\n"
        f"approval:\n  required_for: [MG101]\n  approvers:\n    sato: {{key: '{public}'}}\n",
    )
    needed = {"ja": "別の人の承認が必要です", "en": "needs approval by a second person"}
    refused = {
        "ja": "は受け付けられません: 別のメールに対する承認です",
        "en": "refused: the approval is for a different",
    }
    for lang in ("ja", "en"):
        done = run_cli("check", *policy, str(draft), "--no-interactive", "--lang", lang)
        assert done.returncode == 1 and needed[lang] in done.stderr.decode(), done.stderr.decode()
    key = _file(tmp_path, "sato.key", pem)
    other = _file(tmp_path, "other.eml", eml(GOOD_MESSAGE))
    (tmp_path / "draft.eml.approval.json").write_text(_approval_of(other, key), encoding="utf-8")
    for lang in ("ja", "en"):
        done = run_cli("check", *policy, str(draft), "--no-interactive", "--lang", lang)
        said = done.stderr.decode()
        assert done.returncode == 1 and refused[lang] in said, said
        if lang == "ja":
            assert _english_left(said, tmp_path) == [], said


def _approval_of(draft: str, key: str) -> str:
    """A real signed approval, of another message than the one it lies beside."""
    from mailguard.decisions import load_private_key, sign_approval

    identity = read_bytes(Path(draft).read_bytes(), draft).digest
    return sign_approval(identity, [], load_private_key(Path(key)), "sato").to_json()
