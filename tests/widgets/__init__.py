"""Tests of autograd/widgets/ driven in the kernel (tests/browser/ drives them in Chromium)."""
