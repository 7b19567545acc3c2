#!/usr/bin/env python3
"""Parses the CI fuzzing configuration with PyYAML (Debian's python3-yaml)
and checks what ClusterFuzzLite and OSS-Fuzz rely on:

- .clusterfuzzlite/project.yaml: language c++, libFuzzer, the address and
  undefined sanitizers;
- .clusterfuzzlite/Dockerfile: starts from OSS-Fuzz's base-builder and
  puts build.sh in $SRC;
- .github/workflows/*.yml: each is a mapping with a trigger and jobs;
  every step names an action or a command; PR fuzzing runs mode
  code-change for both sanitizers on pull requests; a scheduled workflow
  runs mode batch for both sanitizers and mode prune.

Prints one line per problem and exits 1 if there is any.
Usage: check_ci_config.py [ROOT]
"""
import glob
import os
import sys

import yaml


def load(path, problems):
    try:
        with open(path) as stream:
            return yaml.safe_load(stream)
    except (OSError, yaml.YAMLError) as error:
        problems.append(f"{path}: {error}")
        return None


def trigger(workflow):
    # YAML 1.1 reads the key `on` as the boolean true.
    return workflow.get("on", workflow.get(True))


def runs(workflow):
    """(mode, sanitizers) of each run_fuzzers step."""
    found = []
    for job in (workflow.get("jobs") or {}).values():
        matrix = (job.get("strategy") or {}).get("matrix") or {}
        for step in job.get("steps") or []:
            if "clusterfuzzlite/actions/run_fuzzers" not in str(step.get("uses", "")):
                continue
            inputs = step.get("with") or {}
            sanitizer = str(inputs.get("sanitizer", "address"))
            sanitizers = matrix.get("sanitizer", []) if "matrix.sanitizer" in sanitizer else [sanitizer]
            found.append((inputs.get("mode"), set(sanitizers)))
    return found


def check_workflow(path, workflow, problems):
    if not isinstance(workflow, dict):
        problems.append(f"{path}: not a mapping")
        return []
    if not trigger(workflow):
        problems.append(f"{path}: no trigger (on:)")
    jobs = workflow.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        problems.append(f"{path}: no jobs")
        return []
    for name, job in jobs.items():
        if "runs-on" not in job:
            problems.append(f"{path}: job {name} has no runs-on")
        for index, step in enumerate(job.get("steps") or []):
            if not ("uses" in step or "run" in step):
                problems.append(f"{path}: job {name} step {index} neither uses nor runs anything")
    return runs(workflow)


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = []
    both = {"address", "undefined"}

    project = load(os.path.join(root, ".clusterfuzzlite/project.yaml"), problems) or {}
    if project.get("language") != "c++":
        problems.append("project.yaml: language is not c++")
    if "libfuzzer" not in (project.get("fuzzing_engines") or []):
        problems.append("project.yaml: libfuzzer not among fuzzing_engines")
    if not both <= set(project.get("sanitizers") or []):
        problems.append("project.yaml: sanitizers must include address and undefined")

    try:
        dockerfile = open(os.path.join(root, ".clusterfuzzlite/Dockerfile")).read()
    except OSError as error:
        problems.append(f"Dockerfile: {error}")
        dockerfile = ""
    if "FROM gcr.io/oss-fuzz-base/base-builder" not in dockerfile:
        problems.append("Dockerfile: not based on gcr.io/oss-fuzz-base/base-builder")
    if "build.sh $SRC/" not in dockerfile:
        problems.append("Dockerfile: does not copy build.sh to $SRC/")

    pull_request, scheduled = [], []
    paths = sorted(glob.glob(os.path.join(root, ".github/workflows/*.yml")))
    if not paths:
        problems.append(".github/workflows: no workflow")
    for path in paths:
        workflow = load(path, problems)
        if workflow is None:
            continue
        found = check_workflow(os.path.relpath(path, root), workflow, problems)
        on = trigger(workflow) or {}
        if isinstance(on, dict) and "pull_request" in on:
            pull_request += found
        if isinstance(on, dict) and "schedule" in on:
            scheduled += found
    if not any(mode == "code-change" and both <= s for mode, s in pull_request):
        problems.append("workflows: no code-change fuzzing of pull requests with address and undefined")
    if not any(mode == "batch" and both <= s for mode, s in scheduled):
        problems.append("workflows: no scheduled batch fuzzing with address and undefined")
    if not any(mode == "prune" for mode, _ in scheduled):
        problems.append("workflows: no scheduled corpus pruning")

    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
