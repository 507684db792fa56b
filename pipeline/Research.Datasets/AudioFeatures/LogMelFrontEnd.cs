using Research.Media.Audio;

namespace Research.Datasets.AudioFeatures;

/// <summary>
/// Log-mel features at a fixed step rate, a self-contained stand-in for the DeepSpeech features that
/// ER-NeRF/TalkingGaussian consume (same 50 Hz rate and, by default, the same 29 columns).
/// </summary>
/// <remarks>
/// Exact definition, for mono input x[0 … L−1] at <see cref="LogMelOptions.SampleRate"/> (symbols are the options):
/// <list type="number">
/// <item>T = ⌈L / Hop⌉ rows; row t analyses samples t·Hop … t·Hop + WindowLength − 1, with samples past the end
/// taken as 0 (the first window starts at sample 0; no centring padding, pre-emphasis, dither or DC removal).</item>
/// <item>Periodic Hann window w[n] = 0.5 − 0.5·cos(2πn / WindowLength), n = 0 … WindowLength − 1.</item>
/// <item>Power spectrum P[k] = |Σₙ x[t·Hop + n]·w[n]·e^(−2πi·k·n/FftSize)|², k = 0 … FftSize/2 (window zero-padded
/// to FftSize, unscaled transform, samples as floats in [−1, 1]).</item>
/// <item>Mel energies E[m] = Σₖ W[m, k]·P[k] with the plain-triangle HTK filters of <see cref="MelFilterBank"/>.</item>
/// <item>Log: F[t, m] = ln(E[m] + 1e−6) (natural log; the 1e−6 floor keeps digital silence finite).</item>
/// <item>When <see cref="LogMelOptions.Normalize"/> (default), F ← (F − μ) / σ with μ and σ the mean and population
/// standard deviation over all T·C values of the clip; if σ &lt; 1e−8 only μ is subtracted.</item>
/// </list>
/// Arithmetic is double precision; the result is stored as float.
/// </remarks>
public static class LogMelFrontEnd
{
    private const double LogFloor = 1e-6;

    /// <summary>Computes the T × MelBands feature matrix (see the type remarks for the exact definition).</summary>
    /// <exception cref="ArgumentException">The audio is not mono at the options' sample rate.</exception>
    public static FeatureMatrix Compute(AudioClip audio, LogMelOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(audio);
        options ??= new LogMelOptions();
        options.Validate();
        if (audio.Channels != 1 || audio.SampleRate != options.SampleRate)
        {
            throw new ArgumentException(
                $"Log-mel features need mono audio at {options.SampleRate} Hz but got {audio.Channels} channel(s) at {audio.SampleRate} Hz; " +
                $"resample first, e.g. ffmpeg -i input -ar {options.SampleRate} -ac 1 output.wav.",
                nameof(audio));
        }

        var samples = audio.Samples;
        var rows = (int)(((long)samples.Length + options.Hop - 1) / options.Hop);
        var bands = options.MelBands;
        var fft = new Fft(options.FftSize);
        var bank = new MelFilterBank(options);
        var window = new double[options.WindowLength];
        for (var n = 0; n < window.Length; n++)
        {
            window[n] = 0.5 - (0.5 * Math.Cos(2 * Math.PI * n / window.Length));
        }

        var frame = new double[options.WindowLength];
        var power = new double[bank.Bins];
        var energies = new double[bands];
        var features = new double[rows * bands];
        for (var t = 0; t < rows; t++)
        {
            var offset = t * options.Hop;
            for (var n = 0; n < frame.Length; n++)
            {
                var index = offset + n;
                frame[n] = index < samples.Length ? samples[index] * window[n] : 0;
            }

            fft.PowerSpectrum(frame, power);
            bank.Apply(power, energies);
            for (var m = 0; m < bands; m++)
            {
                features[(t * bands) + m] = Math.Log(energies[m] + LogFloor);
            }
        }

        if (options.Normalize && features.Length > 0)
        {
            NormalizeGlobally(features);
        }

        var data = new float[features.Length];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)features[i];
        }

        return new FeatureMatrix(rows, bands, data);
    }

    private static void NormalizeGlobally(double[] values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var variance = 0.0;
        foreach (var v in values)
        {
            variance += (v - mean) * (v - mean);
        }

        var std = Math.Sqrt(variance / values.Length);

        // A constant input (e.g. pure silence) has no spread to divide by.
        var scale = std < 1e-8 ? 1 : 1 / std;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (values[i] - mean) * scale;
        }
    }
}
