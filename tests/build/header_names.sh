#!/bin/bash
# One include path holds common/, init/, reclaim/ and seed/ (-I each):
# two headers of one name would make `#include "x.h"` mean whichever
# folder comes first. Every header's name is unique across them.
. "$(dirname "$0")/lib.sh"
cd "$ROOT" || exit 1
count=$(ls common/*.h init/*.h reclaim/*.h seed/*.h | wc -l)
twice=$(ls common/*.h init/*.h reclaim/*.h seed/*.h | xargs -n1 basename | sort | uniq -d | tr '\n' ' ')
echo "# $count headers"
if [ "$count" -gt 0 ] && [ -z "$twice" ]; then pass header_names_unique
else fail header_names_unique "in more than one folder: ${twice:-no headers found}"; fi
finish
