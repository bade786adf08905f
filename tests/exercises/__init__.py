"""Tests of autograd/exercises/: the checks, their verdicts, the exercise cells of the course."""
