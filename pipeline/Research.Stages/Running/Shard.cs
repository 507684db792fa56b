using System.Globalization;
using Research.Pipeline.Errors;

namespace Research.Stages.Running;

/// <summary>Slice <see cref="Index"/> (1-based) of <see cref="Count"/>: jobs whose position p satisfies p mod Count = Index − 1.</summary>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses "i/n".</summary>
    public static Shard Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var i)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && i >= 1 && i <= n)
        {
            return new Shard(i, n);
        }

        throw new UserErrorException($"--shard '{text}' is not valid: write i/n with 1 ≤ i ≤ n, e.g. --shard 2/4.");
    }

    /// <summary>The jobs in this shard.</summary>
    public IReadOnlyList<T> Select<T>(IReadOnlyList<T> jobs)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return [.. jobs.Where((_, p) => p % Count == Index - 1)];
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
