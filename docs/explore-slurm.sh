#!/bin/bash
# kmodlab explore in 4 shards as a Slurm job array: sbatch docs/explore-slurm.sh, then
#   tools/kmodlab explore merge explore-shard-*.json
#SBATCH --job-name=kmodlab-explore
#SBATCH --array=0-3
#SBATCH --cpus-per-task=1
#SBATCH --output=explore-shard-%a.log
cd "${SLURM_SUBMIT_DIR:-.}"
tools/kmodlab explore modules/examples/race-reader-tasks.kml --algo pct --schedules 4000 \
  --shard auto/4 --json > "explore-shard-${SLURM_ARRAY_TASK_ID}.json"
status=$?
# 1 = a finding: a result, not a failed task.
[ $status -le 1 ]
