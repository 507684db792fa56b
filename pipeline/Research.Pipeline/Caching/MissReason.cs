using System.Globalization;

namespace Research.Pipeline.Caching;

/// <summary>Explains why a stage must run by comparing its key components with the latest record for the stage.</summary>
public static class MissReason
{
    /// <summary>One line such as "params changed: method.iterations 2000 → 3000".</summary>
    public static string Explain(StageRecord? previous, StageRecord current, bool outputsMissing)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (previous is null)
        {
            return "never run";
        }

        var reasons = new List<string>();
        if (previous.CodeVersion != current.CodeVersion)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"code changed: version {previous.CodeVersion} → {current.CodeVersion}"));
        }

        if (previous.Parameters != current.Parameters)
        {
            reasons.Add("params changed: " + DiffParameters(previous.Parameters, current.Parameters));
        }

        var inputs = previous.Inputs.Keys.Union(current.Inputs.Keys, StringComparer.Ordinal)
            .Where(k => !previous.Inputs.TryGetValue(k, out var a) || !current.Inputs.TryGetValue(k, out var b) || a != b)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (inputs.Count > 0)
        {
            reasons.Add("input changed: " + string.Join(", ", inputs));
        }

        var tools = previous.Tools.Keys.Union(current.Tools.Keys, StringComparer.Ordinal)
            .Where(k => previous.Tools.GetValueOrDefault(k) != current.Tools.GetValueOrDefault(k))
            .Select(k => $"{k} {previous.Tools.GetValueOrDefault(k) ?? "none"} → {current.Tools.GetValueOrDefault(k) ?? "none"}")
            .ToList();
        if (tools.Count > 0)
        {
            reasons.Add("tool changed: " + string.Join(", ", tools));
        }

        if (previous.Seed != current.Seed)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"seed changed: {previous.Seed?.ToString(CultureInfo.InvariantCulture) ?? "none"} → {current.Seed?.ToString(CultureInfo.InvariantCulture) ?? "none"}"));
        }

        if (reasons.Count == 0)
        {
            reasons.Add(outputsMissing ? "outputs missing from the cache" : "not in the cache");
        }

        return string.Join("; ", reasons);
    }

    private static string DiffParameters(string before, string after)
    {
        var a = CanonicalJson.Flatten(before);
        var b = CanonicalJson.Flatten(after);
        var changes = a.Keys.Union(b.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Where(k => a.GetValueOrDefault(k) != b.GetValueOrDefault(k))
            .Select(k => $"{k} {Show(a.GetValueOrDefault(k))} → {Show(b.GetValueOrDefault(k))}")
            .ToList();
        const int Shown = 3;
        var text = string.Join(", ", changes.Take(Shown));
        return changes.Count > Shown ? string.Create(CultureInfo.InvariantCulture, $"{text} (+{changes.Count - Shown} more)") : text;
    }

    private static string Show(string? json) => json is null ? "(absent)" : json.Trim('"');
}
