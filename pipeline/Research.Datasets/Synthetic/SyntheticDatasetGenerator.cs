using System.Globalization;
using System.Text.Json;
using Research.Datasets.Synthetic.Animation;
using Research.Datasets.Synthetic.Head;
using Research.Media.Ffmpeg;
using Research.Media.IO;

namespace Research.Datasets.Synthetic;

/// <summary>
/// Generates complete synthetic talking-head datasets: draws each person (<see cref="HeadIdentity.FromSeed"/>) and
/// their performance (<see cref="PerformanceGenerator"/>), then writes them with <see cref="SyntheticDatasetWriter"/>.
/// </summary>
public static class SyntheticDatasetGenerator
{
    /// <summary>Summary of the people of a multi-identity dataset, at its root.</summary>
    public const string IdentitiesFile = "identities.json";

    /// <summary>Folder of person <paramref name="index"/> in a multi-identity dataset.</summary>
    public static string IdentityFolder(int index) => "identity_" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes the dataset described by <paramref name="options"/> into <paramref name="directory"/>.</summary>
    /// <param name="directory">Target folder; one layout, or one <c>identity_&lt;k&gt;/</c> layout per person.</param>
    /// <param name="options">What to generate.</param>
    /// <param name="ffmpeg">When given, each layout also gets <c>clip.mp4</c>.</param>
    /// <param name="progress">Frames written per person.</param>
    /// <param name="cancellationToken">Stops between batches of frames.</param>
    public static async Task GenerateAsync(
        string directory,
        SyntheticHeadOptions options,
        FfmpegTools? ffmpeg = null,
        IProgress<SyntheticProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Directory.CreateDirectory(directory);
        var people = new List<IdentityEntry>();
        for (var k = 0; k < options.Identities; k++)
        {
            var identitySeed = options.IdentitySeedOf(k);
            var motionSeed = options.MotionSeedOf(k);
            var identity = HeadIdentity.FromSeed(identitySeed);
            var performance = PerformanceGenerator.Generate(new PerformanceOptions
            {
                Seconds = options.Seconds,
                Fps = options.Fps,
                MotionSeed = motionSeed,
                IdentitySeed = identitySeed,
            });
            var folder = options.Identities == 1 ? directory : Path.Combine(directory, IdentityFolder(k));
            var index = k;
            await SyntheticDatasetWriter.WriteAsync(
                folder,
                performance,
                identity,
                options,
                ffmpeg,
                progress is null ? null : (done, total) => progress.Report(new SyntheticProgress(index, options.Identities, done, total)),
                cancellationToken).ConfigureAwait(false);
            people.Add(new IdentityEntry(k, options.Identities == 1 ? "." : IdentityFolder(k), identitySeed, motionSeed, identity.Hairstyle, performance.FrameCount));
        }

        if (options.Identities > 1)
        {
            AtomicFile.WriteAllText(Path.Combine(directory, IdentitiesFile), JsonSerializer.Serialize(people, SyntheticDatasetWriter.Json) + "\n");
        }
    }

    private sealed record IdentityEntry(int Index, string Folder, int IdentitySeed, int MotionSeed, Hairstyle Hairstyle, int Frames);
}
