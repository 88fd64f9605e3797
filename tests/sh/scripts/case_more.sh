# case with classes, ranges, multiple lines, and a function-generated subject.
classify() {
  case $1 in
    [[:digit:]]*) echo "$1: number";;
    [a-m]*) echo "$1: early";;
    [!a-m]*) echo "$1: late";;
  esac
}
for w in 42 apple zebra Mango; do classify "$w"; done
case "a b" in "a b") echo spaced;; esac
case x in
  y)
    echo no
    ;;
  x)
    echo multi
    echo line
    ;;
esac
case $(echo sub) in s*b) echo "sub matched";; esac
case '[x]' in \[x\]) echo brackets;; esac
case abc in *b*) echo contains-b;; esac
