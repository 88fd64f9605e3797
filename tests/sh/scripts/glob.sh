# Pathname expansion against the directory: * ? [...] hidden files, no match, quoting.
: > a.txt; : > b.txt; : > c.log; : > .hidden; : > 'sp ace.txt'
echo *.txt
echo ?.txt
echo [ab].txt [!a].txt [a-b]*
echo *.none "*.txt" '*'.txt \*.txt
echo .h*
for f in *.txt; do echo "<$f>"; done
x='*.log'; echo $x "$x"
set -f; echo *.txt; set +f
echo [[:alpha:]].log
