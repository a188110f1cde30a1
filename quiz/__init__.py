"""Policy Desk sign-off quiz: portable engine (CPython + MicroPython).

Public API (guarded by tests/test_quiz_engine.py::test_public_api):
    Random(seed)                       seedable shuffles, same sequence in both runtimes
    draw_questions(bank, rng, avoid)   an attempt's questions, every part covered
    grade(bank, drawn, answers)        marks, score, pass/fail
    build_record / attest / seal / record_digest   the sign-off record
    csv_text / xapi_statement          exports
    session                            the page's steps and saved state (module); with
                                       attempts (limits, waiting time, answers held back) and
                                       state_check (the saved state's schema)
CPython-only code (never shipped to the browser): quiz/tools/ and __main__.py.
"""
from quiz.draw import draw_questions
from quiz.export import csv_text, xapi_json, xapi_statement
from quiz.grade import grade, passes
from quiz.record import attest, build_record, record_digest, seal
from quiz.rng import Random

__all__ = ["Random", "draw_questions", "grade", "passes", "build_record", "attest", "seal",
           "record_digest", "csv_text", "xapi_statement", "xapi_json"]
