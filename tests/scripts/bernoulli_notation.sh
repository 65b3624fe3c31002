#!/usr/bin/env bash
# One notation for the Bernoulli distribution in the code, the docs and the examples: the
# argument is the probability p, and the logit is φ with p = σ(φ), as in dist/bernoulli.hpp:
# "b ~ Bernoulli(p), p = σ(φ)". ψ is the distribution's parameter vector (for a Bernoulli, the
# logits), never a probability; the lecture's two-point example is J(p) = 0.08p + 0.45.
set -euo pipefail
source_dir=$2
cd "$source_dir"
# Bernoulli(ψ), Bernoulli(σ(φ)), Bernoulli(sigmoid …), Bern(…) and J(ψ) = 0.08ψ + 0.45.
pattern='Bernoulli\((ψ|σ|sigmoid)|Bern\(|J\(ψ\) = 0\.08ψ|P\([a-z] = 1\) = ψ'
if hits=$(grep -rnE "$pattern" include src cli docs examples python tests torch README.md \
            --include='*.hpp' --include='*.cpp' --include='*.h' --include='*.md' \
            --include='*.py' --include='*.sh' | grep -v '^tests/scripts/bernoulli_notation.sh:'); then
  echo "FAIL: write the Bernoulli's argument as the probability p, p = σ(φ) (issue 11):" >&2
  echo "$hits" >&2
  exit 1
fi
echo "bernoulli_notation: ok"
