#!/usr/bin/env bash
# Hands what `source .ci/setup` changed in a GitHub Actions step to the steps after it:
# each step is a new shell, so PATH entries and exported variables would otherwise be
# lost. Used in the workflows as
#
#   env -0 > "$RUNNER_TEMP/env-before"
#   source .ci/setup
#   bash scripts/github-env.sh "$RUNNER_TEMP/env-before"
#
# New PATH entries go to $GITHUB_PATH (in the order that keeps their precedence), every
# other variable that is new or changed goes to $GITHUB_ENV (in the multiline form, so
# any value survives).
set -euo pipefail

before_file="${1:?usage: github-env.sh <file written by env -0 before .ci/setup>}"
: "${GITHUB_ENV:?GITHUB_ENV is not set: run this in a GitHub Actions step}"
: "${GITHUB_PATH:?GITHUB_PATH is not set: run this in a GitHub Actions step}"

declare -A before=()
while IFS= read -r -d '' entry; do
  before["${entry%%=*}"]="${entry#*=}"
done <"$before_file"

# PATH: the entries .ci/setup put in front. $GITHUB_PATH prepends each line, so the
# last line written wins: write them last to first.
IFS=: read -r -a old_path <<<"${before[PATH]:-}"
IFS=: read -r -a new_path <<<"$PATH"
added=()
for dir in "${new_path[@]}"; do
  known=0
  for old in "${old_path[@]}"; do [ "$dir" = "$old" ] && known=1 && break; done
  [ "$known" -eq 0 ] && added+=("$dir")
done
for ((i = ${#added[@]} - 1; i >= 0; i--)); do
  printf '%s\n' "${added[i]}" >>"$GITHUB_PATH"
done

# Everything else: new or changed variables. Shell bookkeeping is left out.
while IFS= read -r -d '' entry; do
  name="${entry%%=*}"
  value="${entry#*=}"
  case "$name" in
  PATH | PWD | OLDPWD | SHLVL | _ | BASH_* | GITHUB_ENV | GITHUB_PATH) continue ;;
  esac
  if [ "${before[$name]+set}" = set ] && [ "${before[$name]}" = "$value" ]; then
    continue
  fi
  delimiter="EOF_$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
  printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter" >>"$GITHUB_ENV"
done < <(env -0)
