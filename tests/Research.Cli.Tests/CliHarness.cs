using Research.Cli.Commands;

namespace Research.Cli.Tests;

/// <summary>Runs the CLI in-process from the repository root, capturing its output.</summary>
internal static class CliHarness
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "Research.sln")))
            {
                return dir;
            }
        }

        throw new InvalidOperationException("Repository root (Research.sln) not found above the test assembly.");
    });

    public static string RepositoryRoot => Root.Value;

    public static string Quickstart => Path.Combine(RepositoryRoot, "experiments", "quickstart.yaml");

    public static async Task<(int Code, string Out, string Error)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliIo(output, error, Interactive: false));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Overrides that keep a quickstart run tiny and inside a scratch folder.</summary>
    public static string[] Tiny(string scratch, params string[] extra) =>
    [
        "datasets.synthetic.synthetic.seconds=2",
        "datasets.synthetic.synthetic.resolution=64",
        $"run.cache_dir={Path.Combine(scratch, "cache")}",
        $"run.runs_dir={Path.Combine(scratch, "runs")}",
        "run.threads=2",
        "run.videos=false",
        "metrics.bootstrap_resamples=100",

        // Hermetic: weights in the user's default folders must not change what the tests see.
        $"metrics.lpips.weights={Path.Combine(scratch, "no-weights")}",
        $"metrics.syncnet.weights={Path.Combine(scratch, "no-weights")}",
        .. extra,

        // After the caller's overrides so their positions (#10, …) stay as the error tests expect.
        "methods.talking-gaussian.mouth_iterations=12",
        "methods.talking-gaussian.face_iterations=24",
        "methods.talking-gaussian.fuse_iterations=6",
        "methods.talking-gaussian.mouth_init_count=200",
        "methods.talking-gaussian.face_init_count=200",
    ];
}
