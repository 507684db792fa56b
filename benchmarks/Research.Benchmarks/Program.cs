using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

if (args is ["tg-face-profile", ..])
{
    Research.Benchmarks.TalkingGaussian.FaceIterationProfile.Run(args[1..]);
    return;
}

// Every job (including --job short) runs with the GC mode the repository's executables use (Directory.Build.props).
var config = DefaultConfig.Instance.AddJob(Job.Default.WithGcConcurrent(false).AsMutator());
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
