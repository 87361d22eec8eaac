# Phase timing, sourced by .ci/run and scripts/test.sh. `phase_run NAME COMMAND...` prints "== NAME" when the
# phase starts and "== NAME: 1m05s ok" (or FAILED) when it ends, and returns the command's status. The command
# must return its own failures (chain steps with &&): errexit does not apply inside a command whose status is tested.
# With PHASE_TIMES set (.ci/run sets it), every phase, including those of child scripts such as npm test (one level
# deeper), is appended to that file; `phase_table` prints them as one table.

format_seconds() { # 95 -> 1m35s
  local s="$1"
  if ((s >= 60)); then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

phase_run() {
  local name="$1"
  shift
  local depth="${PHASE_DEPTH:-0}" start status=0
  start="$(date +%s)"
  echo "== $name ($(date +%H:%M:%S))"
  export PHASE_DEPTH=$((depth + 1))
  "$@" || status=$?
  export PHASE_DEPTH="$depth"
  local seconds=$(($(date +%s) - start)) result=ok
  ((status == 0)) || result="FAILED (exit $status)"
  echo "== $name: $(format_seconds "$seconds") $result"
  if [[ -n "${PHASE_TIMES:-}" ]]; then
    printf '%s\t%s\t%s\t%s\t%s\n' "$start" "$seconds" "$depth" "$result" "$name" >>"$PHASE_TIMES"
  fi
  return "$status"
}

phase_table() { # $1: the run's start (epoch seconds), for the total
  local started="$1"
  echo "== phase times"
  sort -n -k1,1 -k3,3 "$PHASE_TIMES" | while IFS=$'\t' read -r _start seconds depth result name; do
    printf '  %-*s%-*s %8s  %s\n' $((depth * 2)) '' $((44 - depth * 2)) "$name" "$(format_seconds "$seconds")" "$result"
  done
  printf '  %-44s %8s\n' 'total (wall clock)' "$(format_seconds $(($(date +%s) - started)))"
}
