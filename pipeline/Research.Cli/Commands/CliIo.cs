namespace Research.Cli.Commands;

/// <summary>Where a command writes; tests substitute string writers.</summary>
internal sealed record CliIo(TextWriter Out, TextWriter Error, bool Interactive)
{
    public static CliIo Console => new(System.Console.Out, System.Console.Error, !System.Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null);
}
