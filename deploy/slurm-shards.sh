#!/usr/bin/env bash
# A Slurm job array: array task i runs shard i of n of a replication experiment and writes its partial
# result to $RESULTS_DIR/<scenario name>/shard-<i>. Submit it, then the merge once every task succeeded:
#   jid=$(sbatch --parsable --array=0-3 deploy/slurm-shards.sh scenarios/enterprise-multi.yaml 64)
#   sbatch --dependency=afterok:$jid --wrap "node dist/cli/main.js merge results/enterprise-multi/shard-* --out results/enterprise-multi/merged --force"
# Run from the repository root after `npm ci` (on a shared file system every node sees).
#SBATCH --job-name=pchat-sim
#SBATCH --cpus-per-task=2
#SBATCH --mem=2G
#SBATCH --time=01:00:00
#SBATCH --output=slurm-%A_%a.out
set -euo pipefail

scenario=${1:?usage: sbatch --array=0-N deploy/slurm-shards.sh <scenario.yaml> [replications]}
replications=${2:-64}
# Shard index from 0 whatever the array's first index (--array=0-3 or --array=1-4).
index=$(( ${SLURM_ARRAY_TASK_ID:?submit as a job array: sbatch --array=0-N} - ${SLURM_ARRAY_TASK_MIN:-0} ))
shards=${SLURM_ARRAY_TASK_COUNT:?submit as a job array: sbatch --array=0-N}
name=$(basename "${scenario%.*}")
pchat_sim=${PCHAT_SIM:-node dist/cli/main.js}

$pchat_sim run "$scenario" \
  --replications "$replications" \
  --shard "$index/$shards" \
  --workers "${SLURM_CPUS_PER_TASK:-1}" \
  --out "${RESULTS_DIR:-results}/$name/shard-$index" \
  --force --quiet
