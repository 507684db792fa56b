using Research.Pipeline.Configuration;

namespace Research.Pipeline.Tests.Configuration;

public enum Colour
{
    Red,
    DarkBlue,
}

public sealed record TestRoot
{
    public required int SchemaVersion { get; init; }

    public TrainOptions Train { get; init; } = new();

    public IReadOnlyDictionary<string, TrainOptions> Methods { get; init; } = new Dictionary<string, TrainOptions>();

    public IReadOnlyList<int> Seeds { get; init; } = [0];
}

public sealed record TrainOptions : IValidatableOptions
{
    public int Iterations { get; init; } = 100;

    public double LearningRate { get; init; } = 0.01;

    public Colour Colour { get; init; } = Colour.Red;

    public string? Note { get; init; }

    public IEnumerable<(string Key, string Message)> Validate()
    {
        if (Iterations < 0)
        {
            yield return ("iterations", "must not be negative.");
        }
    }
}
