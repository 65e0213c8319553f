"""Issue 29, point 3: every alert message has a clinician's version, with the same figures, for the physiotherapist."""
import ast
import inspect
import re

from tests.test_translations import spanish
from webapp.core.clinician_words import CLINICIAN_WORDS
from webapp.core.codes import RED_FLAG_ADVICE
from webapp.core.rules import checks
from webapp.core.rules.table import RULES

FIGURE = re.compile(r"%\((\w+)\)s")
SECOND_PERSON = re.compile(r"\b(you|your|yours|yourself)\b", re.I)


def _templates(node: ast.expr, function: ast.FunctionDef) -> list[str]:
    """The message templates an expression of a check can be: Said("..."), Said(RED_FLAG_ADVICE[...]) or a name set to one."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Said":
        argument = node.args[0]
        if isinstance(argument, ast.Constant):
            return [argument.value]
        if isinstance(argument, ast.Subscript) and isinstance(argument.value, ast.Name) and argument.value.id == "RED_FLAG_ADVICE":
            return list(RED_FLAG_ADVICE.values())
    if isinstance(node, ast.Name):
        return [template for assign in ast.walk(function) if isinstance(assign, ast.Assign)
                and any(isinstance(target, ast.Name) and target.id == node.id for target in assign.targets)
                for template in _templates(assign.value, function)]
    raise AssertionError(f"{function.name}: a message the test cannot read: {ast.dump(node)}")


def rule_messages() -> dict[str, list[str]]:
    """Each rule's message templates, read from its check: the first of each (message, evidence) it returns."""
    tree = ast.parse(inspect.getsource(checks))
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}
    found = {}
    for rule in RULES:
        function = functions[rule.check.__name__]
        returned = [node.value.elts[0] for node in ast.walk(function)
                    if isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple)]
        found[rule.code] = [template for node in returned for template in _templates(node, function)]
    return found


def test_every_rule_message_has_a_clinician_version_with_the_same_figures():
    messages = rule_messages()
    assert set(messages) == {rule.code for rule in RULES}
    for code, templates in messages.items():
        assert templates, code
        for template in templates:
            assert template in CLINICIAN_WORDS, (code, template)
            assert set(FIGURE.findall(CLINICIAN_WORDS[template])) == set(FIGURE.findall(template)), code


def test_both_red_flag_advices_and_the_two_injury_messages_are_covered():
    messages = rule_messages()
    assert set(messages["red_flag"]) == set(RED_FLAG_ADVICE.values())
    assert len(messages["injury_pattern"]) == 2 and len(messages["prolonged_bed_rest"]) == 2


def test_each_clinician_version_rewords_a_real_template_and_speaks_about_the_patient():
    catalogue = spanish()
    for athlete, clinical in CLINICIAN_WORDS.items():
        # A key no template has any more (the athlete's sentence was reworded) would never be used.
        assert catalogue.get(athlete) is not None or any(
            isinstance(message.id, tuple) and athlete in message.id for message in catalogue), athlete
        assert set(FIGURE.findall(clinical)) == set(FIGURE.findall(athlete)), athlete
        assert clinical != athlete and not SECOND_PERSON.search(clinical), clinical
        assert "see a physiotherapist" not in clinical.lower(), clinical
