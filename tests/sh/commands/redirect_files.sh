# Commands with redirections into the directory: >, >>, <, 2>, 2>&1, <>.
echo first > f.txt
echo second >> f.txt
cat f.txt
cat < f.txt > g.txt; cat g.txt
cat missing.txt 2> err.txt; echo "status $?"; cat err.txt
cat missing.txt > both.txt 2>&1; cat both.txt
exitwith 0 "to stderr" 2>&1 | cat
{ cat f.txt; exitwith 0 "grouped err"; } > grouped.txt 2>&1; cat grouped.txt
cat 0<> f.txt
