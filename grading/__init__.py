"""Orrery lab grading: the graded-test framework, the grader CLI and the test harness."""
