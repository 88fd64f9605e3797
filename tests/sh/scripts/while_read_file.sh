# Loops reading files, with break and counters; IFS per read.
printf 'a:1\nb:2\nc:3\nd:4\n' > data
n=0
while IFS=: read k v; do
  n=$((n + v))
  [ "$k" = c ] && break
  echo "$k=$v"
done < data
echo "sum $n"
while read line; do echo "$line"; done < data | while IFS=: read k v; do echo "$v$k"; done
count=0; while read _; do count=$((count+1)); done < data; echo "count $count"
