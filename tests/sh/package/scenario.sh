# The motivating scenario of issue 7 with the command package (GNU coreutils for the oracles).
mkdir workspace
echo "hello world" > workspace/hello.txt
cat workspace/hello.txt
ls workspace/ | wc -l
echo "from shell" > workspace/shell.txt
cat workspace/shell.txt
cd workspace && ls && grep -c o hello.txt shell.txt
yes | head -3
seq 5 | sort -r | head -2
for f in *.txt; do wc -c < "$f"; done
cat missing.txt 2>/dev/null || echo "cat failed: $?"
x=$(cat hello.txt | tr a-z A-Z); echo "$x"
