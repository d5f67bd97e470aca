#!/usr/bin/env bash
# Moves the headers into the layout README "Development" describes and
# rewrites every #include, include guard and CMake list that names them:
#   include/offergraph/<name>.h  the embeddable engine's public API only,
#                                included as "offergraph/<name>.h";
#   src/<dir>/<name>.h           everything else, beside its .cc, included
#                                as "<dir>/<name>.h";
#   src/util/                    helpers shared by several modules.
#
# Idempotent: a move whose source is gone is skipped, a rewrite that finds
# nothing touches no file (not even its mtime), so it can be re-run on a tree where others changed
# file contents (or added files that still use the old include paths). Run it
# from anywhere inside the work tree, on a clean tree, then build:
#   scripts/dev/restructure-include.sh && git add -A && git commit
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

# old path -> new path. The include spelling is the path less its root
# (include/ or src/).
MOVES=(
  # The public API, flat.
  include/offergraph/data/catalog.h:include/offergraph/catalog.h
  include/offergraph/data/offer_graph.h:include/offergraph/offer_graph.h
  include/offergraph/data/rule_params.h:include/offergraph/rule_params.h
  include/offergraph/snapshot/snapshot.h:include/offergraph/snapshot.h
  include/offergraph/snapshot/snapshot_loader.h:include/offergraph/snapshot_loader.h
  include/offergraph/engine/engine.h:include/offergraph/engine.h
  # Private, beside their .cc.
  include/offergraph/data/catalog_loader.h:src/data/catalog_loader.h
  include/offergraph/data/edges_loader.h:src/data/edges_loader.h
  include/offergraph/data/rules_loader.h:src/data/rules_loader.h
  include/offergraph/snapshot/snapshot_store.h:src/snapshot/snapshot_store.h
  include/offergraph/ledger/ledger_factory.h:src/ledger/ledger_factory.h
  include/offergraph/ledger/memory_ledger.h:src/ledger/memory_ledger.h
  include/offergraph/ledger/offer_ledger.h:src/ledger/offer_ledger.h
  include/offergraph/ledger/redis_ledger.h:src/ledger/redis_ledger.h
  include/offergraph/ledger/rocksdb_ledger.h:src/ledger/rocksdb_ledger.h
  # Shared helpers.
  include/offergraph/common/money.h:src/util/money.h
  include/offergraph/common/mutex.h:src/util/mutex.h
  include/offergraph/common/status_macros.h:src/util/status_macros.h
  src/data/file_util.h:src/util/file_util.h
  src/data/file_util.cc:src/util/file_util.cc
  src/service/arena_message_allocator.h:src/util/arena_message_allocator.h
  # Tests mirror src/.
  tests/data/file_util_test.cc:tests/util/file_util_test.cc
)

# Where #include lines are rewritten.
CODE_DIRS=(include src tests bench examples)

spelling() { local p=${1#include/}; echo "${p#src/}"; }
# "offergraph/data/catalog.h" -> OFFERGRAPH_DATA_CATALOG_H_ (the project's
# guard rule: OFFERGRAPH_ + the path below include/offergraph/ or src/).
guard() {
  local s=${1#offergraph/}
  s=${s//[\/.]/_}
  echo "OFFERGRAPH_${s^^}_"
}

# First every move (with the moved header's own guard), then every #include
# rewrite, so that the rewrites see each file at its final path.
for move in "${MOVES[@]}"; do
  old=${move%%:*} new=${move#*:}
  if [[ -e $old ]]; then
    mkdir -p "$(dirname "$new")"
    git mv "$old" "$new"
  fi
  old_guard=$(guard "$(spelling "$old")") new_guard=$(guard "$(spelling "$new")")
  if [[ $old == *.h && -e $new && $old_guard != "$new_guard" ]] &&
     grep -qw "$old_guard" "$new"; then
    sed -i "s/\b$old_guard\b/$new_guard/g" "$new"
  fi
done
changed=()
for move in "${MOVES[@]}"; do
  old=${move%%:*} new=${move#*:}
  [[ $old == *.h ]] || continue
  old_inc=$(spelling "$old") new_inc=$(spelling "$new")
  while IFS= read -r f; do
    sed -i "s|#include \"$old_inc\"|#include \"$new_inc\"|" "$f"
    changed+=("$f")
  done < <(grep -rlF --include='*.h' --include='*.cc' "#include \"$old_inc\"" \
             "${CODE_DIRS[@]}" 2>/dev/null || true)
done

# Emptied folders of include/.
find include -type d -empty -delete

# Keep each block of #include "..." lines sorted, as clang-format would
# (only those blocks: nothing else in the files is reformatted).
if ((${#changed[@]})); then
  printf '%s\n' "${changed[@]}" | sort -u | python3 -c '
import sys
for path in sys.stdin.read().split():
    with open(path) as f:
        lines = f.read().split("\n")
    out, run = [], []
    for line in lines + [None]:
        if line is not None and line.startswith("#include \""):
            run.append(line)
            continue
        out += sorted(set(run))
        run = []
        if line is not None:
            out.append(line)
    with open(path, "w") as f:
        f.write("\n".join(out))
'
fi

# CMake: src/util is a library of its own, linked by offergraph_data (and so
# by everything above it) and exported with the engine.
if [[ ! -e src/util/CMakeLists.txt ]]; then
  cat > src/util/CMakeLists.txt <<'CMAKE'
# Helpers shared by several modules: file reading, money, mutex, status
# macros, the gRPC arena allocator. Exported with the engine (its loaders
# read files), headers private.
file(GLOB _srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cc)
add_library(offergraph_util ${_srcs})
target_link_libraries(offergraph_util PUBLIC
  offergraph_api $<BUILD_INTERFACE:offergraph_headers>)
CMAKE
fi
edit_cmake() {  # file, marker that says it is done, sed expression
  grep -q -- "$2" "$1" || sed -i "$3" "$1"
  grep -q -- "$2" "$1" || { echo "restructure: could not edit $1 (add $2 by hand)" >&2; exit 1; }
}
edit_cmake src/CMakeLists.txt 'foreach(_dir util ' 's/foreach(_dir /foreach(_dir util /'
edit_cmake src/data/CMakeLists.txt 'offergraph_util' \
  's/target_link_libraries(offergraph_data PUBLIC/& offergraph_util/'
edit_cmake cmake/install_engine.cmake 'offergraph_util' \
  's/^  offergraph_api offergraph_api_proto /  offergraph_api offergraph_api_proto offergraph_util /'
# The file_util test: its own binary in tests/util.
if [[ ! -e tests/util/CMakeLists.txt ]]; then
  cat > tests/util/CMakeLists.txt <<'CMAKE'
offergraph_test(offergraph_util_test
  SOURCES file_util_test.cc
  LIBS offergraph_util offergraph_testing)
CMAKE
fi
if grep -q ' file_util_test\.cc' tests/data/CMakeLists.txt; then
  sed -i 's/ file_util_test\.cc//' tests/data/CMakeLists.txt
fi
edit_cmake tests/CMakeLists.txt 'foreach(_dir testing util ' 's/foreach(_dir testing /foreach(_dir testing util /'

# Whatever still names an old path is for a person to look at.
left=0
for move in "${MOVES[@]}"; do
  old=${move%%:*}
  [[ $old == *.h ]] || continue
  if grep -rnF "\"$(spelling "$old")\"" "${CODE_DIRS[@]}" --include='*.h' --include='*.cc' 2>/dev/null; then
    left=1
  fi
done
if ((left)); then
  echo "restructure: the lines above still name an old header" >&2
  exit 1
fi
echo "restructure: done; build and run the tests"
