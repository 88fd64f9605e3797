# case: patterns, alternatives, quoting, fallthrough-free, empty bodies.
for w in apple banana cherry 'a*' '' x.c; do
  case $w in
    a\*) echo "literal star: $w";;
    apple|cherry) echo "fruit $w";;
    b*) echo "b-word $w" ;;
    "") echo empty;;
    *.[ch]) echo "source $w";;
    *) echo "other $w"
  esac
done
case x in (x) echo paren;; esac
case y in y) ;; esac; echo "empty body $?"
p='c*'; case cat in $p) echo "pattern from var";; esac
case cat in "$p") echo no;; *) echo "quoted var literal";; esac
