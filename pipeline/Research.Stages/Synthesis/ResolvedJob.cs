using Research.Stages.Experiments;
using Research.Stages.Running;

namespace Research.Stages.Synthesis;

/// <summary>A trained job of a run: its spec (method and options) and where its model and dataset are.</summary>
/// <param name="Spec">The job as the experiment defines it.</param>
/// <param name="Inputs">Model, dataset, features and masks folders (from the job's <c>inputs.json</c>).</param>
public sealed record ResolvedJob(JobSpec Spec, JobInputs Inputs);
