# set -e in subshells, functions in conditions, pipelines and command substitutions.
set -e
(false; echo "not in sub") || echo "sub failed"
f() { false; echo "f continued in condition"; }
if f; then echo "f true"; fi
f || echo unreachable
false | true
echo "pipeline ok"
set +e
false; echo "set +e continues"
