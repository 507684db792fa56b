namespace Research.Datasets.Synthetic.Animation;

/// <summary>
/// A sequence of smooth pulses (smoothstep rise, hold, smoothstep fall) combined as a probabilistic OR,
/// 1 − Π(1 − aᵢ·shapeᵢ), so overlapping pulses saturate at 1 instead of adding past it.
/// </summary>
internal sealed class PulseTrain
{
    private readonly List<Pulse> pulses = [];
    private double longest;

    public int Count => pulses.Count;

    public IEnumerable<double> Starts => pulses.Select(p => p.Start);

    /// <summary>Adds a pulse; <paramref name="amplitude"/> in [0, 1], durations in seconds.</summary>
    public void Add(double start, double attack, double hold, double release, double amplitude)
    {
        var pulse = new Pulse(start, attack, hold, release, Math.Clamp(amplitude, 0, 1));
        var index = pulses.Count;
        while (index > 0 && pulses[index - 1].Start > start)
        {
            index--;
        }

        pulses.Insert(index, pulse);
        longest = Math.Max(longest, attack + hold + release);
    }

    public double Value(double t)
    {
        // Only pulses that started within the longest pulse length before t can be active.
        var low = 0;
        var high = pulses.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (pulses[mid].Start < t - longest)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        var rest = 1.0;
        for (var i = low; i < pulses.Count && pulses[i].Start <= t; i++)
        {
            rest *= 1 - (pulses[i].Amplitude * pulses[i].Shape(t));
        }

        return 1 - rest;
    }

    private static double SmoothStep(double x) => x <= 0 ? 0 : x >= 1 ? 1 : x * x * (3 - (2 * x));

    private readonly record struct Pulse(double Start, double Attack, double Hold, double Release, double Amplitude)
    {
        public double Shape(double t)
        {
            var x = t - Start;
            return x < Attack ? SmoothStep(x / Attack)
                : x < Attack + Hold ? 1
                : 1 - SmoothStep((x - Attack - Hold) / Release);
        }
    }
}
