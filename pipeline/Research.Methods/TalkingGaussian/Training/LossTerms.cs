using System.Globalization;
using Research.Tensors;

namespace Research.Methods.TalkingGaussian.Training;

/// <summary>
/// The loss of one iteration as named terms: <see cref="Add"/> records a term's unweighted value under its name (the
/// training curves' column, see <see cref="Curves.TrainingCurves.TermColumns"/>) and adds weight·value to
/// <see cref="Total"/> in call order, so the total is the same expression as writing the sum by hand.
/// </summary>
internal sealed class LossTerms
{
    private readonly List<(string Name, Tensor<float> Value)> terms = [];
    private Tensor<float>? total;

    /// <summary>The weighted sum of every term added so far.</summary>
    public Tensor<float> Total => total ?? throw new InvalidOperationException("LossTerms: no term was added.");

    /// <summary>The terms in call order (unweighted values).</summary>
    public IReadOnlyList<(string Name, Tensor<float> Value)> Terms => terms;

    /// <summary>Adds <paramref name="weight"/>·<paramref name="value"/> to the total and records <paramref name="value"/> as <paramref name="name"/>.</summary>
    public Tensor<float> Add(string name, Tensor<float> value, float weight = 1f)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        terms.Add((name, value));
        var weighted = weight == 1f ? value : value.Mul(weight);
        total = total is null ? weighted : total.Add(weighted);
        return weighted;
    }

    /// <summary>Each term's scalar value by name (a name added twice holds the sum), and the total under "loss".</summary>
    public Dictionary<string, double> Values()
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in terms)
        {
            values[name] = values.GetValueOrDefault(name) + value.Item();
        }

        values["loss"] = Total.Item();
        return values;
    }

    /// <summary>Throws <see cref="TrainingDivergedException"/> when a term or the total is NaN or ±Inf.</summary>
    /// <param name="stage">Training stage (mouth, face, fuse) for the message.</param>
    /// <param name="iteration">1-based iteration of that stage.</param>
    public void Check(string stage, int iteration)
    {
        const string Hint = "Lower the learning rates (e.g. position_lr_scale) or check the inputs; resuming from a checkpoint of this run meets the same values.";
        foreach (var (name, value) in terms)
        {
            var v = value.Item();
            if (!float.IsFinite(v))
            {
                throw new TrainingDivergedException($"{stage} iteration {iteration}: loss term '{name}' is {Describe(v)}. {Hint}");
            }
        }

        var sum = Total.Item();
        if (!float.IsFinite(sum))
        {
            var parts = string.Join(", ", terms.Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Name} {t.Value.Item():G6}")));
            throw new TrainingDivergedException($"{stage} iteration {iteration}: the weighted loss sum is {Describe(sum)} (terms {parts}). {Hint}");
        }
    }

    internal static string Describe(float v) => float.IsNaN(v) ? "NaN" : float.IsPositiveInfinity(v) ? "+Inf" : "-Inf";
}
