#!/usr/bin/env bash
# Checks every file in deploy/ with the real tool for it, offline:
#   YAML            yamllint (deploy/.yamllint)
#   Prometheus      promtool check config, check rules, test rules
#   Grafana         jq (JSON), every panel query parsed by promtool
#   docker-compose  docker-compose config
#   Dockerfile      dockerfile-utils lint; runtime packages exist in Debian
#                   12 and cover every library the server links
#   Kubernetes      every object validated against the API schemas
#                   (kubernetes-models); the rules ConfigMap loads
#   systemd         systemd-analyze verify
#   flags           every --flag in the Dockerfile, compose file, manifests
#                   and unit is one offergraph-server accepts
# Needs the server binary: builds it into $BUILD_DIR (default build/).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
D=deploy
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
step() { echo "--- check-deploy: $*"; }

step "build offergraph-server"
BUILD_DIR=$BUILD_DIR TARGETS=offergraph-server scripts/build.sh >/dev/null
SERVER=$PWD/$BUILD_DIR/src/server/offergraph-server

step "yamllint"
yamllint --strict -c $D/.yamllint $D

step "prometheus: config, rules, rule unit tests"
promtool check config $D/prometheus/prometheus.yml
promtool check rules $D/prometheus/alerts.yml
(cd $D/prometheus && promtool test rules alerts_test.yml)

step "grafana: dashboard JSON and every panel query"
dash=$D/grafana/offergraph-dashboard.json
jq -e '.uid and .title and (.panels | length > 0)' "$dash" >/dev/null
jq -e '[.panels[] | select(.type != "row") | select((.targets | length) == 0 or .datasource.uid == null)] | length == 0' \
  "$dash" >/dev/null || { echo "a panel has no query or no datasource" >&2; exit 1; }
{
  echo "groups:"
  echo "  - name: dashboard"
  echo "    rules:"
  jq -r '.panels[] | select(.type != "row") | .id as $p | .targets[] | "\($p) \(.refId) \(.expr)"' "$dash" |
    while read -r panel ref expr; do
      expr=${expr//'$__rate_interval'/5m}
      expr=${expr//'$job'/.+}
      expr=${expr//'$instance'/.+}
      expr=${expr//'$experiment'/.+}
      printf '      - record: dashboard:panel%s_%s\n        expr: %s\n' \
        "$panel" "$ref" "$(jq -Rn --arg e "$expr" '$e')"
    done
} >"$tmp/dashboard_rules.yml"
promtool check rules "$tmp/dashboard_rules.yml"

step "docker-compose config"
docker-compose -f $D/docker-compose.yml config -q

step "node tools (deploy/check)"
(cd $D/check && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

step "Dockerfile lint"
$D/check/node_modules/.bin/dockerfile-utils lint $D/Dockerfile

step "Dockerfile runtime packages"
# The runtime stage's apt-get list: every name must exist in Debian 12, and
# every library the server links directly must come from a listed package
# (or one debian:12-slim already has).
runtime_pkgs=$(sed -n '/^FROM debian:12-slim/,/^ && rm -rf/p' $D/Dockerfile |
  sed -n '/--no-install-recommends/,/^ && rm/p' | tr ' \\' '\n\n' |
  grep -E '^[a-z0-9][a-z0-9.+-]+$' | grep -vE '^(apt-get|install|rm|no)$' || true)
[[ -n $runtime_pkgs ]] || { echo "no runtime packages found in $D/Dockerfile" >&2; exit 1; }
for p in $runtime_pkgs; do
  apt-cache show "$p" >/dev/null 2>&1 || { echo "Dockerfile: no Debian package \"$p\"" >&2; exit 1; }
done
base_pkgs="libc6 libgcc-s1 libstdc++6 zlib1g"
needed=$(readelf -d "$SERVER" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p')
[[ -n $needed ]] || { echo "readelf found no libraries in $SERVER" >&2; exit 1; }
for lib in $needed; do
  # No early exit in these pipelines: a reader that stops first would kill
  # the writer with SIGPIPE, which pipefail turns into a failure.
  path=$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64|x32|64/ && !p {p = $NF} END {print p}')
  [[ -n $path ]] || { echo "cannot resolve $lib" >&2; exit 1; }
  # dpkg knows a library by one of its paths (usr-merge, symlinks).
  pkg=$({ dpkg -S "$path" || dpkg -S "$(readlink -f "$path")" ||
    dpkg -S "${path#/usr}" || true; } 2>/dev/null | sed -n '1s/:.*//p')
  [[ -n $pkg ]] || { echo "no Debian package owns $path ($lib)" >&2; exit 1; }
  if ! grep -qw -- "$pkg" <<<"$runtime_pkgs $base_pkgs"; then
    echo "Dockerfile: the server links $lib from $pkg, which the runtime stage does not install" >&2
    exit 1
  fi
done

step "kubernetes: schemas"
node $D/check/validate-k8s.mjs $D/k8s/*.yaml
if command -v kubectl >/dev/null; then
  kubectl kustomize $D/k8s >"$tmp/k8s.yaml"
  node $D/check/validate-k8s.mjs "$tmp/k8s.yaml"
fi

step "kubernetes: the rules ConfigMap loads in the real server"
node $D/check/configmap-value.mjs $D/k8s/configmap.yaml rules.textproto >"$tmp/rules.textproto"
"$SERVER" --check_data --data_dir=data/demo --rules="$tmp/rules.textproto"

step "systemd unit"
sed "s#/usr/local/bin/offergraph-server#$SERVER#" $D/systemd/offergraph.service \
  >"$tmp/offergraph.service"
systemd-analyze verify "$tmp/offergraph.service"

step "every --flag is one offergraph-server accepts"
"$SERVER" --helpfull >"$tmp/help.txt" 2>&1 || true
# Where each file passes flags to the server: the Dockerfile's CMD, the
# compose service's command, the Deployment's args, the unit's ExecStart.
server_args() {
  case "$1" in
    *Dockerfile) sed -n '/^CMD /,$p' "$1" ;;
    *docker-compose.yml) sed -n '/^  offergraph:/,/^  [a-z]*:$/p' "$1" | sed -n '/command:/,/^    [a-z_]*:/p' ;;
    *.service) sed -n '/^ExecStart=/,/^[A-Z]/p' "$1" ;;
    *) cat "$1" ;;
  esac
}
for f in $D/Dockerfile $D/docker-compose.yml $D/k8s/deployment.yaml $D/systemd/offergraph.service; do
  flags=$(server_args "$f" | grep -oE -- '--[a-z_]+=' | sort -u | tr -d '=' | sed 's/^--//')
  [[ -n $flags ]] || { echo "$f: found no server flags" >&2; exit 1; }
  for flag in $flags; do
    grep -qE -- "^ +--$flag \(" "$tmp/help.txt" ||
      { echo "$f: offergraph-server has no flag --$flag" >&2; exit 1; }
  done
  echo "$f: $(wc -w <<<"$flags") server flags, all known"
done

echo "check-deploy: all deploy/ files pass"
