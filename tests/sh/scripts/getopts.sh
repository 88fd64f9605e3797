# getopts: clusters, attached and separate arguments, --, unknown options, silent mode.
set -- -a -b val -cfoo -x -- rest
while getopts ab:c: opt; do echo "opt=$opt arg=$OPTARG ind=$OPTIND"; done
echo "end opt=$opt ind=$OPTIND"
shift $((OPTIND-1)); echo "rest: $*"
OPTIND=1; set -- -b
while getopts :b: o; do echo "silent o=$o arg=$OPTARG"; done
OPTIND=1; set -- -b
while getopts b: o; do echo "loud o=$o"; done
